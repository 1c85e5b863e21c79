import { afterEach, describe, expect, test, vi } from 'vitest'
import { type Translate } from '#app/utils/translate-once.ts'
import {
  forgetRememberedTexts,
  REMEMBERED_TEXTS_LIMIT,
  rememberedPlacesCount,
  rememberedTexts,
  rememberedTextsCount,
} from './remembered-texts.ts'

// A stand-in for i18next's t that shows what it was given (types and undefined included), so that an
// answer kept under the wrong key, or for the wrong options, shows.
const echo: Translate = (key, options) =>
  `${key}${options === undefined ? '' : ` ${JSON.stringify(options, (_name, value: unknown) => (value === undefined ? '(undefined)' : value))}`}`

// Languages no other test uses: the server's trees live as long as the module.
const LANGUAGE = 'xx-remembered'

afterEach(() => {
  forgetRememberedTexts()
  vi.unstubAllGlobals()
})

const calls: Array<[string, Record<string, unknown>?]> = [
  ['timeline.openContact'],
  ['timeline.openContact', {}],
  ['timeline.kinds.contact'],
  ['timeline.contact', { minutes: 45, mode: 'Telefon' }],
  ['timeline.contact', { minutes: '45', mode: 'Telefon' }],
  ['timeline.contact', { mode: 'Telefon', minutes: 45 }],
  ['timeline.contact', { minutes: 45, mode: 'Telefon ' }],
  ['timeline.contact', { minutes: 45 }],
  ['timeline.contact', { minutes: 45, mode: undefined }],
  ['timeline.contact', { minutes: 45, mode: null }],
  ['timeline.contact', { minutes: 45, mode: 'null' }],
  ['timeline.by', { name: 'Ada' }],
  ['timeline.by', { name: 'Bo' }],
  ['timeline.by', { nam: 'eAda' }],
  ['timeline.by', { who: 'Ada' }],
  ['timeline.by', { name: 'Ada', who: 'Bo' }],
  ['timeline.by', { name: 'Ada', who: 'Ada' }],
  ['timeline.by', { name: true }],
  ['timeline.by', { name: 'true' }],
  // a key that is another's prefix, and an option name equal to a key
  ['timeline', { minutes: 45 }],
  ['minutes', { timeline: 45 }],
  ['', {}],
  [''],
]

describe('rememberedTexts', () => {
  test('answers every call as t does, asking t once per key and option values (server)', () => {
    const t = vi.fn(echo)
    const remembered = rememberedTexts(t, LANGUAGE, 'caseFile')
    for (const [key, options] of [...calls, ...calls])
      expect(remembered(key, options)).toBe(echo(key, options))
    expect(t).toHaveBeenCalledTimes(calls.length)
    // the next view (a new call, as each render makes) is answered from the same tree
    const next = rememberedTexts(t, LANGUAGE, 'caseFile')
    for (const [key, options] of calls) expect(next(key, options)).toBe(echo(key, options))
    expect(t).toHaveBeenCalledTimes(calls.length)
    expect(rememberedTextsCount(LANGUAGE, 'caseFile')).toBe(calls.length)
  })

  test('keeps languages and namespaces apart', () => {
    const answers = (language: string, namespace: string) =>
      rememberedTexts(
        (key, options) => `${language}/${namespace}: ${echo(key, options)}`,
        language,
        namespace,
      )
    for (const [language, namespace] of [
      [LANGUAGE, 'caseFile'],
      [`${LANGUAGE}-en`, 'caseFile'],
      [LANGUAGE, 'contacts'],
      [LANGUAGE, 'caseFile'],
    ] as const) {
      expect(answers(language, namespace)('timeline.by', { name: 'Ada' })).toBe(
        `${language}/${namespace}: timeline.by {"name":"Ada"}`,
      )
    }
  })

  test('a changed value is a new text: a colleague renamed, a label changed, shows in the next view', () => {
    const t = vi.fn(echo)
    expect(rememberedTexts(t, LANGUAGE, 'caseFile')('timeline.by', { name: 'Ada Alt' })).toBe(
      'timeline.by {"name":"Ada Alt"}',
    )
    expect(rememberedTexts(t, LANGUAGE, 'caseFile')('timeline.by', { name: 'Ada Neu' })).toBe(
      'timeline.by {"name":"Ada Neu"}',
    )
    expect(rememberedTexts(t, LANGUAGE, 'caseFile')('timeline.residence', { status: 'Duldung (neu)' })).toBe(
      'timeline.residence {"status":"Duldung (neu)"}',
    )
    expect(t).toHaveBeenCalledTimes(3)
  })

  test('passes calls with an object, array or function value through, each time', () => {
    const t = vi.fn(echo)
    const remembered = rememberedTexts(t, LANGUAGE, 'caseFile')
    for (const value of [{ a: 1 }, ['a'], () => 'x'])
      for (let round = 0; round < 2; round++)
        expect(remembered('timeline.by', { name: 'Ada', value })).toBe(
          echo('timeline.by', { name: 'Ada', value }),
        )
    expect(t).toHaveBeenCalledTimes(6)
    expect(rememberedTextsCount(LANGUAGE, 'caseFile')).toBe(0)
  })

  test('a call passed through leaves no place in the tree (places without a text never count towards the limit)', () => {
    const remembered = rememberedTexts(echo, LANGUAGE, 'caseFile')
    remembered('timeline.by', { name: 'Ada' })
    const places = rememberedPlacesCount(LANGUAGE, 'caseFile')
    expect(places).toBeGreaterThan(0)
    // a kept value before the object one, varying: nothing may be made for it
    for (let index = 0; index < 1000; index++) remembered('timeline.by', { name: `Person ${index}`, at: new Date(index) })
    expect(rememberedPlacesCount(LANGUAGE, 'caseFile')).toBe(places)
    expect(rememberedTextsCount(LANGUAGE, 'caseFile')).toBe(1)
  })

  test("starts a language's tree again once it holds the most texts it keeps", () => {
    const t = vi.fn(echo)
    const remembered = rememberedTexts(t, LANGUAGE, 'caseFile')
    for (let index = 0; index < REMEMBERED_TEXTS_LIMIT; index++)
      remembered('timeline.by', { name: `Person ${index}` })
    expect(rememberedTextsCount(LANGUAGE, 'caseFile')).toBe(REMEMBERED_TEXTS_LIMIT)
    // the next view starts an empty tree and asks t again
    const next = rememberedTexts(t, LANGUAGE, 'caseFile')
    expect(rememberedTextsCount(LANGUAGE, 'caseFile')).toBe(0)
    expect(next('timeline.by', { name: 'Person 0' })).toBe('timeline.by {"name":"Person 0"}')
    expect(t).toHaveBeenCalledTimes(REMEMBERED_TEXTS_LIMIT + 1)
  })

  test('in the browser each call starts an empty tree (a namespace may still be loading)', () => {
    vi.stubGlobal('document', {})
    let answer = 'timeline.by'
    const t = vi.fn((() => answer) as Translate)
    expect(rememberedTexts(t, LANGUAGE, 'caseFile')('timeline.by', { name: 'Ada' })).toBe('timeline.by')
    answer = 'von Ada'
    const next = rememberedTexts(t, LANGUAGE, 'caseFile')
    expect(next('timeline.by', { name: 'Ada' })).toBe('von Ada')
    expect(next('timeline.by', { name: 'Ada' })).toBe('von Ada')
    expect(t).toHaveBeenCalledTimes(2)
    expect(rememberedTextsCount(LANGUAGE, 'caseFile')).toBe(0)
  })
})
