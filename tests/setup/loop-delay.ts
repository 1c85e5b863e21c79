// WB_LOOP_DELAY_LOG=<file>: how long each test file held its worker's event loop in one piece.
// vitest's worker waits at most 60 s of wall time for the runner's answer to a progress message
// (birpc's fixed timeout in vitest 3.2) and reads the answer only when its event loop turns, so a
// stretch that long ends the run with "Timeout calling onTaskUpdate" after every test passed
// (docs/performance.md, "Test suite", session 14). With the variable set, every test file appends
// one JSON line to the file: its longest stretch and the test it was in. Off (no hooks) without it.
// A stretch still running when the file looks is counted too (the time since the loop last turned):
// the histogram records a stretch only once it has ended, and a file whose tests never give the loop
// a turn (queries of better-sqlite3 resolve in the same microtask chain, and vitest goes from test to
// test in it) is one stretch to its end — which the histogram alone showed as under a second
// (session 15).
// A setup file of its own in both projects: with `isolate: false` (the pure thread) vitest runs a
// setup file anew for every test file, not a module it imports.
import fs from 'node:fs'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { afterAll, afterEach, expect } from 'vitest'

const log = process.env.WB_LOOP_DELAY_LOG
if (log) {
  const histogram = monitorEventLoopDelay({ resolution: 20 })
  histogram.enable()
  const started = performance.now()
  // when the event loop last ran a timer
  let turned = started
  const turns = setInterval(() => (turned = performance.now()), 20)
  const worst = { ms: 0, where: '(file start)' }
  // the longest stretch since the last look (or the one still running), charged to `where`
  const look = (where: string) => {
    const ms = Math.round(Math.max(histogram.max / 1e6, performance.now() - turned))
    if (ms > worst.ms) Object.assign(worst, { ms, where })
    histogram.reset()
  }
  afterEach((context) => look(context.task.name))
  afterAll(() => {
    look('(after the last test)')
    histogram.disable()
    clearInterval(turns)
    const line = {
      file: expect.getState().testPath,
      pid: process.pid,
      maxMs: worst.ms,
      where: worst.where,
      wallMs: Math.round(performance.now() - started),
    }
    fs.appendFileSync(log, `${JSON.stringify(line)}\n`)
  })
}
