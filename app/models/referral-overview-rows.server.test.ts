import { describe, expect, test } from 'vitest'
import { waitingTimes } from '#app/domain/referral-lifecycle.ts'
import { visibleCasesWhere } from '#app/models/case-access.server.ts'
import { listOpenReferrals } from '#app/models/referral.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams } from '#tests/factories.ts'
import { seedPartners } from '../../prisma/partners.ts'

const day = 86_400_000

describe('the /referrals page of rows (read as arrays, decision 197)', () => {
  test('every field of every row is the referral, case, counsellor and partner as the ORM reads them', async () => {
    await seedPartners()
    const partner = await prisma.partnerOrganisation.findFirstOrThrow({ select: { id: true, name: true } })
    const { eae } = await getTeams()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const counsellor = await createUser({ teamId: eae.id, displayName: 'Rita Rows' })
    const assigned = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })
    const unassigned = await createTestCase({ teamId: eae.id, counsellorId: null })
    const now = new Date()
    // every date distinct, so that two columns read in each other's place show
    const rows = [
      {
        caseId: assigned.id,
        partnerId: partner.id,
        status: 'ADMITTED',
        urgency: 'CRISIS',
        kind: 'PSYCHOTHERAPY',
        sent: 90,
        clearing: 60,
        admitted: 20,
        flagged: 5,
      },
      {
        caseId: assigned.id,
        partnerId: null,
        status: 'CLEARING_DONE',
        urgency: 'REGULAR',
        kind: 'PSYCHOSOCIAL_CENTRE',
        sent: 50,
        clearing: 11,
        admitted: null,
        flagged: null,
      },
      {
        caseId: unassigned.id,
        partnerId: partner.id,
        status: 'INQUIRY',
        urgency: 'REGULAR',
        kind: 'IMMIGRATION_OFFICE',
        sent: 3,
        clearing: null,
        admitted: null,
        flagged: 1,
      },
      {
        caseId: unassigned.id,
        partnerId: null,
        status: 'WAITING_LIST',
        urgency: 'CRISIS',
        kind: 'PSYCHOTHERAPY',
        sent: 30,
        clearing: 25,
        admitted: null,
        flagged: null,
      },
    ]
    const at = (daysAgo: number | null) =>
      daysAgo === null ? null : new Date(now.getTime() - daysAgo * day - 3_600_000)
    for (const row of rows) {
      await prisma.referral.create({
        data: {
          caseId: row.caseId,
          partnerId: row.partnerId,
          kind: row.kind,
          urgency: row.urgency,
          status: row.status,
          sentAt: at(row.sent)!,
          clearingAt: at(row.clearing),
          admittedAt: at(row.admitted),
          consentFlaggedAt: at(row.flagged),
        },
      })
    }

    const visible = await visibleCasesWhere({ id: lead.id, role: 'TEAM_LEAD', teamId: eae.id })
    const shown = await listOpenReferrals(visible, {}, { userId: lead.id }, { now })
    const threshold = shown.threshold
    const stored = await prisma.referral.findMany({
      where: { case: { teamId: eae.id } },
      orderBy: [{ sentAt: 'asc' }, { id: 'asc' }],
      select: {
        id: true,
        caseId: true,
        kind: true,
        urgency: true,
        status: true,
        sentAt: true,
        clearingAt: true,
        admittedAt: true,
        closedAt: true,
        consentFlaggedAt: true,
        partner: { select: { id: true, name: true } },
        case: {
          select: {
            client: { select: { pseudonymCode: true } },
            counsellor: { select: { displayName: true } },
          },
        },
      },
    })
    // what the page shows (decision 231), from the ORM's rows and the domain's waiting times
    const expected = stored.map((referral) => {
      const waiting = waitingTimes(referral, now)
      return {
        id: referral.id,
        caseId: referral.caseId,
        pseudonymCode: referral.case.client.pseudonymCode,
        partnerName: referral.partner?.name ?? null,
        kind: referral.kind,
        status: referral.status,
        sentAt: referral.sentAt,
        waitingSoFar: waiting.waitingSoFar,
        overThreshold: waiting.waitingSoFar !== null && waiting.waitingSoFar > threshold,
        consentFlagged: referral.consentFlaggedAt !== null,
        crisis: referral.urgency === 'CRISIS',
        counsellorName: referral.case.counsellor?.displayName ?? null,
      }
    })
    expect(shown.referrals).toHaveLength(4)
    // the same keys in the same order: the rows are sent to the browser as they are
    expect(shown.referrals.map((row) => Object.keys(row))).toEqual(expected.map((row) => Object.keys(row)))
    expect(shown.referrals).toEqual(expected)
    // the awkward values are there: no partner, no counsellor, an admitted referral (not waiting), a flag, both
    // urgencies, waits on either side of the threshold
    expect(shown.referrals.map((row) => row.partnerName === null)).toEqual([false, true, true, false])
    expect(shown.referrals.map((row) => row.counsellorName)).toEqual(['Rita Rows', 'Rita Rows', null, null])
    expect(shown.referrals.map((row) => row.waitingSoFar)).toEqual([null, 50, 30, 3])
    expect(shown.referrals.map((row) => [row.overThreshold, row.consentFlagged, row.crisis])).toEqual([
      [false, true, true],
      [true, false, false],
      [true, false, true],
      [false, true, false],
    ])
    // without the counsellors' names (a counsellor's table): the same rows, the name null
    const unnamed = await listOpenReferrals(visible, {}, { userId: lead.id }, { now, counsellorNames: false })
    expect(unnamed.referrals).toEqual(expected.map((row) => ({ ...row, counsellorName: null })))
  })

  test("a team lead's counts without a filter (decision 198) are the ORM's counts: open, flagged and open, over the threshold", async () => {
    await seedPartners()
    const partner = await prisma.partnerOrganisation.findFirstOrThrow({ select: { id: true } })
    const { eae, rostock } = await getTeams()
    await prisma.team.update({ where: { id: eae.id }, data: { referralWaitThresholdDays: 10 } })
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const kase = await createTestCase({ teamId: eae.id })
    const foreign = await createTestCase({ teamId: rostock.id })
    const now = new Date()
    const lead$ = { id: lead.id, role: 'TEAM_LEAD' as const, teamId: eae.id }
    const counts = async () => {
      const { total, flaggedCount, overCount } = await listOpenReferrals(
        await visibleCasesWhere(lead$),
        {},
        { userId: lead.id },
        { now },
      )
      return { total, flaggedCount, overCount }
    }
    const expected = async () => {
      const open = {
        case: { teamId: eae.id },
        status: {
          in: ['INQUIRY', 'REGISTERED', 'CLEARING_APPOINTMENT', 'CLEARING_DONE', 'WAITING_LIST', 'ADMITTED'],
        },
      }
      const waiting = await prisma.referral.findMany({
        where: {
          ...open,
          status: { in: ['INQUIRY', 'REGISTERED', 'CLEARING_APPOINTMENT', 'CLEARING_DONE', 'WAITING_LIST'] },
        },
        select: { sentAt: true, status: true, clearingAt: true, admittedAt: true, closedAt: true },
      })
      return {
        total: await prisma.referral.count({ where: open }),
        flaggedCount: await prisma.referral.count({ where: { ...open, consentFlaggedAt: { not: null } } }),
        overCount: waiting.filter((referral) => (waitingTimes(referral, now).waitingSoFar ?? 0) > 10).length,
      }
    }
    // none at all
    expect(await counts()).toEqual({ total: 0, flaggedCount: 0, overCount: 0 })
    const add = (caseId: string, status: string, daysAgo: number, flagged: boolean) =>
      prisma.referral.create({
        data: {
          caseId,
          partnerId: partner.id,
          kind: 'PSYCHOTHERAPY',
          urgency: 'REGULAR',
          status,
          sentAt: new Date(now.getTime() - daysAgo * day),
          consentFlaggedAt: flagged ? now : null,
        },
        select: { id: true },
      })
    await add(kase.id, 'WAITING_LIST', 20, true)
    await add(kase.id, 'ADMITTED', 30, true) // open, flagged, not waiting
    await add(kase.id, 'INQUIRY', 2, false)
    await add(kase.id, 'COMPLETED', 40, true) // closed: in no count
    await add(kase.id, 'DECLINED', 40, false)
    await add(foreign.id, 'WAITING_LIST', 20, true) // another team's
    const flaggedLater = await add(kase.id, 'CLEARING_DONE', 15, false)
    expect(await counts()).toEqual(await expected())
    expect(await counts()).toEqual({ total: 4, flaggedCount: 2, overCount: 2 })
    // a flag set, and a flagged referral closed: the next view counts them
    await prisma.referral.update({ where: { id: flaggedLater.id }, data: { consentFlaggedAt: now } })
    expect(await counts()).toEqual({ total: 4, flaggedCount: 3, overCount: 2 })
    await prisma.referral.updateMany({
      where: { caseId: kase.id, status: 'WAITING_LIST' },
      data: { status: 'CANCELLED', closedAt: now },
    })
    expect(await counts()).toEqual(await expected())
    expect(await counts()).toEqual({ total: 3, flaggedCount: 2, overCount: 1 })
  })
})
