// Live updates from /api/v1/events (Server-Sent Events; the session cookie
// goes with the same-origin request). Screens subscribe to "work-order"
// changes and refresh what they show. The stream reconnects by itself and
// sends the last id it saw (Last-Event-ID): the server first sends what was
// missed, or "reset" when it was too much, and then the screens reload.
import { reactive } from 'vue'

export interface WorkOrderChange {
  id: string
  request: string
  status: string
  status_zh: string
  lead_unit: string
  version: number
}

export const liveState = reactive({ connected: false, received: 0 })
// null: reload everything shown (too many changes were missed).
type Listener = (c: WorkOrderChange | null) => void
const listeners = new Set<Listener>()
let source: EventSource | null = null

function open() {
  if (source) return
  source = new EventSource('/api/v1/events')
  source.onopen = () => (liveState.connected = true)
  source.onerror = () => (liveState.connected = false)
  source.addEventListener('work-order', (e) => {
    liveState.received++
    const change = JSON.parse((e as MessageEvent).data) as WorkOrderChange
    listeners.forEach((l) => l(change))
  })
  source.addEventListener('reset', () => listeners.forEach((l) => l(null)))
}

export function onWorkOrderChange(l: Listener): () => void {
  listeners.add(l)
  open()
  return () => {
    listeners.delete(l)
    if (listeners.size === 0 && source) {
      source.close()
      source = null
      liveState.connected = false
    }
  }
}
