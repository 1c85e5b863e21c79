// The recovery codes of a just-confirmed enrolment, carried across one redirect. Confirming the
// enrolment that completes a sign-in replaces the session, so the codes cannot be the action's own
// answer: without JavaScript the browser renders that answer by running the page's loader with the
// cookie it sent, the ended half session. Instead the action sets the new session and this flash and
// redirects; the page's loader shows the codes once and clears the flash, so a reload shows nothing.
//
// The flash is a cookie of its own: encrypted (AES-256-GCM under a key derived from the session
// secret), so the codes are never readable in the browser's cookie store; a browser-session cookie
// limited to /settings; bound to the session it was made for and void after two minutes.
import crypto from 'node:crypto'
import { createCookie } from '@remix-run/node'
import { getSessionSecrets } from './env.server.ts'
import { isSecureRequest } from './session.server.ts'

export const RECOVERY_CODES_FLASH_MS = 2 * 60 * 1000

export type RecoveryCodesFlash = { codes: string[]; continueTo: string | null }
type Payload = RecoveryCodesFlash & { sessionId: string; expiresAt: number }

const flashCookie = createCookie('wb_recovery_codes', {
  // not /settings/security: the page's data requests go to /settings/security.data, outside that path
  path: '/settings',
  httpOnly: true,
  sameSite: 'lax',
})

function keyOf(secret: string) {
  return Buffer.from(crypto.hkdfSync('sha256', secret, Buffer.alloc(0), 'wegbegleiter recovery-codes flash', 32))
}

function seal(payload: Payload) {
  const iv = crypto.randomBytes(12)
  const cipher = crypto.createCipheriv('aes-256-gcm', keyOf(getSessionSecrets()[0]!), iv)
  const sealed = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()])
  return [iv, cipher.getAuthTag(), sealed].map((part) => part.toString('base64url')).join('.')
}

/** The payload, or null for anything that is not one of ours under a current secret (rotated, forged, broken). */
function open(value: unknown): Payload | null {
  if (typeof value !== 'string') return null
  const [iv, tag, sealed] = value.split('.').map((part) => Buffer.from(part, 'base64url'))
  if (!iv || !tag || !sealed || iv.length !== 12 || tag.length !== 16) return null
  for (const secret of getSessionSecrets()) {
    try {
      const decipher = crypto.createDecipheriv('aes-256-gcm', keyOf(secret), iv)
      decipher.setAuthTag(tag)
      return JSON.parse(Buffer.concat([decipher.update(sealed), decipher.final()]).toString('utf8')) as Payload
    } catch {
      // not sealed under this secret: try the next (secrets rotate like the session's)
    }
  }
  return null
}

/** The Set-Cookie header that carries the codes to the next request of the given session. */
export async function setRecoveryCodesFlash(request: Request, sessionId: string, flash: RecoveryCodesFlash) {
  const payload: Payload = { ...flash, sessionId, expiresAt: Date.now() + RECOVERY_CODES_FLASH_MS }
  return flashCookie.serialize(seal(payload), { secure: isSecureRequest(request) })
}

/**
 * Takes the flash from the request: the codes when it was made for this session and is still valid,
 * and the Set-Cookie header that clears it whenever the request carried one (used or not).
 */
export async function takeRecoveryCodesFlash(request: Request, sessionId: string): Promise<{ flash: RecoveryCodesFlash | null; clear: string | null }> {
  const cookieHeader = request.headers.get('Cookie')
  if (!cookieHeader?.includes('wb_recovery_codes=')) return { flash: null, clear: null }
  const payload = open(await flashCookie.parse(cookieHeader))
  const clear = await flashCookie.serialize('', { maxAge: 0, secure: isSecureRequest(request) })
  if (!payload || payload.sessionId !== sessionId || payload.expiresAt < Date.now()) return { flash: null, clear }
  return { flash: { codes: payload.codes, continueTo: payload.continueTo }, clear }
}
