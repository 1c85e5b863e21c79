import { describe, expect, test } from 'vitest'
import { grantEmergencyAccess } from '#app/models/emergency-access.server.ts'
import { requestErasure } from '#app/models/erasure.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams, requestAs, settle, statusOf } from '#tests/factories.ts'
import { action, loader } from './privacy.notices.tsx'

describe('privacy notices for team leads', () => {
  test('emergency accesses and erasure requests, with who and why; marked read', async () => {
    const { eae } = await getTeams()
    const assigned = await createUser({ teamId: eae.id })
    const colleague = await createUser({ teamId: eae.id, displayName: 'Cem Kollege' })
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const kase = await createTestCase({ teamId: eae.id, counsellorId: assigned.id })
    await grantEmergencyAccess({ actor: { id: colleague.id, role: 'COUNSELLOR', teamId: eae.id }, caseId: kase.id, reason: 'DEADLINE' })
    await requestErasure({ actor: { id: assigned.id, role: 'COUNSELLOR', teamId: eae.id }, caseId: kase.id, clientId: kase.clientId })

    const page = (await loader({ request: await requestAs(lead.id, '/privacy/notices'), params: {}, context: {} })) as {
      notices: Array<{ kind: string; by: string | null; reason: string | null; read: boolean; pseudonymCode: string | null }>
    }
    expect(page.notices.map(({ kind, by, reason, read, pseudonymCode }) => ({ kind, by, reason, read, pseudonymCode }))).toEqual([
      { kind: 'ERASURE_REQUESTED', by: assigned.displayName, reason: null, read: false, pseudonymCode: kase.pseudonymCode },
      { kind: 'EMERGENCY_ACCESS', by: 'Cem Kollege', reason: 'DEADLINE', read: false, pseudonymCode: kase.pseudonymCode },
    ])

    const marked = await settle(action({ request: await requestAs(lead.id, '/privacy/notices', { form: { intent: 'mark-read' } }), params: {}, context: {} }))
    expect(statusOf(marked)).toBe(302)
    expect(await prisma.notification.count({ where: { userId: lead.id, readAt: null } })).toBe(0)

    // A counsellor opens the page too (for notices about their own account), but sees none of the team's.
    const colleaguePage = (await loader({ request: await requestAs(colleague.id, '/privacy/notices'), params: {}, context: {} })) as { notices: unknown[]; accessNotices: unknown[] }
    expect(colleaguePage).toMatchObject({ notices: [], accessNotices: [] })
  })

  test('the notices page returns only to a path of this site after reading', async () => {
    const lead = await createUser({ role: 'TEAM_LEAD' })
    for (const [redirectTo, expected] of [
      ['/cases', '/cases'],
      ['/\t/evil.example', '/'],
      ['https://evil.example/', '/'],
    ] as const) {
      const result = await settle(action({ request: await requestAs(lead.id, '/privacy/notices', { form: { intent: 'mark-read', redirectTo } }), params: {}, context: {} }))
      expect((result as Response).headers.get('Location')).toBe(expected)
    }
    const page = (await loader({ request: await requestAs(lead.id, '/privacy/notices?redirectTo=%2F%09%2Fevil.example'), params: {}, context: {} })) as { continueTo: string | null }
    expect(page.continueTo).toBe('/')
  })
})
