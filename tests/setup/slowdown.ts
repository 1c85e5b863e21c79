// Test time budgets are written in "quiet milliseconds": what a step may take on the reference
// machine (the project's 2-core VM with nothing else running), with room to spare. They are
// multiplied by how much slower this machine is right now, so that a loaded or slow machine gives a
// test proportionally more time instead of failing it by a timeout, while a quiet one still ends a
// hung test soon (decision 037).
import os from 'node:os'

/** Work of the CPU probe: about 100 ms of one core of the reference machine. */
const PROBE_ITERATIONS = 4_000_000
const REFERENCE_PROBE_CPU_MS = 100
/** Beyond this a timeout is a hang, not a slow machine. */
const MAX_SLOWDOWN = 20

/**
 * The least slowdown a budget assumes: 1 (the quiet reference machine), or WB_MIN_SLOWDOWN where
 * someone runs two suites side by side by hand, so that each has at most half of the two cores however
 * quiet the machine was when both measured it (the load average catches up only after a minute).
 * `npm test` runs them one after the other and does not set it (decision 115, rejected after measuring).
 */
function minSlowdown() {
  const floor = Number(process.env.WB_MIN_SLOWDOWN)
  return Number.isFinite(floor) && floor > 1 ? Math.min(MAX_SLOWDOWN, floor) : 1
}

function clamp(factor: number) {
  return Math.min(MAX_SLOWDOWN, Math.max(minSlowdown(), factor))
}

/**
 * Runs a fixed piece of arithmetic and reports the CPU time it took (the machine's speed) and the
 * wall time (which also counts the time the process waited for a core: contention).
 */
function probe() {
  const cpuBefore = process.cpuUsage()
  const wallBefore = performance.now()
  let x = 1
  for (let i = 0; i < PROBE_ITERATIONS; i += 1) x = (x * 1103515245 + 12345) % 2147483647
  const cpu = process.cpuUsage(cpuBefore)
  // the result is returned so that no compiler may drop the loop as unused
  return { cpuMs: Math.max(1, (cpu.user + cpu.system) / 1000), wallMs: performance.now() - wallBefore, result: x }
}

/** Runnable processes per core over the last minute (1 where the system does not say). */
function loadPerCore() {
  const [oneMinute = 0] = os.loadavg()
  return oneMinute > 0 ? oneMinute / os.availableParallelism() : 1
}

/**
 * Measured once per test run, in the first process that asks (the test runner), and handed to
 * every worker and child process through the environment so that they all agree.
 */
function calibration() {
  if (!process.env.WB_MACHINE_SPEED || !process.env.WB_START_SLOWDOWN) {
    const { cpuMs, wallMs } = probe()
    // Never tighter than on the reference machine: a faster machine keeps the reference budgets.
    const speed = Math.max(1, cpuMs / REFERENCE_PROBE_CPU_MS)
    process.env.WB_MACHINE_SPEED = speed.toFixed(2)
    process.env.WB_START_SLOWDOWN = clamp(speed * Math.max(wallMs / cpuMs, loadPerCore())).toFixed(2)
  }
  return { speed: Number(process.env.WB_MACHINE_SPEED), start: Number(process.env.WB_START_SLOWDOWN) }
}

/** How much slower than the quiet reference machine this run started (used for fixed settings). */
export function startSlowdown() {
  return clamp(calibration().start)
}

/** How much slower than the quiet reference machine this one is now: its speed × its load. */
export function currentSlowdown() {
  return clamp(calibration().speed * loadPerCore())
}

/** A budget in quiet milliseconds as milliseconds on this machine now. */
export function scaled(quietMs: number) {
  return Math.round(quietMs * currentSlowdown())
}

/** A budget in quiet milliseconds as milliseconds on this machine as the run started. */
export function scaledAtStart(quietMs: number) {
  return Math.round(quietMs * startSlowdown())
}
