// Per-IP backoff for sign-in, in memory: a single-process server on SQLite (decision 006). After
// `limit` failures within the window, further attempts from that address wait until it passes.
//
// An attempt takes its slot *before* the password hash is checked, in one synchronous step: checking
// the count first and recording the failure after the (slow) hash let 26 parallel requests through a
// limit of 20 (issue 12, finding 7). A failed attempt keeps its slot; a successful one gives it back.
const WINDOW_MS = 15 * 60 * 1000
const MAX_ADDRESSES = 10_000

type Entry = { attempts: number; firstAt: number }
const attemptsByIp = new Map<string, Entry>()

export type IpSlot = {
  /** The attempt succeeded: it does not count against the address. */
  release(): void
}

function prune(now: number) {
  if (attemptsByIp.size <= MAX_ADDRESSES) return
  for (const [key, value] of attemptsByIp) if (now - value.firstAt > WINDOW_MS) attemptsByIp.delete(key)
}

/**
 * Reserves one attempt for the address, or returns null when it has used up its `limit` within the
 * window (failures so far plus attempts still being checked).
 */
export function reserveIpAttempt(ip: string, limit: number, now = Date.now()): IpSlot | null {
  let entry = attemptsByIp.get(ip)
  if (entry && now - entry.firstAt > WINDOW_MS) {
    attemptsByIp.delete(ip)
    entry = undefined
  }
  if (entry && entry.attempts >= limit) return null
  if (!entry) {
    entry = { attempts: 0, firstAt: now }
    attemptsByIp.set(ip, entry)
    prune(now)
  }
  entry.attempts += 1
  const reserved = entry
  let released = false
  return {
    release() {
      if (released) return
      released = true
      // A new window may have begun meanwhile; the slot belonged to the old one.
      if (attemptsByIp.get(ip) !== reserved) return
      reserved.attempts -= 1
      if (reserved.attempts <= 0) attemptsByIp.delete(ip)
    },
  }
}
