import { describe, expect, test } from 'vitest'
import { anonymousCode, coarsenBirthYear, isCaseExpired, isClientExpired, latestExpiredClosureYear, parseRetentionYears } from './retention.ts'

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
