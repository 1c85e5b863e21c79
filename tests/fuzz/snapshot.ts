// A fingerprint of the whole database, to prove that a rejected request changed nothing.
import { createHash } from 'node:crypto'
import Database from 'better-sqlite3'
import { databaseFile } from '#app/utils/db.server.ts'

/**
 * Tables a rejected request may legitimately write: the audit log records refusals, and every signed-in
 * request may refresh its session's lastSeenAt.
 */
const MAY_CHANGE_ON_REJECTION = new Set(['AuditEvent', 'Session', '_prisma_migrations'])
/** Columns a rejected request may write: a refused password counts toward the account lock. */
const COLUMNS_MAY_CHANGE_ON_REJECTION: Record<string, string[]> = { User: ['failedLoginCount', 'lockedUntil'] }

export type Snapshot = Record<string, { rows: number; sum: string }>

let db: Database.Database | undefined
/** Per table of the open connection: the statements that list its rows as text (the schema does not change during a test). */
let statements: Map<string, { all: Database.Statement; ofCase?: Database.Statement }> | undefined

/** A table's rows in a fixed order: by rowid, or by the primary key of a WITHOUT ROWID table (CaseYear). */
function rowOrder(connection: Database.Database, table: string) {
  if (!Number(connection.prepare('SELECT wr FROM pragma_table_list WHERE name = ?').pluck().get(table))) return 'rowid'
  const key = connection.prepare('SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk').pluck().all(table) as string[]
  return key.map((column) => `"${column}"`).join(', ')
}

/**
 * Every table's rows as one line of text each, rendered by SQLite itself: `quote()` writes NULL, integers,
 * text (quoted, quotes doubled) and blobs (X'…') exactly and unambiguously, and a real gets 17
 * significant digits (exact for a double), so two lines are equal exactly when the rows are. This does
 * in C what a JSON rendering of row objects did in JavaScript: the fuzz tests take two snapshots of the
 * whole database per payload, and that rendering was more than half of their time.
 */
function connection() {
  if (db) return { db, statements: statements! }
  db = new Database(databaseFile(), { readonly: true, fileMustExist: true })
  statements = new Map()
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[]
  for (const table of tables) {
    if (MAY_CHANGE_ON_REJECTION.has(table)) continue
    const ignored = new Set(COLUMNS_MAY_CHANGE_ON_REJECTION[table] ?? [])
    const columns = (db.prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid').pluck().all(table) as string[]).filter((column) => !ignored.has(column))
    const line = columns.map((column) => `CASE typeof("${column}") WHEN 'real' THEN printf('%!.17g', "${column}") ELSE quote("${column}") END`).join(` || ',' || `)
    const order = rowOrder(db, table)
    // the case's own rows, for the fingerprint of the other team's case (every column: nothing of it may change)
    const allColumns = db.prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid').pluck().all(table) as string[]
    const caseColumn = table === 'Case' ? 'id' : allColumns.includes('caseId') ? 'caseId' : null
    const fullLine = allColumns.map((column) => `CASE typeof("${column}") WHEN 'real' THEN printf('%!.17g', "${column}") ELSE quote("${column}") END`).join(` || ',' || `)
    statements.set(table, {
      all: db.prepare(`SELECT ${line} FROM "${table}" ORDER BY ${order}`).pluck(),
      ofCase: caseColumn ? db.prepare(`SELECT ${fullLine} FROM "${table}" WHERE "${caseColumn}" = ? ORDER BY ${order}`).pluck() : undefined,
    })
  }
  return { db, statements }
}

export function snapshot(): Snapshot {
  // a second, read-only connection: it sees every committed write of the app's connection (WAL)
  const { statements } = connection()
  const result: Snapshot = {}
  for (const [table, { all }] of statements) {
    const hash = createHash('sha1')
    let rows = 0
    for (const line of all.iterate() as IterableIterator<string>) {
      rows += 1
      hash.update(line).update('\n')
    }
    result[table] = { rows, sum: hash.digest('hex').slice(0, 12) }
  }
  return result
}

/** Tables that differ between two snapshots. */
export function changedTables(before: Snapshot, after: Snapshot) {
  return Object.keys({ ...before, ...after }).filter((table) => JSON.stringify(before[table]) !== JSON.stringify(after[table]))
}

export function closeSnapshots() {
  db?.close()
  db = undefined
  statements = undefined
}

/** Every row that belongs to one case (tables with a caseId column, and the case itself). */
export function caseFingerprint(caseId: string): string {
  const { statements } = connection()
  const hash = createHash('sha1')
  for (const [table, { ofCase }] of statements) {
    if (!ofCase) continue
    for (const line of ofCase.iterate(caseId) as IterableIterator<string>) hash.update(`${table}:${line}\n`)
  }
  return hash.digest('hex')
}
