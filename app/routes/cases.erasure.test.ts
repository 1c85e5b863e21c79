import fs from 'node:fs'
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { listStore, storagePath } from '#app/utils/document-store.server.ts'
import { addDocument } from '#tests/document-fixtures.ts'
import { createTestCase, createUser, getTeams, requestAs, settle, statusOf } from '#tests/factories.ts'
import { SAMPLE_FILES } from '#tests/fixtures/documents.ts'
import { addIdentity, fillCaseFile } from '#tests/privacy-fixtures.ts'
import { action } from './cases.$caseId.erasure.tsx'

async function post(userId: string, caseId: string, form: Record<string, string>) {
  return settle(action({ request: await requestAs(userId, `/cases/${caseId}/erasure`, { form }), params: { caseId }, context: {} }))
}

const tables = ['client', 'case', 'contact', 'followUp', 'assignment', 'transfer', 'casePlan', 'planGoal', 'consent', 'referral', 'languageMediation', 'identityKey', 'residenceStatusEntry', 'clientLanguage', 'notification', 'document'] as const
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
    const actor = { id: counsellor.id, role: counsellor.role, teamId: eae.id }
    const consent = await prisma.consent.findFirstOrThrow({ where: { caseId: kase.id }, select: { id: true } })
    const documents = [
      await addDocument({ actor, caseId: kase.id, kindCode: 'CONSENT_SIGNED', linkTo: `consent:${consent.id}` }),
      await addDocument({ actor, caseId: kase.id, bytes: SAMPLE_FILES.heic, name: 'IMG_0001.HEIC' }),
    ]
    const keptDocument = await addDocument({ actor, caseId: other.id })
    const files = (await prisma.document.findMany({ where: { id: { in: documents } }, select: { storageName: true } })).map((row) => storagePath(row.storageName))
    expect(files.every((file) => fs.existsSync(file))).toBe(true)

    // The lead cannot confirm before a request; the counsellor cannot confirm at all.
    expect(statusOf(await post(lead.id, kase.id, { intent: 'confirm', confirm: 'on' }))).toBe(409)
    expect(statusOf(await post(counsellor.id, kase.id, { intent: 'confirm', confirm: 'on' }))).toBe(404)
    expect(statusOf(await post(lead.id, kase.id, { intent: 'request', confirm: 'on' }))).toBe(404)

    expect(statusOf(await post(counsellor.id, kase.id, { intent: 'request' }))).toBe(400)
    expect(statusOf(await post(counsellor.id, kase.id, { intent: 'request', confirm: 'on' }))).toBe(302)
    expect(await prisma.notification.findMany({ where: { kind: 'ERASURE_REQUESTED' }, select: { userId: true } })).toEqual([{ userId: lead.id }])

    // The first confirmation shows what goes, and deletes nothing; the second deletes.
    const summary = (await post(lead.id, kase.id, { intent: 'confirm', confirm: 'on' })) as { data: { confirm: { summary: Record<string, unknown>; fields: [string, string][] } } }
    expect(summary.data.confirm.summary).toEqual({
      code: kase.pseudonymCode,
      cases: 1,
      contacts: await prisma.contact.count({ where: { caseId: kase.id } }),
      consents: await prisma.consent.count({ where: { caseId: kase.id } }),
      referrals: await prisma.referral.count({ where: { caseId: kase.id } }),
      documents: 2,
    })
    expect(summary.data.confirm.fields).toEqual([['intent', 'confirm'], ['confirm', 'on']])
    expect(await prisma.client.count({ where: { id: kase.clientId } })).toBe(1)
    const confirmed = await post(lead.id, kase.id, { intent: 'confirm', confirm: 'on', confirmed: 'yes' })
    expect((confirmed as Response).headers.get('Location')).toBe('/cases?erased=1')
    expect(await counts()).toEqual({ ...before, document: 1 })
    expect(await prisma.case.count({ where: { id: other.id } })).toBe(1)
    // the bytes are gone from the disk; the other client's document stays
    expect(files.some((file) => fs.existsSync(file))).toBe(false)
    const kept = await prisma.document.findUniqueOrThrow({ where: { id: keptDocument }, select: { storageName: true } })
    expect(listStore().files.map((file) => file.storageName)).toEqual([kept.storageName])

    const events = await prisma.auditEvent.findMany({ where: { action: { startsWith: 'client.eras' } }, orderBy: { id: 'asc' } })
    expect(events.map((event) => event.action)).toEqual(['client.erasure-request', 'client.erase'])
    expect(JSON.parse(events[1]!.details!)).toEqual({ cases: 1, documents: 2 })
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
