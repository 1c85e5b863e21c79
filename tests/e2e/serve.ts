// Starts the production build for the browser tests: a fresh database, migrated and seeded with the
// demo accounts (not the living demo's cases: each test makes the data it needs). A test that changes an account or a team's shared views makes its own (tests/e2e/db.ts).
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const tmp = path.resolve('tests', '.tmp')
fs.mkdirSync(tmp, { recursive: true })
const database = path.join(tmp, `e2e-${process.env.PORT}.db`)
const documents = path.join(tmp, `e2e-${process.env.PORT}-documents`)
for (const suffix of ['', '-wal', '-shm']) fs.rmSync(database + suffix, { force: true })
fs.rmSync(documents, { recursive: true, force: true })
process.on('exit', () => {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(database + suffix, { force: true })
  fs.rmSync(documents, { recursive: true, force: true })
})
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
  RATE_LIMIT_PER_MINUTE: '100000',
})

const migrate = spawnSync(process.execPath, [path.resolve('scripts/db-migrate.js')], { stdio: 'inherit', env: process.env })
if (migrate.status !== 0) process.exit(migrate.status ?? 1)

const { seed } = await import('../../prisma/seed.ts')
await seed({ demo: true, demoCases: false })

const { createApp } = await import('../../server/index.js')
const app = await createApp()
const { keepConnectionsAlive } = await import('../../server/keep-alive.js')
keepConnectionsAlive(app.listen(Number(process.env.PORT), '127.0.0.1', () => console.log(`e2e server on ${process.env.PORT}`)))
