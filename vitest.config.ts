import path from 'node:path'
import { defineConfig } from 'vitest/config'

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
    testTimeout: 20_000,
    hookTimeout: 60_000,
    restoreMocks: true,
  },
})
