// The shared instances remember the answers of plain `t(key)` calls (rememberPlainAnswers): every
// remembered answer must be the one i18next gives, in both languages, for every key; calls whose
// answer depends on values (interpolation, plurals, context, defaults) and unknown keys must not be
// remembered.
import { createInstance } from 'i18next'
import { renderToStaticMarkup } from 'react-dom/server'
import { I18nextProvider, useTranslation } from 'react-i18next'
import { describe, expect, test, vi } from 'vitest'
import { i18nConfig } from '#app/i18n.ts'
import { namespaces, resources, supportedLanguages } from '#app/locales/index.ts'
import { createI18nInstance, PLAIN_ANSWERS_LIMIT, rememberPlainAnswers } from './i18n.server.ts'
import { VALUE_MARKER } from './translate-once.ts'

type Tree = { [key: string]: string | Tree }

function keysOf(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : keysOf(value, `${prefix}${key}.`)))
}

async function plainInstance(language: string) {
  const instance = createInstance()
  await instance.init({ ...i18nConfig, lng: language })
  return instance
}

describe('the shared instances remember plain answers', () => {
  for (const language of supportedLanguages) {
    test(`${language}: every key of every namespace answers as i18next does, first and second time, through t and getFixedT`, async () => {
      const shared = await createI18nInstance(language)
      const reference = await plainInstance(language)
      let checked = 0
      for (const namespace of namespaces) {
        const fixed = shared.getFixedT(language, namespace)
        const fixedReference = reference.getFixedT(language, namespace)
        for (const key of keysOf((resources[language] as unknown as Record<string, Tree>)[namespace]!)) {
          const expected = fixedReference(key)
          expect(fixed(key)).toBe(expected)
          expect(fixed(key)).toBe(expected)
          expect(shared.t(`${namespace}:${key}`)).toBe(reference.t(`${namespace}:${key}`))
          expect(shared.t(`${namespace}:${key}`)).toBe(reference.t(`${namespace}:${key}`))
          checked += 1
        }
      }
      expect(checked).toBeGreaterThan(1000)
    })
  }

  test('through react-i18next, as pages ask: the instance is asked once per label', async () => {
    const shared = await createI18nInstance('en')
    const asked: unknown[] = []
    const translator = (shared as unknown as { translator: { translate: (...args: unknown[]) => unknown } }).translator
    const translate = translator.translate.bind(translator)
    translator.translate = (...args: unknown[]) => {
      asked.push(args[0])
      return translate(...args)
    }
    function Labels() {
      const { t } = useTranslation('common')
      return (
        <p>
          {t('actions.next')} {t('actions.next')} {t('pagination.page', { page: 1, pages: 2 })}
        </p>
      )
    }
    const render = () =>
      renderToStaticMarkup(
        <I18nextProvider i18n={shared}>
          <Labels />
        </I18nextProvider>,
      )
    try {
      expect(render()).toBe('<p>Next Next Page 1 of 2</p>')
      expect(render()).toBe('<p>Next Next Page 1 of 2</p>')
    } finally {
      translator.translate = translate
    }
    // the label once at most (another test may have asked for it first); the interpolated text
    // three times at most on the first render (its answer, its raw text, its marked answer — decision
    // 099), then put together from the remembered template
    expect(asked.filter((key) => key === 'actions.next').length).toBeLessThanOrEqual(1)
    expect(asked.filter((key) => key === 'pagination.page').length).toBeLessThanOrEqual(3)
    const before = asked.length
    try {
      translator.translate = (...args: unknown[]) => {
        asked.push(args[0])
        return translate(...args)
      }
      expect(render()).toBe('<p>Next Next Page 1 of 2</p>')
    } finally {
      translator.translate = translate
    }
    expect(asked.length).toBe(before)
  })

  test('the same key in two namespaces or with two key prefixes keeps two answers', async () => {
    const shared = await createI18nInstance('de')
    const reference = await plainInstance('de')
    // `title` exists in several namespaces with different texts
    const withTitle = namespaces.filter((namespace) => typeof (resources.de as unknown as Record<string, Tree>)[namespace]!.title === 'string')
    const titles = new Set(withTitle.map((namespace) => reference.getFixedT('de', namespace)('title')))
    expect(titles.size).toBeGreaterThan(1)
    for (const namespace of withTitle) {
      expect(shared.getFixedT('de', namespace)('title')).toBe(reference.getFixedT('de', namespace)('title'))
    }
  })
})

/** A stand-in for an i18next instance that counts how often it is really asked. */
function counted() {
  const t = vi.fn((key: unknown, options?: Record<string, unknown>) =>
    options && 'name' in options ? `Hallo ${String(options.name)}` : options && 'count' in options ? `${String(options.count)} Fälle` : `text of ${String(key)}`,
  )
  const known = new Set(['label', 'greeting', 'cases'])
  const instance = { t: t as unknown, exists: (key: unknown) => known.has(String(key)) }
  rememberPlainAnswers(instance)
  const remembered = instance.t as (key: string, options?: Record<string, unknown>) => string
  return { t, remembered }
}

describe('rememberPlainAnswers', () => {
  test('asks i18next once for a plain key, with or without the options getFixedT adds', () => {
    const { t, remembered } = counted()
    expect(remembered('label')).toBe('text of label')
    expect(remembered('label')).toBe('text of label')
    expect(t).toHaveBeenCalledTimes(1)
    const fixed = { lng: 'de', ns: 'cases', keyPrefix: undefined }
    expect(remembered('label', fixed)).toBe('text of label')
    expect(remembered('label', { ...fixed })).toBe('text of label')
    expect(t).toHaveBeenCalledTimes(2)
    // another namespace is another answer
    remembered('label', { lng: 'de', ns: 'contacts' })
    expect(t).toHaveBeenCalledTimes(3)
  })

  test('asks i18next every time for calls with values, plurals or other options', () => {
    const { t, remembered } = counted()
    expect(remembered('greeting', { lng: 'de', ns: 'common', name: 'Amal' })).toBe('Hallo Amal')
    expect(remembered('greeting', { lng: 'de', ns: 'common', name: 'Jonas' })).toBe('Hallo Jonas')
    expect(remembered('cases', { lng: 'de', ns: 'common', count: 1 })).toBe('1 Fälle')
    expect(remembered('cases', { lng: 'de', ns: 'common', count: 2 })).toBe('2 Fälle')
    remembered('label', { lng: 'de', ns: 'common', context: 'male' })
    remembered('label', { lng: 'de', ns: 'common', context: 'male' })
    remembered('label', { lng: 'de', ns: ['common', 'cases'], lngs: ['de', 'en'] })
    remembered('label', { lng: 'de', ns: ['common', 'cases'], lngs: ['de', 'en'] })
    expect(t).toHaveBeenCalledTimes(8)
  })

  test('does not remember a key i18next does not know', () => {
    const { t, remembered } = counted()
    remembered('some text that is no key')
    remembered('some text that is no key')
    expect(t).toHaveBeenCalledTimes(2)
  })

  test('remembers no more than PLAIN_ANSWERS_LIMIT answers', () => {
    const t = vi.fn((key: unknown) => `text of ${String(key)}`)
    const instance = { t: t as unknown, exists: () => true }
    rememberPlainAnswers(instance)
    const remembered = instance.t as (key: string) => string
    for (let index = 0; index < PLAIN_ANSWERS_LIMIT; index++) remembered(`key${index}`)
    expect(t).toHaveBeenCalledTimes(PLAIN_ANSWERS_LIMIT)
    remembered('key0')
    expect(t).toHaveBeenCalledTimes(PLAIN_ANSWERS_LIMIT)
    remembered('one more')
    remembered('one more')
    expect(t).toHaveBeenCalledTimes(PLAIN_ANSWERS_LIMIT + 2)
  })
})

describe('answers with the lists\' marker (translateEach, translateCount)', () => {
  test('remembered: asked of i18next once per key and option names, never for a real value beside it', () => {
    const { t, remembered } = counted()
    const fixed = { lng: 'de', ns: 'common' }
    expect(remembered('greeting', { ...fixed, name: VALUE_MARKER })).toBe(`Hallo ${VALUE_MARKER}`)
    expect(remembered('greeting', { ...fixed, name: VALUE_MARKER })).toBe(`Hallo ${VALUE_MARKER}`)
    expect(t).toHaveBeenCalledTimes(1)
    // another option name is another answer
    remembered('greeting', { ...fixed, code: VALUE_MARKER })
    expect(t).toHaveBeenCalledTimes(2)
    // a real value, alone or beside a marker, is asked every time
    remembered('greeting', { ...fixed, name: 'Amal' })
    remembered('greeting', { ...fixed, name: 'Amal' })
    remembered('greeting', { ...fixed, name: VALUE_MARKER, team: 'Nord' })
    remembered('greeting', { ...fixed, name: VALUE_MARKER, team: 'Nord' })
    expect(t).toHaveBeenCalledTimes(6)
  })

  for (const language of supportedLanguages) {
    test(`${language}: every interpolated key and plural form answers with the marker as i18next does, first and second time`, async () => {
      const shared = await createI18nInstance(language)
      const reference = await plainInstance(language)
      let checked = 0
      for (const namespace of namespaces) {
        const fixed = shared.getFixedT(language, namespace)
        const fixedReference = reference.getFixedT(language, namespace)
        const tree = (resources[language] as unknown as Record<string, Tree>)[namespace]!
        for (const key of keysOf(tree)) {
          const text = String(fixedReference(key))
          for (const [, name] of text.matchAll(/\{\{\s*(\w+)/g)) {
            const options = { [name!]: VALUE_MARKER }
            const expected = fixedReference(key, options)
            expect(fixed(key, options), `${namespace}:${key} ${name}`).toBe(expected)
            expect(fixed(key, options), `${namespace}:${key} ${name}`).toBe(expected)
            checked += 1
          }
        }
      }
      expect(checked).toBeGreaterThan(100)
    })
  }
})

// Calls with interpolated values (decision 099): remembered as a template once i18next's own answer
// and the marked answer agree; never for plurals, context, defaults, other i18next options, values
// that are not strings or numbers, formatted values, texts that nest others, or escaped values.
describe('answers with values, remembered as templates', () => {
  function templated(answer: (key: string, options?: Record<string, unknown>) => unknown, interpolation: Record<string, unknown> = { escapeValue: false, skipOnVariables: true, nestingPrefix: '$t(' }) {
    const t = vi.fn(answer)
    const instance = { t: t as unknown, exists: () => true, options: { interpolation } }
    rememberPlainAnswers(instance)
    return { t, remembered: instance.t as (key: string, options?: Record<string, unknown>) => string }
  }
  const greeting = (key: string, options?: Record<string, unknown>) => (options?.skipInterpolation ? 'Hallo {{name}} aus {{team}}' : `Hallo ${String(options?.name)} aus ${String(options?.team)}`)

  test('asked of i18next on the first call (its answer, its raw text, the marked answer), then put together', () => {
    const { t, remembered } = templated(greeting)
    const fixed = { lng: 'de', ns: 'team' }
    expect(remembered('greeting', { ...fixed, name: 'Amal', team: 'Nord' })).toBe('Hallo Amal aus Nord')
    expect(t).toHaveBeenCalledTimes(3)
    for (const [name, team] of [['Jonas', 'Süd'], ['<b>&"\'', '$&'], ['', 12], ['$t(common:title)', VALUE_MARKER], [`x${VALUE_MARKER}0\u0001y`, -0.5]] as const) {
      expect(remembered('greeting', { ...fixed, name, team })).toBe(`Hallo ${String(name)} aus ${String(team)}`)
    }
    expect(t).toHaveBeenCalledTimes(3)
    // a value with the interpolation's prefix is always asked (i18next may put a later value into it)
    remembered('greeting', { ...fixed, name: '{{team}}', team: 'Nord' })
    expect(t).toHaveBeenCalledTimes(4)
    // the same key in another namespace, or with other names, is another template
    remembered('greeting', { lng: 'de', ns: 'common', name: 'Amal', team: 'Nord' })
    remembered('greeting', { ...fixed, team: 'Nord', name: 'Amal' })
    expect(t).toHaveBeenCalledTimes(10)
  })

  test('not remembered: i18next\'s own options, values that are not strings or numbers', () => {
    const { t, remembered } = templated((key, options) => `${key} ${String(options?.name)}`)
    for (const options of [{ name: 'A', count: 2 }, { name: 'A', context: 'male' }, { name: 'A', defaultValue: 'x' }, { name: 'A', defaultValue_other: 'x' }, { name: 'A', ordinal: true }, { name: 'A', replace: { a: 1 } }, { name: true }, { name: { a: 1 } }, { name: null }]) {
      remembered('label', options)
      remembered('label', options)
    }
    expect(t).toHaveBeenCalledTimes(18)
  })

  test('not remembered: a formatted value, a missing variable, a nesting text, escaped values', () => {
    // the marker is formatted (as a number format would): it does not come back
    const formatted = templated((key, options) => (options?.skipInterpolation ? '{{n, number}} Fälle' : `${Number(options?.n).toFixed(0)} Fälle`))
    formatted.remembered('label', { n: 2 })
    formatted.remembered('label', { n: 3 })
    expect(formatted.t).toHaveBeenCalledTimes(6)
    // a value the text does not use
    const unused = templated((key, options) => (options?.skipInterpolation ? 'Hallo' : 'Hallo'))
    unused.remembered('label', { name: 'A' })
    unused.remembered('label', { name: 'B' })
    expect(unused.t).toHaveBeenCalledTimes(6)
    // a text that nests another: only its answer and raw text asked, never remembered
    const nesting = templated((key, options) => (options?.skipInterpolation ? '$t(other) {{name}}' : `x ${String(options?.name)}`))
    nesting.remembered('label', { name: 'A' })
    nesting.remembered('label', { name: 'B' })
    expect(nesting.t).toHaveBeenCalledTimes(4)
    // i18next escaping values, formatting every value, or reading values as templates: no templates
    for (const interpolation of [{ escapeValue: true, nestingPrefix: '$t(' }, { escapeValue: false, alwaysFormat: true, nestingPrefix: '$t(' }, { escapeValue: false, skipOnVariables: false, nestingPrefix: '$t(' }]) {
      const other = templated(greeting, interpolation)
      other.remembered('greeting', { name: 'A', team: 'B' })
      other.remembered('greeting', { name: 'A', team: 'B' })
      expect(other.t).toHaveBeenCalledTimes(2)
    }
  })

  for (const language of supportedLanguages) {
    test(`${language}: every interpolated key answers as i18next does with awkward values, first and later times`, async () => {
      const shared = await createI18nInstance(language)
      const reference = await plainInstance(language)
      const awkward = ['Amal', '<b>&"\'', '{{team}}', '$t(common:title)', '', VALUE_MARKER, '$&', '$$', '{{- name}}', `x${VALUE_MARKER}0\u0001y`, 'Jürgen Müller-Lüdenscheidt', 12_345.5, 0, -1]
      let checked = 0
      for (const namespace of namespaces) {
        const fixed = shared.getFixedT(language, namespace)
        const fixedReference = reference.getFixedT(language, namespace)
        for (const key of keysOf((resources[language] as unknown as Record<string, Tree>)[namespace]!)) {
          const names = [...new Set([...String(fixedReference(key)).matchAll(/\{\{\s*-?\s*(\w+)/g)].map((match) => match[1]!))].filter((name) => name !== 'count')
          if (names.length === 0) continue
          for (let round = 0; round < awkward.length; round++) {
            const options = Object.fromEntries(names.map((name, index) => [name, awkward[(round + index) % awkward.length]!]))
            expect(fixed(key, options), `${namespace}:${key} ${JSON.stringify(options)}`).toBe(fixedReference(key, options))
          }
          checked += 1
        }
      }
      expect(checked).toBeGreaterThan(100)
    })
  }
})
