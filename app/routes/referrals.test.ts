import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams, inRequest, requestAs, settle, statusOf } from '#tests/factories.ts'
import { asTheBrowserReads, expectLeftToTheMarkup } from '#tests/rows-in-markup.ts'
import { seedPartners } from '../../prisma/partners.ts'
import { loader } from './referrals.tsx'

async function referral(
  caseId: string,
  partnerId: string,
  {
    daysAgo,
    status = 'REGISTERED',
    flagged = false,
  }: { daysAgo: number; status?: string; flagged?: boolean },
) {
  return prisma.referral.create({
    data: {
      caseId,
      partnerId,
      kind: 'PSYCHOSOCIAL_CENTRE',
      urgency: 'REGULAR',
      status,
      sentAt: new Date(Date.now() - daysAgo * 86_400_000),
      consentFlaggedAt: flagged ? new Date() : null,
    },
    select: { id: true },
  })
}

async function overview(userId: string, query = '') {
  return (await loader({
    request: await requestAs(userId, `/referrals${query}`),
    params: {},
    context: {},
  })) as Awaited<ReturnType<typeof loader>>
}

describe('/referrals overview', () => {
  test('shows the open referrals of visible cases only, longest waiting first, with threshold and consent flags', async () => {
    await seedPartners()
    const partner = await prisma.partnerOrganisation.findFirstOrThrow({
      where: { kind: 'PSYCHOSOCIAL_CENTRE' },
      select: { id: true },
    })
    const { eae, rostock } = await getTeams()
    await prisma.team.update({ where: { id: eae.id }, data: { referralWaitThresholdDays: 14 } })
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const counsellor = await createUser({ teamId: eae.id })
    const colleague = await createUser({ teamId: eae.id })
    const stranger = await createUser({ teamId: rostock.id })
    const mine = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })
    const theirs = await createTestCase({ teamId: eae.id, counsellorId: colleague.id })
    const foreign = await createTestCase({ teamId: rostock.id, counsellorId: stranger.id })
    const long = await referral(mine.id, partner.id, { daysAgo: 30 })
    const flagged = await referral(mine.id, partner.id, { daysAgo: 3, flagged: true })
    await referral(mine.id, partner.id, { daysAgo: 40, status: 'COMPLETED' })
    await referral(mine.id, partner.id, { daysAgo: 40, status: 'ADMITTED' })
    await referral(theirs.id, partner.id, { daysAgo: 5 })
    await referral(foreign.id, partner.id, { daysAgo: 5 })

    const own = await overview(counsellor.id)
    expect(own.referrals.map((r) => r.id)).toEqual([expect.any(String), long.id, flagged.id])
    expect(own.referrals[0]!.status).toBe('ADMITTED')
    expect(own.referrals[0]!.overThreshold).toBe(false)
    expect(own.referrals[1]!.overThreshold).toBe(true)
    expect(own.threshold).toBe(14)
    expect(own.referrals.map((r) => r.consentFlagged)).toEqual([false, false, true])
    expect(own.overCount).toBe(1)
    // the case's counsellor is a column of the lead's table only: a counsellor's rows carry no name (decision 231)
    expect(own.referrals.map((r) => r.counsellorName)).toEqual([null, null, null])

    const team = await overview(lead.id)
    expect(team.total).toBe(4)
    expect(team.referrals.map((r) => r.counsellorName).toSorted()).toEqual(
      [counsellor, counsellor, counsellor, colleague].map((person) => person.displayName).toSorted(),
    )
    expect((await overview(lead.id, '?status=WAITING_LIST')).total).toBe(0)
    expect((await overview(lead.id, `?partner=${partner.id}&kind=PSYCHOSOCIAL_CENTRE`)).total).toBe(4)
    expect((await overview(stranger.id)).total).toBe(1)
    expect(await prisma.auditEvent.count({ where: { action: 'referral.list', userId: lead.id } })).toBe(3)
  })

  test('50 rows per page; the counts cover all pages; a page beyond the last shows the last', async () => {
    await seedPartners()
    const partner = await prisma.partnerOrganisation.findFirstOrThrow({ select: { id: true } })
    const { eae } = await getTeams()
    await prisma.team.update({ where: { id: eae.id }, data: { referralWaitThresholdDays: 14 } })
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const kase = await createTestCase({ teamId: eae.id })
    // 55 open referrals, one per day; those sent 15 or more days ago (41) waited longer than 14 days.
    for (let day = 1; day <= 55; day += 1)
      await referral(kase.id, partner.id, { daysAgo: day, flagged: day === 3 })

    const first = await overview(lead.id)
    expect(first).toMatchObject({ total: 55, page: 1, pages: 2, overCount: 41, flaggedCount: 1 })
    expect(first.referrals).toHaveLength(50)
    const second = await overview(lead.id, '?page=2')
    expect(second).toMatchObject({ total: 55, page: 2, overCount: 41, flaggedCount: 1 })
    expect(second.referrals).toHaveLength(5)
    const all = [...first.referrals, ...second.referrals]
    expect(new Set(all.map((r) => r.id)).size).toBe(55)
    expect(all.filter((r) => r.overThreshold)).toHaveLength(41)
    expect((await overview(lead.id, '?page=9')).page).toBe(2)
    expect((await overview(lead.id, '?page=x')).page).toBe(1)
  })

  test('a document leaves the rows and the partner choices to the markup; a `.data` answer carries them; an empty list\'s rows stay in both (decisions 161, 101)', async () => {
    await seedPartners()
    const partner = await prisma.partnerOrganisation.findFirstOrThrow({ select: { id: true } })
    const { eae } = await getTeams()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const kase = await createTestCase({ teamId: eae.id })
    await referral(kase.id, partner.id, { daysAgo: 20, flagged: true })
    await referral(kase.id, partner.id, { daysAgo: 2 })
    const load = async (dataRequest: boolean, query = '') => {
      const { result } = await inRequest(async () => overview(lead.id, query), { dataRequest })
      return { result, sent: await asTheBrowserReads(result) }
    }
    // the rows and the partner filter's choices (read back from the select; session 25)
    const { data } = await expectLeftToTheMarkup(load, ['referrals', 'partners'])
    expect(data.result.referrals).toHaveLength(2)
    expect(data.result.partners.map((option) => option.value)).toEqual([partner.id])
    // No rows, no table to read them back from: the empty list is sent; the partner choices still are not.
    const empty = await load(false, '?status=WAITING_LIST')
    expect(empty.sent.referrals).toEqual([])
    expect(empty.sent).not.toHaveProperty('partners')
    expect(empty.result.partners).toEqual(data.result.partners)
  })

  test('administrators get 403', async () => {
    const admin = await createUser({ role: 'ADMIN' })
    expect(
      statusOf(
        await settle(loader({ request: await requestAs(admin.id, '/referrals'), params: {}, context: {} })),
      ),
    ).toBe(403)
  })
})
