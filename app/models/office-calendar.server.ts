// R1 (docs/statistics.md): the German calendar day and year of stored values, in SQL. Calendar
// days are stored as UTC midnight (decision 029) and stay their own day under these rules;
// instants (openings, closures, status changes, transfers, programme changes) take the day and the
// year they had in Germany, as `officeDay` / `officeYear` (app/domain/follow-up.ts) give them in
// JavaScript. SQLite knows no time zones, so the rule of Europe/Berlin is written out: UTC+2 from
// 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October (EU summer
// time since 1996), UTC+1 otherwise. The property test compares both sides over random instants.
import { Prisma } from '#app/generated/prisma/client.ts'

/**
 * The stored form of midnight in Germany at the start of 1 January of `year` (CET, UTC+1, on every
 * 1 January): the first instant of the office's year. A calendar day of 31 December (stored at
 * 00:00 UTC) lies before it, one of 1 January after it, so one bound serves days and instants.
 */
export function officeYearStart(year: number) {
  return `${String(year - 1).padStart(4, '0')}-12-31T23:00:00.000+00:00`
}

/** The first day of `year` as a day string (for comparisons with `officeDaySql`). */
export function firstDayOf(year: number) {
  return `${String(year).padStart(4, '0')}-01-01`
}

/** 01:00 UTC on the last Sunday of the month before `nextMonth` ('04' or '11') of the value's UTC year. */
function summerTimeEdge(value: Prisma.Sql, nextMonth: '04' | '11') {
  return Prisma.sql`(date(substr(${value}, 1, 4) || '-${Prisma.raw(nextMonth)}-01', 'weekday 0', '-7 days') || 'T01:00:00.000+00:00')`
}

/** The German calendar day (YYYY-MM-DD) of a stored DateTime (an instant or a calendar day). */
export function officeDaySql(value: Prisma.Sql) {
  return Prisma.sql`date(${value}, CASE WHEN ${value} >= ${summerTimeEdge(value, '04')} AND ${value} < ${summerTimeEdge(value, '11')} THEN '+2 hours' ELSE '+1 hour' END)`
}

/**
 * The German calendar year (an integer) of a stored DateTime. Around the turn of the year Germany
 * is on UTC+1, so one hour decides it without the summer-time rule.
 */
export function officeYearSql(value: Prisma.Sql) {
  return Prisma.sql`CAST(strftime('%Y', ${value}, '+1 hour') AS INTEGER)`
}
