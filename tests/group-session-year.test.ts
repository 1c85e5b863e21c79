// A group session walked through the year (issue 15, decision 041): recorded by the EAE's team
// lead with two cases of two counsellors and two participants without a case file; one participant
// case transferred to Rostock, one closed, one erased; then the session corrected and deleted
// (decision 046). At each step: who sees the session and whose pseudonym codes, what it does to the
// cases' first/last contact and status, and where the statistics credit the work (docs/statistics.md R18).
import { describe, expect, test } from 'vitest'
import { scaledAtStart } from '#tests/setup/slowdown.ts'
import { today } from '#app/domain/follow-up.ts'
import { confirmErasure, requestErasure } from '#app/models/erasure.server.ts'
import { computeAggregates } from '#app/models/statistics.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { catalogueId, createTestCase, createUser, getTeams, inRequest, requestAs, settle, statusOf } from '#tests/factories.ts'
import { loader as timelineLoader } from '#app/routes/cases.$caseId._index.tsx'
import { action as sessionAction, loader as sessionLoader } from '#app/routes/cases.$caseId.group-sessions.$sessionId.tsx'
import { action as newSessionAction } from '#app/routes/cases.$caseId.group-sessions.new.tsx'
import { action as statusAction } from '#app/routes/cases.$caseId.status.tsx'
import { action as transferAction } from '#app/routes/cases.$caseId.transfer.tsx'

type SessionSight = { session: { participants: number; anonymousParticipants: number; otherCasesShown: Array<{ code: string }>; otherCasesHidden: number } }

async function codeOf(caseId: string) {
  return (await prisma.case.findUniqueOrThrow({ where: { id: caseId }, select: { client: { select: { pseudonymCode: true } } } })).client.pseudonymCode
}

/** What the user sees of the session through the case: its timeline entry and its page, or 404. */
async function sightOf(userId: string, caseId: string, sessionId: string) {
  const params = { caseId, sessionId }
  const { result: timeline } = await inRequest(async () => settle(timelineLoader({ request: await requestAs(userId, `/cases/${caseId}`), params, context: {} })))
  const { result: page } = await inRequest(async () => settle(sessionLoader({ request: await requestAs(userId, `/cases/${caseId}/group-sessions/${sessionId}`), params, context: {} })))
  if (statusOf(page) === 404) {
    expect(statusOf(timeline)).toBe(404)
    return null
  }
  const entry = (timeline as { entries: Array<{ kind: string; groupSessionId?: string; participants?: number }> }).entries.find((item) => item.kind === 'group')
  expect(entry?.groupSessionId).toBe(sessionId)
  const sight = (page as SessionSight).session
  expect(entry?.participants).toBe(sight.participants)
  return { participants: sight.participants, shown: sight.otherCasesShown.map((other) => other.code), hidden: sight.otherCasesHidden, timelineText: JSON.stringify(timeline) }
}

async function version(caseId: string) {
  return String((await prisma.case.findUniqueOrThrow({ where: { id: caseId }, select: { version: true } })).version)
}

describe('a group session through the year', () => {
  test('transfer, closure and erasure of participant cases: who sees it, where it counts', { timeout: scaledAtStart(120_000) }, async () => {
    const { eae, rostock } = await getTeams()
    const year = Number(today().day.slice(0, 4))
    const lead = await createUser({ teamId: eae.id, role: 'TEAM_LEAD', displayName: 'Lea Leitung' })
    const anna = await createUser({ teamId: eae.id, displayName: 'Anna' })
    const ben = await createUser({ teamId: eae.id, displayName: 'Ben' })
    const rostockLead = await createUser({ teamId: rostock.id, role: 'TEAM_LEAD', displayName: 'Rolf Rostock' })
    const openedAt = new Date(`${year}-01-01T09:00:00Z`)
    const a = await createTestCase({ teamId: eae.id, counsellorId: anna.id, openedAt })
    const b = await createTestCase({ teamId: eae.id, counsellorId: ben.id, openedAt })
    const [codeA, codeB] = [await codeOf(a.id), await codeOf(b.id)]
    const housing = String(await catalogueId('TOPIC', 'HOUSING'))

    // 1. The team lead records the session once, from A, with B and two people without a file.
    const form = { date: today().day, durationMinutes: '120', mode: 'OFFICE', topicIds: [housing], description: 'Wohnungssuche', anonymousParticipants: '2', otherCaseIds: [b.id] }
    const { result: created } = await inRequest(async () => settle(newSessionAction({ request: await requestAs(lead.id, `/cases/${a.id}/group-sessions/new`, { form }), params: { caseId: a.id }, context: {} })), { method: 'POST' })
    expect(statusOf(created)).toBe(302)
    const { id: sessionId } = await prisma.groupSession.findFirstOrThrow({ select: { id: true } })
    // Anna sees it in A with 4 participants, not B's code (Ben's case); Ben likewise from B; the lead both codes.
    expect(await sightOf(anna.id, a.id, sessionId)).toMatchObject({ participants: 4, shown: [], hidden: 1 })
    expect(await sightOf(ben.id, b.id, sessionId)).toMatchObject({ participants: 4, shown: [], hidden: 1 })
    expect((await sightOf(anna.id, a.id, sessionId))!.timelineText).not.toContain(codeB)
    expect(await sightOf(lead.id, a.id, sessionId)).toMatchObject({ shown: [codeB], hidden: 0 })
    expect(await sightOf(rostockLead.id, b.id, sessionId)).toBeNull()
    const counted = async () => ({
      org: (await computeAggregates(year, { teamId: null, programme: null })).keyFigures,
      eae: (await computeAggregates(year, { teamId: eae.id, programme: null })).keyFigures,
      rostock: (await computeAggregates(year, { teamId: rostock.id, programme: null })).keyFigures,
    })
    const once = { sessions: 1, minutes: 120, participantCases: 2, anonymousParticipants: 2 }
    const none = { sessions: 0, minutes: 0, participantCases: 0, anonymousParticipants: 0 }
    // For both cases the session is their first contact: "offen" → "aktiv", first and last contact today.
    for (const id of [a.id, b.id]) {
      const life = await prisma.case.findUniqueOrThrow({ where: { id }, select: { status: true, firstContactAt: true, lastContactAt: true } })
      expect(life).toEqual({ status: 'ACTIVE', firstContactAt: new Date(`${today().day}T00:00:00Z`), lastContactAt: new Date(`${today().day}T00:00:00Z`) })
    }
    let figures = await counted()
    expect(figures.org).toMatchObject({ cases: 2, casesWithWork: 2, contacts: 0, minutes: 0, groupSessions: once })
    expect(figures.eae).toMatchObject({ cases: 2, casesWithWork: 2, groupSessions: once })

    // 2. B moves to Rostock. Rostock's lead now sees the session through B, without A's code (A is
    //    not Rostock's); the EAE lead no longer sees B's code, Ben not the session. The work stays the
    //    EAE's (R18): Rostock holds B as a case (R3) but did not hold the session.
    const { result: transferred } = await inRequest(async () =>
      settle(transferAction({ request: await requestAs(lead.id, `/cases/${b.id}/transfer`, { form: { intent: 'transfer', toTeamId: rostock.id, reason: 'MOVE', version: await version(b.id), confirmed: 'yes' } }), params: { caseId: b.id }, context: {} })),
      { method: 'POST' },
    )
    expect(statusOf(transferred)).toBe(302)
    expect(await sightOf(rostockLead.id, b.id, sessionId)).toMatchObject({ participants: 4, shown: [], hidden: 1 })
    expect((await sightOf(rostockLead.id, b.id, sessionId))!.timelineText).not.toContain(codeA)
    expect(await sightOf(lead.id, a.id, sessionId)).toMatchObject({ shown: [], hidden: 1 })
    expect(await sightOf(ben.id, b.id, sessionId)).toBeNull()
    figures = await counted()
    expect(figures.org).toMatchObject({ cases: 2, groupSessions: once })
    expect(figures.eae).toMatchObject({ cases: 1, casesWithWork: 2, groupSessions: once })
    expect(figures.rostock).toMatchObject({ cases: 1, casesWithWork: 0, groupSessions: none })

    // 3. A is closed: the session stays in its timeline; a closed case joins no new session.
    const reason = await catalogueId('CLOSURE_REASON', 'GOALS_ACHIEVED')
    const { result: closed } = await inRequest(async () =>
      settle(statusAction({ request: await requestAs(anna.id, `/cases/${a.id}/status`, { form: { fromStatus: 'ACTIVE', toStatus: 'CLOSED', closureReasonId: String(reason), confirmed: 'yes' } }), params: { caseId: a.id }, context: {} })),
      { method: 'POST' },
    )
    expect(statusOf(closed)).toBe(302)
    expect(await sightOf(anna.id, a.id, sessionId)).toMatchObject({ participants: 4 })
    const { result: again } = await inRequest(async () => settle(newSessionAction({ request: await requestAs(anna.id, `/cases/${a.id}/group-sessions/new`, { form: { ...form, otherCaseIds: [] } }), params: { caseId: a.id }, context: {} })), { method: 'POST' })
    expect(statusOf(again)).toBe(409)

    // 4. B's client asks for erasure (Art. 17): Rostock erases it. The session stays for A with
    //    its four participants; the statistics keep the participation.
    const rostockCounsellor = await createUser({ teamId: rostock.id, displayName: 'Rita' })
    expect(await requestErasure({ actor: { id: rostockCounsellor.id, role: 'COUNSELLOR', teamId: rostock.id }, caseId: b.id, clientId: b.clientId })).toBe(true)
    expect(await confirmErasure({ actor: { id: rostockLead.id, role: 'TEAM_LEAD', teamId: rostock.id }, caseId: b.id, clientId: b.clientId })).toMatchObject({ ok: true })
    expect(await prisma.case.count({ where: { id: b.id } })).toBe(0)
    expect(await sightOf(anna.id, a.id, sessionId)).toMatchObject({ participants: 4, shown: [], hidden: 1 })
    figures = await counted()
    expect(figures.org).toMatchObject({ cases: 1, groupSessions: once })
    expect(figures.eae).toMatchObject({ cases: 1, casesWithWork: 1, groupSessions: once })
    expect(figures.rostock).toMatchObject({ cases: 0, groupSessions: none })

    // 5. The EAE lead corrects the session from A (an hour and a half, three without a file). The
    //    erased participant stays a participant untouched; Anna, who did not record it, may not.
    const change = async (userId: string, fields: Record<string, string | string[]>) => {
      const request = await requestAs(userId, `/cases/${a.id}/group-sessions/${sessionId}`, { form: fields })
      return (await inRequest(() => settle(sessionAction({ request, params: { caseId: a.id, sessionId }, context: {} })), { method: 'POST' })).result
    }
    const stored = () => prisma.groupSession.findUniqueOrThrow({ where: { id: sessionId }, select: { version: true } })
    const correction = { ...form, durationMinutes: '90', anonymousParticipants: '3', otherCaseIds: [] as string[], version: String((await stored()).version) }
    expect(statusOf(await change(anna.id, correction))).toBe(404)
    expect(statusOf(await change(lead.id, correction))).toBe(302)
    expect(await sightOf(anna.id, a.id, sessionId)).toMatchObject({ participants: 5, shown: [], hidden: 1 })
    figures = await counted()
    expect(figures.org).toMatchObject({ groupSessions: { sessions: 1, minutes: 90, participantCases: 2, anonymousParticipants: 3 } })
    expect(figures.eae).toMatchObject({ groupSessions: { sessions: 1, minutes: 90, participantCases: 2, anonymousParticipants: 3 } })

    // 6. Recorded by mistake after all: the lead deletes it (confirmation step). It leaves A's
    //    timeline and the year's figures; A's contact dates are empty again, its status stays.
    const removal = { intent: 'delete', version: String((await stored()).version) }
    expect(statusOf(await change(lead.id, removal))).toBe(200)
    expect(statusOf(await change(lead.id, { ...removal, confirmed: 'yes' }))).toBe(302)
    const { result: page } = await inRequest(async () => settle(sessionLoader({ request: await requestAs(lead.id, `/cases/${a.id}/group-sessions/${sessionId}`), params: { caseId: a.id, sessionId }, context: {} })))
    expect(statusOf(page)).toBe(404)
    const { result: timeline } = await inRequest(async () => settle(timelineLoader({ request: await requestAs(anna.id, `/cases/${a.id}`), params: { caseId: a.id }, context: {} })))
    expect((timeline as { entries: Array<{ kind: string }> }).entries.some((entry) => entry.kind === 'group')).toBe(false)
    expect(await prisma.case.findUniqueOrThrow({ where: { id: a.id }, select: { status: true, firstContactAt: true, lastContactAt: true } })).toEqual({ status: 'CLOSED', firstContactAt: null, lastContactAt: null })
    figures = await counted()
    expect(figures.org).toMatchObject({ cases: 1, casesWithWork: 0, groupSessions: none })
    expect(figures.eae).toMatchObject({ groupSessions: none })
  })
})
