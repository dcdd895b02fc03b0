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
