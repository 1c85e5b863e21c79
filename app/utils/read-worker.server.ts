// Large read-only statements (the annual statistics) off the request thread (decision 052).
// better-sqlite3 runs SQLite in the calling thread, so a one-second statement on the app's
// connection blocks every other request for that second. Here each statement runs in a worker
// thread (server/read-worker.js) on a read-only connection of its own to the same file, and up to
// POOL_SIZE statements run at once (a page's two years in parallel). Results are never kept: each
// statement reads the file as it is at its start, so there is nothing to invalidate.
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { databaseFile, projectRoot } from '#database-file'

type SqlText = { sql: string; values: readonly unknown[] }
/**
 * What `Prisma.sql` builds: SQL text with a `?` for each bound value, and those values. `prelude`:
 * statements run first on the same connection in the same read transaction (the temporary tables
 * of decision 057); the connection, and with it every temporary table, is closed after the statement.
 * `followedBy`: further SELECTs in the same read transaction whose rows follow the statement's as if
 * joined by UNION ALL (typed by the first statement's columns); each ends before the next begins.
 */
export type ReadStatement = SqlText & { prelude?: readonly SqlText[]; followedBy?: readonly SqlText[] }

type Column = { name: string; type: string | null }
type Answer = { id: number; columns?: Column[]; rows?: unknown[][]; checkpoint?: WalCheckpoint; error?: { name: string; message: string; code?: string } }
type Job = { id: number; message: Record<string, unknown>; resolve: (rows: never) => void; reject: (error: Error) => void }
/** What `PRAGMA wal_checkpoint` answers: whether it could not finish, the log's pages, the pages copied. */
export type WalCheckpoint = { busy: number; log: number; checkpointed: number }
/**
 * `state` is shared with the thread (server/read-worker.js): IDLE, IN_SQLITE while its connection is
 * open, ENDING once the pool has claimed it for `terminate()`. A thread whose statement runs is never
 * terminated: a SQLite error raised in a terminating thread (SQLITE_BUSY after the busy timeout, an
 * I/O error, a malformed value) aborts the whole process in better-sqlite3 (`ThrowSqliteError`:
 * `ToLocalChecked` on an empty handle, docs/architecture.md). Such a thread is `retiring` instead:
 * its statement has failed already, and the thread ends once it answers.
 */
type Thread = { worker: Worker; job: Job | null; timer: NodeJS.Timeout | null; state: Int32Array; retiring: boolean; ended: Promise<void>; done: () => void }
const IDLE = 0
const ENDING = 2

export type ReadPoolOptions = {
  /** Most statements at once (threads). */
  size: number
  /**
   * A statement that has not answered by then fails and its thread leaves the pool (a new one takes
   * its place). SQLite cannot be interrupted through better-sqlite3, and a thread must not be
   * terminated while its statement runs (see Thread), so that thread ends only once its statement
   * returns: the timeout bounds the request's wait, not the statement's CPU. Such retiring threads
   * count towards a second bound: at most `size` of them besides the `size` working ones (so at most
   * 2 × size threads, and their memory, at once); with `size` retiring and none working, statements
   * fail at once instead of waiting.
   */
  timeoutMs: number
  /** An idle thread ends after this long, so that its memory (isolate, native heap) goes back. */
  idleMs: number
  /** The thread's script (tests give one that misbehaves). */
  script?: string
  /** Settings for the statement's connection (PRAGMA name = value). */
  pragmas?: Record<string, number | string>
}

// During one large read SQLite holds several sorters and materialised temporary tables at once;
// each sorter keeps up to cache_size in memory before it spills to a temporary file. 1 MB instead
// of the 4 MB of the app's connection lowered the statistics' peak rise of the resident set from
// ≈ 67 MB to ≈ 53 MB at the same CPU time (docs/performance.md, "Memory (issue 19, 2026-12-05)").
// Temporary storage stays in files (temp_store = 2 left the malloc heap larger, fragmented).
// temp.cache_size bounds the page cache of the temp database, where the statistics' temporary
// tables live (decision 057): beyond 1 MB their pages go to a temporary file (the operating system's
// file cache), not into the thread's memory.
export const LARGE_READ_PRAGMAS = { cache_size: -1000, 'temp.cache_size': -1000 } as const

export class ReadWorkerPool {
  readonly #options: Required<ReadPoolOptions>
  readonly #threads = new Set<Thread>()
  readonly #waiting: Job[] = []
  #nextId = 1

  constructor(options: ReadPoolOptions) {
    this.#options = { script: path.join(projectRoot, 'server', 'read-worker.js'), pragmas: LARGE_READ_PRAGMAS, ...options }
  }

  /** The rows of a read-only statement on `file`, typed exactly as `prisma.$queryRaw` types them. */
  query<T = Record<string, unknown>>(statement: ReadStatement, file = databaseFile()): Promise<T[]> {
    return new Promise<Array<Record<string, unknown>>>((resolve, reject) => {
      const id = this.#nextId++
      const forDriver = (step: SqlText) => ({ sql: step.sql, args: step.values.map(driverArgument) })
      const [prelude, followedBy] = [statement.prelude ?? [], statement.followedBy ?? []].map((steps) => steps.map(forDriver))
      const message = { id, file, sql: statement.sql, args: statement.values.map(driverArgument), prelude, followedBy, pragmas: this.#options.pragmas }
      this.#waiting.push({ id, message, resolve, reject })
      this.#dispatch()
    }) as Promise<T[]>
  }

  /**
   * A PASSIVE checkpoint of `file`'s write-ahead log in a thread (decision 103), so that the event
   * loop waits neither for its copying nor for its fsyncs. Queued like a statement; on the pool's
   * threads, so that it never adds a thread beyond `size` (the statistics' memory peak is theirs).
   */
  checkpoint(file = databaseFile()): Promise<WalCheckpoint> {
    return new Promise<WalCheckpoint>((resolve, reject) => {
      const id = this.#nextId++
      this.#waiting.push({ id, message: { id, file, checkpoint: true }, resolve, reject })
      this.#dispatch()
    })
  }

  /** Threads alive now (started lazily, ended when idle), retiring ones included. */
  get threads() {
    return this.#threads.size
  }

  /** Ends every thread; statements still running or waiting fail at once, their threads end once they return. */
  async close() {
    for (const job of this.#waiting.splice(0)) job.reject(new Error('The read pool was closed'))
    await Promise.all([...this.#threads].map((thread) => this.#end(thread, new Error('The read pool was closed'))))
  }

  #dispatch() {
    while (this.#waiting.length) {
      const threads = [...this.#threads]
      const working = threads.filter((candidate) => !candidate.retiring)
      const canStart = working.length < this.#options.size && threads.length < 2 * this.#options.size
      const thread = working.find((candidate) => candidate.job === null) ?? (canStart ? this.#start() : null)
      // No thread works and none may start (`size` retiring ones): fail at once rather than wait for
      // statements that may never return, so that a request's wait stays bounded.
      if (!thread && working.length === 0) {
        for (const job of this.#waiting.splice(0)) job.reject(new Error('The read threads are all ending statements that did not finish in time'))
      }
      if (!thread) return
      const job = this.#waiting.shift()!
      if (thread.timer) clearTimeout(thread.timer)
      thread.job = job
      // A thread with work keeps the process alive (a script awaiting it must not exit); an idle one does not.
      thread.worker.ref()
      thread.timer = setTimeout(() => void this.#end(thread, new Error(`The read did not finish within ${this.#options.timeoutMs} ms`)), this.#options.timeoutMs)
      thread.worker.postMessage(job.message)
    }
  }

  #start(): Thread {
    // execArgv []: the thread is plain JavaScript and needs none of the parent's loaders (tsx, vitest).
    const state = new Int32Array(new SharedArrayBuffer(4))
    const worker = new Worker(this.#options.script, { execArgv: [], workerData: { state } })
    let done = () => {}
    const ended = new Promise<void>((resolve) => (done = resolve))
    const thread: Thread = { worker, job: null, timer: null, state, retiring: false, ended, done }
    this.#threads.add(thread)
    worker.on('message', (answer: Answer) => {
      // a retiring thread has answered: its connection is closed, it can be terminated now
      if (thread.retiring) return void this.#end(thread, null)
      const job = thread.job
      if (!job || answer.id !== job.id) return
      if (thread.timer) clearTimeout(thread.timer)
      thread.job = null
      if (answer.error) job.reject(Object.assign(new Error(answer.error.message), { name: answer.error.name, code: answer.error.code }))
      else if (answer.checkpoint) (job.resolve as (checkpoint: WalCheckpoint) => void)(answer.checkpoint)
      else {
        try {
          ;(job.resolve as (rows: Array<Record<string, unknown>>) => void)(prismaRows(answer.columns!, answer.rows!))
        } catch (error) {
          job.reject(error as Error)
        }
      }
      this.#idle(thread)
    })
    // The thread's JavaScript has stopped (an uncaught error, an exit): nothing of it runs any more.
    worker.on('error', (error) => void this.#end(thread, error, true))
    worker.on('exit', (code) => void this.#end(thread, new Error(`The read worker stopped (exit code ${code})`), true))
    return thread
  }

  #idle(thread: Thread) {
    thread.worker.unref()
    thread.timer = setTimeout(() => void this.#end(thread, null), this.#options.idleMs)
    thread.timer.unref()
    this.#dispatch()
  }

  /**
   * Ends a thread once (timeout, crash, exit, idle, close); its statement fails with `error` at once.
   * The thread is terminated now if it has stopped (`stopped`) or if it is not in SQLite (claimed
   * with a compare-and-swap, so it cannot enter SQLite afterwards); else it retires and is
   * terminated when it answers. Resolves when the thread has ended.
   */
  #end(thread: Thread, error: Error | null, stopped = false): Promise<void> {
    if (!this.#threads.has(thread)) return thread.ended
    if (thread.timer) clearTimeout(thread.timer)
    thread.timer = null
    const job = thread.job
    thread.job = null
    if (job) job.reject(error ?? new Error('The read worker ended'))
    if (stopped || Atomics.compareExchange(thread.state, 0, IDLE, ENDING) === IDLE) {
      this.#threads.delete(thread)
      // The next statement waiting gets a new thread.
      this.#dispatch()
      void thread.worker.terminate().then(thread.done, thread.done)
    } else if (!thread.retiring) {
      thread.retiring = true
      this.#dispatch()
    }
    return thread.ended
  }
}

/**
 * A value as better-sqlite3 receives it from Prisma for a `$queryRaw` parameter: Prisma passes the
 * values through JSON (a non-finite number becomes null) and the adapter turns booleans into 1/0,
 * BigInts and Dates into its own forms.
 */
function driverArgument(value: unknown): unknown {
  if (value === null || value === undefined) return null
  if (typeof value === 'string' || typeof value === 'bigint') return value
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (typeof value === 'boolean') return value ? 1 : 0
  if (value instanceof Date) return value.toISOString().replace('Z', '+00:00')
  throw new TypeError(`A read statement's parameter of type ${typeof value} is not supported`)
}

type ColumnKind = 'int32' | 'int64' | 'float' | 'text' | 'boolean' | 'number'

/** The adapter's type of a declared column type (null: not declared, taken from the values). */
function declaredKind(type: string | null): ColumnKind | null {
  switch ((type ?? '').toUpperCase()) {
    case '':
      return null
    case 'TINYINT':
    case 'SMALLINT':
    case 'MEDIUMINT':
    case 'INT':
    case 'INTEGER':
    case 'SERIAL':
    case 'INT2':
      return 'int32'
    case 'BIGINT':
    case 'UNSIGNED BIG INT':
    case 'INT8':
      return 'int64'
    case 'FLOAT':
    case 'DOUBLE':
    case 'DOUBLE PRECISION':
    case 'NUMERIC':
    case 'REAL':
      return 'float'
    case 'TEXT':
    case 'CLOB':
    case 'CHARACTER':
    case 'VARCHAR':
    case 'VARYING CHARACTER':
    case 'NCHAR':
    case 'NATIVE CHARACTER':
    case 'NVARCHAR':
      return 'text'
    case 'BOOLEAN':
      return 'boolean'
    default:
      // DECIMAL, DATETIME, BLOB, JSONB …: Prisma would build objects of them; no large read returns one.
      throw new TypeError(`A read statement's column of declared type ${type} is not supported`)
  }
}

/**
 * The rows as `prisma.$queryRaw` returns them through @prisma/adapter-better-sqlite3 (7.10): a
 * column without a declared type takes its type from its first non-null value (an integer makes
 * it BigInt, a fraction a plain number, no value at all Int32) and every later value is converted
 * to that type — so a fraction below a whole first value is cut (statistics.adapter.test.ts).
 * Kept in step with the adapter by read-worker.server.test.ts, which compares both for every kind.
 */
export function prismaRows(columns: Column[], rows: unknown[][]): Array<Record<string, unknown>> {
  const kinds = columns.map((column, index) => {
    const declared = declaredKind(column.type)
    if (declared) return declared
    const first = rows.find((row) => row[index] !== null)?.[index]
    if (first === undefined) return 'int32'
    if (typeof first === 'bigint') return 'int64'
    if (typeof first === 'string') return 'text'
    if (typeof first === 'number') return 'number'
    throw new TypeError(`A read statement's value of type ${typeof first} is not supported`)
  })
  return rows.map((row) => {
    const result: Record<string, unknown> = {}
    columns.forEach((column, index) => {
      result[column.name] = prismaValue(row[index], kinds[index]!)
    })
    return result
  })
}

function prismaValue(value: unknown, kind: ColumnKind): unknown {
  if (value === null) return null
  // the adapter: a fraction in an integer column is cut; a BigInt becomes a number when it fits, else its digits
  let mapped = value
  if (typeof value === 'number' && (kind === 'int32' || kind === 'int64') && !Number.isInteger(value)) mapped = Math.trunc(value)
  else if (typeof value === 'bigint') mapped = Number.isSafeInteger(Number(value)) ? Number(value) : value.toString()
  // Prisma: Int32 a (whole) number, Int64 a BigInt, Boolean from 1/'1'/'true'; anything else as it is
  switch (kind) {
    case 'int32':
      if (typeof mapped === 'number') return Math.trunc(mapped)
      if (typeof mapped === 'string') return Math.trunc(Number(mapped))
      throw new TypeError(`Cannot read a value of type ${typeof mapped} as Int32`)
    case 'int64':
      if (typeof mapped === 'number') return BigInt(Math.trunc(mapped))
      if (typeof mapped === 'string') return BigInt(mapped)
      throw new TypeError(`Cannot read a value of type ${typeof mapped} as Int64`)
    case 'boolean':
      if (typeof mapped === 'number') return mapped === 1
      if (typeof mapped === 'string') return mapped === 'true' || mapped === '1'
      if (typeof mapped === 'boolean') return mapped
      throw new TypeError(`Cannot read a value of type ${typeof mapped} as Boolean`)
    default:
      return mapped
  }
}

// Two threads: a page's year and its previous year at once, on 2 cores (decision 052). Started on
// first use (≈ 90 ms CPU each), ended after 15 s without statements: the server's resident set
// fell from 241 to 175 MB when they ended, so they are not kept for the rare next statistics
// request. A statement slower than two minutes fails.
declare global {
  var __wegbegleiterReadPool: ReadWorkerPool | undefined
}
globalThis.__wegbegleiterReadPool ??= new ReadWorkerPool({ size: 2, timeoutMs: 120_000, idleMs: 15_000 })

export const largeReads = globalThis.__wegbegleiterReadPool
