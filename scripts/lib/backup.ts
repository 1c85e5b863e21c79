// Online backup and restore of the SQLite database (npm run backup / npm run restore), encrypted
// with a backup key of its own (decision 017, scripts/lib/backup-crypto.ts), with the encrypted files
// of the documents it lists beside it (decision 023, ./document-backup.ts).
// better-sqlite3's backup() uses SQLite's online backup API: a consistent copy while the server
// keeps running and writing (WAL mode), without stopping it.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import Database from 'better-sqlite3'
import { documentDirOf } from '#app/utils/document-store.server.ts'
import { decryptBackupStream, encryptBackupStream, looksEncrypted, BackupCryptoError } from './backup-crypto.ts'
import { backupDocuments, checkBackupDocuments, documentsFolderOf, restoreDocuments, type DocumentsBackup } from './document-backup.ts'
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, secureDatabaseFiles, securePrivateDirectory, securePrivateFile } from './file-permissions.js'
import { defaultDatabaseUrl } from './paths.js'
import { root } from './root.js'

export function databasePath(url = process.env.DATABASE_URL) {
  const raw = (url || defaultDatabaseUrl).replace(/^file:/, '')
  return path.isAbsolute(raw) ? raw : path.resolve(root, raw)
}

export const BACKUP_PREFIX = 'wegbegleiter-'
export const BACKUP_SUFFIX = '.db.enc'
/** Backups written before encryption (restorable only with --allow-unencrypted). */
const LEGACY_SUFFIX = '.db'
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1')
const STALE_MS = 24 * 60 * 60 * 1000

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

/** The triggers of the init migration that make the audit log append-only. */
export const AUDIT_TRIGGERS = { AuditEvent_no_update: 'UPDATE', AuditEvent_no_delete: 'DELETE' } as const

/**
 * Whether the audit log is still append-only: both triggers exist as written by the migration, and
 * they do refuse a change (tried on a probe row inside a transaction that is rolled back). A
 * database restored without them would let anyone with file access rewrite who read which case.
 */
export function auditTriggersCheck(file: string): { ok: true } | { ok: false; problem: string } {
  const db = new Database(file, { fileMustExist: true })
  try {
    const triggers = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'AuditEvent'").all() as Array<{ name: string; sql: string }>
    const missing = Object.entries(AUDIT_TRIGGERS)
      .filter(([name, event]) => {
        const sql = triggers.find((trigger) => trigger.name === name)?.sql ?? ''
        return !new RegExp(`BEFORE\\s+${event}\\s+ON\\s+"?AuditEvent"?`, 'i').test(sql) || !/RAISE\s*\(\s*ABORT/i.test(sql)
      })
      .map(([name]) => name)
    if (missing.length) return { ok: false, problem: `the audit log's append-only triggers are missing or changed (${missing.join(', ')})` }
    const refused: string[] = []
    db.exec('BEGIN')
    try {
      const { lastInsertRowid } = db.prepare("INSERT INTO \"AuditEvent\" (action, entity) VALUES ('restore.probe', 'restore')").run()
      for (const statement of ['UPDATE "AuditEvent" SET action = action WHERE id = ?', 'DELETE FROM "AuditEvent" WHERE id = ?']) {
        try {
          db.prepare(statement).run(lastInsertRowid)
        } catch {
          refused.push(statement)
        }
      }
    } finally {
      db.exec('ROLLBACK')
    }
    if (refused.length !== 2) return { ok: false, problem: "the audit log's append-only triggers do not refuse changes" }
    return { ok: true }
  } catch (error) {
    return { ok: false, problem: error instanceof Error ? error.message : String(error) }
  } finally {
    db.close()
  }
}

function timestamp(now: Date) {
  return now.toISOString().replace(/[:]/g, '-').replace(/\..+$/, '')
}

const isBackupName = (name: string) => name.startsWith(BACKUP_PREFIX) && (name.endsWith(BACKUP_SUFFIX) || name.endsWith(LEGACY_SUFFIX))

/** Keeps the newest `keep` backups in the folder (encrypted and older plain ones), deletes older ones. */
export function pruneBackups(directory: string, keep: number) {
  const files = fs.readdirSync(directory).filter(isBackupName).sort()
  const excess = files.slice(0, Math.max(0, files.length - keep))
  for (const name of excess) {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(path.join(directory, name + suffix), { force: true })
    fs.rmSync(documentsFolderOf(path.join(directory, name)), { recursive: true, force: true })
  }
  return excess
}

/** Leftovers of a backup that was killed half-way (a plain copy beside the database, a partial file). */
function removeStaleLeftovers(directory: string, matches: (name: string) => boolean, now: number) {
  for (const name of fs.readdirSync(directory)) {
    const file = path.join(directory, name)
    if (matches(name) && now - fs.statSync(file).mtimeMs > STALE_MS) fs.rmSync(file, { force: true })
  }
}

async function sha256OfStream(source: AsyncIterable<Buffer | string>) {
  const hash = crypto.createHash('sha256')
  for await (const piece of source) hash.update(piece)
  return hash.digest('hex')
}

export type BackupOptions = { key: Buffer; source?: string; directory?: string; keep?: number; now?: Date; chunkLog2?: number; documentStore?: string }

/**
 * Writes an encrypted, checked backup: the online copy goes to a temporary file beside the database
 * (in its private folder, never into the backup folder, which may be a mounted share), is
 * integrity-checked, encrypted into the backup folder and read back with the key before it counts.
 */
export async function backupDatabase({ key, source = databasePath(), directory = path.join(root, 'backups'), keep = 14, now = new Date(), chunkLog2, documentStore = documentDirOf(process.env.DOCUMENT_DIR) }: BackupOptions) {
  if (!fs.existsSync(source)) throw new Error(`Database not found: ${source}`)
  fs.mkdirSync(directory, { recursive: true, mode: PRIVATE_DIR_MODE })
  const notes = [securePrivateDirectory(directory)].filter((note): note is string => Boolean(note))
  const name = `${BACKUP_PREFIX}${timestamp(now)}${BACKUP_SUFFIX}`
  const target = path.join(directory, name)
  const partial = `${target}.partial`
  const plainPrefix = `${path.basename(source)}.backup-`
  const plain = path.join(path.dirname(source), `${plainPrefix}${timestamp(now)}.tmp`)
  removeStaleLeftovers(path.dirname(source), (entry) => entry.startsWith(plainPrefix) && entry.endsWith('.tmp'), now.getTime())
  removeStaleLeftovers(directory, (entry) => isBackupName(entry.replace(/\.partial$/, '')) && entry.endsWith('.partial'), now.getTime())
  let documents: DocumentsBackup | undefined
  try {
    const db = new Database(source, { fileMustExist: true })
    try {
      db.pragma('busy_timeout = 5000')
      await db.backup(plain)
    } finally {
      db.close()
    }
    securePrivateFile(plain)
    // The copy inherits WAL mode; a backup is a single self-contained file, so switch it back.
    const copy = new Database(plain, { fileMustExist: true })
    try {
      copy.pragma('journal_mode = DELETE')
    } finally {
      copy.close()
    }
    const check = integrityCheck(plain)
    if (!check.ok) throw new Error(`The backup failed its integrity check (${check.problem}); nothing was kept.`)

    await pipeline(fs.createReadStream(plain), encryptBackupStream(key, { chunkLog2 }), fs.createWriteStream(partial, { mode: PRIVATE_FILE_MODE }))
    const written = await sha256OfStream(fs.createReadStream(plain))
    let readBack = ''
    await pipeline(fs.createReadStream(partial), decryptBackupStream(key), async (decrypted: AsyncIterable<Buffer>) => {
      readBack = await sha256OfStream(decrypted)
    })
    if (readBack !== written) throw new Error('The encrypted backup did not read back to the same database; nothing was kept.')
    // the documents the copy lists, read from the plain copy before it goes
    documents = backupDocuments({ databaseFile: plain, store: documentStore, folder: documentsFolderOf(target) })
    fs.renameSync(partial, target)
  } finally {
    for (const leftover of [plain, `${plain}-journal`, partial]) fs.rmSync(leftover, { force: true })
  }
  const pruned = pruneBackups(directory, keep)
  return { file: target, bytes: fs.statSync(target).size, documents: documents!, pruned, notes }
}

export class RestoreRefused extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'RestoreRefused'
  }
}

export type PrepareOptions = { backup: string; target?: string; key: Buffer | null; allowUnencrypted?: boolean; allowMissingDocuments?: boolean }

/**
 * Whether the backup's documents folder holds every file its (decrypted) database lists. A backup
 * without its folder, or with files missing or cut short, would restore rows whose documents
 * cannot be opened.
 */
export function documentsCheck(databaseFile: string, folder: string) {
  const check = checkBackupDocuments({ databaseFile, folder })
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
 * Decrypts the backup into `<database>.restoring` beside the database and checks it: integrity, the
 * audit log's triggers, and the documents folder beside the backup (every file the database lists,
 * unless `allowMissingDocuments`). Nothing else is touched; on any problem the staged file is
 * removed and RestoreRefused says why.
 */
export async function prepareRestore({ backup, target = databasePath(), key, allowUnencrypted = false, allowMissingDocuments = false }: PrepareOptions) {
  if (!fs.existsSync(backup)) throw new RestoreRefused(`Refusing to restore ${backup}: file not found.`)
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: PRIVATE_DIR_MODE })
  const staged = `${target}.restoring`
  fs.rmSync(staged, { force: true })
  try {
    if (looksEncrypted(backup)) {
      if (!key) throw new RestoreRefused(`Refusing to restore ${backup}: it is encrypted and no backup key was given (BACKUP_KEY, BACKUP_KEY_FILE or --key-file).`)
      await pipeline(fs.createReadStream(backup), decryptBackupStream(key), fs.createWriteStream(staged, { mode: PRIVATE_FILE_MODE }))
    } else {
      const start = Buffer.alloc(SQLITE_MAGIC.length)
      const fd = fs.openSync(backup, 'r')
      const read = fs.readSync(fd, start, 0, start.length, 0)
      fs.closeSync(fd)
      if (read !== start.length || !start.equals(SQLITE_MAGIC)) throw new BackupCryptoError('not-a-backup')
      if (!allowUnencrypted) {
        throw new RestoreRefused(`Refusing to restore ${backup}: it is an unencrypted backup of an older version. Restore it with --allow-unencrypted if you trust where it was kept.`)
      }
      fs.copyFileSync(backup, staged)
      securePrivateFile(staged)
    }
    for (const [what, runCheck] of [
      ['integrity check', integrityCheck],
      ['audit log check', auditTriggersCheck],
    ] as const) {
      const check = runCheck(staged)
      if (!check.ok) throw new RestoreRefused(`Refusing to restore ${backup}: the ${what} failed (${check.problem}).`)
    }
    const documents = documentsCheck(staged, documentsFolderOf(backup))
    if (documents.problem && !allowMissingDocuments) {
      throw new RestoreRefused(`Refusing to restore ${backup}: ${documents.problem}. Bring the folder back beside the backup, or restore with --allow-missing-documents.`)
    }
    return { staged, documents }
  } catch (error) {
    fs.rmSync(staged, { force: true })
    if (error instanceof BackupCryptoError) throw new RestoreRefused(`Refusing to restore ${backup}: ${error.message}.`)
    throw error
  }
}

/**
 * Puts a staged, checked database and the backup's documents in place; the current database and
 * document store are kept as safety copies.
 */
export function completeRestore({
  staged,
  documentsFolder,
  target = databasePath(),
  documentStore = documentDirOf(process.env.DOCUMENT_DIR),
  now = new Date(),
}: {
  staged: string
  documentsFolder: string
  target?: string
  documentStore?: string
  now?: Date
}) {
  const documents = restoreDocuments({ databaseFile: staged, folder: documentsFolder, store: documentStore, stamp: timestamp(now) })
  let safetyCopy: string | null = null
  if (fs.existsSync(target)) {
    safetyCopy = `${target}.before-restore-${timestamp(now)}`
    fs.copyFileSync(target, safetyCopy)
    securePrivateFile(safetyCopy)
  }
  for (const suffix of ['-wal', '-shm']) fs.rmSync(target + suffix, { force: true })
  fs.renameSync(staged, target)
  secureDatabaseFiles(target)
  return { safetyCopy, documents }
}

/** Prepare and complete in one go (the server must be stopped). */
export async function restoreDatabase(options: PrepareOptions & { now?: Date; documentStore?: string }) {
  const { staged, documents } = await prepareRestore(options)
  return completeRestore({ staged, documentsFolder: documents.folder, target: options.target, documentStore: options.documentStore, now: options.now })
}
