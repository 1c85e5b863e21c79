import { describe, expect, test } from 'vitest'
import { dateTimeWithSecondsFormatter } from './format.ts'

// dateTimeWithSecondsFormatter remembers each minute's text around its second; these compare it with a fresh
// Intl answer for every instant asked, first and again (the second time from the memory), as Date, ISO text and
// number.
const LOCALES = { de: 'de-DE', en: 'en-GB', xx: 'de-DE' } as const
const fresh = Object.fromEntries(
  Object.entries(LOCALES).map(([language, locale]) => [
    language,
    new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'Europe/Berlin' }),
  ]),
) as Record<keyof typeof LOCALES, Intl.DateTimeFormat>

function differences(instants: Iterable<number>) {
  const found: string[] = []
  for (const instant of instants)
    for (const language of Object.keys(LOCALES) as Array<keyof typeof LOCALES>) {
      const format = dateTimeWithSecondsFormatter(language)
      const date = new Date(instant)
      const expected = fresh[language].format(date)
      for (const value of [date, date.toISOString(), instant, date])
        if (format(value) !== expected)
          found.push(
            `${date.toISOString()} ${language}: ${JSON.stringify(format(value))}, expected ${JSON.stringify(expected)}`,
          )
    }
  return found.slice(0, 20)
}

// A small deterministic generator: the same instants on every run.
function random(seed: number) {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    return state / 2 ** 31
  }
}

describe('date and time with seconds from the memory equal Intl', () => {
  test('every minute from two hours before to two hours after each clock change, at seconds 0, 1, 30 and 59 and the last millisecond', () => {
    const changes = [
      '1916-04-30T22:00:00Z',
      '1945-04-02T01:00:00Z',
      '1945-05-23T23:00:00Z',
      '1947-05-11T00:00:00Z',
      '1980-04-06T01:00:00Z',
      '1980-09-28T01:00:00Z',
      '2026-03-29T01:00:00Z',
      '2026-10-25T01:00:00Z',
      '2037-03-29T01:00:00Z',
      '2037-10-25T01:00:00Z',
    ]
    const instants: number[] = []
    for (const change of changes) {
      const start = Date.parse(change) - 2 * 3_600_000
      for (let minute = 0; minute < 4 * 60; minute += 1)
        for (const ms of [0, 1_000, 30_000, 59_000, 59_999]) instants.push(start + minute * 60_000 + ms)
    }
    expect(differences(instants)).toEqual([])
  })

  test('random instants from 1850 to 2100, each followed by another of the same UTC minute', () => {
    const next = random(23)
    const from = Date.UTC(1850, 0, 1)
    const to = Date.UTC(2100, 0, 1)
    const instants: number[] = []
    // more minutes than the memory keeps (4,096 per language): it is emptied and filled again
    for (let index = 0; index < 5_000; index += 1) {
      const instant = Math.floor(from + next() * (to - from))
      instants.push(instant, instant - (((instant % 60_000) + 60_000) % 60_000) + Math.floor(next() * 60_000))
    }
    expect(differences(instants)).toEqual([])
  })

  test('every second of a minute before and after noon; an invalid date is refused as by Intl', () => {
    const instants: number[] = []
    for (const minute of [
      Date.parse('2026-12-06T10:59:00Z'),
      Date.parse('2026-12-06T11:00:00Z'),
      Date.parse('2026-12-06T22:59:00Z'),
    ])
      for (let second = 0; second < 60; second += 1) instants.push(minute + second * 1000 + 500)
    expect(differences(instants)).toEqual([])
    expect(dateTimeWithSecondsFormatter('de')('2026-12-06T12:05:30.000Z')).toBe('06.12.2026, 13:05:30')
    expect(() => dateTimeWithSecondsFormatter('de')('not a date')).toThrow(RangeError)
  })
})
