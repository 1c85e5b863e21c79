// Setup of the pure project (vitest.config.ts, decision 070): app/domain's test files, one process
// for many files. They need no database; a file fails if it leaves state behind that the next file
// in the same process would see (tests/setup/shared-process-state.ts). Module state of app/domain
// is shared by design: caches of formatters, keyed by their inputs.
// The console.error rule is a setup file of its own in this project (vitest.config.ts): with
// isolate: false vitest runs each setup file anew for every test file, but not a module a setup
// file imports, which would register its hooks for the first file only.
import { afterAll, expect, vi } from 'vitest'
import { processState, stateLeftBehind, type ProcessState } from './shared-process-state.ts'

// Taken here, before the test file's own top-level code runs, so that state a file leaves at
// import time is seen too.
const before: ProcessState = processState(!vi.isFakeTimers())
afterAll(() => {
  expect(stateLeftBehind(before, processState(!vi.isFakeTimers())), 'state this file left for the next one').toEqual([])
})
