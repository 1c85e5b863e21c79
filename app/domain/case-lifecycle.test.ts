import { describe, expect, test } from 'vitest'
import { CASE_STATUSES } from './codes.ts'
import { allowedTransitions, CASE_TRANSITIONS, planTransition } from './case-lifecycle.ts'

const reasons = { activeClosureReasonIds: [1, 2] }

describe('case lifecycle', () => {
  const allowed = new Set(['OPEN>ACTIVE', 'OPEN>CLOSED', 'ACTIVE>PAUSED', 'PAUSED>ACTIVE', 'ACTIVE>CLOSED', 'PAUSED>CLOSED', 'CLOSED>ACTIVE'])

  test.each(CASE_STATUSES.flatMap((from) => CASE_STATUSES.map((to) => [from, to] as const)))('%s → %s follows the table', (from, to) => {
    const result = planTransition(from, to, { ...reasons, closureReasonId: 1 })
    expect(result.ok).toBe(allowed.has(`${from}>${to}`))
    if (!result.ok) expect(result.error).toBe('caseFile:status.errors.invalidTransition')
  })

  test('the transition table lists exactly the allowed pairs', () => {
    const pairs = Object.entries(CASE_TRANSITIONS).flatMap(([from, tos]) => tos.map((to) => `${from}>${to}`))
    expect(new Set(pairs)).toEqual(allowed)
  })

  test('closing needs an active closure reason', () => {
    expect(planTransition('ACTIVE', 'CLOSED', reasons)).toEqual({ ok: false, error: 'caseFile:status.errors.closureReasonRequired' })
    expect(planTransition('ACTIVE', 'CLOSED', { ...reasons, closureReasonId: 99 })).toEqual({
      ok: false,
      error: 'caseFile:status.errors.closureReasonInvalid',
    })
    expect(planTransition('PAUSED', 'CLOSED', { ...reasons, closureReasonId: 2 })).toEqual({
      ok: true,
      effect: { status: 'CLOSED', closure: { kind: 'set', closureReasonId: 2 } },
    })
  })

  test('reopening clears the closure; other transitions keep it and ignore a stray reason', () => {
    expect(planTransition('CLOSED', 'ACTIVE', reasons)).toEqual({ ok: true, effect: { status: 'ACTIVE', closure: { kind: 'clear' } } })
    expect(planTransition('ACTIVE', 'PAUSED', { ...reasons, closureReasonId: 1 })).toEqual({
      ok: true,
      effect: { status: 'PAUSED', closure: { kind: 'keep' } },
    })
  })

  test('unknown statuses are refused', () => {
    expect(allowedTransitions('ARCHIVED')).toEqual([])
    expect(planTransition('OPEN', 'ARCHIVED', reasons).ok).toBe(false)
    expect(planTransition('OPEN', 'OPEN', reasons).ok).toBe(false)
  })
})
