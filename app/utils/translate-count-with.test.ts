import { describe, expect, test, vi } from 'vitest'
import { createInstance } from 'i18next'
import { i18nConfig } from '#app/i18n.ts'
import { formatNumber } from '#app/utils/format.ts'
import { createI18nInstance } from '#app/utils/i18n.server.ts'
import { translateCountWith, type Translate } from './translate-once.ts'

const turn = () => new Promise((resolve) => setImmediate(resolve))

// The counted texts of /referrals and /language-mediation (their captions and summaries).
const KEYS: Array<[key: string, values: string[]]> = [
  ['overview.overSummary', []],
  ['overview.flaggedSummary', []],
  ['overview.caption', []],
  ['overview.captionPaged', ['page', 'pages']],
  ['mediation.overview.openCount', []],
  ['mediation.overview.openCountPaged', ['page', 'pages']],
]
const COUNTS = [0, 1, 2, 3, 11, 21, 50, 101, 999, 1000, 1006, 3211, 12_345, 1_000_000, -1, -2, 1.5, 0.5]

function valuesOf(names: string[], count: number, language: string): Record<string, string> {
  const values: Record<string, string> = {}
  names.forEach((name, index) => (values[name] = formatNumber(Math.max(1, Math.floor(Math.abs(count) / 50) + index), language)))
  return values
}

describe('translateCountWith', () => {
  test('gives the text of t with the count and values, for every count, in both languages: plain i18next and the server\'s shared instance', async () => {
    for (const language of ['de', 'en']) {
      const plain = createInstance()
      await plain.init({ ...i18nConfig, lng: language })
      const shared = await createI18nInstance(language as 'de' | 'en')
      for (const t of [plain.getFixedT(language, 'referrals'), shared.getFixedT(language, 'referrals')] as Translate[]) {
        for (const [key, names] of KEYS) {
          await turn()
          const counts = [...COUNTS]
          for (let count = 1; count <= 2000; count++) counts.push(count)
          for (const count of counts) {
            const values = valuesOf(names, count, language)
            const expected = t(key, { count, ...values })
            expect(expected, `${language} ${key} is a key`).not.toBe(key)
            expect(translateCountWith(t, key, language, count, values), `${language} ${key} ${count}`).toBe(expected)
          }
          // the same count with other values (pages of one list), and values in another order
          if (names.length === 2) {
            for (const [page, pages] of [['1', '65'], ['65', '65'], ['1.234', '5.678'], ['0', '1'], ['7', '7']]) {
              expect(translateCountWith(t, key, language, 3211, { page: page!, pages: pages! })).toBe(t(key, { count: 3211, page, pages }))
              expect(translateCountWith(t, key, language, 3211, { pages: pages!, page: page! })).toBe(t(key, { count: 3211, page, pages }))
            }
          }
        }
      }
    }
  })

  test('asks t for the form\'s text as a label, and i18next\'s own answer only until that text was found equal', () => {
    // a stand-in for i18next: a call without values leaves each `{{name}}` as it is
    const texts: Record<string, string> = { 'paged.list_one': '{{count}} Anfrage, Seite {{page}} von {{pages}}', 'paged.list_other': '{{count}} Anfragen, Seite {{page}} von {{pages}}' }
    const answer = (key: string, options?: Record<string, unknown>) => {
      const text = texts[options?.count === undefined ? key : `${key}_${options.count === 1 ? 'one' : 'other'}`] ?? key
      return options === undefined ? text : text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(options[name]))
    }
    const t = vi.fn(answer)
    expect(translateCountWith(t, 'paged.list', 'de', 12, { page: '1', pages: '2' })).toBe('12 Anfragen, Seite 1 von 2')
    expect(t.mock.calls.map(([key, options]) => [key, options])).toEqual([
      ['paged.list_other', undefined],
      ['paged.list', { count: 12, page: '1', pages: '2' }],
    ])
    t.mockClear()
    expect(translateCountWith(t, 'paged.list', 'de', 13, { pages: '2', page: '2' })).toBe('13 Anfragen, Seite 2 von 2')
    expect(t.mock.calls.map(([key, options]) => [key, options])).toEqual([['paged.list_other', undefined]])
    // another form of the same key is checked on its own, and so is the same form in another language
    t.mockClear()
    expect(translateCountWith(t, 'paged.list', 'de', 1, { page: '1', pages: '1' })).toBe('1 Anfrage, Seite 1 von 1')
    expect(translateCountWith(t, 'paged.list', 'en', 14, { page: '1', pages: '1' })).toBe('14 Anfragen, Seite 1 von 1')
    expect(t).toHaveBeenCalledTimes(4)
    // another text of the same key, form and language (other resources) is checked again
    texts['paged.list_other'] = '{{count}} offene Anfragen ({{page}}/{{pages}})'
    t.mockClear()
    expect(translateCountWith(t, 'paged.list', 'de', 15, { page: '1', pages: '1' })).toBe('15 offene Anfragen (1/1)')
    expect(t).toHaveBeenCalledTimes(2)
  })

  test('zero, negative and fractional counts, an unusual value or `{{…}}`, and a text that differs go to t', () => {
    const t = vi.fn((key: string, options?: Record<string, unknown>) => (options === undefined ? `{{count}} ${key}` : `${String(options.count)} ${key} ${String(options.page)}`))
    expect(translateCountWith(t, 'odd.count', 'de', 0, { page: '1' })).toBe('0 odd.count 1')
    expect(translateCountWith(t, 'odd.count', 'de', -3, { page: '1' })).toBe('-3 odd.count 1')
    expect(translateCountWith(t, 'odd.count', 'de', 2.5, { page: '1' })).toBe('2.5 odd.count 1')
    for (const page of ['1\u0000', '{{count}}', '$t(other)', '}'])
      expect(translateCountWith(t, 'odd.count', 'de', 4, { page })).toBe(`4 odd.count ${page}`)
    expect(t.mock.calls.map(([key]) => key)).toEqual(Array(7).fill('odd.count'))
    // the form's text ("{{count}} odd.count_other") never gives t's own answer: t's, every time
    t.mockClear()
    for (let round = 0; round < 3; round++) expect(translateCountWith(t, 'odd.count', 'de', 5, { page: '2' })).toBe('5 odd.count 2')
    expect(t).toHaveBeenCalledTimes(6)
    // `{{…}}` that are not a plain name of the call: a format, an unescaped value, a name not given, spaces
    for (const text of ['{{count, number}} x', '{{- page}} x', '{{other}} x', '{{ count }} x', '{{count}} {{}} x']) {
      const odd = vi.fn((key: string, options?: Record<string, unknown>) => (options === undefined ? text : `own ${String(options.count)}`))
      for (let round = 0; round < 2; round++) expect(translateCountWith(odd, `odd.${text}`, 'de', 5, { page: '1' })).toBe('own 5')
      expect(odd).toHaveBeenCalledTimes(4)
    }
  })
})
