// Time-based one-time passwords (RFC 6238) through @epic-web/totp, with the parameters every
// authenticator app understands: HMAC-SHA-1, 6 digits, 30-second steps (decision 024). The secret is
// 160 random bits (RFC 4226 §4 recommends at least that; the library's own default is 80).
import crypto from 'node:crypto'
import { generateTOTP, getTOTPAuthUri, verifyTOTP } from '@epic-web/totp'

export const TOTP_PERIOD_SECONDS = 30
export const TOTP_DIGITS = 6
const ALGORITHM = 'SHA-1'
/** Codes of one step before and after now are accepted (clock drift, a code typed at the turn). */
const WINDOW = 1
const SECRET_BYTES = 20
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** RFC 4648 base32 without padding: the form otpauth:// URIs and authenticator apps expect. */
export function base32(bytes: Uint8Array) {
  let bits = 0
  let value = 0
  let output = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      output += BASE32[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) output += BASE32[(value << (5 - bits)) & 31]
  return output
}

export function newTotpSecret() {
  return base32(crypto.randomBytes(SECRET_BYTES))
}

/** The 30-second step an instant falls in. */
export function totpStep(now = Date.now()) {
  return Math.floor(now / 1000 / TOTP_PERIOD_SECONDS)
}

/** Only digits, after removing the spaces people type ("123 456"). */
export function normaliseTotpCode(input: string) {
  return input.replace(/[\s-]/g, '')
}

/**
 * The step whose code matches, or null. The library reads the clock itself, so the step is taken
 * before and after: if a step boundary passed in between, it checks again (the answer must name
 * the step the code belongs to, for the replay protection).
 */
export async function matchingTotpStep(secret: string, code: string): Promise<number | null> {
  const otp = normaliseTotpCode(code)
  if (!new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(otp)) return null
  for (;;) {
    const before = totpStep()
    const result = await verifyTOTP({ otp, secret, period: TOTP_PERIOD_SECONDS, digits: TOTP_DIGITS, algorithm: ALGORITHM, window: WINDOW })
    if (totpStep() === before) return result ? before + result.delta : null
  }
}

/** The code for now (the demo script and the enrolment page's own check use it). */
export async function currentTotpCode(secret: string) {
  const { otp } = await generateTOTP({ secret, period: TOTP_PERIOD_SECONDS, digits: TOTP_DIGITS, algorithm: ALGORITHM })
  return otp
}

export function totpAuthUri({ secret, accountName, issuer }: { secret: string; accountName: string; issuer: string }) {
  return getTOTPAuthUri({ secret, accountName, issuer, period: TOTP_PERIOD_SECONDS, digits: TOTP_DIGITS, algorithm: ALGORITHM })
}

/** The secret in groups of four, as people copy it into an app by hand. */
export function groupedSecret(secret: string) {
  return secret.replace(/(.{4})/g, '$1 ').trim()
}
