#!/usr/bin/env node
// Applies pending migrations from prisma/migrations to DATABASE_URL (or ./data/wegbegleiter.db),
// offline, and records them in _prisma_migrations exactly as `prisma migrate deploy` would.
import 'dotenv/config'
import { applyMigrations } from './lib/schema-engine.js'
import { defaultDatabaseUrl } from './lib/paths.js'

const url = process.argv[2] || process.env.DATABASE_URL || defaultDatabaseUrl
const applied = await applyMigrations(url)
console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database is up to date.')
