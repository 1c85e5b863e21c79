// Where encrypted documents live on disk (decision 023): DOCUMENT_DIR (default ./data/documents),
// the folder 0700 and every file 0600, each file under a random name in a subfolder named by the
// name's first two characters. Uploads are written to `.incoming/` first and moved into place only
// when complete, so a cut connection never leaves a half file where the documents are.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { getEnv } from './env.server.ts'

const STORAGE_NAME = /^[0-9a-f]{32}$/
const INCOMING = '.incoming'
/** An unfinished upload older than this belongs to no request any more (a crash or a killed server). */
export const STALE_INCOMING_MS = 60 * 60 * 1000

/** The store for a DOCUMENT_DIR value (the backup scripts read it without the app's whole environment). */
export function documentDirOf(value: string | undefined): string {
  return path.resolve(value || path.join('data', 'documents'))
}

export function documentDir(): string {
  return documentDirOf(getEnv().DOCUMENT_DIR)
}

function ensureDir(dir: string) {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
  // mkdir's mode does not change an existing folder (or one made with a wider umask)
  if ((fs.statSync(dir).mode & 0o777) !== 0o700) fs.chmodSync(dir, 0o700)
}

export function newStorageName() {
  return crypto.randomBytes(16).toString('hex')
}

export function isStorageName(name: string) {
  return STORAGE_NAME.test(name)
}

/** The file of a stored document. The name is checked, so no value can point outside the store. */
export function storagePath(storageName: string, root = documentDir()) {
  if (!isStorageName(storageName)) throw new Error('Invalid document storage name')
  return path.join(root, storageName.slice(0, 2), storageName)
}

/** A new, exclusive file for an upload in progress. */
export function incomingPath(root = documentDir()) {
  const dir = path.join(root, INCOMING)
  ensureDir(root)
  ensureDir(dir)
  return path.join(dir, `${newStorageName()}.part`)
}

/** Moves a complete upload into place (same file system, so the rename is atomic). */
export function publish(tempPath: string, storageName: string, root = documentDir()) {
  const target = storagePath(storageName, root)
  ensureDir(path.dirname(target))
  fs.renameSync(tempPath, target)
  return target
}

/** Deletes stored files; a file that is already gone is not an error. */
export function removeStored(storageNames: readonly string[], root = documentDir()) {
  for (const name of storageNames) fs.rmSync(storagePath(name, root), { force: true })
}

export function removeQuietly(file: string) {
  fs.rmSync(file, { force: true })
}

/** Bytes still free for unprivileged writers on the volume that holds the documents. */
export function freeBytes(root = documentDir()): number {
  ensureDir(root)
  const stats = fs.statfsSync(root)
  return Number(stats.bavail) * Number(stats.bsize)
}

/** Unfinished uploads left by a crash; removed by the next upload and reported by the check. */
export function staleIncoming(root = documentDir(), now = Date.now()) {
  const dir = path.join(root, INCOMING)
  if (!fs.existsSync(dir)) return []
  return fs
    .readdirSync(dir)
    .map((name) => path.join(dir, name))
    .filter((file) => now - fs.statSync(file).mtimeMs > STALE_INCOMING_MS)
}

export type StoreEntry = { storageName: string; file: string; mode: number }
export type StoreListing = { files: StoreEntry[]; strays: string[]; folderModes: Array<{ folder: string; mode: number }> }

/** Everything in the store: document files, anything else (strays) and the folders' permissions. */
export function listStore(root = documentDir()): StoreListing {
  const listing: StoreListing = { files: [], strays: [], folderModes: [] }
  if (!fs.existsSync(root)) return listing
  listing.folderModes.push({ folder: root, mode: fs.statSync(root).mode & 0o777 })
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    const full = path.join(root, entry.name)
    if (entry.name === INCOMING) continue
    if (!entry.isDirectory()) {
      listing.strays.push(full)
      continue
    }
    listing.folderModes.push({ folder: full, mode: fs.statSync(full).mode & 0o777 })
    for (const file of fs.readdirSync(full, { withFileTypes: true })) {
      const filePath = path.join(full, file.name)
      if (file.isFile() && isStorageName(file.name) && file.name.startsWith(entry.name)) {
        listing.files.push({ storageName: file.name, file: filePath, mode: fs.statSync(filePath).mode & 0o777 })
      } else {
        listing.strays.push(filePath)
      }
    }
  }
  return listing
}
