import { describe, expect, test } from 'vitest'
import { requireCaseAccess } from '#app/models/case-access.server.ts'
import { listPendingTransferRequests } from '#app/models/transfer.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams, requestAs, settle, statusOf } from '#tests/factories.ts'
import { loader as contactLoader } from './cases.$caseId.contacts.$contactId.tsx'
import { action, loader } from './cases.$caseId.transfer.tsx'

async function setup() {
  const teams = await getTeams()
  const eaeLead = await createUser({ role: 'TEAM_LEAD', teamId: teams.eae.id })
  const eaeCounsellor = await createUser({ role: 'COUNSELLOR', teamId: teams.eae.id })
  const rostockLead = await createUser({ role: 'TEAM_LEAD', teamId: teams.rostock.id })
  const kase = await createTestCase({ teamId: teams.eae.id, counsellorId: eaeCounsellor.id })
  return { teams, eaeLead, eaeCounsellor, rostockLead, kase }
}

async function post(userId: string, caseId: string, form: Record<string, string>) {
  return settle(action({ request: await requestAs(userId, `/cases/${caseId}/transfer`, { form }), params: { caseId }, context: {} }))
}

async function get(userId: string, caseId: string) {
  return settle(loader({ request: await requestAs(userId, `/cases/${caseId}/transfer`), params: { caseId }, context: {} }))
}

async function caseRow(id: string) {
  return prisma.case.findUniqueOrThrow({ where: { id }, select: { teamId: true, counsellorId: true, version: true } })
}

describe('transfer between teams', () => {
  test('the team lead transfers: new team, unassigned, history, notification, audit; the old team loses access', async () => {
    const { teams, eaeLead, eaeCounsellor, rostockLead, kase } = await setup()
    const inactiveLead = await createUser({ role: 'TEAM_LEAD', teamId: teams.rostock.id, active: false })
    const form = { intent: 'transfer', toTeamId: teams.rostock.id, reason: 'DISTRIBUTION', handoverNote: 'Termin Ausländerbehörde am 12.', version: String(kase.version) }
    // First the summary (issue 14, item 7): nothing moves until it is confirmed.
    const summary = await post(eaeLead.id, kase.id, form)
    expect(statusOf(summary)).toBe(200)
    expect((summary as unknown as { data: { confirm: { toTeamId: string; fields: string[][] } } }).data.confirm).toMatchObject({ toTeamId: teams.rostock.id })
    expect((await caseRow(kase.id)).teamId).toBe(teams.eae.id)
    const result = await post(eaeLead.id, kase.id, { ...form, confirmed: 'yes' })
    expect((result as Response).headers.get('Location')).toBe('/cases?transferred=1')

    expect(await caseRow(kase.id)).toEqual({ teamId: teams.rostock.id, counsellorId: null, version: kase.version + 1 })
    const transfer = await prisma.transfer.findFirstOrThrow({ where: { caseId: kase.id } })
    expect(transfer).toMatchObject({ fromTeamId: teams.eae.id, toTeamId: teams.rostock.id, status: 'DONE', reason: 'DISTRIBUTION', handoverNote: 'Termin Ausländerbehörde am 12.' })
    expect(transfer.completedAt).not.toBeNull()
    expect(await prisma.assignment.findFirst({ where: { caseId: kase.id }, select: { fromUserId: true, toUserId: true, note: true } })).toEqual({ fromUserId: eaeCounsellor.id, toUserId: null, note: 'transfer' })
    const notices = await prisma.notification.findMany({ where: { caseId: kase.id }, select: { userId: true, kind: true } })
    expect(notices).toEqual([{ userId: rostockLead.id, kind: 'TRANSFER_IN' }])
    expect(notices.some((notice) => notice.userId === inactiveLead.id)).toBe(false)
    const auditRow = await prisma.auditEvent.findFirstOrThrow({ where: { action: 'case.transfer', caseId: kase.id }, select: { userId: true, details: true } })
    expect(auditRow.userId).toBe(eaeLead.id)
    expect(auditRow.details).not.toContain('Ausländerbehörde')

    // The sending team's counsellor and lead get 404; the receiving lead reads the case and its history.
    expect(statusOf(await get(eaeCounsellor.id, kase.id))).toBe(404)
    expect(statusOf(await get(eaeLead.id, kase.id))).toBe(404)
    await expect(requireCaseAccess(eaeCounsellor as never, kase.id, 'read')).rejects.toMatchObject({ status: 404 })
    await expect(requireCaseAccess(rostockLead as never, kase.id, 'read')).resolves.toMatchObject({ id: kase.id })
    const page = (await get(rostockLead.id, kase.id)) as Awaited<ReturnType<typeof loader>>
    expect(page.page.transfers[0]).toMatchObject({ status: 'DONE', handoverNote: 'Termin Ausländerbehörde am 12.' })
  })

  test('same team, inactive team and a stale version are refused; nothing changes', async () => {
    const { teams, eaeLead, kase } = await setup()
    await prisma.team.update({ where: { id: teams.greifswald.id }, data: { active: false } })
    const same = await post(eaeLead.id, kase.id, { intent: 'transfer', toTeamId: teams.eae.id, reason: 'MOVE', version: String(kase.version) })
    expect(statusOf(same)).toBe(400)
    const inactive = await post(eaeLead.id, kase.id, { intent: 'transfer', toTeamId: teams.greifswald.id, reason: 'MOVE', version: String(kase.version) })
    expect(statusOf(inactive)).toBe(400)
    await prisma.case.update({ where: { id: kase.id }, data: { version: { increment: 1 }, updatedById: eaeLead.id } })
    const stale = await post(eaeLead.id, kase.id, { intent: 'transfer', toTeamId: teams.rostock.id, reason: 'MOVE', version: String(kase.version) })
    expect(statusOf(stale)).toBe(409)
    expect((stale as unknown as { data: { decision: { conflict: { teamName: string } } } }).data.decision.conflict.teamName).toBe('EAE Nostorf-Horst')
    expect(await caseRow(kase.id)).toEqual({ teamId: teams.eae.id, counsellorId: kase.counsellorId, version: kase.version + 1 })
    expect(await prisma.transfer.count({ where: { caseId: kase.id } })).toBe(0)
    expect(await prisma.notification.count()).toBe(0)
  })

  test('without the transfer right: 404 (another counsellor of the team, another team, an administrator)', async () => {
    const { teams, kase } = await setup()
    const colleague = await createUser({ role: 'COUNSELLOR', teamId: teams.eae.id })
    const foreignLead = await createUser({ role: 'TEAM_LEAD', teamId: teams.greifswald.id })
    const admin = await createUser({ role: 'ADMIN', teamId: teams.eae.id })
    for (const user of [colleague, foreignLead, admin]) {
      expect(statusOf(await get(user.id, kase.id))).toBe(404)
      expect(statusOf(await post(user.id, kase.id, { intent: 'transfer', toTeamId: teams.rostock.id, reason: 'MOVE', version: String(kase.version) }))).toBe(404)
    }
    expect((await caseRow(kase.id)).teamId).toBe(teams.eae.id)
  })

  test('a counsellor requests, the case stays; the team lead sees it pending and confirms', async () => {
    const { teams, eaeLead, eaeCounsellor, rostockLead, kase } = await setup()
    // A counsellor cannot transfer directly.
    expect(statusOf(await post(eaeCounsellor.id, kase.id, { intent: 'transfer', toTeamId: teams.rostock.id, reason: 'MOVE', version: String(kase.version) }))).toBe(400)
    const requested = await post(eaeCounsellor.id, kase.id, { intent: 'request', toTeamId: teams.rostock.id, reason: 'MOVE', handoverNote: 'Umzug nach Rostock', version: String(kase.version) })
    expect((requested as Response).headers.get('Location')).toBe(`/cases/${kase.id}/transfer?requested=1`)
    expect((await caseRow(kase.id)).teamId).toBe(teams.eae.id)
    expect(statusOf(await post(eaeCounsellor.id, kase.id, { intent: 'request', toTeamId: teams.rostock.id, reason: 'MOVE', version: String(kase.version) }))).toBe(400)

    const pending = await listPendingTransferRequests(teams.eae.id)
    expect(pending).toHaveLength(1)
    expect(pending[0]).toMatchObject({ caseId: kase.id, pseudonymCode: kase.pseudonymCode, toTeam: { id: teams.rostock.id }, reason: 'MOVE' })
    expect(await listPendingTransferRequests(teams.rostock.id)).toEqual([])
    // The counsellor cannot confirm their own request.
    expect(statusOf(await post(eaeCounsellor.id, kase.id, { intent: 'confirm', transferId: pending[0]!.id, version: String(kase.version) }))).toBe(400)

    const confirmed = await post(eaeLead.id, kase.id, { intent: 'confirm', transferId: pending[0]!.id, version: String(kase.version) })
    expect((confirmed as Response).headers.get('Location')).toBe('/cases?transferred=1')
    const transfer = await prisma.transfer.findUniqueOrThrow({ where: { id: pending[0]!.id } })
    expect(transfer).toMatchObject({ status: 'DONE', requestedById: eaeCounsellor.id, confirmedById: eaeLead.id, handoverNote: 'Umzug nach Rostock' })
    expect(await caseRow(kase.id)).toMatchObject({ teamId: teams.rostock.id, counsellorId: null })
    expect(await prisma.notification.count({ where: { userId: rostockLead.id, kind: 'TRANSFER_IN', caseId: kase.id } })).toBe(1)
    expect(await listPendingTransferRequests(teams.eae.id)).toEqual([])
  })

  test('the team lead rejects a request; the case stays', async () => {
    const { teams, eaeLead, eaeCounsellor, kase } = await setup()
    await post(eaeCounsellor.id, kase.id, { intent: 'request', toTeamId: teams.rostock.id, reason: 'MOVE', version: String(kase.version) })
    const [request] = await listPendingTransferRequests(teams.eae.id)
    const rejected = await post(eaeLead.id, kase.id, { intent: 'reject', transferId: request!.id, version: String(kase.version) })
    expect((rejected as Response).headers.get('Location')).toBe(`/cases/${kase.id}/transfer?rejected=1`)
    expect((await prisma.transfer.findUniqueOrThrow({ where: { id: request!.id } })).status).toBe('REJECTED')
    expect(await caseRow(kase.id)).toEqual({ teamId: teams.eae.id, counsellorId: eaeCounsellor.id, version: kase.version })
    expect(await prisma.auditEvent.count({ where: { action: 'case.transfer-reject', caseId: kase.id } })).toBe(1)
  })

  test("sharing for substitution is reset to the receiving team's default, off unless its lead turned it on", async () => {
    const { teams, eaeLead, rostockLead, kase } = await setup()
    await prisma.case.update({ where: { id: kase.id }, data: { sharedForSubstitution: true } })
    const toRostock = await post(eaeLead.id, kase.id, { intent: 'transfer', toTeamId: teams.rostock.id, reason: 'DISTRIBUTION', version: String(kase.version), confirmed: 'yes' })
    expect(statusOf(toRostock)).toBe(302)
    expect(await prisma.case.findUniqueOrThrow({ where: { id: kase.id }, select: { sharedForSubstitution: true } })).toEqual({ sharedForSubstitution: false })
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: 'case.transfer', caseId: kase.id }, select: { details: true } })
    expect(JSON.parse(event.details!)).toMatchObject({ sharedForSubstitution: false })

    // Greifswald's lead turned sharing on: a case moving there is shared — its colleagues read the
    // file, and of the EAE's confidential note only that it exists.
    await prisma.team.update({ where: { id: teams.greifswald.id }, data: { defaultSharedForSubstitution: true } })
    const contact = await prisma.contact.create({
      data: { caseId: kase.id, date: new Date(), durationMinutes: 30, mode: 'OFFICE', setting: 'INDIVIDUAL', confidentialNote: 'Berichtet von Albträumen' },
      select: { id: true },
    })
    const version = (await caseRow(kase.id)).version
    expect(statusOf(await post(rostockLead.id, kase.id, { intent: 'transfer', toTeamId: teams.greifswald.id, reason: 'MOVE', version: String(version), confirmed: 'yes' }))).toBe(302)
    expect(await prisma.case.findUniqueOrThrow({ where: { id: kase.id }, select: { sharedForSubstitution: true } })).toEqual({ sharedForSubstitution: true })
    const greifswaldCounsellor = await createUser({ teamId: teams.greifswald.id })
    const view = await contactLoader({
      request: await requestAs(greifswaldCounsellor.id, `/cases/${kase.id}/contacts/${contact.id}`),
      params: { caseId: kase.id, contactId: contact.id },
      context: {},
    })
    expect(view.contact).toMatchObject({ confidentialNote: null, hasConfidentialNote: true })
    expect(JSON.stringify(view)).not.toContain('Albträumen')
  })
})
