// Decision 029: calendar days read the same in every zone; relative texts read naturally.
import { afterEach, describe, expect, test } from 'vitest'
import i18next from 'i18next'
import { resources } from '#app/locales/index.ts'
import { formatDay } from '#app/utils/format.ts'
import { sinceDays } from '#app/utils/relative-days.ts'
import { calendarDaysSince, daysBetween } from './follow-up.ts'
import { waitingDays } from './workload.ts'

const originalZone = process.env.TZ
afterEach(() => {
  // assigning undefined would store the string "undefined" (an unknown zone) for the next file
  if (originalZone === undefined) delete process.env.TZ
  else process.env.TZ = originalZone
})

describe.each(['Europe/Berlin', 'UTC', 'America/New_York'])('calendar days with the process in %s', (zone) => {
  test('a stored day (UTC midnight) and a YYYY-MM-DD string show as that day', () => {
    process.env.TZ = zone
    expect(formatDay(new Date('2026-12-18T00:00:00.000Z'), 'de')).toBe('18.12.2026')
    expect(formatDay('2026-12-18T00:00:00.000Z', 'de')).toBe('18.12.2026')
    expect(formatDay('2027-07-14', 'de')).toBe('14.07.2027')
    expect(formatDay('2027-07-14', 'en')).toBe('14 Jul 2027')
  })

  test('days since count office days: 23:50 yesterday is yesterday, not "0 days"', () => {
    process.env.TZ = zone
    const now = new Date('2026-12-04T00:10:00+01:00')
    expect(calendarDaysSince(new Date('2026-12-03T23:50:00+01:00'), now)).toBe(1)
    expect(calendarDaysSince(new Date('2026-12-04T00:05:00+01:00'), now)).toBe(0)
    expect(calendarDaysSince(new Date('2026-11-30T12:00:00+01:00'), now)).toBe(4)
    // Across the change to summer time (29.03.2026) a day is still a day.
    expect(calendarDaysSince(new Date('2026-03-28T12:00:00+01:00'), new Date('2026-03-30T12:00:00+02:00'))).toBe(2)
    expect(waitingDays(new Date('2026-12-03T23:50:00+01:00'), null, now)).toBe(1)
  })
})

test('daysBetween over a year boundary and backwards', () => {
  expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1)
  expect(daysBetween('2027-01-01', '2026-12-31')).toBe(-1)
  expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2)
})

test('"seit heute", "seit gestern", "seit 3 Tagen" — never "seit 0 Tagen"', async () => {
  const i18n = i18next.createInstance()
  await i18n.init({ lng: 'de', resources, ns: ['common'], defaultNS: 'common', interpolation: { escapeValue: false } })
  expect(sinceDays(i18n.t, 0)).toBe('seit heute')
  expect(sinceDays(i18n.t, 1)).toBe('seit gestern')
  expect(sinceDays(i18n.t, 3)).toBe('seit 3 Tagen')
  await i18n.changeLanguage('en')
  expect(sinceDays(i18n.t, 0)).toBe('since today')
  expect(sinceDays(i18n.t, 5)).toBe('for 5 days')
})
