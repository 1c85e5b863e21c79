import fs from 'node:fs'
import path from 'node:path'
import { defineConfig, devices } from '@playwright/test'
import { chromium } from 'playwright-core'
import { TEST_QUIET_MS } from './tests/e2e/budget.ts'
import { scaledAtStart } from './tests/setup/slowdown.ts'

// The browser tests drive the production build on a free port with their own database
// (tests/e2e/serve.ts). Playwright's own Chromium is used when installed, else Debian's (its
// headless shell where installed).
// Chosen once in the runner process; workers inherit it through the environment.
process.env.E2E_PORT ??= String(4000 + Math.floor(Math.random() * 20000))
const port = Number(process.env.E2E_PORT)
const baseURL = `http://127.0.0.1:${port}`

function chromiumExecutable() {
  const bundled = (() => {
    try {
      return chromium.executablePath()
    } catch {
      return ''
    }
  })()
  if (bundled && fs.existsSync(bundled)) return undefined
  // Debian's headless shell first: the same Blink without the full browser around it (what
  // Playwright's own Chromium runs headless too): 13–41 % less browser CPU than the full Chromium
  // in headless mode (docs/performance.md, "Test suite", session 9). It has no window: a headed or
  // debugging run takes the full Chromium.
  const headed = process.argv.some((arg) => ['--headed', '--debug', '--ui'].includes(arg))
  const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser']
  if (!headed) candidates.unshift('/usr/bin/chromium-headless-shell')
  for (const candidate of candidates) {
    if (fs.existsSync(candidate)) return candidate
  }
  throw new Error('No Chromium found. Install one: `apt-get install chromium` (Debian) or `npx playwright install chromium`.')
}
// Chosen in the runner process, which sees the command line; workers inherit the choice. WB_CHROMIUM
// set beforehand names another browser (e.g. to compare two); empty means Playwright's own.
process.env.WB_CHROMIUM ??= chromiumExecutable() ?? ''
// More Chromium flags for a comparison, after the ones below (the last `--js-flags` wins:
// WB_CHROMIUM_ARGS=--js-flags= runs V8's default tiers); none by default.
const chromiumExtraArgs = (process.env.WB_CHROMIUM_ARGS ?? '').split(' ').filter(Boolean)
// V8 in the browser without its optimising compilers (Maglev, TurboFan): Ignition and Sparkplug only.
// Every test opens a new context, so a new renderer process, and every page a new document: the
// optimised code V8 makes for the bundles, axe and Playwright's injected script serves one document and
// is made again in the next, on the compiler threads of the same two cores. Without it the renderers
// use ≈ 25–30 % less CPU and the browser tests' process tree ≈ 15–20 % (decision 141); JavaScript's
// semantics do not depend on the tier.
const V8_BASELINE_ONLY = '--js-flags=--max-opt=1'

// Time budgets scale with the machine (tests/setup/slowdown.ts, decision 037): a test gets
// TEST_QUIET_MS times the slowdown measured as the run starts (rescaled at each test's start by
// tests/e2e/fixtures.ts), and its expensive steps add to it. Actions, navigations and assertions
// have no limits of their own (0): they wait for the state they need within the test's budget, so a
// loaded machine slows the suite down instead of failing it.
export default defineConfig({
  testDir: path.join('tests', 'e2e'),
  outputDir: path.join('tests', '.tmp', `playwright-${port}`),
  timeout: scaledAtStart(TEST_QUIET_MS),
  expect: { timeout: 0 },
  // A hang of the whole run (not of one test) still ends it: the scaled half hour, but never more
  // than 40 minutes (npm test's floor of 2 while vitest runs beside it would make it an hour).
  globalTimeout: Math.min(scaledAtStart(30 * 60_000), 40 * 60_000),
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  // One browser per worker and one server for all: on 2 cores a third worker only adds contention.
  workers: 2,
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : 'list',
  use: {
    baseURL,
    // A failed test keeps its trace (actions, console, network, source) and Playwright's snapshot of
    // the page at the failure (error-context.md), without the DOM snapshot before and after every
    // step or the screencast: both are taken in every test, passing or not (decision 095: −12 to
    // −13 % CPU of the workflow tests' process tree). `--trace on` records them for a rerun.
    trace: { mode: 'retain-on-failure', snapshots: false, screenshots: false },
    locale: 'de-DE',
    launchOptions: {
      executablePath: process.env.WB_CHROMIUM || undefined,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', V8_BASELINE_ONLY, ...chromiumExtraArgs],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: {
    command: `node --import tsx tests/e2e/serve.ts`,
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: scaledAtStart(60_000),
    env: { PORT: String(port), HOST: '127.0.0.1' },
    stdout: 'ignore',
    stderr: 'pipe',
    // SIGTERM, not Playwright's default SIGKILL: the server then removes its database (tests/e2e/serve.ts)
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
  },
})
