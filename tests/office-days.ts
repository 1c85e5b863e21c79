// Instants a whole number of office days back, for tests that expect exact waiting days. `Date.now()
// − n × 24 h` lands on the office day before during one hour of the Berlin day whenever a clock change
// lies between (23:30 CET on 6 December, 128 × 24 h back, is 00:30 CEST on 1 August: 127 office
// days); noon in Berlin never moves across a day. Plain (no database, no vitest), so the browser
// tests may use it too.
import { addDays, officeDay, parseDay } from '../app/domain/follow-up.ts'

const HOUR_MS = 3_600_000

/** Noon in Berlin (11:00 UTC: 12:00 CET, 13:00 CEST) of the office day `days` before `now`'s — never later than `now`. */
export function officeDaysAgo(days: number, now: Date = new Date()): Date {
  const noon = new Date(parseDay(addDays(officeDay(now), -days))!.getTime() + 11 * HOUR_MS)
  return noon < now ? noon : now
}
