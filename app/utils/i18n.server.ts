import { createCookie } from '@remix-run/node'
import { createInstance } from 'i18next'
import { initReactI18next } from 'react-i18next'
import { RemixI18Next } from 'remix-i18next/server'
import { i18nConfig } from '#app/i18n.ts'
import { fallbackLanguage, supportedLanguages, type Language } from '#app/locales/index.ts'
import { VALUE_MARKER } from '#app/utils/translate-once.ts'

export const languageCookie = createCookie('wb_lng', {
  path: '/',
  sameSite: 'lax',
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
})

// German unless the user chose English: the choice lives in a cookie, not in the browser's
// Accept-Language, because counsellors share devices in the reception centre.
export const remixI18next = new RemixI18Next({
  detection: {
    supportedLanguages: [...supportedLanguages],
    fallbackLanguage,
    cookie: languageCookie,
    order: ['cookie'],
  },
  i18next: i18nConfig,
})

export async function getLanguage(request: Request): Promise<Language> {
  const language = await remixI18next.getLocale(request)
  return (supportedLanguages as readonly string[]).includes(language) ? (language as Language) : fallbackLanguage
}

export async function getFixedT(request: Request, namespace: string = 'common') {
  const language = await getLanguage(request)
  return (await createI18nInstance(language)).getFixedT(language, namespace)
}

// One initialised instance per language, shared by all requests: the resources are bundled (no
// backend loads anything) and the server never changes an instance's language, so sharing is safe
// and spares every request creating and initialising instances (about 1 ms each, several per page).
const instances = new Map<Language, ReturnType<typeof initialise>>()

async function initialise(language: Language) {
  const instance = createInstance()
  await instance.use(initReactI18next).init({ ...i18nConfig, lng: language })
  rememberPlainAnswers(instance)
  return instance
}

// The most a shared instance remembers: far more than the keys of all namespaces (≈ 3,000), so it
// is never reached by the app's own labels; it bounds memory should a key ever be built from data.
export const PLAIN_ANSWERS_LIMIT = 20_000

/**
 * Remembers the answer of every `t(key)` without options of its own — a label, a heading, a
 * button's name — for the life of the shared instance. Pages render the same labels on every view
 * and i18next works each one out again (key and namespace parsing, the resource look-up, a scan
 * for interpolation and nesting: ≈ 20–40 µs a call, a fifth of a page's rendering in the profile,
 * docs/performance.md "Labels remembered", session 9). The answer can only change with the
 * resources or the instance's language, and neither ever changes: the resources are bundled and
 * the server never changes a shared instance's language. Calls with options (interpolated values,
 * plurals, context, default values) are not remembered: their answers depend on values such as
 * names and counts — except a value that is the lists' marker (`VALUE_MARKER`, no data). Nor is
 * a key i18next does not know (its answer is the key itself), so nothing built from data is kept.
 */
export function rememberPlainAnswers(instance: { t: unknown; exists: unknown }) {
  const translate = (instance.t as (key: unknown, options?: unknown) => unknown).bind(instance)
  const exists = (instance.exists as (key: unknown, options?: unknown) => boolean).bind(instance)
  const answers = new Map<string, string>()
  const templates = new Map<string, Template>()
  // Values go in as given only when i18next does not escape them (the app's setting: React escapes).
  const interpolation = (instance as { options?: { interpolation?: Record<string, unknown> } }).options?.interpolation
  // Formatting (`{{date, datetime}}`) changes the marker too, so a formatted value is found out below;
  // `alwaysFormat` would format every value, and without `skipOnVariables` a value could be read as a template.
  const nesting = interpolation?.nestingPrefix
  const prefix = typeof interpolation?.prefix === 'string' ? interpolation.prefix : '{{'
  const templatesAllowed =
    interpolation?.escapeValue === false &&
    interpolation.alwaysFormat !== true &&
    interpolation.skipOnVariables !== false &&
    typeof nesting === 'string' &&
    nesting !== '' &&
    prefix !== ''
  instance.t = (key: unknown, options?: unknown) => {
    const id = plainCall(key, options)
    if (id === null) {
      const call = valueCall(key, options)
      // A value with the interpolation's prefix in it: i18next may put a later value into it (its
      // replace takes the first occurrence of `{{team}}`, which can be inside an earlier value).
      if (call === null || call.values.some((value) => value.includes(prefix))) return translate(key, options)
      const template = templates.get(call.id)
      if (template !== undefined) return fill(template, call.values)
      const text = translate(key, options)
      if (typeof text === 'string' && templatesAllowed && templates.size < PLAIN_ANSWERS_LIMIT && exists(key, options)) {
        // Not a text that nests another (`$t(…)`: a value could change the nested call). Then the same
        // call with a marker of its own for each value: every marker must come back as it was given
        // (a formatted value would not), and the answer put together from the marked one must be
        // i18next's own.
        const raw = translate(key, { ...call.fixed, skipInterpolation: true })
        const marked = typeof raw === 'string' && !raw.includes(nesting as string) ? translate(key, { ...(options as Record<string, unknown>), ...Object.fromEntries(call.names.map((name, index) => [name, valueMarker(index)])) }) : null
        const template = typeof marked === 'string' ? templateOf(marked, call.names.length) : null
        if (template !== null && fill(template, call.values) === text) templates.set(call.id, template)
      }
      return text
    }
    const known = answers.get(id)
    if (known !== undefined) return known
    const text = translate(key, options)
    if (typeof text === 'string' && answers.size < PLAIN_ANSWERS_LIMIT && exists(key, options)) {
      answers.set(id, text)
    }
    return text
  }
}

/**
 * An interpolated answer as its texts and the places of its values (the index of each value's
 * name): "Team {{team}}" is ['Team ', 0].
 */
type Template = Array<string | number>

// A marker per value, told apart by its number: no translation and no value of the app contains U+0000.
const valueMarker = (index: number) => `\u0000${index}\u0001`

function templateOf(marked: string, count: number): Template | null {
  const template: Template = []
  const seen = new Set<number>()
  let rest = marked
  for (;;) {
    const at = rest.indexOf('\u0000')
    if (at === -1) break
    const end = rest.indexOf('\u0001', at)
    const index = end === -1 ? NaN : Number(rest.slice(at + 1, end))
    if (!Number.isInteger(index) || index < 0 || index >= count || valueMarker(index) !== rest.slice(at, end + 1)) return null
    if (at > 0) template.push(rest.slice(0, at))
    template.push(index)
    seen.add(index)
    rest = rest.slice(end + 1)
  }
  if (rest !== '') template.push(rest)
  // a value i18next did not put in as given (formatted, or its variable missing) could change the
  // answer in a way the first values did not show
  return seen.size === count ? template : null
}

function fill(template: Template, values: readonly string[]): string {
  let text = ''
  for (const part of template) text += typeof part === 'number' ? values[part]! : part
  return text
}

// Every option i18next reads itself (plurals, context, defaults, nesting, formatting, languages, …):
// a call with any of them is never remembered as a template — its answer depends on the value.
const I18NEXT_OPTIONS = new Set(
  'appendNamespaceToCIMode appendNamespaceToMissingKey applyPostProcessor backend cleanCode compatibilityAPI compatibilityJSON context contextSeparator count debug defaultNS defaultValue detection fallbackLng fallbackNS forkResourceStore formatParams ignoreJSONStructure initImmediate interpolation interpolationkey isClone joinArrays keyPrefix keySeparator lng lngs load locale lowerCaseLng maxParallelReads maxRetries missingInterpolationHandler missingKeyHandler missingKeyNoValueFallbackToKey nest nonExplicitSupportedLngs ns nsSeparator ordinal overloadTranslationOptionHandler parseMissingKeyHandler partialBundledLanguages pluralSeparator postProcess postProcessPassResolved precheck prefix preload prepend reload replace resources retryTimeout returnDetails returnEmptyString returnNull returnObjects returnedObjectHandler saveMissing saveMissingPlurals saveMissingTo silent simplifyPluralSuffix skipCopy skipInterpolation supportedLngs updateMissing userDefinedKeySeparator userDefinedNsSeparator'.split(' '),
)

/**
 * A call with interpolated values only (strings and numbers, as i18next writes them in: `'' + value`)
 * besides what getFixedT adds: its template id (the plain call's id and the values' names) and the
 * values as i18next would write them. Anything else — another option, an object, a boolean — is null.
 */
function valueCall(key: unknown, options: unknown): { id: string; fixed: Record<string, unknown>; names: string[]; values: string[] } | null {
  if (typeof key !== 'string' || typeof options !== 'object' || options === null) return null
  const fixed: Record<string, unknown> = {}
  const names: string[] = []
  const values: string[] = []
  for (const name in options) {
    const value = (options as Record<string, unknown>)[name]
    if (FIXED_OPTIONS.has(name)) fixed[name] = value
    else if (I18NEXT_OPTIONS.has(name) || name.startsWith('defaultValue')) return null
    else if (typeof value === 'string' || typeof value === 'number') {
      names.push(name)
      values.push(String(value))
    } else return null
  }
  if (names.length === 0) return null
  const id = plainCall(key, fixed)
  return id === null ? null : { id: `${id}\u0003${names.join('\u0003')}`, fixed, names, values }
}

// What getFixedT adds to every call (language, namespace, key prefix) is part of the id; any other
// option makes the call one that is not remembered.
const FIXED_OPTIONS = new Set(['lng', 'lngs', 'ns', 'keyPrefix'])

function plainCall(key: unknown, options: unknown): string | null {
  if (typeof key !== 'string') return null
  if (options === undefined) return `\u0000\u0000\u0000${key}`
  if (typeof options !== 'object' || options === null) return null
  const { lng, lngs, ns, keyPrefix } = options as Record<string, unknown>
  // A value that is the lists' marker (translateEach, translateCount: `t(key, { code: VALUE_MARKER })`)
  // is no data: the answer depends on the key and the option's name alone, so it is remembered too,
  // with the names in the id (a few per list label, at most as many as the keys).
  let markers = ''
  for (const name in options) {
    if (FIXED_OPTIONS.has(name)) continue
    if ((options as Record<string, unknown>)[name] !== VALUE_MARKER) return null
    markers += `\u0002${name}`
  }
  // react-i18next asks getFixedT for the instance's own language with `null`, which arrives as `lngs: null`
  if (lngs !== undefined && lngs !== null) return null
  if (lng !== undefined && typeof lng !== 'string') return null
  if (keyPrefix !== undefined && typeof keyPrefix !== 'string') return null
  const namespaces = typeof ns === 'string' ? ns : Array.isArray(ns) && ns.every((n) => typeof n === 'string') ? ns.join('\u0001') : ns === undefined ? '' : null
  if (namespaces === null) return null
  return `${lng ?? ''}\u0000${namespaces}\u0000${keyPrefix ?? ''}\u0000${key}${markers}`
}

export function createI18nInstance(language: Language) {
  let instance = instances.get(language)
  if (!instance) {
    instance = initialise(language)
    instances.set(language, instance)
  }
  return instance
}
