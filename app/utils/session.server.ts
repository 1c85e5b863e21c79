import { createCookieSessionStorage } from '@remix-run/node'
import { getSessionSecrets } from './env.server.ts'

export const SESSION_IDLE_MS = 30 * 60 * 1000
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000
export const SESSION_ID_KEY = 'sessionId'

type SessionData = { sessionId: string }
let storage: ReturnType<typeof createCookieSessionStorage<SessionData>> | undefined

// The cookie carries only the id of a Session row (decision 003-database-sessions), so signing out
// elsewhere, deactivating a user or an administrator's revoke takes effect at the next request.
export function getSessionStorage() {
  storage ??= createCookieSessionStorage<SessionData>({
    cookie: {
      name: 'wb_session',
      sameSite: 'lax',
      path: '/',
      httpOnly: true,
      secrets: getSessionSecrets(),
    },
  })
  return storage
}

export function isSecureRequest(request: Request) {
  return new URL(request.url).protocol === 'https:'
}

export async function getCookieSession(request: Request) {
  return getSessionStorage().getSession(request.headers.get('Cookie'))
}
