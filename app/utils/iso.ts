// ISO 3166 countries and ISO 639-3 language names, safe for the browser bundle.
//
// Why the split with iso.server.ts: the full ISO 639-3 table (iso-639-3, ~7,000 living languages,
// ~800 kB of source) must not reach the browser. Everything here is small: the country names of
// i18n-iso-countries for German and English (~15 kB) and language names from the runtime's own
// CLDR data (Intl.DisplayNames). Option lists for languages and the strict "is this a real
// ISO 639-3 code" check live in iso.server.ts; loaders pass the options to the page.
// The package's library without its Node entry point: `main` (entry-node.js) registers all 78
// locales (≈ 720 kB of JSON, ≈ 7.5 MB of the server's resident memory) before we register the two
// we use; `index.js` is also what the browser bundle gets (the package's `browser` field).
import countries from 'i18n-iso-countries/index.js'
// Relative paths on purpose: the Remix server build leaves bare imports external, and Node's ESM
// loader refuses a bare `.json` import without an import attribute that esbuild 0.17 cannot emit.
// A relative path makes both builds bundle the two locale files.
import countriesDe from '../../node_modules/i18n-iso-countries/langs/de.json'
import countriesEn from '../../node_modules/i18n-iso-countries/langs/en.json'
import { unpackOptions, type Option, type PackedOptions } from '#app/utils/options.ts'

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

/**
 * The names counsellors use where ISO's official name reads like a treaty ("Syrien, Arabische
 * Republik", "Moldova, Republic of"), or where the short alias is ambiguous (both Congos are
 * "Kongo"/"Congo" in i18n-iso-countries).
 */
const SHORT_COUNTRY_NAMES: Record<'de' | 'en', Record<string, string>> = {
  de: {
    SY: 'Syrien',
    CD: 'Kongo, Demokratische Republik',
    CG: 'Kongo, Republik',
    TZ: 'Tansania',
    CZ: 'Tschechien',
    PS: 'Palästina',
  },
  en: {
    SY: 'Syria',
    IR: 'Iran',
    MD: 'Moldova',
    LA: 'Laos',
    KR: 'South Korea',
    TZ: 'Tanzania',
    CD: 'Congo, Democratic Republic',
    CG: 'Congo, Republic',
    CZ: 'Czechia',
    PS: 'Palestine',
    TR: 'Türkiye',
    MK: 'North Macedonia',
    FM: 'Micronesia',
    VA: 'Vatican City',
    TW: 'Taiwan',
  },
}

/**
 * Territories nobody is from or holds the nationality of (no permanent population): left out of
 * the choices; a value recorded before stays readable (countryName) and stays offered on its form.
 */
export const UNINHABITED_COUNTRY_CODES: ReadonlySet<string> = new Set(['AQ', 'BV', 'HM', 'GS', 'UM', 'TF', 'IO'])

/**
 * The countries most clients of a migration counselling service in Mecklenburg-Vorpommern come
 * from; shown after the organisation's own most frequent ones (COMMON_COUNTRIES overrides them).
 */
export const DEFAULT_COMMON_COUNTRY_CODES = ['SY', 'AF', 'UA', 'IQ', 'IR', 'TR', 'RU', 'ER', 'SO', 'GE'] as const

export type CountryField = 'nationality' | 'countryOfOrigin'
/**
 * The groups of one country select (app/models/country-choices.server.ts); `frequent` may be empty.
 * Every country (≈ 250) is packed for the loader data (options.ts, decision 054).
 */
export type CountryChoiceGroups = { frequent: Option[]; common: Option[]; all: PackedOptions }
export type CountryChoices = Record<CountryField, CountryChoiceGroups>
/**
 * The groups of a several-languages choice (app/models/language-choices.server.ts), in this order;
 * each group packed for the loader data (options.ts, decision 054). The `others` group carries the
 * whole sorted list, not the ≈ 620 languages it offers (decision 088): on the master-data forms that
 * is the same packed string as the privacy-information language picker's, which the loader data then
 * holds once. `languageGroupOptions` gives the options each group offers.
 */
export type LanguageChoiceGroups = Array<{ key: LanguageGroupKey; options: PackedOptions }>
export type LanguageGroupKey = 'frequent' | 'common' | 'others'

// The `others` group's options per whole list (one array per packed string, unpackOptions) and the
// languages shown before it: the same array for the same lists, so its markup is built once
// (option-list.ts) on the server and in the browser. The languages shown before it change with the
// ten-minute recount of the frequent ones: the last few rankings are kept per list.
const othersOf = new WeakMap<readonly Option[], Map<string, readonly Option[]>>()
const RANKINGS_KEPT = 4

/** The options each group offers: the `others` group without the languages of the groups before it. */
export function languageGroupOptions(groups: LanguageChoiceGroups): Array<{ key: LanguageGroupKey; options: readonly Option[] }> {
  const shown: string[] = []
  return groups.map(({ key, options: packed }) => {
    const options = unpackOptions(packed)
    if (key !== 'others') {
      for (const option of options) shown.push(option.value)
      return { key, options }
    }
    let byShown = othersOf.get(options)
    if (!byShown) othersOf.set(options, (byShown = new Map()))
    const shownKey = shown.join('\n')
    let others = byShown.get(shownKey)
    if (!others) {
      const before = new Set(shown)
      others = options.filter((option) => !before.has(option.value))
      if (byShown.size >= RANKINGS_KEPT) byShown.delete(byShown.keys().next().value!)
      byShown.set(shownKey, others)
    }
    return { key, options: others }
  })
}

export function countryName(code: string | null | undefined, lng: Lng): string {
  if (!code) return ''
  const language = uiLanguage(lng)
  if (isSpecialCountryCode(code)) return SPECIAL_COUNTRY_CODES[code][language]
  return SHORT_COUNTRY_NAMES[language][code] ?? countries.getName(code, language, { select: 'official' }) ?? code
}

const countryOptionCache = new Map<string, Option[]>()

/**
 * All countries with a permanent population, sorted by their (short) name in the UI language, the
 * two special codes first. `include` adds codes already recorded that the list leaves out.
 */
export function countryOptions(lng: Lng, include: readonly (string | null | undefined)[] = []): Option[] {
  const language = uiLanguage(lng)
  let options = countryOptionCache.get(language)
  if (!options) {
    const collator = new Intl.Collator(language)
    const regular = Object.keys(countries.getNames(language))
      .filter((value) => !UNINHABITED_COUNTRY_CODES.has(value))
      .map((value) => ({ value, label: countryName(value, language) }))
      .sort((a, b) => collator.compare(a.label, b.label))
    const special = (Object.keys(SPECIAL_COUNTRY_CODES) as SpecialCountryCode[]).map((value) => ({
      value,
      label: SPECIAL_COUNTRY_CODES[value][language],
    }))
    options = [...special, ...regular]
    countryOptionCache.set(language, options)
  }
  const missing = include.filter((code): code is string => Boolean(code) && UNINHABITED_COUNTRY_CODES.has(code!))
  if (missing.length === 0) return options
  return [...options, ...[...new Set(missing)].map((value) => ({ value, label: countryName(value, language) }))]
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
  const known = localNames[language]
  if (known.has(code)) return known.get(code)
  let name: string | undefined
  try {
    name = displayNamesFor(language).of(code) ?? undefined
  } catch {
    name = undefined
  }
  // Only the shape of a code is remembered (at most 26³ per language): anything else is asked anew.
  if (LANGUAGE_CODE_PATTERN.test(code)) known.set(code, name)
  return name
}

// The answers of Intl.DisplayNames, one map per UI language: a list of 50 language mediations or
// the mediation figures by language asked for the same few names on every view, each `of()` a walk
// through ICU's data (≈ 1–3 ms a view of /language-mediation, issue 19, session 10). A pure function
// of the code with the runtime's fixed CLDR data, so the maps never need invalidating.
const localNames = { de: new Map<string, string | undefined>(), en: new Map<string, string | undefined>() }

/** The display name of an ISO 639-3 code; the code itself when no name is known (client side). */
export function languageName(code: string | null | undefined, lng: Lng): string {
  if (!code) return ''
  return localLanguageName(code, lng) ?? code
}

/** The shape of an ISO 639-3 code; the authoritative check is isLanguageCode in iso.server.ts. */
export const LANGUAGE_CODE_PATTERN = /^[a-z]{3}$/
