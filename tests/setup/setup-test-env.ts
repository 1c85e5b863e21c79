import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeEach, expect, vi } from 'vitest'
import { baseDatabase, tmpDir } from './paths.ts'
import { processState, stateLeftBehind, type ProcessState } from './shared-process-state.ts'

// A worker process runs one test file after another (decision 082): vitest evaluates every module
// of app/ and tests/ anew for each file (`isolate` of the project), so module state starts fresh as
// in a new process; what lives in the process itself is put back here. The environment: each file
// starts from the one the process started with (vitest's own VITEST_* variables, set per file, stay).
const STARTED = Symbol.for('wegbegleiter.test.process')
type ProcessStart = { env: Record<string, string | undefined>; timers: Set<ReturnType<typeof setTimeout>> }
const processStart: ProcessStart = ((globalThis as Record<symbol, unknown>)[STARTED] as ProcessStart | undefined) ?? startProcess()
for (const name of Object.keys(process.env)) if (!name.startsWith('VITEST') && !(name in processStart.env)) delete process.env[name]
for (const [name, value] of Object.entries(processStart.env)) if (!name.startsWith('VITEST') && process.env[name] !== value) process.env[name] = value

/**
 * Once per process: the environment as it started, and a record of the timers the test files start
 * (`setTimeout` and `setInterval` of the global object; vitest keeps its own). A timer a file left
 * running ended with its process before; now it is cleared when the file ends (`endFile`), so that a
 * file's intervals (the database client's optimise timer) do not run, or keep their objects alive,
 * during the next file.
 */
function startProcess(): ProcessStart {
  const started: ProcessStart = { env: { ...process.env }, timers: new Set() }
  const { setTimeout: startTimeout, setInterval: startInterval, clearTimeout: stopTimeout, clearInterval: stopInterval } = globalThis
  // with the originals' own properties (util.promisify's custom form of setTimeout). A timeout
  // leaves the record when it has run and any timer when it is cleared, so that the record holds
  // only pending timers and does not grow with every timer a file ever started.
  globalThis.setTimeout = Object.assign((callback: Parameters<typeof setTimeout>[0], ...rest: unknown[]) => {
    const timer: ReturnType<typeof setTimeout> =
      typeof callback === 'function'
        ? startTimeout((...args: unknown[]) => {
            started.timers.delete(timer)
            return (callback as (...args: unknown[]) => void)(...args)
          }, ...(rest as [number]))
        : startTimeout(callback, ...(rest as [number]))
    started.timers.add(timer)
    return timer
  }, startTimeout) as typeof setTimeout
  globalThis.setInterval = Object.assign((...args: Parameters<typeof setInterval>) => {
    const timer = startInterval(...args)
    started.timers.add(timer)
    return timer
  }, startInterval) as typeof setInterval
  globalThis.clearTimeout = Object.assign((timer: Parameters<typeof clearTimeout>[0]) => {
    if (timer) started.timers.delete(timer as ReturnType<typeof setTimeout>)
    stopTimeout(timer)
  }, stopTimeout) as typeof clearTimeout
  globalThis.clearInterval = Object.assign((timer: Parameters<typeof clearInterval>[0]) => {
    if (timer) started.timers.delete(timer as ReturnType<typeof setInterval>)
    stopInterval(timer)
  }, stopInterval) as typeof clearInterval
  Object.defineProperty(globalThis, STARTED, { value: started })
  return started
}

const workerDatabase = path.join(tmpDir, `data.${process.env.VITEST_POOL_ID ?? '0'}.db`)
const workerDocuments = path.join(tmpDir, `documents.${process.env.VITEST_POOL_ID ?? '0'}`)
process.env.DATABASE_URL = `file:${workerDatabase}`
process.env.DOCUMENT_DIR = workerDocuments
process.env.DOCUMENT_KEY ??= Buffer.alloc(32, 11).toString('base64')
// the test machine's disk is not what a test of the upload is about (the no-space test sets its own)
process.env.DOCUMENT_MIN_FREE_BYTES = '0'
process.env.APP_MODE = 'demo'
// the fixture users' hash is at cost 4 (tests/test-password.ts): a sign-in keeps it, not rehashing at 12 (decision 172)
process.env.BCRYPT_MIN_COST = '4'
process.env.SESSION_SECRET = 'test-session-secret-that-is-long-enough-0123456789'
process.env.IDENTITY_KEY ??= Buffer.alloc(32, 7).toString('base64')
process.env.IDENTITY_HMAC_SECRET ??= 'test-hmac-secret-that-is-long-enough-0123456789'

function freshCopy() {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(workerDatabase + suffix, { force: true })
  fs.copyFileSync(baseDatabase, workerDatabase)
  // the documents belong to the database they were stored with
  fs.rmSync(workerDocuments, { recursive: true, force: true })
}

freshCopy()

declare global {
  /**
   * Set to true at the top of a test file that builds one expensive world for all its tests (the
   * route-wide access matrix and fuzzing): the file then starts from one fresh copy, not one per test.
   */
  var wbShareDatabaseInFile: boolean | undefined
}
let copiedForFile = false

// Each test starts from the migrated, seeded template (catalogues and teams, no users) and no documents. A file
// that never touched the database has no client to disconnect: importing one (the Prisma client is
// a large module) only to disconnect it would cost every pure unit-test file seconds on a busy machine.
beforeEach(async () => {
  if (globalThis.wbShareDatabaseInFile && copiedForFile) return
  copiedForFile = true
  await globalThis.__wegbegleiterPrisma?.$disconnect()
  freshCopy()
})

/**
 * Globals that packages set when they load, the same in every process: Prisma's runtime
 * (`NODE_CLIENT`, the WebAssembly panic registry, `debug`'s two), the generated Prisma client
 * (`__dirname`, its own folder) and core-js's shared store (loaded with ESLint, which
 * tests/architecture.test.ts runs).
 */
const PACKAGE_GLOBALS = new Set(['DEBUG', 'DEBUG_COLORS', 'NODE_CLIENT', 'PRISMA_WASM_PANIC_REGISTRY', '__dirname', '__core-js_shared__'])

// Taken before the test file's own top-level code runs, so that state it leaves at import is seen too.
const before = processState(!vi.isFakeTimers())

/**
 * The end of a file, as the end of its process was: the database client and the read threads
 * (kept on the global object so that a reloaded module finds them) are closed and dropped, so the
 * next file's modules build their own; the file's timers and its `wbShareDatabaseInFile` are
 * cleared. A file that leaves other
 * state behind for the next one (a global, fake timers, another time zone) fails.
 */
afterAll(async () => {
  await globalThis.__wegbegleiterReadPool?.close()
  delete globalThis.__wegbegleiterReadPool
  await globalThis.__wegbegleiterPrisma?.$disconnect()
  delete globalThis.__wegbegleiterPrisma
  // a file's choice: the next file in this process starts with a fresh copy per test again
  delete globalThis.wbShareDatabaseInFile
  for (const timer of processStart.timers) clearTimeout(timer)
  processStart.timers.clear()
  const after = processState(!vi.isFakeTimers())
  const own = (state: ProcessState): ProcessState => ({ ...state, env: {}, globals: state.globals.filter((name) => !PACKAGE_GLOBALS.has(name)) })
  // the environment is put back when the next file starts (above)
  expect(stateLeftBehind(own(before), own(after)), 'state this file left for the next one').toEqual([])
})
