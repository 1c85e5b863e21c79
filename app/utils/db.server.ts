import { AsyncLocalStorage } from 'node:async_hooks'
import { statSync, writeFileSync } from 'node:fs'
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import { databaseFile } from '#database-file'
import { Prisma, PrismaClient } from '#app/generated/prisma/client.ts'
import { largeReads, type WalCheckpoint } from '#app/utils/read-worker.server.ts'

export { databaseFile }

// The connection behind the adapter, for `readRows`: kept under a registered symbol on the client so
// that a reloaded module (and each build of a side-by-side harness) finds its own client's connection.
const CONNECTION = Symbol.for('wegbegleiter.connection')
type Connection = { database: (StatementSource & { open: boolean }) | null }

const OPTIMIZE_EVERY_MS = 6 * 60 * 60 * 1000
// The production server checkpoints the write-ahead log in a thread (decision 103): it looks this
// often whether the log was written to, and its own connection checkpoints only past this many pages
// (a fallback should the thread fall behind; SQLite's default is 1,000).
const CHECKPOINT_EVERY_MS = 1000
export const FALLBACK_AUTOCHECKPOINT_PAGES = 8000
const checkpointInThread = process.env.NODE_ENV === 'production'

function connect() {
  // timeout is SQLite's busy timeout: a writer waits for the lock instead of failing.
  const adapter = new PrismaBetterSqlite3({ url: `file:${databaseFile()}`, timeout: 5000 })
  const connectAdapter = adapter.connect.bind(adapter)
  const connection: Connection = { database: null }
  adapter.connect = async () => {
    const connected = await connectAdapter()
    const database = (connected as unknown as { client: StatementSource & { open: boolean } }).client
    keepSynchronousNormalInWal(database as unknown as Pragmas)
    keepPageCacheSmall(database as unknown as Pragmas)
    if (checkpointInThread) checkpointRarelyHere(database as unknown as Pragmas)
    beginImmediately(database)
    reusePreparedStatements(database)
    connection.database = database
    return connected
  }
  const base = new PrismaClient({ adapter })
  // better-sqlite3 behind the adapter is one connection, so these pragmas hold for every query;
  // every operation waits for them so that no write can run before foreign keys are on.
  // journal_mode is persistent in the file (db:migrate sets it); setting it here covers files made
  // elsewhere, and fails harmlessly when the first query of the process is a transaction.
  const ready = (async () => {
    await base.$queryRawUnsafe('PRAGMA journal_mode = WAL').catch(() => undefined)
    await base.$executeRawUnsafe('PRAGMA foreign_keys = ON')
    // Gives the query planner table statistics (bounded work at open, per SQLite's advice), so
    // selective filters on large tables pick the right index.
    await base.$queryRawUnsafe('PRAGMA optimize=0x10002').catch(() => undefined)
  })()
  // A failure here (e.g. the database folder is missing) must not crash the process at import:
  // every query awaits `ready` and reports it.
  ready.catch(() => undefined)
  const client = base.$extends({
    query: {
      async $allOperations({ args, query }) {
        await ready
        if (insideTransaction.getStore()) return query(args)
        return exclusive(() => query(args))
      },
    },
  })
  // The statistics of the start-up optimize again every six hours, as SQLite advises for a
  // long-lived connection: a table that was empty at the start (a new installation) gets statistics
  // once it has rows, so the planner stops guessing between its indexes (e.g. Transfer's by case
  // and by status). Bounded work (SQLite limits the analysis); through `client`, so it takes its
  // turn like any query; the timer never keeps the process alive.
  setInterval(() => void client.$queryRawUnsafe('PRAGMA optimize').catch(() => undefined), OPTIMIZE_EVERY_MS).unref()
  if (checkpointInThread) {
    const file = databaseFile()
    const tick = walCheckpointer({ log: `${file}-wal`, isOpen: () => Boolean(connection.database?.open), checkpoint: () => largeReads.checkpoint(file) })
    setInterval(tick, CHECKPOINT_EVERY_MS).unref()
  }
  // The adapter serialises interactive transactions, but a query outside one runs on the same
  // connection while another request's transaction is open: it becomes part of that transaction
  // (a write then vanishes although acknowledged when that transaction rolls back, and reads see
  // uncommitted data). So every transaction and every query outside one take turns (issue 8).
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === CONNECTION) return { connection, ready }
      if (property !== '$transaction') return Reflect.get(target, property, receiver)
      const transaction = target.$transaction.bind(target) as (...args: unknown[]) => Promise<unknown>
      return (...args: unknown[]) => {
        if (insideTransaction.getStore()) return transaction(...args)
        return exclusive(() => insideTransaction.run(true, () => transaction(...args)))
      }
    },
  })
}

type Statement = {
  reader: boolean
  columns(): unknown[]
  raw(toggle?: boolean): Statement
  all(...args: unknown[]): unknown[]
  run(...args: unknown[]): unknown
}
type StatementSource = { prepare(sql: string): Statement & { bind(values: unknown[]): Statement } }

/**
 * The adapter starts a transaction with a plain BEGIN, which SQLite opens as a reader and upgrades
 * at the first write. In WAL mode that upgrade fails at once (SQLITE_BUSY_SNAPSHOT, which the adapter
 * reports as "Operation has timed out") when another process committed since the transaction's
 * first read: a backup, the retention job, or the browser tests arranging data — a save answered
 * with a 500, more often the busier the machine. BEGIN IMMEDIATE takes the write lock at the start
 * (waiting for it up to the busy timeout), so no transaction fails half-way for that reason. Within
 * this process transactions take turns anyway (`exclusive` below), so nothing here waits longer.
 */
function beginImmediately(database: StatementSource) {
  const prepare = database.prepare.bind(database)
  database.prepare = (sql: string) => prepare(sql === 'BEGIN' ? 'BEGIN IMMEDIATE' : sql)
}

/**
 * The adapter compiles every query's SQL anew (`prepare(sql).bind(args)`), which cost about a
 * tenth of the server's CPU under load. Compiled statements are kept per SQL text (bounded) and
 * handed out behind a small object with the calls the adapter makes; arguments are passed per
 * call, because better-sqlite3 binds a statement's parameters for good with `bind`.
 */
function reusePreparedStatements(database: StatementSource, limit = 500) {
  const prepare = database.prepare.bind(database)
  const cache = new Map<string, Statement>()
  database.prepare = (sql: string) => {
    let statement = cache.get(sql)
    if (statement) {
      // Most recently used last, so the oldest entry is the first to go.
      cache.delete(sql)
      cache.set(sql, statement)
    } else {
      statement = prepare(sql)
      cache.set(sql, statement)
      if (cache.size > limit) cache.delete(cache.keys().next().value!)
    }
    return new BoundStatement(sqlProfile ? profiled(sql, statement) : statement, false)
  }
}

/**
 * A compiled statement with the arguments of one call. A class, so that its methods are module-level
 * functions: closures made per query lose V8's optimised code at each full collection and are
 * compiled again (decision 137).
 */
class BoundStatement {
  private args: unknown[] = []
  constructor(
    private readonly compiled: Statement,
    /** rows as arrays (`raw()`), as the adapter reads a query's rows */
    private readonly arrays: boolean,
  ) {}
  get reader() {
    return this.compiled.reader
  }
  bind(values: unknown[]) {
    this.args = values
    return this
  }
  columns() {
    return this.compiled.columns()
  }
  raw() {
    const raw = new BoundStatement(this.compiled, true)
    raw.args = this.args
    return raw
  }
  all() {
    return this.compiled.raw(this.arrays).all(...this.args)
  }
  run() {
    return this.compiled.run(...this.args)
  }
}

/**
 * `SQL_PROFILE=<file>` (the bench's profiling runs, docs/performance.md): the time each SQL text
 * spent in SQLite, written to the file as JSON when the process exits. Off in normal operation.
 */
const sqlProfile = process.env.SQL_PROFILE
const sqlTimes = new Map<string, { calls: number; ms: number }>()
if (sqlProfile) {
  process.on('exit', () => {
    const rows = [...sqlTimes].map(([sql, time]) => ({ sql, ...time })).sort((a, b) => b.ms - a.ms)
    writeFileSync(sqlProfile, JSON.stringify(rows, null, 1))
  })
}

function profiled(sql: string, statement: Statement): Statement {
  const timed =
    <A extends unknown[], R>(work: (...args: A) => R) =>
    (...args: A): R => {
      const started = performance.now()
      try {
        return work(...args)
      } finally {
        const entry = sqlTimes.get(sql) ?? { calls: 0, ms: 0 }
        entry.calls += 1
        entry.ms += performance.now() - started
        sqlTimes.set(sql, entry)
      }
    }
  return {
    get reader() {
      return statement.reader
    },
    columns: () => statement.columns(),
    raw: (toggle) => {
      const raw = statement.raw(toggle)
      return { ...raw, reader: raw.reader, columns: () => raw.columns(), raw: raw.raw.bind(raw), all: timed(raw.all.bind(raw)), run: timed(raw.run.bind(raw)) }
    },
    all: timed(statement.all.bind(statement)),
    run: timed(statement.run.bind(statement)),
  }
}

const insideTransaction = new AsyncLocalStorage<boolean>()
let queue: Promise<unknown> = Promise.resolve()

/** Runs the work after everything queued before it has finished (one at a time, in order). */
function exclusive<T>(work: () => Promise<T>): Promise<T> {
  const result = queue.then(work, work)
  queue = result.catch(() => undefined)
  return result
}

type Pragmas = { pragma(source: string, options?: { simple: boolean }): unknown }

/**
 * `synchronous = NORMAL` in WAL mode (decision 096), set on the fresh connection — before any
 * statement, so never inside a transaction, where SQLite refuses to change it. In WAL mode a commit
 * is durable against a crash of the process at once and against a power cut or OS crash from the
 * next WAL sync (each checkpoint); FULL would sync the WAL on every commit — every audited page view
 * commits — and block the one event loop ≈ 8 ms per commit on this disk. better-sqlite3 opens a WAL
 * file at NORMAL anyway (SQLITE_DEFAULT_WAL_SYNCHRONOUS=1); stating it keeps a driver upgrade from
 * changing it. With a rollback journal NORMAL can corrupt on a power cut, so such a file keeps
 * SQLite's FULL — also a file switched to WAL only by this connection (`ready` below), which stays at
 * FULL until the next start.
 */
function keepSynchronousNormalInWal(database: Pragmas) {
  if (String(database.pragma('journal_mode', { simple: true })).toLowerCase() === 'wal') database.pragma('synchronous = NORMAL')
}

/**
 * SQLite's page cache: 4 MB instead of better-sqlite3's 16 MB. The operating system caches the file
 * anyway; the larger cache only held the annual statistics' pages in the server's resident memory
 * (+110 MB during that query, +76 MB with 4 MB; docs/performance.md "Memory"). Set on every
 * connection the adapter opens: a client that reconnects after `$disconnect` (the tests do, per
 * test) had better-sqlite3's 16 MB again when this ran once in `ready`.
 */
function keepPageCacheSmall(database: Pragmas) {
  database.pragma('cache_size = -4000')
}

/**
 * Decision 103. SQLite checkpoints the write-ahead log by default inside the COMMIT that takes it past
 * 1,000 pages: on this one connection, synchronously, so the event loop waits while every page is
 * copied into the file and for two fsyncs (the log, then the file). A contact save writes ≈ 30 pages
 * (the contact, its topics and the audit event, each with its indexes and the triggers' tables), so
 * under the load bench that was a checkpoint every third of a second, ≈ 25–50 ms each on this disk.
 * In production a thread of the read pool checkpoints instead (server/read-worker.js), and this
 * connection only past FALLBACK_AUTOCHECKPOINT_PAGES, should the thread fall behind. Tests and
 * development keep SQLite's default: the test files are replaced between tests, and a thread
 * checkpointing a file being replaced would write into the new one.
 */
function checkpointRarelyHere(database: Pragmas) {
  if (String(database.pragma('journal_mode', { simple: true })).toLowerCase() === 'wal') database.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`)
}

/** Failed looks in a row with SQLITE_BUSY before the checkpointer reports it (a minute at one look a second). */
export const BUSY_LOOKS_BEFORE_REPORT = 60

/**
 * One look at the write-ahead log (a `stat` of its file): when it was written since the last look and
 * no checkpoint is under way, a checkpoint starts in the thread. Every writer's commit, this process's
 * or another's, changes the log's modification time (and, while it grows, its size); a checkpoint
 * does not (it reads the log and writes the database file). Time and size are compared together: on
 * a file system with coarse file times a write within the same tick still shows as a new size while
 * the log grows; a rewound log of the same size written within the same tick is copied at the next
 * write, or by the connection's fallback. A checkpoint that could not copy every page (a reader's
 * snapshot held some back) or failed is tried again at the next look, written or not; a failure is
 * logged (at most once an hour), since the connection's own checkpoints are 8× rarer than SQLite's
 * default. SQLITE_BUSY (or an extended code of it) is the exception while it passes: the thread's
 * connection waits for no lock (busy timeout 0), so it fails to open or read the schema while another
 * connection holds the database's pending or exclusive lock — the last connection closing (it
 * checkpoints and removes the log), a recovery of the log (seen once while `npm test` seeded the
 * browser tests' database); a PASSIVE checkpoint that meets another checkpoint or a writer does not
 * fail, it reports `busy`. It is reported only after `BUSY_LOOKS_BEFORE_REPORT` looks in a row failed
 * so. A failure while the app's connection was closing is not reported. Nothing happens while the
 * app's connection is closed.
 */
export function walCheckpointer({
  log,
  isOpen,
  checkpoint,
  report = (error) => console.error(`[${new Date().toISOString()}] WAL checkpoint in the read pool failed`, error),
}: {
  log: string
  isOpen: () => boolean
  checkpoint: () => Promise<WalCheckpoint>
  report?: (error: unknown) => void
}) {
  let seen = ''
  let running = false
  let reportedAt = -Infinity
  let busyInARow = 0
  return function tick() {
    if (running || !isOpen()) return
    let state: string
    try {
      const { mtimeMs, size } = statSync(log)
      state = `${mtimeMs}:${size}`
    } catch {
      return // no log (yet): nothing to copy
    }
    if (state === seen) return
    seen = state
    running = true
    void checkpoint()
      .then((done) => {
        busyInARow = 0
        if (done.busy !== 0 || done.checkpointed < done.log) seen = ''
      })
      .catch((error: unknown) => {
        seen = ''
        if (!isOpen()) return // the app's connection closed meanwhile (a script's end, a replaced file)
        busyInARow = String((error as { code?: unknown } | null)?.code).startsWith('SQLITE_BUSY') ? busyInARow + 1 : 0
        if (busyInARow > 0 && busyInARow < BUSY_LOOKS_BEFORE_REPORT) return
        if (performance.now() - reportedAt < 3_600_000) return
        reportedAt = performance.now()
        report(error)
      })
      .finally(() => {
        running = false
      })
  }
}

type Client = ReturnType<typeof connect>

declare global {
  var __wegbegleiterPrisma: Client | undefined
}

globalThis.__wegbegleiterPrisma ??= connect()

export const prisma = globalThis.__wegbegleiterPrisma
export type { Prisma } from '#app/generated/prisma/client.ts'
export type TransactionClient = Parameters<Parameters<Client['$transaction']>[0]>[0]

/**
 * A read of a hot page as one raw statement, straight from the connection behind Prisma (decision
 * 067): `prisma.$queryRaw` sends even a raw statement through the ORM's query pipeline (its query
 * compiler, the adapter's row mapping, its value conversion) — ≈ 0.15–0.3 ms of JavaScript and
 * its garbage per statement, as much as SQLite spends on most of them. Same connection, same turn
 * taking as every ORM query (`exclusive`: never inside another request's open transaction), same
 * compiled-statement cache; the values bound as the ORM binds them (a Date in its stored text form).
 * Rows come back as SQLite gives them: text, integers as `bigint`, NULL — no Date, no boolean: the
 * caller converts, as it must for `$queryRaw` already (a DateTime arrives there as text or Date).
 */
export async function readRows<Rows extends unknown[]>(strings: TemplateStringsArray, ...values: unknown[]): Promise<Rows> {
  return onConnection<Rows>(statementOf(strings, values))
}

/**
 * `readRows` with each row as an array of its columns in the statement's order (better-sqlite3's raw
 * mode), for a list page's statements of many rows: better-sqlite3 builds an object per row by
 * setting each column by name, which cost ≈ 40 % of such a statement's CPU — 50 rows of 14 columns
 * 0.36 → 0.23 ms, 25 rows of 9 columns 0.13 → 0.09 ms on the bench file (decision 197); /team's queue and
 * workload 0.14 and 0.05 ms (decision 189). The caller reads the columns by position right after the
 * statement, in one place.
 */
export async function readRowArrays<Rows extends unknown[][]>(strings: TemplateStringsArray, ...values: unknown[]): Promise<Rows> {
  return onConnection<Rows>(statementOf(strings, values), true)
}

/**
 * One small write (an `INSERT` or `UPDATE`, with `RETURNING` where its rows are needed) straight on
 * the connection, as `readRows` reads (decision 076): the audit event every audited read and write
 * adds, the contact save's first/last-contact update. Through the ORM that single INSERT cost
 * its query compiler, interpreter and adapter — ≈ 0.3–0.5 ms of JavaScript and garbage each, paid
 * on every case page and every save. The same connection and turn taking as an ORM write: outside a
 * transaction it commits on its own (SQLite's autocommit, as the ORM's single INSERT), inside a
 * transaction's callback it is part of that transaction and rolls back with it. Values are bound as
 * by `readRows`; write only columns whose stored form that binding gives (text, integers, a Date as
 * Prisma's text, a boolean as 0/1) — a column with an ORM-side default must be given explicitly.
 */
export async function writeRows<Rows extends unknown[]>(strings: TemplateStringsArray, ...values: unknown[]): Promise<Rows> {
  return onConnection<Rows>(statementOf(strings, values))
}

/**
 * `writeRows` with a text the caller builds and keeps, one string per shape of the statement (the audit
 * log's INSERT of n events, decision 235): the compiled-statement cache finds a kept string by the hash V8
 * keeps in it. Values are bound as by `readRows`.
 */
export async function writeStatement<Rows extends unknown[]>(sql: string, values: unknown[]): Promise<Rows> {
  return onConnection<Rows>({ sql, values })
}

/**
 * Several small writes in one turn on the connection (decision 235, update of session 31): `work` gets `write(sql,
 * values)`, which runs one statement at once and answers its rows (bound as by `readRows`; outside a transaction each
 * commits on its own), and nothing else runs on the connection between them. The audit log writes the events of a
 * turn this way, an INSERT of up to 100 events after the other and, should one fail, its events one by one, so that
 * the events' ids follow the order of the calls whatever fails: written in turns of their own, the single INSERTs came
 * after the statements queued meanwhile.
 */
export async function writeInOneTurn<Result>(work: (write: WriteNow) => Result): Promise<Result> {
  const { connection, ready } = (prisma as unknown as Record<symbol, { connection: Connection; ready: Promise<void> }>)[CONNECTION]!
  await ready
  if (!connection.database?.open) await prisma.$queryRawUnsafe('SELECT 1')
  const run = writeOnConnection.bind(undefined, connection, work) as () => Promise<Result>
  return insideTransaction.getStore() ? run() : exclusive(run)
}

/** A statement run at once on the connection, its rows answered (inside `writeInOneTurn`). */
export type WriteNow = <Rows extends unknown[]>(sql: string, values: unknown[]) => Rows

async function writeOnConnection<Result>(connection: Connection, work: (write: WriteNow) => Result) {
  const database = connection.database
  if (!database?.open) throw new Error('The database connection is closed')
  // bound, not a closure made per call (decision 137)
  return work(writeNow.bind(undefined, database) as WriteNow)
}

function writeNow(database: StatementSource, sql: string, values: unknown[]) {
  return database.prepare(sql).bind(values.map(boundValue)).all()
}

/** Whether the caller runs inside a transaction's callback, where every statement is part of that transaction. */
export function inTransaction() {
  return insideTransaction.getStore() === true
}

type Query = { readonly sql: string; readonly values: readonly unknown[] }

/** The SQL text of each statement written without nested fragments, by its template's strings (below). */
const joinedText = new WeakMap<TemplateStringsArray, string>()
/** The texts of a statement with nested fragments, by its template's strings: the flattened pieces and their text. */
const flattenedTexts = new WeakMap<TemplateStringsArray, Array<{ pieces: readonly string[]; sql: string }>>()
/** Texts kept per statement with nested fragments (its filters' combinations); the oldest goes first. */
const FLATTENED_TEXTS_PER_STATEMENT = 16

/**
 * A statement's SQL text and values. A template literal's strings are one and the same frozen array
 * at every call of its call site, so the text is joined once per statement and then handed out as
 * the same string each time: the compiled-statement cache finds it by a hash V8 keeps in the string,
 * where `Prisma.sql(…).sql` built the text anew on every call and the cache hashed it again (for the
 * timeline's 7 kB statement ≈ 0.013 ms a call). Without nested fragments (`Prisma.sql`, `Prisma.join`,
 * `Prisma.raw` among the values) the values are the call's own. With them `Prisma.sql` flattens the
 * fragments as before, and the text is the one kept for the same flattened pieces (compared piece by
 * piece: the pieces are mostly the template's own strings, so the comparison is of pointers). The
 * same text and values as `Prisma.sql` (`db-statement-text.server.test.ts`).
 */
export function statementOf(strings: TemplateStringsArray, values: unknown[]): Query {
  for (const value of values) if (value instanceof Prisma.Sql) return flattened(strings, values)
  let sql = joinedText.get(strings)
  if (sql === undefined) {
    sql = strings.join('?')
    joinedText.set(strings, sql)
  }
  return { sql, values }
}

function flattened(strings: TemplateStringsArray, values: unknown[]): Query {
  const query = Prisma.sql(strings, ...values)
  let known = flattenedTexts.get(strings)
  if (known === undefined) flattenedTexts.set(strings, (known = []))
  for (const entry of known) if (samePieces(entry.pieces, query.strings)) return { sql: entry.sql, values: query.values }
  const sql = query.sql
  known.push({ pieces: query.strings, sql })
  if (known.length > FLATTENED_TEXTS_PER_STATEMENT) known.shift()
  return { sql, values: query.values }
}

function samePieces(a: readonly string[], b: readonly string[]) {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

async function onConnection<Rows extends unknown[]>(query: Query, arrays = false): Promise<Rows> {
  const { connection, ready } = (prisma as unknown as Record<symbol, { connection: Connection; ready: Promise<void> }>)[CONNECTION]!
  await ready
  // Prisma connects on its first query and again after $disconnect (the tests do so between tests).
  if (!connection.database?.open) await prisma.$queryRawUnsafe('SELECT 1')
  // bound, not a closure made per query: that would lose V8's optimised code at each full collection (decision 137)
  const read = readQuery.bind(undefined, connection, query, arrays) as () => Promise<Rows>
  return insideTransaction.getStore() ? read() : exclusive(read)
}

async function readQuery(connection: Connection, query: Query, arrays: boolean) {
  const database = connection.database
  if (!database?.open) throw new Error('The database connection is closed')
  const bound = database.prepare(query.sql).bind(query.values.map(boundValue))
  return (arrays ? bound.raw() : bound).all()
}

function boundValue(value: unknown) {
  if (value instanceof Date) return storedDateTime(value)
  if (typeof value === 'boolean') return value ? 1 : 0
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') return value
  throw new TypeError(`readRows cannot bind a value of type ${typeof value}`)
}

/**
 * Prisma's text form of a DateTime, as SQLite stores it ("2026-12-05T00:00:00.000+00:00"), so a
 * bound of a raw statement compares with the stored values as the ORM's own filters do.
 */
export function storedDateTime(value: Date) {
  return value.toISOString().replace('Z', '+00:00')
}

/** Whether the database answers at all (the health check). */
export async function databaseReachable() {
  try {
    await prisma.$queryRawUnsafe('SELECT 1')
    return true
  } catch {
    return false
  }
}
