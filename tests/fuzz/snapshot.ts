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

/** A table's rows in a fixed order: by rowid, or by the primary key of a WITHOUT ROWID table (CaseYear). */
function rowOrder(connection: Database.Database, table: string) {
  if (!Number(connection.prepare('SELECT wr FROM pragma_table_list WHERE name = ?').pluck().get(table))) return 'rowid'
  const key = connection.prepare('SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk').pluck().all(table) as string[]
  return key.map((column) => `"${column}"`).join(', ')
}

export function snapshot(): Snapshot {
  // a second, read-only connection: it sees every committed write of the app's connection (WAL)
  db ??= new Database(databaseFile(), { readonly: true, fileMustExist: true })
  db.defaultSafeIntegers(true)
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
    .all() as Array<{ name: bigint | string }>
  const result: Snapshot = {}
  for (const { name } of tables) {
    const table = String(name)
    if (MAY_CHANGE_ON_REJECTION.has(table)) continue
    const hash = createHash('sha1')
    const ignored = new Set(COLUMNS_MAY_CHANGE_ON_REJECTION[table] ?? [])
    let rows = 0
    for (const row of db.prepare(`SELECT * FROM "${table}" ORDER BY ${rowOrder(db, table)}`).iterate()) {
      rows += 1
      hash.update(JSON.stringify(row, (key, value: unknown) => (ignored.has(key) ? undefined : typeof value === 'bigint' ? value.toString() : value)))
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
}

/** Every row that belongs to one case (tables with a caseId column, and the case itself). */
export function caseFingerprint(caseId: string): string {
  db ??= new Database(databaseFile(), { readonly: true, fileMustExist: true })
  db.defaultSafeIntegers(true)
  const hash = createHash('sha1')
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as Array<{ name: string }>
  for (const { name } of tables) {
    if (MAY_CHANGE_ON_REJECTION.has(String(name))) continue
    const columns = (db.prepare(`PRAGMA table_info("${name}")`).all() as Array<{ name: string }>).map((column) => String(column.name))
    const column = name === 'Case' ? 'id' : columns.includes('caseId') ? 'caseId' : null
    if (!column) continue
    for (const row of db.prepare(`SELECT * FROM "${name}" WHERE "${column}" = ? ORDER BY ${rowOrder(db, String(name))}`).iterate(caseId)) {
      hash.update(`${name}:${JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))}`)
    }
  }
  return hash.digest('hex')
}
