// Texts of an instant remembered per period of time (issue 19, sessions 10 and 11). Client-safe, pure.
//
// Germany's offset from UTC has been whole hours since 1893 (+1, +2, in 1945–49 also +3) and
// changes only on a whole UTC hour, so every instant of one UTC hour falls on the same German
// calendar day — and every instant of one UTC day on the same UTC day. A text that depends on the
// instant only through that day (its German day, the date as shown) is therefore asked of Intl
// (≈ 5–50 µs a call) once per hour or day and then looked up: lists ask for the same few days again
// and again (every row's `now`, dates saved at midnight). A pure function of the instant, so nothing
// ever needs invalidating; the memo is emptied when full. Tested against Intl at every German clock
// change from 1945 to 2037 and at random instants from 1850 to 2100 (referral-lifecycle.test.ts,
// follow-up.test.ts, format.test.ts).

export const HOUR_MS = 3_600_000
export const DAY_MS = 86_400_000
/** From here on Germany's offset is whole hours (before it, and for an invalid date, no memo). */
export const GERMAN_WHOLE_HOURS_FROM = Date.UTC(1894, 0, 1)
const KEPT = 4096

/**
 * `text` remembered per `periodMs` of UTC time for instants from `from` on. `text` must give the
 * same answer for every instant of one period (a German day: HOUR_MS from GERMAN_WHOLE_HOURS_FROM;
 * a UTC day: DAY_MS); instants before `from`, and invalid dates, are asked of `text` every time.
 */
export function rememberedPerPeriod<T = string>(text: (date: Date) => T, periodMs: number, from = GERMAN_WHOLE_HOURS_FROM) {
  const texts = new Map<number, T>()
  return (date: Date): T => {
    const instant = date.getTime()
    if (!(instant >= from)) return text(date)
    const period = Math.floor(instant / periodMs)
    let value = texts.get(period)
    if (value === undefined) {
      if (texts.size >= KEPT) texts.clear()
      value = text(date)
      texts.set(period, value)
    }
    return value
  }
}
