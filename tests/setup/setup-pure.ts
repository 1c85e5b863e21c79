// Setup of the pure project (vitest.config.ts, decision 070): app/domain's test files, one process
// for many files. They need no database; a file fails if it leaves state behind that the next file
// in the same process would see (tests/setup/shared-process-state.ts). Module state of app/domain
// is shared by design: caches of formatters, keyed by their inputs.
import { afterAll, beforeAll, expect, vi } from 'vitest'
import './console-error.ts'
import { processState, stateLeftBehind, type ProcessState } from './shared-process-state.ts'

let before: ProcessState
beforeAll(() => {
  before = processState(!vi.isFakeTimers())
})
afterAll(() => {
  expect(stateLeftBehind(before, processState(!vi.isFakeTimers())), 'state this file left for the next one').toEqual([])
})
