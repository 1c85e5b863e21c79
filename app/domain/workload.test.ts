import { describe, expect, test } from 'vitest'
import { daysBetween, officeDay } from './follow-up.ts'
import { absenceProblems, buildWorkload, longestWaiting, minutesToHours, waitingDays, type Counsellor } from './workload.ts'

const anna: Counsellor = { id: 'a', displayName: 'Anna', languages: ['deu', 'arb'], absentUntil: null }
const bernd: Counsellor = { id: 'b', displayName: 'Bernd', languages: ['deu'], absentUntil: null }
const cem: Counsellor = { id: 'c', displayName: 'Cem', languages: ['tur'], absentUntil: null }

describe('workload', () => {
  test('rows and team totals from the aggregates; a counsellor without figures shows zeros', () => {
    const figures = new Map([
      ['a', { openCases: 12, activeCaseManagement: 5, contacts30d: 20, minutes30d: 905, overdueFollowUps: 2, openReferrals: 3 }],
      ['b', { openCases: 4, contacts30d: 3, minutes30d: 95 }],
    ])
    const { rows, total } = buildWorkload([bernd, cem, anna], figures)
    expect(rows.map((row) => row.id)).toEqual(['a', 'b', 'c'])
    // 905 min = 15.08 h → 15.1; 95 min = 1.58 h → 1.6
    expect(rows[0]).toMatchObject({ openCases: 12, hours30d: 15.1 })
    expect(rows[1]).toMatchObject({ openCases: 4, activeCaseManagement: 0, hours30d: 1.6 })
    expect(rows[2]).toMatchObject({ openCases: 0, contacts30d: 0, hours30d: 0 })
    // the whole row, its keys in the order the loader's packing and any reader saw them
    expect(rows[1]).toEqual({ ...bernd, openCases: 4, activeCaseManagement: 0, contacts30d: 3, minutes30d: 95, overdueFollowUps: 0, openReferrals: 0, hours30d: 1.6 })
    expect(Object.keys(rows[2]!)).toEqual(['id', 'displayName', 'languages', 'absentUntil', 'openCases', 'activeCaseManagement', 'contacts30d', 'minutes30d', 'overdueFollowUps', 'openReferrals', 'hours30d'])
    // totals: 12+4+0 open, 5 CM, 23 contacts, 1000 min = 16.7 h, 2 overdue, 3 referrals
    expect(total).toEqual({ openCases: 16, activeCaseManagement: 5, contacts30d: 23, minutes30d: 1000, hours30d: 16.7, overdueFollowUps: 2, openReferrals: 3 })
  })

  test('sorts by any figure, ties by name', () => {
    const figures = new Map([
      ['a', { openCases: 3 }],
      ['b', { openCases: 7 }],
      ['c', { openCases: 3 }],
    ])
    expect(buildWorkload([anna, bernd, cem], figures, 'openCases', 'desc').rows.map((row) => row.id)).toEqual(['b', 'a', 'c'])
    expect(buildWorkload([anna, bernd, cem], figures, 'openCases', 'asc').rows.map((row) => row.id)).toEqual(['a', 'c', 'b'])
  })

  test('hours are rounded to one decimal', () => {
    expect(minutesToHours(0)).toBe(0)
    expect(minutesToHours(30)).toBe(0.5)
    expect(minutesToHours(100)).toBe(1.7)
  })

  test('waiting days count from the transfer into the team when there was one', () => {
    const now = new Date('2026-11-26T12:00:00Z')
    expect(waitingDays(new Date('2026-11-20T12:00:00Z'), null, now)).toBe(6)
    expect(waitingDays(new Date('2026-10-01T12:00:00Z'), new Date('2026-11-24T12:00:00Z'), now)).toBe(2)
  })

  // Session 25: the days are counted from the two office days' numbers, not by daysBetween's strict
  // parsing; the same count at every hour over clock changes, month, year and leap-day boundaries, for
  // waits of 0 to 1,200 days, and 0 for a start after today.
  test('waiting days equal daysBetween of the office days, across clock changes, years and leap days', () => {
    const nows = ['2024-02-29T23:30:00Z', '2024-03-31T00:30:00Z', '2024-10-27T01:30:00Z', '2025-01-01T00:15:00Z', '2026-03-29T00:59:00Z', '2026-12-31T23:00:00Z']
    let compared = 0
    for (const nowText of nows) {
      const now = new Date(nowText)
      for (let hours = -30; hours <= 1_200 * 24; hours += 13) {
        const since = new Date(now.getTime() - hours * 3_600_000)
        const expected = Math.max(0, daysBetween(officeDay(since), officeDay(now)))
        expect(waitingDays(since, null, now), `${nowText} − ${hours} h`).toBe(expected)
        compared++
      }
    }
    expect(compared).toBeGreaterThan(10_000)
    expect(waitingDays(new Date('2026-12-08T12:00:00Z'), null, new Date('2026-12-07T12:00:00Z'))).toBe(0)
    expect(waitingDays(new Date('2024-02-28T22:59:00Z'), null, new Date('2024-03-01T12:00:00Z'))).toBe(2)
  })

  test('absence rules', () => {
    const base = { userId: 'a', substituteId: 'b', startsOn: new Date('2026-12-01'), endsOn: new Date('2026-12-10') }
    expect(absenceProblems(base)).toEqual([])
    expect(absenceProblems({ ...base, endsOn: new Date('2026-11-30') })).toEqual(['ends-before-start'])
    expect(absenceProblems({ ...base, substituteId: 'a' })).toEqual(['substitute-is-absent-person'])
    expect(absenceProblems({ ...base, endsOn: new Date('2028-01-01') })).toEqual(['too-long'])
  })
})

describe('longestWaiting', () => {
  // The reference: every case's waiting days, then a stable sort, longest first (as /team did).
  function reference<Row extends { openedAt: Date; transferredInAt: Date | null }>(queue: Row[], limit: number, now: Date) {
    return queue
      .map((row) => ({ row, waitingDays: waitingDays(row.openedAt, row.transferredInAt, now) }))
      .sort((a, b) => b.waitingDays - a.waitingDays)
      .slice(0, limit)
  }

  // A small deterministic generator (no flaky seeds): instants around German midnights and both clock
  // changes, many on the same office day, transfers before and after the opening, some in the future.
  function queueOf(seed: number, size: number, now: Date) {
    let state = seed
    const next = () => ((state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648)
    const anchors = [
      Date.UTC(2026, 2, 29, 0, 30), // 01:30 on the night of the spring clock change
      Date.UTC(2026, 9, 25, 0, 30), // the autumn one
      Date.UTC(2026, 11, 4, 22, 59, 59), // 23:59:59 in Germany
      Date.UTC(2026, 11, 4, 23, 0), // midnight in Germany, still 4 December in UTC
      now.getTime() - 3_600_000,
      now.getTime() + 86_400_000, // tomorrow: waits 0 days, as today does
    ]
    const queue = []
    for (let i = 0; i < size; i++) {
      const base = next() < 0.5 ? anchors[Math.floor(next() * anchors.length)]! : now.getTime() - next() * 400 * 86_400_000
      const openedAt = new Date(base + Math.round((next() - 0.5) * 4 * 3_600_000))
      const transfer = next()
      const transferredInAt = transfer < 0.3 ? new Date(openedAt.getTime() + next() * 40 * 86_400_000) : transfer < 0.4 ? new Date(openedAt.getTime() - 86_400_000) : null
      queue.push({ id: `case-${i}`, openedAt, transferredInAt })
    }
    // the model reads the queue in the order of opening
    return queue.sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime())
  }

  test('the same rows in the same order as waiting days for every case and a stable sort', () => {
    for (const now of [new Date('2026-12-05T11:00:00Z'), new Date('2026-12-04T23:30:00Z'), new Date('2026-03-29T01:30:00Z')]) {
      for (let seed = 1; seed <= 40; seed++) {
        for (const [size, limit] of [[0, 50], [7, 50], [120, 50], [500, 50], [60, 1]] as const) {
          const queue = queueOf(seed * 7 + size, size, now)
          const expected = reference(queue, limit, now)
          const actual = longestWaiting(queue, limit, now)
          expect(actual.map(({ row, waitingDays }) => [row.id, waitingDays])).toEqual(expected.map(({ row, waitingDays }) => [row.id, waitingDays]))
        }
      }
    }
  })

  test('ties on the last place of the page: the earlier opened case wins, wherever its wait began', () => {
    const now = new Date('2026-12-05T11:00:00Z')
    // Both waited since 1 December (office days); the first opened transferred in late that day.
    const queue = [
      { id: 'opened-first', openedAt: new Date('2026-11-20T09:00:00Z'), transferredInAt: new Date('2026-12-01T22:30:00Z') },
      { id: 'opened-second', openedAt: new Date('2026-11-30T23:30:00Z'), transferredInAt: null },
      { id: 'longest', openedAt: new Date('2026-11-30T12:00:00Z'), transferredInAt: null },
    ]
    expect(longestWaiting(queue, 2, now).map(({ row, waitingDays }) => [row.id, waitingDays])).toEqual([
      ['longest', 5],
      ['opened-first', 4],
    ])
  })
})
