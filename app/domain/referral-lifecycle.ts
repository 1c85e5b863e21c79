import { HOUR_MS, rememberedPerPeriod } from '#app/utils/remembered-per-period.ts'
import { type REFERRAL_STATUSES } from './codes.ts'

export type ReferralStatus = (typeof REFERRAL_STATUSES)[number]

/**
 * The referral lifecycle (PRODUCT.md §2). Main path:
 *   INQUIRY → REGISTERED → CLEARING_APPOINTMENT → CLEARING_DONE → ADMITTED → COMPLETED
 * Side exits:
 *   WAITING_LIST from REGISTERED, CLEARING_APPOINTMENT or CLEARING_DONE; it leads back to
 *     CLEARING_APPOINTMENT (a clearing is offered) or to ADMITTED (a place became free).
 *   NO_SHOW from CLEARING_APPOINTMENT (the client did not come); a new appointment may follow.
 *   DECLINED (declined / referred on) from any step before admission.
 *   CANCELLED (by the client or the counsellor) from any open step.
 * COMPLETED, DECLINED and CANCELLED end the referral; NO_SHOW ends it unless a new
 * appointment is made, so it counts as closed (not waiting) in lists and statistics.
 */
export const REFERRAL_TRANSITIONS: Record<ReferralStatus, readonly ReferralStatus[]> = {
  INQUIRY: ['REGISTERED', 'DECLINED', 'CANCELLED'],
  REGISTERED: ['CLEARING_APPOINTMENT', 'WAITING_LIST', 'DECLINED', 'CANCELLED'],
  CLEARING_APPOINTMENT: ['CLEARING_DONE', 'WAITING_LIST', 'NO_SHOW', 'DECLINED', 'CANCELLED'],
  CLEARING_DONE: ['ADMITTED', 'WAITING_LIST', 'DECLINED', 'CANCELLED'],
  WAITING_LIST: ['CLEARING_APPOINTMENT', 'ADMITTED', 'DECLINED', 'CANCELLED'],
  ADMITTED: ['COMPLETED', 'CANCELLED'],
  NO_SHOW: ['CLEARING_APPOINTMENT'],
  COMPLETED: [],
  DECLINED: [],
  CANCELLED: [],
}

/** Statuses in which the referral is still running (shown in the open-referrals overview). */
export const OPEN_REFERRAL_STATUSES: readonly ReferralStatus[] = [
  'INQUIRY',
  'REGISTERED',
  'CLEARING_APPOINTMENT',
  'CLEARING_DONE',
  'WAITING_LIST',
  'ADMITTED',
]
export const CLOSED_REFERRAL_STATUSES: readonly ReferralStatus[] = [
  'COMPLETED',
  'DECLINED',
  'NO_SHOW',
  'CANCELLED',
]

/**
 * Consent gates every step past the anonymous inquiry (PRODUCT.md §9, decision 016): entering
 * REGISTERED or any later status in which the referral goes on needs a valid release from
 * confidentiality for the partner. The steps that end a referral (completed, declined / referred
 * on, no-show, cancelled) pass nothing on and stay possible without one — after a withdrawal they
 * are all that is left.
 */
export function stepNeedsConsent(to: string) {
  return to !== 'INQUIRY' && isOpenStatus(to)
}

/** The steps from `status` that remain when the referral has no valid consent. */
export function stepsWithoutConsent(status: string): readonly ReferralStatus[] {
  return allowedTransitions(status).filter((to) => !stepNeedsConsent(to))
}

export function isOpenStatus(status: string) {
  return (OPEN_REFERRAL_STATUSES as readonly string[]).includes(status)
}

/**
 * Still waiting for help: before admission. An admitted client is being helped; the waiting
 * time has ended, so the threshold warning no longer applies.
 */
export function isWaitingStatus(status: string) {
  return isOpenStatus(status) && status !== 'ADMITTED'
}

export function allowedTransitions(status: string): readonly ReferralStatus[] {
  return REFERRAL_TRANSITIONS[status as ReferralStatus] ?? []
}

export function canTransition(from: string, to: string) {
  return allowedTransitions(from).includes(to as ReferralStatus)
}

export type TransitionError = 'illegal' | 'beforePrevious' | 'inFuture'

export type ReferralDates = {
  sentAt: Date
  clearingAt: Date | null
  admittedAt: Date | null
  closedAt: Date | null
}

/**
 * Checks a transition and returns the dates to store. The waiting times reported are
 * sent → clearing (the clearing conversation took place: CLEARING_DONE) and sent → admission;
 * the first occurrence counts, so a second clearing after the waiting list does not reset them.
 */
export function planTransition(
  referral: ReferralDates & { status: string },
  to: string,
  at: Date,
  { previousAt, now = new Date() }: { previousAt: Date; now?: Date },
): { ok: true; dates: Partial<ReferralDates> } | { ok: false; error: TransitionError } {
  if (!canTransition(referral.status, to)) return { ok: false, error: 'illegal' }
  if (dayKey(at) > dayKey(now)) return { ok: false, error: 'inFuture' }
  if (dayKey(at) < dayKey(previousAt)) return { ok: false, error: 'beforePrevious' }
  const dates: Partial<ReferralDates> = {}
  if (to === 'CLEARING_DONE' && !referral.clearingAt) dates.clearingAt = at
  if (to === 'ADMITTED') {
    if (!referral.admittedAt) dates.admittedAt = at
    // Admitted straight from the waiting list: the clearing happened no later than admission.
    if (!referral.clearingAt) dates.clearingAt = at
  }
  if ((CLOSED_REFERRAL_STATUSES as readonly string[]).includes(to)) dates.closedAt = at
  else if (referral.closedAt) dates.closedAt = null
  return { ok: true, dates }
}

// Built once: every `new Intl.DateTimeFormat` with a time zone costs ≈ 45 µs and ≈ 27 kB of native
// memory that the process never hands back (Node 20/ICU), and the referral overview called this
// twice per row (docs/performance.md, "Memory").
const berlinDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Berlin',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

// A list asks for the same few days again and again (every row's `now`, dates saved at midnight),
// which was ≈ 1 ms of a /referrals view (issue 19, session 10): remembered per UTC hour
// (app/utils/remembered-per-period.ts).
const dayOfHour = rememberedPerPeriod((date) => berlinDay.format(date), HOUR_MS)

/** The calendar day in Germany (YYYY-MM-DD): counsellors think in local days, not UTC. */
export function dayKey(date: Date) {
  return dayOfHour(date)
}

// The German calendar day as a number (days since 1970-01-01), remembered per UTC hour as dayKey: the
// overview's 50 rows ask for up to three waiting times each, and the text of both days parsed back at every
// call was ≈ 0.08 ms a /referrals view (session 25).
const dayNumberOfHour = rememberedPerPeriod((date) => Date.parse(`${berlinDay.format(date)}T00:00:00Z`) / 86_400_000, HOUR_MS)

/** Whole calendar days from one date to another (local days), never negative. */
export function daysBetween(from: Date, to: Date) {
  return Math.max(0, dayNumberOfHour(to) - dayNumberOfHour(from))
}

/**
 * A date the user typed (YYYY-MM-DD) as a timestamp: today means now (keeps the order of several
 * steps recorded on one day); another day is stored at noon, which is that day in every German
 * time zone offset.
 */
export function dateFromInput(value: string, now = new Date()): Date {
  if (value === dayKey(now)) return now
  return new Date(`${value}T12:00:00Z`)
}

export type WaitingTimes = {
  toClearing: number | null
  toAdmission: number | null
  waitingSoFar: number | null
}

export function waitingTimes(referral: ReferralDates & { status: string }, now = new Date()): WaitingTimes {
  return {
    toClearing: referral.clearingAt ? daysBetween(referral.sentAt, referral.clearingAt) : null,
    toAdmission: referral.admittedAt ? daysBetween(referral.sentAt, referral.admittedAt) : null,
    waitingSoFar: isWaitingStatus(referral.status) ? daysBetween(referral.sentAt, now) : null,
  }
}

export function isOverThreshold(
  referral: ReferralDates & { status: string },
  thresholdDays: number,
  now = new Date(),
) {
  const { waitingSoFar } = waitingTimes(referral, now)
  return waitingSoFar !== null && waitingSoFar > thresholdDays
}
