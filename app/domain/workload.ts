// Workload per counsellor for the team lead (PRODUCT.md §4 workflow 5). Pure: the model layer
// aggregates in SQL, this turns the aggregates into rows, totals and an order.

import { daysBetween, officeDay } from './follow-up.ts'

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

export function buildWorkload(
  counsellors: Counsellor[],
  figures: Map<string, Partial<WorkloadFigures>>,
  sort: WorkloadSortKey = 'name',
  direction: 'asc' | 'desc' = 'asc',
): { rows: WorkloadRow[]; total: WorkloadFigures & { hours30d: number } } {
  // Written out, in the order the spreads `{ ...counsellor, ...empty, ...figures, hours30d }` gave:
  // two spreads per person allocated ≈ 2.8 kB each (session 15's allocation profile).
  const rows = counsellors.map(({ id, displayName, languages, absentUntil }): WorkloadRow => {
    const own = figures.get(id)
    const minutes30d = own?.minutes30d ?? empty.minutes30d
    return {
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
    }
  })
  const factor = direction === 'asc' ? 1 : -1
  rows.sort((a, b) => {
    const primary = sort === 'name' ? byGermanName(a.displayName, b.displayName) : a[sort] - b[sort]
    return primary * factor || byGermanName(a.displayName, b.displayName)
  })
  const sum = (key: keyof WorkloadFigures) => rows.reduce((total, row) => total + row[key], 0)
  const totalMinutes = sum('minutes30d')
  return {
    rows,
    total: {
      openCases: sum('openCases'),
      activeCaseManagement: sum('activeCaseManagement'),
      contacts30d: sum('contacts30d'),
      minutes30d: totalMinutes,
      overdueFollowUps: sum('overdueFollowUps'),
      openReferrals: sum('openReferrals'),
      hours30d: minutesToHours(totalMinutes),
    },
  }
}

/**
 * Calendar days a case has waited in the queue: since it was transferred in, else since it was
 * opened. Office days (decision 029): a case from 23:50 yesterday has waited since yesterday.
 * A list passes today's office day once (`todayDay`): the day of an instant costs an Intl call.
 */
export function waitingDays(openedAt: Date, transferredInAt: Date | null, now = new Date(), todayDay = officeDay(now)) {
  const since = transferredInAt && transferredInAt > openedAt ? transferredInAt : openedAt
  return Math.max(0, daysBetween(officeDay(since), todayDay))
}

export type QueuedCase = { openedAt: Date; transferredInAt: Date | null }

/**
 * The `limit` cases of a queue that have waited longest, with their waiting days: exactly the first
 * `limit` of the queue (given in the order of opening) sorted stably by `waitingDays`, longest first —
 * equal waits keep the order of opening. Only the cases that can make the page have their office day
 * computed (an Intl call each, ≈ 4 µs; the queue reads up to 500): the cases are walked from the
 * earliest start of their wait, and a case's office day — so its waiting days — never comes before an
 * earlier instant's (German days turn at midnight, clock changes happen at night), so once `limit`
 * cases are taken, the first case that has waited less than the last of them ends the walk: no later
 * one can rank before it.
 */
export function longestWaiting<Row extends QueuedCase>(queue: Row[], limit: number, now = new Date(), todayDay = officeDay(now)) {
  const bySince = queue
    .map((row, position) => ({ row, position, since: (row.transferredInAt && row.transferredInAt > row.openedAt ? row.transferredInAt : row.openedAt).getTime() }))
    .sort((a, b) => a.since - b.since || a.position - b.position)
  const taken: Array<{ row: Row; position: number; waitingDays: number }> = []
  let fewestTaken = Infinity
  for (const { row, position } of bySince) {
    const days = waitingDays(row.openedAt, row.transferredInAt, now, todayDay)
    if (taken.length >= limit && days < fewestTaken) break
    taken.push({ row, position, waitingDays: days })
    if (taken.length <= limit) fewestTaken = Math.min(fewestTaken, days)
  }
  return taken
    .sort((a, b) => b.waitingDays - a.waitingDays || a.position - b.position)
    .slice(0, limit)
    .map(({ row, waitingDays }) => ({ row, waitingDays }))
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
