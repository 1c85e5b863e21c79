import path from 'node:path'
import { defineConfig } from 'vitest/config'
import { scaledAtStart } from './tests/setup/slowdown.ts'

// Set in the main process so that global setup and every worker agree on the run's folder.
process.env.WB_TEST_RUN ??= String(process.pid)

export default defineConfig({
  resolve: {
    alias: [
      { find: /^#app\/(.*)$/, replacement: path.resolve('app/$1') },
      { find: /^#tests\/(.*)$/, replacement: path.resolve('tests/$1') },
    ],
  },
  test: {
    include: ['app/**/*.test.{ts,tsx}', 'tests/**/*.test.ts', 'scripts/**/*.test.ts', 'server/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    globalSetup: ['tests/setup/global-setup.ts'],
    setupFiles: ['tests/setup/setup-test-env.ts'],
    pool: 'forks',
    // A fresh process per file compiles Prisma's query compiler (WebAssembly, 3.3 MB) anew, and V8
    // then spends a core's seconds optimising its hot functions with TurboFan for a file that runs a
    // few dozen queries. Liftoff, V8's baseline compiler, alone: −20 to −45 % CPU for files of
    // ordinary size, +0 to 8 % for the heaviest query loads (docs/performance.md, "Test suite",
    // session 9). Tests only: the servers they start keep the production flags.
    poolOptions: { forks: { execArgv: (process.env.WB_VITEST_EXEC_ARGV ?? '--liftoff-only').split(' ').filter(Boolean) } },
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
