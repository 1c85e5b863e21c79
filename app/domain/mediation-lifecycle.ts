// Language mediation (Sprachmittlung) lifecycle, PRODUCT.md §2:
// REQUESTED → CONFIRMED → DONE → INVOICED, with the side exits CANCELLED_IN_TIME, CANCELLED_LATE
// (billable: the interpreter was booked) and NO_SHOW.
import { MEDIATION_STATUSES } from './codes.ts'

export type MediationStatus = (typeof MEDIATION_STATUSES)[number]

/**
 * Allowed next states. An on-demand telephone or video service is used without a separate booking,
 * so a request may be recorded as done directly. Before confirmation no interpreter is booked yet,
 * so cancelling then is always "in time". Only billable outcomes can be invoiced.
 */
export const MEDIATION_TRANSITIONS: Record<MediationStatus, readonly MediationStatus[]> = {
  REQUESTED: ['CONFIRMED', 'DONE', 'CANCELLED_IN_TIME'],
  CONFIRMED: ['DONE', 'CANCELLED_IN_TIME', 'CANCELLED_LATE', 'NO_SHOW'],
  DONE: ['INVOICED'],
  CANCELLED_LATE: ['INVOICED'],
  INVOICED: [],
  CANCELLED_IN_TIME: [],
  NO_SHOW: [],
}

/** States whose assignment costs money (reported as hours and cost). */
export const BILLABLE_STATUSES: readonly MediationStatus[] = ['DONE', 'CANCELLED_LATE', 'INVOICED']
/** States still waiting for something to happen (the "open requests" list). */
export const OPEN_STATUSES: readonly MediationStatus[] = ['REQUESTED', 'CONFIRMED']

export function isMediationStatus(value: string): value is MediationStatus {
  return (MEDIATION_STATUSES as readonly string[]).includes(value)
}

export function nextStatuses(from: string): readonly MediationStatus[] {
  return isMediationStatus(from) ? MEDIATION_TRANSITIONS[from] : []
}

export function canTransition(from: string, to: string): boolean {
  return isMediationStatus(to) && nextStatuses(from).includes(to)
}

export function isTerminal(status: string): boolean {
  return nextStatuses(status).length === 0
}

export type MediationOutcomeFields = {
  performedAt?: Date | null
  billedMinutes?: number | null
  costCents?: number | null
  costBearer?: string | null
}

/**
 * Fields a transition needs, so that the reported hours and costs are complete: a performed
 * assignment has a date and billed minutes, an invoice has an amount and who bears it.
 */
export function missingForTransition(to: MediationStatus, record: MediationOutcomeFields): Array<keyof MediationOutcomeFields> {
  const missing: Array<keyof MediationOutcomeFields> = []
  if (to === 'DONE') {
    if (!record.performedAt) missing.push('performedAt')
    if (record.billedMinutes === null || record.billedMinutes === undefined) missing.push('billedMinutes')
  }
  if (to === 'INVOICED') {
    if (record.costCents === null || record.costCents === undefined) missing.push('costCents')
    if (!record.costBearer) missing.push('costBearer')
  }
  return missing
}

/**
 * An open request as `/language-mediation` shows it (decision 237): the client's code, the language's name, the
 * request time as ISO text, the office days waited — made by the model (`openRequestRows`), written by the
 * pre-built rows (components/mediation-rows.ts).
 */
export type OpenMediationRow = {
  id: string
  caseId: string
  code: string
  language: string
  mode: string
  status: string
  provider: string | null
  requestedAt: string
  waitingDays: number
}
