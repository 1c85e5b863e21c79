// The load phase's report (scripts/bench-load.ts): the capacity and the server's peak resident set
// judged against issue 19's targets, next to the p99 target and the write reconciliation.
import { expect, test } from 'vitest'
import {
  CAPACITY_TARGET,
  loadReport,
  type LoadPhase,
  type StoredCheck,
  type WriteLoadResult,
} from './bench-load.ts'
import { peakStageLine, StagePeaks } from './lib/stage-peaks.ts'

const stats = (count: number, p50: number, p99: number, max: number) => ({ count, p50, p99, max })

function phase(
  thinkMs: number,
  requestsPerSecond: number,
  change: Partial<WriteLoadResult> = {},
  check: Partial<StoredCheck> = {},
): LoadPhase {
  const acknowledged = Array.from({ length: 4 }, (_, index) => `load-test-${thinkMs}-${index}`)
  const result: WriteLoadResult = {
    users: 50,
    durationSeconds: 60,
    requests: Math.round(requestsPerSecond * 60),
    requestsPerSecond,
    contactsPerSecond: requestsPerSecond / 2,
    latency: {
      all: stats(8, 5, 31, 64),
      contact: stats(4, 4, 18, 32),
      'edit-form': stats(2, 11, 39, 64),
      'edit-save': stats(2, 3, 19, 37),
    },
    acknowledged,
    contactRefused: 0,
    editSaved: 2,
    editConflicts: 0,
    editOther: 0,
    serverErrors: 0,
    statuses: { 'contact 302': 4, 'edit-form 200': 2, 'edit-save 302': 2 },
    errors: 0,
    errorCodes: {},
    timeouts: 0,
    unanswered: 0,
    markerPrefix: 'load-test-',
    cpuMsPerRequest: 4.7,
    slowest: [{ kind: 'contact', ms: 64, at: 85 }],
    ...change,
  }
  return {
    thinkMs,
    result,
    check: {
      stored: acknowledged.length,
      duplicates: 0,
      missing: 0,
      unacknowledged: 0,
      withoutAudit: 0,
      withoutTopics: 0,
      ...check,
    },
  }
}

const extra = {
  dataset: '100,000 cases, 1,002,719 contacts',
  loadAtStart: '0.2 / 0.9 / 2.1',
  date: new Date('2026-12-07T05:00:00Z'),
}
const lineWith = (report: string, start: string) =>
  report.split('\n').filter((line) => line.startsWith(start))

test('the saturated run is judged against 1.5 × 114 requests/s; the paced run against the p99 target only', () => {
  expect(CAPACITY_TARGET).toBe(171)
  const report = loadReport([phase(1000, 49.9), phase(0, 171)], extra)
  expect(report).toContain('- Date: 2026-12-07 05:00 UTC;')
  expect(lineWith(report, '- p99 target')).toEqual(['- p99 target ≤ 200 ms (all requests): pass'])
  expect(lineWith(report, '- Capacity target')).toEqual([
    '- Capacity target (issue 19) ≥ 171 requests/s (1.5 × 114), every contact reconciled exactly and no error: pass. No latency target: without pauses the queue grows until the server is saturated (see below).',
  ])
  // no memory measured: no memory line
  expect(report).not.toContain('Server memory')

  expect(lineWith(loadReport([phase(0, 170.9)], extra), '- Capacity target')[0]).toContain('no error: FAIL.')
})

test('the capacity fails when the writes are not reconciled exactly or a request failed, however fast', () => {
  const capacity = (saturated: LoadPhase) => lineWith(loadReport([saturated], extra), '- Capacity target')[0]
  expect(capacity(phase(0, 300, {}, { missing: 1, stored: 3 }))).toContain(': FAIL.')
  expect(capacity(phase(0, 300, {}, { unacknowledged: 1, stored: 5 }))).toContain(': FAIL.')
  expect(capacity(phase(0, 300, {}, { duplicates: 1, stored: 5 }))).toContain(': FAIL.')
  expect(capacity(phase(0, 300, {}, { withoutAudit: 1 }))).toContain(': FAIL.')
  expect(capacity(phase(0, 300, { serverErrors: 1 }))).toContain(': FAIL.')
  expect(capacity(phase(0, 300, { timeouts: 1 }))).toContain(': FAIL.')
  expect(capacity(phase(0, 300, { errors: 1 }))).toContain(': FAIL.')
  expect(capacity(phase(0, 300, { acknowledged: [] }, { stored: 0 }))).toContain(': FAIL.')
  expect(capacity(phase(0, 300))).toContain(': pass.')
})

test('the server memory of the load phase: its peak judged against 200 MB, and the stage it was reached in', () => {
  const peaks = new StagePeaks('start and sign-in')
  peaks.sample(70)
  peaks.enter('warm-up')
  peaks.sample(140.2)
  peaks.enter('paced')
  peaks.sample(159)
  peaks.enter('saturated')
  peaks.sample(170.2)
  const stages = ['start and sign-in', 'warm-up', 'paced', 'saturated']
  const report = loadReport([phase(1000, 49.9), phase(0, 200)], {
    ...extra,
    memory: { peakMb: 171.4, stageLine: peakStageLine(peaks, stages, 171.4) },
  })
  const lines = report.split('\n')
  const at = lines.indexOf(
    'Server memory over the load phase: peak resident set 171 MB (target ≤ 200 MB: pass).',
  )
  expect(at).toBeGreaterThan(lines.findIndex((line) => line.startsWith('- Capacity target')))
  expect(lines[at + 1]).toBe(
    'Peak reached during: saturated, highest sample 170 MB (the high-water mark, 171 MB, lies 1 MB above it, between two samples). Highest sample per stage (MB, every 50 ms): start and sign-in 70, warm-up 140, paced 159, saturated 170.',
  )
  expect(lines[at + 2]).toBe('')

  const over = loadReport([phase(0, 200)], { ...extra, memory: { peakMb: 230, stageLine: null } })
  expect(over).toContain(
    'Server memory over the load phase: peak resident set 230 MB (target ≤ 200 MB: FAIL).\n\n',
  )
})
