// A browser test's time budget: quiet milliseconds (tests/setup/slowdown.ts) for the test itself,
// plus what the expensive steps it takes add as it takes them (a sign-in, an axe run, a page of the
// accessibility sweep), each multiplied by the machine's slowdown at that moment. Actions and
// assertions have no timeouts of their own (playwright.config.ts): they wait for the state they
// need until the test's budget is used up.
import { test, type TestInfo } from '@playwright/test'
import { currentSlowdown, startSlowdown } from '../setup/slowdown.ts'

/** What a test may take on the quiet reference machine, before its steps add to it. */
export const TEST_QUIET_MS = 30_000

/** Quiet budgets of the steps that add to a test's budget. */
export const STEP_QUIET_MS = {
  signIn: 5_000,
  pageVisit: 5_000,
  keyPress: 250,
  axeRun: 2_000,
  axePerElement: 1,
} as const

/**
 * At the start of a test: its budget as the configuration gave it (scaled when the run started),
 * rescaled to the machine's slowdown now. A budget a test or group set itself (`test.slow()`,
 * `test.describe.configure({ timeout })`) is read as quiet milliseconds and scaled the same way.
 */
export function rescaleForNow(info: TestInfo) {
  if (info.timeout === 0) return
  const slow = info.annotations.some((annotation) => annotation.type === 'slow') ? 3 : 1
  const configured = info.project.timeout * slow
  const quiet = info.timeout === configured ? Math.round(configured / startSlowdown()) : info.timeout
  info.setTimeout(Math.round(quiet * currentSlowdown()))
}

/** Gives the running test more time for a step that costs up to `quietMs` on the reference machine. */
export function extendBudget(quietMs: number) {
  const info = test.info()
  if (info.timeout === 0) return
  info.setTimeout(info.timeout + Math.round(quietMs * currentSlowdown()))
}
