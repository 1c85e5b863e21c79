// Workload per counsellor for the team lead (PRODUCT.md §4 workflow 5). Pure: the model layer
// aggregates in SQL, this turns the aggregates into rows, totals and an order.

import { officeDay } from './follow-up.ts'

export type WorkloadFigures = {
  openCases: number // cases not closed, assigned to the counsellor
  activeCaseManagement: number // ACTIVE cases of kind CASE_MANAGEMENT
  contacts30d: number // contacts the counsellor recorded in the last 30 days
  minutes30d: number // their duration
  overdueFollowUps: number // open follow-ups assigned to the counsellor, due before today
  openReferrals: number // referrals of their cases not yet in a final state
}

export type Counsellor = { id: string; displayName: string; languages: string[]; absentUntil: Date | null }
export type WorkloadRow = Counsellor & WorkloadFigures & { hours30d: number }

export const WORKLOAD_SORT_KEYS = ['name', 'openCases', 'activeCaseManagement', 'contacts30d', 'hours30d', 'overdueFollowUps', 'openReferrals'] as const
export type WorkloadSortKey = (typeof WORKLOAD_SORT_KEYS)[number]

const empty: WorkloadFigures = { openCases: 0, activeCaseManagement: 0, contacts30d: 0, minutes30d: 0, overdueFollowUps: 0, openReferrals: 0 }

/** Hours rounded to one decimal, as team leads read them. */
export function minutesToHours(minutes: number) {
  return Math.round((minutes / 60) * 10) / 10
}

// `a.localeCompare(b, 'de')` makes a collator for every comparison (≈ 7 µs each, ≈ 140 per sort of
// 28 people); one collator compares the same way (ECMA-402: localeCompare with a locale is
// `new Intl.Collator(locale).compare`).
const byGermanName = new Intl.Collator('de').compare

// Every function a page calls per row or per comparison is a module-level one (session 19): V8 keeps a
// function's optimised code only while a function object holds it, so a callback made per call (an
// arrow given to `map`, `sort` or `reduce` inside a function) loses its optimised code at each full
// garbage collection and is compiled again (≈ 4 ms of a compiler thread each time).

type RowOrder = (a: WorkloadRow, b: WorkloadRow) => number

/** The workload's order by `sort`, ascending (`factor` 1) or descending (−1); equal rows by name. */
function rowOrder(sort: WorkloadSortKey, factor: 1 | -1): RowOrder {
  return (a, b) => {
    const primary = sort === 'name' ? byGermanName(a.displayName, b.displayName) : a[sort] - b[sort]
    return primary * factor || byGermanName(a.displayName, b.displayName)
  }
}

// Each order made once for the module, on its first use (a sort key in one direction).
const rowOrders = new Map<string, RowOrder>()
function rowOrderOf(sort: WorkloadSortKey, direction: 'asc' | 'desc') {
  const factor = direction === 'asc' ? 1 : -1
  const key = `${sort} ${factor}`
  let order = rowOrders.get(key)
  if (order === undefined) rowOrders.set(key, (order = rowOrder(sort, factor)))
  return order
}

export function buildWorkload(
  counsellors: Counsellor[],
  figures: Map<string, Partial<WorkloadFigures>>,
  sort: WorkloadSortKey = 'name',
  direction: 'asc' | 'desc' = 'asc',
): { rows: WorkloadRow[]; total: WorkloadFigures & { hours30d: number } } {
  // Written out, in the order the spreads `{ ...counsellor, ...empty, ...figures, hours30d }` gave:
  // two spreads per person allocated ≈ 2.8 kB each (session 15's allocation profile).
  const rows: WorkloadRow[] = []
  for (const { id, displayName, languages, absentUntil } of counsellors) {
    const own = figures.get(id)
    const minutes30d = own?.minutes30d ?? empty.minutes30d
    rows.push({
      id,
      displayName,
      languages,
      absentUntil,
      openCases: own?.openCases ?? empty.openCases,
      activeCaseManagement: own?.activeCaseManagement ?? empty.activeCaseManagement,
      contacts30d: own?.contacts30d ?? empty.contacts30d,
      minutes30d,
      overdueFollowUps: own?.overdueFollowUps ?? empty.overdueFollowUps,
      openReferrals: own?.openReferrals ?? empty.openReferrals,
      hours30d: minutesToHours(minutes30d),
    })
  }
  rows.sort(rowOrderOf(sort, direction))
  // Each total added up in the rows' order from 0, as a `reduce` per figure did.
  let openCases = 0
  let activeCaseManagement = 0
  let contacts30d = 0
  let minutes30d = 0
  let overdueFollowUps = 0
  let openReferrals = 0
  for (const row of rows) {
    openCases += row.openCases
    activeCaseManagement += row.activeCaseManagement
    contacts30d += row.contacts30d
    minutes30d += row.minutes30d
    overdueFollowUps += row.overdueFollowUps
    openReferrals += row.openReferrals
  }
  return {
    rows,
    total: { openCases, activeCaseManagement, contacts30d, minutes30d, overdueFollowUps, openReferrals, hours30d: minutesToHours(minutes30d) },
  }
}

/**
 * Calendar days a case has waited in the queue: since it was transferred in, else since it was
 * opened. Office days (decision 029): a case from 23:50 yesterday has waited since yesterday.
 * A list passes today's office day once (`todayDay`): the day of an instant costs an Intl call.
 */
export function waitingDays(openedAt: Date, transferredInAt: Date | null, now = new Date(), todayDay = officeDay(now)) {
  const since = transferredInAt && transferredInAt > openedAt ? transferredInAt : openedAt
  return Math.max(0, dayNumber(todayDay) - dayNumber(officeDay(since)))
}

/**
 * A day (YYYY-MM-DD, as `officeDay` writes it) as a count of days since 1970-01-01: the difference of
 * two is `daysBetween` of the two, without its strict parsing of both days per case (a regular
 * expression, a Date and its three checks each: ≈ 0.1 ms of /team's queue, session 25). The days
 * given here are `officeDay`'s own, never a person's input.
 */
function dayNumber(day: string) {
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / DAY_MS
}

const DAY_MS = 86_400_000

export type QueuedCase = { openedAt: Date; transferredInAt: Date | null }

/**
 * The `limit` cases of a queue that have waited longest, with their waiting days: exactly the first
 * `limit` of the queue (given in the order of opening) sorted stably by `waitingDays`, longest first —
 * equal waits keep the order of opening. Only the cases that can make the page have their office day
 * computed (an Intl call each, ≈ 4 µs; /team's queue gives the page's cases and their ties, or the
 * whole queue when its 50th case began to wait under 26 hours ago): the cases are walked from the
 * earliest start of their wait, and a case's office day — so its waiting days — never comes before an
 * earlier instant's (German days turn at midnight, clock changes happen at night), so once `limit`
 * cases are taken, the first case that has waited less than the last of them ends the walk: no later
 * one can rank before it.
 */
export function longestWaiting<Row extends QueuedCase>(queue: Row[], limit: number, now = new Date(), todayDay = officeDay(now)) {
  const bySince: Array<Waiting<Row>> = []
  for (let position = 0; position < queue.length; position++) {
    const row = queue[position]!
    bySince.push({ row, position, since: (row.transferredInAt && row.transferredInAt > row.openedAt ? row.transferredInAt : row.openedAt).getTime(), waitingDays: 0 })
  }
  bySince.sort(bySinceThenPosition)
  const taken: Array<Waiting<Row>> = []
  let fewestTaken = Infinity
  for (const entry of bySince) {
    const days = waitingDays(entry.row.openedAt, entry.row.transferredInAt, now, todayDay)
    if (taken.length >= limit && days < fewestTaken) break
    entry.waitingDays = days
    taken.push(entry)
    if (taken.length <= limit) fewestTaken = Math.min(fewestTaken, days)
  }
  taken.sort(byWaitThenPosition)
  const longest: Array<{ row: Row; waitingDays: number }> = []
  for (let index = 0; index < taken.length && index < limit; index++) longest.push({ row: taken[index]!.row, waitingDays: taken[index]!.waitingDays })
  return longest
}

type Waiting<Row> = { row: Row; position: number; since: number; waitingDays: number }

function bySinceThenPosition(a: Waiting<QueuedCase>, b: Waiting<QueuedCase>) {
  return a.since - b.since || a.position - b.position
}

function byWaitThenPosition(a: Waiting<QueuedCase>, b: Waiting<QueuedCase>) {
  return b.waitingDays - a.waitingDays || a.position - b.position
}

export type AbsenceInput = { userId: string; substituteId: string; startsOn: Date; endsOn: Date }
export type AbsenceProblem = 'ends-before-start' | 'substitute-is-absent-person' | 'too-long'

/** Rules an absence must meet before it is stored (team membership is checked against the database). */
export function absenceProblems(absence: AbsenceInput): AbsenceProblem[] {
  const problems: AbsenceProblem[] = []
  if (absence.endsOn < absence.startsOn) problems.push('ends-before-start')
  if (absence.userId === absence.substituteId) problems.push('substitute-is-absent-person')
  if (absence.endsOn.getTime() - absence.startsOn.getTime() > 366 * 86_400_000) problems.push('too-long')
  return problems
}
