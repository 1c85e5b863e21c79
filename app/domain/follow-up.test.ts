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
