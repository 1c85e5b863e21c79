import { describe, expect, test } from 'vitest'
import { canAccessCase, type CaseAction, type CaseFacts } from '#app/domain/access-policy.ts'
import {
  CASE_ASSIGN,
  CASE_CONFIDENTIAL,
  CASE_EMERGENCY,
  CASE_READ,
  CASE_REVEAL,
  CASE_TAKEOVER,
  CASE_TRANSFER,
  CASE_WRITE,
  PERSONA_ROLE,
  PERSONAS,
  ROUTE_ACCESS,
  type Access,
} from './route-access.ts'

// The personas as actors towards one case of team A, assigned to "assigned", who is absent with
// "substitute" standing in; "assignedLead" plays on a case of their own.
const kase: CaseFacts = { teamId: 'A', counsellorId: 'assigned', sharedForSubstitution: false }
const leadsCase: CaseFacts = { ...kase, counsellorId: 'assignedLead' }
const teamOf = { assigned: 'A', teamMember: 'A', substitute: 'A', lead: 'A', assignedLead: 'A', otherTeam: 'B', otherLead: 'B', admin: 'A' } as const

describe('the expectation table agrees with the access policy', () => {
  test.each([
    ['read', CASE_READ],
    ['read-confidential', CASE_CONFIDENTIAL],
    ['write', CASE_WRITE],
    ['assign', CASE_ASSIGN],
    ['transfer', CASE_TRANSFER],
    ['reveal-identity', CASE_REVEAL],
    ['request-emergency', CASE_EMERGENCY],
    ['request-takeover', CASE_TAKEOVER],
  ] as Array<[CaseAction, Access]>)('%s', (action, access) => {
    for (const persona of PERSONAS) {
      if (persona === 'anonymous') {
        expect(access.anonymous).toBe('redirect-login')
        continue
      }
      const actor = { id: persona, role: PERSONA_ROLE[persona], teamId: teamOf[persona] }
      const relation = { substitutesFor: persona === 'substitute' ? ['assigned'] : [] }
      const target = persona === 'assignedLead' ? leadsCase : kase
      expect(access[persona], `${persona} → ${action}`).toBe(canAccessCase(actor, target, action, relation) ? 'ok' : 'not-found')
    }
  })
})

test('case data is never answered with 403 (that would confirm the case exists)', () => {
  for (const [id, entry] of Object.entries(ROUTE_ACCESS)) {
    if (!id.includes('$caseId')) continue
    for (const access of [entry.loader, ...Object.values(entry.action ?? {})]) {
      if (access) expect(Object.values(access), id).not.toContain('forbidden')
    }
  }
})
