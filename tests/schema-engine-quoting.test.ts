// The schema engine's statement that reads a partial index's definition quotes the index name as
// "…", which this better-sqlite3 build (without SQLITE_DQS) refuses; scripts/lib/schema-engine.js
// hands exactly that statement to SQLite with the name as a string literal (decision 079).
import Database from 'better-sqlite3'
import { expect, test } from 'vitest'
import { withStringLiteralIndexName } from '../scripts/lib/schema-engine.js'

const engineSql = (name: string) => `SELECT sql FROM sqlite_master WHERE type = 'index' AND name = "${name.replaceAll('"', '""')}";`

test('the partial index statement reads the index with its name as a string; every other statement is left alone', () => {
  const db = new Database(':memory:')
  db.exec(`CREATE TABLE t (a TEXT, b TEXT); CREATE INDEX "t_open_idx" ON t (a) WHERE b IN ('X', 'Y'); CREATE INDEX "it's ""odd""" ON t (b) WHERE a IS NOT NULL`)
  expect(() => db.prepare(engineSql('t_open_idx')).all()).toThrow(/no such column/)
  expect(db.prepare(withStringLiteralIndexName(engineSql('t_open_idx'))).all()).toEqual([
    { sql: `CREATE INDEX "t_open_idx" ON t (a) WHERE b IN ('X', 'Y')` },
  ])
  expect(db.prepare(withStringLiteralIndexName(engineSql(`it's "odd"`))).all()).toEqual([
    { sql: `CREATE INDEX "it's ""odd""" ON t (b) WHERE a IS NOT NULL` },
  ])
  for (const other of ['PRAGMA index_list("t");', `SELECT name FROM sqlite_master WHERE name = "t_open_idx" AND type = 'index'`, 'SELECT "a" FROM t'])
    expect(withStringLiteralIndexName(other)).toBe(other)
  db.close()
})
