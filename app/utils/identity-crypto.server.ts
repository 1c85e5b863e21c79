// Identity keys (Zuordnungsschlüssel, PRODUCT.md §2): name, date of birth and phone of a client,
// kept apart from the case file and encrypted at rest with AES-256-GCM under a key from the
// environment. A keyed hash (HMAC-SHA-256) of the normalised name and date of birth answers
// "is this person already a client?" without storing the identity in the clear.
// Nothing in this module logs; errors carry no plaintext.
import crypto from 'node:crypto'
import { getEnv, loadIdentityKey } from './env.server.ts'

export type IdentityData = {
  name: string
  /** ISO date YYYY-MM-DD */
  dateOfBirth: string
  phone: string
}

export type EncryptedIdentity = { ciphertext: string; iv: string; authTag: string; keyVersion: number }

export type IdentityKeyConfig = { key: Buffer; keyVersion: number; hmacSecret: string }

export type IdentityKeyStatus = { enabled: true } | { enabled: false; reason: 'missing' | 'malformed' | 'hmac-missing' }

export class IdentityDecryptError extends Error {
  constructor(readonly reason: 'tampered' | 'key-version' | 'disabled') {
    super(`Identity key cannot be decrypted (${reason})`)
    this.name = 'IdentityDecryptError'
  }
}

const IV_BYTES = 12
// The full 16-byte tag, always: without it, Node accepts a tag cut down to as little as 4 bytes, and
// a shortened tag is that much easier to forge.
const AUTH_TAG_BYTES = 16

/** Whether identity keys can be used with the configured environment, and why not. */
export function identityKeyStatus(): IdentityKeyStatus {
  const env = getEnv()
  const source = loadIdentityKey(env)
  if (source.status !== 'ok') return { enabled: false, reason: source.status }
  if (!env.IDENTITY_HMAC_SECRET) return { enabled: false, reason: 'hmac-missing' }
  return { enabled: true }
}

/** The configured key material, or null when identity keys are disabled. */
export function identityKeyConfig(): IdentityKeyConfig | null {
  const env = getEnv()
  const source = loadIdentityKey(env)
  if (source.status !== 'ok' || !env.IDENTITY_HMAC_SECRET) return null
  return { key: source.key, keyVersion: env.IDENTITY_KEY_VERSION, hmacSecret: env.IDENTITY_HMAC_SECRET }
}

function requireConfig(config?: IdentityKeyConfig | null): IdentityKeyConfig {
  const resolved = config ?? identityKeyConfig()
  if (!resolved) throw new IdentityDecryptError('disabled')
  return resolved
}

// The client id is bound in as additional authenticated data: a ciphertext copied onto another
// client's record fails authentication instead of revealing the wrong person.
function associatedData(clientId: string) {
  return Buffer.from(`wegbegleiter:identity:v1:${clientId}`, 'utf8')
}

export function encryptIdentity(clientId: string, data: IdentityData, config?: IdentityKeyConfig | null): EncryptedIdentity {
  const { key, keyVersion } = requireConfig(config)
  const iv = crypto.randomBytes(IV_BYTES)
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv, { authTagLength: AUTH_TAG_BYTES })
  cipher.setAAD(associatedData(clientId))
  const plaintext = Buffer.from(JSON.stringify({ n: data.name, d: data.dateOfBirth, p: data.phone }), 'utf8')
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return { ciphertext: ciphertext.toString('base64'), iv: iv.toString('base64'), authTag: cipher.getAuthTag().toString('base64'), keyVersion }
}

/** Decrypts a record; a changed ciphertext, IV, tag or client id fails GCM authentication. */
export function decryptIdentity(clientId: string, record: EncryptedIdentity, config?: IdentityKeyConfig | null): IdentityData {
  const { key, keyVersion } = requireConfig(config)
  if (record.keyVersion !== keyVersion) throw new IdentityDecryptError('key-version')
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(record.iv, 'base64'), { authTagLength: AUTH_TAG_BYTES })
    decipher.setAAD(associatedData(clientId))
    decipher.setAuthTag(Buffer.from(record.authTag, 'base64'))
    const plaintext = Buffer.concat([decipher.update(Buffer.from(record.ciphertext, 'base64')), decipher.final()])
    const parsed = JSON.parse(plaintext.toString('utf8')) as { n?: unknown; d?: unknown; p?: unknown }
    return { name: String(parsed.n ?? ''), dateOfBirth: String(parsed.d ?? ''), phone: String(parsed.p ?? '') }
  } catch {
    // Deliberately no cause: the underlying error says nothing useful and must not leak bytes.
    throw new IdentityDecryptError('tampered')
  }
}

/**
 * Normalises a name so that spelling variants of the same person meet: Unicode NFKD, diacritics
 * removed, lower case, punctuation as spaces, whitespace collapsed, name parts sorted (so
 * "Al-Hassan, Amina" and "amina al hassan" match).
 */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
    .sort()
    .join(' ')
}

/** HMAC-SHA-256 (hex) of normalised name and date of birth; null when either is empty. */
export function identityMatchHash(name: string, dateOfBirth: string, config?: IdentityKeyConfig | null): string | null {
  const normalised = normaliseName(name)
  const date = dateOfBirth.trim()
  if (!normalised || !date) return null
  const { hmacSecret } = requireConfig(config)
  return crypto.createHmac('sha256', hmacSecret).update(`${normalised}|${date}`, 'utf8').digest('hex')
}
