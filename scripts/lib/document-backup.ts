// The documents' part of a backup (decision 023): next to the encrypted database copy
// `wegbegleiter-<time>.db.enc` a folder `wegbegleiter-<time>.documents/` with the encrypted files of
// exactly the documents that copy lists, byte for byte as they are stored (the per-file keys are in
// the database, wrapped by the document key, which is in neither; the database itself is also
// encrypted with the backup key, decision 017). Reading the list from the copy,
// not from the live store, keeps the pair consistent: an upload after the copy is not in it, and a
// restore never brings back a file whose row it does not bring back.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { isStorageName, storagePath } from '#app/utils/document-store.server.ts'

export const DOCUMENTS_SUFFIX = '.documents'

/** The documents folder that belongs to a database backup file. */
export function documentsFolderOf(backupFile: string) {
  const base = path.basename(backupFile).replace(/\.db(\.enc)?$/, '')
  return path.join(path.dirname(backupFile), `${base}${DOCUMENTS_SUFFIX}`)
}

type Listed = { storageName: string; sizeBytes: number }

/** The documents a database file holds (a backup or a copy about to become one). */
export function listedDocuments(databaseFile: string): Listed[] {
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true })
  try {
    const table = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'Document'").get() as { n: number }
    if (table.n === 0) return []
    const rows = db.prepare('SELECT storageName, sizeBytes FROM "Document" ORDER BY storageName').all() as Listed[]
    // A name is a path below the store; one that is not a storage name would point elsewhere.
    const bad = rows.find((row) => !isStorageName(row.storageName))
    if (bad) throw new Error(`The database lists a document with an invalid storage name (${JSON.stringify(bad.storageName).slice(0, 40)}).`)
    return rows
  } finally {
    db.close()
  }
}

function mkdirPrivate(dir: string) {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
  fs.chmodSync(dir, 0o700)
}

function copyPrivate(from: string, to: string) {
  mkdirPrivate(path.dirname(to))
  fs.copyFileSync(from, to, fs.constants.COPYFILE_EXCL)
  fs.chmodSync(to, 0o600)
}

export type DocumentsBackup = { folder: string; copied: number; bytes: number; missing: string[] }

/**
 * Copies the files of the documents listed in `databaseFile` from the store into `folder`. A file
 * missing from the store (deleted by an erasure after the database was copied, or lost before) is
 * reported, not invented. Written under `<folder>.partial` and renamed when complete, so a backup
 * cut short leaves no folder that looks whole. A database without documents gets no folder.
 */
export function backupDocuments({ databaseFile, store, folder }: { databaseFile: string; store: string; folder: string }): DocumentsBackup {
  const listed = listedDocuments(databaseFile)
  if (listed.length === 0) return { folder, copied: 0, bytes: 0, missing: [] }
  const partial = `${folder}.partial`
  fs.rmSync(partial, { recursive: true, force: true })
  mkdirPrivate(partial)
  const missing: string[] = []
  let bytes = 0
  try {
    for (const { storageName } of listed) {
      const source = storagePath(storageName, store)
      if (!fs.existsSync(source)) {
        missing.push(storageName)
        continue
      }
      copyPrivate(source, storagePath(storageName, partial))
      bytes += fs.statSync(source).size
    }
    fs.rmSync(folder, { recursive: true, force: true })
    fs.renameSync(partial, folder)
  } catch (error) {
    fs.rmSync(partial, { recursive: true, force: true })
    throw error
  }
  return { folder, copied: listed.length - missing.length, bytes, missing }
}

export type DocumentsCheck = { listed: number; missing: string[]; wrongSize: string[] }

/** Whether the backup's folder has every file its database lists, each of the stored size. */
export function checkBackupDocuments({ databaseFile, folder }: { databaseFile: string; folder: string }): DocumentsCheck {
  const listed = listedDocuments(databaseFile)
  const check: DocumentsCheck = { listed: listed.length, missing: [], wrongSize: [] }
  for (const { storageName, sizeBytes } of listed) {
    const file = storagePath(storageName, folder)
    if (!fs.existsSync(file)) check.missing.push(storageName)
    // AES-GCM adds no padding: the stored file is as long as the document
    else if (fs.statSync(file).size !== sizeBytes) check.wrongSize.push(storageName)
  }
  return check
}

/**
 * Puts the backup's documents in place of the store: staged beside it first, then the current store
 * is moved aside to `<store>.before-restore-<time>` (kept, like the database's safety copy) and the
 * staged folder takes its name. Only the files the restored database lists are brought back.
 */
export function restoreDocuments({ databaseFile, folder, store, stamp }: { databaseFile: string; folder: string; store: string; stamp: string }) {
  const listed = listedDocuments(databaseFile)
  const staging = `${store}.restoring`
  fs.rmSync(staging, { recursive: true, force: true })
  mkdirPrivate(staging)
  let restored = 0
  try {
    for (const { storageName } of listed) {
      const source = storagePath(storageName, folder)
      if (!fs.existsSync(source)) continue
      copyPrivate(source, storagePath(storageName, staging))
      restored += 1
    }
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true })
    throw error
  }
  let previous: string | null = null
  if (fs.existsSync(store)) {
    previous = `${store}.before-restore-${stamp}`
    fs.renameSync(store, previous)
  }
  fs.renameSync(staging, store)
  return { restored, previous }
}
