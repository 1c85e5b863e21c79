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
