import { describe, expect, test } from 'vitest'
import { CASE_POLICY, canAccessCase, caseVisibility, relationTo, type Actor, type CaseAction, type CaseFacts } from './access-policy.ts'

const teamA = 'team-a'
const teamB = 'team-b'
const counsellor: Actor = { id: 'c1', role: 'COUNSELLOR', teamId: teamA }
const lead: Actor = { id: 'l1', role: 'TEAM_LEAD', teamId: teamA }
const admin: Actor = { id: 'a1', role: 'ADMIN', teamId: teamA }
const otherLead: Actor = { id: 'l2', role: 'TEAM_LEAD', teamId: teamB }
const otherCounsellor: Actor = { id: 'c9', role: 'COUNSELLOR', teamId: teamB }

const assignedCase: CaseFacts = { teamId: teamA, counsellorId: 'c1', sharedForSubstitution: false }
const colleagueCase: CaseFacts = { teamId: teamA, counsellorId: 'c2', sharedForSubstitution: false }
const sharedCase: CaseFacts = { teamId: teamA, counsellorId: 'c2', sharedForSubstitution: true }
const unassignedCase: CaseFacts = { teamId: teamA, counsellorId: null, sharedForSubstitution: false }
const none = { substitutesFor: [] as string[] }

const ALL: CaseAction[] = ['read', 'write', 'assign', 'transfer', 'reveal-identity', 'read-documents', 'request-emergency']

// role × relation to case × action → allowed?
const table: Array<[string, Actor, CaseFacts, { substitutesFor: string[]; emergencyGrant?: boolean }, CaseAction[]]> = [
  ['counsellor, assigned', counsellor, assignedCase, none, ['read', 'write', 'transfer', 'reveal-identity', 'read-documents']],
  ['counsellor, colleague case', counsellor, colleagueCase, none, ['request-emergency']],
  ['counsellor, shared for substitution', counsellor, sharedCase, none, ['read', 'request-emergency']],
  ['counsellor, active substitute', counsellor, colleagueCase, { substitutesFor: ['c2'] }, ['read', 'write', 'reveal-identity', 'read-documents']],
  ['counsellor, emergency access', counsellor, colleagueCase, { substitutesFor: [], emergencyGrant: true }, ['read', 'read-documents']],
  ['counsellor, unassigned team case', counsellor, unassignedCase, none, ['request-emergency']],
  ['counsellor of another team', otherCounsellor, sharedCase, { substitutesFor: ['c2'] }, []],
  ['team lead, own team', lead, colleagueCase, none, ['read', 'write', 'assign', 'transfer']],
  ['team lead, unassigned', lead, unassignedCase, none, ['read', 'write', 'assign', 'transfer']],
  ['team lead of another team', otherLead, colleagueCase, none, []],
  ['administrator', admin, assignedCase, none, []],
]

describe('case access policy', () => {
  for (const [name, actor, kase, relation, allowed] of table) {
    test(name, () => {
      for (const action of ALL) {
        expect({ action, allowed: canAccessCase(actor, kase, action, relation) }).toEqual({ action, allowed: allowed.includes(action) })
      }
    })
  }

  test('every relation has a row in the policy table', () => {
    expect(Object.keys(CASE_POLICY).sort()).toEqual(
      ['admin', 'assigned', 'emergency', 'other-team', 'same-team', 'substitute', 'team-lead', 'team-shared', 'team-unassigned'].sort(),
    )
  })

  test('a transferred case leaves the old team', () => {
    const transferred = { ...assignedCase, teamId: teamB }
    expect(relationTo(counsellor, transferred, none)).toBe('other-team')
  })

  test('list visibility matches read access', () => {
    expect(caseVisibility(admin, none)).toEqual({ kind: 'none' })
    expect(caseVisibility(lead, none)).toEqual({ kind: 'team', teamId: teamA })
    expect(caseVisibility(counsellor, { substitutesFor: ['c2'] })).toEqual({ kind: 'counsellor', teamId: teamA, counsellorIds: ['c1', 'c2'], includeShared: true })
  })
})
