#!/usr/bin/env node
// `npm test`: type check, lint, unit/integration tests (vitest), production build and browser tests
// (Playwright). Every step runs even when an earlier one fails, so one run shows everything; the
// last line counts every test of every suite: "N passed, N failed".
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { root } from './lib/root.js'

const tmp = path.join(root, 'tests', '.tmp')
fs.mkdirSync(tmp, { recursive: true })
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'
let passed = 0
let failed = 0

function step(name, command, args, env = {}) {
  console.log(`\n▶ ${name}`)
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, env: { ...process.env, ...env } })
  return result.status === 0
}

function countCheck(name, ok) {
  if (ok) passed += 1
  else {
    failed += 1
    console.log(`✗ ${name} failed`)
  }
}

countCheck('typecheck', step('Type check', npx, ['tsc', '--noEmit']))
countCheck('lint', step('Lint', npx, ['eslint', '.', '--max-warnings', '0']))

// Built before vitest: the load and crash tests (tests/load.test.ts, tests/crash.test.ts) run the
// production server.
const buildOk = step('Production build', npx, ['remix', 'build'])
countCheck('build', buildOk)

const vitestReport = path.join(tmp, 'vitest.json')
fs.rmSync(vitestReport, { force: true })
const vitestOk = step('Unit and integration tests (vitest)', npx, ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`])
if (fs.existsSync(vitestReport)) {
  const report = JSON.parse(fs.readFileSync(vitestReport, 'utf8'))
  passed += report.numPassedTests
  failed += report.numFailedTests + (vitestOk || report.numFailedTests > 0 ? 0 : 1)
} else {
  failed += 1
}

if (buildOk) {
  const playwrightReport = path.join(tmp, 'playwright.json')
  fs.rmSync(playwrightReport, { force: true })
  const e2eOk = step('Browser tests (Playwright)', npx, ['playwright', 'test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport })
  if (fs.existsSync(playwrightReport)) {
    const { stats } = JSON.parse(fs.readFileSync(playwrightReport, 'utf8'))
    passed += stats.expected + stats.flaky
    failed += stats.unexpected + (e2eOk || stats.unexpected > 0 ? 0 : 1)
  } else {
    failed += 1
  }
}

const summary = `${passed} passed, ${failed} failed`
fs.writeFileSync(path.join(tmp, 'summary.txt'), `${summary}\n`)
console.log(`\n${summary}`)
process.exit(failed === 0 ? 0 : 1)
