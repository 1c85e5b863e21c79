// An independent RFC 6238 implementation (node:crypto only) for tests: it checks the library the app
// uses against the RFC's test vectors, and lets tests and the browser fixture compute the code of
// any time step (the app's library only computes the current one).
import crypto from 'node:crypto'

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

function base32Decode(secret: string) {
  let bits = 0
  let value = 0
  const bytes: number[] = []
  for (const char of secret.replace(/=+$/, '').toUpperCase()) {
    const index = BASE32.indexOf(char)
    if (index < 0) throw new Error('not base32')
    value = (value << 5) | index
    bits += 5
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return Buffer.from(bytes)
}

/** HOTP (RFC 4226) of a raw key. */
export function hotp(key: Buffer, counter: number, digits = 6, algorithm = 'sha1') {
  const message = Buffer.alloc(8)
  message.writeBigUInt64BE(BigInt(counter))
  const hash = crypto.createHmac(algorithm, key).update(message).digest()
  const offset = hash[hash.length - 1]! & 0x0f
  const binary = (hash.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits
  return String(binary).padStart(digits, '0')
}

export const stepOf = (time = Date.now()) => Math.floor(time / 30_000)

/** The 6-digit code of a base32 secret for a 30-second step (default: now). */
export function totpAt(secret: string, step = stepOf()) {
  return hotp(base32Decode(secret), step)
}
