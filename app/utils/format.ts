// Dates and numbers in the user's language (CONVENTIONS.md rule 9). Client-safe.
// Constructing an Intl formatter costs far more than using one, so each is built once per
// language and options and then reused (list pages format hundreds of cells).
import { DAY_MS, GERMAN_WHOLE_HOURS_FROM, HOUR_MS, rememberedPerPeriod } from './remembered-per-period.ts'

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

// A list formats 50 rows' dates on every view, mostly of the same few days (≈ 3–5 µs per Intl call):
// each day's text is asked of Intl once per UTC hour (a German day) or UTC day (a calendar date) and
// language, and remembered (app/utils/remembered-per-period.ts).
const rememberedTexts = new Map<string, (date: Date) => string>()

function rememberedText(key: string, formatter: Intl.DateTimeFormat, periodMs: number, from?: number) {
  let text = rememberedTexts.get(key)
  if (!text) {
    text = rememberedPerPeriod((date) => formatter.format(date), periodMs, from)
    rememberedTexts.set(key, text)
  }
  return text
}

const germanDays = new Map<string, (date: Date) => string>()

// Per language the remembered texts found once (no keys built per call: a list formats 50 dates a view)
function germanDay(language: string) {
  let text = germanDays.get(language)
  if (!text) {
    text = rememberedText(
      `date:${language}`,
      cached(`date:${language}`, () => new Intl.DateTimeFormat(localeOf(language), { dateStyle: 'medium', timeZone: 'Europe/Berlin' })),
      HOUR_MS,
    )
    germanDays.set(language, text)
  }
  return text
}

export function formatDate(value: Date | string | null | undefined, language: string) {
  if (!value) return ''
  // before 1894 (and an invalid date, which Intl refuses as before): Intl every time. A Date is read, not
  // changed: used as it is, not copied.
  return germanDay(language)(value instanceof Date ? value : new Date(value))
}

const dateFormatters = new Map<string, (value: Date | string | number) => string>()

/**
 * `formatDate` with the language fixed, for a list that formats many cells: the same text as
 * `dateTimeFormatter(language)` (the date in Germany), each UTC hour's text asked of Intl once and
 * remembered. The case list asked Intl for each of its 75 dates a view (≈ 0.15 ms, session 25).
 */
export function dateFormatter(language: string) {
  let format = dateFormatters.get(language)
  if (!format) {
    // a bound module-level function, not a closure made per call (decision 137)
    format = formatRemembered.bind(germanDay(language)) as (value: Date | string | number) => string
    dateFormatters.set(language, format)
  }
  return format
}

function formatRemembered(this: (date: Date) => string, value: Date | string | number) {
  return this(new Date(value))
}

/**
 * A calendar date (decision 029: stored as UTC midnight of the day, or given as YYYY-MM-DD), shown
 * as that day whatever the zone of the server or the browser — never shifted to the day before or after.
 */
export function formatDay(value: Date | string | null | undefined, language: string) {
  if (!value) return ''
  const formatter = cached(`day:${language}`, () => new Intl.DateTimeFormat(localeOf(language), { dateStyle: 'medium', timeZone: 'UTC' }))
  const date = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(value)
  // every instant of a UTC day is that day (an invalid date is refused by Intl as before)
  return rememberedText(`day:${language}`, formatter, DAY_MS, -Infinity)(date)
}

export function formatDateTime(value: Date | string | null | undefined, language: string) {
  if (!value) return ''
  const formatter = cached(
    `datetime:${language}`,
    () => new Intl.DateTimeFormat(localeOf(language), { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' }),
  )
  const date = new Date(value)
  const hour = rememberedHours(`datetime:${language}`, formatter)(date)
  return hour === null ? formatter.format(date) : hour[0] + twoDigits[minuteOf(date.getTime())] + hour[1]
}

// The case file's timeline shows 50 instants a view, each its own minute (≈ 5 µs per Intl call): every
// instant of one UTC hour is the same German text but for its minute (Germany's offset is whole hours,
// remembered-per-period.ts), so each hour's text is asked of Intl once, as the texts before and after its
// minute, and an instant's text is those two with its minute between. An hour whose answer does not have
// exactly one minute, the instant's own, written with two digits (or has seconds) is left to Intl.
type HourAroundMinute = readonly [before: string, after: string] | null
const rememberedHourTexts = new Map<string, (date: Date) => HourAroundMinute>()
const twoDigits = Array.from({ length: 60 }, (_, minute) => String(minute).padStart(2, '0'))
const MINUTE_MS = 60_000
const minuteOf = (instant: number) => ((Math.floor(instant / 60_000) % 60) + 60) % 60

function rememberedHours(key: string, formatter: Intl.DateTimeFormat) {
  let hours = rememberedHourTexts.get(key)
  if (!hours) {
    hours = rememberedPerPeriod((date) => hourAroundMinute(formatter, date), HOUR_MS)
    rememberedHourTexts.set(key, hours)
  }
  return hours
}

function hourAroundMinute(formatter: Intl.DateTimeFormat, date: Date): HourAroundMinute {
  return textAround(formatter, date, 'minute', minuteOf, ['second', 'fractionalSecond'])
}

/**
 * The formatter's text of the instant as the texts before and after its `unit` (minute or second), or null
 * where that does not hold: before 1894 (Berlin's local mean time) and an invalid date (Intl for every
 * instant, as before), an answer without exactly one such part that is the instant's own with two digits,
 * or with a finer part.
 */
function textAround(
  formatter: Intl.DateTimeFormat,
  date: Date,
  unit: 'minute' | 'second',
  unitOf: (instant: number) => number,
  finer: readonly Intl.DateTimeFormatPartTypes[],
): readonly [before: string, after: string] | null {
  const instant = date.getTime()
  if (!(instant >= GERMAN_WHOLE_HOURS_FROM)) return null
  const parts = formatter.formatToParts(date)
  const own = parts.filter((part) => part.type === unit)
  if (own.length !== 1 || own[0]!.value !== twoDigits[unitOf(instant)]) return null
  if (parts.some((part) => finer.includes(part.type))) return null
  const at = parts.indexOf(own[0]!)
  const text = (list: Intl.DateTimeFormatPart[]) => list.map((part) => part.value).join('')
  return [text(parts.slice(0, at)), text(parts.slice(at + 1))]
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
  // bound module-level functions, not closures made per call: those lose V8's optimised code at each
  // full collection (decision 137)
  return formatAsDate.bind(formatter) as (value: Date | string | number) => string
}

function formatAsDate(this: Intl.DateTimeFormat, value: Date | string | number) {
  return this.format(new Date(value))
}

// The audit log shows 50 instants a view with their seconds (≈ 7 µs per Intl call, 0.3 ms a view): every
// instant of one UTC minute is the same German text but for its second (Germany's offset is whole hours,
// remembered-per-period.ts), so each minute's text is asked of Intl once, as the texts before and after its
// second, and an instant's text is those two with its second between (as `formatDateTime` does for an hour
// around its minute). A minute whose answer does not have exactly one second, the instant's own, written with
// two digits (or has a fraction of a second) is left to Intl, as are instants before 1894 and invalid dates.
type MinuteAroundSecond = readonly [before: string, after: string] | null
type SecondsFormat = { formatter: Intl.DateTimeFormat; minutes: (date: Date) => MinuteAroundSecond }
const secondsFormatters = new Map<string, (value: Date | string | number) => string>()
const secondOf = (instant: number) => ((Math.floor(instant / 1000) % 60) + 60) % 60

/**
 * `dateTimeFormatter(language, { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'Europe/Berlin' })`
 * (the date and the time with seconds in Germany), each minute's text remembered.
 */
export function dateTimeWithSecondsFormatter(language: string) {
  let format = secondsFormatters.get(language)
  if (!format) {
    const formatter = cached(`datetime-seconds:${language}`, () => new Intl.DateTimeFormat(localeOf(language), { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'Europe/Berlin' }))
    const minutes = rememberedPerPeriod((date) => minuteAroundSecond(formatter, date), MINUTE_MS)
    format = formatWithSeconds.bind({ formatter, minutes }) as (value: Date | string | number) => string
    secondsFormatters.set(language, format)
  }
  return format
}

function formatWithSeconds(this: SecondsFormat, value: Date | string | number) {
  const date = new Date(value)
  const minute = this.minutes(date)
  return minute === null ? this.formatter.format(date) : minute[0] + twoDigits[secondOf(date.getTime())] + minute[1]
}

function minuteAroundSecond(formatter: Intl.DateTimeFormat, date: Date): MinuteAroundSecond {
  return textAround(formatter, date, 'second', secondOf, ['fractionalSecond'])
}

const numberFormat = (language: string, options?: Intl.NumberFormatOptions) =>
  cached(`number:${language}:${JSON.stringify(options ?? {})}`, () => new Intl.NumberFormat(localeOf(language), options))

export function formatNumber(value: number, language: string, options?: Intl.NumberFormatOptions) {
  return numberFormat(language, options).format(value)
}

/**
 * `formatNumber` with the language and options fixed, for a table that formats hundreds of cells: the
 * formatter is looked up once, not once per cell (the look-up's key costs more than the formatting).
 * Without options a whole number is written by `formatAsInteger` (below), every other value by Intl.
 */
export function numberFormatter(language: string, options?: Intl.NumberFormatOptions) {
  const integers = options === undefined ? integerFormat(language) : null
  if (integers) return formatAsInteger.bind(integers) as (value: number) => string
  return formatAsNumber.bind(numberFormat(language, options)) as (value: number) => string
}

function formatAsNumber(this: Intl.NumberFormat, value: number) {
  return this.format(value)
}

// The language mediation overview and /team format ≈ 100–200 whole numbers a view, ≈ 0.7 µs per Intl call
// (≈ 0.14 ms a view, session 25). A whole number in the plain format is its decimal digits, grouped by three
// with the language's separator, after the language's minus sign: both read from Intl once, and the written
// text compared with Intl's for a set of probes before it is used (a language whose numbers differ in any
// probe — other digits, grouping from five digits on — keeps Intl). Beyond the safe integers, and for -0
// (Intl writes "-0"), Intl as before. Tested against Intl in both languages (format.test.ts).
type IntegerFormat = { formatter: Intl.NumberFormat; group: string; minus: string }
const integerFormats = new Map<string, IntegerFormat | null>()
const INTEGER_PROBES = [0, 7, -7, 42, 999, -999, 1000, -1000, 1234, 9999, 10000, 12345, 99999, 100000, 1234567, -1234567, 9007199254740991]

function integerFormat(language: string) {
  let format = integerFormats.get(language)
  if (format === undefined) {
    const formatter = numberFormat(language)
    const parts = formatter.formatToParts(-1234567)
    const group = parts.find((part) => part.type === 'group')?.value
    const minus = parts[0]?.type === 'minusSign' ? parts[0].value : undefined
    format = group === undefined || minus === undefined ? null : { formatter, group, minus }
    if (format && INTEGER_PROBES.some((probe) => formatAsInteger.call(format!, probe) !== formatter.format(probe))) format = null
    integerFormats.set(language, format)
  }
  return format
}

function formatAsInteger(this: IntegerFormat, value: number) {
  if (!Number.isSafeInteger(value) || Object.is(value, -0)) return this.formatter.format(value)
  const digits = String(value < 0 ? -value : value)
  let end = digits.length % 3 || 3
  let text = digits.slice(0, end)
  for (; end < digits.length; end += 3) text += this.group + digits.slice(end, end + 3)
  return value < 0 ? this.minus + text : text
}

// The language mediation overview writes ≈ 60 figure rows a view, each with hours (whole minutes ÷ 60, one or
// two decimals) and a cost in euros (whole cents): ≈ 0.8 µs per Intl call, ≈ 0.1 ms a view (session 27). Both are
// a whole number of hundredths, written here as its digits with the language's group and decimal separators
// (and the currency's text around them) read from Intl once, and compared with Intl's text for a set of probes
// before they are used; a language whose text differs in any probe keeps Intl, as do values that are not
// non-negative safe integers up to 10¹³, and -0 (Intl writes "-0,0"). Tested against Intl over every value up
// to 100,000 and samples beyond (fixed-decimals.test.ts).
type FixedDecimals = { group: string; decimal: string; before: string; after: string }

const HOURS_OPTIONS: Intl.NumberFormatOptions = { minimumFractionDigits: 1, maximumFractionDigits: 2 }
// Up to 10¹³ minutes the quotient minutes × 5 ÷ 3 is exact enough to round as Intl rounds minutes ÷ 60.
const MAX_MINUTES = 1e13
const MINUTES_PROBES = [0, 1, 5, 6, 7, 30, 59, 60, 61, 90, 599, 600, 601, 5999, 6000, 59999, 60000, 599999, 6000000, 123456789, MAX_MINUTES]
// Up to 10¹³ cents the double nearest cents ÷ 100 rounds back to the same two decimals in Intl.
const MAX_CENTS = 1e13
const CENTS_PROBES = [0, 1, 9, 10, 99, 100, 101, 12345, 99999, 100000, 100001, 123456789, MAX_CENTS - 1, MAX_CENTS]
const hoursFormats = new Map<string, FixedDecimals | null>()
const centsFormats = new Map<string, FixedDecimals | null>()

/** The separators and the text around the number of a formatter's output for a number with a group and decimals. */
function fixedDecimalsOf(formatter: Intl.NumberFormat): FixedDecimals | null {
  const parts = formatter.formatToParts(1234567.89)
  const first = parts.findIndex((part) => part.type === 'integer')
  const last = parts.findIndex((part) => part.type === 'fraction')
  const group = parts.find((part) => part.type === 'group')?.value
  const decimal = parts.find((part) => part.type === 'decimal')?.value
  if (first === -1 || last === -1 || group === undefined || decimal === undefined) return null
  const text = (from: number, to: number) => parts.slice(from, to).map((part) => part.value).join('')
  return { group, decimal, before: text(0, first), after: text(last + 1, parts.length) }
}

function groupedDigits(value: number, group: string) {
  const digits = String(value)
  let end = digits.length % 3 || 3
  let text = digits.slice(0, end)
  for (; end < digits.length; end += 3) text += group + digits.slice(end, end + 3)
  return text
}

function hoursText(format: FixedDecimals, minutes: number) {
  // minutes × 100 ÷ 60 hundredths of an hour: never exactly half-way (minutes × 10 mod 6 is even), so rounding
  // the quotient gives Intl's rounding of minutes / 60 to two decimals
  const hundredths = Math.round((minutes * 5) / 3)
  const rest = hundredths % 100
  const fraction = rest % 10 === 0 ? String(rest / 10) : rest < 10 ? `0${rest}` : String(rest)
  return format.before + groupedDigits(Math.floor(hundredths / 100), format.group) + format.decimal + fraction + format.after
}

function centsText(format: FixedDecimals, cents: number) {
  const rest = cents % 100
  return format.before + groupedDigits(Math.floor(cents / 100), format.group) + format.decimal + (rest < 10 ? `0${rest}` : String(rest)) + format.after
}

function checked(cache: Map<string, FixedDecimals | null>, key: string, formatter: Intl.NumberFormat, write: (format: FixedDecimals, value: number) => string, expected: (value: number) => string, probes: number[]) {
  let format = cache.get(key)
  if (format === undefined) {
    format = fixedDecimalsOf(formatter)
    if (format && probes.some((probe) => write(format!, probe) !== expected(probe))) format = null
    cache.set(key, format)
  }
  return format
}

// Module-level functions bound per language, not closures made per call (decision 137), as numberFormatter's.
type Fixed = { format: FixedDecimals; formatter: Intl.NumberFormat }

function formatHoursOfMinutes(this: Fixed, minutes: number) {
  return Number.isSafeInteger(minutes) && minutes >= 0 && minutes <= MAX_MINUTES && !Object.is(minutes, -0) ? hoursText(this.format, minutes) : this.formatter.format(minutes / 60)
}

function formatCentsAsEuros(this: Fixed, cents: number) {
  return Number.isSafeInteger(cents) && cents >= 0 && cents <= MAX_CENTS && !Object.is(cents, -0) ? centsText(this.format, cents) : this.formatter.format(cents / 100)
}

function formatIntlHours(this: Intl.NumberFormat, minutes: number) {
  return this.format(minutes / 60)
}

function formatIntlCents(this: Intl.NumberFormat, cents: number) {
  return this.format(cents / 100)
}

/** Whole minutes as hours with one or two decimals: `numberFormatter(language, { minimumFractionDigits: 1, maximumFractionDigits: 2 })` of minutes ÷ 60. */
export function hoursOfMinutesFormatter(language: string): (minutes: number) => string {
  const formatter = numberFormat(language, HOURS_OPTIONS)
  const format = checked(hoursFormats, language, formatter, hoursText, formatIntlHours.bind(formatter), MINUTES_PROBES)
  return format === null ? formatIntlHours.bind(formatter) : formatHoursOfMinutes.bind({ format, formatter })
}

/**
 * Whole cents in euros as `new Intl.NumberFormat(language, { style: 'currency', currency: 'EUR' })` writes
 * them (formatCents in app/domain/money.ts: the same options, the language not mapped to a locale).
 */
export function centsFormatter(language: string): (cents: number) => string {
  const formatter = cached(`currency:EUR:${language}`, () => new Intl.NumberFormat(language, { style: 'currency', currency: 'EUR' }))
  const format = checked(centsFormats, language, formatter, centsText, formatIntlCents.bind(formatter), CENTS_PROBES)
  return format === null ? formatIntlCents.bind(formatter) : formatCentsAsEuros.bind({ format, formatter })
}

/** For tests: whether hours and euros are written from their digits for the language (not by Intl), once asked for. */
export const ownDigitsFor = (language: string) => ({ hours: Boolean(hoursFormats.get(language)), cents: Boolean(centsFormats.get(language)) })

type CatalogueLabels = { labelDe: string; labelEn: string }

/** A catalogue entry's label in the user's language (catalogues carry a German and an English label). */
export function catalogueLabel(entry: CatalogueLabels, language: string): string
export function catalogueLabel(entry: CatalogueLabels | null | undefined, language: string): string | null
export function catalogueLabel(entry: CatalogueLabels | null | undefined, language: string): string | null {
  if (!entry) return null
  return language === 'en' ? entry.labelEn : entry.labelDe
}
