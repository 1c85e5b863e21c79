// Signed-in requests like tests/factories.ts `requestAs`, but one session per user for the whole file
// (hundreds of requests), and with bodies a browser would not send.
import { sessionCookieFor } from '#tests/factories.ts'

const cookies = new Map<string, string>()

/** Forget the user's session (after /logout destroyed it). */
export function forgetSession(userId: string | null) {
  if (userId) cookies.delete(userId)
}

export function forgetAllSessions() {
  cookies.clear()
}

export type Body =
  | { kind: 'form'; entries: Array<[string, string]> }
  | { kind: 'json'; value: unknown }
  /** multipart with a file where text is expected */
  | { kind: 'multipart'; entries: Array<[string, string]>; file: { field: string; name: string; content: string } }
  | { kind: 'none' }

export async function request(userId: string | null, path: string, body: Body = { kind: 'none' }) {
  const headers = new Headers()
  if (userId) {
    let cookie = cookies.get(userId)
    if (!cookie) {
      cookie = await sessionCookieFor(userId)
      cookies.set(userId, cookie)
    }
    headers.set('Cookie', cookie)
  }
  if (body.kind === 'none') return new Request(`http://localhost${path}`, { method: 'GET', headers })
  // As a browser sends it with every write; the production server refuses writes without it.
  headers.set('Origin', 'http://localhost')
  if (body.kind === 'multipart') {
    const form = new FormData()
    for (const [key, value] of body.entries) form.append(key, value)
    form.append(body.file.field, new Blob([body.file.content], { type: 'text/html' }), body.file.name)
    return new Request(`http://localhost${path}`, { method: 'POST', headers, body: form })
  }
  let payload: string
  if (body.kind === 'json') {
    headers.set('Content-Type', 'application/json')
    payload = JSON.stringify(body.value)
  } else {
    headers.set('Content-Type', 'application/x-www-form-urlencoded')
    payload = new URLSearchParams(body.entries).toString()
  }
  return new Request(`http://localhost${path}`, { method: 'POST', headers, body: payload })
}

export function formOf(fields: Record<string, string>): Body {
  return { kind: 'form', entries: Object.entries(fields) }
}
