// The server's time, for countdowns. Every list answer carries the server's
// "now" (a fake clock in tests and demonstrations); the offset to the
// browser's clock is kept and a reactive `now` ticks every second.
import { ref } from 'vue'

let offsetMs = 0
export const now = ref(Date.now())
setInterval(() => (now.value = Date.now() + offsetMs), 1000)

export function syncServerTime(iso: string | undefined) {
  if (!iso) return
  const server = Date.parse(iso)
  if (!Number.isNaN(server)) {
    offsetMs = server - Date.now()
    now.value = server
  }
}

export function formatTime(iso?: string | null): string {
  if (!iso) return '—'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const p = (n: number) => String(n).padStart(2, '0')
  // Shown in Beijing time whatever the browser's zone.
  const b = new Date(d.getTime() + 8 * 3600_000)
  return `${b.getUTCFullYear()}-${p(b.getUTCMonth() + 1)}-${p(b.getUTCDate())} ${p(b.getUTCHours())}:${p(b.getUTCMinutes())}`
}

export function formatSpan(ms: number): string {
  const abs = Math.abs(ms)
  const d = Math.floor(abs / 86400_000)
  const h = Math.floor((abs % 86400_000) / 3600_000)
  const m = Math.floor((abs % 3600_000) / 60_000)
  const s = Math.floor((abs % 60_000) / 1000)
  if (d > 0) return `${d}天${h}小时${m}分`
  if (h > 0) return `${h}小时${m}分`
  return `${m}分${String(s).padStart(2, '0')}秒`
}
