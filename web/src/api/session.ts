// Who is signed in. The session itself is an HttpOnly cookie the script
// cannot read; this is only what /api/v1/me said about it.
import { reactive } from 'vue'
import { api, get } from './client'

export interface Me {
  id: string
  role: string
  role_zh: string
  unit: string
  scope?: string
  display_name?: string
}

export const session = reactive<{ me: Me | null; checked: boolean }>({ me: null, checked: false })

export async function loadMe(): Promise<Me | null> {
  try {
    session.me = await get<Me>('/api/v1/me')
  } catch {
    session.me = null
  }
  session.checked = true
  return session.me
}

export async function login(username: string, password: string) {
  const r = await api<{ actor: Me }>('POST', '/api/v1/session', { username, password })
  session.me = r.actor
  session.checked = true
  return r.actor
}

export async function applicantLogin(number: string, phone: string) {
  const r = await api<{ actor: Me }>('POST', '/api/v1/applicant-session', { number, phone })
  session.me = r.actor
  session.checked = true
  return r.actor
}

export async function logout() {
  try {
    await api('DELETE', '/api/v1/session')
  } finally {
    session.me = null
  }
}

export const OFFICE_ROLES = ['agent', 'dispatcher', 'visit-agent', 'supervisor', 'administrator']
export const UNIT_ROLES = ['unit-staff', 'unit-administrator']

// The screen each kind of user starts on.
export function homeOf(role: string): string {
  switch (role) {
    case 'agent':
      return '/agent'
    case 'dispatcher':
      return '/dispatch'
    case 'visit-agent':
      return '/visits'
    case 'supervisor':
      return '/supervision'
    case 'administrator':
      return '/admin'
    case 'analyst':
      return '/dashboard'
    case 'applicant':
      return '/portal/track'
    case 'social-supervisor':
      return '/social-supervision'
    default:
      return UNIT_ROLES.includes(role) ? '/unit' : '/login'
  }
}
