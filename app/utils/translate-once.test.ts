import { describe, expect, test, vi } from 'vitest'
import { translateOnce, type Translate } from './translate-once.ts'

// A stand-in for i18next's t that shows what it was given, so a wrongly shared cache entry shows.
const echo: Translate = (key, options) => `${key}${options === undefined ? '' : ` ${JSON.stringify(options, (_name, value: unknown) => (value === undefined ? '(undefined)' : value))}`}`

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
