import { describe, expect, test } from 'vitest'
import {
  anonymousCode,
  coarsenBirthYear,
  isCaseExpired,
  isClientExpired,
  isFinishedYear,
  latestExpiredClosureYear,
  parseRetentionYears,
  summariseHeldBack,
  yearsToFreeze,
} from './retention.ts'

const now = new Date('2026-03-01T12:00:00Z')

describe('retention rules', () => {
  test('a case closed in year Y expires on 1 January of Y + N + 1', () => {
    expect(latestExpiredClosureYear(now, 3)).toBe(2022)
    expect(isCaseExpired({ status: 'CLOSED', closedAt: new Date('2022-06-01') }, now, 3)).toBe(true)
    expect(isCaseExpired({ status: 'CLOSED', closedAt: new Date('2023-01-02') }, now, 3)).toBe(false)
    expect(isCaseExpired({ status: 'CLOSED', closedAt: new Date('2022-12-31T23:30:00Z') }, now, 3)).toBe(false) // 2023 in Berlin
    expect(isCaseExpired({ status: 'OPEN', closedAt: null }, now, 3)).toBe(false)
  })

  test('a client expires only when every case has', () => {
    const old = { status: 'CLOSED', closedAt: new Date('2019-01-05') }
    expect(isClientExpired([old, old], now, 3)).toBe(true)
    expect(isClientExpired([old, { status: 'ACTIVE', closedAt: null }], now, 3)).toBe(false)
    expect(isClientExpired([], now, 3)).toBe(false)
  })

  test('the period is at least one year; unreadable settings fall back to three', () => {
    expect(parseRetentionYears('0')).toBe(1)
    expect(parseRetentionYears('x')).toBe(3)
    expect(parseRetentionYears(null)).toBe(3)
    expect(parseRetentionYears('7')).toBe(7)
  })

  test('birth years are coarsened to five-year bands; anonymous codes are random', () => {
    expect([1985, 1987, 1989, 1990, 2004].map(coarsenBirthYear)).toEqual([1985, 1985, 1985, 1990, 2000])
    expect(anonymousCode()).toMatch(/^ANON-[0-9A-HJKMNP-TV-Z]{12}$/)
    expect(anonymousCode()).not.toBe(anonymousCode())
  })
})

describe('held back until the years are frozen (decision 016)', () => {
  test('the years still to freeze: counted and not frozen, once each, in order', () => {
    expect(yearsToFreeze([2021, 2019, 2021, 2020], new Set([2020]))).toEqual([2019, 2021])
    expect(yearsToFreeze([2019, 2020], new Set([2019, 2020, 2021]))).toEqual([])
    expect(yearsToFreeze([], new Set())).toEqual([])
  })

  test('only a finished year can be frozen: the year ends at midnight in Germany, not in UTC', () => {
    expect(isFinishedYear(2025, now)).toBe(true)
    expect(isFinishedYear(2026, now)).toBe(false)
    // 23:30 on 31 December in Germany: the year is still running.
    expect(isFinishedYear(2025, new Date('2025-12-31T22:30:00Z'))).toBe(false)
    // 00:30 on 1 January in Germany (still 31 December in UTC): the year has ended.
    expect(isFinishedYear(2025, new Date('2025-12-31T23:30:00Z'))).toBe(true)
  })

  test('the summary groups clients by the years they wait for and counts per year', () => {
    const summary = summariseHeldBack(
      [
        { clientId: 'a', cases: 2, missingYears: [2024, 2026] },
        { clientId: 'b', cases: 1, missingYears: [2024] },
        { clientId: 'c', cases: 1, missingYears: [2024, 2026] },
      ],
      now,
    )
    expect(summary).toEqual({
      clients: 3,
      cases: 4,
      groups: [
        { years: [2024], clients: 1, cases: 1 },
        { years: [2024, 2026], clients: 2, cases: 3 },
      ],
      years: [
        { year: 2024, clients: 3, cases: 4, finished: true },
        { year: 2026, clients: 2, cases: 3, finished: false },
      ],
    })
  })
})
