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
import { createI18nInstance, fillInValues, PLAIN_ANSWERS_LIMIT, rememberPlainAnswers, TEMPLATES_LIMIT } from './i18n.server.ts'
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

/** Every key of every namespace of `language`: the shared instance's and a plain i18next's answers side by side. */
async function* everyKey(language: (typeof supportedLanguages)[number]) {
  const shared = await createI18nInstance(language)
  const reference = await plainInstance(language)
  for (const namespace of namespaces) {
    const fixed = shared.getFixedT(language, namespace)
    const fixedReference = reference.getFixedT(language, namespace)
    for (const key of keysOf((resources[language] as unknown as Record<string, Tree>)[namespace]!)) {
      yield { shared, reference, namespace, key, fixed, fixedReference }
    }
  }
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
    let askedFirst: unknown[] = []
    try {
      expect(render()).toBe('<p>Next Next Page 1 of 2</p>')
      askedFirst = [...asked]
      expect(render()).toBe('<p>Next Next Page 1 of 2</p>')
    } finally {
      translator.translate = translate
    }
    // the label once at most (another test may have asked for it first); the interpolated text's
    // template at most twice (its text, then the first call's answer to compare), then no more
    expect(askedFirst.filter((key) => key === 'actions.next').length).toBeLessThanOrEqual(1)
    expect(askedFirst.filter((key) => key === 'pagination.page').length).toBeLessThanOrEqual(2)
    expect(asked).toEqual(askedFirst)
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

  test('remembers a call with a text default for a known key, each default its own answer; an unknown key or another default form is asked every time (decision 252)', () => {
    const { t, remembered } = counted()
    const fixed = { lng: 'de', ns: 'contacts', keyPrefix: undefined }
    expect(remembered('label', { ...fixed, defaultValue: 'RESIDENCE_EXPIRY' })).toBe('text of label')
    expect(remembered('label', { ...fixed, defaultValue: 'RESIDENCE_EXPIRY' })).toBe('text of label')
    expect(remembered('label', { defaultValue: 'RESIDENCE_EXPIRY', ...fixed })).toBe('text of label')
    expect(t).toHaveBeenCalledTimes(1)
    // another default, the same key without a default, another namespace: each its own call, then remembered
    remembered('label', { ...fixed, defaultValue: 'OTHER' })
    remembered('label', { ...fixed, defaultValue: 'OTHER' })
    remembered('label', fixed)
    remembered('label', fixed)
    remembered('label', { lng: 'de', ns: 'common', defaultValue: 'OTHER' })
    remembered('label', { lng: 'de', ns: 'common', defaultValue: 'OTHER' })
    expect(t).toHaveBeenCalledTimes(4)
    // a key i18next does not know answers with the default: never kept
    remembered('no.such.key', { ...fixed, defaultValue: 'RESIDENCE_EXPIRY' })
    remembered('no.such.key', { ...fixed, defaultValue: 'RESIDENCE_EXPIRY' })
    // a default that is not a text, a plural's default, a default beside a value: i18next's
    remembered('label', { ...fixed, defaultValue: 7 })
    remembered('label', { ...fixed, defaultValue: 7 })
    remembered('label', { ...fixed, defaultValue_other: 'x' })
    remembered('label', { ...fixed, defaultValue_other: 'x' })
    remembered('label', { ...fixed, defaultValue: 'x', context: 'male' })
    remembered('label', { ...fixed, defaultValue: 'x', context: 'male' })
    expect(t).toHaveBeenCalledTimes(12)
  })

  test('answers calls with a text default as i18next does, for known and unknown keys, first and later calls', async () => {
    for (const language of supportedLanguages) {
      const shared = await createI18nInstance(language)
      const reference = await plainInstance(language)
      const calls: Array<[string, string, string]> = [
        ['contacts', 'home.followUps.sources.RESIDENCE_EXPIRY', 'RESIDENCE_EXPIRY'],
        ['contacts', 'home.followUps.sources.NO_SUCH_SOURCE', 'NO_SUCH_SOURCE'],
        ['contacts', 'home.followUps.sources.RESIDENCE_EXPIRY', ''],
        ['common', 'appName', '<b>&"\'</b>'],
        ['common', 'no.such.key', '{{x}} $t(common:appName)'],
      ]
      for (const [namespace, key, defaultValue] of calls) {
        const expected = reference.getFixedT(language, namespace)(key, { defaultValue })
        for (let call = 0; call < 3; call++) {
          expect(shared.getFixedT(language, namespace)(key, { defaultValue }), `${language} ${key} ${defaultValue}`).toBe(expected)
          expect(shared.getFixedT(null, namespace)(key, { defaultValue })).toBe(reference.getFixedT(null, namespace)(key, { defaultValue }))
        }
      }
    }
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

// Values that could trip a text assembled by hand: replacement patterns of String#replace, markup,
// quotes, separators, an empty string, numbers of every sort; and values i18next must be asked for
// (braces of a placeholder, a nesting).
const AWKWARD_VALUES: unknown[] = ['Amal', "$& $1 $$ $' $`", '<b>&amp;"\'</b>', 'a\u2028b\u0000c\td', '', 0, -0, 12, -3.5, 1e21, Number.NaN, Infinity]
const FALLBACK_VALUES: unknown[] = ['{{name}}', 'x}}', '{', '$t(common:appName)', '$t(', null, undefined, true, { a: 1 }, ['x']]

/** The names of a text's `{{…}}` placeholders. */
function placeholders(text: string) {
  return [...new Set([...text.matchAll(/\{\{(.+?)\}\}/g)].map((match) => match[1]!.trim()))]
}

describe('the shared instances put values into texts taken apart once (fillInValues)', () => {
  for (const language of supportedLanguages) {
    test(`${language}: every key with values answers as i18next does, first and later calls, awkward values and those left to i18next`, async () => {
      let checked = 0
      for await (const { shared, reference, namespace, key, fixed, fixedReference } of everyKey(language)) {
        const text = fixedReference(key, { skipInterpolation: true })
        const names = placeholders(text)
        if (names.length === 0) continue
        // a plural form's key (`…_one`) is asked as i18next is asked: by its stem with `count`
        const stem = key.replace(/_(zero|one|two|few|many|other)$/, '')
        for (const value of [...AWKWARD_VALUES, ...FALLBACK_VALUES]) {
          const options = Object.fromEntries(names.map((name, index) => [name, index === 0 ? value : AWKWARD_VALUES[index % AWKWARD_VALUES.length]]))
          for (const call of [key, stem]) {
            const expected = fixedReference(call, options)
            expect(fixed(call, options), `${namespace}:${call} ${String(value)}`).toBe(expected)
            expect(fixed(call, options)).toBe(expected)
            expect(shared.t(`${namespace}:${call}`, options)).toBe(reference.t(`${namespace}:${call}`, options))
          }
        }
        // fewer values than placeholders, and one value more
        const fewer = Object.fromEntries(names.slice(1).map((name) => [name, 'x']))
        expect(fixed(key, fewer)).toBe(fixedReference(key, fewer))
        const more = { ...Object.fromEntries(names.map((name) => [name, 'x'])), unused: 'y' }
        expect(fixed(key, more)).toBe(fixedReference(key, more))
        checked += 1
      }
      expect(checked).toBeGreaterThan(300)
    })
  }

  test('options i18next reads itself are its own: plurals, context, default values, another language or namespace, a key prefix', async () => {
    const shared = await createI18nInstance('de')
    const reference = await plainInstance('de')
    const calls: Array<[string, string, Record<string, unknown>]> = [
      ['caseFile', 'timeline.capped', { count: 1 }],
      ['caseFile', 'timeline.capped', { count: 7 }],
      ['caseFile', 'timeline.capped', { count: 0 }],
      ['caseFile', 'timeline.capped', { count: '7' }],
      ['common', 'since.days', { count: '\u0000' }],
      ['common', 'since.days_other', { count: '\u0000' }],
      ['common', 'since.days_other', { count: 1 }],
      ['common', 'since.days_one', { count: 'x', ordinal: true }],
      ['common', 'pagination.page', { page: 1, pages: 2, lng: 'en' }],
      ['common', 'pagination.page', { page: 3, pages: 4, ns: 'caseFile' }],
      ['caseFile', 'by', { name: 'Amal', keyPrefix: 'timeline' }],
      ['caseFile', 'by', { name: 'Amal', keyPrefix: '' }],
      ['caseFile', 'timeline.by', { name: 'Amal', context: 'male' }],
      ['caseFile', 'no.such.key', { name: 'Amal' }],
      ['caseFile', 'no.such.key', { name: 'Amal', defaultValue: 'von {{name}}' }],
      ['caseFile', 'timeline.by', { name: 'Amal', defaultValue: 'x' }],
      ['caseFile', 'timeline.by', { name: 'Amal', interpolation: { escapeValue: true } }],
      ['caseFile', 'timeline.by', { name: '<Amal>', interpolation: { escapeValue: true } }],
      ['caseFile', 'timeline.by', { name: 'Amal', replace: { name: 'Jonas' } }],
    ]
    for (const [namespace, key, options] of calls) {
      const expected = reference.getFixedT('de', namespace)(key, options)
      expect(shared.getFixedT('de', namespace)(key, options), `${key} ${JSON.stringify(options)}`).toBe(expected)
      expect(shared.getFixedT('de', namespace)(key, options)).toBe(expected)
    }
  })
})

describe('the shared instances answer counted texts from their plural form (decision 224)', () => {
  const COUNTS = [1, 2, 3, 5, 11, 21, 101, 1006, 3211, 1e21, 0, -0, -1, 1.5, Number.NaN, Infinity, ...Array.from({ length: 200 }, (_, index) => index + 1)]
  for (const language of supportedLanguages) {
    test(`${language}: every plural key with every count, other values as given, first and later calls, through getFixedT and t`, async () => {
      const stems = new Set<string>()
      let checked = 0
      for await (const { shared, reference, namespace, key, fixed, fixedReference } of everyKey(language)) {
        const match = /^(.*)_(zero|one|two|few|many|other)$/.exec(key)
        if (!match || stems.has(`${namespace}:${match[1]}`)) continue
        stems.add(`${namespace}:${match[1]}`)
        const stem = match[1]!
        const others = placeholders(fixedReference(key, { skipInterpolation: true })).filter((name) => name !== 'count')
        for (const values of [Object.fromEntries(others.map((name) => [name, 'Amal'])), Object.fromEntries(others.map((name, index) => [name, index + 7]))]) {
          // each count twice in a row and again after all the others: the form's template kept, then used
          for (const count of [...COUNTS, ...COUNTS]) {
            const options = { ...values, count }
            const expected = fixedReference(stem, options)
            expect(fixed(stem, options), `${namespace}:${stem} ${count}`).toBe(expected)
            expect(fixed(stem, options)).toBe(expected)
            expect(shared.t(`${namespace}:${stem}`, options)).toBe(reference.t(`${namespace}:${stem}`, options))
          }
        }
        checked += 1
      }
      expect(checked).toBeGreaterThan(40)
    })
  }
})

/** A stand-in for i18next: a few texts with placeholders, interpolated the way i18next does it. */
function withTexts(texts: Record<string, string>) {
  const interpolate = (text: string, options: Record<string, unknown>) =>
    text.replace(/\{\{(.+?)\}\}/g, (match, name: string) => (Object.hasOwn(options, name.trim()) ? String(options[name.trim()]) : match))
  const t = vi.fn((key: unknown, options?: Record<string, unknown>) => {
    const text = texts[String(key)] ?? String(key)
    return options?.skipInterpolation ? text : interpolate(text, options ?? {})
  })
  const instance = { t: t as unknown, exists: (key: unknown) => String(key) in texts }
  fillInValues(instance)
  return { t, filled: instance.t as (key: string, options?: Record<string, unknown>) => string }
}

describe('fillInValues', () => {
  test('asks for a text once, then puts each call’s values in, a placeholder repeated or with spaces', () => {
    const { t, filled } = withTexts({ twice: '{{a}} und {{ a }}, {{b}}!' })
    expect(filled('twice', { a: 'x', b: 2 })).toBe('x und x, 2!')
    const asked = t.mock.calls.length
    expect(filled('twice', { a: '$&', b: -1.5 })).toBe('$& und $&, -1.5!')
    expect(filled('twice', { b: 'y', a: '' })).toBe(' und , y!')
    expect(t).toHaveBeenCalledTimes(asked + 2) // the other order of names is another template: its text, then the answer
  })

  test('leaves texts i18next must answer to it, every time', () => {
    const { t, filled } = withTexts({ nested: '$t(other) {{a}}', format: '{{a, number}}', unescaped: '{{- a}}', braces: '{a} {{a}}', path: '{{a.b}}', missing: '{{a}} {{b}}' })
    for (const key of ['nested', 'format', 'unescaped', 'braces', 'path']) {
      filled(key, { a: 'x' })
      const asked = t.mock.calls.length
      filled(key, { a: 'y' })
      expect(t.mock.calls.length, key).toBe(asked + 1)
    }
    // a placeholder without a value, a value without a placeholder, a key not known
    for (const [key, options] of [['missing', { a: 'x' }], ['missing', { a: 'x', b: 'y', c: 'z' }], ['unknown {{a}}', { a: 'x' }]] as const) {
      filled(key, options)
      const asked = t.mock.calls.length
      filled(key, options)
      expect(t.mock.calls.length, key).toBe(asked + 1)
    }
  })

  test('puts a count given as a string in as a value (no plural form is chosen); a number without the instance’s language stays i18next’s', () => {
    const { t, filled } = withTexts({ days_other: 'seit {{count}} Tagen' })
    expect(filled('days_other', { count: '\u0000' })).toBe('seit \u0000 Tagen')
    const asked = t.mock.calls.length
    expect(filled('days_other', { count: '12' })).toBe('seit 12 Tagen')
    expect(t).toHaveBeenCalledTimes(asked)
    filled('days_other', { count: 12 })
    expect(t).toHaveBeenCalledTimes(asked + 1)
    filled('days_other', { count: 12 })
    expect(t).toHaveBeenCalledTimes(asked + 2)
    // with another option i18next reads, still i18next's
    filled('days_other', { count: '3', ordinal: true })
    filled('days_other', { count: '3', ordinal: true })
    expect(t).toHaveBeenCalledTimes(asked + 4)
  })

  test('answers a whole count above zero from its plural form’s text, asked once per form; negative and fractional counts are i18next’s', () => {
    // a stand-in that chooses the plural form as i18next does (Intl.PluralRules of the language)
    const texts: Record<string, string> = { days_one: 'seit einem Tag bei {{name}}', days_other: 'seit {{count}} Tagen bei {{name}}', days_zero: 'heute' }
    const t = pluralStandIn(texts)
    const instance = { t: t as unknown, exists: () => true, language: 'de' }
    fillInValues(instance)
    const filled = instance.t as (key: string, options: Record<string, unknown>) => string
    expect(filled('days', { count: 4, name: 'Amal' })).toBe('seit 4 Tagen bei Amal')
    expect(filled('days', { count: 1, name: 'Amal' })).toBe('seit einem Tag bei Amal')
    const asked = t.mock.calls.length
    expect(filled('days', { count: 1006, name: 'Jonas' })).toBe('seit 1006 Tagen bei Jonas')
    expect(filled('days', { count: 1, name: 'Jonas' })).toBe('seit einem Tag bei Jonas')
    expect(filled('days', { name: 'Jonas', count: 2 })).toBe('seit 2 Tagen bei Jonas') // another order of names: its own template
    expect(t).toHaveBeenCalledTimes(asked + 2)
    for (const count of [-2, 2.5, Number.NaN]) filled('days', { count, name: 'x' })
    expect(t).toHaveBeenCalledTimes(asked + 5)
    // the call's own language decides the form, and without a language the call is i18next's
    const english = { t: t as unknown, exists: () => true }
    fillInValues(english)
    const before = t.mock.calls.length
    ;(english.t as typeof filled)('days', { count: 3, name: 'x' })
    ;(english.t as typeof filled)('days', { count: 3, name: 'x' })
    expect(t).toHaveBeenCalledTimes(before + 2)
  })

  test('answers a zero count from the text i18next finds for zero — its `_zero` form, else the plural form of 0 — asked once (decision 251)', () => {
    // a stand-in that resolves a count as i18next 23 does: for zero `_zero` first, then the plural form of the count
    const texts: Record<string, string> = {
      days_one: 'seit einem Tag bei {{name}}',
      days_other: 'seit {{count}} Tagen bei {{name}}',
      days_zero: 'heute bei {{name}}',
      soon_other: 'in {{count}} Tagen',
      soon_zero: 'heute',
      open_one: '{{open}} offener Fall',
      open_other: '{{open}} offene Fälle',
    }
    const t = pluralStandIn(texts)
    const instance = { t: t as unknown, exists: () => true, language: 'de' }
    fillInValues(instance)
    const filled = instance.t as (key: string, options: Record<string, unknown>) => string
    // no `_zero` form: the plural form of 0 ("other"), with the values put in; asked of i18next on the first call only
    expect(filled('open', { count: 0, open: '0' })).toBe('0 offene Fälle')
    const asked = t.mock.calls.length
    expect(filled('open', { count: 0, open: '0' })).toBe('0 offene Fälle')
    expect(filled('open', { count: -0, open: 'null' })).toBe('null offene Fälle')
    expect(t).toHaveBeenCalledTimes(asked)
    // zero is not "other": a count of that form keeps its own template, and zero's stays
    expect(filled('open', { count: 7, open: '7' })).toBe('7 offene Fälle')
    expect(filled('open', { count: 0, open: '0' })).toBe('0 offene Fälle')
    // a `_zero` form: its text, the count not shown
    expect(filled('days', { count: 0, name: 'Amal' })).toBe('heute bei Amal')
    expect(filled('soon', { count: 0 })).toBe('heute')
    const later = t.mock.calls.length
    expect(filled('days', { count: 0, name: 'Jonas' })).toBe('heute bei Jonas')
    expect(filled('soon', { count: 0 })).toBe('heute')
    expect(filled('days', { count: 2, name: 'Jonas' })).toBe('seit 2 Tagen bei Jonas')
    expect(filled('days', { count: 0, name: 'Jonas' })).toBe('heute bei Jonas')
    expect(t).toHaveBeenCalledTimes(later + 2) // the "other" form's first call: its text taken apart and the answer
    // without a language a zero stays i18next's, as every counted call
    const noLanguage = { t: t as unknown, exists: () => true }
    fillInValues(noLanguage)
    const before = t.mock.calls.length
    ;(noLanguage.t as typeof filled)('open', { count: 0, open: '0' })
    ;(noLanguage.t as typeof filled)('open', { count: 0, open: '0' })
    expect(t).toHaveBeenCalledTimes(before + 2)
  })

  test('keeps no template whose first answer differs from i18next’s', () => {
    const t = vi.fn((key: unknown, options?: Record<string, unknown>) => (options?.skipInterpolation ? 'von {{name}}' : `by ${String(options?.name)}`))
    const instance = { t: t as unknown, exists: () => true }
    fillInValues(instance)
    const filled = instance.t as (key: string, options: Record<string, unknown>) => string
    expect(filled('by', { name: 'Amal' })).toBe('by Amal')
    expect(filled('by', { name: 'Jonas' })).toBe('by Jonas')
  })

  test('keeps nothing for a key i18next does not know (it could be built from data)', () => {
    const { t, filled } = withTexts({ label: 'Fall {{code}}' })
    for (let index = 0; index <= TEMPLATES_LIMIT; index++) expect(filled(`unknown.${index}`, { code: 'x' })).toBe(`unknown.${index}`)
    // the limit is not used up: a known key still gets its template (asked twice, then never)
    filled('label', { code: 'a' })
    const asked = t.mock.calls.length
    expect(filled('label', { code: 'b' })).toBe('Fall b')
    expect(t).toHaveBeenCalledTimes(asked)
  })

  test('keeps no more than TEMPLATES_LIMIT templates', () => {
    const { t, filled } = withTexts({ label: 'Fall {{code}}' })
    for (let index = 0; index < TEMPLATES_LIMIT; index++) filled('label', { code: 'x', [`n${index}`]: 1 })
    const asked = t.mock.calls.length
    filled('label', { code: 'x', another: 1 })
    filled('label', { code: 'x', another: 1 })
    expect(t).toHaveBeenCalledTimes(asked + 2)
  })
})

describe('getFixedT without the object spread (fixedTWithoutSpread)', () => {
  test('answers as i18next’s own fixedT: key prefixes, key lists, language and namespace in the options, older call forms', async () => {
    const shared = await createI18nInstance('en')
    const reference = await plainInstance('en')
    const cases: Array<[string | null, string | undefined, unknown[]]> = [
      ['common', undefined, ['actions.next']],
      ['common', 'actions', ['next']],
      ['common', 'actions', ['next', { keyPrefix: '' }]],
      ['common', 'actions', [['missing', 'next']]],
      ['common', undefined, [['missing', 'actions.next'], { lng: 'de' }]],
      ['common', undefined, ['pagination.page', { page: 1, pages: 2, ns: 'common', lng: 'de' }]],
      ['caseFile', undefined, ['common:pagination.page', { page: 1, pages: 2 }]],
      ['caseFile', undefined, ['no.such.key', 'a default']],
      ['caseFile', undefined, ['no.such.key', 'a default {{x}}', { x: 1 }]],
      ['caseFile', undefined, ['timeline.by', Object.assign(Object.create({ name: 'inherited' }) as object, { other: 1 })]],
      ['caseFile', undefined, ['timeline.by', null]],
    ]
    for (const [namespace, keyPrefix, args] of cases) {
      const expected = (reference.getFixedT(null, namespace, keyPrefix) as unknown as (...a: unknown[]) => unknown)(...args)
      const t = shared.getFixedT(null, namespace, keyPrefix) as unknown as (...a: unknown[]) => unknown
      expect(t(...args), JSON.stringify(args)).toEqual(expected)
    }
    // what the function carries, as i18next's own (react-i18next reads none of it, but keeps it)
    type Carried = { lng?: unknown; lngs?: unknown; ns?: unknown; keyPrefix?: unknown }
    const t = shared.getFixedT('de', 'caseFile', 'timeline') as unknown as Carried
    const r = reference.getFixedT('de', 'caseFile', 'timeline') as unknown as Carried
    expect([t.lng, t.lngs, t.ns, t.keyPrefix]).toEqual([r.lng, r.lngs, r.ns, r.keyPrefix])
  })
})

// From the /team helper's version of the same idea (merged into decision 097's): every interpolated
// key of every namespace, asked of the shared instance with the lists' marker and with awkward values
// (a value holding another placeholder, nesting, replacement patterns), against a plain i18next.
describe('the shared instances answer every interpolated key as i18next does', () => {
  for (const language of supportedLanguages) {
    test(`${language}: with the lists' marker, first and second time`, async () => {
      let checked = 0
      for await (const { namespace, key, fixed, fixedReference } of everyKey(language)) {
        const text = String(fixedReference(key))
        for (const [, name] of text.matchAll(/\{\{\s*(\w+)/g)) {
          const options = { [name!]: VALUE_MARKER }
          const expected = fixedReference(key, options)
          expect(fixed(key, options), `${namespace}:${key} ${name}`).toBe(expected)
          expect(fixed(key, options), `${namespace}:${key} ${name}`).toBe(expected)
          checked += 1
        }
      }
      expect(checked).toBeGreaterThan(100)
    })

    test(`${language}: with awkward values, first and later times`, async () => {
      const awkward = ['Amal', '<b>&"\'', '{{team}}', '$t(common:title)', '', VALUE_MARKER, '$&', '$$', '{{- name}}', `x${VALUE_MARKER}0\u0001y`, 'Jürgen Müller-Lüdenscheidt', 12_345.5, 0, -1]
      let checked = 0
      for await (const { namespace, key, fixed, fixedReference } of everyKey(language)) {
        const names = [...new Set([...String(fixedReference(key)).matchAll(/\{\{\s*-?\s*(\w+)/g)].map((match) => match[1]!))].filter((name) => name !== 'count')
        if (names.length === 0) continue
        for (let round = 0; round < awkward.length; round++) {
          const options = Object.fromEntries(names.map((name, index) => [name, awkward[(round + index) % awkward.length]!]))
          expect(fixed(key, options), `${namespace}:${key} ${JSON.stringify(options)}`).toBe(fixedReference(key, options))
        }
        checked += 1
      }
      expect(checked).toBeGreaterThan(100)
    })
  }
})

// Labels — `t(key)` without options — answered by the shared instances' `getFixedT` before anything
// is copied or an id built (decision 185): every key of every namespace, both languages, with the
// namespace fixed, a key prefix fixed, the language given or left to the instance (react-i18next's
// `null`), first and later calls, against a plain i18next.
describe('the shared instances answer labels from their getFixedT (decision 185)', () => {
  // getFixedT with a language that may be null (react-i18next's "the instance's own")
  const fixedTOf = (instance: { getFixedT: unknown }, lng: string | null, namespace: string, keyPrefix: string | undefined) =>
    (instance.getFixedT as (...args: unknown[]) => (key: string) => unknown).call(instance, lng, namespace, keyPrefix)
  for (const language of supportedLanguages) {
    test(`${language}: every key of every namespace, with and without a key prefix and language, first and later calls`, async () => {
      const shared = await createI18nInstance(language)
      const reference = await plainInstance(language)
      let checked = 0
      for (const namespace of namespaces) {
        const keys = keysOf((resources[language] as unknown as Record<string, Tree>)[namespace]!)
        const prefixes = [...new Set(keys.filter((key) => key.includes('.')).map((key) => key.slice(0, key.indexOf('.'))))]
        const fixedTs: Array<[string | null, string | undefined]> = [
          [language, undefined],
          [null, undefined],
          ...prefixes.map((prefix): [string | null, string | undefined] => [null, prefix]),
        ]
        for (const [lng, keyPrefix] of fixedTs) {
          const expectedT = fixedTOf(reference, lng, namespace, keyPrefix)
          for (const view of [1, 2, 3]) {
            // a new `t` per view, as useTranslation asks for one per render
            const t = fixedTOf(shared, lng, namespace, keyPrefix)
            for (const key of keys) {
              const asked = keyPrefix === undefined ? key : key.startsWith(`${keyPrefix}.`) ? key.slice(keyPrefix.length + 1) : `no.such.${key}`
              expect(t(asked), `${namespace} ${keyPrefix ?? ''} ${asked} ${view}`).toBe(expectedT(asked))
              checked += 1
            }
          }
        }
      }
      expect(checked).toBeGreaterThan(10_000)
    })
  }

  test('a label is asked of the instance once, then answered by every new t; unknown keys every time', async () => {
    const shared = await createI18nInstance('de')
    const asked: unknown[] = []
    const own = shared.t
    shared.t = ((key: unknown, options?: unknown) => {
      asked.push(key)
      return (own as (key: unknown, options?: unknown) => unknown)(key, options)
    }) as typeof shared.t
    try {
      for (let view = 0; view < 3; view++) {
        const t = shared.getFixedT(null, 'contacts')
        expect(t('backToCase')).toBe('Zurück zur Fallakte')
        expect(t('backToCase')).toBe('Zurück zur Fallakte')
        expect(t('no.such.label')).toBe('no.such.label')
      }
      expect(asked.filter((key) => key === 'backToCase').length).toBeLessThanOrEqual(1)
      expect(asked.filter((key) => key === 'no.such.label')).toHaveLength(3)
    } finally {
      shared.t = own
    }
  })

  test('a t whose language, namespace or key prefix is changed after it was made answers for the new ones', async () => {
    const shared = await createI18nInstance('de')
    const reference = await plainInstance('de')
    type Carried = ((key: string) => unknown) & { lng?: unknown; ns?: unknown; keyPrefix?: unknown }
    const t = shared.getFixedT('de', 'common') as unknown as Carried
    const r = reference.getFixedT('de', 'common') as unknown as Carried
    expect(t('title')).toBe(r('title'))
    for (const change of [{ ns: 'caseFile' }, { keyPrefix: 'timeline' }, { keyPrefix: undefined, ns: 'contacts' }, { lng: 'en' }]) {
      Object.assign(t, change)
      Object.assign(r, change)
      for (const key of ['title', 'by', 'form.save', 'actions.next']) expect(t(key), `${JSON.stringify(change)} ${key}`).toBe(r(key))
    }
  })
})

/**
 * A stand-in for i18next's `t` that resolves a count as i18next 23 does (for zero the `_zero` form first, then the
 * plural form of the count by Intl.PluralRules of German) and puts the values in unless `skipInterpolation`.
 */
function pluralStandIn(texts: Record<string, string>) {
  const rules = new Intl.PluralRules('de')
  return vi.fn((key: unknown, options?: Record<string, unknown>) => {
    const count = options?.count
    const stem = String(key)
    const resolved = typeof count === 'number' ? (count === 0 && `${stem}_zero` in texts ? `${stem}_zero` : `${stem}_${rules.select(count)}`) : stem
    const text = texts[resolved] ?? stem
    return options?.skipInterpolation ? text : text.replace(/\{\{(.+?)\}\}/g, (found, name: string) => (Object.hasOwn(options ?? {}, name) ? String(options![name]) : found))
  })
}
