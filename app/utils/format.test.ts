import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { dateFormatter, dateTimeFormatter, formatDate, formatDateTime, formatDay, numberFormatter } from './format.ts'

// formatDate and formatDay remember each hour's (day's) text, formatDateTime each hour's text around its
// minute; these compare them with a fresh Intl answer for every instant asked, first and again (the
// second time from the memory).
const LOCALES = { de: 'de-DE', en: 'en-GB', xx: 'de-DE' } as const
const berlin = (locale: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'Europe/Berlin' })
const utc = (locale: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' })
const berlinDateTime = (locale: string) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' })
const fresh = Object.fromEntries(
  Object.entries(LOCALES).map(([language, locale]) => [language, { berlin: berlin(locale), utc: utc(locale), dateTime: berlinDateTime(locale) }]),
) as Record<keyof typeof LOCALES, { berlin: Intl.DateTimeFormat; utc: Intl.DateTimeFormat; dateTime: Intl.DateTimeFormat }>

// Every comparison is made; a difference is collected with the instant, the language and the call, and
// each test expects none at its end (one `expect` per test, not five per instant and language: the
// assertion library's own work was most of this file's time; docs/performance.md, "Test suite", session 21).
let differences: string[] = []
function compare(instant: number, language: string, call: string, actual: string, expected: string) {
  if (actual !== expected) differences.push(`${new Date(instant).toISOString()} ${language} ${call}: ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`)
}
function expectSame(instant: number) {
  const date = new Date(instant)
  const text = date.toISOString()
  for (const language of Object.keys(LOCALES) as Array<keyof typeof LOCALES>) {
    const expected = fresh[language].berlin.format(date)
    compare(instant, language, 'formatDate(Date)', formatDate(date, language), expected)
    compare(instant, language, 'formatDate(string)', formatDate(text, language), expected)
    // the list's formatter (the case list): the same text as dateTimeFormatter's, which asks Intl every time
    compare(instant, language, 'dateFormatter(string)', dateFormatter(language)(text), expected)
    compare(instant, language, 'dateFormatter(stored)', dateFormatter(language)(text.replace('Z', '+00:00')), dateTimeFormatter(language)(text))
    compare(instant, language, 'dateFormatter(number)', dateFormatter(language)(instant), expected)
    compare(instant, language, 'formatDay(Date)', formatDay(date, language), fresh[language].utc.format(date))
    const dateTime = fresh[language].dateTime.format(date)
    compare(instant, language, 'formatDateTime(Date)', formatDateTime(date, language), dateTime)
    compare(instant, language, 'formatDateTime(string)', formatDateTime(text, language), dateTime)
  }
}
beforeEach(() => {
  differences = []
})
afterEach(() => {
  expect(differences.slice(0, 20), `${differences.length} differences`).toEqual([])
})

// Long comparisons give the event loop a turn now and then, so that the worker running this file
// can answer vitest's runner while they run (on a loaded machine a stretch of a minute without a turn
// ends the run with "Timeout calling onTaskUpdate"; docs/performance.md, "Test suite", session 13).
const turn = () => new Promise((resolve) => setImmediate(resolve))

// A small deterministic generator: the same instants on every run.
function random(seed: number) {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    return state / 2 ** 31
  }
}

describe('dates from the memory equal Intl', () => {
  test('around German midnight and the clock changes of 1945–1947, 1980, 2026 and 2037', async () => {
    const days = [
      '1945-04-02', '1945-05-24', '1945-09-24', '1945-11-18', '1946-04-14', '1947-05-11', '1947-06-29',
      '1980-04-06', '1980-09-28', '2026-03-29', '2026-10-25', '2026-12-31', '2037-03-29', '2037-10-25',
    ]
    for (const day of days) {
      await turn()
      const start = Date.parse(`${day}T00:00:00Z`) - 15 * 3_600_000
      for (let minute = 0; minute <= 30 * 60; minute += 7) {
        expectSame(start + minute * 60_000)
        expectSame(start + minute * 60_000 + 59_999)
      }
    }
  })

  test('random instants from 1850 to 2100, each followed by another of the same UTC hour', async () => {
    const next = random(11)
    const from = Date.UTC(1850, 0, 1)
    const to = Date.UTC(2100, 0, 1)
    // more hours than the memory keeps (4,096 per language): it is emptied and filled again
    for (let index = 0; index < 6_000; index += 1) {
      if (index % 250 === 0) await turn()
      const instant = Math.floor(from + next() * (to - from))
      expectSame(instant)
      const hourStart = instant - (((instant % 3_600_000) + 3_600_000) % 3_600_000)
      expectSame(hourStart + Math.floor(next() * 3_600_000))
    }
  })

  test('every minute from two hours before to two hours after each clock change, at its first and last millisecond', async () => {
    const changes = [
      '1916-04-30T22:00:00Z', '1916-09-30T23:00:00Z', '1945-04-02T01:00:00Z', '1945-05-23T23:00:00Z',
      '1945-09-23T23:00:00Z', '1945-11-18T01:00:00Z', '1947-05-11T00:00:00Z', '1947-06-29T00:00:00Z',
      '1980-04-06T01:00:00Z', '1980-09-28T01:00:00Z', '2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z',
      '2037-03-29T01:00:00Z', '2037-10-25T01:00:00Z',
    ]
    for (const change of changes) {
      await turn()
      const start = Date.parse(change) - 2 * 3_600_000
      for (let minute = 0; minute < 4 * 60; minute += 1) {
        expectSame(start + minute * 60_000)
        expectSame(start + minute * 60_000 + 59_999)
      }
    }
  })

  test('every minute of a German day in each language, before and after noon, at any second', () => {
    const start = Date.parse('2026-12-05T23:00:00Z')
    for (let minute = 0; minute < 24 * 60; minute += 1) expectSame(start + minute * 60_000 + ((minute * 7919) % 60_000))
    expect(formatDateTime('2026-12-06T12:05:30.000Z', 'de')).toBe('06.12.2026, 13:05')
    expect(formatDateTime('2026-12-06T12:05:59.999+00:00', 'en')).toBe(fresh.en.dateTime.format(new Date('2026-12-06T12:05:59.999Z')))
  })

  test('calendar days given as text, empty values and invalid dates', () => {
    expect(formatDay('2026-03-29', 'de')).toBe('29.03.2026')
    expect(formatDay('2026-03-29', 'en')).toBe(fresh.en.utc.format(new Date('2026-03-29T00:00:00Z')))
    expect(formatDate('2026-03-29T22:30:00Z', 'de')).toBe('30.03.2026')
    for (const empty of [null, undefined, '']) {
      expect(formatDate(empty, 'de')).toBe('')
      expect(formatDay(empty, 'de')).toBe('')
      expect(formatDateTime(empty, 'de')).toBe('')
    }
    expect(() => formatDateTime('no date', 'de')).toThrow(RangeError)
    expect(() => formatDateTime(new Date(Number.NaN), 'en')).toThrow(RangeError)
    expect(() => formatDate('no date', 'de')).toThrow(RangeError)
    expect(() => formatDate(new Date(Number.NaN), 'en')).toThrow(RangeError)
    // a Date given is used as it is (not copied) and left unchanged; each language keeps its own texts
    const given = new Date('2026-03-29T22:30:00Z')
    expect([formatDate(given, 'de'), formatDate(given, 'en'), formatDate(given, 'de')]).toEqual([
      '30.03.2026',
      fresh.en.berlin.format(given),
      '30.03.2026',
    ])
    expect(given.toISOString()).toBe('2026-03-29T22:30:00.000Z')
    expect(() => formatDay('no date', 'de')).toThrow(RangeError)
    expect(() => dateFormatter('de')('no date')).toThrow(RangeError)
    expect(() => dateTimeFormatter('de')('no date')).toThrow(RangeError)
  })
})

describe('whole numbers written without Intl equal Intl', () => {
  test('every number to 100,000 and around each power of ten, random safe integers, both signs, both languages', () => {
    const next = random(25)
    const values = [0, -0, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 1, 2 ** 60, 0.5, -1.25, 1234.5678, Number.NaN, Infinity, -Infinity]
    for (let value = 0; value <= 100_000; value += 1) values.push(value, -value)
    for (let power = 1; power < 1e16; power *= 10) for (let delta = -2; delta <= 2; delta += 1) values.push(power + delta, -(power + delta))
    for (let index = 0; index < 20_000; index += 1) values.push(Math.floor((next() - 0.5) * 2 * Number.MAX_SAFE_INTEGER), Math.floor(next() * 10 ** Math.floor(next() * 16)))
    for (const [language, locale] of Object.entries(LOCALES)) {
      const format = numberFormatter(language)
      const intl = new Intl.NumberFormat(locale)
      for (const value of values) {
        const [actual, expected] = [format(value), intl.format(value)]
        if (actual !== expected) differences.push(`${language} ${Object.is(value, -0) ? '-0' : value}: ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`)
      }
    }
    // both languages pass the probes and are written without Intl (a language that failed one would keep Intl)
    expect([numberFormatter('de').name, numberFormatter('en').name]).toEqual(['bound formatAsInteger', 'bound formatAsInteger'])
    expect(numberFormatter('de', { maximumFractionDigits: 1 }).name).toBe('bound formatAsNumber')
    expect(numberFormatter('de')(-0)).toBe('-0')
    expect(numberFormatter('de')(1234567)).toBe('1.234.567')
    expect(numberFormatter('en')(-1234567)).toBe('-1,234,567')
  })
})
