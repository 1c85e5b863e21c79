import { describe, expect, test } from 'vitest'
import {
  CODE_PATTERN,
  CROCKFORD_ALPHABET,
  checkSymbol,
  formatSymbols,
  generatePseudonymCode,
  normalizeCode,
  normalizeSymbols,
  validateCode,
} from './pseudonym-code.ts'

const symbolsOf = (code: string) => code.replace(/-/g, '')

describe('generatePseudonymCode', () => {
  test('grouped 4-4-1 in the Crockford alphabet, with a valid check symbol', () => {
    for (let i = 0; i < 200; i++) {
      const code = generatePseudonymCode()
      expect(code).toMatch(CODE_PATTERN)
      expect(code).not.toMatch(/[ILOU]/)
      expect(validateCode(code)).toEqual({ status: 'ok', code })
    }
  })

  test('uses the random source it is given (all symbols reachable, uniform mapping)', () => {
    const fixed = (bytes: Uint8Array) => bytes.map((_, index) => index * 33)
    const code = generatePseudonymCode(fixed)
    expect(code.slice(0, 9)).toBe('0123-4567')
    expect(new Set(Array.from({ length: 256 }, (_, byte) => CROCKFORD_ALPHABET[byte % 32])).size).toBe(32)
  })

  test('codes do not repeat in a large sample', () => {
    const codes = new Set(Array.from({ length: 5000 }, () => generatePseudonymCode()))
    expect(codes.size).toBe(5000)
  })
})

describe('check symbol', () => {
  const code = generatePseudonymCode()
  const symbols = symbolsOf(code)

  test('every single wrong symbol is detected', () => {
    for (let i = 0; i < symbols.length; i++) {
      for (const replacement of CROCKFORD_ALPHABET) {
        if (replacement === symbols[i]) continue
        const typo = symbols.slice(0, i) + replacement + symbols.slice(i + 1)
        expect(validateCode(typo).status).toBe('wrong-check')
      }
    }
  })

  test('every transposition of two different symbols is detected', () => {
    for (let i = 0; i < symbols.length; i++) {
      for (let j = i + 1; j < symbols.length; j++) {
        if (symbols[i] === symbols[j]) continue
        const chars = [...symbols]
        ;[chars[i], chars[j]] = [chars[j]!, chars[i]!]
        expect(validateCode(chars.join('')).status).toBe('wrong-check')
      }
    }
  })

  test('needs exactly eight symbols', () => {
    expect(() => checkSymbol('ABC')).toThrow()
    expect(checkSymbol('00000000')).toBe('0')
  })
})

describe('normalisation', () => {
  test('tolerates case, missing or extra separators and Crockford aliases', () => {
    const code = formatSymbols('K7Q4M2XD' + checkSymbol('K7Q4M2XD'))
    expect(normalizeCode(code.toLowerCase())).toBe(code)
    expect(normalizeCode(symbolsOf(code))).toBe(code)
    expect(normalizeCode(` ${code.slice(0, 4)} ${code.slice(5)} `)).toBe(code)
    expect(normalizeSymbols('o1il')).toBe('0111')
    expect(normalizeCode('k7q')).toBe('K7Q')
    expect(normalizeCode('k7q4m')).toBe('K7Q4-M')
  })

  test('anything outside the alphabet is not a code', () => {
    expect(normalizeCode('')).toBeNull()
    expect(normalizeCode('K7Q4-U2XD-9')).toBeNull()
    expect(normalizeCode('Müller')).toBeNull()
    expect(normalizeCode('K7Q4*M2XD')).toBeNull()
  })
})

describe('validateCode', () => {
  const code = generatePseudonymCode()
  const symbols = symbolsOf(code)

  test('ok for a valid code in any spelling', () => {
    expect(validateCode(code.toLowerCase().replace(/-/g, ' '))).toEqual({ status: 'ok', code })
  })

  test('malformed for wrong length or foreign characters', () => {
    expect(validateCode(code.slice(0, 6))).toEqual({ status: 'malformed' })
    expect(validateCode(code + '7')).toEqual({ status: 'malformed' })
    expect(validateCode('KUQ4-M2XD-9')).toEqual({ status: 'malformed' })
  })

  test('a wrong check symbol suggests the corrected code among valid single-symbol fixes', () => {
    const wrongCheck = CROCKFORD_ALPHABET[(CROCKFORD_ALPHABET.indexOf(symbols[8]!) + 1) % 32]!
    const typo = symbols.slice(0, 8) + wrongCheck
    const result = validateCode(typo)
    expect(result.status).toBe('wrong-check')
    if (result.status !== 'wrong-check') return
    expect(result.code).toBe(formatSymbols(typo))
    expect(result.suggestions).toContain(code)
    for (const suggestion of result.suggestions) expect(validateCode(suggestion).status).toBe('ok')
    // one valid fix per position, fewer where it would repeat the typed symbol
    expect(result.suggestions.length).toBeLessThanOrEqual(9 + 8)
  })

  test('swapped neighbours are suggested first', () => {
    const fixed = 'K7Q4M2XD' + checkSymbol('K7Q4M2XD')
    const swapped = 'K7Q4M2DX' + fixed[8]
    const result = validateCode(swapped)
    expect(result.status).toBe('wrong-check')
    if (result.status === 'wrong-check') expect(result.suggestions[0]).toBe(formatSymbols(fixed))
  })
})
