// The ISO 639-3 table is large (~7,000 living languages), so it stays on the server: loaders build
// option lists here and pass them to the page; see iso.ts for the client-safe half. The table is
// the generated iso-639-3-living.server.ts (the codes and English names we use, from the iso-639-3
// package), not the package's module, which kept every field of ≈ 7,900 entries in the heap.
import { LIVING_LANGUAGES } from './iso-639-3-living.server.ts'
import { COMMON_LANGUAGE_CODES, localLanguageName } from './iso.ts'
import { currentRequest } from './request-context.server.ts'
import { packOptions, type Option, type PackedOptions } from '#app/utils/options.ts'

export * from './iso.ts'

/** Living languages: individual languages and macrolanguages (ara, fas, pus, sqi, zho …). */
const englishNameByCode = new Map(LIVING_LANGUAGES.split('\n').map((line) => [line.slice(0, 3), line.slice(4)] as const))

export function isLanguageCode(code: unknown): code is string {
  return typeof code === 'string' && englishNameByCode.has(code)
}

/** The name in the UI language, else the English reference name of ISO 639-3, else the code. */
export function languageName(code: string | null | undefined, lng: string): string {
  if (!code) return ''
  return localLanguageName(code, lng) ?? englishNameByCode.get(code) ?? code
}

export type LanguageOptions = { common: Option[]; all: Option[] }

// Per UI language: the sorted lists, their codes and the collator that sorted them. A form that
// must also offer codes outside the list (stored before) inserts those few by binary search rather
// than sorting ≈ 640 options again with a new collator (issue 19: the master-data form's cost).
type SortedLanguages = LanguageOptions & { codes: ReadonlySet<string>; collator: Intl.Collator }
const optionCache = new Map<string, SortedLanguages>()

/**
 * Options for language pickers: the common counselling languages, and every language the UI
 * language has a name for (~640 in CLDR) sorted by label. The ~6,400 living languages without a
 * CLDR name are left out of pickers on purpose (a 7,000-option select is unusable and would add
 * ~300 kB to every form); codes already recorded (`include`) are always offered, and
 * isLanguageCode still accepts every ISO 639-3 code. Where CLDR gives two codes the same name
 * (kmr and kur are both "Kurdisch"), the code is added so the choice stays unambiguous.
 */
export function languageOptions(lng: string, include: readonly string[] = []): LanguageOptions {
  const language = lng.toLowerCase().startsWith('en') ? 'en' : 'de'
  let cached = optionCache.get(language)
  if (!cached) {
    const collator = new Intl.Collator(language)
    const common = COMMON_LANGUAGE_CODES.map((code) => ({ value: code, label: languageName(code, language) }))
    const named: Option[] = []
    for (const code of englishNameByCode.keys()) {
      const label = localLanguageName(code, language)
      if (label) named.push({ value: code, label })
    }
    const all = sortOptions(disambiguate(named), collator)
    cached = { common: sortOptions(disambiguate(common), collator), all, codes: new Set(all.map((option) => option.value)), collator }
    optionCache.set(language, cached)
  }
  const { common, all, codes, collator } = cached
  const missing = [...new Set(include)].filter((code) => isLanguageCode(code) && !codes.has(code))
  if (missing.length === 0) return { common, all }
  const merged = [...all]
  for (const code of missing) {
    const option = { value: code, label: `${languageName(code, language)} (${code})` }
    let low = 0
    let high = merged.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if (collator.compare(merged[middle]!.label, option.label) <= 0) low = middle + 1
      else high = middle
    }
    merged.splice(low, 0, option)
  }
  return { common, all: merged }
}

function disambiguate(options: Option[]): Option[] {
  const counts = new Map<string, number>()
  for (const option of options) counts.set(option.label, (counts.get(option.label) ?? 0) + 1)
  return options.map((option) => ((counts.get(option.label) ?? 0) > 1 ? { ...option, label: `${option.label} (${option.value})` } : option))
}

function sortOptions(options: Option[], collator: Intl.Collator) {
  return [...options].sort((a, b) => collator.compare(a.label, b.label))
}

/**
 * languageOptions for a language picker's loader data (LanguageSelectField): the ≈640 languages
 * packed into one string (options.ts) — the page's markup carries them as options anyway.
 */
export function languageChoices(lng: string, include: readonly string[] = []): { common: Option[]; all: PackedOptions } {
  const { common, all } = languageOptions(lng, include)
  return { common, all: packOptions(all) }
}

// A long option list (≈ 640 languages, ≈ 250 countries) is in a form page twice: as the options of its
// select in the markup and, packed, in the loader data the browser hydrates from. A document does not
// need the second copy: the browser reads the list from its own select while it hydrates
// (`listOf` in app/utils/options.ts). A `.data` answer (a client-side navigation, a revalidation) has no
// markup, so it keeps the list. Decision 101. Here, beside the lists, rather than in a module of its own:
// the pages that use it import this one already, so the browser's build gets no further (empty) chunk.

/** True while a document (a page's HTML) is answered; false for `.data` requests and outside a request. */
export function isDocumentRequest(): boolean {
  return currentRequest()?.dataRequest === false
}

/**
 * `holder` with `keys` left out of a document's hydration data while the server's render still reads
 * them: a copy whose `keys` are not enumerable (turbo-stream serialises an object's enumerable keys
 * only; the render reads the same object). Outside a document the holder itself. The holder is not
 * changed (it may be a cached object).
 */
export function inMarkupOnly<T extends object>(holder: T, keys: ReadonlyArray<keyof T>): T {
  if (!isDocumentRequest()) return holder
  const copy = { ...holder }
  for (const key of keys) Object.defineProperty(copy, key, { value: holder[key], enumerable: false, writable: false, configurable: false })
  return copy
}
