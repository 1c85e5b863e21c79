// `npm run bench [-- --cases N] [--seed S] [--requests R] [--build] [--docs | --no-docs]`
//
// Measures the production server against a generated dataset (PRODUCT.md §7): 100,000 cases with
// about 1,000,000 contacts by default. The dataset is generated once and cached under
// tests/.tmp/bench-<N>-<seed>.db; each run works on a copy (the app writes sessions and audit
// events). The server runs in a child process; requests are sequential over one keep-alive
// loopback connection, so the wall time per request is the server's time plus a constant, small
// client cost. A route that answers 404 is reported as "not available" (not built yet).
//
// Other features add their pages to SCENARIOS below (with their PRODUCT.md target).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import bcrypt from 'bcryptjs'
import Database from 'better-sqlite3'
import { runConcurrentWritesBench } from './bench-load.ts'
import { enrolBenchSecondFactor } from './lib/bench-second-factor.ts'
import { processCpuMs, quantile, signIn } from './lib/bench-helpers.ts'
import { generateData, prepareDatabase } from './lib/data-generator.ts'
import { SERVER_NODE_FLAGS } from '../server/node-flags.js'
import { root } from './lib/root.js'

// ---------------------------------------------------------------------------------------------
// scenarios

type BenchUser = 'counsellor' | 'lead' | 'admin'

export type BenchContext = {
  /** a case assigned to the bench counsellor, with a typical number of contacts */
  caseId: string
  /** the first four symbols of a pseudonym code in the team lead's team */
  codePrefix: string
  /** the last complete calendar year */
  lastYear: number
}

export type Scenario = {
  id: string
  label: string
  user: BenchUser
  path: (context: BenchContext) => string
  /** median target in milliseconds (PRODUCT.md §7), null: measured only */
  targetMs: number | null
  /** the median may be at most this multiple of the bare route's median */
  maxRatio?: number
  /** fewer requests for slow pages (default: --requests) */
  requests?: number
  /** the bare route every other scenario is compared with */
  bare?: true
}

export const SCENARIOS: Scenario[] = [
  {
    id: 'bare',
    label: 'Bare route: /about (signed in)',
    user: 'counsellor',
    path: () => '/about',
    targetMs: null,
    bare: true,
  },
  {
    id: 'cases-lead',
    label: '/cases unfiltered (team lead)',
    user: 'lead',
    path: () => '/cases',
    targetMs: 20,
    maxRatio: 2,
  },
  {
    id: 'cases-counsellor',
    label: '/cases unfiltered (counsellor)',
    user: 'counsellor',
    path: () => '/cases',
    targetMs: 20,
    maxRatio: 2,
  },
  {
    id: 'cases-filter',
    label: '/cases?status=ACTIVE&programme=MBE (team lead)',
    user: 'lead',
    path: () => '/cases?status=ACTIVE&programme=MBE',
    targetMs: 20,
    maxRatio: 2,
  },
  {
    id: 'cases-search',
    label: '/cases?q=<code prefix> (team lead)',
    user: 'lead',
    path: (context) => `/cases?q=${encodeURIComponent(context.codePrefix)}`,
    targetMs: 20,
    maxRatio: 2,
  },
  {
    id: 'case-page',
    label: '/cases/<id> case file (counsellor)',
    user: 'counsellor',
    path: (context) => `/cases/${context.caseId}`,
    targetMs: null,
  },
  {
    id: 'home',
    label: '/ start page (counsellor)',
    user: 'counsellor',
    path: () => '/',
    targetMs: null,
    requests: 50,
  },
  {
    id: 'team',
    label: '/team workload (team lead)',
    user: 'lead',
    path: () => '/team',
    targetMs: 50,
    requests: 50,
  },
  {
    id: 'referrals',
    label: '/referrals overview (team lead)',
    user: 'lead',
    path: () => '/referrals',
    targetMs: null,
    requests: 50,
  },
  {
    id: 'mediation',
    label: '/language-mediation overview (team lead)',
    user: 'lead',
    path: () => '/language-mediation',
    targetMs: null,
    requests: 50,
  },
  {
    id: 'statistics-team',
    label: '/statistics?year=<last year> (team lead)',
    user: 'lead',
    path: (context) => `/statistics?year=${context.lastYear}`,
    targetMs: 2000,
    requests: 10,
  },
  {
    id: 'statistics-org',
    label: '/statistics?year=<last year> (administrator, whole organisation)',
    user: 'admin',
    path: (context) => `/statistics?year=${context.lastYear}`,
    targetMs: 2000,
    requests: 10,
  },
  {
    id: 'statistics-csv',
    label: '/statistics/export.csv?year=<last year> (administrator, whole organisation)',
    user: 'admin',
    path: (context) => `/statistics/export.csv?year=${context.lastYear}`,
    targetMs: 2000,
    requests: 10,
  },
  {
    id: 'statistics-xlsx',
    label: '/statistics/export.xlsx?year=<last year> (administrator, whole organisation)',
    user: 'admin',
    path: (context) => `/statistics/export.xlsx?year=${context.lastYear}`,
    targetMs: 2000,
    requests: 10,
  },
  {
    id: 'statistics-json',
    label: '/statistics/export.json?year=<last year> (administrator, whole organisation)',
    user: 'admin',
    path: (context) => `/statistics/export.json?year=${context.lastYear}`,
    targetMs: 2000,
    requests: 10,
  },
]

const MEMORY_TARGET_MB = 300
const SCENARIO_BUDGET_MS = 120_000
const BENCH_PASSWORD = 'Bench-Password-2026!'

// ---------------------------------------------------------------------------------------------
// arguments

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    requests: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '20' },
    build: { type: 'boolean', default: false },
    docs: { type: 'boolean' },
    'no-docs': { type: 'boolean' },
    only: { type: 'string' },
    'no-load': { type: 'boolean' }, // skip the concurrent-writes phase (scripts/bench-load.ts)
    help: { type: 'boolean', short: 'h' },
  },
})
if (values.help) {
  console.log(
    'Usage: npm run bench -- [--cases N] [--seed S] [--requests R] [--warmup W] [--build] [--docs|--no-docs] [--only id,id]',
  )
  process.exit(0)
}
const cases = Number(values.cases)
const seed = Number(values.seed)
const requestCount = Number(values.requests)
const warmupCount = Number(values.warmup)
if (
  ![cases, seed, requestCount, warmupCount].every((value) => Number.isInteger(value) && value >= 0) ||
  cases < 1 ||
  requestCount < 1
) {
  throw new Error('--cases, --requests must be positive whole numbers; --seed, --warmup whole numbers ≥ 0')
}
// The reference size writes docs/performance.md; smaller trial runs only print.
const writeDocs = values['no-docs'] ? false : (values.docs ?? cases >= 100_000)
const only = values.only ? new Set(values.only.split(',')) : null

const tmp = path.join(root, 'tests', '.tmp')
fs.mkdirSync(tmp, { recursive: true })

// ---------------------------------------------------------------------------------------------
// dataset

async function dataset() {
  const cached = path.join(tmp, `bench-${cases}-${seed}.db`)
  if (fs.existsSync(cached)) {
    console.log(`Dataset: reusing ${path.relative(root, cached)}`)
    return cached
  }
  // Generated under a temporary name: an interrupted run must not leave a half dataset in the cache.
  const partial = `${cached}.partial-${process.pid}`
  console.log(
    `Dataset: generating ${cases.toLocaleString('en')} cases (seed ${seed}) into ${path.relative(root, cached)} …`,
  )
  await generateData({ database: partial, cases, seed, log: (line) => line && console.log(`  ${line}`) })
  const db = new Database(partial)
  db.pragma('journal_mode = DELETE')
  db.close()
  fs.renameSync(partial, cached)
  for (const suffix of ['-wal', '-shm']) fs.rmSync(partial + suffix, { force: true })
  return cached
}

function removeDatabase(file: string) {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true })
}

// ---------------------------------------------------------------------------------------------
// build

function newestMtime(directory: string): number {
  let newest = 0
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name)
    if (entry.isDirectory()) {
      if (entry.name !== 'generated') newest = Math.max(newest, newestMtime(full))
    } else newest = Math.max(newest, fs.statSync(full).mtimeMs)
  }
  return newest
}

function ensureBuild() {
  const buildFile = path.join(root, 'build', 'index.js')
  const stale =
    !fs.existsSync(buildFile) || fs.statSync(buildFile).mtimeMs < newestMtime(path.join(root, 'app'))
  if (!values.build && !stale) {
    console.log('Build: up to date')
    return
  }
  console.log('Build: remix build …')
  // Other sessions build in the same tree; the lock keeps two builds from overwriting each other.
  const result = spawnSync('flock', ['/tmp/wb-e2e.lock', 'npx', 'remix', 'build'], {
    cwd: root,
    encoding: 'utf8',
  })
  if (result.status !== 0) throw new Error(`remix build failed:\n${result.stderr}${result.stdout}`)
}

// ---------------------------------------------------------------------------------------------
// bench users and context

type Prepared = {
  emails: Record<BenchUser, string>
  context: BenchContext
  counts: { cases: number; contacts: number; clients: number }
}

async function prepareRunDatabase(file: string): Promise<Prepared> {
  const db = new Database(file)
  try {
    db.pragma('journal_mode = WAL')
    const team = db
      .prepare('SELECT teamId AS id FROM "Case" GROUP BY teamId ORDER BY COUNT(*) DESC LIMIT 1')
      .get() as { id: string }
    const counsellor = db
      .prepare(
        `SELECT u.id, u.email FROM "Case" c JOIN User u ON u.id = c.counsellorId
         WHERE c.teamId = ? AND u.role = 'COUNSELLOR' AND u.active = 1 GROUP BY u.id ORDER BY COUNT(*) DESC LIMIT 1`,
      )
      .get(team.id) as { id: string; email: string } | undefined
    const lead = db
      .prepare(
        `SELECT id, email FROM User WHERE teamId = ? AND role = 'TEAM_LEAD' AND active = 1 ORDER BY email LIMIT 1`,
      )
      .get(team.id) as { id: string; email: string } | undefined
    if (!counsellor || !lead)
      throw new Error('The dataset has no counsellor or team lead in its largest team')
    const now = new Date().toISOString().replace('Z', '+00:00')
    // An administrator for the organisation-wide statistics; the generator creates none.
    const adminEmail = 'bench.admin@synthetic.wegbegleiter.invalid'
    let admin = db.prepare('SELECT id FROM User WHERE email = ?').get(adminEmail) as
      | { id: string }
      | undefined
    if (!admin) {
      const id = `cbenchadmin${Date.now().toString(36)}`
      db.prepare(
        `INSERT INTO User (id, email, displayName, role, teamId, active, languages, failedLoginCount, mustChangePassword, createdAt, updatedAt)
         VALUES (?, ?, 'Bench Admin', 'ADMIN', ?, 1, 'deu', 0, 0, ?, ?)`,
      ).run(id, adminEmail, team.id, now, now)
      admin = { id }
    }
    const hash = await bcrypt.hash(BENCH_PASSWORD, 12)
    const setPassword = db.prepare(
      'INSERT INTO Password (userId, hash, updatedAt) VALUES (?, ?, ?) ON CONFLICT(userId) DO UPDATE SET hash = excluded.hash, updatedAt = excluded.updatedAt',
    )
    for (const id of [counsellor.id, lead.id, admin.id]) {
      setPassword.run(id, hash, now)
      enrolBenchSecondFactor(db, id, now)
      db.prepare(
        'UPDATE User SET mustChangePassword = 0, failedLoginCount = 0, lockedUntil = NULL WHERE id = ?',
      ).run(id)
    }
    // A case of the counsellor with a typical (median-ish) number of contacts.
    const candidates = db
      .prepare(
        `SELECT c.id, (SELECT COUNT(*) FROM Contact k WHERE k.caseId = c.id) AS contacts FROM "Case" c
         WHERE c.counsellorId = ? AND c.status <> 'CLOSED' ORDER BY c.openedAt DESC LIMIT 200`,
      )
      .all(counsellor.id) as { id: string; contacts: number }[]
    const fallback = db
      .prepare('SELECT id FROM "Case" WHERE counsellorId = ? LIMIT 1')
      .get(counsellor.id) as { id: string }
    const typical = candidates
      .filter((candidate) => candidate.contacts >= 8)
      .sort((a, b) => a.contacts - b.contacts)
    const caseId = (typical[Math.floor(typical.length / 2)] ?? candidates[0] ?? fallback).id
    const code = db
      .prepare(
        'SELECT cl.pseudonymCode FROM "Case" c JOIN Client cl ON cl.id = c.clientId WHERE c.teamId = ? ORDER BY c.openedAt DESC LIMIT 1',
      )
      .pluck()
      .get(team.id) as string
    const count = (sql: string) => Number(db.prepare(sql).pluck().get())
    return {
      emails: { counsellor: counsellor.email, lead: lead.email, admin: adminEmail },
      context: { caseId, codePrefix: code.slice(0, 4), lastYear: new Date().getUTCFullYear() - 1 },
      counts: {
        cases: count('SELECT COUNT(*) FROM "Case"'),
        contacts: count('SELECT COUNT(*) FROM Contact'),
        clients: count('SELECT COUNT(*) FROM Client'),
      },
    }
  } finally {
    db.close()
  }
}

// ---------------------------------------------------------------------------------------------
// server and HTTP

function startServer(database: string): Promise<{ child: ChildProcess; port: number }> {
  // The heap limits of `npm start` (server/node-flags.js), so the memory measured is the
  // production server's. BENCH_NODE_ARGS passes further Node options to the server only (later ones
  // win), e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" (Node refuses --cpu-prof in NODE_OPTIONS).
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []
  const serverArgs = [...SERVER_NODE_FLAGS, ...nodeArgs, path.join(root, 'scripts', 'lib', 'bench-server.js')]
  const child = spawn(process.execPath, serverArgs, {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: {
      ...process.env,
      DATABASE_URL: `file:${database}`,
      APP_MODE: 'demo',
      NODE_ENV: 'production',
      SESSION_SECRET: 'bench-session-secret-that-is-long-enough-0123456789',
      IDENTITY_KEY: process.env.IDENTITY_KEY ?? Buffer.alloc(32, 5).toString('base64'),
      IDENTITY_HMAC_SECRET:
        process.env.IDENTITY_HMAC_SECRET ?? 'bench-hmac-secret-that-is-long-enough-0123456789',
      RATE_LIMIT_PER_MINUTE: '100000000',
      LOGIN_IP_MAX_FAILURES: '100000',
    },
  })
  let errors = ''
  child.stderr!.on('data', (chunk) => {
    errors += chunk
    if (errors.length > 20_000) errors = errors.slice(-10_000)
  })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`The server did not start within 60 s:\n${errors}`)),
      60_000,
    )
    let output = ''
    child.stdout!.on('data', (chunk) => {
      output += chunk
      const match = /LISTENING (\d+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve({ child, port: Number(match[1]) })
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`The server exited (${code}):\n${errors}`))
    })
  })
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })

type Answer = { status: number; ms: number; bytes: number; headers: http.IncomingHttpHeaders }

function request(
  port: number,
  pathname: string,
  { cookie, method = 'GET', body }: { cookie?: string; method?: string; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const headers: Record<string, string> = { 'accept-encoding': 'gzip', accept: 'text/html' }
    if (cookie) headers.cookie = cookie
    if (body !== undefined) {
      // A write must name this origin (server/index.js), as a browser's does.
      headers.origin = `http://127.0.0.1:${port}`
      headers['content-type'] = 'application/x-www-form-urlencoded'
      headers['content-length'] = String(Buffer.byteLength(body))
    }
    const req = http.request({ host: '127.0.0.1', port, path: pathname, method, headers, agent }, (res) => {
      let bytes = 0
      res.on('data', (chunk: Buffer) => (bytes += chunk.length))
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
          bytes,
          headers: res.headers,
        }),
      )
      res.on('error', reject)
    })
    req.on('error', reject)
    if (body !== undefined) req.write(body)
    req.end()
  })
}

// ---------------------------------------------------------------------------------------------
// memory

function readStatus(pid: number, field: 'VmRSS' | 'VmHWM') {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)
    return match ? Number(match[1]) / 1024 : null
  } catch {
    return null
  }
}


// ---------------------------------------------------------------------------------------------
// measuring

type Result = {
  scenario: Scenario
  path: string
  outcome: 'ok' | 'not available' | 'error'
  detail?: string
  requests: number
  medianMs?: number
  p95Ms?: number
  kb?: number
  /** server CPU time per request: unlike wall time, barely affected by other load on the machine */
  cpuMs?: number
  rssMb?: number
  ratio?: number
  pass?: boolean | null
}

async function measure(
  port: number,
  pid: number,
  scenario: Scenario,
  cookie: string,
  context: BenchContext,
): Promise<Result> {
  const target = scenario.path(context)
  const probe = await request(port, target, { cookie })
  if (probe.status === 404)
    return { scenario, path: target, outcome: 'not available', detail: 'HTTP 404', requests: 0 }
  if (probe.status !== 200) {
    const where = probe.headers.location ? ` → ${probe.headers.location}` : ''
    return { scenario, path: target, outcome: 'error', detail: `HTTP ${probe.status}${where}`, requests: 0 }
  }
  const count = scenario.requests ?? requestCount
  const warmup = scenario.requests ? Math.min(2, warmupCount) : warmupCount
  for (let index = 0; index < warmup; index += 1) await request(port, target, { cookie })
  const times: number[] = []
  let bytes = 0
  const cpuBefore = processCpuMs(pid)
  const began = performance.now()
  for (let index = 0; index < count; index += 1) {
    // A very slow page gets a time budget, so one scenario cannot hold up the whole run.
    if (times.length >= 3 && performance.now() - began > SCENARIO_BUDGET_MS) break
    const answer = await request(port, target, { cookie })
    if (answer.status !== 200)
      return {
        scenario,
        path: target,
        outcome: 'error',
        detail: `HTTP ${answer.status} on request ${index + 1}`,
        requests: index,
      }
    times.push(answer.ms)
    bytes = answer.bytes
  }
  const cpuAfter = processCpuMs(pid)
  times.sort((a, b) => a - b)
  return {
    scenario,
    path: target,
    outcome: 'ok',
    requests: times.length,
    medianMs: quantile(times, 0.5),
    p95Ms: quantile(times, 0.95),
    kb: bytes / 1024,
    cpuMs: cpuBefore !== null && cpuAfter !== null ? (cpuAfter - cpuBefore) / times.length : undefined,
    rssMb: readStatus(pid, 'VmRSS') ?? undefined,
  }
}

function judge(results: Result[]) {
  const bare = results.find((result) => result.scenario.bare && result.outcome === 'ok')
  for (const result of results) {
    if (result.outcome !== 'ok' || result.medianMs === undefined) continue
    if (bare?.medianMs && !result.scenario.bare) result.ratio = result.medianMs / bare.medianMs
    const checks: boolean[] = []
    if (result.scenario.targetMs !== null) checks.push(result.medianMs <= result.scenario.targetMs)
    if (result.scenario.maxRatio !== undefined && result.ratio !== undefined)
      checks.push(result.ratio <= result.scenario.maxRatio)
    result.pass = checks.length ? checks.every(Boolean) : null
  }
}

function targetText(scenario: Scenario) {
  const parts: string[] = []
  if (scenario.targetMs !== null) parts.push(`≤ ${scenario.targetMs} ms`)
  if (scenario.maxRatio !== undefined) parts.push(`≤ ${scenario.maxRatio}× bare`)
  return parts.join(', ') || '—'
}

function verdict(result: Result) {
  if (result.outcome === 'not available') return 'not available'
  if (result.outcome === 'error') return `error (${result.detail})`
  if (result.pass === null || result.pass === undefined) return 'measured'
  return result.pass ? 'pass' : 'FAIL'
}

function rows(results: Result[]) {
  return results.map((result) => [
    result.scenario.label,
    result.medianMs === undefined ? '—' : result.medianMs.toFixed(1),
    result.p95Ms === undefined ? '—' : result.p95Ms.toFixed(1),
    result.ratio === undefined
      ? result.scenario.bare && result.outcome === 'ok'
        ? '1.0×'
        : '—'
      : `${result.ratio.toFixed(1)}×`,
    result.cpuMs === undefined ? '—' : result.cpuMs.toFixed(1),
    result.kb === undefined ? '—' : result.kb.toFixed(1),
    result.rssMb === undefined ? '—' : result.rssMb.toFixed(0),
    result.requests ? String(result.requests) : '—',
    targetText(result.scenario),
    verdict(result),
  ])
}

const HEADER = [
  'scenario',
  'median ms',
  'p95 ms',
  'vs bare',
  'CPU ms/req',
  'kB (gzip)',
  'RSS MB after',
  'requests',
  'target',
  'result',
]

function printTable(table: string[][]) {
  const widths = HEADER.map((title, column) =>
    Math.max(title.length, ...table.map((row) => row[column]!.length)),
  )
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
  console.log(line(HEADER))
  console.log(widths.map((width) => '-'.repeat(width)).join('  '))
  for (const row of table) console.log(line(row))
}

function markdownTable(table: string[][]) {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|')
  return [
    `| ${HEADER.join(' | ')} |`,
    `| ${HEADER.map((_, index) => (index === 0 ? '---' : '---:')).join(' | ')} |`,
    ...table.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ].join('\n')
}

// ---------------------------------------------------------------------------------------------
// docs/performance.md

const START = '<!-- bench:start -->'
const END = '<!-- bench:end -->'

function writePerformanceDoc(block: string) {
  const file = path.join(root, 'docs', 'performance.md')
  const intro = `# Performance

The targets of PRODUCT.md §7 are checked by a benchmark, not by timed tests: \`npm run bench\`
generates 100,000 cases (about 1,000,000 contacts) with the deterministic generator
(\`npm run seed:generate\`), caches the file under \`tests/.tmp/\`, starts the production server on a
copy and measures pages with sequential requests over one keep-alive loopback connection. The
section between the markers below is rewritten by every run at the reference size
(\`--docs\` forces it for smaller runs, \`--no-docs\` suppresses it); notes outside it stay.

Features add their pages to the \`SCENARIOS\` table in \`scripts/bench.ts\`, with their target.

`
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : `${intro}${START}\n${END}\n`
  const withMarkers =
    current.includes(START) && current.includes(END) ? current : `${current.trimEnd()}\n\n${START}\n${END}\n`
  const next =
    withMarkers.slice(0, withMarkers.indexOf(START) + START.length) +
    `\n${block}\n` +
    withMarkers.slice(withMarkers.indexOf(END))
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, next)
  console.log(`\nWrote ${path.relative(root, file)}`)
}

// ---------------------------------------------------------------------------------------------
// main

const loadAtStart = os
  .loadavg()
  .map((value) => value.toFixed(1))
  .join(' / ')
const source = await dataset()
ensureBuild()
const runDatabase = path.join(tmp, `bench-run-${process.pid}.db`)
removeDatabase(runDatabase)
fs.copyFileSync(source, runDatabase)
let server: ChildProcess | undefined
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server?.kill('SIGKILL')
    removeDatabase(runDatabase)
    process.exit(130)
  })
}
try {
  // Migrations added since the dataset was cached, and seed data of newer features.
  prepareDatabase(runDatabase)
  const prepared = await prepareRunDatabase(runDatabase)
  console.log(
    `Data: ${prepared.counts.cases.toLocaleString('en')} cases, ${prepared.counts.contacts.toLocaleString('en')} contacts, ${prepared.counts.clients.toLocaleString('en')} clients`,
  )
  const started = await startServer(runDatabase)
  server = started.child
  const pid = server.pid!
  let peakRss = readStatus(pid, 'VmRSS') ?? 0
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, readStatus(pid, 'VmRSS') ?? 0)), 50)
  const cookies = {} as Record<BenchUser, string>
  for (const user of ['counsellor', 'lead', 'admin'] as const)
    cookies[user] = await signIn(`http://127.0.0.1:${started.port}`, prepared.emails[user], BENCH_PASSWORD)

  const results: Result[] = []
  for (const scenario of SCENARIOS) {
    if (only && !scenario.bare && !only.has(scenario.id)) continue
    const result = await measure(started.port, pid, scenario, cookies[scenario.user], prepared.context)
    results.push(result)
    const summary =
      result.outcome === 'ok'
        ? `median ${result.medianMs!.toFixed(1)} ms, p95 ${result.p95Ms!.toFixed(1)} ms`
        : verdict(result)
    console.log(`  ${scenario.label}: ${summary}`)
  }
  clearInterval(sampler)
  const highWater = readStatus(pid, 'VmHWM')
  peakRss = Math.max(peakRss, highWater ?? 0)
  judge(results)

  const table = rows(results)
  console.log('')
  printTable(table)
  const memoryPass = peakRss <= MEMORY_TARGET_MB
  console.log(
    `\nServer memory: peak RSS ${peakRss.toFixed(0)} MB (target ≤ ${MEMORY_TARGET_MB} MB: ${memoryPass ? 'pass' : 'FAIL'})`,
  )

  if (writeDocs) {
    const cpus = os.cpus()
    const block = [
      `## Latest run`,
      '',
      `- Date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      `- Machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GB RAM, ${os.type()} ${os.release()}`,
      `- Node ${process.version}, production build, SQLite via better-sqlite3 (WAL)`,
      `- Load average when the run started: ${loadAtStart} (the machine is shared; wall times rise with load, "CPU ms/req" — the server process's CPU time per request — much less)`,
      `- Dataset: ${prepared.counts.cases.toLocaleString('en')} cases, ${prepared.counts.contacts.toLocaleString('en')} contacts, ${prepared.counts.clients.toLocaleString('en')} clients (generator seed ${seed})`,
      `- Method: ${requestCount} sequential requests per page after ${warmupCount} warm-up requests (statistics: fewer), wall time per request over keep-alive loopback, gzip; the bench counsellor is the one with the most cases in the largest team`,
      '',
      markdownTable(table),
      '',
      `Server memory: peak resident set ${peakRss.toFixed(0)} MB (target ≤ ${MEMORY_TARGET_MB} MB: ${memoryPass ? 'pass' : 'FAIL'}).`,
      '',
      'Targets (PRODUCT.md §7): case list (search, filter, paginate) median ≤ 20 ms and within 2× of the bare route;',
      '`/team` ≤ 50 ms; annual statistics ≤ 2 s; server memory ≤ 300 MB resident. "not available" means the page',
      'answered 404 in this build.',
    ].join('\n')
    writePerformanceDoc(block)
  }
} finally {
  agent.destroy()
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once('exit', resolve))
    server.kill('SIGTERM')
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))])
    if (server.exitCode === null) server.kill('SIGKILL')
  }
  removeDatabase(runDatabase)
}

// Statistics against plain SQL (issue 6): in its own process, on its own copy of the dataset.
if (!only) {
  const statistics = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'scripts', 'bench-statistics.ts'), '--database', source, '--runs', '3', ...(writeDocs ? ['--docs'] : [])],
    { cwd: root, stdio: 'inherit' },
  )
  if (statistics.status !== 0) console.error(`The statistics benchmark failed (exit ${statistics.status}).`)
}

// Concurrent writes (issue 8): 50 counsellors for 60 s on their own server and copy of the dataset.
if (!values['no-load'] && !only) await runConcurrentWritesBench({ source, writeDocs })
