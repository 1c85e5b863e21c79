// hoursOfMinutesFormatter and centsFormatter (session 27) write whole hundredths with the separators read from
// Intl; these compare every value up to 100,000 and samples up to and beyond their limits with Intl's own text.
import { describe, expect, test } from 'vitest'
import { formatCents } from '#app/domain/money.ts'
import { centsFormatter, hoursOfMinutesFormatter, numberFormatter, ownDigitsFor } from './format.ts'

const LANGUAGES = ['de', 'en', 'xx']

/** A deterministic pseudo-random stream (the same values on every run). */
function random(seed: number) {
  let state = seed
  return () => {
    state = (state * 48_271) % 2_147_483_647
    return state / 2_147_483_647
  }
}

function samples() {
  const next = random(207)
  const values: number[] = []
  for (let i = 0; i <= 100_000; i++) values.push(i)
  for (let i = 0; i < 20_000; i++) values.push(Math.floor(next() * 10 ** (5 + Math.floor(next() * 9))))
  // at and around the limits, beyond them, and what falls back to Intl: negative, fractional, -0, not finite
  values.push(1e13 - 1, 1e13, 1e13 + 1, 2 ** 53 - 1, 2 ** 53, -1, -59, -60, -12345, 0.5, 1.25, 59.999, -0, Number.NaN, Infinity, -Infinity)
  return values
}

describe('whole hundredths written without Intl', () => {
  test('hours of whole minutes: the text of numberFormatter with one or two decimals of minutes ÷ 60', () => {
    const differences: string[] = []
    for (const language of LANGUAGES) {
      const fast = hoursOfMinutesFormatter(language)
      const intl = numberFormatter(language, { minimumFractionDigits: 1, maximumFractionDigits: 2 })
      for (const minutes of samples()) {
        const expected = intl(minutes / 60)
        if (fast(minutes) !== expected) differences.push(`${language} ${minutes}: ${fast(minutes)} ≠ ${expected}`)
      }
    }
    expect(differences.slice(0, 10)).toEqual([])
  })

  test('euros of whole cents: the text of formatCents', () => {
    const differences: string[] = []
    for (const language of LANGUAGES) {
      const fast = centsFormatter(language)
      for (const cents of samples()) {
        const expected = formatCents(cents, language)
        if (fast(cents) !== expected) differences.push(`${language} ${cents}: ${fast(cents)} ≠ ${expected}`)
      }
    }
    expect(differences.slice(0, 10)).toEqual([])
  })

  test('the texts as the page shows them', () => {
    expect([0, 1, 6, 30, 45, 59, 60, 90, 98_765, 6_000_000].map(hoursOfMinutesFormatter('de'))).toEqual([
      '0,0', '0,02', '0,1', '0,5', '0,75', '0,98', '1,0', '1,5', '1.646,08', '100.000,0',
    ])
    expect([0, 1, 10, 4999, 123_456_789].map(centsFormatter('de'))).toEqual(['0,00\u00a0€', '0,01\u00a0€', '0,10\u00a0€', '49,99\u00a0€', '1.234.567,89\u00a0€'])
    expect([0, 1, 10, 4999, 123_456_789].map(centsFormatter('en'))).toEqual(['€0.00', '€0.01', '€0.10', '€49.99', '€1,234,567.89'])
    // written from the digits, not by Intl (a writing that differs from Intl in a probe would fall back to it)
    for (const language of ['de', 'en']) expect(ownDigitsFor(language)).toEqual({ hours: true, cents: true })
  })
})
