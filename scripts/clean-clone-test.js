#!/usr/bin/env node
// The first hour of a new user, on a clean clone of this repository's committed state (issue 16):
// `npm start` in demo mode on a free port with nothing configured, the demo's content checked
// through HTTP (every demo account's start page has work on it, the previous year's statistics are
// published), a writing script refused while the server runs, the server stopped, and then every
// `npm run` script of the README on the defaults. Run by .ci/run after `npm test` (it needs its own
// clone and a whole first start); the last line is "N passed, N failed".
// `--keep` leaves the clone in place for a look afterwards.
import { spawn, spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { root } from './lib/root.js'

const keep = process.argv.includes('--keep')
const clone = fs.mkdtempSync(path.join(os.tmpdir(), 'wegbegleiter-clone-'))
let passed = 0
let failed = 0
let server = null

function check(name, ok, detail = '') {
  if (ok) passed += 1
  else failed += 1
  console.log(`${ok ? '✓' : '✗'} ${name}${!ok && detail ? `\n    ${detail.trim().split('\n').slice(-12).join('\n    ')}` : ''}`)
  return ok
}

// Nothing of this machine's configuration may leak in: the clone must work on its defaults.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^(DATABASE_URL|APP_MODE|SESSION_SECRET|IDENTITY_|BACKUP_|PORT$|NODE_ENV$|NODE_OPTIONS$)/.test(key)),
)

function npm(args, { input } = {}) {
  const result = spawnSync('npm', ['run', '--silent', ...args], { cwd: clone, env, encoding: 'utf8', input, timeout: 10 * 60_000 })
  return { ok: result.status === 0, status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}` }
}

async function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/** A signed-in session of one demo account (with the TOTP step through `npm run demo:totp` when it asks for one). */
async function signIn(base, email) {
  // The code first: fetched after the password step, the idle connection could meet the server's
  // keep-alive timeout while the script starts (seconds on a loaded machine).
  const code = npm(['demo:totp', '--', email]).output.trim().split(/\s+/)[0] ?? ''
  const response = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base },
    body: new URLSearchParams({ email, password: 'Wegbegleiter-Demo-2026', redirectTo: '/' }),
  })
  const cookie = cookiesOf(response)
  const location = response.headers.get('location') ?? ''
  if (!location.startsWith('/login/verify')) return { cookie, location }
  // The demo accounts' second factor (issue 17): the code their published secret gives now.
  const verified = await fetch(`${base}${location}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base, Cookie: cookie },
    body: new URLSearchParams({ intent: 'totp', code, redirectTo: '/' }),
  })
  return { cookie: cookiesOf(verified) || cookie, location: verified.headers.get('location') ?? '' }
}

function cookiesOf(response) {
  return response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ')
}

async function get(base, cookie, target) {
  const response = await fetch(`${base}${target}`, { headers: { Cookie: cookie }, redirect: 'manual' })
  return { status: response.status, text: await response.text() }
}

const CODE = /\b[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]\b/

/** Any number above zero in a statistics export: some figure is published, not all suppressed. */
function hasPublishedFigure(value) {
  if (typeof value === 'number') return value > 0
  if (Array.isArray(value)) return value.some(hasPublishedFigure)
  if (value && typeof value === 'object') return Object.values(value).some(hasPublishedFigure)
  return false
}

try {
  console.log(`Clean clone in ${clone}`)
  const cloned = spawnSync('git', ['clone', '--quiet', '--no-hardlinks', root, clone], { encoding: 'utf8' })
  if (!check('git clone', cloned.status === 0, cloned.stderr)) throw new Error('git clone failed')
  // The dependencies as `npm ci` installed them here (the lockfile is the clone's); the generated
  // Prisma client belongs to the clone, as postinstall would make it.
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(clone, 'node_modules'))
  const generated = spawnSync(process.execPath, ['scripts/prisma-generate.js'], { cwd: clone, env, encoding: 'utf8' })
  check('prisma generate', generated.status === 0, generated.stderr)

  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const started = Date.now()
  server = spawn('npm', ['start'], { cwd: clone, env: { ...env, PORT: String(port) }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  server.stdout.on('data', (chunk) => (log += chunk))
  server.stderr.on('data', (chunk) => (log += chunk))
  const exited = new Promise((resolve) => server.on('exit', resolve))
  let up = false
  for (let waited = 0; waited < 10 * 60 && server.exitCode === null; waited += 1) {
    up = await fetch(`${base}/healthz`).then((response) => response.ok, () => false)
    if (up) break
    await new Promise((resolve) => setTimeout(resolve, 1000))
  }
  check(`npm start answers on port ${port} (first start ${((Date.now() - started) / 1000).toFixed(0)} s, load ${os.loadavg()[0].toFixed(1)})`, up, log)
  check('the first start seeds the living demo', /with \d+ demo cases/.test(log), log)

  if (up) {
    const accounts = ['leitung.eae', 'beratung.eae', 'leitung.rostock', 'beratung.rostock', 'beratung2.rostock', 'leitung.greifswald', 'beratung.greifswald']
    const sessions = new Map()
    for (const local of accounts) {
      const { cookie } = await signIn(base, `${local}@demo.wegbegleiter.de`)
      sessions.set(local, cookie)
      const home = await get(base, cookie, '/')
      // Work on the start page: follow-ups with the cases' codes (today's and overdue ones at least).
      const codes = new Set(home.text.match(new RegExp(CODE.source, 'g')) ?? [])
      check(`${local}: the start page lists follow-ups (${codes.size} cases)`, home.status === 200 && codes.size >= 2, `status ${home.status}`)
      if (local.startsWith('leitung')) {
        // /team counts the queue ("N Fälle warten auf eine Zuweisung"); /team/queue lists it under its caption
        // ("Warteschlange: 1–N von M Fällen", decision 225). The demo puts at least two in every team's queue.
        const team = await get(base, cookie, '/team')
        const waiting = Number(/(\d+) Fälle warten auf eine Zuweisung/.exec(team.text)?.[1] ?? 0)
        const queue = await get(base, cookie, '/team/queue')
        const queued = Number(/Warteschlange: \d+–\d+ von (\d+) F/.exec(queue.text)?.[1] ?? 0)
        check(
          `${local}: the team page counts ${waiting} cases waiting for an assignment, the queue lists ${queued}`,
          team.status === 200 && queue.status === 200 && waiting >= 2 && queued === waiting && CODE.test(queue.text),
          `status ${team.status} / ${queue.status}, ${waiting} counted, ${queued} in the queue`,
        )
      }
    }
    const admin = (await signIn(base, 'admin@demo.wegbegleiter.de')).cookie
    const year = new Date().getUTCFullYear() - 1
    const statistics = await get(base, admin, `/statistics?year=${year}`)
    check(`statistics ${year}: published (year closed)`, statistics.status === 200 && statistics.text.includes('Jahresabschluss: festgeschrieben'), `status ${statistics.status}`)
    const figures = await get(base, admin, `/statistics/export.json?year=${year}`)
    check(`statistics ${year}: figures above zero`, figures.status === 200 && hasPublishedFigure(JSON.parse(figures.text)), `status ${figures.status}`)
    const cases = await get(base, sessions.get('leitung.rostock'), '/cases')
    check('the case list has cases', cases.status === 200 && CODE.test(cases.text), `status ${cases.status}`)
    const audit = await get(base, admin, '/admin/audit')
    check('the audit log speaks in words', audit.status === 200 && audit.text.includes('Fall übergeben') && !/>\s*case\.[a-z-]+\s*</.test(audit.text), `status ${audit.status}`)

    const beside = npm(['seed:generate', '--', '--cases', '10'])
    check('seed:generate refuses while the server runs', !beside.ok && beside.output.includes('cannot run while the server uses'), beside.output)
    const migrateBeside = npm(['db:migrate'])
    check('db:migrate refuses while the server runs', !migrateBeside.ok && migrateBeside.output.includes('Stop the server'), migrateBeside.output)
    const backupBeside = npm(['backup'])
    check('backup works beside the running server', backupBeside.ok, backupBeside.output)
  }

  process.kill(-server.pid, 'SIGTERM')
  await exited
  server = null
  // npm exits on the signal at once; the server process behind it first closes its connections and
  // then removes its marker: wait for that state (up to a minute), not for npm (CI, session 14).
  const marker = path.join(clone, 'data', 'wegbegleiter.db.server')
  for (let waited = 0; fs.existsSync(marker) && waited < 60_000; waited += 250) await new Promise((resolve) => setTimeout(resolve, 250))
  check('the server stopped and took its marker away', !fs.existsSync(marker))
  check('.env was written with DATABASE_URL empty', /^DATABASE_URL=$/m.test(fs.readFileSync(path.join(clone, '.env'), 'utf8')))

  // Every `npm run` script of the README that ends by itself, on the defaults.
  const steps = [
    ['db:migrate', ['db:migrate'], /up to date/],
    ['db:seed', ['db:seed'], /Seeded catalogues/],
    ['seed:generate -- --cases 200', ['seed:generate', '--', '--cases', '200'], /Done in/],
    ['db:new-migration -- unchanged (no changes: no migration)', ['db:new-migration', '--', 'unchanged'], /.*/],
    ['user:create-admin', ['user:create-admin', '--', '--email', 'it@example.org', '--name', 'Ida Technik'], /.*/],
    ['retention -- --dry-run', ['retention', '--', '--dry-run'], /Dry run/],
    ['retention', ['retention'], /Anonymised/],
    ['backup', ['backup'], /.*/],
    ['keys:rotate -- --dry-run', ['keys:rotate', '--', '--new-key', crypto.randomBytes(32).toString('base64'), '--new-hmac-secret', crypto.randomBytes(24).toString('hex'), '--dry-run'], /Dry run/],
  ]
  for (const [name, args, expected] of steps) {
    const result = npm(args)
    check(`npm run ${name}`, result.ok && expected.test(result.output), result.output)
  }
  const migrations = fs.readdirSync(path.join(clone, 'prisma', 'migrations')).filter((name) => name.endsWith('_unchanged'))
  check('db:new-migration wrote nothing for an unchanged schema', migrations.length === 0, migrations.join(', '))
  const backups = fs.existsSync(path.join(clone, 'backups')) ? fs.readdirSync(path.join(clone, 'backups')).filter((name) => name.endsWith('.db.enc')).sort() : []
  if (check('backups were written', backups.length > 0)) {
    const restored = npm(['restore', '--', path.join('backups', backups.at(-1)), '--yes'])
    check('npm run restore -- <latest backup> --yes', restored.ok, restored.output)
  }
} catch (error) {
  check('the run ended without an error', false, String(error?.stack ?? error))
} finally {
  if (server) process.kill(-server.pid, 'SIGTERM')
  if (keep) console.log(`Kept ${clone}`)
  else fs.rmSync(clone, { recursive: true, force: true })
  console.log(`\n${passed} passed, ${failed} failed`)
  process.exitCode = failed === 0 ? 0 : 1
}
