import fs from 'node:fs'
import path from 'node:path'
import { defineConfig, devices } from '@playwright/test'
import { chromium } from 'playwright-core'

// The browser tests drive the production build on a free port with their own database
// (tests/e2e/serve.ts). Playwright's own Chromium is used when installed, else Debian's.
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
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (fs.existsSync(candidate)) return candidate
  }
  throw new Error('No Chromium found. Install one: `apt-get install chromium` (Debian) or `npx playwright install chromium`.')
}

export default defineConfig({
  testDir: path.join('tests', 'e2e'),
  outputDir: path.join('tests', '.tmp', `playwright-${port}`),
  // a sign-in may wait up to 30 s for an unused second-factor step (tests/e2e/utils.ts)
  timeout: 60_000,
  expect: { timeout: 7_000 },
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  workers: 2,
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : 'list',
  use: {
    baseURL,
    trace: 'retain-on-failure',
    locale: 'de-DE',
    launchOptions: {
      executablePath: chromiumExecutable(),
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: {
    command: `node --import tsx tests/e2e/serve.ts`,
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: { PORT: String(port), HOST: '127.0.0.1' },
    stdout: 'ignore',
    stderr: 'pipe',
  },
})
