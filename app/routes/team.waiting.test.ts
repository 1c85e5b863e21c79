// Handovers that arrive (issue 14, item 6): a case transferred to another team waits in that team's
// queue, its lead sees it on the start page and in the notices, a counsellor of the team asks to take
// it without seeing the file, and the lead's one click assigns them — exactly once, also when two
// leads decide at the same moment.
import { type LoaderFunctionArgs } from '@remix-run/node'
import { describe, expect, test } from 'vitest'
import { completeTransfer } from '#app/models/transfer.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams, inRequest, requestAs, settle, statusOf } from '#tests/factories.ts'
import { loader as homeLoader } from './_index.tsx'
import { loader as overviewLoader } from './cases.$caseId._index.tsx'
import { loader as transferLoader } from './cases.$caseId.transfer.tsx'
import { loader as noticesLoader } from './privacy.notices.tsx'
import { action as teamAction, loader as teamLoader } from './team._index.tsx'
import { action, loader } from './team.waiting.tsx'

let teamCounter = 0

/** A receiving team of its own (its queue and notices are read as a whole) with a lead and two counsellors. */
async function arrange({ sharedByDefault = false } = {}) {
  teamCounter += 1
  const teams = await getTeams()
  const team = await prisma.team.create({ data: { name: `Beratungsstelle Test ${teamCounter}-${Date.now()}`, kind: 'REGIONAL', defaultSharedForSubstitution: sharedByDefault }, select: { id: true, name: true } })
  const lead = await createUser({ role: 'TEAM_LEAD', teamId: team.id })
  const secondLead = await createUser({ role: 'TEAM_LEAD', teamId: team.id })
  const anna = await createUser({ teamId: team.id, displayName: 'Anna Receiving' })
  const ben = await createUser({ teamId: team.id, displayName: 'Ben Receiving' })
  const sender = await createUser({ role: 'TEAM_LEAD', teamId: teams.eae.id })
  const senderCounsellor = await createUser({ teamId: teams.eae.id })
  const kase = await createTestCase({ teamId: teams.eae.id, counsellorId: senderCounsellor.id })
  await prisma.contact.create({
    data: { caseId: kase.id, authorId: senderCounsellor.id, date: new Date(), durationMinutes: 30, mode: 'OFFICE', setting: 'INDIVIDUAL', confidentialNote: 'Nur für die Beratung' },
  })
  const moved = await inRequest(
    () =>
      completeTransfer({
        caseId: kase.id,
        fromTeamId: teams.eae.id,
        actor: sender,
        input: { toTeamId: team.id, reason: 'MOVE', handoverNote: 'Termin beim Sozialamt am Montag', version: kase.version },
      }),
    { method: 'POST' },
  )
  expect(moved.result.ok).toBe(true)
  return { teams, team, lead, secondLead, anna, ben, sender, kase }
}

const get = async <T>(fn: (args: LoaderFunctionArgs) => Promise<T>, userId: string, path: string, params: Record<string, string> = {}) =>
  settle(fn({ request: await requestAs(userId, path), params, context: {} }))

async function askFor(userId: string, caseId: string) {
  return settle(action({ request: await requestAs(userId, '/team/waiting', { form: { intent: 'request', caseId } }), params: {}, context: {} }))
}

async function decide(userId: string, form: Record<string, string>) {
  return settle(teamAction({ request: await requestAs(userId, '/team', { form }), params: {}, context: {} }))
}

const caseRow = (id: string) => prisma.case.findUniqueOrThrow({ where: { id }, select: { teamId: true, counsellorId: true, version: true, sharedForSubstitution: true } })

describe('a transferred case arrives', () => {
  test('the receiving lead sees it waiting; a counsellor asks for it without seeing the file; one click assigns them', async () => {
    const { team, lead, anna, ben, kase } = await arrange()

    // The receiving lead's start page: one case waiting, the transfer listed first, and the notice.
    const home = (await get(homeLoader, lead.id, '/')) as Awaited<ReturnType<typeof homeLoader>>
    expect(home.work?.arrivals).toMatchObject({ waiting: 1, requests: 0, transfers: [{ caseId: kase.id, fromTeam: 'EAE Nostorf-Horst' }] })
    expect(home.work?.privacyNotices).toBe(1)
    const notices = (await get(noticesLoader, lead.id, '/privacy/notices')) as Awaited<ReturnType<typeof noticesLoader>>
    expect(notices.notices).toEqual([expect.objectContaining({ kind: 'TRANSFER_IN', caseId: kase.id, reason: 'MOVE', read: false })])

    // The handover note as a banner on the case overview and at the top of the transfer page.
    const overview = (await get(overviewLoader, lead.id, `/cases/${kase.id}`, { caseId: kase.id })) as Awaited<ReturnType<typeof overviewLoader>>
    expect(overview.handover).toMatchObject({ fromTeam: 'EAE Nostorf-Horst', reason: 'MOVE', handoverNote: 'Termin beim Sozialamt am Montag' })

    // A counsellor of the receiving team: the file stays closed (404), the waiting list shows only the
    // queue's columns — no handover note, no confidential note, nothing from the file.
    expect(statusOf(await get(overviewLoader, anna.id, `/cases/${kase.id}`, { caseId: kase.id }))).toBe(404)
    const home2 = (await get(homeLoader, anna.id, '/')) as Awaited<ReturnType<typeof homeLoader>>
    expect(home2.work?.waitingInTeam).toBe(1)
    const waiting = (await get(loader, anna.id, '/team/waiting')) as Awaited<ReturnType<typeof loader>>
    expect(waiting.waiting.total).toBe(1)
    expect(Object.keys(waiting.waiting.rows[0]!).sort()).toEqual(['code', 'id', 'kind', 'languages', 'programme', 'requested', 'transferredFrom', 'waitingDays'])
    expect(waiting.waiting.rows[0]).toMatchObject({ id: kase.id, transferredFrom: 'EAE Nostorf-Horst', requested: false, languages: ['arb'] })
    expect(JSON.stringify(waiting)).not.toContain('Sozialamt')

    // Both ask; asking twice is refused; the lead is notified of each.
    expect((await askFor(anna.id, kase.id) as Response).headers.get('Location')).toBe('/team/waiting?done=requested')
    expect(statusOf(await askFor(anna.id, kase.id))).toBe(409)
    expect((await askFor(ben.id, kase.id) as Response).status).toBe(302)
    expect(await prisma.notification.count({ where: { userId: lead.id, kind: 'TAKEOVER_REQUEST', caseId: kase.id, readAt: null } })).toBe(2)
    const requested = (await get(loader, anna.id, '/team/waiting')) as Awaited<ReturnType<typeof loader>>
    expect(requested.waiting.rows[0]!.requested).toBe(true)

    // The lead's /team lists the requests; confirming Anna's assigns her (audited), answers Ben's.
    const teamPage = (await get(teamLoader, lead.id, '/team')) as Awaited<ReturnType<typeof teamLoader>>
    const annas = teamPage.takeoverRequests.find((request) => request.requestedBy === 'Anna Receiving')!
    expect(teamPage.takeoverRequests).toHaveLength(2)
    const before = await caseRow(kase.id)
    const confirmed = await decide(lead.id, { intent: 'takeover-confirm', requestId: annas.id, version: String(annas.version) })
    expect((confirmed as Response).headers.get('Location')).toBe('/team?done=takeover-confirmed#takeover-heading')
    expect(await caseRow(kase.id)).toMatchObject({ teamId: team.id, counsellorId: anna.id, version: before.version + 1 })
    expect(await prisma.takeoverRequest.findMany({ where: { caseId: kase.id }, select: { requestedById: true, status: true }, orderBy: { status: 'asc' } })).toEqual([
      { requestedById: anna.id, status: 'ACCEPTED' },
      { requestedById: ben.id, status: 'SUPERSEDED' },
    ])
    expect(await prisma.assignment.findFirst({ where: { caseId: kase.id, toUserId: anna.id }, select: { assignedById: true, note: true, readAt: true } })).toEqual({ assignedById: lead.id, note: 'takeover', readAt: null })
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: 'case.assign', caseId: kase.id }, select: { userId: true, details: true } })
    expect(event.userId).toBe(lead.id)
    expect(JSON.parse(event.details!)).toMatchObject({ toUserId: anna.id, via: 'takeover' })
    expect(await prisma.auditEvent.count({ where: { action: 'case.takeover-request', caseId: kase.id } })).toBe(2)
    expect(await prisma.notification.count({ where: { kind: 'TAKEOVER_REQUEST', caseId: kase.id, readAt: null } })).toBe(0)

    // Anna now reads the file — and the sender's confidential note (assigned counsellor); the lead
    // never reads its text (PRODUCT.md §9). The banner is gone once the case is assigned.
    const annaView = (await get(overviewLoader, anna.id, `/cases/${kase.id}`, { caseId: kase.id })) as Awaited<ReturnType<typeof overviewLoader>>
    expect(annaView.handover).toBeNull()
    expect(annaView.entries.some((entry) => entry.kind === 'contact' && entry.hasConfidentialNote)).toBe(true)
    const { requireCaseAccess } = await import('#app/models/case-access.server.ts')
    expect((await requireCaseAccess(anna as never, kase.id, 'read')).allowed).toContain('read-confidential')
    expect((await requireCaseAccess(lead as never, kase.id, 'read')).allowed).not.toContain('read-confidential')
    const gone = (await get(loader, ben.id, '/team/waiting')) as Awaited<ReturnType<typeof loader>>
    expect(gone.waiting.total).toBe(0)
    expect(statusOf(await askFor(ben.id, kase.id))).toBe(404)
  })

  test('"Übergabe ansehen" opens for everyone of the receiving team who reads the case; the forms stay with the transfer right', async () => {
    const { lead, anna, kase } = await arrange({ sharedByDefault: true })
    // The receiving team shares by default: the transfer reset the case to it, so Anna reads it.
    expect((await caseRow(kase.id)).sharedForSubstitution).toBe(true)
    const page = (await get(transferLoader, anna.id, `/cases/${kase.id}/transfer`, { caseId: kase.id })) as Awaited<ReturnType<typeof transferLoader>>
    expect(page.mayTransfer).toBe(false)
    expect(page.targets).toEqual([])
    expect(page.handover).toMatchObject({ handoverNote: 'Termin beim Sozialamt am Montag' })
    expect(page.page.transfers).toHaveLength(1)
    const leadPage = (await get(transferLoader, lead.id, `/cases/${kase.id}/transfer`, { caseId: kase.id })) as Awaited<ReturnType<typeof transferLoader>>
    expect(leadPage.mayTransfer).toBe(true)
    // A shared case waiting for a counsellor can be asked for too.
    expect((await askFor(anna.id, kase.id) as Response).status).toBe(302)
  })

  test('two leads confirming two requests for one case at once: one wins, the other is told, nothing is assigned twice', async () => {
    const { lead, secondLead, anna, ben, kase } = await arrange()
    await askFor(anna.id, kase.id)
    await askFor(ben.id, kase.id)
    const requests = await prisma.takeoverRequest.findMany({ where: { caseId: kase.id }, select: { id: true, requestedById: true } })
    const { version } = await caseRow(kase.id)
    const results = await Promise.all(
      requests.map((request, index) => decide(index === 0 ? lead.id : secondLead.id, { intent: 'takeover-confirm', requestId: request.id, version: String(version) })),
    )
    expect(results.map(statusOf).sort()).toEqual([302, 409])
    const after = await caseRow(kase.id)
    expect(after.version).toBe(version + 1)
    const accepted = await prisma.takeoverRequest.findMany({ where: { caseId: kase.id, status: 'ACCEPTED' }, select: { requestedById: true } })
    expect(accepted).toEqual([{ requestedById: after.counsellorId }])
    expect(await prisma.assignment.count({ where: { caseId: kase.id, note: 'takeover' } })).toBe(1)
    expect(await prisma.auditEvent.count({ where: { action: 'case.assign', caseId: kase.id } })).toBe(1)
  })

  test('a colleague of another team, an assigned case and a lead cannot ask; a stale confirmation changes nothing', async () => {
    const { teams, lead, anna, ben, kase } = await arrange()
    const outsider = await createUser({ teamId: teams.greifswald.id })
    expect(statusOf(await askFor(outsider.id, kase.id))).toBe(404)
    expect(statusOf(await askFor(anna.id, 'c000000000000000000000000'))).toBe(404)
    expect(statusOf(await settle(action({ request: await requestAs(lead.id, '/team/waiting', { form: { intent: 'request', caseId: kase.id } }), params: {}, context: {} })))).toBe(403)
    await askFor(anna.id, kase.id)
    const request = await prisma.takeoverRequest.findFirstOrThrow({ where: { caseId: kase.id }, select: { id: true } })
    const { version } = await caseRow(kase.id)
    // Someone edits the case meanwhile: the one click with the old version is refused.
    await prisma.case.update({ where: { id: kase.id }, data: { version: { increment: 1 } } })
    expect(statusOf(await decide(lead.id, { intent: 'takeover-confirm', requestId: request.id, version: String(version) }))).toBe(409)
    expect((await caseRow(kase.id)).counsellorId).toBeNull()
    // Declining leaves the case waiting; a declined request cannot be confirmed afterwards.
    expect((await decide(lead.id, { intent: 'takeover-decline', requestId: request.id, version: String(version + 1) }) as Response).status).toBe(302)
    expect(statusOf(await decide(lead.id, { intent: 'takeover-confirm', requestId: request.id, version: String(version + 1) }))).toBe(409)
    // A lead of another team cannot decide this team's requests.
    await askFor(ben.id, kase.id)
    const bens = await prisma.takeoverRequest.findFirstOrThrow({ where: { caseId: kase.id, status: 'OPEN' }, select: { id: true } })
    const otherLead = await createUser({ role: 'TEAM_LEAD', teamId: teams.greifswald.id })
    expect(statusOf(await decide(otherLead.id, { intent: 'takeover-confirm', requestId: bens.id, version: String(version + 1) }))).toBe(409)
    expect((await caseRow(kase.id)).counsellorId).toBeNull()
  })
})
