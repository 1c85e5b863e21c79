import path from 'node:path'
import Database from 'better-sqlite3'

/** The browser tests' own database (see serve.ts), for arranging state the UI cannot (e.g. time). */
export function e2eDatabase(baseURL: string | undefined) {
  const port = new URL(baseURL ?? '').port
  const db = new Database(path.resolve('tests', '.tmp', `e2e-${port}.db`))
  db.pragma('busy_timeout = 5000')
  return db
}

/** Prisma's SQLite text format for DateTime. */
export function sqliteDate(date: Date) {
  return date.toISOString().replace('Z', '+00:00')
}
