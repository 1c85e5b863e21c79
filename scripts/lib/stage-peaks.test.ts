import { expect, test } from 'vitest'
import {
  MEMORY_TARGET_MB,
  memoryLine,
  peakStageLine,
  readStatusMb,
  StagePeaks,
  statusFieldMb,
} from './stage-peaks.ts'

test('each stage keeps its highest sample; the peak is named by the stage it fell in', () => {
  const peaks = new StagePeaks('start and sign-in')
  peaks.sample(110)
  peaks.sample(131.4)
  peaks.enter('daily pages')
  peaks.sample(150)
  peaks.sample(null)
  peaks.sample(177.2)
  peaks.sample(160)
  peaks.enter('statistics-team')
  peaks.sample(203.6)
  peaks.sample(186)
  peaks.enter('statistics-org')
  peaks.sample(189)

  expect(peaks.peakOf('start and sign-in')).toBe(131.4)
  expect(peaks.peakOf('daily pages')).toBe(177.2)
  expect(peaks.peakOf('statistics-team')).toBe(203.6)
  expect(peaks.peakOf('statistics-csv')).toBeUndefined()
  expect(peaks.highest()).toEqual({ stage: 'statistics-team', mb: 203.6 })

  const stages = ['start and sign-in', 'daily pages', 'audit-csv', 'statistics-team', 'statistics-org']
  expect(peakStageLine(peaks, stages, 203.6)).toBe(
    'Peak reached during: statistics-team, highest sample 204 MB. Highest sample per stage (MB, every 50 ms): start and sign-in 131, daily pages 177, statistics-team 204, statistics-org 189.',
  )
  // the kernel's high-water mark above every sample
  expect(peakStageLine(peaks, stages, 206.8)).toContain(
    'highest sample 204 MB (the high-water mark, 207 MB, lies 3 MB above it, between two samples).',
  )
})

test('a stage entered again keeps its earlier highest; a tie goes to the stage that ran first', () => {
  const peaks = new StagePeaks('a')
  peaks.sample(100)
  peaks.enter('b')
  peaks.sample(120)
  peaks.enter('a')
  peaks.sample(90)
  peaks.sample(120)
  expect(peaks.peakOf('a')).toBe(120)
  expect(peaks.highest()).toEqual({ stage: 'a', mb: 120 })
  expect(new StagePeaks('none').highest()).toBeNull()
  expect(peakStageLine(new StagePeaks('none'), ['none'], 100)).toBeNull()
})

test('VmRSS and VmHWM are read from /proc/<pid>/status in MB; the memory line judges the peak against 200 MB', () => {
  const status = [
    'Name:\tnode',
    'VmPeak:\t 1234567 kB',
    'VmHWM:\t  204800 kB',
    'VmRSS:\t  176128 kB',
    'RssAnon:\t  120000 kB',
  ].join('\n')
  expect(statusFieldMb(status, 'VmRSS')).toBe(172)
  expect(statusFieldMb(status, 'VmHWM')).toBe(200)
  // a field whose name ends like another's is not taken for it
  expect(statusFieldMb('XVmRSS:\t 1024 kB\n', 'VmRSS')).toBeNull()
  expect(statusFieldMb('Name:\tnode\n', 'VmHWM')).toBeNull()
  expect(readStatusMb(process.pid, 'VmRSS')).toBeGreaterThan(0)
  expect(readStatusMb(process.pid, 'VmHWM')!).toBeGreaterThanOrEqual(readStatusMb(process.pid, 'VmRSS')! - 1)
  expect(readStatusMb(2 ** 30, 'VmRSS')).toBeNull()

  expect(MEMORY_TARGET_MB).toBe(200)
  expect(memoryLine(200)).toBe('Server memory: peak resident set 200 MB (target ≤ 200 MB: pass).')
  expect(memoryLine(200.6, ' over the load phase')).toBe(
    'Server memory over the load phase: peak resident set 201 MB (target ≤ 200 MB: FAIL).',
  )
  expect(memoryLine(170.2, ' over the load phase')).toContain('170 MB (target ≤ 200 MB: pass)')
})
