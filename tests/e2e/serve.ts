// Starts the production build for the browser tests: a fresh database, migrated and seeded with the
// demo accounts (not the living demo's cases: each test makes the data it needs). A test that changes an account or a team's shared views makes its own (tests/e2e/db.ts).
// `--prepare <file>` only migrates and seeds that file and ends: `npm test` makes this template
// while vitest runs and hands it over in WB_E2E_TEMPLATE, and the server then starts from a copy
// of it instead of migrating and seeding on the one busy core before the first browser test.
import { spawnSync, type StdioOptions } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { readMigrations } from '../../scripts/lib/schema-engine.js'

const tmp = path.resolve('tests', '.tmp')
fs.mkdirSync(tmp, { recursive: true })
const prepareOnly = process.argv[2] === '--prepare'
if (prepareOnly && !process.argv[3]) throw new Error('--prepare needs the database file to make')
// `--prepare` makes `<file>.partial` and renames it to `<file>` only once it is complete (migrated, seeded, its
// log folded in): a preparation stopped halfway leaves no file a server could take for a template.
const target = prepareOnly ? path.resolve(process.argv[3]!) : undefined
const database = target ? `${target}.partial` : path.join(tmp, `e2e-${process.env.PORT}.db`)
const documents = target ? `${target}-documents` : path.join(tmp, `e2e-${process.env.PORT}-documents`)
const removeDatabase = (file: string) => {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true })
}
removeDatabase(database)
if (target) removeDatabase(target)
fs.rmSync(documents, { recursive: true, force: true })
process.on('exit', () => {
  // the server's database always; a preparation's `.partial` if it did not get as far as the rename
  removeDatabase(database)
  if (!prepareOnly) fs.rmSync(documents, { recursive: true, force: true })
})
// Stopped while it starts (Playwright's start timeout, Ctrl-C): exit, so that the handler above runs.
const stopWhileStarting = () => process.exit(143)
process.once('SIGTERM', stopWhileStarting)
process.once('SIGINT', stopWhileStarting)
Object.assign(process.env, {
  DATABASE_URL: `file:${database}`,
  APP_MODE: 'demo',
  NODE_ENV: 'production',
  SESSION_SECRET: 'e2e-session-secret-that-is-long-enough-0123456789',
  IDENTITY_KEY: process.env.IDENTITY_KEY ?? Buffer.alloc(32, 9).toString('base64'),
  IDENTITY_HMAC_SECRET: process.env.IDENTITY_HMAC_SECRET ?? 'e2e-hmac-secret-that-is-long-enough-0123456789',
  DOCUMENT_KEY: process.env.DOCUMENT_KEY ?? Buffer.alloc(32, 13).toString('base64'),
  DOCUMENT_DIR: documents,
  DOCUMENT_MIN_FREE_BYTES: '0',
  LOGIN_IP_MAX_FAILURES: '100000',
  // the demo accounts' hash at cost 4 (below): a sign-in keeps it, not rehashing at 12 (decision 172)
  BCRYPT_MIN_COST: '4',
  RATE_LIMIT_PER_MINUTE: '100000',
})

// WB_E2E_TEMPLATE is `npm test`'s hand-over (scripts/test.js), not a setting: a template is taken only when it
// holds exactly this checkout's migrations (names and checksums), so a file left by an earlier run of other code is
// never used. Made by `--prepare` in the same run with the same code, the file is one piece (its WAL folded in); it is
// copied first and the copy checked, so that nothing is opened beside the template.
const template = prepareOnly ? undefined : process.env.WB_E2E_TEMPLATE
let fromTemplate = false
if (template && fs.existsSync(template)) {
  fs.copyFileSync(template, database)
  const refused = migrationsDiffer(database)
  if (refused) {
    console.error(`The browser tests' template ${template} is not used: ${refused}. The server makes its own database.`)
    removeDatabase(database)
  } else fromTemplate = true
}
if (!fromTemplate) {
  // `--prepare` runs inside `npm test`, whose log needs no list of the migrations applied.
  const stdio: StdioOptions = prepareOnly ? ['ignore', 'ignore', 'inherit'] : 'inherit'
  const migrate = spawnSync(process.execPath, [path.resolve('scripts/db-migrate.js')], { stdio, env: process.env })
  if (migrate.status !== 0) process.exit(migrate.status ?? 1)

  const { seed } = await import('../../prisma/seed.ts')
  await seed({ demo: true, demoCases: false })
  await hashDemoPasswordCheaply()
}
if (prepareOnly) {
  const { prisma } = await import('../../app/utils/db.server.ts')
  await prisma.$disconnect()
  // The production build checkpoints in a read thread (decision 103): end it before the last checkpoint.
  const { largeReads } = await import('../../app/utils/read-worker.server.ts')
  await largeReads.close()
  // Fold the WAL into the file so that copying the one file copies everything (it stays in WAL mode).
  // SQLite answers "busy" rather than failing when another connection is in the way: only a complete
  // checkpoint makes a template; otherwise no template, and the server migrates and seeds itself.
  const db = new Database(database)
  const [folded] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number; log: number; checkpointed: number }>
  db.close()
  if (!folded || folded.busy !== 0 || folded.checkpointed !== folded.log) {
    removeDatabase(database)
    console.error(`The browser tests' database was not folded into one file (${JSON.stringify(folded)}): the server will make its own.`)
    process.exit(1)
  }
  fs.renameSync(database, target!)
  process.exit(0)
}

const { createApp } = await import('../../server/index.js')
const app = await createApp()
const { keepConnectionsAlive } = await import('../../server/keep-alive.js')
const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => console.log(`e2e server on ${process.env.PORT}`))
keepConnectionsAlive(server)
process.off('SIGTERM', stopWhileStarting)
process.off('SIGINT', stopWhileStarting)
// Playwright ends the server with SIGTERM (`gracefulShutdown` in playwright.config.ts): exiting runs the
// handler above that removes this run's database and documents. A kill without a signal to catch would
// leave them in tests/.tmp.
const stop = () => {
  server.close(() => process.exit(0))
  server.closeAllConnections()
  setTimeout(() => process.exit(0), 2_000).unref()
}
process.once('SIGTERM', stop)
process.once('SIGINT', stop)

/**
 * Why the database `file` does not hold exactly this checkout's migrations (each finished, not rolled back, with the
 * checksum of its `migration.sql` as the schema engine records it: SHA-256 of the file), or null when it does.
 */
function migrationsDiffer(file: string): string | null {
  const ours = new Map<string, string>()
  for (const directory of readMigrations().migrationDirectories) {
    const content = directory.migrationFile.content
    if (content.tag === 'ok') ours.set(directory.path, createHash('sha256').update(content.value).digest('hex'))
  }
  let db: Database.Database | undefined
  try {
    db = new Database(file, { fileMustExist: true })
    const rows = db.prepare('SELECT "migration_name" AS name, "checksum" FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL').all() as Array<{ name: string; checksum: string }>
    if (rows.length !== ours.size) return `${rows.length} migrations applied, ${ours.size} in prisma/migrations`
    for (const row of rows) if (ours.get(row.name) !== row.checksum) return `migration ${row.name} differs or is missing`
    return null
  } catch (error) {
    return `unreadable (${(error as Error).message})`
  } finally {
    db?.close()
  }
}

/**
 * The demo accounts' password hash at bcrypt's lowest cost in this database, as the vitest fixture users' is
 * (tests/test-password.ts). The app compares with `bcrypt.compare`, which takes the cost from the stored hash:
 * every sign-in of a demo account (and of each account `insertUser` makes, which copies the admin's hash) ran
 * 2^12 rounds on the server, ≈ 0.25 s of a core; now 2^4. The same password, comparisons, locks and counts; the
 * app's own hashes (a password set or reset in a test, the unknown-address dummy) keep its cost (decision 159).
 */
async function hashDemoPasswordCheaply() {
  const bcrypt = (await import('bcryptjs')).default
  const { DEMO_PASSWORD } = await import('../../prisma/seed.ts')
  const { DEMO_ACCOUNT_DOMAIN } = await import('../../prisma/demo-totp.ts')
  const { TEST_PASSWORD_COST } = await import('../test-password.ts')
  const { prisma } = await import('../../app/utils/db.server.ts')
  const hash = await bcrypt.hash(DEMO_PASSWORD, TEST_PASSWORD_COST)
  const changed = await prisma.password.updateMany({ where: { user: { email: { endsWith: `@${DEMO_ACCOUNT_DOMAIN}` } } }, data: { hash } })
  if (changed.count === 0) throw new Error('no demo account found to give the cheaper hash')
}
