import { describe, expect, test, vi } from 'vitest'
import { createInstance } from 'i18next'
import { i18nConfig } from '#app/i18n.ts'
import { translateCount, translateEach, translateOnce, type Translate } from './translate-once.ts'

// A stand-in for i18next's t that shows what it was given, so a wrongly shared cache entry shows.
const echo: Translate = (key, options) => `${key}${options === undefined ? '' : ` ${JSON.stringify(options, (_name, value: unknown) => (value === undefined ? '(undefined)' : value))}`}`

// Long comparisons give the event loop a turn now and then, so that the worker running this file
// can answer vitest's runner while they run (on a loaded machine a stretch of a minute without a turn
// ends the run with "Timeout calling onTaskUpdate"; docs/performance.md, "Test suite", session 13).
const turn = () => new Promise((resolve) => setImmediate(resolve))

describe('translateOnce', () => {
  test('answers every call as t does, asking t once per key and options', () => {
    const t = vi.fn(echo)
    const once = translateOnce(t)
    const calls: Array<[string, Record<string, unknown>?]> = [
      ['timeline.openContact'],
      ['timeline.openContact'],
      ['timeline.by', { name: 'Ada' }],
      ['timeline.by', { name: 'Ada' }],
      ['timeline.by', { name: 'Grace' }],
      ['timeline.contact', { minutes: 30, mode: 'Persönlich' }],
      ['timeline.contact', { minutes: 30, mode: 'Persönlich' }],
      ['timeline.contact', { minutes: 45, mode: 'Persönlich' }],
      ['timeline.by'],
    ]
    for (const [key, options] of calls) expect(once(key, options)).toBe(echo(key, options))
    expect(t).toHaveBeenCalledTimes(6)
  })

  test('tells values of different types apart (1 and "1", null and undefined and "null")', () => {
    const t = vi.fn(echo)
    const once = translateOnce(t)
    const variants = [{ count: 1 }, { count: '1' }, { count: true }, { count: 'true' }, { count: null }, { count: undefined }, { count: 'null' }, { count: 'undefined' }, {}]
    for (const options of variants) expect(once('key', options)).toBe(echo('key', options))
    expect(t).toHaveBeenCalledTimes(variants.length)
    for (const options of variants) expect(once('key', options)).toBe(echo('key', options))
    expect(t).toHaveBeenCalledTimes(variants.length)
  })

  test('keeps keys and option names apart', () => {
    const once = translateOnce(echo)
    expect(once('a', { b: 'c' })).toBe(echo('a', { b: 'c' }))
    expect(once('a', { bc: '' })).toBe(echo('a', { bc: '' }))
    expect(once('a', { b: 'c', d: 'e' })).toBe(echo('a', { b: 'c', d: 'e' }))
    expect(once('a', { b: 'c\u0000d\u0001string\u0001e' })).toBe(echo('a', { b: 'c\u0000d\u0001string\u0001e' }))
  })

  test('passes options with objects or functions through uncached', () => {
    const t = vi.fn(echo)
    const once = translateOnce(t)
    const list = { topics: ['a', 'b'] }
    expect(once('x', list)).toBe(echo('x', list))
    expect(once('x', list)).toBe(echo('x', list))
    expect(t).toHaveBeenCalledTimes(2)
  })
})

describe('translateEach', () => {
  test('gives the text of t with the value for every value, in both languages, with the app\'s i18next settings', async () => {
    const values = ['T0010-AB12-0', 'Müller-Lüdenscheidt, Jörg', '', '{{code}}', '{{name}}', '$t(queue.select)', '&amp; <b>"\'', ' – ', 'a,b']
    for (const language of ['de', 'en']) {
      const i18n = createInstance()
      await i18n.init({ ...i18nConfig, lng: language })
      const t = i18n.getFixedT(language, 'team') as Translate
      for (const [key, name] of [['queue.selectCase', 'code'], ['reassign.linkFor', 'name'], ['queue.absent', 'date'], ['queue.select', 'code']] as const) {
        const each = translateEach(t, key, name)
        for (const value of values) expect(each(value), `${language} ${key} ${value}`).toBe(t(key, { [name]: value }))
      }
    }
  })

  test('asks t once, however many rows', () => {
    const t = vi.fn((key: string, options?: Record<string, unknown>) => `Fall ${String(options?.code)} auswählen`)
    const each = translateEach(t, 'queue.selectCase', 'code')
    expect(['A', 'B', 'C'].map(each)).toEqual(['Fall A auswählen', 'Fall B auswählen', 'Fall C auswählen'])
    expect(t).toHaveBeenCalledTimes(1)
  })
})

describe('translateCount', () => {
  test('gives the text of t with the count for every count, in both languages, with the app\'s i18next settings', async () => {
    for (const language of ['de', 'en']) {
      const i18n = createInstance()
      await i18n.init({ ...i18nConfig, lng: language })
      const t = i18n.getFixedT(language, 'team') as Translate
      for (const key of ['common:since.days', 'queue.caption', 'orphaned.title', 'takeover.caption', 'assign.done']) {
        await turn()
        const counted = translateCount(t, key, language)
        for (const count of [0, 1, 2, 3, 11, 21, 101, 999, 1000, 1006, 12_345, -1, -2, 1.5, 0.5]) expect(counted(count), `${language} ${key} ${count}`).toBe(t(key, { count }))
        for (let count = 1; count <= 3000; count++) expect(counted(count), `${language} ${key} ${count}`).toBe(t(key, { count }))
      }
    }
  })

  test('asks t twice per plural form (the form with a marker, and one count to check it), however many rows', () => {
    const t = vi.fn((key: string, options?: Record<string, unknown>) => (key.endsWith('_one') || options?.count === 1 ? `seit ${String(options?.count)} Tag` : `seit ${String(options?.count)} Tagen`))
    const counted = translateCount(t, 'since.days', 'de')
    expect([2, 3, 4, 1, 5, 1].map(counted)).toEqual(['seit 2 Tagen', 'seit 3 Tagen', 'seit 4 Tagen', 'seit 1 Tag', 'seit 5 Tagen', 'seit 1 Tag'])
    expect(t).toHaveBeenCalledTimes(4)
  })

  test('a later list of the same label, language and marked text asks t only for the marked form', () => {
    const answer = (key: string, options?: Record<string, unknown>) => (key.endsWith('_one') || options?.count === 1 ? `seit ${String(options?.count)} Tag` : `seit ${String(options?.count)} Tagen`)
    const first = vi.fn(answer)
    expect([2, 3, 1].map(translateCount(first, 'later.days', 'de'))).toEqual(['seit 2 Tagen', 'seit 3 Tagen', 'seit 1 Tag'])
    expect(first).toHaveBeenCalledTimes(4)
    const second = vi.fn(answer)
    expect([7, 1, 8, 1].map(translateCount(second, 'later.days', 'de'))).toEqual(['seit 7 Tagen', 'seit 1 Tag', 'seit 8 Tagen', 'seit 1 Tag'])
    expect(second.mock.calls.map(([key, options]) => [key, options])).toEqual([
      ['later.days_other', { count: '\u0000' }],
      ['later.days_one', { count: '\u0000' }],
    ])
    // another language, or another marked text (other resources), is checked again
    const english = vi.fn(answer)
    translateCount(english, 'later.days', 'en')(7)
    expect(english).toHaveBeenCalledTimes(2)
    const other = vi.fn((key: string, options?: Record<string, unknown>) => `${String(options?.count)} Tage`)
    expect(translateCount(other, 'later.days', 'de')(7)).toBe('7 Tage')
    expect(other).toHaveBeenCalledTimes(2)
    // a form found different is never taken from the memory: asked of t for every count
    const missing = vi.fn((key: string, options?: Record<string, unknown>) => (key.endsWith('_other') ? key : `${String(options?.count)} Tage`))
    for (let render = 0; render < 2; render++) expect([2, 3].map(translateCount(missing, 'later.missing', 'de'))).toEqual(['2 Tage', '3 Tage'])
    expect(missing).toHaveBeenCalledTimes(6)
  })

  test('a form whose marked text does not match t\'s answer is asked of t for every count', () => {
    // a missing form: i18next answers the plain key, which the counted answer does not match
    const t = vi.fn((key: string, options?: Record<string, unknown>) => (key.endsWith('_other') ? key : `${String(options?.count)} Tage`))
    const counted = translateCount(t, 'since.days', 'de')
    expect([2, 3, 4].map(counted)).toEqual(['2 Tage', '3 Tage', '4 Tage'])
    expect(t).toHaveBeenCalledTimes(4)
  })
})
