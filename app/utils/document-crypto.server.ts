// Encryption of documents at rest (decision 023). Each file gets its own random AES-256 key; the
// content is encrypted with AES-256-GCM under that key as a stream, and the key itself is stored in
// the database wrapped (AES-256-GCM) under the document key from the environment. Rotating the
// document key re-wraps the small per-file keys and leaves the content untouched.
// Both the content and the wrapped key are bound to the document id (additional authenticated data):
// a file or a wrapped key copied onto another document fails authentication.
// Nothing here logs, and errors carry no key or content bytes.
import crypto from 'node:crypto'
import { Transform, type TransformCallback } from 'node:stream'
import { getEnv, loadDocumentKey } from './env.server.ts'

const IV_BYTES = 12
const TAG_BYTES = 16
const KEY_BYTES = 32

export type DocumentKeyConfig = { key: Buffer; keyVersion: number }
export type DocumentKeyStatus = { enabled: true } | { enabled: false; reason: 'missing' | 'malformed' }

export class DocumentCryptoError extends Error {
  constructor(readonly reason: 'tampered' | 'key-version' | 'disabled') {
    super(`Document cannot be decrypted (${reason})`)
    this.name = 'DocumentCryptoError'
  }
}

/** Whether documents can be stored with the configured environment, and why not. */
export function documentKeyStatus(): DocumentKeyStatus {
  const source = loadDocumentKey(getEnv())
  if (source.status === 'ok') return { enabled: true }
  return { enabled: false, reason: source.status }
}

export function documentKeyConfig(): DocumentKeyConfig | null {
  const env = getEnv()
  const source = loadDocumentKey(env)
  return source.status === 'ok' ? { key: source.key, keyVersion: env.DOCUMENT_KEY_VERSION } : null
}

function requireConfig(config?: DocumentKeyConfig | null): DocumentKeyConfig {
  const resolved = config ?? documentKeyConfig()
  if (!resolved) throw new DocumentCryptoError('disabled')
  return resolved
}

const contentAad = (documentId: string) => Buffer.from(`wegbegleiter:document:v1:${documentId}`, 'utf8')
const keyAad = (documentId: string) => Buffer.from(`wegbegleiter:document-key:v1:${documentId}`, 'utf8')

/** The per-file key wrapped under the document key: base64 of IV | ciphertext | tag. */
export function wrapFileKey(documentId: string, fileKey: Buffer, config?: DocumentKeyConfig | null) {
  const { key, keyVersion } = requireConfig(config)
  const iv = crypto.randomBytes(IV_BYTES)
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES })
  cipher.setAAD(keyAad(documentId))
  const wrapped = Buffer.concat([iv, cipher.update(fileKey), cipher.final(), cipher.getAuthTag()])
  return { wrappedKey: wrapped.toString('base64'), keyVersion }
}

export function unwrapFileKey(documentId: string, record: { wrappedKey: string; keyVersion: number }, config?: DocumentKeyConfig | null): Buffer {
  const { key, keyVersion } = requireConfig(config)
  if (record.keyVersion !== keyVersion) throw new DocumentCryptoError('key-version')
  const bytes = Buffer.from(record.wrappedKey, 'base64')
  if (bytes.length !== IV_BYTES + KEY_BYTES + TAG_BYTES) throw new DocumentCryptoError('tampered')
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES })
    decipher.setAAD(keyAad(documentId))
    decipher.setAuthTag(bytes.subarray(IV_BYTES + KEY_BYTES))
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, IV_BYTES + KEY_BYTES)), decipher.final()])
  } catch {
    throw new DocumentCryptoError('tampered')
  }
}

export type ContentEncryption = {
  /** plaintext in, ciphertext out */
  stream: crypto.CipherGCM
  /** after the stream has ended: what the database keeps */
  result: () => { wrappedKey: string; keyVersion: number; iv: string; authTag: string }
}

/** Starts encrypting one document's content under a fresh per-file key. */
export function encryptContent(documentId: string, config?: DocumentKeyConfig | null): ContentEncryption {
  const resolved = requireConfig(config)
  const fileKey = crypto.randomBytes(KEY_BYTES)
  const iv = crypto.randomBytes(IV_BYTES)
  const stream = crypto.createCipheriv('aes-256-gcm', fileKey, iv, { authTagLength: TAG_BYTES })
  stream.setAAD(contentAad(documentId))
  return {
    stream,
    result: () => ({ ...wrapFileKey(documentId, fileKey, resolved), iv: iv.toString('base64'), authTag: stream.getAuthTag().toString('base64') }),
  }
}

export type StoredDocumentCrypto = { wrappedKey: string; keyVersion: number; iv: string; authTag: string }

/**
 * A stream that turns the stored ciphertext back into the content. GCM authenticates only at the end:
 * a changed byte makes the stream fail with DocumentCryptoError('tampered') after the last chunk, so
 * callers that hand content to a person verify the whole file first (document.server.ts).
 */
export function decryptContent(documentId: string, record: StoredDocumentCrypto, config?: DocumentKeyConfig | null): Transform {
  const fileKey = unwrapFileKey(documentId, record, config)
  const decipher = crypto.createDecipheriv('aes-256-gcm', fileKey, Buffer.from(record.iv, 'base64'), { authTagLength: TAG_BYTES })
  decipher.setAAD(contentAad(documentId))
  decipher.setAuthTag(Buffer.from(record.authTag, 'base64'))
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      callback(null, decipher.update(chunk))
    },
    flush(callback: TransformCallback) {
      try {
        const rest = decipher.final()
        callback(null, rest)
      } catch {
        callback(new DocumentCryptoError('tampered'))
      }
    },
  })
}
