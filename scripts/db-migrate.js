#!/usr/bin/env node
// Applies pending migrations from prisma/migrations to DATABASE_URL (or ./data/wegbegleiter.db),
// offline, and records them in _prisma_migrations exactly as `prisma migrate deploy` would.
import 'dotenv/config'
import fs from 'node:fs'
import path from 'node:path'
import { PRIVATE_DIR_MODE, secureDatabaseFiles } from './lib/file-permissions.js'
import { applyMigrations, databaseFileFromUrl } from './lib/schema-engine.js'
import { databaseUrl, refuseWhileServerRuns } from '../server/database-file.js'

const url = databaseUrl(process.argv[2] || process.env.DATABASE_URL)
const file = databaseFileFromUrl(url)
// A running server's Prisma client knows only the schema it started with.
refuseWhileServerRuns('npm run db:migrate', file)
// Files made from here on (a new database, its -wal and -shm) are for the owner alone.
process.umask(0o077)
// WAL lets readers work while one request writes; the mode is stored in the database file.
// Set before the engine opens the file (it keeps its connection until the process ends).
const Database = (await import('better-sqlite3')).default
fs.mkdirSync(path.dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE })
const db = new Database(file)
db.pragma('journal_mode = WAL')
db.close()
const applied = await applyMigrations(url)
console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database is up to date.')
// Also an existing installation made with a looser umask: the database holds special-category data.
for (const note of secureDatabaseFiles(file)) console.warn(`Warning: ${note}.`)
