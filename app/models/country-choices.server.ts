// Nationality and country-of-origin choices that know the likely answer (issue 16, decision 036):
// the organisation's own most frequent entries first, then the regional default list, then every
// country. The frequencies are two index-only GROUP BY queries over Client (≈ 10 ms each at
// 100,000 clients), cached per process for ten minutes: a ranking of the ten most frequent
// countries moves slowly, and a stale order for a few minutes costs nothing but one extra scroll.
// After expiry the old ranking is served while the new one is counted, so only the process's very
// first form waits for the count.
import { prisma } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { periodicCache } from '#app/utils/periodic-cache.ts'
import {
  countryName,
  countryOptions,
  DEFAULT_COMMON_COUNTRY_CODES,
  isCountryCode,
  type CountryChoiceGroups,
  type CountryChoices,
  type CountryField,
} from '#app/utils/iso.ts'
import { packOptions, type Option } from '#app/utils/options.ts'

export const FREQUENT_LIMIT = 10
/**
 * A country counts as frequent from this many clients on: in a small organisation, a list led by a
 * country one client comes from would tell every colleague something about that person.
 */
export const FREQUENT_MIN_CLIENTS = 5
export const FREQUENT_CACHE_MS = 10 * 60_000

type Frequent = Record<CountryField, string[]>

async function queryFrequent(): Promise<Frequent> {
  const [nationality, countryOfOrigin] = await Promise.all([
    prisma.$queryRaw<Array<{ code: string }>>`
      SELECT nationality AS code FROM Client WHERE nationality IS NOT NULL
      GROUP BY nationality HAVING COUNT(*) >= ${FREQUENT_MIN_CLIENTS}
      ORDER BY COUNT(*) DESC, nationality LIMIT ${FREQUENT_LIMIT}`,
    prisma.$queryRaw<Array<{ code: string }>>`
      SELECT countryOfOrigin AS code FROM Client WHERE countryOfOrigin IS NOT NULL
      GROUP BY countryOfOrigin HAVING COUNT(*) >= ${FREQUENT_MIN_CLIENTS}
      ORDER BY COUNT(*) DESC, countryOfOrigin LIMIT ${FREQUENT_LIMIT}`,
  ])
  return { nationality: nationality.map((row) => row.code), countryOfOrigin: countryOfOrigin.map((row) => row.code) }
}

const frequent = periodicCache(queryFrequent, FREQUENT_CACHE_MS)

/** The organisation's most frequent codes per field; one query pair per process every ten minutes. */
export function frequentCountryCodes(now = Date.now()): Promise<Frequent> {
  return frequent.get(now)
}

/** Forgets the cached frequencies (tests; a bulk import could call it). */
export function forgetFrequentCountries() {
  frequent.forget()
}

/** The regional default list: COMMON_COUNTRIES (comma-separated ISO codes) or the MV list. */
export function commonCountryCodes(): string[] {
  const configured = (getEnv().COMMON_COUNTRIES ?? '')
    .split(',')
    .map((code) => code.trim().toUpperCase())
    .filter((code) => isCountryCode(code))
  return configured.length > 0 ? configured : [...DEFAULT_COMMON_COUNTRY_CODES]
}

/** The groups for both country selects; `recorded` keeps a stored value offered (edit form). */
export async function countryChoices(
  language: string,
  recorded: Partial<Record<CountryField, string | null>> = {},
): Promise<CountryChoices> {
  const frequentCodes = await frequentCountryCodes()
  const common = commonCountryCodes()
  return {
    nationality: countryChoiceGroups(language, frequentCodes.nationality, common, recorded.nationality),
    countryOfOrigin: countryChoiceGroups(language, frequentCodes.countryOfOrigin, common, recorded.countryOfOrigin),
  }
}

// Loops in module-level functions, not callbacks made per call (issue 19, session 19): V8 drops the
// optimised code of a function created per request at every full collection and compiles it again.
function countryChoiceGroups(language: string, first: string[], common: string[], recorded: string | null | undefined): CountryChoiceGroups {
  const { frequent, common: commonOptions } = leadingGroups(language, first, common)
  return {
    frequent,
    common: commonOptions,
    // packOptions keeps one string per list, so the usual list (no stored territory) is packed once.
    all: packOptions(countryOptions(language, [recorded])),
  }
}

// Frozen at run time; typed as CountryChoiceGroups' lists, which no reader changes.
type LeadingGroups = { frequent: Option[]; common: Option[] }

// The frequent and the regional countries of one field, made once per ranking (decision 228): the ranking is
// one array per field until the ten-minute recount (`frequentCountryCodes`), so its groups are kept under that
// array — a recount is a new array and so new groups, the old ones go with the old array — and, per array, under
// the UI language and the regional list (COMMON_COUNTRIES, read on every call). The same arrays on every view
// let the option lists' markup be kept too (optionsHtml, keyed by the array), where each view built two new
// arrays per country select and their markup. Frozen: every request shares them.
const leadingGroupsKept = new WeakMap<readonly string[], Map<string, LeadingGroups>>()
const LEADING_GROUPS_KEPT = 8

function leadingGroups(language: string, first: string[], common: string[]): LeadingGroups {
  let byLanguage = leadingGroupsKept.get(first)
  if (byLanguage === undefined) leadingGroupsKept.set(first, (byLanguage = new Map()))
  const key = `${language}\u0000${common.join(',')}`
  let groups = byLanguage.get(key)
  if (groups === undefined) {
    const frequent: Option[] = []
    for (const code of first) frequent.push(Object.freeze({ value: code, label: countryName(code, language) }))
    const commonOptions: Option[] = []
    for (const code of common) if (!first.includes(code)) commonOptions.push(Object.freeze({ value: code, label: countryName(code, language) }))
    groups = { frequent: Object.freeze(frequent) as Option[], common: Object.freeze(commonOptions) as Option[] }
    if (byLanguage.size >= LEADING_GROUPS_KEPT) byLanguage.delete(byLanguage.keys().next().value!)
    byLanguage.set(key, groups)
  }
  return groups
}
