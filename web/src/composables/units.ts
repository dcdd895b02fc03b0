// The unit directory (names, kinds, parents), loaded once per session: no
// screen ever shows or asks for a raw id like district.heping.
import { reactive } from 'vue'
import { get } from '../api/client'

export interface UnitInfo {
  id: string
  name: string
  kind: string
  kind_zh: string
  parent: string | null
  parent_name: string | null
  district: string
  undertaking: boolean
  active: boolean
}

export const directory = reactive<{ units: UnitInfo[]; byId: Record<string, UnitInfo>; loaded: boolean }>({
  units: [],
  byId: {},
  loaded: false,
})

let loading: Promise<void> | null = null
export function loadUnits(): Promise<void> {
  if (directory.loaded) return Promise.resolve()
  if (!loading) {
    loading = get<{ items: UnitInfo[] }>('/api/v1/directory/units')
      .then((r) => {
        directory.units = r.items
        directory.byId = Object.fromEntries(r.items.map((u) => [u.id, u]))
        directory.loaded = true
      })
      .catch(() => {
        loading = null
      })
  }
  return loading
}

export function unitName(id?: string | null): string {
  if (!id) return '—'
  if (id === 'office') return '热线工作机构'
  return directory.byId[id]?.name ?? id
}

export const districts = () => directory.units.filter((u) => u.kind === 'district-government')
export const childrenOf = (id: string) => directory.units.filter((u) => u.parent === id)
