// Online backup and restore of the SQLite database (npm run backup / npm run restore), with the
// encrypted files of the documents it lists beside it (./document-backup.ts).
// better-sqlite3's backup() uses SQLite's online backup API: a consistent copy while the server
// keeps running and writing (WAL mode), without stopping it.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { documentDir } from '#app/utils/document-store.server.ts'
import { backupDocuments, checkBackupDocuments, documentsFolderOf, restoreDocuments } from './document-backup.ts'
import { defaultDatabaseUrl } from './paths.js'
import { root } from './root.js'

export function databasePath(url = process.env.DATABASE_URL) {
  const raw = (url || defaultDatabaseUrl).replace(/^file:/, '')
  return path.isAbsolute(raw) ? raw : path.resolve(root, raw)
}

export const BACKUP_PREFIX = 'wegbegleiter-'

/** `ok` only when SQLite's full integrity check passes; a file that is no database at all fails too. */
export function integrityCheck(file: string): { ok: true } | { ok: false; problem: string } {
  if (!fs.existsSync(file)) return { ok: false, problem: 'file not found' }
  let db: Database.Database | undefined
  try {
    db = new Database(file, { readonly: true, fileMustExist: true })
    const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>
    const messages = rows.map((row) => row.integrity_check)
    if (messages.length === 1 && messages[0] === 'ok') {
      const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('Client', 'Case', 'AuditEvent')").get() as { n: number }
      if (tables.n !== 3) return { ok: false, problem: 'not a Wegbegleiter database (tables missing)' }
      return { ok: true }
    }
    return { ok: false, problem: messages.slice(0, 5).join('; ') }
  } catch (error) {
    return { ok: false, problem: error instanceof Error ? error.message : String(error) }
  } finally {
    db?.close()
  }
}

function timestamp(now: Date) {
  return now.toISOString().replace(/[:]/g, '-').replace(/\..+$/, '')
}

/** Keeps the newest `keep` backups in the folder, deletes older ones; returns the deleted names. */
export function pruneBackups(directory: string, keep: number) {
  const files = fs
    .readdirSync(directory)
    .filter((name) => name.startsWith(BACKUP_PREFIX) && name.endsWith('.db'))
    .sort()
  const excess = files.slice(0, Math.max(0, files.length - keep))
  for (const name of excess) {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(path.join(directory, name + suffix), { force: true })
    fs.rmSync(documentsFolderOf(path.join(directory, name)), { recursive: true, force: true })
  }
  return excess
}

export async function backupDatabase({ source = databasePath(), directory = path.join(root, 'backups'), keep = 14, now = new Date(), documentStore = documentDir() } = {}) {
  if (!fs.existsSync(source)) throw new Error(`Database not found: ${source}`)
  fs.mkdirSync(directory, { recursive: true, mode: 0o700 })
  const target = path.join(directory, `${BACKUP_PREFIX}${timestamp(now)}.db`)
  const db = new Database(source, { fileMustExist: true })
  try {
    db.pragma('busy_timeout = 5000')
    await db.backup(target)
  } finally {
    db.close()
  }
  // The copy inherits WAL mode; a backup is a single self-contained file, so switch it back.
  const copy = new Database(target, { fileMustExist: true })
  try {
    copy.pragma('journal_mode = DELETE')
  } finally {
    copy.close()
  }
  fs.chmodSync(target, 0o600)
  const check = integrityCheck(target)
  if (!check.ok) {
    fs.rmSync(target, { force: true })
    throw new Error(`The backup failed its integrity check (${check.problem}); nothing was kept.`)
  }
  let documents
  try {
    documents = backupDocuments({ databaseFile: target, store: documentStore, folder: documentsFolderOf(target) })
  } catch (error) {
    fs.rmSync(target, { force: true })
    throw error
  }
  const pruned = pruneBackups(directory, keep)
  return { file: target, bytes: fs.statSync(target).size, documents, pruned }
}

/**
 * Whether the backup's documents folder holds every file its database lists. A backup without its
 * folder, or with files missing or cut short, would restore rows whose documents cannot be opened.
 */
export function documentsCheck(backup: string) {
  const folder = documentsFolderOf(backup)
  const check = checkBackupDocuments({ databaseFile: backup, folder })
  const problems = check.missing.length + check.wrongSize.length
  const problem =
    problems === 0
      ? null
      : !fs.existsSync(folder)
        ? `the database lists ${check.listed} document(s) but the folder ${folder} is missing`
        : `${check.missing.length} of ${check.listed} document file(s) missing and ${check.wrongSize.length} of the wrong size in ${folder}`
  return { ...check, folder, problem }
}

/**
 * Replaces the database and the document store with a backup. The server must be stopped: a
 * running server keeps the old file open. The file and its documents are checked first (documents
 * missing from the backup refuse the restore unless `allowMissingDocuments`); the current database
 * and store are kept next to them as safety copies.
 */
export function restoreDatabase({
  backup,
  target = databasePath(),
  now = new Date(),
  documentStore = documentDir(),
  allowMissingDocuments = false,
}: {
  backup: string
  target?: string
  now?: Date
  documentStore?: string
  allowMissingDocuments?: boolean
}) {
  const check = integrityCheck(backup)
  if (!check.ok) throw new Error(`Refusing to restore ${backup}: the file failed the integrity check (${check.problem}).`)
  const documents = documentsCheck(backup)
  if (documents.problem && !allowMissingDocuments) throw new Error(`Refusing to restore ${backup}: ${documents.problem}.`)
  const restored = restoreDocuments({ databaseFile: backup, folder: documents.folder, store: documentStore, stamp: timestamp(now) })
  let safetyCopy: string | null = null
  if (fs.existsSync(target)) {
    safetyCopy = `${target}.before-restore-${timestamp(now)}`
    fs.copyFileSync(target, safetyCopy)
  }
  const temporary = `${target}.restoring`
  fs.copyFileSync(backup, temporary)
  for (const suffix of ['-wal', '-shm']) fs.rmSync(target + suffix, { force: true })
  fs.renameSync(temporary, target)
  return { safetyCopy, documents: { restored: restored.restored, missing: documents.missing.length + documents.wrongSize.length, previousStore: restored.previous } }
}
