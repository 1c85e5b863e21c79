import { describe, expect, test } from 'vitest'
import { CASE_ACTIONS, CASE_POLICY, canAccessCase, caseVisibility, relationsTo, relationTo, visibilityDependsOnSubstitutes, type Actor, type CaseFacts } from './access-policy.ts'

const teamA = 'team-a'
const teamB = 'team-b'
const counsellor: Actor = { id: 'c1', role: 'COUNSELLOR', teamId: teamA }
const lead: Actor = { id: 'l1', role: 'TEAM_LEAD', teamId: teamA }
const otherLeadSameTeam: Actor = { id: 'l3', role: 'TEAM_LEAD', teamId: teamA }
const admin: Actor = { id: 'a1', role: 'ADMIN', teamId: teamA }
const otherLead: Actor = { id: 'l2', role: 'TEAM_LEAD', teamId: teamB }
const otherCounsellor: Actor = { id: 'c9', role: 'COUNSELLOR', teamId: teamB }

const assignedCase: CaseFacts = { teamId: teamA, counsellorId: 'c1', sharedForSubstitution: false }
const colleagueCase: CaseFacts = { teamId: teamA, counsellorId: 'c2', sharedForSubstitution: false }
const sharedCase: CaseFacts = { teamId: teamA, counsellorId: 'c2', sharedForSubstitution: true }
const unassignedCase: CaseFacts = { teamId: teamA, counsellorId: null, sharedForSubstitution: false }
const leadsOwnCase: CaseFacts = { teamId: teamA, counsellorId: 'l1', sharedForSubstitution: false }
const leadsOwnSharedCase: CaseFacts = { teamId: teamA, counsellorId: 'l1', sharedForSubstitution: true }
const none = { substitutesFor: [] as string[] }

type Row = [string, Actor, CaseFacts, { substitutesFor: string[]; emergencyGrant?: boolean }, Array<(typeof CASE_ACTIONS)[number]>]

// role × relation to case × action → allowed?
const table: Row[] = [
  ['counsellor, assigned', counsellor, assignedCase, none, ['read', 'read-confidential', 'write', 'transfer', 'reveal-identity']],
  ['counsellor, assigned, case shared', counsellor, { ...assignedCase, sharedForSubstitution: true }, none, ['read', 'read-confidential', 'write', 'transfer', 'reveal-identity']],
  ['counsellor, colleague case', counsellor, colleagueCase, none, ['request-emergency']],
  // decision 015: sharing for substitution lets colleagues read the file, never the confidential notes
  ['counsellor, shared for substitution', counsellor, sharedCase, none, ['read', 'request-emergency']],
  ['counsellor, active substitute', counsellor, colleagueCase, { substitutesFor: ['c2'] }, ['read', 'read-confidential', 'write', 'reveal-identity']],
  ['counsellor, emergency access', counsellor, colleagueCase, { substitutesFor: [], emergencyGrant: true }, ['read', 'read-confidential']],
  ['counsellor, emergency access to a shared case', counsellor, sharedCase, { substitutesFor: [], emergencyGrant: true }, ['read', 'read-confidential']],
  ['counsellor, unassigned team case', counsellor, unassignedCase, none, ['request-emergency', 'request-takeover']],
  // a shared case waiting for a counsellor: colleagues read it and may ask to take it
  ['counsellor, unassigned shared team case', counsellor, { ...unassignedCase, sharedForSubstitution: true }, none, ['read', 'request-emergency', 'request-takeover']],
  ['counsellor of another team', otherCounsellor, sharedCase, { substitutesFor: ['c2'] }, []],
  ['counsellor of another team with a stale emergency grant', otherCounsellor, colleagueCase, { substitutesFor: [], emergencyGrant: true }, []],
  // the team lead reads the file but not the confidential notes of a colleague's case
  ['team lead, own team', lead, colleagueCase, none, ['read', 'write', 'assign', 'transfer']],
  ['team lead, shared case', lead, sharedCase, none, ['read', 'write', 'assign', 'transfer']],
  ['team lead, unassigned', lead, unassignedCase, none, ['read', 'write', 'assign', 'transfer']],
  // roles combine (PRODUCT.md §9): every counsellor right plus every team-lead right
  ['team lead, assigned counsellor of the case', lead, leadsOwnCase, none, ['read', 'read-confidential', 'write', 'assign', 'transfer', 'reveal-identity']],
  ['team lead, assigned counsellor of a shared case', lead, leadsOwnSharedCase, none, ['read', 'read-confidential', 'write', 'assign', 'transfer', 'reveal-identity']],
  ['team lead, active substitute', lead, colleagueCase, { substitutesFor: ['c2'] }, ['read', 'read-confidential', 'write', 'assign', 'transfer', 'reveal-identity']],
  ['another team lead of the team, case of a lead', otherLeadSameTeam, leadsOwnCase, none, ['read', 'write', 'assign', 'transfer']],
  ['team lead of another team', otherLead, colleagueCase, none, []],
  ['team lead of another team, assigned before a transfer', otherLead, { ...leadsOwnCase, counsellorId: 'l2' }, none, []],
  ['administrator', admin, assignedCase, none, []],
  ['administrator named as counsellor', admin, { ...assignedCase, counsellorId: 'a1' }, none, []],
]

describe('case access policy', () => {
  for (const [name, actor, kase, relation, allowed] of table) {
    test(name, () => {
      for (const action of CASE_ACTIONS) {
        expect({ action, allowed: canAccessCase(actor, kase, action, relation) }).toEqual({ action, allowed: allowed.includes(action) })
      }
    })
  }

  test('every relation has a row in the policy table', () => {
    expect(Object.keys(CASE_POLICY).sort()).toEqual(
      ['admin', 'assigned', 'emergency', 'other-team', 'same-team', 'substitute', 'team-lead', 'team-shared', 'team-unassigned'].sort(),
    )
  })

  test('a team lead who is the assigned counsellor holds both relations, the closer one first', () => {
    expect(relationsTo(lead, leadsOwnCase, none)).toEqual(['assigned', 'team-lead'])
    expect(relationTo(lead, leadsOwnCase, none)).toBe('assigned')
    expect(relationsTo(lead, colleagueCase, { substitutesFor: ['c2'] })).toEqual(['substitute', 'team-lead'])
    expect(relationsTo(lead, sharedCase, none)).toEqual(['team-lead'])
  })

  test('only the counselling relationship reads confidential notes and opens documents', () => {
    const readers = Object.entries(CASE_POLICY)
      .filter(([, actions]) => actions.includes('read-confidential'))
      .map(([relation]) => relation)
    expect(readers.sort()).toEqual(['assigned', 'emergency', 'substitute'])
    for (const actions of Object.values(CASE_POLICY)) if (actions.includes('read-confidential')) expect(actions).toContain('read')
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

  test('only a counsellor\'s list depends on whom they substitute (lists skip the look-up otherwise)', () => {
    for (const actor of [admin, lead, counsellor]) {
      const alone = caseVisibility(actor, none)
      const substituting = caseVisibility(actor, { substitutesFor: ['c2', 'c3'] })
      expect(visibilityDependsOnSubstitutes(actor)).toBe(JSON.stringify(alone) !== JSON.stringify(substituting))
    }
  })
})
