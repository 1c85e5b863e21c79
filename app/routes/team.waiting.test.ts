// Handovers that arrive (issue 14, item 6): a case transferred to another team waits in that team's
// queue, its lead sees it on the start page and in the notices, a counsellor of the team asks to take
// it without seeing the file, and the lead's one click assigns them — exactly once, also when two
// leads decide at the same moment.
import { type LoaderFunctionArgs } from '@remix-run/node'
import { describe, expect, test } from 'vitest'
import { completeTransfer } from '#app/models/transfer.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams, inRequest, requestAs, settle, statusOf } from '#tests/factories.ts'
import { officeDaysAgo } from '#tests/office-days.ts'
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
    expect(Object.keys(waiting.waiting.rows[0]!).sort()).toEqual(['code', 'id', 'kind', 'languages', 'programme', 'requested', 'requeued', 'transferredFrom', 'waitingDays'])
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

// Decision 145: every queued case of the team, transferred-in ones first, then the longest waits, a
// page of 50 at a time — before it, the list read the 100 cases opened first, so a case transferred
// into a larger queue never appeared to the counsellors who could take it.
describe('a queue larger than a page', () => {
  type Waiting = Awaited<ReturnType<typeof loader>>

  async function arrangeLargeQueue() {
    const { teams, team, lead, anna, ben, sender, kase: recent } = await arrange()
    // 119 cases opened 10–128 office days ago (at noon, so the expected days hold at any hour), none assigned.
    const plain: string[] = []
    for (let day = 128; day >= 10; day--) plain.push((await createTestCase({ teamId: team.id, openedAt: officeDaysAgo(day) })).id)
    // Opened 300 days ago, assigned, then handed back to the queue today: it waits since its hand-back (decision 245;
    // until session 31 since its opening), so it is among the cases whose wait began after their opening.
    const handedBack = await createTestCase({ teamId: team.id, counsellorId: anna.id, openedAt: officeDaysAgo(300) })
    await prisma.case.update({ where: { id: handedBack.id }, data: { counsellorId: null } })
    // Transferred in 3 days ago (opened 400 days ago in the sending team): waits 3 days.
    const earlier = await createTestCase({ teamId: teams.eae.id, openedAt: officeDaysAgo(400) })
    const moved = await inRequest(
      () => completeTransfer({ caseId: earlier.id, fromTeamId: teams.eae.id, actor: sender, input: { toTeamId: team.id, reason: 'MOVE', handoverNote: '', version: earlier.version } }),
      { method: 'POST' },
    )
    expect(moved.result.ok).toBe(true)
    await prisma.transfer.updateMany({ where: { caseId: earlier.id, toTeamId: team.id }, data: { at: officeDaysAgo(3), completedAt: officeDaysAgo(3) } })
    // Not in the list: an assigned and a closed case of the team, and another team's waiting cases.
    await createTestCase({ teamId: team.id, counsellorId: ben.id, openedAt: officeDaysAgo(500) })
    await createTestCase({ teamId: team.id, status: 'CLOSED', openedAt: officeDaysAgo(500) })
    const elsewhere = [await createTestCase({ teamId: teams.greifswald.id, openedAt: officeDaysAgo(600) })]
    // The list's order, written out: the cases whose wait began after their opening by their wait (3 days, then
    // today's two in the order of opening: the handed-back one, then the one transferred today), then the others by
    // opening (the plain ones oldest first).
    const expected = [earlier.id, handedBack.id, recent.id, ...plain]
    return { teams, team, lead, anna, ben, recent, earlier, handedBack, plain, elsewhere, expected }
  }

  const pageOf = async (userId: string, page?: string) =>
    (await get(loader, userId, page === undefined ? '/team/waiting' : `/team/waiting?page=${page}`)) as Waiting

  test('shows the transferred-in cases first, then the longest waits, every case on exactly one page', async () => {
    const { team, anna, recent, earlier, handedBack, elsewhere, expected } = await arrangeLargeQueue()
    expect(await prisma.case.count({ where: { teamId: team.id, counsellorId: null, status: { not: 'CLOSED' } } })).toBe(122)

    const first = await pageOf(anna.id)
    expect(first.waiting).toMatchObject({ total: 122, page: 1, pages: 3 })
    expect(first.first).toBe(1)
    expect(first.waiting.rows).toHaveLength(50)
    // the handovers that arrived and the case handed back lead the first page, with where they came from
    expect(first.waiting.rows.slice(0, 3)).toMatchObject([
      { id: earlier.id, transferredFrom: 'EAE Nostorf-Horst', requeued: false, waitingDays: 3 },
      { id: handedBack.id, transferredFrom: null, requeued: true, waitingDays: 0 },
      { id: recent.id, transferredFrom: 'EAE Nostorf-Horst', requeued: false, waitingDays: 0 },
    ])
    expect(first.waiting.rows[3]).toMatchObject({ transferredFrom: null, waitingDays: 128 })

    // All pages together: the order written out, no gaps, no duplicates, nothing of another team.
    const pages = [first, await pageOf(anna.id, '2'), await pageOf(anna.id, '3')]
    expect(pages.map((page) => [page.waiting.page, page.first, page.waiting.rows.length])).toEqual([[1, 1, 50], [2, 51, 50], [3, 101, 22]])
    const ids = pages.flatMap((page) => page.waiting.rows.map((row) => row.id))
    expect(ids).toEqual(expected)
    for (const kase of elsewhere) expect(ids).not.toContain(kase.id)
    // the others' waits never grow down the list
    const days = pages.flatMap((page) => page.waiting.rows.slice(page === first ? 3 : 0).map((row) => row.waitingDays))
    expect(days).toEqual([...days].sort((a, b) => b - a))

    // The same days as the lead's queue for every case both show.
    const { getQueue } = await import('#app/models/team-lead.server.ts')
    const queue = await getQueue(team.id)
    expect(queue.total).toBe(122)
    const shown = new Map(pages.flatMap((page) => page.waiting.rows.map((row) => [row.id, row.waitingDays] as const)))
    for (const row of queue.rows) expect(shown.get(row.id), row.id).toBe(row.waitingDays)

    // Any odd page value is answered with a page: before the first, after the last, not a number.
    expect((await pageOf(anna.id, '0')).waiting.page).toBe(1)
    expect((await pageOf(anna.id, 'abc')).waiting.page).toBe(1)
    const beyond = await pageOf(anna.id, '99')
    expect(beyond.waiting.page).toBe(3)
    expect(beyond.waiting.rows.map((row) => row.id)).toEqual(expected.slice(100))

    // Each view is one audited read of the team's list, with the number of cases shown and the page.
    // Six views above (pages 1, 2, 3, then 0, abc and 99 answered with 1, 1 and 3).
    const events = await prisma.auditEvent.findMany({ where: { userId: anna.id, action: 'takeover.list' }, select: { entityId: true, details: true } })
    expect(events.map((event) => event.entityId)).toEqual(Array(6).fill(team.id))
    const details = events.map((event) => JSON.parse(event.details!) as { shown: number; page: number })
    expect(details.map(({ shown, page }) => `${page}:${shown}`).sort()).toEqual(['1:50', '1:50', '1:50', '2:50', '3:22', '3:22'])
  })

  test('a lead, an administrator and a counsellor of another team see none of the team\'s cases', async () => {
    const { teams, lead, expected } = await arrangeLargeQueue()
    expect(statusOf(await get(loader, lead.id, '/team/waiting'))).toBe(403)
    const admin = await createUser({ role: 'ADMIN', teamId: teams.eae.id })
    expect(statusOf(await get(loader, admin.id, '/team/waiting'))).toBe(403)
    const { listWaitingCases } = await import('#app/models/takeover.server.ts')
    expect(await listWaitingCases(lead as never)).toEqual({ rows: [], total: 0, page: 1, pages: 1 })
    const outsider = await createUser({ teamId: teams.greifswald.id })
    const theirs = await pageOf(outsider.id)
    for (const row of theirs.waiting.rows) expect(expected).not.toContain(row.id)
  })

  test('the seam: a case transferred into a large queue is asked for from the first page, confirmed, and leaves both lists at once', async () => {
    const { team, lead, anna, ben, recent } = await arrangeLargeQueue()
    // Ben is on page 2 and asks for a case there: he is sent back to page 2.
    const second = await pageOf(ben.id, '2')
    const asked = (await settle(
      action({ request: await requestAs(ben.id, '/team/waiting?page=2', { form: { intent: 'request', caseId: second.waiting.rows[0]!.id } }), params: {}, context: {} }),
    )) as Response
    expect(asked.headers.get('Location')).toBe('/team/waiting?page=2&done=requested')
    expect((await pageOf(ben.id, '2')).waiting.rows[0]).toMatchObject({ id: second.waiting.rows[0]!.id, requested: true })

    const first = await pageOf(anna.id)
    expect(first.waiting.rows[2]).toMatchObject({ id: recent.id, requested: false })
    expect(((await askFor(anna.id, recent.id)) as Response).headers.get('Location')).toBe('/team/waiting?done=requested')
    expect((await pageOf(anna.id)).waiting.rows[2]).toMatchObject({ id: recent.id, requested: true })
    // Anna's mark is hers: Ben sees the case unrequested.
    expect((await pageOf(ben.id)).waiting.rows[2]).toMatchObject({ id: recent.id, requested: false })

    const teamPage = (await get(teamLoader, lead.id, '/team')) as Awaited<ReturnType<typeof teamLoader>>
    const annas = teamPage.takeoverRequests.find((request) => request.caseId === recent.id)!
    const confirmed = await decide(lead.id, { intent: 'takeover-confirm', requestId: annas.id, version: String(annas.version) })
    expect((confirmed as Response).status).toBe(302)
    expect((await caseRow(recent.id)).counsellorId).toBe(anna.id)

    // Gone from every page of the counsellors' list and from the lead's queue, the totals one less.
    const after = [await pageOf(ben.id), await pageOf(ben.id, '2'), await pageOf(ben.id, '3')]
    expect(after[0]!.waiting.total).toBe(121)
    const ids = after.flatMap((page) => page.waiting.rows.map((row) => row.id))
    expect(ids).toHaveLength(121)
    expect(new Set(ids).size).toBe(121)
    expect(ids).not.toContain(recent.id)
    const { getQueue } = await import('#app/models/team-lead.server.ts')
    const queue = await getQueue(team.id)
    expect(queue.total).toBe(121)
    expect(queue.rows.map((row) => row.id)).not.toContain(recent.id)
  })
})
