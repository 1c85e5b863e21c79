import { createCookie } from '@remix-run/node'
import { createInstance } from 'i18next'
import { initReactI18next } from 'react-i18next'
import { RemixI18Next } from 'remix-i18next/server'
import { i18nConfig } from '#app/i18n.ts'
import { fallbackLanguage, supportedLanguages, type Language } from '#app/locales/index.ts'

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
  fillInValues(instance)
  rememberPlainAnswers(instance)
  fixedTWithoutSpread(instance)
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
 * plurals, context) are not remembered: their answers depend on values such as names and counts —
 * but a text `defaultValue` alone, part of the remembered call's id (decision 252). Nor is a key
 * i18next does not know (its answer is the key itself, or the default), so nothing built from data
 * is kept.
 */
export function rememberPlainAnswers(instance: { t: unknown; exists: unknown }) {
  const translate = (instance.t as (key: unknown, options?: unknown) => unknown).bind(instance)
  const exists = (instance.exists as (key: unknown, options?: unknown) => boolean).bind(instance)
  const answers = new Map<string, string>()
  instance.t = (key: unknown, options?: unknown) => {
    const id = plainCall(key, options)
    if (id === null) return translate(key, options)
    const known = answers.get(id)
    if (known !== undefined) return known
    const text = translate(key, options)
    if (typeof text === 'string' && answers.size < PLAIN_ANSWERS_LIMIT && exists(key, options)) {
      answers.set(id, text)
    }
    return text
  }
}

// What getFixedT adds to every call (language, namespace, key prefix) is part of the id; any other
// option makes the call one that is not remembered.
const FIXED_OPTIONS = new Set(['lng', 'lngs', 'ns', 'keyPrefix'])

function plainCall(key: unknown, options: unknown): string | null {
  if (typeof key !== 'string') return null
  if (options === undefined) return `\u0000\u0000\u0000${key}`
  if (typeof options !== 'object' || options === null) return null
  // A text default (`t(key, { defaultValue })`, a label looked up by a code from data with the code as its fallback)
  // is part of the call's id: the answer remembered is that of exactly this call, and only for a key i18next knows
  // (decision 252: the counsellor's start page asked i18next's whole path for such a label twice a view).
  let fallback = ''
  for (const name in options) {
    if (FIXED_OPTIONS.has(name)) continue
    const value = (options as Record<string, unknown>)[name]
    if (name === 'defaultValue' && typeof value === 'string') fallback = `\u0000defaultValue\u0001${value}`
    else return null
  }
  const fixed = fixedOptionsId(options as Record<string, unknown>)
  return fixed === null ? null : `${fixed}\u0000${key}${fallback}`
}

// Language, namespaces and key prefix of a call as one text, or null when they are not plain.
function fixedOptionsId(options: Record<string, unknown>): string | null {
  const { lng, lngs, ns, keyPrefix } = options
  // react-i18next asks getFixedT for the instance's own language with `null`, which arrives as `lngs: null`
  if (lngs !== undefined && lngs !== null) return null
  if (lng !== undefined && typeof lng !== 'string') return null
  if (keyPrefix !== undefined && typeof keyPrefix !== 'string') return null
  const namespaces = typeof ns === 'string' ? ns : Array.isArray(ns) && ns.every((n) => typeof n === 'string') ? ns.join('\u0001') : ns === undefined ? '' : null
  if (namespaces === null) return null
  return `${lng ?? ''}\u0000${namespaces}\u0000${keyPrefix ?? ''}`
}

// The most templates a shared instance keeps (one per key, namespace and set of value names), as
// PLAIN_ANSWERS_LIMIT: far more than the app's keys with values, a bound should a key come from data.
export const TEMPLATES_LIMIT = 20_000

// Options i18next reads itself: a call naming one of them is asked of i18next (a plural's `count`,
// `context`, `defaultValue`, …), even when the text also shows it as a value.
const I18NEXT_OPTIONS = new Set([
  'count',
  'context',
  'ordinal',
  'defaultValue',
  'replace',
  'returnObjects',
  'returnDetails',
  'joinArrays',
  'postProcess',
  'interpolation',
  'skipInterpolation',
  'nest',
  'fallbackLng',
  'appendNamespaceToCIMode',
  'keySeparator',
  'nsSeparator',
  'missingInterpolationHandler',
  // read by i18next too, though no text has a placeholder of these names (listed for upgrades)
  'applyPostProcessor',
  'missingKeyNoValueFallbackToKey',
  'ignoreJSONStructure',
  'formatParams',
  'returnEmptyString',
  'returnNull',
])

type Template = { parts: string[]; names: string[] }

/**
 * Answers `t(key, { name: value, … })` — a text with values put in, such as the timeline's
 * "Kontakt, 45 Minuten, Telefon" — from the key's text taken apart once, instead of i18next's
 * whole path on every call (≈ 12–20 µs: the options copied, key and namespace resolved, the
 * resource looked up, then its placeholders found by regular expressions; the case file asks
 * ≈ 40 such calls a view, session 15). The translations are bundled and fixed at build time and
 * the server never changes a shared instance's language, so a key's text never changes: it is
 * asked of i18next once without interpolation (`skipInterpolation`) and split at its `{{name}}`
 * placeholders; each call joins the parts with its values.
 *
 * Only where that is exactly what i18next does (our configuration: `escapeValue: false`,
 * `skipOnVariables` as its default, no formats, no post-processors) — anything else is asked of
 * i18next as before:
 * - the text holds plain `{{name}}` placeholders only: no nesting (`$t(`), no format
 *   (`{{value, number}}`), no `{{- name}}`, no other braces; every placeholder is named in the call
 *   and every value of the call is a placeholder, none an option i18next reads (`context`,
 *   `ordinal`, `defaultValue`, …: contexts and defaults stay i18next's) — but a `count`: given as a
 *   string, i18next puts it in as a value without choosing a plural form; given as a whole number
 *   above zero, the template is the text of the plural form i18next chooses for it (one template per
 *   form, `pluralForm`), the count need not be shown, and it is put in as i18next writes a number
 *   (decision 224: ≈ 40–90 µs a counted call before, up to eight a start page); given as zero, the
 *   template is the text i18next finds for zero (its `_zero` form, else the plural form of 0; decision
 *   251: /team/queue's "0 offene Fälle" went down i18next's whole path on every view);
 * - every value is a number or a string without `{` or `}` (a value holding a placeholder's braces
 *   would be found by i18next's later replacements); i18next writes numbers as `'' + value`;
 * - the key exists, and the first call's answer is compared with i18next's own.
 */
export function fillInValues(instance: { t: unknown; exists: unknown; language?: unknown }) {
  const translate = (instance.t as (key: unknown, options?: unknown) => unknown).bind(instance)
  const exists = (instance.exists as (key: unknown, options?: unknown) => boolean).bind(instance)
  const templates = new Map<string, Template | null>()
  instance.t = (key: unknown, options?: unknown) => {
    const id = valuesCall(key, options, instance.language)
    if (id === null) return translate(key, options)
    const values = options as Record<string, unknown>
    let template = templates.get(id)
    if (template === undefined) {
      // A key i18next does not know leaves nothing behind (its answer is the key itself, which could
      // be built from data), as rememberPlainAnswers keeps nothing for it.
      if (templates.size >= TEMPLATES_LIMIT || !exists(key, options)) return translate(key, options)
      template = takeApart(key as string, values)
      const text = translate(key, options)
      if (template !== null && filledIn(template, values) !== text) template = null
      templates.set(id, template)
      return text
    }
    return template === null ? translate(key, options) : filledIn(template, values)
  }

  function takeApart(key: string, options: Record<string, unknown>): Template | null {
    const text = translate(key, { ...options, skipInterpolation: true })
    if (typeof text !== 'string' || text.includes('$t(')) return null
    const parts: string[] = []
    const names: string[] = []
    let last = 0
    for (const match of text.matchAll(PLACEHOLDER)) {
      const name = match[1]!.trim()
      if (!VALUE_NAME.test(name) || !Object.prototype.hasOwnProperty.call(options, name) || FIXED_OPTIONS.has(name)) return null
      parts.push(text.slice(last, match.index))
      names.push(name)
      last = match.index + match[0].length
    }
    parts.push(text.slice(last))
    if (parts.some((part) => part.includes('{') || part.includes('}'))) return null
    // A value must be shown; a count need not ("Ein Fall wartet" for one).
    for (const name in options) if (!FIXED_OPTIONS.has(name) && name !== 'count' && !names.includes(name)) return null
    return { parts, names }
  }
}

// i18next's own pattern for a placeholder (prefix `{{`, suffix `}}`, the name trimmed), and the
// names of values that its look-up finds as they are (a dot would be a path into an object).
const PLACEHOLDER = /\{\{(.+?)\}\}/g
const VALUE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

function filledIn({ parts, names }: Template, values: Record<string, unknown>) {
  let text = parts[0]!
  for (let index = 0; index < names.length; index++) text += `${values[names[index]!] as string | number}${parts[index + 1]!}`
  return text
}

// The template's id for a call with values, or null when i18next must answer it: the options that
// getFixedT adds (as plainCall) and the values' names, each value a number or a string without braces.
// A `count` that is a whole number above zero adds its plural form (decision 224), a zero its own `=0` (decision 251).
function valuesCall(key: unknown, options: unknown, instanceLanguage: unknown): string | null {
  if (typeof key !== 'string' || typeof options !== 'object' || options === null || Array.isArray(options)) return null
  const values = options as Record<string, unknown>
  let names = ''
  let form = ''
  for (const name in values) {
    if (FIXED_OPTIONS.has(name)) continue
    const value = values[name]
    if (name === 'count' && typeof value === 'number') {
      // Negative and fractional counts stay i18next's.
      if (!Number.isInteger(value) || value < 0) return null
      const language = typeof values.lng === 'string' ? values.lng : instanceLanguage
      if (typeof language !== 'string') return null
      // Zero (and -0, which i18next takes for zero and writes as "0") has a template of its own: i18next looks its
      // `_zero` form up first and falls back to the plural form of 0, the same text for every zero of a key in a
      // language (decision 251). `=0` is no plural form's name, so it never shares a template with one.
      form = value === 0 ? '\u0001=0' : `\u0001${pluralForm(language, value)}`
      names += '\u0000count'
      continue
    }
    // A `count` given as text selects no plural form (i18next 23 reads it only when it is not a
    // string: `needsPluralHandling`) and is put in as any value: /team's wait texts, asked with the
    // lists' marker for every row (`{ count: VALUE_MARKER }`).
    if ((I18NEXT_OPTIONS.has(name) && !(name === 'count' && typeof value === 'string')) || name.startsWith('defaultValue')) return null
    if (typeof value === 'string') {
      if (value.includes('{') || value.includes('}')) return null
    } else if (typeof value !== 'number') return null
    names += `\u0000${name}`
  }
  if (names === '') return null
  const fixed = fixedOptionsId(values)
  return fixed === null ? null : `${fixed}\u0000${key}${form}${names}`
}

// The plural form i18next chooses for a count (`_one`, `_other`, …): its plural resolver asks
// `Intl.PluralRules` of the language, cardinal unless `ordinal` is given (which stays i18next's).
// A form's template is kept only after its first answer equalled i18next's own, so a count of
// the same form in the same language gets the same text with its number put in. One rule set per
// language: an `Intl.PluralRules` costs more to make than to ask.
const pluralRulesByLanguage = new Map<string, Intl.PluralRules>()
function pluralForm(language: string, count: number) {
  let rules = pluralRulesByLanguage.get(language)
  if (rules === undefined) {
    rules = new Intl.PluralRules(language)
    if (pluralRulesByLanguage.size < 32) pluralRulesByLanguage.set(language, rules)
  }
  return rules.select(count)
}

type FixedT = ((key: unknown, options?: unknown, ...rest: unknown[]) => unknown) & { lng?: unknown; lngs?: unknown; ns?: unknown; keyPrefix?: unknown }

/**
 * `getFixedT` (what `useTranslation` and the loaders' `getFixedT` give) answering as i18next's own,
 * without its object spread: i18next's `t` copies a call's options with `{ ...options }` and then
 * adds language, namespaces and key prefix to the copy, and V8 makes such a spread copy that then
 * grows slowly — ≈ 10 µs of a call's 12–20 µs (measured alone: spread and four added properties
 * 9–10 µs, a copy by `Object.keys` and the same four 0.15–0.25 µs; session 15). This `t` copies the
 * options' own properties one by one and then does exactly what i18next 23's `fixedT` does (the same
 * four options, the same key prefix), then asks the instance's `t`. Calls it does not cover —
 * options that are not a plain object, i18next's older call forms with a third argument — go to
 * i18next's own `fixedT`. Symbol keys of an options object are not copied: i18next reads none.
 */
export function fixedTWithoutSpread(instance: { t: unknown; getFixedT: unknown; options: { keySeparator?: unknown } }) {
  const getFixedT = (instance.getFixedT as (...args: unknown[]) => FixedT).bind(instance)
  const labels: Labels = { byFixedOptions: new Map(), size: 0 }
  instance.getFixedT = (lng: unknown, ns: unknown, keyPrefix: unknown) => {
    const fixed = getFixedT(lng, ns, keyPrefix)
    // A module-level function bound to its state, not a closure made per call: every request asks for
    // its `t`, and V8 drops a per-request closure's optimised code at each full collection (decision 137).
    const state: FixedTState = { instance, fixed, keyPrefix, t: undefined, labels, known: undefined, seen: undefined }
    const t = translateFixed.bind(state) as FixedT
    state.t = t
    Object.assign(t, fixed)
    return t
  }
}

type FixedTState = {
  instance: { t: unknown; exists?: unknown; options: { keySeparator?: unknown } }
  fixed: FixedT
  keyPrefix: unknown
  /** the `t` handed out, whose `lng`, `lngs`, `ns` and `keyPrefix` are read at each call (as i18next's `fixedT` reads its own) */
  t: FixedT | undefined
  /** the instance's plain labels, by language, namespace and key prefix */
  labels: Labels
  /** the labels of this `t`'s language, namespace and key prefix (null: its calls are not plain), found at its first label */
  known: Map<string, string> | null | undefined
  /** the `lng`, `lngs`, `ns` and `keyPrefix` `known` was found for: another value (set on the `t` later) finds it again */
  seen: [unknown, unknown, unknown, unknown] | undefined
}

// The answers of `t(key)` without options, per instance: a map per language, namespaces and key
// prefix (`fixedOptionsId`), then by the key as the page gives it — no id built per call.
type Labels = { byFixedOptions: Map<string, Map<string, string>>; size: number }

/**
 * A label — `t(key)` without options, most of a form's calls — answered from the instance's labels
 * before anything is copied or built: what `rememberPlainAnswers` answers, without its call's options
 * object, the key prefix joined and the two ids (`fixedOptionsId`, then with the key) built on every
 * call (≈ 1–3 µs a call; a form asks ≈ 100 labels a view). A label is kept as `rememberPlainAnswers`
 * keeps one: after i18next answered it, when the answer is a string and the key exists (nothing built
 * from data), up to PLAIN_ANSWERS_LIMIT, and only for plain options (`fixedOptionsId` not null).
 */
function knownLabel(state: FixedTState, t: FixedT, key: string): string | undefined {
  const seen = state.seen
  if (seen === undefined || seen[0] !== t.lng || seen[1] !== t.lngs || seen[2] !== t.ns || seen[3] !== t.keyPrefix) {
    state.seen = [t.lng, t.lngs, t.ns, t.keyPrefix]
    // an array of namespaces could be changed in place: its labels are not kept
    const id = t.ns === undefined || typeof t.ns === 'string' ? fixedOptionsId(fixedOptions(state, t, {})) : null
    let known = id === null ? null : state.labels.byFixedOptions.get(id)
    if (known === undefined) state.labels.byFixedOptions.set(id!, (known = new Map()))
    state.known = known
  }
  return state.known?.get(key)
}

function keepLabel(state: FixedTState, key: string, prefixed: unknown, copy: Record<string, unknown>, text: unknown) {
  const known = state.known
  if (!known || typeof text !== 'string' || state.labels.size >= PLAIN_ANSWERS_LIMIT) return
  const exists = state.instance.exists as ((key: unknown, options?: unknown) => boolean) | undefined
  if (typeof exists !== 'function' || !exists.call(state.instance, prefixed, copy)) return
  known.set(key, text)
  state.labels.size += 1
}

// What i18next 23's `fixedT` adds to a call's options (copied into `copy`).
function fixedOptions(state: FixedTState, t: FixedT, copy: Record<string, unknown>) {
  copy.lng = copy.lng || t.lng
  copy.lngs = copy.lngs || t.lngs
  copy.ns = copy.ns || t.ns
  if (copy.keyPrefix !== '') copy.keyPrefix = copy.keyPrefix || state.keyPrefix || t.keyPrefix
  return copy
}

function translateFixed(this: FixedTState, key: unknown, options?: unknown, ...rest: unknown[]) {
  const { instance, fixed } = this
  const t = this.t!
  if (options === undefined && rest.length === 0 && typeof key === 'string') {
    const known = knownLabel(this, t, key)
    if (known !== undefined) return known
  }
  if (rest.length > 0 || (options !== undefined && !plainObject(options))) return fixed(key, options, ...rest)
  const copy: Record<string, unknown> = {}
  if (options !== undefined) for (const name of Object.keys(options as object)) copy[name] = (options as Record<string, unknown>)[name]
  fixedOptions(this, t, copy)
  const keySeparator = (instance.options.keySeparator as string | false | undefined) || '.'
  const prefixed =
    copy.keyPrefix && Array.isArray(key)
      ? key.map((part: unknown) => `${copy.keyPrefix as string}${keySeparator}${part as string}`)
      : copy.keyPrefix
        ? `${copy.keyPrefix as string}${keySeparator}${key as string}`
        : key
  const text = (instance.t as (key: unknown, options: unknown) => unknown)(prefixed, copy)
  if (options === undefined && typeof key === 'string') keepLabel(this, key, prefixed, copy, text)
  return text
}

function plainObject(value: unknown) {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const prototype = Object.getPrototypeOf(value) as unknown
  return prototype === Object.prototype || prototype === null
}

export function createI18nInstance(language: Language) {
  let instance = instances.get(language)
  if (!instance) {
    instance = initialise(language)
    instances.set(language, instance)
  }
  return instance
}
