// `npm run bench [-- --cases N] [--seed S] [--requests R] [--rounds R] [--build] [--docs | --no-docs] [--only id,id]`
//
// Measures the production server against a generated dataset (PRODUCT.md §7): 100,000 cases with
// about 1,000,000 contacts by default. The dataset is generated once and cached under
// tests/.tmp/bench-<N>-<seed>.db; each run works on a copy (the app writes sessions and audit
// events). The server runs in a child process; requests are sequential over one keep-alive
// loopback connection, so the wall time per request is the server's time plus a constant, small
// client cost. A route that answers 404 is reported as "not available" (not built yet).
//
// Other features add their pages to SCENARIOS below (with their PRODUCT.md target).
import { spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import bcrypt from 'bcryptjs'
import Database from 'better-sqlite3'
import { runConcurrentWritesBench } from './bench-load.ts'
import { enrolBenchSecondFactor } from './lib/bench-second-factor.ts'
import { processCpuMs, quantile, roundOrder, signIn } from './lib/bench-helpers.ts'
import { formatJitReport, jitReport } from './lib/jit-report.ts'
import { MEMORY_TARGET_MB, peakStageLine, readStatusMb, StagePeaks } from './lib/stage-peaks.ts'
import { generateData, isoDate, prepareDatabase } from './lib/data-generator.ts'
import { mulberry32 } from './lib/random.ts'
import { startServerProcess } from '../tests/setup/server-process.ts'
import { root } from './lib/root.js'

// ---------------------------------------------------------------------------------------------
// scenarios

type BenchUser = 'counsellor' | 'lead' | 'admin'

export type BenchContext = {
  /** a case assigned to the bench counsellor, with a typical number of contacts */
  caseId: string
  /** the busiest case of the bench counsellor (most contacts) */
  busiestCaseId: string
  /** the first four symbols of a pseudonym code in the team lead's team */
  codePrefix: string
  /** the topic most often recorded in the team lead's team */
  topicId: number
  /** the last complete calendar year */
  lastYear: number
}

export type Scenario = {
  id: string
  label: string
  /** who asks; null: without a session (the health check) */
  user: BenchUser | null
  path: (context: BenchContext) => string
  /** median target in milliseconds (PRODUCT.md §7), null: measured only */
  targetMs: number | null
  /** the median may be at most this multiple of the bare route's median */
  maxRatio?: number
  /**
   * A page someone opens every day (issue 19): measured round-robin with the other daily pages, the
   * bare route and the health check, so that drift on a shared machine hits all alike; median ≤ 2×
   * and p95 ≤ 4× the bare route's median.
   */
  daily?: true
  /** fewer requests for slow pages (default: --requests) */
  requests?: number
  /** the bare route every other scenario is compared with (≤ 3× the floor) */
  bare?: true
  /** the floor: framework and one statement, no session, no page (`/healthz`) */
  floor?: true
}

const page = (
  id: string,
  user: BenchUser,
  path: string | ((context: BenchContext) => string),
  label = `${typeof path === 'string' ? path : id} (${user === 'lead' ? 'team lead' : user === 'admin' ? 'administrator' : 'counsellor'})`,
): Scenario => ({
  id,
  label,
  user,
  path: typeof path === 'string' ? () => path : path,
  targetMs: null,
  daily: true,
})

export const SCENARIOS: Scenario[] = [
  {
    id: 'healthz',
    label: 'Floor: /healthz (no session)',
    user: null,
    path: () => '/healthz',
    targetMs: null,
    floor: true,
  },
  {
    id: 'bare',
    label: 'Bare route: /about (signed in)',
    user: 'counsellor',
    path: () => '/about',
    targetMs: null,
    bare: true,
  },
  page('home', 'counsellor', '/', '/ start page (counsellor)'),
  page('home-lead', 'lead', '/', '/ start page (team lead)'),
  page('home-admin', 'admin', '/', '/ start page (administrator)'),
  { ...page('cases-lead', 'lead', '/cases'), targetMs: 20, maxRatio: 2 },
  { ...page('cases-counsellor', 'counsellor', '/cases'), targetMs: 20, maxRatio: 2 },
  { ...page('cases-filter', 'lead', '/cases?status=ACTIVE&programme=MBE'), targetMs: 20, maxRatio: 2 },
  {
    ...page(
      'cases-search',
      'lead',
      (context) => `/cases?q=${encodeURIComponent(context.codePrefix)}`,
      '/cases?q=<code prefix> (team lead)',
    ),
    targetMs: 20,
    maxRatio: 2,
  },
  page('cases-kind', 'lead', '/cases?kind=CASE_MANAGEMENT&status=NOT_CLOSED'),
  page('cases-queue', 'lead', '/cases?counsellor=none'),
  page('cases-mine', 'counsellor', '/cases?counsellor=me&status=NOT_CLOSED'),
  // A counsellor's everyday filters without "mine": their own cases and the team's shared ones
  // counted by status and kind (decision 212).
  page('cases-counsellor-open', 'counsellor', '/cases?status=NOT_CLOSED'),
  page('cases-counsellor-kind', 'counsellor', '/cases?kind=CASE_MANAGEMENT&status=NOT_CLOSED'),
  page(
    'cases-topic',
    'lead',
    (context) => `/cases?topic=${context.topicId}`,
    '/cases?topic=<most frequent topic> (team lead)',
  ),
  page('cases-overdue', 'lead', '/cases?overdue=1'),
  page('cases-last-contact', 'lead', '/cases?sort=last-contact'),
  page('cases-code-page', 'lead', '/cases?sort=code&page=40'),
  page(
    'case-page',
    'counsellor',
    (context) => `/cases/${context.caseId}`,
    '/cases/<id> case file, typical case (counsellor)',
  ),
  page(
    'case-busiest',
    'counsellor',
    (context) => `/cases/${context.busiestCaseId}`,
    '/cases/<id> case file, busiest case (counsellor)',
  ),
  page(
    'contact-form',
    'counsellor',
    (context) => `/cases/${context.caseId}/contacts/new`,
    '/cases/<id>/contacts/new contact form (counsellor)',
  ),
  page(
    'edit-form',
    'counsellor',
    (context) => `/cases/${context.caseId}/edit`,
    '/cases/<id>/edit master-data form, typical case (counsellor)',
  ),
  { ...page('team', 'lead', '/team', '/team overview: workload, requests, queue summary (team lead)'), targetMs: 50 },
  page('team-queue', 'lead', '/team/queue', '/team/queue assignment (team lead)'),
  page('referrals', 'lead', '/referrals', '/referrals overview (team lead)'),
  page('referrals-counsellor', 'counsellor', '/referrals'),
  page('mediation', 'lead', '/language-mediation', '/language-mediation overview (team lead)'),
  page('notices', 'lead', '/privacy/notices'),
  page('notices-admin', 'admin', '/privacy/notices'),
  page('audit', 'admin', '/admin/audit', '/admin/audit log (administrator)'),
  {
    id: 'audit-csv',
    label: `/admin/audit/export.csv, whole log (administrator)`,
    user: 'admin',
    path: () => '/admin/audit/export.csv',
    targetMs: null,
    requests: 3,
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

/** issue 19: the daily pages against the bare route, the bare route against the floor */
const DAILY_MEDIAN_RATIO = 2
const DAILY_P95_RATIO = 4
const BARE_FLOOR_RATIO = 3
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
    rounds: { type: 'string', default: '150' },
    // rounds over the daily pages before the measured ones (the server's first requests compile)
    'warmup-rounds': { type: 'string', default: '20' },
    build: { type: 'boolean', default: false },
    docs: { type: 'boolean' },
    'no-docs': { type: 'boolean' },
    only: { type: 'string' },
    'no-load': { type: 'boolean' }, // skip the concurrent-writes phase (scripts/bench-load.ts)
    // only the concurrent-writes phase: its own server on its own copy of the dataset (the pages and
    // the statistics skipped); it writes its section of docs/performance.md as a full run does
    'only-load': { type: 'boolean', default: false },
    // another checkout (built, same schema): its server answers the daily pages too, request by
    // request in turn with this one's, on a copy of the run database of its own (decision 255), and the
    // two are compared (prints only); WB_COMPARE_NODE_ARGS
    // gives that server its own Node options (`--compare .`: one build, two settings)
    compare: { type: 'string' },
    // a further short phase: the daily pages on a server started with V8's traces (--trace-gc,
    // --trace-opt), which prints the full collections and the optimising compiler's work per 100
    // rounds after the warm-up, and the functions compiled more than once (decision 137)
    // the pages' order within a round: drawn anew for every round from the seed (shuffled, decision 243)
    // or the same in every round (fixed, the method before session 30)
    order: { type: 'string', default: 'shuffled' },
    jit: { type: 'boolean', default: false },
    'jit-rounds': { type: 'string', default: '100' },
    help: { type: 'boolean', short: 'h' },
  },
})
if (values.help) {
  console.log(
    'Usage: npm run bench -- [--cases N] [--seed S] [--requests R] [--warmup W] [--rounds R] [--warmup-rounds R] [--build] [--docs|--no-docs] [--only id,id] [--no-load|--only-load] [--compare ../other-checkout] [--order shuffled|fixed] [--jit] [--jit-rounds R]',
  )
  process.exit(0)
}
const cases = Number(values.cases)
const seed = Number(values.seed)
if (values.order !== 'shuffled' && values.order !== 'fixed') throw new Error('--order is shuffled or fixed')
const shuffled = values.order === 'shuffled'
const requestCount = Number(values.requests)
const warmupCount = Number(values.warmup)
const roundCount = Number(values.rounds)
const warmupRoundCount = Number(values['warmup-rounds'])
const jitRoundCount = Number(values['jit-rounds'])
if (
  ![cases, seed, requestCount, warmupCount, roundCount, warmupRoundCount, jitRoundCount].every(
    (value) => Number.isInteger(value) && value >= 0,
  ) ||
  cases < 1 ||
  requestCount < 1
) {
  throw new Error('--cases, --requests must be positive whole numbers; --seed, --warmup, --rounds, --warmup-rounds, --jit-rounds whole numbers ≥ 0')
}
// The reference size writes docs/performance.md; smaller trial runs only print.
const compareWith = values.compare ? path.resolve(values.compare) : null
if (compareWith && !fs.existsSync(path.join(compareWith, 'build', 'index.js')))
  throw new Error(`--compare: ${compareWith} has no build (run NODE_ENV=production npx remix build there)`)
const writeDocs = compareWith ? false : values['no-docs'] ? false : (values.docs ?? cases >= 100_000)
const only = values.only ? new Set(values.only.split(',')) : null
const onlyLoad = values['only-load']
if (onlyLoad && (only || values['no-load'] || compareWith || values.jit))
  throw new Error('--only-load runs the concurrent-writes phase alone: not with --only, --no-load, --compare or --jit')

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

/**
 * The generator writes no audit log, but a year of real use does: every read and write of case
 * data is audited. The log page, its filters and its CSV export are measured against a log of that
 * size — AUDIT_EVENTS events of the dataset's own users and cases over the last year, mostly case
 * reads — added once to the cached dataset (deterministic: a fixed linear congruential stream).
 */
const AUDIT_EVENTS = 1_000_000
const AUDIT_ACTIONS: [string, string, number][] = [
  ['case.read', 'Case', 0.62],
  ['contact.read', 'Contact', 0.12],
  ['contact.create', 'Contact', 0.12],
  ['case.update', 'Case', 0.05],
  ['referral.transition', 'Referral', 0.04],
  ['identity.reveal', 'Client', 0.02],
  ['case.assign', 'Case', 0.02],
  ['case.status', 'Case', 0.01],
]

function ensureAuditLog(file: string) {
  const db = new Database(file)
  try {
    const present = Number(db.prepare('SELECT COUNT(*) FROM AuditEvent').pluck().get())
    if (present >= AUDIT_EVENTS) return
    console.log(
      `Dataset: adding ${(AUDIT_EVENTS - present).toLocaleString('en')} audit events (a year of use) …`,
    )
    const cases = db.prepare('SELECT id, counsellorId FROM "Case" WHERE counsellorId IS NOT NULL').all() as {
      id: string
      counsellorId: string
    }[]
    let state = 20261204
    const next = () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0
      return state / 2 ** 32
    }
    const end = Date.now()
    const span = 365 * 86_400_000
    const insert = db.prepare(
      'INSERT INTO AuditEvent (at, userId, action, entity, entityId, caseId, outcome, details, requestId, emergency) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, 0)',
    )
    const times = Array.from({ length: AUDIT_EVENTS - present }, () => end - Math.floor(next() * span)).sort(
      (a, b) => a - b,
    )
    db.transaction(() => {
      for (const at of times) {
        const target = cases[Math.floor(next() * cases.length)]!
        let roll = next()
        const [action, entity] = AUDIT_ACTIONS.find(([, , share]) => (roll -= share) < 0) ?? AUDIT_ACTIONS[0]!
        const outcome = next() < 0.002 ? 'DENIED' : 'SUCCESS'
        insert.run(
          isoDate(at),
          target.counsellorId,
          action,
          entity,
          target.id,
          target.id,
          outcome,
          `bench-${at.toString(36)}`,
        )
      }
    })()
    db.pragma('journal_mode = DELETE')
  } finally {
    db.close()
  }
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
  counts: { cases: number; contacts: number; clients: number; auditEvents: number }
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
    const busiestCaseId = db
      .prepare(
        `SELECT k.caseId FROM Contact k JOIN "Case" c ON c.id = k.caseId WHERE c.counsellorId = ?
         GROUP BY k.caseId ORDER BY COUNT(*) DESC LIMIT 1`,
      )
      .pluck()
      .get(counsellor.id) as string
    const topicId = db
      .prepare(
        `SELECT t.topicId FROM ContactTopic t JOIN Contact k ON k.id = t.contactId JOIN "Case" c ON c.id = k.caseId
         WHERE c.teamId = ? GROUP BY t.topicId ORDER BY COUNT(*) DESC LIMIT 1`,
      )
      .pluck()
      .get(team.id) as number
    const code = db
      .prepare(
        'SELECT cl.pseudonymCode FROM "Case" c JOIN Client cl ON cl.id = c.clientId WHERE c.teamId = ? ORDER BY c.openedAt DESC LIMIT 1',
      )
      .pluck()
      .get(team.id) as string
    const count = (sql: string) => Number(db.prepare(sql).pluck().get())
    return {
      emails: { counsellor: counsellor.email, lead: lead.email, admin: adminEmail },
      context: {
        caseId,
        busiestCaseId,
        codePrefix: code.slice(0, 4),
        topicId,
        lastYear: new Date().getUTCFullYear() - 1,
      },
      counts: {
        cases: count('SELECT COUNT(*) FROM "Case"'),
        contacts: count('SELECT COUNT(*) FROM Contact'),
        clients: count('SELECT COUNT(*) FROM Client'),
        auditEvents: count('SELECT COUNT(*) FROM AuditEvent'),
      },
    }
  } finally {
    db.close()
  }
}

// ---------------------------------------------------------------------------------------------
// server and HTTP

// The server: the shared child-process starter of the server tests (tests/setup/server-process.ts),
// with the heap limits of `npm start` (server/node-flags.js), so the memory measured is the
// production server's. WB_SERVER_NODE_ARGS (or BENCH_NODE_ARGS, its older name here) passes further
// Node options to the server only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" (Node refuses
// --cpu-prof in NODE_OPTIONS).
function startServer(database: string, from?: string) {
  return startServerProcess(
    database,
    {
      SESSION_SECRET: 'bench-session-secret-that-is-long-enough-0123456789',
      IDENTITY_KEY: process.env.IDENTITY_KEY ?? Buffer.alloc(32, 5).toString('base64'),
      IDENTITY_HMAC_SECRET: process.env.IDENTITY_HMAC_SECRET ?? 'bench-hmac-secret-that-is-long-enough-0123456789',
    },
    { from },
  )
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })

type Answer = { status: number; ms: number; bytes: number; headers: http.IncomingHttpHeaders }

/** What Chrome and Firefox send (server/index.js answers it with brotli; compression 1.8 knows no zstd). */
// WB_BENCH_ACCEPT_ENCODING: another Accept-Encoding for a comparison (e.g. `gzip`, as the bench asked before decision 168)
const BROWSER_ACCEPT_ENCODING = process.env.WB_BENCH_ACCEPT_ENCODING ?? 'gzip, deflate, br, zstd'

function request(
  port: number,
  pathname: string,
  { cookie, method = 'GET', body }: { cookie?: string; method?: string; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    // A browser's Accept-Encoding (Chrome's, Firefox's): the server answers it with brotli, so the bench
    // measures the compression a user's request costs (until session 23 it sent 'gzip' alone and measured
    // gzip at level 1, which no browser gets; decision 168).
    const headers: Record<string, string> = { 'accept-encoding': BROWSER_ACCEPT_ENCODING, accept: 'text/html' }
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
  /** the highest resident set sampled (every 50 ms) while the scenario's stage ran */
  peakRssMb?: number
  /**
   * wall time of the scenario's first request in the run: for the statistics, the one request that
   * computes the publication's suppression patterns (the server remembers them for the page and
   * its exports, docs/statistics.md), which the medians of the requests after it never include
   */
  firstMs?: number
  /** median over the bare route's median (the bare route: over the floor's) */
  ratio?: number
  /** p95 over the bare route's median */
  p95Ratio?: number
  pass?: boolean | null
}

async function measure(
  port: number,
  pid: number,
  scenario: Scenario,
  cookie: string | undefined,
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
    firstMs: probe.ms,
    medianMs: quantile(times, 0.5),
    p95Ms: quantile(times, 0.95),
    kb: bytes / 1024,
    cpuMs: cpuBefore !== null && cpuAfter !== null ? (cpuAfter - cpuBefore) / times.length : undefined,
    rssMb: readStatusMb(pid, 'VmRSS') ?? undefined,
  }
}

/**
 * The first request of each statistics scenario, in the order the run asked them: the first one of
 * a publication computes its suppression patterns, the table's medians are of the requests after.
 */
function firstRequests(results: Result[]) {
  const statistics = results.filter((result) => result.scenario.id.startsWith('statistics-') && result.firstMs !== undefined)
  if (statistics.length === 0) return null
  const list = statistics
    .map((result) => {
      const target = result.scenario.targetMs
      const verdict = target === null ? '' : ` (≤ ${target} ms: ${result.firstMs! <= target ? 'pass' : 'FAIL'})`
      return `${result.scenario.id} ${result.firstMs!.toFixed(0)} ms${verdict}`
    })
    .join(', ')
  return `First request of each statistics scenario, in this order: ${list}. The first of a publication computes its suppression patterns, which the server then remembers for the page and its exports, so the medians above are of figures already computed; the team's also pays the process's first statistics request (its modules, the read threads' start), and the exports' reuse the organisation's patterns.`
}

/**
 * The daily pages, the bare route and the floor, round-robin: each round asks every page once, so a
 * slower minute on the shared machine costs every page alike and the ratios stay comparable within the
 * run (the issue-19 method); in an order drawn anew for each round (`--order shuffled`, decision 243) so
 * that the collector's rhythm does not fall on the same page every round. CPU per request sums /proc
 * deltas per page.
 */
async function measureRounds(
  port: number,
  pid: number,
  scenarios: Scenario[],
  cookieOf: (scenario: Scenario) => string | undefined,
  context: BenchContext,
): Promise<Result[]> {
  return (await measureRoundsOn([{ port, pid, cookieOf }], scenarios, context))[0]!
}

type Served = { port: number; pid: number; cookieOf: (scenario: Scenario) => string | undefined }

/**
 * measureRounds on several servers (--compare): each page is asked of every server in turn before
 * the next page, so both see the same minute of the shared machine. Results per server.
 */
async function measureRoundsOn(
  servers: Served[],
  scenarios: Scenario[],
  context: BenchContext,
  { warmupRounds = warmupRoundCount, rounds = roundCount, onWarmedUp }: { warmupRounds?: number; rounds?: number; onWarmedUp?: () => void | Promise<void> } = {},
): Promise<Result[][]> {
  type Live = {
    scenario: Scenario
    target: string
    perServer: { cookie: string | undefined; times: number[]; cpu: number; bytes: number }[]
  }
  const live: Live[] = []
  const failed: Result[] = []
  for (const scenario of scenarios) {
    const target = scenario.path(context)
    const probes = await Promise.all(
      servers.map(async (server) => {
        const cookie = server.cookieOf(scenario)
        return { cookie, probe: await request(server.port, target, { cookie }) }
      }),
    )
    const refused = probes.find(({ probe }) => probe.status !== 200)
    if (!refused) {
      live.push({ scenario, target, perServer: probes.map(({ cookie, probe }) => ({ cookie, times: [], cpu: 0, bytes: probe.bytes })) })
      continue
    }
    const where = refused.probe.headers.location ? ` → ${refused.probe.headers.location}` : ''
    failed.push(
      refused.probe.status === 404
        ? { scenario, path: target, outcome: 'not available', detail: 'HTTP 404', requests: 0 }
        : { scenario, path: target, outcome: 'error', detail: `HTTP ${refused.probe.status}${where}`, requests: 0 },
    )
  }
  // The same seed gives the same orders in every run (and both servers of --compare the same order).
  const next = mulberry32(seed)
  for (let round = 0; round < warmupRounds + rounds; round += 1) {
    if (round === warmupRounds) await onWarmedUp?.()
    const order = shuffled ? roundOrder(live.length, next) : live.map((_, index) => index)
    for (const entry of order.map((index) => live[index]!)) {
      for (const [index, server] of servers.entries()) {
        const mine = entry.perServer[index]!
        const cpuBefore = processCpuMs(server.pid)
        const answer = await request(server.port, entry.target, { cookie: mine.cookie })
        const cpuAfter = processCpuMs(server.pid)
        if (answer.status !== 200)
          throw new Error(`${entry.target}: HTTP ${answer.status} in round ${round + 1}`)
        if (round < warmupRounds) continue
        mine.times.push(answer.ms)
        if (cpuBefore !== null && cpuAfter !== null) mine.cpu += cpuAfter - cpuBefore
        mine.bytes = answer.bytes
      }
    }
  }
  return servers.map((server, index) => {
    const rss = readStatusMb(server.pid, 'VmRSS') ?? undefined
    const results: Result[] = [...failed]
    for (const entry of live) {
      const mine = entry.perServer[index]!
      mine.times.sort((a, b) => a - b)
      results.push({
        scenario: entry.scenario,
        path: entry.target,
        outcome: 'ok',
        requests: mine.times.length,
        medianMs: quantile(mine.times, 0.5),
        p95Ms: quantile(mine.times, 0.95),
        kb: mine.bytes / 1024,
        cpuMs: mine.cpu / mine.times.length,
        rssMb: rss,
      })
    }
    return scenarios.map((scenario) => results.find((result) => result.scenario === scenario)!)
  })
}

function judge(results: Result[]) {
  const bare = results.find((result) => result.scenario.bare && result.outcome === 'ok')
  const floor = results.find((result) => result.scenario.floor && result.outcome === 'ok')
  for (const result of results) {
    if (result.outcome !== 'ok' || result.medianMs === undefined) continue
    const checks: boolean[] = []
    if (result.scenario.bare) {
      if (floor?.medianMs) {
        result.ratio = result.medianMs / floor.medianMs
        checks.push(result.ratio <= BARE_FLOOR_RATIO)
      }
    } else if (bare?.medianMs && !result.scenario.floor) {
      result.ratio = result.medianMs / bare.medianMs
      result.p95Ratio = result.p95Ms! / bare.medianMs
      if (result.scenario.daily)
        checks.push(result.ratio <= DAILY_MEDIAN_RATIO, result.p95Ratio <= DAILY_P95_RATIO)
    }
    if (result.scenario.targetMs !== null) checks.push(result.medianMs <= result.scenario.targetMs)
    if (result.scenario.maxRatio !== undefined && result.ratio !== undefined && !result.scenario.bare)
      checks.push(result.ratio <= result.scenario.maxRatio)
    result.pass = checks.length ? checks.every(Boolean) : null
  }
}

function targetText(scenario: Scenario) {
  const parts: string[] = []
  if (scenario.targetMs !== null) parts.push(`≤ ${scenario.targetMs} ms`)
  if (scenario.daily) parts.push(`≤ ${DAILY_MEDIAN_RATIO}× bare, p95 ≤ ${DAILY_P95_RATIO}× bare`)
  else if (scenario.maxRatio !== undefined) parts.push(`≤ ${scenario.maxRatio}× bare`)
  if (scenario.bare) parts.push(`≤ ${BARE_FLOOR_RATIO}× floor`)
  return parts.join(', ') || '—'
}

function summaryOf(result: Result) {
  return result.outcome === 'ok'
    ? `median ${result.medianMs!.toFixed(1)} ms, p95 ${result.p95Ms!.toFixed(1)} ms`
    : verdict(result)
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
    result.ratio === undefined ? '—' : `${result.ratio.toFixed(1)}×${result.scenario.bare ? ' floor' : ''}`,
    result.p95Ratio === undefined ? '—' : `${result.p95Ratio.toFixed(1)}×`,
    result.cpuMs === undefined ? '—' : result.cpuMs.toFixed(1),
    result.kb === undefined ? '—' : result.kb.toFixed(1),
    result.rssMb === undefined ? '—' : result.rssMb.toFixed(0),
    result.peakRssMb === undefined ? '—' : result.peakRssMb.toFixed(0),
    result.requests ? String(result.requests) : '—',
    targetText(result.scenario),
    verdict(result),
  ])
}

const HEADER = [
  'scenario',
  'median ms',
  'p95 ms',
  'median vs bare',
  'p95 vs bare',
  'CPU ms/req',
  'kB (brotli)',
  'RSS MB after',
  'RSS MB peak during',
  'requests',
  'target',
  'result',
]

function printTable(table: string[][], header = HEADER) {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...table.map((row) => row[column]!.length)),
  )
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
  console.log(line(header))
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
// --compare: this checkout against another, request by request in turn

async function compareDailyPages(
  mine: { child: ChildProcess; port: number },
  database: string,
  scenarios: Scenario[],
  cookieOf: (scenario: Scenario) => string | undefined,
  signInAll: (origin: string) => Promise<(scenario: Scenario) => string | undefined>,
  context: BenchContext,
) {
  // WB_COMPARE_NODE_ARGS: the compared server's Node options instead of WB_SERVER_NODE_ARGS, so that
  // `--compare .` measures V8 settings on one build (startServerProcess reads the variable at start).
  const given = process.env.WB_SERVER_NODE_ARGS
  const compareArgs = process.env.WB_COMPARE_NODE_ARGS
  if (compareArgs !== undefined) process.env.WB_SERVER_NODE_ARGS = compareArgs
  let other: Awaited<ReturnType<typeof startServer>>
  try {
    other = await startServer(database, compareWith!)
  } finally {
    if (given === undefined) delete process.env.WB_SERVER_NODE_ARGS
    else process.env.WB_SERVER_NODE_ARGS = given
  }
  try {
    const what = compareArgs === undefined ? '' : ` (its server with the Node options "${compareArgs}")`
    // its own sessions, in its own copy of the database (decision 255)
    const otherCookieOf = await signInAll(`http://127.0.0.1:${other.port}`)
    console.log(`Daily pages: ${roundCount} rounds over ${scenarios.length} pages, this checkout and ${compareWith}${what} in turn …`)
    const [here, there] = await measureRoundsOn(
      [
        { port: mine.port, pid: mine.child.pid!, cookieOf },
        { port: other.port, pid: other.child.pid!, cookieOf: otherCookieOf },
      ],
      scenarios,
      context,
    )
    judge(here!)
    judge(there!)
    const cell = (value: number | undefined, digits = 1) => (value === undefined ? '—' : value.toFixed(digits))
    const header = ['scenario', 'compared median', 'this median', 'compared p95', 'this p95', 'compared CPU ms', 'this CPU ms', 'CPU this/compared', 'compared × bare', 'this × bare', 'compared kB', 'this kB']
    const table = [
      ...here!.map((result, index) => {
        const theirs = there![index]!
        return [
          result.scenario.label,
          cell(theirs.medianMs),
          cell(result.medianMs),
          cell(theirs.p95Ms),
          cell(result.p95Ms),
          cell(theirs.cpuMs),
          cell(result.cpuMs),
          result.cpuMs !== undefined && theirs.cpuMs ? cell(result.cpuMs / theirs.cpuMs, 2) : '—',
          cell(theirs.ratio),
          cell(result.ratio),
          cell(theirs.kb),
          cell(result.kb),
        ]
      }),
    ]
    console.log('')
    printTable(table, header)
    console.log(
      `\nPeak resident set: this ${readStatusMb(mine.child.pid!, 'VmHWM')?.toFixed(0)} MB, compared ${readStatusMb(other.child.pid!, 'VmHWM')?.toFixed(0)} MB. Load average now: ${os.loadavg()[0]!.toFixed(1)}.`,
    )
  } finally {
    await other.stop()
  }
}

/**
 * --jit: the daily pages once more, on a server of their own started with V8's traces, printing how
 * often the collector ran a full collection (mark-compact) and TurboFan compiled per 100 rounds after
 * the warm-up, and the functions it compiled more than once. A closure made per request loses its
 * optimised code at each mark-compact and is compiled again (decision 137): a change that brings such
 * a closure back into a hot path shows here. The traces cost CPU themselves, so this phase measures no
 * times; the pages' figures come from the untraced phase before.
 */
async function jitPhase(database: string, scenarios: Scenario[], cookieOf: (scenario: Scenario) => string | undefined, context: BenchContext) {
  const log = path.join(tmp, `bench-jit-${process.pid}.log`)
  fs.rmSync(log, { force: true })
  const given = { WB_SERVER_NODE_ARGS: process.env.WB_SERVER_NODE_ARGS, WB_SERVER_STDOUT: process.env.WB_SERVER_STDOUT }
  const restore = () => {
    for (const [name, value] of Object.entries(given))
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
  }
  // startServerProcess reads both when it starts the server
  process.env.WB_SERVER_NODE_ARGS = `${given.WB_SERVER_NODE_ARGS ?? ''} --trace-gc --trace-opt --print-opt-source`.trim()
  process.env.WB_SERVER_STDOUT = log
  let traced: Awaited<ReturnType<typeof startServer>> | undefined
  try {
    traced = await startServer(database)
    restore()
    console.log(`\nV8's compiler and full collections: ${jitRoundCount} rounds over ${scenarios.length} pages after ${warmupRoundCount} warm-up rounds, traced …`)
    let warmedUpAt = 0
    await measureRoundsOn([{ port: traced.port, pid: traced.child.pid!, cookieOf }], scenarios, context, {
      rounds: jitRoundCount,
      onWarmedUp: async () => {
        warmedUpAt = await settledSize(log)
      },
    })
    // the server's last traces may still be in the pipe when it exits: read the log once its stdout has closed
    const drained = new Promise((resolve) => traced!.child.stdout!.once('close', resolve))
    await traced.stop()
    await drained
    const afterWarmUp = fs.readFileSync(log).subarray(warmedUpAt).toString('utf8')
    const report = jitReport(afterWarmUp, 0, fs.readFileSync(path.join(root, 'build', 'index.js'), 'utf8'))
    const per100 = (count: number) => ((count * 100) / Math.max(1, jitRoundCount)).toFixed(1)
    console.log(
      `Per 100 rounds after the warm-up: ${per100(report.markCompacts)} mark-compacts, ${per100(report.scavenges)} scavenges, ${per100(report.compilations)} TurboFan compilations`,
    )
    console.log(formatJitReport(report, 25))
  } finally {
    restore()
    await traced?.stop()
    fs.rmSync(log, { force: true })
  }
}

/**
 * The log's size once the server's traces of the warm-up have reached it: V8 writes each trace line at once,
 * but the lines pass through the pipe and this process's event loop (server-process.ts appends them) after the
 * last answer of the warm-up has arrived. Between the warm-up and the measured rounds the server is idle, so the
 * size is taken when it has not grown for 250 ms (at most 5 s: a compiler thread still tracing is not waited for).
 */
async function settledSize(log: string) {
  const sizeNow = () => (fs.existsSync(log) ? fs.statSync(log).size : 0)
  const giveUp = Date.now() + 5_000
  let size = sizeNow()
  let stableSince = Date.now()
  while (Date.now() - stableSince < 250 && Date.now() < giveUp) {
    await new Promise((resolve) => setTimeout(resolve, 50))
    const next = sizeNow()
    if (next !== size) {
      size = next
      stableSince = Date.now()
    }
  }
  return size
}

// ---------------------------------------------------------------------------------------------
// main

const loadAtStart = os
  .loadavg()
  .map((value) => value.toFixed(1))
  .join(' / ')
const source = await dataset()
if (onlyLoad) {
  ensureBuild()
  await runConcurrentWritesBench({ source, writeDocs })
  process.exit(0)
}
ensureAuditLog(source)
ensureBuild()
const runDatabase = path.join(tmp, `bench-run-${process.pid}.db`)
// --compare: the compared server works on a copy of its own (decision 255). On one file in WAL mode, each
// server's commits (the audit events of every view) would empty the other's page cache at its next read
// (SQLite's pager resets its cache when another connection has written), so every statement of a pair
// would be measured cold, and a change to what the cache holds could not be seen.
const compareDatabase = compareWith ? path.join(tmp, `bench-run-${process.pid}-compared.db`) : null
removeDatabase(runDatabase)
fs.copyFileSync(source, runDatabase)
let server: ChildProcess | undefined
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server?.kill('SIGKILL')
    removeDatabase(runDatabase)
    if (compareDatabase) removeDatabase(compareDatabase)
    process.exit(130)
  })
}
try {
  // Migrations added since the dataset was cached, and seed data of newer features.
  prepareDatabase(runDatabase)
  const prepared = await prepareRunDatabase(runDatabase)
  // copied once prepared (its connection closed, the WAL checkpointed): the same users, passwords and second factors
  if (compareDatabase) {
    removeDatabase(compareDatabase)
    fs.copyFileSync(runDatabase, compareDatabase)
  }
  console.log(
    `Data: ${prepared.counts.cases.toLocaleString('en')} cases, ${prepared.counts.contacts.toLocaleString('en')} contacts, ${prepared.counts.clients.toLocaleString('en')} clients`,
  )
  const started = await startServer(runDatabase)
  server = started.child
  const pid = server.pid!
  let peakRss = readStatusMb(pid, 'VmRSS') ?? 0
  // Per stage too, so that the results say where the peak is reached (the daily pages share one stage).
  const SIGN_IN = 'start and sign-in'
  const DAILY = 'daily pages'
  const stages = [SIGN_IN, DAILY]
  const stagePeaks = new StagePeaks(SIGN_IN)
  stagePeaks.sample(peakRss)
  const sampler = setInterval(() => {
    const rss = readStatusMb(pid, 'VmRSS')
    stagePeaks.sample(rss)
    peakRss = Math.max(peakRss, rss ?? 0)
  }, 50)
  const signInAll = async (origin: string) => {
    const cookies = {} as Record<BenchUser, string>
    for (const user of ['counsellor', 'lead', 'admin'] as const)
      cookies[user] = await signIn(origin, prepared.emails[user], BENCH_PASSWORD)
    return (scenario: Scenario) => (scenario.user ? cookies[scenario.user] : undefined)
  }
  const cookieOf = await signInAll(`http://127.0.0.1:${started.port}`)
  const chosen = SCENARIOS.filter(
    (scenario) => !only || scenario.bare || scenario.floor || only.has(scenario.id),
  )
  const roundRobin = chosen.filter((scenario) => scenario.daily || scenario.bare || scenario.floor)
  if (compareWith) {
    await compareDailyPages(started, compareDatabase!, roundRobin, cookieOf, signInAll, prepared.context)
    // the memory sampler would keep the process alive after the comparison
    clearInterval(sampler)
  } else {
    console.log(`Daily pages: ${roundCount} rounds over ${roundRobin.length} pages …`)
    stagePeaks.enter(DAILY)
    const results: Result[] = await measureRounds(started.port, pid, roundRobin, cookieOf, prepared.context)
    for (const result of results) console.log(`  ${result.scenario.label}: ${summaryOf(result)}`)
    for (const scenario of chosen.filter((entry) => !roundRobin.includes(entry))) {
      stagePeaks.enter(scenario.id)
      stages.push(scenario.id)
      const result = await measure(started.port, pid, scenario, cookieOf(scenario), prepared.context)
      results.push(result)
      console.log(`  ${scenario.label}: ${summaryOf(result)}`)
    }
    clearInterval(sampler)
    const highWater = readStatusMb(pid, 'VmHWM')
    peakRss = Math.max(peakRss, highWater ?? 0)
    for (const result of results)
      result.peakRssMb = stagePeaks.peakOf(roundRobin.includes(result.scenario) ? DAILY : result.scenario.id)
    judge(results)

    const table = rows(results)
    console.log('')
    printTable(table)
    const firsts = firstRequests(results)
    if (firsts) console.log(`\n${firsts}`)
    const memoryPass = peakRss <= MEMORY_TARGET_MB
    console.log(
      `\nServer memory: peak RSS ${peakRss.toFixed(0)} MB (target ≤ ${MEMORY_TARGET_MB} MB: ${memoryPass ? 'pass' : 'FAIL'})`,
    )
    const peakStage = peakStageLine(stagePeaks, stages, peakRss)
    if (peakStage) console.log(peakStage)
    if (values.jit) await jitPhase(runDatabase, roundRobin, cookieOf, prepared.context)

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
        `- Method: the daily pages, /about and /healthz round-robin, ${roundCount} rounds after ${warmupRoundCount} warm-up rounds (each round asks every page once, ${shuffled ? `in an order drawn anew for each round from seed ${seed}` : 'in the same order'}); the other pages ${requestCount} sequential requests after ${warmupCount} warm-up requests (statistics, export: fewer); wall time per request over keep-alive loopback, a browser's Accept-Encoding (brotli); the bench counsellor is the one with the most cases in the largest team; ${prepared.counts.auditEvents.toLocaleString('en')} audit events`,
        '',
        markdownTable(table),
        '',
        ...(firsts ? [firsts, ''] : []),
        `Server memory: peak resident set ${peakRss.toFixed(0)} MB (target ≤ ${MEMORY_TARGET_MB} MB: ${memoryPass ? 'pass' : 'FAIL'}).`,
        ...(peakStage ? [peakStage] : []),
        '',
        'Targets (PRODUCT.md §7, issue 19): every daily page median ≤ 2× and p95 ≤ 4× the bare route (`/about`), the bare',
        'route ≤ 3× the floor (`/healthz`); case list median ≤ 20 ms; `/team` ≤ 50 ms; annual statistics ≤ 2 s; server',
        'memory ≤ 200 MB resident. "not available" means the page answered 404 in this build.',
      ].join('\n')
      writePerformanceDoc(block)
    }
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
  if (compareDatabase) removeDatabase(compareDatabase)
}

// Statistics against plain SQL (issue 6): in its own process, on its own copy of the dataset.
if (!only) {
  const statistics = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(root, 'scripts', 'bench-statistics.ts'),
      '--database',
      source,
      '--runs',
      '3',
      ...(writeDocs ? ['--docs'] : []),
    ],
    { cwd: root, stdio: 'inherit' },
  )
  if (statistics.status !== 0) console.error(`The statistics benchmark failed (exit ${statistics.status}).`)
}

// Concurrent writes (issue 8): 50 counsellors for 60 s on their own server and copy of the dataset.
if (!values['no-load'] && !only) await runConcurrentWritesBench({ source, writeDocs })
