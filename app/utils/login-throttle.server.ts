// Per-IP backoff for sign-in, in memory: a single-process server on SQLite (decision 006). After
// `limit` failures within the window, further attempts from that address wait until it passes.
const WINDOW_MS = 15 * 60 * 1000

type Entry = { failures: number; firstAt: number }
const failuresByIp = new Map<string, Entry>()

export function isIpThrottled(ip: string, limit: number, now = Date.now()) {
  const entry = failuresByIp.get(ip)
  if (!entry) return false
  if (now - entry.firstAt > WINDOW_MS) {
    failuresByIp.delete(ip)
    return false
  }
  return entry.failures >= limit
}

export function recordIpFailure(ip: string, now = Date.now()) {
  const entry = failuresByIp.get(ip)
  if (!entry || now - entry.firstAt > WINDOW_MS) failuresByIp.set(ip, { failures: 1, firstAt: now })
  else entry.failures += 1
  if (failuresByIp.size > 10_000) {
    for (const [key, value] of failuresByIp) if (now - value.firstAt > WINDOW_MS) failuresByIp.delete(key)
  }
}

export function clearIpFailures(ip: string) {
  failuresByIp.delete(ip)
}
