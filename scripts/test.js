#!/usr/bin/env node
// `npm test`: type check, lint, production build, unit/integration tests (vitest) and browser tests
// (Playwright). Every part runs even when an earlier one fails, so one run shows everything. The
// type check, lint and build start side by side (each uses about one core; their output is printed
// in one piece when each ends); vitest starts when the build has ended, beside whatever of the type
// check and lint is still running; Playwright, which like vitest keeps both cores busy (≈ 1.7 of 2
// counting Chromium and the app server), starts when vitest, the type check and lint have ended.
// Both suites side by side (decision 115) took as long in a quiet clean-clone run and 8–23 % more
// CPU: measured, not kept.
// At the end: the time of each part with the machine's load, and as the last line the count over
// every test of every suite: "N passed, N failed". The times are also written to
// tests/.tmp/timings.json (docs/performance.md, "Test suite").
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import { root } from './lib/root.js'

const tmp = path.join(root, 'tests', '.tmp')
fs.mkdirSync(tmp, { recursive: true })
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'
const load = () => os.loadavg()[0].toFixed(1)
const timings = []
// when the run started: each part records when it started, as parts overlap
const runStarted = Date.now()
let passed = 0
let failed = 0
const failures = []
// the parts still running, each the leader of its process group
const running = new Set()

/**
 * A signal (Ctrl-C, a CI job's timeout, `kill`) or a crash of this script ends every part still
 * running: SIGTERM to each part's process group, SIGKILL to what is left after five seconds.
 */
function stopParts(exitCode) {
  for (const child of running) signalGroup(child, 'SIGTERM')
  const deadline = setTimeout(() => {
    for (const child of running) signalGroup(child, 'SIGKILL')
    process.exit(exitCode)
  }, 5_000)
  const check = setInterval(() => {
    if (running.size > 0) return
    clearInterval(check)
    clearTimeout(deadline)
    process.exit(exitCode)
  }, 100)
}
function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal)
  } catch {
    // the group has ended already
  }
}
for (const [signal, number] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]]) {
  process.on(signal, () => {
    console.log(`\n${signal}: stopping the parts still running`)
    stopParts(128 + number)
  })
}
process.on('uncaughtException', (error) => {
  console.error(error)
  stopParts(1)
})
// The first line of an error message, without colour codes, short enough for a log line.
const firstLine = (message) => stripVTControlCharacters(message ?? '').trim().split('\n')[0].slice(0, 300)

/**
 * Runs one part and records its time. `live` parts print as they go; the others collect their
 * output and print it in one piece when they end, so that parts running together do not interleave.
 */
function part(name, args, { env = {}, live = false, command: program = npx, onStart } = {}) {
  const started = Date.now()
  const loadAtStart = load()
  if (live) console.log(`\n▶ ${name}`)
  // CPU seconds (user + system of the part and every process it waited for) through GNU time where
  // it exists: on a shared machine the wall time says as much about the others as about the suite.
  const cpuFile = path.join(tmp, `cpu-${process.pid}-${timings.length}-${name.replace(/\W+/g, '-')}.txt`)
  const [command, commandArgs] = fs.existsSync('/usr/bin/time') ? ['/usr/bin/time', ['-f', '%U %S', '-o', cpuFile, program, ...args]] : [program, args]
  return new Promise((resolve) => {
    // Each part in its own process group, so that a signal to this script ends the whole part (GNU
    // time ignores SIGINT, and its command would otherwise run on, orphaned; see `stopParts`).
    const child = spawn(command, commandArgs, { cwd: root, env: { ...process.env, ...env }, stdio: live ? 'inherit' : ['ignore', 'pipe', 'pipe'], detached: true })
    running.add(child)
    onStart?.(child)
    let output = ''
    const collect = (chunk) => {
      output += chunk
    }
    child.stdout?.on('data', collect)
    child.stderr?.on('data', collect)
    child.on('close', (code) => {
      running.delete(child)
      const seconds = (Date.now() - started) / 1000
      const cpuSeconds = readCpuSeconds(cpuFile)
      timings.push({ part: name, startedAfter: (started - runStarted) / 1000, seconds, cpuSeconds, ok: code === 0, loadAtStart, loadAtEnd: load() })
      if (!live) console.log(`\n▶ ${name}\n${output.trimEnd()}`)
      console.log(`⏱ ${name}: ${formatSeconds(seconds)}${cpuSeconds === undefined ? '' : `, ${cpuSeconds.toFixed(0)} CPU s`}${code === 0 ? '' : ' (failed)'}`)
      resolve(code === 0)
    })
  })
}

// GNU time's last line is "user system" (earlier lines say why a command failed); undefined without it.
function readCpuSeconds(file) {
  try {
    const [user, system] = fs.readFileSync(file, 'utf8').trim().split('\n').at(-1).split(' ').map(Number)
    fs.rmSync(file, { force: true })
    return Number.isFinite(user + system) ? user + system : undefined
  } catch {
    return undefined
  }
}

// A suite's JSON report, or undefined when it is missing or cut off (then the suite counts as one failure).
function readReport(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch (error) {
    if (fs.existsSync(file)) failures.push(`${path.relative(root, file)}: unreadable report (${firstLine(error.message)})`)
    return undefined
  }
}

function formatSeconds(seconds) {
  return seconds < 60 ? `${seconds.toFixed(0)} s` : `${Math.floor(seconds / 60)} min ${String(Math.round(seconds % 60)).padStart(2, '0')} s`
}

function countCheck(name, ok) {
  if (ok) passed += 1
  else {
    failed += 1
    console.log(`✗ ${name} failed`)
  }
}

const started = Date.now()
const loadAtStart = load()
console.log(`npm test on ${os.availableParallelism()} cores, load average ${os.loadavg().map((value) => value.toFixed(1)).join(' / ')}`)

// The type check and lint are not waited for: vitest and Playwright start as soon as the build is
// there (vitest's load and crash tests, tests/load.test.ts and tests/crash.test.ts, and Playwright
// run the build). The build takes ≈ 9 s, lint ≈ 30 s and the type check ≈ 47 s, each on one core
// (docs/performance.md, "Test suite", session 10).
const typecheck = part('Type check', ['tsc', '--noEmit'])
const lint = part('Lint', ['eslint', '.', '--max-warnings', '0'])
// The browser tests' database (migrated, seeded with the demo accounts) is made here, beside the
// build and vitest, and Playwright's server starts from a copy of it: ≈ 6 CPU s that otherwise run
// on one core while the other waits for the first browser test (docs/performance.md, "Test suite",
// session 19). Should it fail, the server migrates and seeds itself, as it does outside `npm test`.
const e2eTemplate = path.join(tmp, `e2e-template-${process.pid}.db`)
const removeE2eTemplate = () => {
  for (const suffix of ['', '-wal', '-shm', '.partial', '.partial-wal', '.partial-shm']) fs.rmSync(e2eTemplate + suffix, { force: true })
  fs.rmSync(`${e2eTemplate}-documents`, { recursive: true, force: true })
}
process.on('exit', removeE2eTemplate)
let e2eTemplateMaker
const e2eTemplateMade = part("Browser tests' database", ['--import', 'tsx', 'tests/e2e/serve.ts', '--prepare', e2eTemplate], {
  command: process.execPath,
  onStart: (child) => (e2eTemplateMaker = child),
})
// The preparation takes 12–23 s and runs beside the build and vitest (minutes): when Playwright could start and it
// has still not ended (a hang), it gets this much longer, then it is stopped and the server makes its own database.
const E2E_TEMPLATE_GRACE_MS = 60_000
async function e2eTemplateReady() {
  let timer
  const late = new Promise((resolve) => (timer = setTimeout(() => resolve('late'), E2E_TEMPLATE_GRACE_MS)))
  const outcome = await Promise.race([e2eTemplateMade, late])
  clearTimeout(timer)
  if (outcome !== 'late') return outcome
  console.log(`\n✗ The browser tests' database was not made ${E2E_TEMPLATE_GRACE_MS / 1000} s after the other parts ended: stopped; the browser tests' server makes its own.`)
  signalGroup(e2eTemplateMaker, 'SIGTERM')
  const killer = setTimeout(() => signalGroup(e2eTemplateMaker, 'SIGKILL'), 5_000)
  await e2eTemplateMade
  clearTimeout(killer)
  removeE2eTemplate()
  return false
}
const buildOk = await part('Production build', ['remix', 'build'])
countCheck('build', buildOk)

const vitestReport = path.join(tmp, 'vitest.json')
fs.rmSync(vitestReport, { force: true })
const playwrightReport = path.join(tmp, 'playwright.json')
fs.rmSync(playwrightReport, { force: true })
const vitestOk = await part('Unit and integration tests (vitest)', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`], { live: true })
const vitestResult = readReport(vitestReport)
if (vitestResult) {
  const report = vitestResult
  passed += report.numPassedTests
  failed += report.numFailedTests + (vitestOk || report.numFailedTests > 0 ? 0 : 1)
  for (const file of report.testResults) {
    const where = path.relative(process.cwd(), file.name)
    for (const test of file.assertionResults.filter((result) => result.status === 'failed')) {
      failures.push(`${where} › ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`)
    }
    if (file.status === 'failed' && !file.assertionResults.some((result) => result.status === 'failed')) failures.push(`${where}: ${firstLine(file.message)}`)
  }
} else {
  failed += 1
}

const [typecheckOk, lintOk] = await Promise.all([typecheck, lint])
countCheck('typecheck', typecheckOk)
countCheck('lint', lintOk)

// Playwright after vitest, the type check and lint (see the header), printing as it goes.
if (buildOk) {
  const template = (await e2eTemplateReady()) ? { WB_E2E_TEMPLATE: e2eTemplate } : {}
  const e2eOk = await part('Browser tests (Playwright)', ['playwright', 'test'], { env: { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport, ...template }, live: true })
  const playwrightResult = readReport(playwrightReport)
  if (playwrightResult) {
    const { stats, suites } = playwrightResult
    passed += stats.expected + stats.flaky
    const walk = (suite) => {
      for (const spec of suite.specs ?? []) {
        if (!spec.ok) failures.push(`${spec.file}:${spec.line} › ${spec.title}: ${firstLine(spec.tests.flatMap((test) => test.results).map((result) => result.error?.message).find(Boolean))}`)
      }
      for (const child of suite.suites ?? []) walk(child)
    }
    for (const suite of suites) walk(suite)
    failed += stats.unexpected + (e2eOk || stats.unexpected > 0 ? 0 : 1)
  } else {
    failed += 1
  }
}

const total = (Date.now() - started) / 1000
// the parts' CPU seconds added up (unknown when a part's is)
const cpuTotal = timings.every((timing) => timing.cpuSeconds !== undefined) ? timings.reduce((sum, timing) => sum + timing.cpuSeconds, 0) : undefined
timings.push({ part: 'npm test (total)', startedAfter: 0, seconds: total, cpuSeconds: cpuTotal, ok: failed === 0, loadAtStart, loadAtEnd: load() })
fs.writeFileSync(path.join(tmp, 'timings.json'), `${JSON.stringify({ at: new Date().toISOString(), cores: os.availableParallelism(), timings }, null, 2)}\n`)
console.log('\nTime per part (started after, wall, CPU seconds of the part, load average: 1-minute, at start → at end):')
for (const timing of timings) {
  const cpu = timing.cpuSeconds === undefined ? '' : `${timing.cpuSeconds.toFixed(0)} CPU s`
  console.log(`  ${timing.part.padEnd(38)} ${formatSeconds(timing.startedAfter).padStart(9)} ${formatSeconds(timing.seconds).padStart(12)} ${cpu.padStart(12)}   load ${timing.loadAtStart} → ${timing.loadAtEnd}${timing.ok ? '' : '   failed'}`)
}

// The failed tests are named again at the end, where a log cut to its last lines still shows them.
if (failures.length > 0) {
  console.log('\nFailed:')
  for (const failure of failures) console.log(`  ✗ ${failure}`)
}

const summary = `${passed} passed, ${failed} failed`
fs.writeFileSync(path.join(tmp, 'summary.txt'), `${summary}\n`)
console.log(`\n${summary}`)
// A part still running here (the browser tests' database when the build failed and Playwright never started) ends
// with the script, as on a signal.
if (running.size > 0) stopParts(failed === 0 ? 0 : 1)
else process.exit(failed === 0 ? 0 : 1)
