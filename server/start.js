#!/usr/bin/env node
// `npm start`: prepares the environment, migrates and seeds the database, then serves the built app.
// `npm run build` has run before this (the prestart script).
import crypto from 'node:crypto'
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { databaseFile, markServerRunning } from './database-file.js'
import { keepConnectionsAlive } from './keep-alive.js'
import { relaunchWith } from './node-flags.js'

// The server's heap limits are Node options and its malloc setting an environment variable, which
// only take effect at process start: without them, start again with them (server/node-flags.js) and
// pass signals and exit code on. Either chosen explicitly wins (then only the other is added).
// This launcher stays as a small idle parent (≈ 10 MB of its own; the Node binary is shared).
const relaunch = relaunchWith()
if (relaunch) {
  const args = [...relaunch.flags, ...process.execArgv, ...process.argv.slice(1)]
  const child = spawn(process.execPath, args, { stdio: 'inherit', env: { ...process.env, ...relaunch.env } })
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
} else {
  await serve()
}

async function serve() {
  const root = fileURLToPath(new URL('..', import.meta.url))
  // Whatever this process and its children create (database, -wal/-shm, .env) is for the owner
  // alone; db-migrate.js also tightens what an older installation left readable.
  process.umask(0o077)
  const envFile = path.join(root, '.env')
  const demo = (process.env.APP_MODE ?? 'demo') === 'demo'
  if (!fs.existsSync(envFile) && demo) {
    // First demo start: a local .env with fresh secrets, so nobody has to invent one.
    const template = fs.readFileSync(path.join(root, '.env.example'), 'utf8')
    const filled = template
      .replace(/^SESSION_SECRET=.*$/m, `SESSION_SECRET=${crypto.randomBytes(32).toString('hex')}`)
      .replace(/^IDENTITY_KEY=.*$/m, `IDENTITY_KEY=${crypto.randomBytes(32).toString('base64')}`)
      .replace(/^IDENTITY_HMAC_SECRET=.*$/m, `IDENTITY_HMAC_SECRET=${crypto.randomBytes(32).toString('hex')}`)
      .replace(/^DOCUMENT_KEY=.*$/m, `DOCUMENT_KEY=${crypto.randomBytes(32).toString('base64')}`)
    fs.writeFileSync(envFile, filled, { mode: 0o600 })
    console.log('Created .env with generated secrets (demo mode).')
  } else if (demo && !/^DOCUMENT_KEY(_FILE)?=./m.test(fs.readFileSync(envFile, 'utf8'))) {
    // A demo .env from before documents existed gets its document key, so the demo keeps working.
    fs.appendFileSync(envFile, `\n# Added on start (demo mode): wraps the keys of encrypted documents.\nDOCUMENT_KEY=${crypto.randomBytes(32).toString('base64')}\n`)
    console.log('Added a generated DOCUMENT_KEY to .env (demo mode).')
  }
  const dotenv = await import('dotenv')
  dotenv.config({ path: envFile })
  process.env.NODE_ENV = 'production'

  function run(command, args) {
    const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, env: process.env })
    if (result.status !== 0) process.exit(result.status ?? 1)
  }

  run(process.execPath, [path.join(root, 'scripts', 'db-migrate.js')])
  run(process.execPath, ['--import', 'tsx', path.join(root, 'prisma', 'seed.ts')])

  const { createApp } = await import('./index.js')
  const app = await createApp()
  const port = Number(process.env.PORT ?? 3000)
  const server = app.listen(port, process.env.HOST ?? '0.0.0.0', () => {
    // Scripts that must not write beside a running server look for this (decision 033).
    markServerRunning(databaseFile(), port)
    console.log(`Wegbegleiter is running on http://localhost:${port}`)
  })
  keepConnectionsAlive(server)
  const shutdown = () => server.close(() => process.exit(0))
  process.on('SIGTERM', shutdown)
  process.on('SIGINT', shutdown)
}
