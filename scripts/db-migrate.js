#!/usr/bin/env node
// Applies pending migrations from prisma/migrations to DATABASE_URL (or ./data/wegbegleiter.db),
// offline, and records them in _prisma_migrations exactly as `prisma migrate deploy` would.
import 'dotenv/config'
import { applyMigrations, databaseFileFromUrl } from './lib/schema-engine.js'
import { defaultDatabaseUrl } from './lib/paths.js'

const url = process.argv[2] || process.env.DATABASE_URL || defaultDatabaseUrl
const applied = await applyMigrations(url)
// WAL lets readers work while one request writes; the mode is stored in the database file.
const Database = (await import('better-sqlite3')).default
const db = new Database(databaseFileFromUrl(url))
db.pragma('journal_mode = WAL')
db.close()
console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database is up to date.')
