// R1: the SQL rules for the German day and year of a stored value agree with officeDay/officeYear
// (Intl, Europe/Berlin) — over random instants of 1996–2040 and at every edge of summer time and
// of the year, for instants and for calendar days stored at UTC midnight.
import Database from 'better-sqlite3'
import { describe, expect, test } from 'vitest'
import { officeDay, officeYear } from '#app/domain/follow-up.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { storedDateTime } from '#app/utils/db.server.ts'
import { firstDayOf, officeDaySql, officeYearSql, officeYearStart } from './office-calendar.server.ts'

const db = new Database(':memory:')
const daySql = db.prepare(`SELECT ${officeDaySql(Prisma.raw('@v')).sql}`).pluck()
const yearSql = db.prepare(`SELECT ${officeYearSql(Prisma.raw('@v')).sql}`).pluck()
const sqlDay = (at: Date) => daySql.get({ v: storedDateTime(at) }) as string
const sqlYear = (at: Date) => yearSql.get({ v: storedDateTime(at) }) as number

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let state = seed
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31
    return state / 2 ** 31
  }
}

describe('R1: the German calendar day and year in SQL', () => {
  test('random instants of 1996–2040 have the day and year officeDay/officeYear give them', () => {
    const next = random(20261205)
    const from = Date.UTC(1996, 0, 1)
    const to = Date.UTC(2041, 0, 1)
    const wrong: string[] = []
    for (let i = 0; i < 20_000; i++) {
      const at = new Date(Math.floor(from + next() * (to - from)))
      if (sqlDay(at) !== officeDay(at) || sqlYear(at) !== officeYear(at))
        wrong.push(`${at.toISOString()}: ${sqlDay(at)}/${sqlYear(at)} vs ${officeDay(at)}/${officeYear(at)}`)
    }
    expect(wrong).toEqual([])
  })

  test('every change of summer time and every turn of the year, a minute and a millisecond either side', () => {
    const wrong: string[] = []
    for (let year = 1996; year <= 2040; year++) {
      const edges = [Date.UTC(year, 0, 1) - 3_600_000]
      for (let day = 1; day <= 31; day++) {
        for (const month of [2, 9]) {
          const at = new Date(Date.UTC(year, month, day, 1))
          if (at.getUTCMonth() === month && at.getUTCDay() === 0 && day + 7 > 31) edges.push(at.getTime())
        }
      }
      for (const edge of edges) {
        for (const offset of [-60_000, -1, 0, 1, 60_000, 3_600_000 - 1, 3_600_000]) {
          const at = new Date(edge + offset)
          if (sqlDay(at) !== officeDay(at) || sqlYear(at) !== officeYear(at))
            wrong.push(`${at.toISOString()}: ${sqlDay(at)}/${sqlYear(at)} vs ${officeDay(at)}/${officeYear(at)}`)
        }
      }
    }
    expect(wrong).toEqual([])
  })

  test('a calendar day stored at UTC midnight stays its own day and year', () => {
    for (const day of ['2026-01-01', '2026-03-29', '2026-06-30', '2026-10-25', '2026-12-31', '2027-01-01']) {
      const stored = new Date(`${day}T00:00:00.000Z`)
      expect(sqlDay(stored)).toBe(day)
      expect(sqlYear(stored)).toBe(Number(day.slice(0, 4)))
    }
  })

  test('the year begins at midnight in Germany: between the stored 31 December and 1 January', () => {
    const start = officeYearStart(2027)
    expect(start).toBe('2026-12-31T23:00:00.000+00:00')
    expect(storedDateTime(new Date('2026-12-31T00:00:00.000Z')) < start).toBe(true)
    expect(storedDateTime(new Date('2027-01-01T00:00:00.000Z')) >= start).toBe(true)
    expect(officeYear(new Date('2026-12-31T22:59:59.999Z'))).toBe(2026)
    expect(officeYear(new Date(start.replace('+00:00', 'Z')))).toBe(2027)
    expect(firstDayOf(2027)).toBe('2027-01-01')
  })
})
