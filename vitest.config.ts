import fs from 'node:fs'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config'
import { scaledAtStart } from './tests/setup/slowdown.ts'

// Set in the main process so that global setup and every worker agree on the run's folder.
process.env.WB_TEST_RUN ??= String(process.pid)

/** The client-safe and pure layers of app/ (docs/architecture.md, "Layers"). */
const PURE_LAYERS = ['app/domain', 'app/components', 'app/forms', 'app/utils']
/**
 * What makes a test file depend on its own process: a model or `.server` module (the database, the
 * Prisma client, the environment), the test helpers of tests/, the environment itself, module mocks,
 * child processes, files or sockets.
 */
const NEEDS_OWN_PROCESS = /#app\/models\/|\.server(\.ts)?'|#tests\/|process\.env|vi\.(mock|doMock|stubEnv|stubGlobal)\(|node:(child_process|fs|net|http)'/

/**
 * Test files of the pure layers that need no process of their own: the `pure` project runs them in
 * one shared worker thread (decision 070). A file that starts to need one moves to the isolated
 * project by itself.
 */
const pureFiles = PURE_LAYERS.flatMap((layer) =>
  fs
    .readdirSync(layer, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.test\.tsx?$/.test(file) && !file.includes('.server.'))
    .map((file) => path.join(layer, file)),
).filter((file) => !NEEDS_OWN_PROCESS.test(fs.readFileSync(file, 'utf8')))

// WB_LOOP_DELAY_LOG=<file> (tests/setup/loop-delay.ts): the runner's own longest stretch too, one
// line per 10 s in which it held its event loop for more than a second (it answers the workers).
// (once per process: vitest evaluates this file once for each project)
const LOOP_MONITOR = Symbol.for('wegbegleiter.vitest.loop-monitor')
if (process.env.WB_LOOP_DELAY_LOG && !(LOOP_MONITOR in globalThis)) {
  Object.defineProperty(globalThis, LOOP_MONITOR, { value: true })
  const log = process.env.WB_LOOP_DELAY_LOG
  const histogram = monitorEventLoopDelay({ resolution: 20 })
  histogram.enable()
  setInterval(() => {
    const ms = Math.round(histogram.max / 1e6)
    histogram.reset()
    if (ms > 1000) fs.appendFileSync(log, `${JSON.stringify({ file: '(vitest runner)', pid: process.pid, maxMs: ms, at: new Date().toISOString() })}\n`)
  }, 10_000).unref()
}

const execArgv = (process.env.WB_VITEST_EXEC_ARGV ?? '--liftoff-only').split(' ').filter(Boolean)

export default defineConfig({
  resolve: {
    alias: [
      { find: /^#app\/(.*)$/, replacement: path.resolve('app/$1') },
      { find: /^#tests\/(.*)$/, replacement: path.resolve('tests/$1') },
    ],
  },
  test: {
    // A fresh process per file compiles Prisma's query compiler (WebAssembly, 3.3 MB) anew, and V8
    // then spends a core's seconds optimising its hot functions with TurboFan for a file that runs a
    // few dozen queries. Liftoff, V8's baseline compiler, alone: −20 to −45 % CPU for files of
    // ordinary size, +0 to 8 % for the heaviest query loads (docs/performance.md, "Test suite",
    // session 9). Tests only: the servers they start keep the production flags.
    pool: 'forks',
    // vitest's runner, but a file's progress goes to the runner process without waiting for an
    // acknowledgement while its tests run (decision 105), and a late acknowledgement of its last
    // update fails the file it came from once, not every later file of the worker (decision 094).
    runner: 'tests/setup/runner.ts',
    // The threads pool serves only the pure project: one thread, which runs its files one after the
    // other beside the two forks (decision 070).
    // A fork runs one file after another (decision 082): `isolate: false` here keeps the process,
    // `isolate: true` of the isolated project has vitest evaluate every module of app/ and tests/
    // anew for each file, while Node keeps the packages it loaded (Prisma's runtime, Remix, React):
    // −60 % CPU for small database test files. WB_VITEST_SHARED_FORKS=0 gives every file a process
    // of its own again (to tell whether sharing causes a failure). The runner (decision 105) keeps
    // the late acknowledgements that held it back from failing runs at load (docs/performance.md,
    // "Test suite", session 15).
    poolOptions: { forks: { execArgv, isolate: process.env.WB_VITEST_SHARED_FORKS === '0' }, threads: { isolate: false, maxThreads: 1, minThreads: 1 } },
    projects: [
      {
        extends: true,
        test: {
          name: 'isolated',
          poolOptions: { forks: { isolate: true } },
          include: [
            'app/**/*.test.{ts,tsx}',
            'tests/**/*.test.ts',
            'scripts/**/*.test.ts',
            'server/**/*.test.ts',
            // run only by tests/setup/file-isolation.test.ts, in a vitest run of their own
            ...(process.env.WB_FILE_ISOLATION_FIXTURES === '1' ? ['tests/setup/file-isolation/*.fixture.ts'] : []),
          ],
          exclude: ['tests/e2e/**', 'node_modules/**', ...pureFiles],
          globalSetup: ['tests/setup/global-setup.ts'],
          setupFiles: ['tests/setup/setup-test-env.ts', 'tests/setup/console-error.ts', 'tests/setup/loop-delay.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'pure',
          include: pureFiles,
          // One thread runs all its files: the runner, its modules and the files' common imports
          // load once instead of once per file in a new process (22 files: −45 % CPU; docs/
          // performance.md, "Test suite", session 11). tests/setup/setup-pure.ts fails a file that
          // leaves state behind for the next (decision 070).
          pool: 'threads',
          // console-error.ts listed itself, not imported by setup-pure.ts: a setup file runs anew
          // for every file of the thread, a module it imports only once.
          setupFiles: ['tests/setup/setup-pure.ts', 'tests/setup/console-error.ts', 'tests/setup/loop-delay.ts'],
        },
      },
    ] satisfies TestProjectInlineConfiguration[],
    // Two files at a time on 2 cores (vitest's default would be one: cores - 1). Each worker has its
    // own database file (tests/setup/setup-test-env.ts).
    maxWorkers: 2,
    minWorkers: 1,
    // Budgets in quiet milliseconds, scaled to the machine as the run starts (decision 037).
    testTimeout: scaledAtStart(20_000),
    hookTimeout: scaledAtStart(60_000),
    restoreMocks: true,
  },
})
