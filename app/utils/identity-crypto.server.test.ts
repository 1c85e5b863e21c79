import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { parseEnv } from './env.server.ts'
import {
  decryptIdentity,
  encryptIdentity,
  identityKeyConfig,
  identityKeyStatus,
  identityMatchHash,
  IdentityDecryptError,
  normaliseName,
  type EncryptedIdentity,
} from './identity-crypto.server.ts'

const identity = { name: 'Amina Al-Hassan', dateOfBirth: '1990-04-12', phone: '+49 381 1234567' }

function flipFirstByte(base64: string) {
  const bytes = Buffer.from(base64, 'base64')
  bytes[0] = bytes[0]! ^ 0x01
  return bytes.toString('base64')
}

describe('identity encryption', () => {
  test('is enabled with the test environment', () => {
    expect(identityKeyStatus()).toEqual({ enabled: true })
  })

  test('round trip restores every field; each record gets its own IV', () => {
    const first = encryptIdentity('client-1', identity)
    const second = encryptIdentity('client-1', identity)
    expect(Buffer.from(first.iv, 'base64')).toHaveLength(12)
    expect(first.iv).not.toBe(second.iv)
    expect(first.ciphertext).not.toBe(second.ciphertext)
    expect(first.ciphertext).not.toContain('Amina')
    expect(decryptIdentity('client-1', first)).toEqual(identity)
    expect(first.keyVersion).toBe(1)
  })

  test.each<[string, (record: EncryptedIdentity) => EncryptedIdentity]>([
    ['ciphertext', (record) => ({ ...record, ciphertext: flipFirstByte(record.ciphertext) })],
    ['authentication tag', (record) => ({ ...record, authTag: flipFirstByte(record.authTag) })],
    ['IV', (record) => ({ ...record, iv: flipFirstByte(record.iv) })],
  ])('a changed %s fails authentication and reveals nothing', (_name, tamper) => {
    const record = tamper(encryptIdentity('client-1', identity))
    expect(() => decryptIdentity('client-1', record)).toThrow(IdentityDecryptError)
    try {
      decryptIdentity('client-1', record)
    } catch (error) {
      expect((error as IdentityDecryptError).reason).toBe('tampered')
      expect(String(error)).not.toContain('Amina')
    }
  })

  test('a ciphertext copied onto another client does not decrypt', () => {
    const record = encryptIdentity('client-1', identity)
    expect(() => decryptIdentity('client-2', record)).toThrow(IdentityDecryptError)
  })

  test('a wrong key or an older key version is refused', () => {
    const config = identityKeyConfig()!
    const record = encryptIdentity('client-1', identity)
    expect(() => decryptIdentity('client-1', record, { ...config, key: crypto.randomBytes(32) })).toThrow(IdentityDecryptError)
    expect(() => decryptIdentity('client-1', { ...record, keyVersion: 2 })).toThrow(/key-version/)
  })

  // GCM's tag may be shortened; Node checks only as many bytes as it is given unless told the length
  // (issue 12, finding 9). A leading part of the right tag must not pass.
  test.each([4, 8, 12, 15])('a tag cut to its first %i bytes is refused', (length) => {
    const record = encryptIdentity('client-1', identity)
    const truncated = Buffer.from(record.authTag, 'base64').subarray(0, length).toString('base64')
    expect(() => decryptIdentity('client-1', { ...record, authTag: truncated })).toThrow(new IdentityDecryptError('tampered'))
    expect(decryptIdentity('client-1', record)).toEqual(identity)
  })
})

describe('match hash', () => {
  test('normalisation: diacritics, case, spaces, order of name parts', () => {
    expect(normaliseName('  Müller-Lüdenscheidt,   Ömer ')).toBe('ludenscheidt muller omer')
    expect(normaliseName('Ömer MÜLLER LÜDENSCHEIDT')).toBe('ludenscheidt muller omer')
    expect(normaliseName('Straße')).toBe('strasse')
  })

  test('spelling variants of the same person meet; other people and dates do not', () => {
    const hash = identityMatchHash('Amina Al-Hassan', '1990-04-12')
    expect(hash).toMatch(/^[0-9a-f]{64}$/)
    expect(identityMatchHash('al hassan, AMINA', '1990-04-12')).toBe(hash)
    expect(identityMatchHash('Amina Al-Hassan', '1990-04-13')).not.toBe(hash)
    expect(identityMatchHash('Amira Al-Hassan', '1990-04-12')).not.toBe(hash)
    expect(identityMatchHash('', '1990-04-12')).toBeNull()
  })

  test('depends on the secret', () => {
    const config = identityKeyConfig()!
    expect(identityMatchHash('Amina', '1990-04-12', { ...config, hmacSecret: 'another-secret-another-secret-0123' })).not.toBe(
      identityMatchHash('Amina', '1990-04-12'),
    )
  })
})

describe('environment validation', () => {
  const production = { APP_MODE: 'production', SESSION_SECRET: 's'.repeat(40), IDENTITY_HMAC_SECRET: 'h'.repeat(40) }

  test('production mode refuses a key that is not 32 bytes and names the variable', () => {
    expect(() => parseEnv({ ...production, IDENTITY_KEY: Buffer.alloc(16).toString('base64') })).toThrow(/IDENTITY_KEY: .*32/)
    expect(() => parseEnv({ ...production, IDENTITY_KEY: 'not base64 at all!' })).toThrow(/IDENTITY_KEY/)
  })

  test('production mode refuses an unreadable or malformed key file', () => {
    expect(() => parseEnv({ ...production, IDENTITY_KEY_FILE: '/nonexistent/identity.key' })).toThrow(/IDENTITY_KEY_FILE/)
    const file = path.join(os.tmpdir(), `identity-${process.pid}.key`)
    fs.writeFileSync(file, Buffer.alloc(20).toString('base64'))
    expect(() => parseEnv({ ...production, IDENTITY_KEY_FILE: file })).toThrow(/IDENTITY_KEY_FILE/)
    fs.writeFileSync(file, `${crypto.randomBytes(32).toString('base64')}\n`)
    expect(parseEnv({ ...production, IDENTITY_KEY_FILE: file }).IDENTITY_KEY_FILE).toBe(file)
    fs.rmSync(file)
  })

  test('production mode with a key requires the HMAC secret', () => {
    expect(() => parseEnv({ ...production, IDENTITY_HMAC_SECRET: '', IDENTITY_KEY: crypto.randomBytes(32).toString('base64') })).toThrow(
      /IDENTITY_HMAC_SECRET/,
    )
  })

  test('a missing key is allowed: identity keys are then disabled', () => {
    expect(() => parseEnv(production)).not.toThrow()
  })
})
