// The statements of one migration's SQL file (its folder found by the name's end), comments left out, for tests
// that run a data migration on data of their own.
import fs from 'node:fs'
import path from 'node:path'

export function migrationStatements(nameEnd: string) {
  const migrationsDir = path.resolve('prisma/migrations')
  const folder = fs.readdirSync(migrationsDir).find((name) => name.endsWith(nameEnd))!
  return fs
    .readFileSync(path.join(migrationsDir, folder, 'migration.sql'), 'utf8')
    .split('\n')
    .filter((line) => !line.startsWith('--'))
    .join('\n')
    .split(';')
    .map((statement) => statement.trim())
    .filter(Boolean)
}
