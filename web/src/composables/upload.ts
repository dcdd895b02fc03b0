// INT-3: uploading a photo, voice recording or video. The server decides
// the kind by the content and refuses what data/intake.toml does not allow;
// these checks only spare a phone the upload of a file that would be refused.
import { api } from '../api/client'

export interface Uploaded {
  uri: string
  name: string
  kind: string
  preview: string
}

// data/intake.toml: at most 6 attachments, a photo or recording up to 10 MB,
// a video up to 50 MB.
export const MAX_ATTACHMENTS = 6
export const maxBytes = (f: File) => (f.type.startsWith('video/') ? 50 : 10) * 1024 * 1024
export const kindZh: Record<string, string> = { photo: '照片', voice: '语音', video: '视频' }

// Uploads `f` to `path` (the portal's public route, or the staff route with a
// session); the answer's reference is what a request or a reply carries.
export async function uploadFile(path: string, f: File): Promise<Uploaded> {
  const r = await api<{ uri: string; kind: string }>('POST', path, undefined, {
    body: f,
    headers: { 'Content-Type': f.type || 'application/octet-stream', 'X-Requested-With': 'hotline-web' },
  })
  return { uri: r.uri, name: f.name, kind: r.kind, preview: URL.createObjectURL(f) }
}

// Why `f` cannot be added to `count` files already there, or '' when it can.
export function refusal(f: File, count: number): string {
  if (count >= MAX_ATTACHMENTS) return `最多 ${MAX_ATTACHMENTS} 个附件`
  if (f.size > maxBytes(f)) return `文件“${f.name}”超过 ${maxBytes(f) / 1024 / 1024} MB，请压缩后再上传`
  return ''
}
