// Calendar days and follow-up (Wiedervorlage) buckets. Pure, client-safe, unit-tested.
//
// Decision 029: a calendar date the user picks (contact date, follow-up date, goal due date,
// absence from/until, consent validity, residence permit validity, …) is stored as UTC midnight of
// that day and read back as UTC (dayOf, formatDay) — never through the server's or the browser's
// zone. The day then reads the same everywhere, and its statistics year is the year of the day
// (R1; an instant's day and year are the German ones, app/models/office-calendar.server.ts). A period of days (an absence) stores its first and its last day, both inclusive.
// "Today" is the day in Germany, where the counsellors work — not the server's zone, which is
// usually UTC and would flip the day at 01:00 or 02:00.

import { HOUR_MS, rememberedPerPeriod } from '#app/utils/remembered-per-period.ts'

export const OFFICE_TIME_ZONE = 'Europe/Berlin'
const DAY_MS = 24 * 60 * 60 * 1000
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/

// Built once: a new Intl.DateTimeFormat with a time zone per call costs ≈ 45 µs and ≈ 27 kB of
// native memory the process never hands back (docs/performance.md, "Memory").
const officeDayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: OFFICE_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

function formatOfficeDay(now: Date): string {
  const parts = officeDayFormat.formatToParts(now)
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return `${part('year')}-${part('month')}-${part('day')}`
}

// "Today" is asked up to six times per case page or start page (access check, substitutions, the
// follow-up window; issue 19, session 11): remembered per UTC hour (app/utils/remembered-per-period.ts).
const officeDayOfHour = rememberedPerPeriod(formatOfficeDay, HOUR_MS)

/** The calendar day (YYYY-MM-DD) of an instant in the office's time zone. */
export function officeDay(now: Date): string {
  return officeDayOfHour(now)
}

/** The office's calendar year of an instant: from 00:00 to 01:00 on 1 January the UTC year is still the last one. */
export function officeYear(now: Date): number {
  return Number(officeDay(now).slice(0, 4))
}

/** Parses YYYY-MM-DD strictly (no 31 February) to UTC midnight; null when it is not a real day. */
export function parseDay(value: string): Date | null {
  const match = DAY_PATTERN.exec(value)
  if (!match) return null
  const [, year, month, day] = match.map(Number) as [number, number, number, number]
  const date = new Date(Date.UTC(year, month - 1, day))
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return null
  if (year < 1900 || year > 2200) return null
  return date
}

/** The stored form of a day back to YYYY-MM-DD (for date inputs). */
export function dayOf(date: Date | string): string {
  return new Date(date).toISOString().slice(0, 10)
}

export function addDays(day: string, days: number): string {
  const date = parseDay(day)
  if (!date) throw new Error(`Not a day: ${day}`)
  return dayOf(new Date(date.getTime() + days * DAY_MS))
}

/** Whole calendar days from one day to another (negative when `to` lies before `from`). */
export function daysBetween(from: string, to: string): number {
  const start = parseDay(from)
  const end = parseDay(to)
  if (!start || !end) throw new Error(`Not a day: ${from} / ${to}`)
  return Math.round((end.getTime() - start.getTime()) / DAY_MS)
}

/**
 * Calendar days since an instant, counted in the office's days: something that happened at 23:50
 * yesterday is "seit gestern" at 00:10, not "seit 0 Tagen". Never negative.
 */
export function calendarDaysSince(instant: Date | string, now: Date = new Date()): number {
  return Math.max(0, daysBetween(officeDay(new Date(instant)), officeDay(now)))
}

/** Today in the office, as a day string and as the stored value. */
export function today(now: Date = new Date()) {
  const day = officeDay(now)
  return { day, date: parseDay(day)! }
}

/** How far ahead the start page looks. */
export const UPCOMING_DAYS = 7

export type FollowUpBucket = 'overdue' | 'today' | 'upcoming'

/**
 * Which list of the start page a due day belongs to, or null when it is further ahead. A list
 * passes the window's last day, computed once (`addDays` per row was ≈ 0.3 ms of a busy start page).
 */
export function bucketOf(dueDay: string, todayDay: string, lastUpcomingDay = addDays(todayDay, UPCOMING_DAYS)): FollowUpBucket | null {
  if (dueDay < todayDay) return 'overdue'
  if (dueDay === todayDay) return 'today'
  if (dueDay <= lastUpcomingDay) return 'upcoming'
  return null
}

/** The groups of the page of all one's open follow-ups (/follow-ups, decision 199): the start page's and what lies further ahead. */
export const FOLLOW_UP_PAGE_BUCKETS = ['overdue', 'today', 'upcoming', 'later'] as const
export type FollowUpPageBucket = (typeof FOLLOW_UP_PAGE_BUCKETS)[number]

/** A `due` filter of /follow-ups (`?due=overdue`), or null for all of them. */
export function followUpPageBucketOf(value: string | null): FollowUpPageBucket | null {
  return (FOLLOW_UP_PAGE_BUCKETS as readonly string[]).includes(value ?? '') ? (value as FollowUpPageBucket) : null
}

export function groupFollowUps<T extends { dueDate: Date | string }>(items: T[], now: Date) {
  const todayDay = officeDay(now)
  const lastUpcomingDay = addDays(todayDay, UPCOMING_DAYS)
  const groups: Record<FollowUpBucket, T[]> = { overdue: [], today: [], upcoming: [] }
  for (const item of items) {
    const bucket = bucketOf(dayOf(item.dueDate), todayDay, lastUpcomingDay)
    if (bucket) groups[bucket].push(item)
  }
  return groups
}

/** The last stored due date the start page shows (end of the upcoming window). */
export function upcomingWindowEnd(now: Date): Date {
  return parseDay(addDays(officeDay(now), UPCOMING_DAYS))!
}

/** Contacts and anonymous inquiries may be dated at most one day ahead (late entries after midnight). */
export function latestAllowedContactDay(now: Date = new Date()): string {
  return addDays(officeDay(now), 1)
}
