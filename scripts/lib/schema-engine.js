// Prisma's schema engine as WebAssembly, so migrations work without internet access
// (the CLI would download a native engine). See docs/decisions/002-prisma-offline-migrations.md.
import fs from 'node:fs'
import path from 'node:path'
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import Database from 'better-sqlite3'
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils'

export { root } from './root.js'
import { root } from './root.js'
export const schemaPath = path.join(root, 'prisma', 'schema.prisma')
export const migrationsDir = path.join(root, 'prisma', 'migrations')

const noFilters = { externalTables: [], externalEnums: [] }

export function databaseFileFromUrl(url) {
  const file = url.replace(/^file:/, '')
  return path.isAbsolute(file) ? file : path.resolve(root, file)
}

async function loadEngineModule() {
  if (!process.execArgv.includes('--experimental-wasm-modules') && !process.features?.wasm_modules) {
    // Node 20 needs the flag to import a .wasm module; re-exec ourselves with it.
    const { spawnSync } = await import('node:child_process')
    const result = spawnSync(
      process.execPath,
      ['--experimental-wasm-modules', '--no-warnings', ...process.argv.slice(1)],
      { stdio: 'inherit', env: { ...process.env, WB_WASM_CHILD: '1' } },
    )
    process.exit(result.status ?? 1)
  }
  globalThis.PRISMA_WASM_PANIC_REGISTRY = {
    message: '',
    set_message(message) {
      this.message = message
    },
  }
  return import('@prisma/schema-engine-wasm')
}

// The engine reads a partial index's definition (its `WHERE`) with a statement that quotes the index
// name as "…": SQLite takes a double-quoted word that names no column for a string only when built
// with SQLITE_DQS, and better-sqlite3 is built without it, so the statement failed ("column not
// found") and every diff of a database with a partial index with it (Referral_open_waiting_idx,
// decision 079). This one statement is handed to SQLite as the engine means it, the name as a
// string literal; nothing else is touched.
const PARTIAL_INDEX_SQL = /^(SELECT sql FROM sqlite_master WHERE type = 'index' AND name = )"((?:[^"]|"")*)"(;?)$/

export function withStringLiteralIndexName(sql) {
  const match = PARTIAL_INDEX_SQL.exec(sql)
  if (!match) return sql
  return `${match[1]}'${match[2].replaceAll('""', '"').replaceAll("'", "''")}'${match[3]}`
}

function quotingFixed(adapter) {
  return new Proxy(adapter, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver)
      if (property === 'queryRaw' || property === 'executeRaw') {
        return (query) => value.call(target, { ...query, sql: withStringLiteralIndexName(query.sql) })
      }
      if (property === 'startTransaction') {
        return async (...args) => quotingFixed(await value.apply(target, args))
      }
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

function quotingFixedFactory(factory) {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => quotingFixed(await factory.connect()),
    connectToShadowDb: async () => quotingFixed(await factory.connectToShadowDb()),
  }
}

export async function createEngine(databaseUrl) {
  const { SchemaEngine } = await loadEngineModule()
  const file = databaseFileFromUrl(databaseUrl)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const schema = fs.readFileSync(schemaPath, 'utf8')
  const adapterFactory = bindMigrationAwareSqlAdapterFactory(
    quotingFixedFactory(new PrismaBetterSqlite3({ url: `file:${file}` })),
  )
  return SchemaEngine.new({ datamodels: [[schemaPath, schema]] }, () => {}, adapterFactory)
}

export function readMigrations() {
  fs.mkdirSync(migrationsDir, { recursive: true })
  const lockPath = path.join(migrationsDir, 'migration_lock.toml')
  const lockContent = fs.existsSync(lockPath) ? fs.readFileSync(lockPath, 'utf8') : null
  const directories = fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
  return {
    baseDir: migrationsDir,
    lockfile: { path: lockPath, content: lockContent },
    shadowDbInitScript: '',
    // The directory name, not its absolute path: the engine records this as migration_name, and a
    // database must stay migratable when the installation (or a restored backup) moves.
    migrationDirectories: directories.map((name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok', value: fs.readFileSync(path.join(migrationsDir, name, 'migration.sql'), 'utf8') },
      },
    })),
  }
}

/**
 * Databases migrated before names were relative hold absolute paths in _prisma_migrations
 * (…/prisma/migrations/<name>); reduced to <name> so they are recognised wherever the app lives.
 */
export function normaliseMigrationNames(file) {
  if (!fs.existsSync(file)) return 0
  const db = new Database(file)
  try {
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get()
    if (!table) return 0
    const rows = db.prepare("SELECT id, migration_name AS name FROM _prisma_migrations WHERE migration_name LIKE '%/%' OR migration_name LIKE '%\\%'").all()
    const rename = db.prepare('UPDATE _prisma_migrations SET migration_name = ? WHERE id = ?')
    db.transaction(() => {
      for (const row of rows) rename.run(path.basename(row.name.replaceAll('\\', '/')), row.id)
    })()
    return rows.length
  } finally {
    db.close()
  }
}

export async function applyMigrations(databaseUrl) {
  normaliseMigrationNames(databaseFileFromUrl(databaseUrl))
  const engine = await createEngine(databaseUrl)
  const { appliedMigrationNames } = await engine.applyMigrations({
    migrationsList: readMigrations(),
    filters: noFilters,
  })
  return appliedMigrationNames
}

export async function diffMigrationsToSchema(databaseUrl) {
  // The shadow-database route fails under the Wasm engine, so the migrations are applied to a
  // scratch database (databaseUrl) and the engine diffs that database against the schema.
  const engine = await createEngine(databaseUrl)
  const schema = fs.readFileSync(schemaPath, 'utf8')
  await engine.applyMigrations({ migrationsList: readMigrations(), filters: noFilters })
  const from = { tag: 'schemaDatasource', files: [{ path: schemaPath, content: schema }], configDir: root }
  const result = await engine.diff({
    from,
    to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: schema }] },
    script: true,
    exitCode: null,
    filters: noFilters,
  })
  return result.stdout
}
