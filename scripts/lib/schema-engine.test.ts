import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, expect, test } from 'vitest'
import { migrationsDir, root } from './schema-engine.js'
import { runProcess } from '../../tests/setup/run-process.ts'
import { scaledAtStart } from '../../tests/setup/slowdown.ts'

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-migrate-'))
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }))

const names = (file: string) => {
  const db = new Database(file, { readonly: true })
  const rows = db.prepare('SELECT migration_name AS name FROM _prisma_migrations ORDER BY migration_name').all() as Array<{ name: string }>
  db.close()
  return rows.map((row) => row.name)
}

// The engine needs Node's WebAssembly-module flag, so it runs as `npm run db:migrate` does.
const migrate = async (file: string) => {
  const result = await runProcess(process.execPath, [path.join(root, 'scripts', 'db-migrate.js'), `file:${file}`], { cwd: root })
  expect(result.status, result.stderr).toBe(0)
  return result.stdout.trim()
}

test('migrations are recorded by directory name, and a database migrated elsewhere stays recognised', { timeout: scaledAtStart(120_000) }, async () => {
  const file = path.join(scratch, 'moved.db')
  const expected = fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
  expect(await migrate(file)).toBe(`Applied migrations: ${expected.join(', ')}`)
  expect(names(file)).toEqual(expected)

  // As recorded before names were relative, by an installation in another folder.
  const db = new Database(file)
  db.prepare("UPDATE _prisma_migrations SET migration_name = '/srv/old-place/prisma/migrations/' || migration_name").run()
  db.close()
  expect(await migrate(file)).toBe('Database is up to date.')
  expect(names(file)).toEqual(expected)
})
