// Encryption of backups (decision 017): a streaming AEAD format on Node's crypto, in the STREAM
// construction (Hoang, Reyhanitabar, Rogaway, Vizár 2015) that age and Tink use as well.
//
//   header  "WBBACKUP" | version (1) | log2 of the chunk size | salt (16) | key check (16)   = 42 bytes
//   chunks  AES-256-GCM(plaintext chunk) | tag (16), every chunk full except the last
//
// - The file key is HKDF-SHA-256(BACKUP_KEY, salt): a fresh random salt per backup gives every file
//   its own key, so counter nonces (chunk number) never repeat under one key.
// - Every chunk authenticates the whole header and whether it is the last one: reordered, dropped,
//   duplicated or changed chunks fail, and so does a file cut at a chunk boundary (its new last
//   chunk was sealed as "not last").
// - The key check (another HKDF output of key and salt) tells a wrong key apart from a damaged file
//   before anything is decrypted; GCM alone would only say "does not authenticate".
import crypto from 'node:crypto'
import fs from 'node:fs'

const MAGIC = Buffer.from('WBBACKUP', 'ascii')
const VERSION = 1
const SALT_BYTES = 16
const CHECK_BYTES = 16
const TAG_BYTES = 16
const KEY_BYTES = 32
export const HEADER_BYTES = MAGIC.length + 2 + SALT_BYTES + CHECK_BYTES
export const DEFAULT_CHUNK_LOG2 = 16 // 64 KiB
const MIN_CHUNK_LOG2 = 10
const MAX_CHUNK_LOG2 = 24

export type BackupProblem = 'not-a-backup' | 'version' | 'wrong-key' | 'damaged'

const MESSAGES: Record<BackupProblem, string> = {
  'not-a-backup': 'the file is not an encrypted Wegbegleiter backup',
  version: 'the backup was written in a newer format than this version can read',
  'wrong-key': 'the backup key does not match this backup (a wrong BACKUP_KEY / BACKUP_KEY_FILE, or a damaged file header)',
  damaged: 'the backup is damaged, shortened or was changed (authentication failed)',
}

export class BackupCryptoError extends Error {
  constructor(readonly problem: BackupProblem) {
    super(MESSAGES[problem])
    this.name = 'BackupCryptoError'
  }
}

function derive(key: Buffer, salt: Buffer, purpose: string, length: number) {
  return Buffer.from(crypto.hkdfSync('sha256', key, salt, `wegbegleiter backup v${VERSION} ${purpose}`, length))
}

function nonceFor(index: bigint) {
  const nonce = Buffer.alloc(12)
  nonce.writeBigUInt64BE(index, 4)
  return nonce
}

function additionalData(header: Buffer, last: boolean) {
  return Buffer.concat([header, Buffer.from([last ? 1 : 0])])
}

function seal(fileKey: Buffer, header: Buffer, index: bigint, plaintext: Buffer, last: boolean) {
  const cipher = crypto.createCipheriv('aes-256-gcm', fileKey, nonceFor(index), { authTagLength: TAG_BYTES })
  cipher.setAAD(additionalData(header, last))
  return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()])
}

function open(fileKey: Buffer, header: Buffer, index: bigint, sealed: Buffer, last: boolean) {
  if (sealed.length < TAG_BYTES) throw new BackupCryptoError('damaged')
  const decipher = crypto.createDecipheriv('aes-256-gcm', fileKey, nonceFor(index), { authTagLength: TAG_BYTES })
  decipher.setAAD(additionalData(header, last))
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES))
  try {
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()])
  } catch {
    throw new BackupCryptoError('damaged')
  }
}

function requireKey(key: Buffer) {
  if (key.length !== KEY_BYTES) throw new Error(`A backup key has exactly ${KEY_BYTES} bytes`)
}

type Chunks = (source: AsyncIterable<Buffer | string>) => AsyncGenerator<Buffer>

/** A stream.pipeline step that encrypts what flows through it. */
export function encryptBackupStream(key: Buffer, { chunkLog2 = DEFAULT_CHUNK_LOG2 } = {}): Chunks {
  requireKey(key)
  if (chunkLog2 < MIN_CHUNK_LOG2 || chunkLog2 > MAX_CHUNK_LOG2) throw new Error('chunk size out of range')
  const chunkSize = 2 ** chunkLog2
  return async function* encrypt(source) {
    const salt = crypto.randomBytes(SALT_BYTES)
    const header = Buffer.concat([MAGIC, Buffer.from([VERSION, chunkLog2]), salt, derive(key, salt, 'key check', CHECK_BYTES)])
    const fileKey = derive(key, salt, 'file key', KEY_BYTES)
    yield header
    let pending = Buffer.alloc(0)
    let index = 0n
    for await (const piece of source) {
      pending = Buffer.concat([pending, Buffer.from(piece)])
      // Strictly more than one chunk: the last chunk is sealed as such in the end, even when full.
      while (pending.length > chunkSize) {
        yield seal(fileKey, header, index, pending.subarray(0, chunkSize), false)
        index += 1n
        pending = pending.subarray(chunkSize)
      }
    }
    yield seal(fileKey, header, index, pending, true)
  }
}

function readHeader(header: Buffer, key: Buffer) {
  if (!header.subarray(0, MAGIC.length).equals(MAGIC)) throw new BackupCryptoError('not-a-backup')
  if (header[MAGIC.length] !== VERSION) throw new BackupCryptoError('version')
  const chunkLog2 = header[MAGIC.length + 1]!
  const salt = header.subarray(MAGIC.length + 2, MAGIC.length + 2 + SALT_BYTES)
  const check = header.subarray(MAGIC.length + 2 + SALT_BYTES)
  if (!crypto.timingSafeEqual(check, derive(key, salt, 'key check', CHECK_BYTES))) throw new BackupCryptoError('wrong-key')
  // Checked after the key: a changed size byte then fails like any other change to the header.
  if (chunkLog2 < MIN_CHUNK_LOG2 || chunkLog2 > MAX_CHUNK_LOG2) throw new BackupCryptoError('damaged')
  return { chunkSize: 2 ** chunkLog2, fileKey: derive(key, salt, 'file key', KEY_BYTES) }
}

/**
 * A stream.pipeline step that decrypts and authenticates. It throws BackupCryptoError — before any
 * output for a wrong key or a foreign file, at the first bad chunk for a damaged one. Output already
 * written before the error must be thrown away by the caller (restore writes to a temporary file).
 */
export function decryptBackupStream(key: Buffer): Chunks {
  requireKey(key)
  return async function* decrypt(source) {
    let buffered = Buffer.alloc(0)
    let state: { header: Buffer; chunkSize: number; fileKey: Buffer } | null = null
    let index = 0n
    for await (const piece of source) {
      buffered = Buffer.concat([buffered, Buffer.from(piece)])
      if (!state) {
        if (buffered.length < HEADER_BYTES) continue
        const header = Buffer.from(buffered.subarray(0, HEADER_BYTES))
        state = { header, ...readHeader(header, key) }
        buffered = buffered.subarray(HEADER_BYTES)
      }
      const sealedSize = state.chunkSize + TAG_BYTES
      // A full chunk with more behind it is not the last; the last one is held back until the end.
      while (buffered.length > sealedSize) {
        yield open(state.fileKey, state.header, index, buffered.subarray(0, sealedSize), false)
        index += 1n
        buffered = buffered.subarray(sealedSize)
      }
    }
    if (!state) throw new BackupCryptoError(buffered.subarray(0, MAGIC.length).equals(MAGIC) ? 'damaged' : 'not-a-backup')
    yield open(state.fileKey, state.header, index, buffered, true)
  }
}

/** Whether a file begins like an encrypted backup (the magic bytes; nothing is authenticated). */
export function looksEncrypted(file: string) {
  const start = Buffer.alloc(MAGIC.length)
  const fd = fs.openSync(file, 'r')
  try {
    return fs.readSync(fd, start, 0, MAGIC.length, 0) === MAGIC.length && start.equals(MAGIC)
  } finally {
    fs.closeSync(fd)
  }
}

export type BackupKeySource = { key: Buffer; from: 'BACKUP_KEY' | 'BACKUP_KEY_FILE' | 'key file' }

/** 32 random bytes, base64 — the same form as IDENTITY_KEY, so one command makes either. */
export function parseBackupKey(encoded: string, from: BackupKeySource['from']): BackupKeySource {
  const trimmed = encoded.trim()
  const key = /^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) ? Buffer.from(trimmed, 'base64') : Buffer.alloc(0)
  if (key.length !== KEY_BYTES) throw new Error(`${from} must hold exactly ${KEY_BYTES} random bytes, base64-encoded (44 characters)`)
  return { key, from }
}

export function readBackupKeyFile(file: string, from: BackupKeySource['from']): BackupKeySource {
  let encoded: string
  try {
    encoded = fs.readFileSync(file, 'utf8')
  } catch {
    throw new Error(`The backup key file ${file} cannot be read`)
  }
  return parseBackupKey(encoded, from)
}

/** The configured backup key (BACKUP_KEY, else the file BACKUP_KEY_FILE names), or null. */
export function configuredBackupKey(env: Record<string, string | undefined> = process.env): BackupKeySource | null {
  if (env.BACKUP_KEY?.trim()) return parseBackupKey(env.BACKUP_KEY, 'BACKUP_KEY')
  if (env.BACKUP_KEY_FILE?.trim()) return readBackupKeyFile(env.BACKUP_KEY_FILE.trim(), 'BACKUP_KEY_FILE')
  return null
}

export function generateBackupKey() {
  return crypto.randomBytes(KEY_BYTES).toString('base64')
}
