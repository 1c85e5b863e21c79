// Where the benchmark's server reaches its peak resident set (issue 19): the bench samples the
// server's VmRSS every 50 ms and tells this which stage (the sign-in, the daily pages' rounds, each
// other scenario from its first request on) is running; the highest sample of each stage is kept.
// The load phase (scripts/bench-load.ts) does the same for its own server: start and sign-in, the
// warm-up, the paced run, the saturated run.

import fs from 'node:fs'

/** Issue 19: the server at most this resident at peak, over the whole bench (the load phase included). */
export const MEMORY_TARGET_MB = 200

/** A field of /proc/<pid>/status given in kB (VmRSS, VmHWM), in MB; null when the text has none. */
export function statusFieldMb(status: string, field: 'VmRSS' | 'VmHWM') {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)
  return match ? Number(match[1]) / 1024 : null
}

/** The field of a running process (Linux); null when it cannot be read, e.g. the process has ended. */
export function readStatusMb(pid: number, field: 'VmRSS' | 'VmHWM') {
  try {
    return statusFieldMb(fs.readFileSync(`/proc/${pid}/status`, 'utf8'), field)
  } catch {
    return null
  }
}

/** The memory line of a run: the peak against the target. */
export function memoryLine(peakMb: number, scope = '') {
  return `Server memory${scope}: peak resident set ${peakMb.toFixed(0)} MB (target ≤ ${MEMORY_TARGET_MB} MB: ${peakMb <= MEMORY_TARGET_MB ? 'pass' : 'FAIL'}).`
}

export class StagePeaks {
  #stage: string
  readonly #peaks = new Map<string, number>()

  constructor(first: string) {
    this.#stage = first
  }

  /** Samples from now on belong to `stage` (a stage entered again keeps its earlier highest). */
  enter(stage: string) {
    this.#stage = stage
  }

  /** A sample in MB (null: the process could not be read, e.g. it has ended). */
  sample(mb: number | null) {
    if (mb === null) return
    const before = this.#peaks.get(this.#stage)
    if (before === undefined || mb > before) this.#peaks.set(this.#stage, mb)
  }

  /** The highest sample of a stage, undefined when none was taken in it. */
  peakOf(stage: string) {
    return this.#peaks.get(stage)
  }

  /** The stage of the highest sample of the run (on a tie, the stage that ran first), null without samples. */
  highest() {
    let best: { stage: string; mb: number } | null = null
    for (const [stage, mb] of this.#peaks) if (!best || mb > best.mb) best = { stage, mb }
    return best
  }
}

/**
 * The line after "Server memory: …": in which stage the highest sample fell, and the highest sample
 * of every stage in the order they ran. The kernel's high-water mark (VmHWM) can lie above every
 * 50 ms sample; `peakMb` is the larger of the two, as the memory line reports it.
 */
export function peakStageLine(peaks: StagePeaks, stages: readonly string[], peakMb: number) {
  const highest = peaks.highest()
  if (!highest) return null
  const list = stages
    .filter((stage) => peaks.peakOf(stage) !== undefined)
    .map((stage) => `${stage} ${peaks.peakOf(stage)!.toFixed(0)}`)
    .join(', ')
  const between =
    peakMb - highest.mb >= 0.5
      ? ` (the high-water mark, ${peakMb.toFixed(0)} MB, lies ${(peakMb - highest.mb).toFixed(0)} MB above it, between two samples)`
      : ''
  return `Peak reached during: ${highest.stage}, highest sample ${highest.mb.toFixed(0)} MB${between}. Highest sample per stage (MB, every 50 ms): ${list}.`
}
