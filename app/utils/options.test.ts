import { describe, expect, test } from 'vitest'
import { languageChoices, languageOptions } from './iso.server.ts'
import { packOptions, readableFromMarkup, unpackOptions, type Option } from './options.ts'

describe('packed options (a language picker in loader data)', () => {
  test('every language list of both UI languages comes back exactly, with recorded codes outside the list too', () => {
    for (const lng of ['de', 'en']) {
      for (const include of [[], ['ckb'], ['gsw', 'zza', 'deu'], ['xxx', 'tlh']]) {
        const lists = languageOptions(lng, include)
        const choices = languageChoices(lng, include)
        expect(choices.common).toBe(lists.common)
        expect(typeof choices.all).toBe('string')
        expect(unpackOptions(choices.all)).toEqual(lists.all)
        expect(lists.all.length).toBeGreaterThan(600)
      }
    }
  })

  test('the same list packs to the same string and unpacks to the same array (markup built once per array)', () => {
    const { all } = languageOptions('de')
    expect(packOptions(all)).toBe(packOptions(all))
    const text = packOptions(all)
    expect(unpackOptions(text)).toBe(unpackOptions(text))
    // a copy of the string from the wire (another request, the client) finds the same array
    expect(unpackOptions(text.slice(0, 10) + text.slice(10))).toBe(unpackOptions(text))
  })

  test('a list in use keeps its array while more lists than are kept come and go (least recently used first)', () => {
    const text = packOptions(languageOptions('de').all)
    const kept = unpackOptions(text)
    for (let index = 0; index < 20; index++) {
      unpackOptions(packOptions([{ value: `x${index}`, label: `List ${index}` }]))
      expect(unpackOptions(text)).toBe(kept)
    }
    // one not asked for meanwhile is unpacked anew
    const other = packOptions([{ value: 'y', label: 'Y' }])
    const first = unpackOptions(other)
    for (let index = 0; index < 20; index++)
      unpackOptions(packOptions([{ value: `z${index}`, label: `List ${index}` }]))
    expect(unpackOptions(other)).not.toBe(first)
    expect(unpackOptions(other)).toEqual(first)
  })

  test('labels with spaces, brackets, quotes and non-Latin letters survive; an empty list is an empty string', () => {
    const options: Option[] = [
      { value: 'a', label: 'Arabisch (Hocharabisch)' },
      { value: 'b', label: 'Ägyptisches "Arabisch" <x> & \'y\'' },
      { value: 'c', label: 'ትግርኛ' },
      { value: 'd d', label: '' },
    ]
    expect(unpackOptions(packOptions(options))).toEqual(options)
    expect(packOptions([])).toBe('')
    expect(unpackOptions('')).toEqual([])
  })

  test('refuses what it could not give back exactly', () => {
    expect(() => packOptions([{ value: 'a\tb', label: 'x' }])).toThrow(/cannot be packed/)
    expect(() => packOptions([{ value: 'a', label: 'x\ny' }])).toThrow(/cannot be packed/)
    expect(() => packOptions([{ value: '', label: '' }])).toThrow(/cannot be packed/)
    expect(() => packOptions([{ value: 'a', label: 'x', disabled: true }])).toThrow(/cannot be packed/)
  })
})

describe('readableFromMarkup (decision 204)', () => {
  test('a list the markup gives back as it is; a carriage return, a NUL or a disabled option keeps it in the data', () => {
    expect(readableFromMarkup([])).toBe(true)
    expect(readableFromMarkup([{ value: '35', label: 'Aufenthalt und Asylverfahren' }, { value: '36', label: 'Gewalt\nschutz <b>&amp;</b> "Ä"' }])).toBe(true)
    expect(readableFromMarkup([{ value: '35', label: 'Wohnen\r' }])).toBe(false)
    expect(readableFromMarkup([{ value: '35', label: 'Wohnen\0' }])).toBe(false)
    expect(readableFromMarkup([{ value: '3\r5', label: 'Wohnen' }])).toBe(false)
    expect(readableFromMarkup([{ value: '35', label: 'Wohnen', disabled: false }])).toBe(false)
  })
})
