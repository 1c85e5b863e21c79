// The choice of several languages (staff, clients, partners; components/ui/multi-select.tsx) that
// knows the likely answer, as the country selects do (decision 036, 042): the languages this
// organisation's clients speak most, then the regional list of counselling languages, then every
// other language by name. The frequencies come from ClientLanguage (indexed by languageCode), on
// the same ten-minute cache and with the same threshold as the countries.
import { UNKNOWN_LANGUAGE_ERROR } from '#app/forms/fields.ts'
import { FREQUENT_CACHE_MS, FREQUENT_LIMIT, FREQUENT_MIN_CLIENTS } from '#app/models/country-choices.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { COMMON_LANGUAGE_CODES, isLanguageCode, languageOptions, type LanguageChoiceGroups } from '#app/utils/iso.server.ts'
import { packOptions, type Option } from '#app/utils/options.ts'
import { periodicCache } from '#app/utils/periodic-cache.ts'

async function queryFrequent(): Promise<string[]> {
  const rows = await prisma.$queryRaw<Array<{ code: string }>>`
    SELECT languageCode AS code FROM ClientLanguage
    GROUP BY languageCode HAVING COUNT(*) >= ${FREQUENT_MIN_CLIENTS}
    ORDER BY COUNT(*) DESC, languageCode LIMIT ${FREQUENT_LIMIT}`
  return rows.map((row) => row.code).filter(isLanguageCode)
}

const frequent = periodicCache(queryFrequent, FREQUENT_CACHE_MS)

/** The languages most of this organisation's clients speak (at least FREQUENT_MIN_CLIENTS each). */
export function frequentLanguageCodes(now = Date.now()): Promise<string[]> {
  return frequent.get(now)
}

/** Forgets the cached frequencies (tests). */
export function forgetFrequentLanguages() {
  frequent.forget()
}

/**
 * The groups in the UI language; no language is in two groups, empty groups are left out. `recorded` keeps codes stored before (also ones outside the
 * named list) offered, so an edit never drops a language silently.
 */
export async function languageChoiceGroups(lng: string, recorded: readonly string[] = []): Promise<LanguageChoiceGroups> {
  const frequentCodes = await frequentLanguageCodes()
  const { all } = languageOptions(lng, recorded)
  // The groups depend on the sorted list (one array per UI language, unless a recorded code is
  // outside it) and the frequent codes (one array until the ten-minute recount) alone: packed once
  // per pair instead of on every view of a form (decision 054). A recount or another list is a new key.
  let byFrequent = groupCache.get(all)
  if (!byFrequent) groupCache.set(all, (byFrequent = new WeakMap()))
  let groups = byFrequent.get(frequentCodes)
  if (!groups) byFrequent.set(frequentCodes, (groups = buildGroups(all, frequentCodes)))
  return groups
}

const groupCache = new WeakMap<readonly Option[], WeakMap<readonly string[], LanguageChoiceGroups>>()

function buildGroups(all: readonly Option[], frequentCodes: readonly string[]): LanguageChoiceGroups {
  const byCode = new Map(all.map((option) => [option.value, option]))
  const pick = (codes: readonly string[]) => codes.map((code) => byCode.get(code)).filter((option): option is Option => option !== undefined)
  const first = pick(frequentCodes)
  const firstCodes = new Set(first.map((option) => option.value))
  const common = pick(COMMON_LANGUAGE_CODES.filter((code) => !firstCodes.has(code)))
  const shown = new Set([...firstCodes, ...common.map((option) => option.value)])
  const groups = [
    { key: 'frequent' as const, options: first, packed: first },
    { key: 'common' as const, options: common, packed: common },
    // The whole list: the page leaves out what the groups before it show (languageGroupOptions). It is
    // the same string as the privacy-information picker's list (languageChoices), held once in the
    // loader data of the master-data forms (decision 088).
    { key: 'others' as const, options: all.filter((option) => !shown.has(option.value)), packed: all },
  ]
  return groups.filter((group) => group.options.length > 0).map((group) => ({ key: group.key, options: packOptions(group.packed) }))
}

/** The server's check of posted codes: the message of LanguagesSchema, or undefined when all are known. */
export function languageCodeErrors(codes: readonly string[]): string[] | undefined {
  return codes.every(isLanguageCode) ? undefined : [UNKNOWN_LANGUAGE_ERROR]
}
