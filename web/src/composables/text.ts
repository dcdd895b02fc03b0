// Search snippets come with <mark>…</mark>; they are split into text
// segments (never inserted as HTML).
export function markSegments(snippet: string): { text: string; mark: boolean }[] {
  const out: { text: string; mark: boolean }[] = []
  const re = /<mark>(.*?)<\/mark>/gs
  let last = 0
  for (const m of snippet.matchAll(re)) {
    if (m.index! > last) out.push({ text: snippet.slice(last, m.index), mark: false })
    out.push({ text: m[1], mark: true })
    last = m.index! + m[0].length
  }
  if (last < snippet.length) out.push({ text: snippet.slice(last), mark: false })
  return out
}

export function debounce<A extends unknown[]>(f: (...a: A) => void, ms: number) {
  let t = 0
  return (...a: A) => {
    clearTimeout(t)
    t = window.setTimeout(() => f(...a), ms)
  }
}

export const percent = (x: number) => `${Math.round(x * 100)}%`

// Where a unit suggestion comes from (DIS-2 catalogue, DIS-8 dispatch history).
const basisZh: Record<string, string> = {
  catalogue: '依据派单目录',
  history: '依据历史派单',
  both: '派单目录与历史派单一致',
}
export const suggestionBasisZh = (reason: string) => basisZh[reason] ?? reason

// A deadline's rule as the engine records it ("1 working day from dispatch",
// "7 days", with " [PROVISIONAL 暂定: …(未录入2027年节假日安排，仅按周末计算)]" when
// the year has no holiday notice) in Chinese: "自派单起1个工作日". Text it
// does not recognise (a statutory basis already in Chinese) is shown as it is.
const unitZh: Record<string, string> = {
  minute: '分钟', minutes: '分钟', hour: '小时', hours: '小时', day: '天', days: '天',
  'working day': '个工作日', 'working days': '个工作日', month: '个月', months: '个月', year: '年', years: '年',
}
const anchorZh: Record<string, string> = { registration: '登记', dispatch: '派单', acceptance: '接单' }
export function deadlineRuleZh(rule: string | undefined | null): string {
  if (!rule) return ''
  let text = rule
  let note = ''
  const provisional = text.match(/\s*\[PROVISIONAL[^\]]*?（?\(?(未录入[^)）\]]*)[)）]?\]\s*$/)
  if (provisional) {
    note = `（暂定：${provisional[1]}）`
    text = text.slice(0, provisional.index)
  }
  const m = text.match(/^(extended by )?(\d+) (minutes?|hours?|days?|working days?|months?|years?)(?: from (registration|dispatch|acceptance))?$/)
  if (!m) return rule
  const period = `${m[2]}${unitZh[m[3]]}`
  if (m[1]) return `延长${period}` + note
  return (m[4] ? `自${anchorZh[m[4]]}起${period}` : period) + note
}

// The evidence a return brings (RET-2), by field, in Chinese.
export const evidenceZh: Record<string, string> = {
  legal_basis: '职责依据（法律法规、三定方案）',
  suggested_unit: '建议承办单位',
  items_to_verify: '需核实的要素',
  earlier_results: '此前办理结果',
  knowledge_article: '知识库条目',
  document_number: '受理文书编号',
  consent_reference: '监管部门同意文书',
}
