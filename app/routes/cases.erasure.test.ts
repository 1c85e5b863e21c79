import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams, requestAs, settle, statusOf } from '#tests/factories.ts'
import { addIdentity, fillCaseFile } from '#tests/privacy-fixtures.ts'
import { action } from './cases.$caseId.erasure.tsx'

async function post(userId: string, caseId: string, form: Record<string, string>) {
  return settle(action({ request: await requestAs(userId, `/cases/${caseId}/erasure`, { form }), params: { caseId }, context: {} }))
}

const tables = ['client', 'case', 'contact', 'followUp', 'assignment', 'transfer', 'casePlan', 'planGoal', 'consent', 'referral', 'languageMediation', 'identityKey', 'residenceStatusEntry', 'clientLanguage', 'notification'] as const
async function counts() {
  const result: Record<string, number> = {}
  for (const table of tables) result[table] = await (prisma[table] as unknown as { count: () => Promise<number> }).count()
  return result
}

describe('erasure on request (Art. 17)', () => {
  test('counsellor requests, team lead confirms, everything of the client is gone; audit keeps no personal data', async () => {
    const { eae } = await getTeams()
    const counsellor = await createUser({ teamId: eae.id })
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const other = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })
    const before = await counts()
    const kase = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })
    await fillCaseFile({ caseId: kase.id, userId: counsellor.id, teamId: eae.id })
    await addIdentity({ caseId: kase.id, clientId: kase.clientId, userId: counsellor.id, teamId: eae.id })

    // The lead cannot confirm before a request; the counsellor cannot confirm at all.
    expect(statusOf(await post(lead.id, kase.id, { intent: 'confirm', confirm: 'on' }))).toBe(409)
    expect(statusOf(await post(counsellor.id, kase.id, { intent: 'confirm', confirm: 'on' }))).toBe(404)
    expect(statusOf(await post(lead.id, kase.id, { intent: 'request', confirm: 'on' }))).toBe(404)

    expect(statusOf(await post(counsellor.id, kase.id, { intent: 'request' }))).toBe(400)
    expect(statusOf(await post(counsellor.id, kase.id, { intent: 'request', confirm: 'on' }))).toBe(302)
    expect(await prisma.notification.findMany({ where: { kind: 'ERASURE_REQUESTED' }, select: { userId: true } })).toEqual([{ userId: lead.id }])

    const confirmed = await post(lead.id, kase.id, { intent: 'confirm', confirm: 'on' })
    expect((confirmed as Response).headers.get('Location')).toBe('/cases?erased=1')
    expect(await counts()).toEqual(before)
    expect(await prisma.case.count({ where: { id: other.id } })).toBe(1)

    const events = await prisma.auditEvent.findMany({ where: { action: { startsWith: 'client.eras' } }, orderBy: { id: 'asc' } })
    expect(events.map((event) => event.action)).toEqual(['client.erasure-request', 'client.erase'])
    expect(JSON.parse(events[1]!.details!)).toEqual({ cases: 1 })
  })

  test('a request can be withdrawn or rejected; cases in other teams block the deletion', async () => {
    const { eae, rostock } = await getTeams()
    const counsellor = await createUser({ teamId: eae.id })
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const kase = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })
    await post(counsellor.id, kase.id, { intent: 'request', confirm: 'on' })
    await post(counsellor.id, kase.id, { intent: 'withdraw' })
    expect(statusOf(await post(lead.id, kase.id, { intent: 'confirm', confirm: 'on' }))).toBe(409)
    await post(counsellor.id, kase.id, { intent: 'request', confirm: 'on' })
    await post(lead.id, kase.id, { intent: 'reject' })
    expect(statusOf(await post(lead.id, kase.id, { intent: 'confirm', confirm: 'on' }))).toBe(409)

    await prisma.case.create({
      data: { clientId: kase.clientId, teamId: rostock.id, openedAt: new Date(), startPlace: 'OTHER', kind: 'SHORT', programme: 'MBE', accessRoute: 'OTHER', germanLevel: 'A1' },
    })
    await post(counsellor.id, kase.id, { intent: 'request', confirm: 'on' })
    const blocked = await post(lead.id, kase.id, { intent: 'confirm', confirm: 'on' })
    expect(statusOf(blocked)).toBe(409)
    expect((blocked as { data: { error: string } }).data.error).toBe('other-teams')
    expect(await prisma.client.count({ where: { id: kase.clientId } })).toBe(1)
  })
})
