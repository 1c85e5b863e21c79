import { describe, expect, test } from 'vitest'
import { MEDIATION_STATUSES } from './codes.ts'
import { canTransition, isTerminal, MEDIATION_TRANSITIONS, missingForTransition, nextStatuses, type MediationStatus } from './mediation-lifecycle.ts'

// The full table: every (from, to) pair that is allowed; everything else is refused.
const allowed: Array<[MediationStatus, MediationStatus]> = [
  ['REQUESTED', 'CONFIRMED'],
  ['REQUESTED', 'DONE'],
  ['REQUESTED', 'CANCELLED_IN_TIME'],
  ['CONFIRMED', 'DONE'],
  ['CONFIRMED', 'CANCELLED_IN_TIME'],
  ['CONFIRMED', 'CANCELLED_LATE'],
  ['CONFIRMED', 'NO_SHOW'],
  ['DONE', 'INVOICED'],
  ['CANCELLED_LATE', 'INVOICED'],
]

describe('mediation lifecycle', () => {
  test.each(MEDIATION_STATUSES.flatMap((from) => MEDIATION_STATUSES.map((to) => [from, to] as const)))('%s → %s', (from, to) => {
    const expected = allowed.some(([a, b]) => a === from && b === to)
    expect(canTransition(from, to)).toBe(expected)
  })

  test('the table covers every status', () => {
    expect(Object.keys(MEDIATION_TRANSITIONS).sort()).toEqual([...MEDIATION_STATUSES].sort())
  })

  test('terminal states', () => {
    expect(MEDIATION_STATUSES.filter(isTerminal).sort()).toEqual(['CANCELLED_IN_TIME', 'INVOICED', 'NO_SHOW'])
  })

  test('an unknown status has no way out and is no target', () => {
    expect(nextStatuses('LOST')).toEqual([])
    expect(canTransition('REQUESTED', 'LOST')).toBe(false)
  })

  test('done needs a date and billed minutes; invoiced needs cost and cost bearer', () => {
    expect(missingForTransition('DONE', {})).toEqual(['performedAt', 'billedMinutes'])
    expect(missingForTransition('DONE', { performedAt: new Date(), billedMinutes: 0 })).toEqual([])
    expect(missingForTransition('INVOICED', { costCents: 0 })).toEqual(['costBearer'])
    expect(missingForTransition('INVOICED', { costCents: 1250, costBearer: 'LAND' })).toEqual([])
    expect(missingForTransition('CONFIRMED', {})).toEqual([])
  })
})
