import { describe, expect, test } from 'vitest'
import { requireCaseAccess } from '#app/models/case-access.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams, requestAs, settle, statusOf } from '#tests/factories.ts'
import { action as requestAction, loader as requestLoader } from './cases.$caseId_.emergency.tsx'
import { action as lookupAction } from './cases_.emergency.tsx'

describe('emergency access', () => {
  test('a colleague finds a team case by code, states a reason, gets read access; team leads are notified', async () => {
    const { eae, rostock } = await getTeams()
    const assigned = await createUser({ teamId: eae.id })
    const colleague = await createUser({ teamId: eae.id })
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const inactiveLead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id, active: false })
    const otherLead = await createUser({ role: 'TEAM_LEAD', teamId: rostock.id })
    const kase = await createTestCase({ teamId: eae.id, counsellorId: assigned.id })
    const actor = { id: colleague.id, role: 'COUNSELLOR' as const, teamId: eae.id }
    await expect(requireCaseAccess(actor, kase.id, 'read')).rejects.toBeInstanceOf(Response)

    const lookup = await settle(lookupAction({ request: await requestAs(colleague.id, '/cases/emergency', { form: { code: kase.pseudonymCode.toLowerCase() } }), params: {}, context: {} }))
    expect(statusOf(lookup)).toBe(302)
    expect((lookup as Response).headers.get('Location')).toBe(`/cases/${kase.id}/emergency`)

    const page = await settle(requestLoader({ request: await requestAs(colleague.id, `/cases/${kase.id}/emergency`), params: { caseId: kase.id }, context: {} }))
    expect(statusOf(page)).toBe(200)

    const form = (extra: Record<string, string>) => requestAs(colleague.id, `/cases/${kase.id}/emergency`, { form: extra })
    expect(statusOf(await settle(requestAction({ request: await form({ reason: 'CRISIS' }), params: { caseId: kase.id }, context: {} })))).toBe(400)
    expect(statusOf(await settle(requestAction({ request: await form({ reason: 'OTHER', note: 'kurz', confirm: 'on' }), params: { caseId: kase.id }, context: {} })))).toBe(400)
    const granted = await settle(requestAction({ request: await form({ reason: 'CRISIS', note: 'Klientin in akuter Krise', confirm: 'on' }), params: { caseId: kase.id }, context: {} }))
    expect((granted as Response).headers.get('Location')).toBe(`/cases/${kase.id}`)

    expect((await requireCaseAccess(actor, kase.id, 'read')).relation).toBe('emergency')
    await expect(requireCaseAccess(actor, kase.id, 'write')).rejects.toBeInstanceOf(Response)

    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: 'case.emergency-access' } })
    expect(event).toMatchObject({ userId: colleague.id, caseId: kase.id, emergency: true, outcome: 'SUCCESS' })
    expect(JSON.parse(event.details!)).toEqual({ reason: 'CRISIS', notified: 1 })
    expect(event.details).not.toContain('Krise')

    const notices = await prisma.notification.findMany({ where: { kind: 'EMERGENCY_ACCESS' }, select: { userId: true, caseId: true } })
    expect(notices).toEqual([{ userId: lead.id, caseId: kase.id }])
    expect([inactiveLead.id, otherLead.id]).not.toContain(notices[0]!.userId)
  })

  test('another team’s code answers like an unknown one; other teams, leads and admins cannot request', async () => {
    const { eae, rostock } = await getTeams()
    const assigned = await createUser({ teamId: eae.id })
    const foreign = await createUser({ teamId: rostock.id })
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const admin = await createUser({ role: 'ADMIN', teamId: eae.id })
    const kase = await createTestCase({ teamId: eae.id, counsellorId: assigned.id })

    const lookup = await settle(lookupAction({ request: await requestAs(foreign.id, '/cases/emergency', { form: { code: kase.pseudonymCode } }), params: {}, context: {} }))
    expect(statusOf(lookup)).toBe(400)
    const own = await settle(lookupAction({ request: await requestAs(assigned.id, '/cases/emergency', { form: { code: kase.pseudonymCode } }), params: {}, context: {} }))
    expect((own as Response).headers.get('Location')).toBe(`/cases/${kase.id}`)

    for (const user of [foreign, lead, admin, assigned]) {
      const request = await requestAs(user.id, `/cases/${kase.id}/emergency`, { form: { reason: 'CRISIS', confirm: 'on' } })
      expect(statusOf(await settle(requestAction({ request, params: { caseId: kase.id }, context: {} })))).toBe(404)
    }
    expect(await prisma.auditEvent.count({ where: { action: 'case.emergency-access' } })).toBe(0)
    expect(await prisma.notification.count()).toBe(0)
  })
})
