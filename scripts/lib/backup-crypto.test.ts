import crypto from 'node:crypto'
import { Readable } from 'node:stream'
import { describe, expect, test } from 'vitest'
import { BackupCryptoError, decryptBackupStream, encryptBackupStream, HEADER_BYTES } from './backup-crypto.ts'

const key = crypto.randomBytes(32)
const CHUNK_LOG2 = 10
const CHUNK = 2 ** CHUNK_LOG2
const SEALED = CHUNK + 16

/** Runs the bytes through a pipeline step, delivered in pieces of `piece` bytes. */
async function run(step: ReturnType<typeof encryptBackupStream>, bytes: Buffer, piece = 333) {
  const pieces = Array.from({ length: Math.ceil(bytes.length / piece) }, (_, index) => bytes.subarray(index * piece, (index + 1) * piece))
  const out: Buffer[] = []
  for await (const chunk of step(Readable.from(pieces))) out.push(chunk)
  return Buffer.concat(out)
}

const encrypt = (plain: Buffer) => run(encryptBackupStream(key, { chunkLog2: CHUNK_LOG2 }), plain)
const decrypt = (sealed: Buffer, withKey = key) => run(decryptBackupStream(withKey), sealed, 500)

async function problemOf(promise: Promise<unknown>) {
  try {
    await promise
    return 'decrypted'
  } catch (error) {
    if (error instanceof BackupCryptoError) return error.problem
    throw error
  }
}

describe('backup encryption (chunked AES-256-GCM)', () => {
  test.each([0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 7])('round trip of %i bytes', async (size) => {
    const plain = crypto.randomBytes(size)
    const sealed = await encrypt(plain)
    // One sealed chunk per started chunk, and one (the last) even for an empty or exact input.
    expect(sealed.length).toBe(HEADER_BYTES + size + 16 * Math.max(1, Math.ceil(size / CHUNK)))
    expect((await decrypt(sealed)).equals(plain)).toBe(true)
  })

  test('two backups of the same data differ (own salt, own file key)', async () => {
    const plain = Buffer.alloc(3000, 7)
    const [first, second] = [await encrypt(plain), await encrypt(plain)]
    expect(first.equals(second)).toBe(false)
    expect(first.includes(plain.subarray(0, 64))).toBe(false)
  })

  test('a wrong key is named as such before anything is decrypted', async () => {
    const sealed = await encrypt(crypto.randomBytes(5000))
    const out: Buffer[] = []
    const problem = await problemOf(
      (async () => {
        for await (const chunk of decryptBackupStream(crypto.randomBytes(32))(Readable.from([sealed]))) out.push(chunk)
      })(),
    )
    expect(problem).toBe('wrong-key')
    expect(out).toEqual([])
  })

  test('any changed byte, in the header or in any chunk, fails', async () => {
    const sealed = await encrypt(crypto.randomBytes(3 * CHUNK + 100))
    // the version byte and the key check say so themselves; every other byte fails authentication
    for (const [position, expected] of [
      [8, 'version'],
      [9, 'damaged'],
      [12, 'wrong-key'],
      [HEADER_BYTES - 1, 'wrong-key'],
      [HEADER_BYTES, 'damaged'],
      [HEADER_BYTES + SEALED + 5, 'damaged'],
      [HEADER_BYTES + SEALED - 1, 'damaged'],
      [sealed.length - 1, 'damaged'],
    ] as const) {
      const changed = Buffer.from(sealed)
      changed[position] = changed[position]! ^ 0x01
      expect(await problemOf(decrypt(changed)), `byte ${position}`).toBe(expected)
    }
    const magic = Buffer.from(sealed)
    magic[0] = 0x00
    expect(await problemOf(decrypt(magic))).toBe('not-a-backup')
  })

  test('a shortened file fails: at a chunk boundary, inside a chunk, inside the header, empty', async () => {
    const sealed = await encrypt(crypto.randomBytes(3 * CHUNK + 100))
    for (const length of [HEADER_BYTES + 2 * SEALED, HEADER_BYTES + SEALED, HEADER_BYTES + SEALED + 40, sealed.length - 1, HEADER_BYTES + 3, HEADER_BYTES]) {
      expect(await problemOf(decrypt(sealed.subarray(0, length))), `cut at ${length}`).toBe('damaged')
    }
    expect(await problemOf(decrypt(sealed.subarray(0, 20)))).toBe('damaged')
    expect(await problemOf(decrypt(Buffer.alloc(0)))).toBe('not-a-backup')
  })

  test('reordered, repeated or extra chunks fail', async () => {
    const sealed = await encrypt(crypto.randomBytes(3 * CHUNK + 100))
    const header = sealed.subarray(0, HEADER_BYTES)
    const chunk = (index: number) => sealed.subarray(HEADER_BYTES + index * SEALED, HEADER_BYTES + (index + 1) * SEALED)
    const last = sealed.subarray(HEADER_BYTES + 3 * SEALED)
    expect(await problemOf(decrypt(Buffer.concat([header, chunk(1), chunk(0), chunk(2), last])))).toBe('damaged')
    expect(await problemOf(decrypt(Buffer.concat([header, chunk(0), chunk(0), chunk(1), chunk(2), last])))).toBe('damaged')
    expect(await problemOf(decrypt(Buffer.concat([sealed, Buffer.from('appended')])))).toBe('damaged')
    expect(await problemOf(decrypt(Buffer.concat([header, chunk(0), chunk(1), chunk(2)])))).toBe('damaged')
  })

  test('a header from another backup does not fit these chunks', async () => {
    const [first, second] = [await encrypt(crypto.randomBytes(2000)), await encrypt(crypto.randomBytes(2000))]
    const spliced = Buffer.concat([second.subarray(0, HEADER_BYTES), first.subarray(HEADER_BYTES)])
    expect(await problemOf(decrypt(spliced))).toBe('damaged')
  })
})
