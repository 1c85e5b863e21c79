// The case status lifecycle (PRODUCT.md §2): open → active → paused → closed, reopen possible.
// Pure rules; the route writes the change, its CaseStatusChange row and the audit event.
import { CASE_STATUSES, type CaseStatus } from './codes.ts'

/** Allowed transitions. CLOSED → ACTIVE is the reopening; the history rows stay. */
export const CASE_TRANSITIONS: Record<CaseStatus, readonly CaseStatus[]> = {
  OPEN: ['ACTIVE', 'CLOSED'],
  ACTIVE: ['PAUSED', 'CLOSED'],
  PAUSED: ['ACTIVE', 'CLOSED'],
  CLOSED: ['ACTIVE'],
}

export function isCaseStatus(value: unknown): value is CaseStatus {
  return typeof value === 'string' && (CASE_STATUSES as readonly string[]).includes(value)
}

export function allowedTransitions(from: string): readonly CaseStatus[] {
  return isCaseStatus(from) ? CASE_TRANSITIONS[from] : []
}

export function isReopening(from: string, to: string) {
  return from === 'CLOSED' && to === 'ACTIVE'
}

export type TransitionError =
  | 'caseFile:status.errors.invalidTransition'
  | 'caseFile:status.errors.closureReasonRequired'
  | 'caseFile:status.errors.closureReasonInvalid'

/** What a valid transition does to the case columns besides `status`. */
export type TransitionEffect = {
  status: CaseStatus
  /** `set`: closedAt = now and the reason; `clear`: reopening removes both; `keep`: untouched */
  closure: { kind: 'set'; closureReasonId: number } | { kind: 'clear' } | { kind: 'keep' }
}

export type TransitionResult = { ok: true; effect: TransitionEffect } | { ok: false; error: TransitionError }

/**
 * Checks a requested transition. Closing needs a reason from the active CLOSURE_REASON entries;
 * a reason sent with any other transition is ignored, so a stale form field cannot attach one.
 */
export function planTransition(
  from: string,
  to: string,
  { closureReasonId, activeClosureReasonIds }: { closureReasonId?: number | null; activeClosureReasonIds: readonly number[] },
): TransitionResult {
  if (!isCaseStatus(to) || !allowedTransitions(from).includes(to)) {
    return { ok: false, error: 'caseFile:status.errors.invalidTransition' }
  }
  if (to === 'CLOSED') {
    if (closureReasonId === undefined || closureReasonId === null) return { ok: false, error: 'caseFile:status.errors.closureReasonRequired' }
    if (!activeClosureReasonIds.includes(closureReasonId)) return { ok: false, error: 'caseFile:status.errors.closureReasonInvalid' }
    return { ok: true, effect: { status: to, closure: { kind: 'set', closureReasonId } } }
  }
  return { ok: true, effect: { status: to, closure: isReopening(from, to) ? { kind: 'clear' } : { kind: 'keep' } } }
}
