// What the benchmarks (scripts/bench.ts) and the load test (scripts/bench-load.ts) both need: signing
// in over HTTP (with the second factor), a process's CPU time and quantiles of measured times.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { benchCodeForm } from './bench-second-factor.ts'

/**
 * Signs in through the login form, as a browser would, and completes the code step with the
 * benchmark accounts' published secret (bench-second-factor.ts); answers the session cookie
 * (`name=value`) of the full session.
 */
export async function signIn(origin: string, email: string, password: string) {
  const sessionOf = (answer: Response) => answer.headers.getSetCookie().find((value) => value.startsWith('wb_session='))?.split(';')[0]
  const answer = await fetch(`${origin}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password, redirectTo: '/' }).toString(),
  })
  await answer.arrayBuffer()
  const pending = sessionOf(answer)
  if (answer.status !== 302 || !pending) throw new Error(`Signing in as ${email} failed (HTTP ${answer.status})`)
  if (!answer.headers.get('location')?.startsWith('/login/verify')) return pending
  const verified = await fetch(`${origin}/login/verify`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin, cookie: pending, 'content-type': 'application/x-www-form-urlencoded' },
    body: await benchCodeForm(),
  })
  await verified.arrayBuffer()
  const cookie = sessionOf(verified)
  if (verified.status !== 302 || !cookie) throw new Error(`The second factor of ${email} failed (HTTP ${verified.status})`)
  return cookie
}

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100

/**
 * CPU time (user + system) a process has used, in milliseconds (Linux /proc; null elsewhere). Unlike
 * wall time it is barely affected by other load on the machine.
 */
export function processCpuMs(pid: number | undefined) {
  if (!pid) return null
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS
  } catch {
    return null
  }
}

/** The q-quantile (0…1) of ascending values, interpolated linearly; 0 for no values. */
export function quantile(sorted: number[], q: number) {
  if (sorted.length === 0) return 0
  const position = (sorted.length - 1) * q
  const low = Math.floor(position)
  const high = Math.ceil(position)
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low)
}

/**
 * The order in which one round of the daily pages is asked: a permutation of 0 … length − 1 drawn from
 * `next` (Fisher–Yates). Every page is still asked once per round, so drift over the run hits all pages
 * alike, but no page sits at the same place of every round: with a fixed order the young generation's
 * collections, which come every ≈ 3.5 MB of allocation, locked onto the page at the place where a round's
 * allocation filled it (decision 243).
 */
export function roundOrder(length: number, next: () => number): number[] {
  const order = Array.from({ length }, (_, index) => index)
  for (let index = length - 1; index > 0; index -= 1) {
    const other = Math.floor(next() * (index + 1))
    ;[order[index], order[other]] = [order[other]!, order[index]!]
  }
  return order
}
