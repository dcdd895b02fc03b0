// The one way the screens talk to `hotline serve`: same-origin fetch with the
// session cookie (HttpOnly, SameSite=Strict, set by the server) and the
// X-Requested-With header the server requires on every cookie-authenticated
// call that changes something (CSRF). No token is ever kept in JavaScript.

export interface ApiErrorBody {
  code: string
  message: string
  message_zh: string
  field?: string
  rule?: string
  article?: string
}

export class ApiError extends Error {
  constructor(
    public status: number,
    public body: ApiErrorBody,
  ) {
    super(body.message_zh || body.message)
  }
  // What a person reads: the Chinese message, the field, the rule and article.
  get display(): string {
    const b = this.body
    let s = b.message_zh || b.message
    if (b.message && b.message_zh && b.message !== b.message_zh) s += `（${b.message}）`
    if (b.field) s += ` 〔字段 ${b.field}〕`
    if (b.rule || b.article) s += ` 〔${[b.rule, b.article].filter(Boolean).join(' · ')}〕`
    return s
  }
}

export const CSRF_HEADER = 'X-Requested-With'
export const CSRF_VALUE = 'hotline-web'

let onUnauthenticated: (() => void) | null = null
export function setUnauthenticatedHandler(f: () => void) {
  onUnauthenticated = f
}

export async function api<T = unknown>(
  method: string,
  path: string,
  body?: unknown,
  init: RequestInit = {},
): Promise<T> {
  const headers: Record<string, string> = { [CSRF_HEADER]: CSRF_VALUE, Accept: 'application/json' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    ...init,
  })
  const text = await res.text()
  let data: unknown = null
  try {
    data = text ? JSON.parse(text) : null
  } catch {
    data = { error: { code: 'bad_response', message: text, message_zh: '服务器应答无法解析' } }
  }
  if (!res.ok) {
    const err = (data as { error?: ApiErrorBody })?.error ?? {
      code: String(res.status),
      message: res.statusText,
      message_zh: '请求失败',
    }
    if (res.status === 401 && onUnauthenticated && !path.endsWith('/session')) onUnauthenticated()
    throw new ApiError(res.status, err)
  }
  return data as T
}

export const get = <T>(path: string) => api<T>('GET', path)
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {})

export function query(params: Record<string, string | number | boolean | undefined | null>) {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v))
  }
  const s = q.toString()
  return s ? `?${s}` : ''
}
