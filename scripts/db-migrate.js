#!/usr/bin/env node
// Applies pending migrations from prisma/migrations to DATABASE_URL (or ./data/wegbegleiter.db),
// offline, and records them in _prisma_migrations exactly as `prisma migrate deploy` would.
import 'dotenv/config'
import fs from 'node:fs'
import path from 'node:path'
import { applyMigrations, databaseFileFromUrl } from './lib/schema-engine.js'
import { defaultDatabaseUrl } from './lib/paths.js'

const url = process.argv[2] || process.env.DATABASE_URL || defaultDatabaseUrl
// WAL lets readers work while one request writes; the mode is stored in the database file.
// Set before the engine opens the file (it keeps its connection until the process ends).
const Database = (await import('better-sqlite3')).default
fs.mkdirSync(path.dirname(databaseFileFromUrl(url)), { recursive: true })
const db = new Database(databaseFileFromUrl(url))
db.pragma('journal_mode = WAL')
db.close()
const applied = await applyMigrations(url)
console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database is up to date.')
