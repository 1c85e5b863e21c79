// Storage limitation (GDPR Art. 5(1)(e), PRODUCT.md §6): closed cases are anonymised a configurable
// number of years after the end of the year in which they were closed — and only once every year
// they count in for the statistics is frozen (PRODUCT.md §9). Pure rules, no I/O.
import { officeYear } from '#app/domain/follow-up.ts'

export const RETENTION_DEFAULT_YEARS = 3
export const RETENTION_MIN_YEARS = 1
export const RETENTION_MAX_YEARS = 30
export const RETENTION_SETTING_KEY = 'retention.years'

export const PRIVACY_REGIMES = ['GDPR_BDSG', 'KDG', 'DSG_EKD'] as const
export type PrivacyRegime = (typeof PRIVACY_REGIMES)[number]
export const PRIVACY_REGIME_SETTING_KEY = 'privacy.regime'

/** A stored setting as a valid period; anything unreadable or too short falls back safely. */
export function parseRetentionYears(value: string | null | undefined): number {
  const years = value?.trim() ? Number(value) : Number.NaN
  if (!Number.isInteger(years)) return RETENTION_DEFAULT_YEARS
  return Math.min(RETENTION_MAX_YEARS, Math.max(RETENTION_MIN_YEARS, years))
}

export function parsePrivacyRegime(value: string | null | undefined): PrivacyRegime {
  return (PRIVACY_REGIMES as readonly string[]).includes(value ?? '') ? (value as PrivacyRegime) : 'GDPR_BDSG'
}

// Built once (a formatter with a time zone per call leaks native memory, docs/performance.md "Memory").
const berlinYearFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', year: 'numeric' })

/** The calendar year of an instant in Germany (a case closed on 31 Dec at 23:30 belongs to that year). */
export function berlinYear(instant: Date): number {
  return Number(berlinYearFormat.format(instant))
}

/**
 * The latest closure year that has expired on `now`: a case closed in year Y is kept until the end
 * of Y + N, so it expires on 1 January of Y + N + 1.
 */
export function latestExpiredClosureYear(now: Date, years: number): number {
  return berlinYear(now) - parseRetentionYears(String(years)) - 1
}

export type RetentionCase = { status: string; closedAt: Date | null }

export function isCaseExpired(kase: RetentionCase, now: Date, years: number): boolean {
  if (kase.status !== 'CLOSED' || !kase.closedAt) return false
  return berlinYear(kase.closedAt) <= latestExpiredClosureYear(now, years)
}

/**
 * A client is anonymised only when every one of their cases has expired: an open or recently
 * closed case keeps the whole person, because the cases share the client's master data.
 */
export function isClientExpired(cases: readonly RetentionCase[], now: Date, years: number): boolean {
  return cases.length > 0 && cases.every((kase) => isCaseExpired(kase, now, years))
}

/**
 * The reporting years (docs/statistics.md R1: calendar years in German time) a client still needs frozen
 * before anonymisation: every year one of their cases counts in (R2) that has no frozen snapshot.
 * Anonymisation coarsens the birth year, so in a year computed live the person could move to
 * another age band; a frozen year serves its snapshot and cannot change (decision 016).
 */
export function yearsToFreeze(countedYears: Iterable<number>, frozenYears: ReadonlySet<number>): number[] {
  return [...new Set(countedYears)].filter((year) => !frozenYears.has(year)).sort((a, b) => a - b)
}

/** Only a finished reporting year can be frozen (docs/statistics.md §10). */
export function isFinishedYear(year: number, now: Date): boolean {
  return year < officeYear(now)
}

export type HeldBackClient = { clientId: string; cases: number; missingYears: readonly number[] }

/**
 * The dry run's account of the clients held back: grouped by the set of years they still need
 * (so the administrator sees which freeze releases whom), and per year how many clients and cases
 * wait for it. Sorted by year, earliest first.
 */
export function summariseHeldBack(heldBack: readonly HeldBackClient[], now: Date) {
  const groups = new Map<string, { years: number[]; clients: number; cases: number }>()
  const perYear = new Map<number, { year: number; clients: number; cases: number; finished: boolean }>()
  for (const client of heldBack) {
    const key = client.missingYears.join(',')
    const group = groups.get(key) ?? { years: [...client.missingYears], clients: 0, cases: 0 }
    group.clients += 1
    group.cases += client.cases
    groups.set(key, group)
    for (const year of client.missingYears) {
      const entry = perYear.get(year) ?? { year, clients: 0, cases: 0, finished: isFinishedYear(year, now) }
      entry.clients += 1
      entry.cases += client.cases
      perYear.set(year, entry)
    }
  }
  const byYears = (a: { years: number[] }, b: { years: number[] }) => a.years.join(',').localeCompare(b.years.join(','), 'en', { numeric: true })
  return {
    clients: heldBack.length,
    cases: heldBack.reduce((sum, client) => sum + client.cases, 0),
    groups: [...groups.values()].sort(byYears),
    years: [...perYear.values()].sort((a, b) => a.year - b.year),
  }
}

/** Birth year coarsened to the start of its five-year band (1987 → 1985). */
export function coarsenBirthYear(year: number): number {
  return year - (((year % 5) + 5) % 5)
}

// Crockford base32 without the check character: the ANON- prefix already makes the code
// impossible to confuse with a real pseudonym code.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

export function anonymousCode(random: (bytes: Uint8Array) => Uint8Array = (bytes) => crypto.getRandomValues(bytes)): string {
  const bytes = random(new Uint8Array(12))
  return `ANON-${[...bytes].map((byte) => ALPHABET[byte % 32]).join('')}`
}
