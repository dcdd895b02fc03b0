// The districts for the portal's form. The unit directory needs a session,
// so an anonymous applicant gets the districts from the Open311 service
// definitions' district attribute, falling back to typing the address.
import { reactive } from 'vue'

export const directory = reactive<{ list: { id: string; name: string }[]; loaded: boolean }>({ list: [], loaded: false })

export async function loadUnitsPublic() {
  if (directory.loaded) return
  try {
    const res = await fetch('/api/v1/portal/districts', { credentials: 'same-origin' })
    if (res.ok) directory.list = (await res.json()).items
  } catch {
    /* the district stays optional */
  }
  directory.loaded = true
}

export const districts = () => directory.list
