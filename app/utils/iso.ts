// ISO 3166 countries and ISO 639-3 language names, safe for the browser bundle.
//
// Why the split with iso.server.ts: the full ISO 639-3 table (iso-639-3, ~7,000 living languages,
// ~800 kB of source) must not reach the browser. Everything here is small: the country names of
// i18n-iso-countries for German and English (~15 kB) and language names from the runtime's own
// CLDR data (Intl.DisplayNames). Option lists for languages and the strict "is this a real
// ISO 639-3 code" check live in iso.server.ts; loaders pass the options to the page.
import countries from 'i18n-iso-countries'
// Relative paths on purpose: the Remix server build leaves bare imports external, and Node's ESM
// loader refuses a bare `.json` import without an import attribute that esbuild 0.17 cannot emit.
// A relative path makes both builds bundle the two locale files.
import countriesDe from '../../node_modules/i18n-iso-countries/langs/de.json'
import countriesEn from '../../node_modules/i18n-iso-countries/langs/en.json'
import { type Option } from '#app/utils/options.ts'

countries.registerLocale(countriesDe)
countries.registerLocale(countriesEn)

type Lng = 'de' | 'en' | (string & {})

/**
 * Codes outside ISO 3166-1 for what counselling needs to record: XX is the ICAO/UNHCR convention
 * for stateless persons, XU (user-assigned range) stands for "unclear / not established".
 */
export const SPECIAL_COUNTRY_CODES = {
  XX: { de: 'staatenlos', en: 'Stateless' },
  XU: { de: 'ungeklärt', en: 'Unclear' },
} as const
type SpecialCountryCode = keyof typeof SPECIAL_COUNTRY_CODES

function uiLanguage(lng: Lng): 'de' | 'en' {
  return lng.toLowerCase().startsWith('en') ? 'en' : 'de'
}

function isSpecialCountryCode(code: string): code is SpecialCountryCode {
  return Object.hasOwn(SPECIAL_COUNTRY_CODES, code)
}

export function isCountryCode(code: unknown): code is string {
  if (typeof code !== 'string' || !/^[A-Z]{2}$/.test(code)) return false
  return isSpecialCountryCode(code) || countries.isValid(code)
}

export function countryName(code: string | null | undefined, lng: Lng): string {
  if (!code) return ''
  if (isSpecialCountryCode(code)) return SPECIAL_COUNTRY_CODES[code][uiLanguage(lng)]
  return countries.getName(code, uiLanguage(lng), { select: 'official' }) ?? code
}

const countryOptionCache = new Map<string, Option[]>()

/** All countries sorted by their name in the UI language, the two special codes first. */
export function countryOptions(lng: Lng): Option[] {
  const language = uiLanguage(lng)
  const cached = countryOptionCache.get(language)
  if (cached) return cached
  const collator = new Intl.Collator(language)
  const names = countries.getNames(language, { select: 'official' })
  const regular = Object.entries(names)
    .map(([value, label]) => ({ value, label }))
    .sort((a, b) => collator.compare(a.label, b.label))
  const special = (Object.keys(SPECIAL_COUNTRY_CODES) as SpecialCountryCode[]).map((value) => ({
    value,
    label: SPECIAL_COUNTRY_CODES[value][language],
  }))
  const options = [...special, ...regular]
  countryOptionCache.set(language, options)
  return options
}

/**
 * The languages counsellors in Mecklenburg-Vorpommern use most (arrivals from Syria, Afghanistan,
 * Iraq, Eritrea, Somalia, Turkey, Ukraine, Russia, the Western Balkans); shown first in pickers.
 */
export const COMMON_LANGUAGE_CODES = [
  'arb', // Standard Arabic
  'apc', // Levantine Arabic (Syria, Lebanon)
  'acm', // Mesopotamian (Iraqi) Arabic
  'fas', // Persian (Farsi)
  'prs', // Dari
  'pus', // Pashto
  'tir', // Tigrinya
  'som', // Somali
  'kmr', // Kurmanji
  'ckb', // Sorani
  'tur',
  'rus',
  'ukr',
  'eng',
  'fra',
  'deu',
  'srp',
  'sqi',
  'amh',
  'urd',
  'kat', // Georgian
  'ron',
] as const

/**
 * Where CLDR has no name for a language (apc, acm) or gives the name of the macrolanguage for an
 * individual language (kmr → "Kurdisch", arb → "Arabisch"), counsellors need the precise one.
 */
const LANGUAGE_NAME_OVERRIDES: Record<string, { de: string; en: string }> = {
  arb: { de: 'Arabisch (Hocharabisch)', en: 'Arabic (Standard)' },
  apc: { de: 'Arabisch (Levantinisch)', en: 'Arabic (Levantine)' },
  acm: { de: 'Arabisch (Irakisch)', en: 'Arabic (Iraqi)' },
  fas: { de: 'Persisch (Farsi)', en: 'Persian (Farsi)' },
  pes: { de: 'Persisch (Iran)', en: 'Persian (Iran)' },
  kmr: { de: 'Kurdisch (Kurmandschi)', en: 'Kurdish (Kurmanji)' },
  ckb: { de: 'Kurdisch (Sorani)', en: 'Kurdish (Sorani)' },
  sdh: { de: 'Kurdisch (Südkurdisch)', en: 'Kurdish (Southern)' },
  pbu: { de: 'Paschtu (Nord)', en: 'Pashto (Northern)' },
  pst: { de: 'Paschtu (Zentral)', en: 'Pashto (Central)' },
  pbt: { de: 'Paschtu (Süd)', en: 'Pashto (Southern)' },
  als: { de: 'Albanisch (Toskisch)', en: 'Albanian (Tosk)' },
  cmn: { de: 'Chinesisch (Mandarin)', en: 'Chinese (Mandarin)' },
}

const displayNames = new Map<string, Intl.DisplayNames>()
function displayNamesFor(language: 'de' | 'en') {
  let names = displayNames.get(language)
  if (!names) {
    names = new Intl.DisplayNames(language, { type: 'language', fallback: 'none' })
    displayNames.set(language, names)
  }
  return names
}

/**
 * The name of an ISO 639-3 code in the UI language, or undefined when neither our overrides nor
 * the runtime's CLDR data know it (iso.server.ts then falls back to the ISO English name).
 */
export function localLanguageName(code: string, lng: Lng): string | undefined {
  const language = uiLanguage(lng)
  const override = LANGUAGE_NAME_OVERRIDES[code]
  if (override) return override[language]
  try {
    return displayNamesFor(language).of(code) ?? undefined
  } catch {
    return undefined
  }
}

/** The display name of an ISO 639-3 code; the code itself when no name is known (client side). */
export function languageName(code: string | null | undefined, lng: Lng): string {
  if (!code) return ''
  return localLanguageName(code, lng) ?? code
}

/** The shape of an ISO 639-3 code; the authoritative check is isLanguageCode in iso.server.ts. */
export const LANGUAGE_CODE_PATTERN = /^[a-z]{3}$/
