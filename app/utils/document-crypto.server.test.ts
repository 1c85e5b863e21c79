import crypto from 'node:crypto'
import { Readable } from 'node:stream'
import { buffer } from 'node:stream/consumers'
import { pipeline } from 'node:stream/promises'
import { describe, expect, test } from 'vitest'
import { decryptContent, documentKeyConfig, documentKeyStatus, DocumentCryptoError, encryptContent, unwrapFileKey, wrapFileKey } from './document-crypto.server.ts'
import { parseEnv } from './env.server.ts'

async function encrypt(documentId: string, content: Buffer) {
  const encryption = encryptContent(documentId)
  const [ciphertext] = await Promise.all([buffer(encryption.stream), pipeline(Readable.from([content.subarray(0, 7), content.subarray(7)]), encryption.stream)])
  return { ciphertext, record: encryption.result() }
}

describe('document encryption', () => {
  test('is enabled with the test environment', () => {
    expect(documentKeyStatus()).toEqual({ enabled: true })
  })

  test('round trip through streams; every file has its own key and IV', async () => {
    const content = crypto.randomBytes(100_000)
    const first = await encrypt('doc-1', content)
    const second = await encrypt('doc-1', content)
    expect(first.ciphertext.length).toBe(content.length)
    expect(first.ciphertext.equals(second.ciphertext)).toBe(false)
    expect(first.record.iv).not.toBe(second.record.iv)
    expect(first.record.wrappedKey).not.toBe(second.record.wrappedKey)
    expect(Buffer.from(first.record.wrappedKey, 'base64')).toHaveLength(12 + 32 + 16)
    expect(await buffer(Readable.from([first.ciphertext]).pipe(decryptContent('doc-1', first.record)))).toEqual(content)
  })

  test('a changed byte, a changed tag or another document id fails authentication', async () => {
    const content = Buffer.from('Bescheid des Bundesamts')
    const { ciphertext, record } = await encrypt('doc-1', content)
    const flipped = Buffer.from(ciphertext)
    flipped[3] = flipped[3]! ^ 0x20
    const failing = [
      () => Readable.from([flipped]).pipe(decryptContent('doc-1', record)),
      () => Readable.from([ciphertext]).pipe(decryptContent('doc-1', { ...record, authTag: Buffer.alloc(16, 1).toString('base64') })),
    ]
    for (const open of failing) await expect(buffer(open())).rejects.toEqual(new DocumentCryptoError('tampered'))
    expect(() => decryptContent('doc-2', record)).toThrow(DocumentCryptoError)
  })

  test('the wrapped key is bound to its document and its key version', () => {
    const fileKey = crypto.randomBytes(32)
    const wrapped = wrapFileKey('doc-1', fileKey)
    expect(unwrapFileKey('doc-1', wrapped)).toEqual(fileKey)
    expect(() => unwrapFileKey('doc-2', wrapped)).toThrow(new DocumentCryptoError('tampered'))
    expect(() => unwrapFileKey('doc-1', { ...wrapped, keyVersion: 2 })).toThrow(new DocumentCryptoError('key-version'))
    const otherKey = { key: crypto.randomBytes(32), keyVersion: 1 }
    expect(() => unwrapFileKey('doc-1', wrapped, otherKey)).toThrow(new DocumentCryptoError('tampered'))
    expect(documentKeyConfig()!.keyVersion).toBe(1)
  })

  test('production refuses a malformed document key and names it; a missing one only disables documents', () => {
    const base = { APP_MODE: 'production', SESSION_SECRET: 'x'.repeat(40) }
    expect(() => parseEnv({ ...base, DOCUMENT_KEY: 'too-short' })).toThrow(/DOCUMENT_KEY: DOCUMENT_KEY must hold exactly 32 random bytes/)
    expect(() => parseEnv({ ...base, DOCUMENT_KEY_FILE: '/nonexistent/key' })).toThrow(/DOCUMENT_KEY_FILE/)
    expect(parseEnv(base).DOCUMENT_KEY).toBeUndefined()
  })
})
