// Dates and numbers in the user's language (CONVENTIONS.md rule 9). Client-safe.
// Constructing an Intl formatter costs far more than using one, so each is built once per
// language and options and then reused (list pages format hundreds of cells).
const locales: Record<string, string> = { de: 'de-DE', en: 'en-GB' }
const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>()

function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, create: () => T): T {
  let formatter = cache.get(key) as T | undefined
  if (!formatter) {
    formatter = create()
    cache.set(key, formatter)
  }
  return formatter
}

const localeOf = (language: string) => locales[language] ?? 'de-DE'

// A list formats 50 rows' dates on every view, mostly of the same few days (≈ 3–5 µs per Intl call).
// Every instant of one UTC day is the same UTC day, and every instant of one UTC hour the same day in
// Germany: its offset from UTC has been whole hours since 1893 (+1, +2, in 1945–49 also +3) and
// changes only on a whole UTC hour (as `dayKey`, app/domain/referral-lifecycle.ts, tested there from
// 1850 to 2100). So each day's text is asked of Intl once per hour (or day) and language, and
// remembered: a pure function of the instant, never invalidated, emptied when full.
const GERMAN_WHOLE_HOUR_OFFSETS_FROM = Date.UTC(1894, 0, 1)
const HOUR_MS = 3_600_000
const DAY_MS = 86_400_000
const DAY_TEXTS_LIMIT = 4096
const dayTexts = new Map<string, Map<number, string>>()

function dayText(formatter: Intl.DateTimeFormat, memo: string, slot: number, date: Date) {
  let texts = dayTexts.get(memo)
  if (!texts) {
    texts = new Map()
    dayTexts.set(memo, texts)
  }
  let text = texts.get(slot)
  if (text === undefined) {
    if (texts.size >= DAY_TEXTS_LIMIT) texts.clear()
    text = formatter.format(date)
    texts.set(slot, text)
  }
  return text
}

export function formatDate(value: Date | string | null | undefined, language: string) {
  if (!value) return ''
  const formatter = cached(`date:${language}`, () => new Intl.DateTimeFormat(localeOf(language), { dateStyle: 'medium', timeZone: 'Europe/Berlin' }))
  const date = new Date(value)
  const instant = date.getTime()
  // before 1894 (and an invalid date, which Intl refuses as before): Intl every time
  if (!(instant >= GERMAN_WHOLE_HOUR_OFFSETS_FROM)) return formatter.format(date)
  return dayText(formatter, `date:${language}`, Math.floor(instant / HOUR_MS), date)
}

/**
 * A calendar date (decision 029: stored as UTC midnight of the day, or given as YYYY-MM-DD), shown
 * as that day whatever the zone of the server or the browser — never shifted to the day before or after.
 */
export function formatDay(value: Date | string | null | undefined, language: string) {
  if (!value) return ''
  const formatter = cached(`day:${language}`, () => new Intl.DateTimeFormat(localeOf(language), { dateStyle: 'medium', timeZone: 'UTC' }))
  const date = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(value)
  const instant = date.getTime()
  if (Number.isNaN(instant)) return formatter.format(date)
  return dayText(formatter, `day:${language}`, Math.floor(instant / DAY_MS), date)
}

export function formatDateTime(value: Date | string | null | undefined, language: string) {
  if (!value) return ''
  const formatter = cached(
    `datetime:${language}`,
    () => new Intl.DateTimeFormat(localeOf(language), { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' }),
  )
  return formatter.format(new Date(value))
}

/**
 * A date-and-time formatter with the language and options fixed (default: the date as
 * `formatDate`), for a page that formats many cells: built once per language and options for the
 * process, where a `new Intl.DateTimeFormat` in a component was built on every server render
 * (≈ 0.15–0.5 ms with a time zone, and native memory the process keeps).
 */
export function dateTimeFormatter(
  language: string,
  options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeZone: 'Europe/Berlin' },
) {
  const formatter = cached(`datetime-with:${language}:${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(localeOf(language), options))
  return (value: Date | string | number) => formatter.format(new Date(value))
}

const numberFormat = (language: string, options?: Intl.NumberFormatOptions) =>
  cached(`number:${language}:${JSON.stringify(options ?? {})}`, () => new Intl.NumberFormat(localeOf(language), options))

export function formatNumber(value: number, language: string, options?: Intl.NumberFormatOptions) {
  return numberFormat(language, options).format(value)
}

/**
 * `formatNumber` with the language and options fixed, for a table that formats hundreds of cells: the
 * formatter is looked up once, not once per cell (the look-up's key costs more than the formatting).
 */
export function numberFormatter(language: string, options?: Intl.NumberFormatOptions) {
  const formatter = numberFormat(language, options)
  return (value: number) => formatter.format(value)
}

type CatalogueLabels = { labelDe: string; labelEn: string }

/** A catalogue entry's label in the user's language (catalogues carry a German and an English label). */
export function catalogueLabel(entry: CatalogueLabels, language: string): string
export function catalogueLabel(entry: CatalogueLabels | null | undefined, language: string): string | null
export function catalogueLabel(entry: CatalogueLabels | null | undefined, language: string): string | null {
  if (!entry) return null
  return language === 'en' ? entry.labelEn : entry.labelDe
}
