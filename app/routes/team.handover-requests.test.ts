// Transfer requests across teams (issue 14, item 1, decision 043): a duplicate-check match in another
// team leads to "Übergabe anfragen"; the holding team's lead grants it (a transfer, after a summary)
// or declines it with a reason; the requester is told either way and sees nothing of the case before
// a grant. Parallel answers: exactly one wins.
import { type LoaderFunctionArgs } from '@remix-run/node'
import { describe, expect, test } from 'vitest'
import { requireCaseAccess } from '#app/models/case-access.server.ts'
import { handoverToken, readHandoverToken, requestHandover } from '#app/models/handover-request.server.ts'
import { saveIdentityKey } from '#app/models/identity-key.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams, requestAs, settle, statusOf } from '#tests/factories.ts'
import { loader as homeLoader } from './_index.tsx'
import { action as checkAction, loader as checkLoader } from './clients.check.tsx'
import { loader as teamLoader } from './team._index.tsx'
import { action, loader } from './team.handover-requests.$requestId.tsx'

const NAME = 'Amina Al-Hassan'
const BORN = '1990-04-12'

/** A person counselled in Rostock (a confidential note, an open follow-up); a counsellor and a lead in the EAE. */
async function arrange() {
  const { eae, rostock } = await getTeams()
  const holdingCounsellor = await createUser({ teamId: rostock.id, displayName: 'Rita Rostock' })
  const holdingLead = await createUser({ role: 'TEAM_LEAD', teamId: rostock.id })
  const secondLead = await createUser({ role: 'TEAM_LEAD', teamId: rostock.id })
  const requester = await createUser({ teamId: eae.id, displayName: 'Emil EAE' })
  const requestingLead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
  const kase = await createTestCase({ teamId: rostock.id, counsellorId: holdingCounsellor.id })
  await saveIdentityKey({
    actor: { id: holdingCounsellor.id, role: 'COUNSELLOR', teamId: rostock.id },
    caseId: kase.id,
    clientId: kase.clientId,
    identity: { name: NAME, dateOfBirth: BORN, phone: '' },
  })
  const contact = await prisma.contact.create({
    data: { caseId: kase.id, authorId: holdingCounsellor.id, date: new Date(), durationMinutes: 30, mode: 'OFFICE', setting: 'INDIVIDUAL', confidentialNote: 'Nur für die Beratung' },
    select: { id: true },
  })
  await prisma.followUp.create({ data: { caseId: kase.id, contactId: contact.id, dueDate: new Date(Date.now() + 7 * 86400_000), assigneeId: holdingCounsellor.id, source: 'CONTACT' } })
  return { eae, rostock, holdingCounsellor, holdingLead, secondLead, requester, requestingLead, kase }
}

const get = async <T>(fn: (args: LoaderFunctionArgs) => Promise<T>, userId: string, path: string, params: Record<string, string> = {}) =>
  settle(fn({ request: await requestAs(userId, path), params, context: {} }))

const payload = (result: unknown) => (result as { data: Record<string, unknown> }).data

async function check(userId: string) {
  const result = await settle(checkAction({ request: await requestAs(userId, '/clients/check', { form: { name: NAME, dateOfBirth: BORN } }), params: {}, context: {} }))
  return payload(result).outcome as { kind: 'match'; teams: string[]; requestable: Array<{ team: string; token: string }> }
}

async function ask(userId: string, form: Record<string, string>) {
  return settle(checkAction({ request: await requestAs(userId, '/clients/check', { form: { intent: 'handover-request', ...form } }), params: {}, context: {} }))
}

async function decide(userId: string, requestId: string, form: Record<string, string>) {
  return settle(action({ request: await requestAs(userId, `/team/handover-requests/${requestId}`, { form }), params: { requestId }, context: {} }))
}

async function requestFor(world: Awaited<ReturnType<typeof arrange>>, userId = world.requester.id) {
  const outcome = await check(userId)
  const match = outcome.requestable.find((entry) => entry.team === 'Beratungsstelle Rostock')!
  expect(statusOf(await ask(userId, { token: match.token, team: match.team, reason: 'Umzug in unseren Landkreis' }))).toBe(302)
  return prisma.handoverRequest.findFirstOrThrow({ where: { requestedById: userId, status: 'OPEN' }, select: { id: true, caseId: true }, orderBy: { at: 'desc' } })
}

const ownList = async (userId: string) => payload(await get(checkLoader, userId, '/clients/check')).handoverRequests as Array<Record<string, unknown>>

describe('transfer requests across teams', () => {
  test('request → grant: the case moves to the requesting team and its counsellor, the former team loses it, the answer reaches the requester', async () => {
    const world = await arrange()
    const { kase, requester, holdingLead, holdingCounsellor, requestingLead, eae } = world
    const outcome = await check(requester.id)
    expect(outcome.teams).toEqual(['Beratungsstelle Rostock'])
    expect(outcome.requestable).toHaveLength(1)
    // No case data before the grant: neither the code nor the case id appears in the answer.
    expect(JSON.stringify(outcome)).not.toContain(kase.pseudonymCode)
    expect(JSON.stringify(outcome)).not.toContain(kase.id)

    const request = await requestFor(world)
    expect(request.caseId).toBe(kase.id)
    const mine = await ownList(requester.id)
    expect(mine).toEqual([expect.objectContaining({ team: 'Beratungsstelle Rostock', status: 'OPEN', caseId: null, code: null, reason: 'Umzug in unseren Landkreis' })])
    expect(JSON.stringify(mine)).not.toContain(kase.pseudonymCode)
    await expect(requireCaseAccess(requester as never, kase.id, 'read')).rejects.toMatchObject({ status: 404 })
    expect(await prisma.auditEvent.count({ where: { action: 'case.handover-request', caseId: kase.id, userId: requester.id } })).toBe(1)

    // The holding lead sees it on the start page and the team page; the request page names the case.
    const home = payload({ data: await get(homeLoader, holdingLead.id, '/') }) as unknown as { work: { handoverRequests: number } }
    expect(home.work.handoverRequests).toBe(1)
    const team = (await get(teamLoader, holdingLead.id, '/team')) as Awaited<ReturnType<typeof teamLoader>>
    expect(team.handoverRequests).toEqual([expect.objectContaining({ id: request.id, code: kase.pseudonymCode, requestedBy: 'Emil EAE' })])
    const page = payload(await get(loader, holdingLead.id, `/team/handover-requests/${request.id}`, { requestId: request.id })) as { handover: { case: { code: string; version: number; openFollowUps: number } } }
    expect(page.handover.case).toMatchObject({ code: kase.pseudonymCode, openFollowUps: 1 })

    // First the summary: nothing moves yet.
    const form = { intent: 'grant', reason: 'MOVE', handoverNote: '', version: String(page.handover.case.version) }
    const summary = await decide(holdingLead.id, request.id, form)
    expect(statusOf(summary)).toBe(200)
    expect(payload(summary).confirm).toMatchObject({ reason: 'MOVE' })
    expect((await prisma.case.findUniqueOrThrow({ where: { id: kase.id }, select: { teamId: true } })).teamId).toBe(world.rostock.id)

    const granted = (await decide(holdingLead.id, request.id, { ...form, confirmed: 'yes' })) as Response
    expect(granted.status).toBe(302)
    expect(granted.headers.get('Location')).toBe('/team?done=handover-granted#handover-requests-heading')
    const after = await prisma.case.findUniqueOrThrow({ where: { id: kase.id }, select: { teamId: true, counsellorId: true } })
    expect(after).toEqual({ teamId: eae.id, counsellorId: requester.id })
    const transfer = await prisma.transfer.findFirstOrThrow({ where: { caseId: kase.id, status: 'DONE' }, select: { id: true, fromTeamId: true, toTeamId: true } })
    expect(transfer).toMatchObject({ fromTeamId: world.rostock.id, toTeamId: eae.id })
    expect(await prisma.handoverRequest.findUniqueOrThrow({ where: { id: request.id }, select: { status: true, transferId: true } })).toEqual({ status: 'GRANTED', transferId: transfer.id })
    expect(await prisma.followUp.findMany({ where: { caseId: kase.id, doneAt: null }, select: { assigneeId: true } })).toEqual([{ assigneeId: requester.id }])

    // Access after the transfer: the requester works on the case; the requesting lead reads it without
    // the confidential notes; the former team sees nothing any more.
    expect((await requireCaseAccess(requester as never, kase.id, 'read')).allowed).toContain('write')
    expect((await requireCaseAccess(requestingLead as never, kase.id, 'read')).allowed).not.toContain('read-confidential')
    await expect(requireCaseAccess(holdingCounsellor as never, kase.id, 'read')).rejects.toMatchObject({ status: 404 })
    await expect(requireCaseAccess(holdingLead as never, kase.id, 'read')).rejects.toMatchObject({ status: 404 })

    // The requester is told: the start page counts the answer, the list links the case, reading it settles the notice.
    const requesterHome = payload({ data: await get(homeLoader, requester.id, '/') }) as unknown as { work: { handoverAnswers: number } }
    expect(requesterHome.work.handoverAnswers).toBe(1)
    expect(await ownList(requester.id)).toEqual([expect.objectContaining({ status: 'GRANTED', caseId: kase.id, code: kase.pseudonymCode })])
    expect(await prisma.notification.count({ where: { userId: requester.id, kind: 'HANDOVER_ANSWERED', readAt: null } })).toBe(0)
    expect(await prisma.auditEvent.count({ where: { action: 'case.handover-request-grant', caseId: kase.id } })).toBe(1)
    expect(await prisma.auditEvent.count({ where: { action: 'case.transfer', caseId: kase.id } })).toBe(1)
    // The answered request's page no longer names the case, and a second grant is refused.
    const answered = payload(await get(loader, holdingLead.id, `/team/handover-requests/${request.id}`, { requestId: request.id })) as { handover: { status: string; case: unknown } }
    expect(answered.handover).toMatchObject({ status: 'GRANTED', case: null })
    expect(statusOf(await decide(holdingLead.id, request.id, { ...form, confirmed: 'yes' }))).toBe(409)
  })

  test('request → decline: the requester learns the answer and its reason, nothing of the case', async () => {
    const world = await arrange()
    const { kase, requester, holdingLead } = world
    const request = await requestFor(world)
    expect(statusOf(await decide(holdingLead.id, request.id, { intent: 'decline', declineReason: '' }))).toBe(400)
    const declined = (await decide(holdingLead.id, request.id, { intent: 'decline', declineReason: 'Beratung läuft hier weiter' })) as Response
    expect(declined.headers.get('Location')).toBe('/team?done=handover-declined#handover-requests-heading')
    expect(await prisma.case.findUniqueOrThrow({ where: { id: kase.id }, select: { teamId: true, counsellorId: true } })).toEqual({ teamId: world.rostock.id, counsellorId: world.holdingCounsellor.id })
    const notices = await prisma.notification.findMany({ where: { userId: requester.id }, select: { kind: true, caseId: true } })
    expect(notices).toEqual([{ kind: 'HANDOVER_ANSWERED', caseId: null }])
    const mine = await ownList(requester.id)
    expect(mine).toEqual([expect.objectContaining({ status: 'DECLINED', declineReason: 'Beratung läuft hier weiter', caseId: null, code: null })])
    expect(JSON.stringify(mine)).not.toContain(kase.pseudonymCode)
    await expect(requireCaseAccess(requester as never, kase.id, 'read')).rejects.toMatchObject({ status: 404 })
    expect(await prisma.transfer.count({ where: { caseId: kase.id } })).toBe(0)
    expect(await prisma.auditEvent.count({ where: { action: 'case.handover-request-decline', caseId: kase.id } })).toBe(1)
    // A declined request cannot be granted afterwards.
    const version = (await prisma.case.findUniqueOrThrow({ where: { id: kase.id }, select: { version: true } })).version
    expect(statusOf(await decide(holdingLead.id, request.id, { intent: 'grant', reason: 'MOVE', version: String(version), confirmed: 'yes' }))).toBe(409)
  })

  test('two leads answering at once — grant against grant, grant against decline: exactly one wins, once', async () => {
    for (const second of ['grant', 'decline'] as const) {
      const world = await arrange()
      const { kase, requester, holdingLead, secondLead } = world
      const request = await requestFor(world)
      const { version } = await prisma.case.findUniqueOrThrow({ where: { id: kase.id }, select: { version: true } })
      const grant = { intent: 'grant', reason: 'MOVE', version: String(version), confirmed: 'yes' }
      const results = await Promise.all([
        decide(holdingLead.id, request.id, grant),
        decide(secondLead.id, request.id, second === 'grant' ? grant : { intent: 'decline', declineReason: 'Beratung läuft hier weiter' }),
      ])
      expect(results.map(statusOf).sort()).toEqual([302, 409])
      const { status } = await prisma.handoverRequest.findUniqueOrThrow({ where: { id: request.id }, select: { status: true } })
      const moved = status === 'GRANTED'
      expect(await prisma.transfer.count({ where: { caseId: kase.id, status: 'DONE' } })).toBe(moved ? 1 : 0)
      expect(await prisma.auditEvent.count({ where: { action: 'case.transfer', caseId: kase.id } })).toBe(moved ? 1 : 0)
      expect(await prisma.assignment.count({ where: { caseId: kase.id, note: 'handover-request' } })).toBe(moved ? 1 : 0)
      expect(await prisma.notification.count({ where: { userId: requester.id, kind: 'HANDOVER_ANSWERED' } })).toBe(1)
      expect((await prisma.case.findUniqueOrThrow({ where: { id: kase.id }, select: { teamId: true } })).teamId).toBe(moved ? world.eae.id : world.rostock.id)
    }
  })

  test('bad input and tampering: an empty reason, a forged, foreign or expired token, a second request, a lead of another team', async () => {
    const world = await arrange()
    const { kase, requester, requestingLead, eae } = world
    const outcome = await check(requester.id)
    const token = outcome.requestable[0]!.token
    const empty = await ask(requester.id, { token, team: 'Beratungsstelle Rostock', reason: ' ' })
    expect(statusOf(empty)).toBe(400)
    expect(payload(empty).retry).toEqual({ team: 'Beratungsstelle Rostock', token })
    expect(JSON.stringify(payload(empty).handover)).toContain('privacy:handover.errors.reason')
    const [body, signature] = token.split('.')
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), u: requester.id })).toString('base64url')
    expect(statusOf(await ask(requester.id, { token: `${forged}x.${signature}`, reason: 'Umzug' }))).toBe(409)
    // The token is bound to the person who checked, and expires.
    expect(statusOf(await ask(requestingLead.id, { token, reason: 'Umzug' }))).toBe(409)
    expect(readHandoverToken(handoverToken(kase.id, requester.id, new Date(Date.now() - 31 * 60_000)), requester.id)).toBeNull()
    expect(readHandoverToken(token, requester.id)).toBe(kase.id)
    expect(await prisma.handoverRequest.count()).toBe(0)
    expect(statusOf(await ask(requester.id, { token, reason: 'Umzug in unseren Landkreis' }))).toBe(302)
    expect(await requestHandover({ ...requester, teamId: eae.id, role: 'COUNSELLOR' }, { token, reason: 'noch einmal' })).toEqual({ ok: false, reason: 'already-requested' })
    const request = await prisma.handoverRequest.findFirstOrThrow({ select: { id: true } })
    // The requesting team's lead cannot decide its own request: 404 like an unknown one.
    expect(statusOf(await get(loader, requestingLead.id, `/team/handover-requests/${request.id}`, { requestId: request.id }))).toBe(404)
    expect(statusOf(await decide(requestingLead.id, request.id, { intent: 'decline', declineReason: 'nein' }))).toBe(404)
    expect(statusOf(await get(loader, world.holdingLead.id, '/team/handover-requests/c000000000000000000000000', { requestId: 'c000000000000000000000000' }))).toBe(404)
  })
})
