// The statements the app prepares on its connection while some work runs, each with SQLite's query
// plan for the values it was bound to — the plan the app actually got, not the plan of a copy of
// its SQL in a test. Used by the plan tests (referral overview, team queue).
import { expect } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'

export type CaughtStatement = { sql: string; values: unknown[]; plan: string }
type Bound = { bind(values: unknown[]): Bound; all(): unknown[] }
type Source = { prepare(sql: string): Bound }

/** Every statement whose SQL contains `marker`, prepared on the app's connection while `work` runs. */
export async function plansOf(work: () => Promise<unknown>, marker: string) {
  await prisma.$queryRawUnsafe('SELECT 1') // connected
  const { connection } = (prisma as unknown as Record<symbol, { connection: { database: Source } }>)[Symbol.for('wegbegleiter.connection')]!
  const database = connection.database
  const prepare = database.prepare
  const caught: CaughtStatement[] = []
  database.prepare = (sql: string) => {
    const statement = prepare(sql)
    if (!sql.includes(marker)) return statement
    const bind = statement.bind.bind(statement)
    statement.bind = (values: unknown[]) => {
      caught.push({ sql, values, plan: planOf(sql, values) })
      return bind(values)
    }
    return statement
  }
  try {
    await work()
  } finally {
    database.prepare = prepare
  }
  return caught

  function planOf(sql: string, values: unknown[]) {
    const rows = prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(values).all() as Array<{ detail: string }>
    return rows.map((row) => row.detail).join(' | ')
  }
}

/** SQLite's plan for `sql` with `values`, on the app's connection (e.g. a caught statement changed by the test). */
export async function planFor(sql: string, values: unknown[]) {
  const rows = await prisma.$queryRawUnsafe<Array<{ detail: string }>>(`EXPLAIN QUERY PLAN ${sql}`, ...values)
  return rows.map((row) => row.detail).join(' | ')
}

/**
 * Decision 146: a caught statement binds every value as `+?` — SQLite (STAT4) compiles a statement anew at
 * every run when its planner read a bound value (`column = ?`, `LIMIT ?`) — except the parameters that
 * `plainAllowed` matches (values the planner does not read, e.g. a selected constant); and it gives the same
 * rows as with a plain `?` everywhere.
 */
export async function expectBoundOutsideThePlanner(caught: CaughtStatement[], plainAllowed?: RegExp) {
  for (const { sql, values } of caught) {
    const plain = sql.replace(/\+\?/g, '').replace(plainAllowed ?? /$^/g, '')
    expect(plain.match(/\?/g) ?? [], sql).toEqual([])
    expect(sql.match(/\+\?/g)?.length ?? 0).toBeGreaterThan(0)
    const rows = await prisma.$queryRawUnsafe<unknown[]>(sql, ...values)
    expect(rows.length).toBeGreaterThan(0)
    expect(await prisma.$queryRawUnsafe<unknown[]>(sql.replaceAll('+?', '?'), ...values)).toEqual(rows)
  }
}

/**
 * The name of the index SQLite made for a table's primary key (`sqlite_autoindex_<table>_<n>`, where n
 * counts the table's unique constraints in the order of its DDL): the plan tests find it by its origin,
 * as the app's statements no longer name it (session 24).
 */
export async function primaryKeyIndex(table: string) {
  const rows = await prisma.$queryRawUnsafe<Array<{ name: string; origin: string }>>(`SELECT "name", "origin" FROM pragma_index_list(?)`, table)
  const index = rows.find((row) => row.origin === 'pk')
  if (!index) throw new Error(`${table} has no index of its primary key`)
  return index.name
}

/**
 * Replaces SQLite's statistics of `table` by `stat` for each of its indexes (the row count and, for every
 * column, the rows per value: `'1 1'` a table of one row), or removes them (`null`); the planner reloads them.
 */
export async function setTableStatistics(table: string, stat: string | null) {
  // the other tables' statistics stay as they are (an ANALYZE here would take them anew)
  const analysed = await prisma.$queryRawUnsafe<unknown[]>(`SELECT 1 FROM sqlite_schema WHERE "name" = 'sqlite_stat1'`)
  if (analysed.length === 0) await prisma.$executeRawUnsafe('ANALYZE')
  await prisma.$executeRawUnsafe(`DELETE FROM sqlite_stat1 WHERE tbl = ?`, table)
  if (stat) {
    const indexes = await prisma.$queryRawUnsafe<Array<{ name: string }>>(`SELECT "name" FROM pragma_index_list(?)`, table)
    for (const { name } of indexes) {
      const columns = await prisma.$queryRawUnsafe<unknown[]>(`SELECT 1 FROM pragma_index_info(?)`, name)
      const [rows, perValue] = stat.split(' ')
      await prisma.$executeRawUnsafe(`INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)`, table, name, [rows, ...columns.map(() => perValue)].join(' '))
    }
  }
  await prisma.$executeRawUnsafe('ANALYZE sqlite_schema')
}
