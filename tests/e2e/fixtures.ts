// The `test` and `expect` of every browser test file: Playwright's, with the test's time budget
// rescaled to the machine's load when the test starts (tests/e2e/budget.ts). Rules for a robust
// browser test: docs/architecture.md, "Tests".
import { test as base } from '@playwright/test'
import { arrangeRouteParams, routeInventory, type PageRoute, type RouteParams } from './a11y-routes.ts'
import { rescaleForNow } from './budget.ts'
import { scaledAtStart } from '../setup/slowdown.ts'

export { expect } from '@playwright/test'

/** The accessibility sweep's pages and one record of every kind to fill their addresses with. */
export type RouteSweep = { pages: PageRoute[]; params: RouteParams }

export const test = base.extend<{ timeBudget: void }, { routeSweep: RouteSweep }>({
  // Automatic, and set up before the browser context, whose creation counts against the budget too.
  timeBudget: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
    async ({}, use, testInfo) => {
      rescaleForNow(testInfo)
      await use()
    },
    { auto: true },
  ],
  // Read (a `remix routes` run) and arranged once per worker, when the sweep first asks. Declared
  // here rather than in the sweep's file: a worker fixture of its own would give the sweep a worker
  // of its own, which Playwright schedules after every other test instead of alongside them.
  routeSweep: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
    async ({}, use, workerInfo) => {
      const { pages } = routeInventory()
      await use({ pages, params: arrangeRouteParams(workerInfo.project.use.baseURL) })
    },
    { scope: 'worker', timeout: scaledAtStart(60_000) },
  ],
})
