// The start page's five figures became one raw statement (issue 19, session 11). Each expectation
// below is the former ORM count, run over the same data: own, substituted, shared, closed, queued
// and transferred-away cases, notices of every kind read and unread, and transfer requests open,
// decided, of another team and for a case that has since left the team — for every role.
import { describe, expect, test } from 'vitest'
import { today } from '#app/domain/follow-up.ts'
import { type Actor } from '#app/domain/access-policy.ts'
import { visibleCasesWhere } from '#app/models/case-access.server.ts'
import { ALL_NOTICE_KINDS } from '#app/models/privacy-notice.server.ts'
import { getStartPageCounts } from '#app/models/start-page.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams } from '#tests/factories.ts'
import { plansOf } from '#tests/statement-plans.ts'

const DAY = 86_400_000

// The former readings of the start page's loader (app/routes/_index.tsx before session 11).
async function ormCounts(actor: Actor) {
  const visible = await visibleCasesWhere(actor)
  const [openCases, privacyNotices, waitingInTeam, handoverRequests, handoverAnswers] = await Promise.all([
    prisma.case.count({ where: { AND: [visible, { counsellorId: actor.id, status: { not: 'CLOSED' } }] } }),
    prisma.notification.count({ where: { userId: actor.id, kind: { in: ALL_NOTICE_KINDS }, readAt: null } }),
    actor.role === 'COUNSELLOR' ? prisma.case.count({ where: { teamId: actor.teamId, counsellorId: null, status: { not: 'CLOSED' } } }) : 0,
    actor.role === 'TEAM_LEAD'
      ? prisma.handoverRequest.count({ where: { fromTeamId: actor.teamId, status: 'OPEN', case: { teamId: actor.teamId } } })
      : 0,
    prisma.notification.count({ where: { userId: actor.id, kind: 'HANDOVER_ANSWERED', readAt: null } }),
  ])
  return { openCases, privacyNotices, waitingInTeam, handoverRequests, handoverAnswers }
}

describe('getStartPageCounts', () => {
  test('equals the ORM counts for every role and relation', async () => {
    const { eae, rostock } = await getTeams()
    const counsellor = await createUser({ teamId: eae.id })
    const absent = await createUser({ teamId: eae.id })
    const colleague = await createUser({ teamId: eae.id })
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const stranger = await createUser({ teamId: rostock.id })
    const strangerLead = await createUser({ role: 'TEAM_LEAD', teamId: rostock.id })
    const admin = await createUser({ role: 'ADMIN', teamId: eae.id })
    const day = today(new Date()).date
    // The counsellor substitutes for `absent` today (absences are office days, decision 029).
    await prisma.absence.create({ data: { userId: absent.id, substituteId: counsellor.id, startsOn: new Date(day.getTime() - DAY), endsOn: new Date(day.getTime() + DAY) } })

    const cases = {
      open: await createTestCase({ teamId: eae.id, counsellorId: counsellor.id }),
      active: await createTestCase({ teamId: eae.id, counsellorId: counsellor.id, status: 'ACTIVE' }),
      paused: await createTestCase({ teamId: eae.id, counsellorId: counsellor.id, status: 'PAUSED', sharedForSubstitution: true }),
      closed: await createTestCase({ teamId: eae.id, counsellorId: counsellor.id, status: 'CLOSED' }),
      // still naming the counsellor, but held by another team now: not theirs to see
      transferredAway: await createTestCase({ teamId: rostock.id, counsellorId: counsellor.id }),
      absents: await createTestCase({ teamId: eae.id, counsellorId: absent.id }),
      colleagues: await createTestCase({ teamId: eae.id, counsellorId: colleague.id }),
      shared: await createTestCase({ teamId: eae.id, counsellorId: colleague.id, sharedForSubstitution: true }),
      queued: await createTestCase({ teamId: eae.id }),
      queued2: await createTestCase({ teamId: eae.id, status: 'ACTIVE' }),
      queuedClosed: await createTestCase({ teamId: eae.id, status: 'CLOSED' }),
      rostockQueued: await createTestCase({ teamId: rostock.id }),
      strangers: await createTestCase({ teamId: rostock.id, counsellorId: stranger.id }),
    }

    const kinds = [...ALL_NOTICE_KINDS, 'HANDOVER_ANSWERED', 'HANDOVER_REQUEST', 'ASSIGNED', 'CONSENT_WITHDRAWN']
    for (const user of [counsellor, lead, colleague, strangerLead, admin])
      for (const [index, kind] of kinds.entries()) {
        await prisma.notification.create({ data: { userId: user.id, kind, caseId: cases.open.id } })
        // every other kind once more, and once read
        if (index % 2 === 0) await prisma.notification.create({ data: { userId: user.id, kind } })
        await prisma.notification.create({ data: { userId: user.id, kind, readAt: new Date() } })
      }

    const request = (caseId: string, fromTeamId: string, status = 'OPEN') =>
      prisma.handoverRequest.create({ data: { caseId, fromTeamId, toTeamId: fromTeamId === eae.id ? rostock.id : eae.id, requestedById: stranger.id, reason: 'Umzug', status } })
    await request(cases.open.id, eae.id)
    await request(cases.queued.id, eae.id)
    await request(cases.shared.id, eae.id, 'DECLINED')
    await request(cases.absents.id, eae.id, 'GRANTED')
    // asked of this team, but the case has moved on since
    await request(cases.transferredAway.id, eae.id)
    await request(cases.strangers.id, rostock.id)

    const expected = new Map<string, Awaited<ReturnType<typeof ormCounts>>>()
    for (const actor of [counsellor, absent, colleague, lead, stranger, strangerLead, admin]) {
      const reference = await ormCounts(actor)
      expect(await getStartPageCounts(actor), actor.id).toEqual(reference)
      expect(typeof (await getStartPageCounts(actor)).openCases).toBe('number')
      expected.set(actor.id, reference)
    }
    // The data reach every figure (a comparison of zeros would prove nothing).
    expect(expected.get(counsellor.id)).toEqual({ openCases: 3, privacyNotices: 14, waitingInTeam: 2, handoverRequests: 0, handoverAnswers: 1 })
    expect(expected.get(lead.id)).toMatchObject({ openCases: 0, waitingInTeam: 0, handoverRequests: 2, handoverAnswers: 1 })
    expect(expected.get(strangerLead.id)).toMatchObject({ handoverRequests: 1 })
  })

  // Session 25: the open cases of a counsellor (own, substituted and shared ones in the filter) and of a
  // team lead, and a counsellor's cases waiting in the team, are counted from the index alone — no
  // look-up of each case's row for `sharedForSubstitution` — as the two ranges of statuses around
  // 'CLOSED' (no walk over the closed cases), with the figures of the ORM's counts.
  test("counts the actor's open cases and the team's waiting ones from the index's ranges alone, with the ORM's figures", async () => {
    const { eae, rostock } = await getTeams()
    const counsellor = await createUser({ teamId: eae.id })
    const colleague = await createUser({ teamId: eae.id })
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    for (const status of ['OPEN', 'ACTIVE', 'PAUSED', 'CLOSED', 'CLOSED']) {
      await createTestCase({ teamId: eae.id, counsellorId: counsellor.id, status, sharedForSubstitution: status === 'ACTIVE' })
      await createTestCase({ teamId: eae.id, status })
    }
    await createTestCase({ teamId: rostock.id, counsellorId: counsellor.id })
    await createTestCase({ teamId: rostock.id })
    await createTestCase({ teamId: eae.id, counsellorId: colleague.id, sharedForSubstitution: true })
    const figures = { [counsellor.id]: [3, 3], [lead.id]: [0, 0], [colleague.id]: [1, 3] }
    for (const actor of [counsellor, lead, colleague]) {
      const caught = await plansOf(async () => {
        const counts = await getStartPageCounts(actor)
        expect([counts.openCases, counts.waitingInTeam], actor.id).toEqual(figures[actor.id])
        const orm = await ormCounts(actor)
        expect([counts.openCases, counts.waitingInTeam]).toEqual([orm.openCases, orm.waitingInTeam])
      }, '"openCases"')
      expect(caught).toHaveLength(1)
      const { sql, plan } = caught[0]!
      expect(sql).not.toContain('sharedForSubstitution')
      expect(sql).not.toContain("<> 'CLOSED'")
      // each count two ranges of the index (SQLite writes `IS NULL` as `counsellorId=?` too), no row of "Case" read
      const ranges = plan.match(/SEARCH c USING COVERING INDEX Case_teamId_counsellorId_status_openedAt_id_kind_programme_idx \(teamId=\? AND counsellorId=\? AND status[<>]\?\)/g) ?? []
      expect(ranges, plan).toHaveLength(actor.role === 'COUNSELLOR' ? 4 : 2)
      expect(plan).not.toMatch(/SCAN c\b|SEARCH c USING INDEX Case_teamId_counsellorId_status_openedAt_id_kind_programme_idx/)
    }
  })
})
