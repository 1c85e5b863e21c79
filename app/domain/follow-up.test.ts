import { describe, expect, test } from 'vitest'
import {
  addDays,
  bucketOf,
  groupFollowUps,
  latestAllowedContactDay,
  officeDay,
  parseDay,
  upcomingWindowEnd,
} from './follow-up.ts'

describe('calendar days', () => {
  test('the office day is the day in Germany, not in UTC', () => {
    expect(officeDay(new Date('2026-11-26T22:30:00Z'))).toBe('2026-11-26')
    expect(officeDay(new Date('2026-11-26T23:30:00Z'))).toBe('2026-11-27')
    expect(officeDay(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01') // summer time, UTC+2
  })

  test('days parse strictly to UTC midnight', () => {
    expect(parseDay('2026-02-28')?.toISOString()).toBe('2026-02-28T00:00:00.000Z')
    expect(parseDay('2026-02-29')).toBeNull()
    expect(parseDay('2026-13-01')).toBeNull()
    expect(parseDay('26-01-01')).toBeNull()
    expect(parseDay('')).toBeNull()
  })

  test('adding days crosses months and years', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02')
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
  })

  test('contacts may be dated one day ahead at most', () => {
    expect(latestAllowedContactDay(new Date('2026-12-31T12:00:00Z'))).toBe('2027-01-01')
  })
})

describe('follow-up buckets', () => {
  // 26 November 2026, 09:00 in Germany.
  const now = new Date('2026-11-26T08:00:00Z')

  test.each([
    ['2026-11-01', 'overdue'],
    ['2026-11-25', 'overdue'],
    ['2026-11-26', 'today'],
    ['2026-11-27', 'upcoming'],
    ['2026-12-03', 'upcoming'],
    ['2026-12-04', null],
  ])('due %s → %s', (due, bucket) => {
    expect(bucketOf(due, officeDay(now))).toBe(bucket)
  })

  test('groups stored dates and keeps their order; the window ends seven days ahead', () => {
    const items = ['2026-11-20', '2026-11-26', '2026-11-30', '2026-12-10'].map((day, index) => ({
      index,
      dueDate: parseDay(day)!,
    }))
    const groups = groupFollowUps(items, now)
    expect(groups.overdue.map((item) => item.index)).toEqual([0])
    expect(groups.today.map((item) => item.index)).toEqual([1])
    expect(groups.upcoming.map((item) => item.index)).toEqual([2])
    expect(upcomingWindowEnd(now).toISOString()).toBe('2026-12-03T00:00:00.000Z')
  })

  test('shortly after midnight in Germany it is already the next day', () => {
    const justAfterMidnight = new Date('2026-11-26T23:15:00Z')
    expect(bucketOf('2026-11-26', officeDay(justAfterMidnight))).toBe('overdue')
    expect(bucketOf('2026-11-27', officeDay(justAfterMidnight))).toBe('today')
  })
})

describe('officeDay: the day of each UTC hour is remembered (session 11)', () => {
  // The reference: the answer of Intl's parts for the instant itself, without the memo.
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' })
  const reference = (instant: Date) => {
    const of = parts.formatToParts(instant)
    const part = (type: string) => of.find((p) => p.type === type)?.value ?? ''
    return `${part('year')}-${part('month')}-${part('day')}`
  }
  const HOUR = 3_600_000

  test('equal to a fresh Intl answer at every few minutes around midnight and the clock changes', () => {
    // Each hour's first minute is asked first, then further minutes of the hour come from the memo:
    // around German midnight and the changes to and from summer time, in 1945 and 1947 (to and from
    // +3), 1980, 2026 and 2037.
    for (const [year, month, day] of [[1945, 4, 23], [1945, 8, 23], [1947, 4, 10], [1947, 5, 28], [1980, 3, 6], [1980, 8, 28], [2026, 2, 29], [2026, 9, 25], [2037, 2, 29]] as const)
      for (let hour = -3; hour < 27; hour++)
        for (let minute = 0; minute < 60; minute += 7) {
          const instant = new Date(Date.UTC(year, month, day, hour) + minute * 60_000 + (minute % 3) * 1_013)
          expect(officeDay(instant), instant.toISOString()).toBe(reference(instant))
        }
  })

  test('random instants from 1850 to 2100, and another of the same UTC hour each', () => {
    let state = 23
    const next = () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31)
    const from = Date.UTC(1850, 0, 1)
    const to = Date.UTC(2100, 0, 1)
    for (let i = 0; i < 20_000; i++) {
      const instant = new Date(from + next() * (to - from))
      expect(officeDay(instant)).toBe(reference(instant))
      const sameHour = new Date(Math.floor(instant.getTime() / HOUR) * HOUR + Math.floor(next() * HOUR))
      expect(officeDay(sameHour)).toBe(reference(sameHour))
    }
    expect(() => officeDay(new Date(Number.NaN))).toThrow(RangeError)
  })

  test('a list buckets each due day as bucketOf does with its own window', () => {
    const now = new Date('2026-12-05T23:30:00Z') // already 6 December in Germany
    const days = Array.from({ length: 20 }, (_, index) => addDays('2026-11-30', index))
    const items = days.map((day) => ({ dueDate: parseDay(day)! }))
    const groups = groupFollowUps(items, now)
    for (const [index, day] of days.entries()) {
      const bucket = bucketOf(day, officeDay(now))
      const found = (['overdue', 'today', 'upcoming'] as const).find((name) => groups[name].includes(items[index]!)) ?? null
      expect(found, day).toBe(bucket)
    }
    expect(groups.today.map((item) => item.dueDate.toISOString())).toEqual(['2026-12-06T00:00:00.000Z'])
    expect(groups.upcoming).toHaveLength(7)
  })
})
