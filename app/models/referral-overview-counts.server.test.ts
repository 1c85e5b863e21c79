import { describe, expect, test } from 'vitest'
import { OPEN_REFERRAL_STATUSES, isWaitingStatus, waitingTimes } from '#app/domain/referral-lifecycle.ts'
import { visibleCasesWhere } from '#app/models/case-access.server.ts'
import { listOpenReferrals, type OpenReferralFilters } from '#app/models/referral.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams } from '#tests/factories.ts'
import { seedPartners } from '../../prisma/partners.ts'

const day = 86_400_000

// A counsellor's counts are each of the three ranges of visible open referrals counted on its own and added up
// (session 28): checked against the ORM's need-to-know filter and a count in JavaScript, for every filter form.
describe("a counsellor's /referrals counts", () => {
  test('are the counts of the referrals the ORM shows the counsellor: own, shared, a substitute\'s, none; every filter', async () => {
    await seedPartners()
    const [partner, other, unused] = await prisma.partnerOrganisation.findMany({ select: { id: true }, orderBy: { id: 'asc' }, take: 3 })
    const { eae, rostock } = await getTeams()
    await prisma.team.update({ where: { id: eae.id }, data: { referralWaitThresholdDays: 10 } })
    const counsellor = await createUser({ teamId: eae.id })
    const colleague = await createUser({ teamId: eae.id })
    const absent = await createUser({ teamId: eae.id })
    const now = new Date()
    const actor = { id: counsellor.id, role: 'COUNSELLOR' as const, teamId: eae.id }
    const filterSets: OpenReferralFilters[] = [
      {},
      { status: 'WAITING_LIST' },
      { status: 'ADMITTED' },
      { kind: 'PSYCHOTHERAPY' },
      { partnerId: partner!.id },
      { partnerId: other!.id, status: 'INQUIRY' },
      { partnerId: partner!.id, kind: 'PSYCHOSOCIAL_CENTRE' },
      { partnerId: unused!.id }, // no open referral with it: ignored
    ]
    const check = async (label: string) => {
      const visible = await visibleCasesWhere(actor)
      const open = await prisma.referral.findMany({
        where: { case: visible, status: { in: [...OPEN_REFERRAL_STATUSES] } },
        select: { status: true, kind: true, partnerId: true, sentAt: true, clearingAt: true, admittedAt: true, closedAt: true, consentFlaggedAt: true },
      })
      const partnerIds = new Set(open.map((referral) => referral.partnerId).filter((id): id is string => id !== null))
      for (const filters of filterSets) {
        const partnerId = filters.partnerId && partnerIds.has(filters.partnerId) ? filters.partnerId : undefined
        const chosen = open.filter(
          (referral) =>
            (!filters.status || referral.status === filters.status) && (!filters.kind || referral.kind === filters.kind) && (!partnerId || referral.partnerId === partnerId),
        )
        const expected = {
          total: chosen.length,
          flaggedCount: chosen.filter((referral) => referral.consentFlaggedAt !== null).length,
          overCount: chosen.filter((referral) => isWaitingStatus(referral.status) && (waitingTimes(referral, now).waitingSoFar ?? 0) > 10).length,
          partners: [...partnerIds].sort(),
        }
        const listed = await listOpenReferrals(visible, filters, { userId: counsellor.id }, { now })
        expect(
          { total: listed.total, flaggedCount: listed.flaggedCount, overCount: listed.overCount, partners: listed.partners.map((p) => p.id).sort() },
          `${label} ${JSON.stringify(filters)}`,
        ).toEqual(expected)
        expect(listed.partnerId, `${label} ${JSON.stringify(filters)}`).toBe(partnerId)
      }
    }
    // none at all
    await check('none')
    const own = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })
    const ownShared = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id, sharedForSubstitution: true })
    const colleagueShared = await createTestCase({ teamId: eae.id, counsellorId: colleague.id, sharedForSubstitution: true })
    const colleagueOwn = await createTestCase({ teamId: eae.id, counsellorId: colleague.id }) // not visible
    const absentOwn = await createTestCase({ teamId: eae.id, counsellorId: absent.id }) // visible while standing in
    const unassigned = await createTestCase({ teamId: eae.id, counsellorId: null })
    const foreign = await createTestCase({ teamId: rostock.id, sharedForSubstitution: true })
    const add = (caseId: string, status: string, daysAgo: number, { partnerId = partner!.id as string | null, flagged = false, kind = 'PSYCHOTHERAPY' } = {}) =>
      prisma.referral.create({
        data: { caseId, partnerId, kind, urgency: 'REGULAR', status, sentAt: new Date(now.getTime() - daysAgo * day), consentFlaggedAt: flagged ? now : null },
        select: { id: true },
      })
    await add(own.id, 'WAITING_LIST', 20, { flagged: true })
    await add(own.id, 'WAITING_LIST', 10) // exactly the threshold: not over it
    await add(own.id, 'ADMITTED', 30, { flagged: true }) // open, flagged, not waiting
    await add(own.id, 'COMPLETED', 40, { flagged: true }) // closed: in no count
    await add(own.id, 'INQUIRY', 0, { partnerId: null }) // no partner
    // a copy of the case's sharing flag that is NULL (the third range, Referral_open_visible_idx's NULLs)
    const unflagged = await add(own.id, 'CLEARING_APPOINTMENT', 14, { partnerId: other!.id, flagged: true })
    await prisma.$executeRaw`UPDATE "Referral" SET "caseShared" = NULL WHERE "id" = ${unflagged.id}`
    await add(ownShared.id, 'INQUIRY', 12, { partnerId: other!.id, kind: 'PSYCHOSOCIAL_CENTRE' })
    await add(ownShared.id, 'CLEARING_DONE', 11, { flagged: true })
    await add(colleagueShared.id, 'WAITING_LIST', 11, { partnerId: other!.id })
    await add(colleagueShared.id, 'DECLINED', 50)
    await add(colleagueOwn.id, 'WAITING_LIST', 40, { flagged: true }) // invisible
    await add(absentOwn.id, 'REGISTERED', 15, { kind: 'PSYCHOSOCIAL_CENTRE' })
    await add(unassigned.id, 'WAITING_LIST', 25)
    await add(foreign.id, 'WAITING_LIST', 20, { flagged: true }) // another team's
    await check('without the absence')
    const listed = await listOpenReferrals(await visibleCasesWhere(actor), {}, { userId: counsellor.id }, { now })
    // own 4 open, own shared 2, the colleague's shared 1 (the absent colleague's and the unassigned case as the ORM decides)
    expect(listed.total).toBeGreaterThanOrEqual(7)
    // standing in for the absent colleague: their unshared cases count too
    await prisma.absence.create({ data: { userId: absent.id, substituteId: counsellor.id, startsOn: new Date(now.getTime() - day), endsOn: new Date(now.getTime() + day) } })
    await check('standing in')
    // a flag set, a referral closed, a case shared: the next view counts them
    await prisma.referral.updateMany({ where: { caseId: own.id, status: 'WAITING_LIST' }, data: { consentFlaggedAt: now } })
    await prisma.referral.updateMany({ where: { caseId: ownShared.id, status: 'INQUIRY' }, data: { status: 'CANCELLED', closedAt: now } })
    await prisma.case.update({ where: { id: colleagueOwn.id }, data: { sharedForSubstitution: true } })
    await check('after writes')
  })
})
