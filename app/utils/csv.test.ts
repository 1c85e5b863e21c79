import { describe, expect, test } from 'vitest'
import { BOM, csvCell, fixed, toCsv } from './csv.ts'

describe('toCsv', () => {
  test('starts with the BOM, separates with ; and ends lines with CRLF', () => {
    expect(toCsv([['a', 'b'], [1, 2]])).toBe(`${BOM}a;b\r\n1;2\r\n`)
  })

  test('writes decimals with a comma, fixed decimals for amounts, empty for null', () => {
    expect(toCsv([[1.5, fixed(12.5, 2), fixed(3, 2), null, undefined]], { bom: false })).toBe('1,5;12,50;3,00;;\r\n')
    expect(toCsv([[1.5, fixed(12.5, 2)]], { bom: false, decimalComma: false, separator: ',' })).toBe('1.5,12.50\r\n')
  })

  test('quotes separators, quotes and line breaks', () => {
    expect(csvCell('a;b')).toBe('"a;b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('two\nlines')).toBe('"two\nlines"')
  })

  test('guards against formula injection in text but not in numbers', () => {
    for (const dangerous of ['=SUM(A1)', '+1', '-1', '@cmd', '\tx', '\rx']) {
      expect(csvCell(dangerous).replace(/^"/, '')).toMatch(/^'/)
    }
    expect(csvCell('=1;2')).toBe(`"'=1;2"`)
    expect(csvCell(-3)).toBe('-3')
    expect(csvCell(fixed(-3, 2))).toBe('-3,00')
    expect(csvCell('Arabisch')).toBe('Arabisch')
  })
})
