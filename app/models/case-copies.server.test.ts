// Referral and LanguageMediation carry copies of their case's team, counsellor and substitution
// flag (caseTeamId, caseCounsellorId, caseShared), kept by SQLite triggers; the /referrals and
// /language-mediation overviews filter need-to-know on them. A stale copy would show a case to
// someone who may no longer see it, so: every write is seen by the next request, and after a
// random sequence of writes every copy equals its case.
import { describe, expect, test } from 'vitest'
import { visibleCasesWhere } from '#app/models/case-access.server.ts'
import { mediationSummary } from '#app/models/language-mediation.server.ts'
import { listOpenReferrals } from '#app/models/referral.server.ts'
import { officeYear } from '#app/domain/follow-up.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams } from '#tests/factories.ts'

async function addReferral(caseId: string) {
  return prisma.referral.create({
    data: { caseId, kind: 'LEGAL_ADVICE', urgency: 'REGULAR', status: 'REGISTERED', sentAt: new Date() },
    select: { id: true },
  })
}

async function addMediation(caseId: string) {
  const now = new Date()
  return prisma.languageMediation.create({
    data: {
      caseId,
      languageCode: 'arb',
      mode: 'PHONE',
      providerKind: 'POOL',
      requestedAt: now,
      performedAt: now,
      billedMinutes: 45,
      costCents: 3000,
      status: 'DONE',
    },
    select: { id: true },
  })
}

async function sees(user: Parameters<typeof visibleCasesWhere>[0] & { id: string }, referralId: string) {
  const visible = await visibleCasesWhere(user)
  const { referrals } = await listOpenReferrals(visible, {}, { userId: user.id })
  const summary = await mediationSummary(visible, officeYear(new Date()))
  return { referral: referrals.some((row) => row.id === referralId), assignments: summary.total.count }
}

async function staleCopies() {
  const referrals = await prisma.$queryRawUnsafe<unknown[]>(
    `SELECT r."id" FROM "Referral" r JOIN "Case" c ON c."id" = r."caseId"
     WHERE r."caseTeamId" IS NOT c."teamId" OR r."caseCounsellorId" IS NOT c."counsellorId"
       OR r."caseShared" IS NOT c."sharedForSubstitution"`,
  )
  const mediations = await prisma.$queryRawUnsafe<unknown[]>(
    `SELECT m."id" FROM "LanguageMediation" m JOIN "Case" c ON c."id" = m."caseId"
     WHERE m."caseTeamId" IS NOT c."teamId" OR m."caseCounsellorId" IS NOT c."counsellorId"
       OR m."caseShared" IS NOT c."sharedForSubstitution"`,
  )
  return referrals.length + mediations.length
}

describe('case copies on referrals and mediations', () => {
  test('reassigning, sharing and transferring a case is seen by the next overview at once', async () => {
    const { eae, rostock } = await getTeams()
    const first = await createUser({ teamId: eae.id })
    const second = await createUser({ teamId: eae.id })
    const rostockLead = await createUser({ role: 'TEAM_LEAD', teamId: rostock.id })
    const kase = await createTestCase({ teamId: eae.id, counsellorId: first.id })
    const { id: referralId } = await addReferral(kase.id)
    await addMediation(kase.id)

    expect(await sees(first, referralId)).toEqual({ referral: true, assignments: 1 })
    expect(await sees(second, referralId)).toEqual({ referral: false, assignments: 0 })

    await prisma.case.update({ where: { id: kase.id }, data: { counsellorId: second.id } })
    expect(await sees(first, referralId)).toEqual({ referral: false, assignments: 0 })
    expect(await sees(second, referralId)).toEqual({ referral: true, assignments: 1 })

    await prisma.case.update({ where: { id: kase.id }, data: { sharedForSubstitution: true } })
    expect(await sees(first, referralId)).toEqual({ referral: true, assignments: 1 })

    await prisma.case.update({ where: { id: kase.id }, data: { teamId: rostock.id, counsellorId: null, sharedForSubstitution: false } })
    expect(await sees(first, referralId)).toEqual({ referral: false, assignments: 0 })
    expect(await sees(second, referralId)).toEqual({ referral: false, assignments: 0 })
    const { referral } = await sees(rostockLead, referralId)
    expect(referral).toBe(true)
  })

  test('after random writes on every path every copy equals its case', async () => {
    const { eae, rostock } = await getTeams()
    const teams = [eae.id, rostock.id]
    const counsellors = [
      await createUser({ teamId: eae.id }),
      await createUser({ teamId: eae.id }),
      await createUser({ teamId: rostock.id }),
    ]
    const cases = [
      await createTestCase({ teamId: eae.id, counsellorId: counsellors[0]!.id }),
      await createTestCase({ teamId: eae.id }),
      await createTestCase({ teamId: rostock.id, counsellorId: counsellors[2]!.id }),
      await createTestCase({ teamId: rostock.id, sharedForSubstitution: true }),
    ]
    let state = 20261205
    const random = (n: number) => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0
      return Math.floor((state / 2 ** 32) * n)
    }
    const pick = <T,>(items: T[]) => items[random(items.length)]!
    const referrals: string[] = []
    const mediations: string[] = []
    for (let step = 0; step < 120; step += 1) {
      const kase = pick(cases)
      switch (random(7)) {
        case 0:
          referrals.push((await addReferral(kase.id)).id)
          break
        case 1:
          mediations.push((await addMediation(kase.id)).id)
          break
        case 2:
          await prisma.case.update({ where: { id: kase.id }, data: { counsellorId: random(4) === 0 ? null : pick(counsellors).id } })
          break
        case 3:
          await prisma.case.update({ where: { id: kase.id }, data: { sharedForSubstitution: random(2) === 0 } })
          break
        case 4:
          await prisma.case.update({ where: { id: kase.id }, data: { teamId: pick(teams) } })
          break
        case 5:
          if (referrals.length > 0) await prisma.referral.update({ where: { id: pick(referrals) }, data: { caseId: kase.id } })
          break
        default:
          if (mediations.length > 0) await prisma.languageMediation.update({ where: { id: pick(mediations) }, data: { caseId: kase.id } })
      }
    }
    expect(referrals.length + mediations.length).toBeGreaterThan(20)
    expect(await staleCopies()).toBe(0)
  })
})
