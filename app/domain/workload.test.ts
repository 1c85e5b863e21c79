import { describe, expect, test } from 'vitest'
import { absenceProblems, buildWorkload, minutesToHours, waitingDays, type Counsellor } from './workload.ts'

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

  test('absence rules', () => {
    const base = { userId: 'a', substituteId: 'b', startsOn: new Date('2026-12-01'), endsOn: new Date('2026-12-10') }
    expect(absenceProblems(base)).toEqual([])
    expect(absenceProblems({ ...base, endsOn: new Date('2026-11-30') })).toEqual(['ends-before-start'])
    expect(absenceProblems({ ...base, substituteId: 'a' })).toEqual(['substitute-is-absent-person'])
    expect(absenceProblems({ ...base, endsOn: new Date('2028-01-01') })).toEqual(['too-long'])
  })
})
