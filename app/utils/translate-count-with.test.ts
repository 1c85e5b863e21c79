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

  test('asks t for the marked form, and i18next\'s own answer only until a form was found equal', () => {
    const answer = (key: string, options?: Record<string, unknown>) =>
      `${String(options?.count)} ${key.endsWith('_one') || options?.count === 1 ? 'Anfrage' : 'Anfragen'}, Seite ${String(options?.page)} von ${String(options?.pages)}`
    const t = vi.fn(answer)
    expect(translateCountWith(t, 'marked.paged', 'de', 12, { page: '1', pages: '2' })).toBe('12 Anfragen, Seite 1 von 2')
    expect(t.mock.calls.map(([key, options]) => [key, options])).toEqual([
      ['marked.paged_other', { count: '\u00000\u0000', page: '\u00001\u0000', pages: '\u00002\u0000' }],
      ['marked.paged', { count: 12, page: '1', pages: '2' }],
    ])
    t.mockClear()
    expect(translateCountWith(t, 'marked.paged', 'de', 13, { page: '2', pages: '2' })).toBe('13 Anfragen, Seite 2 von 2')
    expect(t).toHaveBeenCalledTimes(1)
    // another form of the same key is checked on its own
    t.mockClear()
    expect(translateCountWith(t, 'marked.paged', 'de', 1, { page: '1', pages: '1' })).toBe('1 Anfrage, Seite 1 von 1')
    expect(t).toHaveBeenCalledTimes(2)
  })

  test('zero, negative and fractional counts, a value with the marker\'s character and a marked text that differs go to t', () => {
    const t = vi.fn((key: string, options?: Record<string, unknown>) => `${key} ${String(options?.count)} ${String(options?.page)}`)
    expect(translateCountWith(t, 'odd.count', 'de', 0, { page: '1' })).toBe('odd.count 0 1')
    expect(translateCountWith(t, 'odd.count', 'de', -3, { page: '1' })).toBe('odd.count -3 1')
    expect(translateCountWith(t, 'odd.count', 'de', 2.5, { page: '1' })).toBe('odd.count 2.5 1')
    expect(translateCountWith(t, 'odd.count', 'de', 4, { page: '1\u0000' })).toBe('odd.count 4 1\u0000')
    expect(t.mock.calls.map(([key]) => key)).toEqual(['odd.count', 'odd.count', 'odd.count', 'odd.count'])
    // the form's marked text names the key with its suffix, i18next's own answer the key without: never equal, always t's
    t.mockClear()
    for (let round = 0; round < 3; round++) expect(translateCountWith(t, 'odd.count', 'de', 5, { page: '2' })).toBe('odd.count 5 2')
    expect(t).toHaveBeenCalledTimes(6)
    // a marked text holding a lone marker character, or a marker of no value
    const lone = vi.fn((key: string, options?: Record<string, unknown>) => (key.endsWith('_other') ? `\u0000 ${String(options?.count)}` : `x ${String(options?.count)}`))
    expect(translateCountWith(lone, 'lone.key', 'de', 5, {})).toBe('x 5')
    expect(translateCountWith(lone, 'lone.key', 'de', 6, {})).toBe('x 6')
    const stray = vi.fn((key: string, options?: Record<string, unknown>) => (key.endsWith('_other') ? `\u00009\u0000 ${String(options?.count)}` : `y ${String(options?.count)}`))
    expect(translateCountWith(stray, 'stray.key', 'de', 5, {})).toBe('y 5')
  })
})
