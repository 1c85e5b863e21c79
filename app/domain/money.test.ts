import { describe, expect, test } from 'vitest'
import { centsToInput, formatCents, parseEuroToCents } from './money.ts'

describe('parseEuroToCents', () => {
  test.each([
    ['12,50', 1250],
    ['12,5', 1250],
    ['12', 1200],
    ['0', 0],
    ['0,99', 99],
    ['1.234,56', 123456],
    [' 45,00 € ', 4500],
    ['1.000.000', 100000000],
  ])('German %s → %i cents', (input, cents) => {
    expect(parseEuroToCents(input, 'de')).toEqual({ ok: true, cents })
  })

  test.each([
    ['12.50', 1250],
    ['1,234.56', 123456],
    ['EUR 7', 700],
  ])('English %s → %i cents', (input, cents) => {
    expect(parseEuroToCents(input, 'en')).toEqual({ ok: true, cents })
  })

  test('refuses negative amounts', () => {
    expect(parseEuroToCents('-12,50', 'de')).toEqual({ ok: false, reason: 'negative' })
    expect(parseEuroToCents('−3', 'en')).toEqual({ ok: false, reason: 'negative' })
  })

  test('refuses the other language’s decimal sign and other garbage', () => {
    for (const input of ['12.50', '12,505', '1.23,4', 'abc', '', '12,', '1e3', '=1+1']) {
      expect(parseEuroToCents(input, 'de')).toEqual({ ok: false, reason: 'invalid' })
    }
    expect(parseEuroToCents('12,50', 'en')).toEqual({ ok: false, reason: 'invalid' })
  })

  test('refuses absurdly large amounts', () => {
    expect(parseEuroToCents('99999999999', 'de')).toEqual({ ok: false, reason: 'tooLarge' })
  })
})

describe('formatting', () => {
  test('centsToInput round-trips through the parser', () => {
    for (const cents of [0, 5, 1250, 123456]) {
      expect(parseEuroToCents(centsToInput(cents, 'de'), 'de')).toEqual({ ok: true, cents })
      expect(parseEuroToCents(centsToInput(cents, 'en'), 'en')).toEqual({ ok: true, cents })
    }
    expect(centsToInput(1250, 'de')).toBe('12,50')
    expect(centsToInput(1250, 'en')).toBe('12.50')
  })

  test('formatCents uses the language’s conventions', () => {
    expect(formatCents(123456, 'de')).toMatch(/^1\.234,56\s€$/)
    expect(formatCents(123456, 'en')).toBe('€1,234.56')
  })
})
