import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams, requestAs, settle, statusOf } from '#tests/factories.ts'
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
    expect(own.referrals[1]).toMatchObject({ overThreshold: true, threshold: 14 })
    expect(own.referrals[2]!.consentFlaggedAt).not.toBeNull()
    expect(own.overCount).toBe(1)

    const team = await overview(lead.id)
    expect(team.total).toBe(4)
    expect((await overview(lead.id, '?status=WAITING_LIST')).total).toBe(0)
    expect((await overview(lead.id, `?partner=${partner.id}&kind=PSYCHOSOCIAL_CENTRE`)).total).toBe(4)
    expect((await overview(stranger.id)).total).toBe(1)
    expect(await prisma.auditEvent.count({ where: { action: 'referral.list', userId: lead.id } })).toBe(3)
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
