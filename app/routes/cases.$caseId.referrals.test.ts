import { describe, expect, test } from 'vitest'
import { todayInput } from '#app/components/referral-fields.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { seedPartners } from '../../prisma/partners.ts'
import { createTestCase, createUser, getTeams, requestAs, settle, statusOf } from '#tests/factories.ts'
import { action as consentAction } from './cases.$caseId.consents.new.tsx'
import { action as withdrawAction } from './cases.$caseId.consents.$consentId.withdraw.tsx'
import { action as consentListAction } from './cases.$caseId.consents._index.tsx'
import { action as transitionAction, loader as detailLoader } from './cases.$caseId.referrals.$referralId.tsx'
import { loader as listLoader } from './cases.$caseId.referrals._index.tsx'
import { action as createAction, loader as newLoader } from './cases.$caseId.referrals.new.tsx'

const PZG = 'Psychosoziales Zentrum für Geflüchtete Greifswald'

async function partnerId(name: string) {
  return (await prisma.partnerOrganisation.findFirstOrThrow({ where: { name }, select: { id: true } })).id
}

async function setup() {
  // The test template holds catalogues and teams only; the directory is seeded here.
  await seedPartners()
  const { eae, rostock } = await getTeams()
  const counsellor = await createUser({ teamId: eae.id })
  const stranger = await createUser({ teamId: rostock.id })
  const kase = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })
  return { counsellor, stranger, kase, pzg: await partnerId(PZG) }
}

function daysAgo(days: number) {
  return todayInput(new Date(Date.now() - days * 86_400_000))
}

function referralForm(partner: string, overrides: Record<string, string | string[]> = {}) {
  return {
    partnerId: partner,
    kind: 'PSYCHOSOCIAL_CENTRE',
    urgency: 'REGULAR',
    reason: 'Schlafstörungen, Anmeldung',
    mode: 'anonymous',
    sentAt: todayInput(),
    ...overrides,
  }
}

async function createReferral(userId: string, caseId: string, form: Record<string, string | string[]>) {
  const request = await requestAs(userId, `/cases/${caseId}/referrals/new`, { form })
  return settle(createAction({ request, params: { caseId }, context: {} }))
}

async function recordConsent(userId: string, caseId: string, form: Record<string, string | string[]>) {
  const request = await requestAs(userId, `/cases/${caseId}/consents/new`, {
    form: {
      recipientType: 'partner',
      purpose: 'Anmeldung im PSZ',
      dataCategories: ['IDENTITY', 'HEALTH'],
      form: 'WRITTEN',
      givenAt: daysAgo(2),
      ...form,
    },
  })
  const result = await settle(consentAction({ request, params: { caseId }, context: {} }))
  expect(statusOf(result)).toBe(302)
  return (
    await prisma.consent.findFirstOrThrow({
      where: { caseId },
      orderBy: { createdAt: 'desc' },
      select: { id: true },
    })
  ).id
}

function fieldErrors(result: unknown) {
  return (result as { data: { result: { error: Record<string, string[]> } } }).data.result.error
}

describe('creating a referral', () => {
  test('an anonymous first inquiry needs no consent; it starts as INQUIRY with a first step and is audited', async () => {
    const { counsellor, kase, pzg } = await setup()
    const result = await createReferral(counsellor.id, kase.id, referralForm(pzg))
    expect(statusOf(result)).toBe(302)
    const referral = await prisma.referral.findFirstOrThrow({
      where: { caseId: kase.id },
      select: { id: true, status: true, anonymous: true, dataCategories: true, transitions: true },
    })
    expect(referral).toMatchObject({ status: 'INQUIRY', anonymous: true, dataCategories: '' })
    expect(referral.transitions).toHaveLength(1)
    const audited = await prisma.auditEvent.findFirst({
      where: { action: 'referral.create', entityId: referral.id },
    })
    expect(audited?.caseId).toBe(kase.id)
    expect(audited?.details).not.toContain('Schlaf')
  })

  test('passing data without a consent is refused with a field error and nothing is saved', async () => {
    const { counsellor, kase, pzg } = await setup()
    const result = await createReferral(
      counsellor.id,
      kase.id,
      referralForm(pzg, { mode: 'withData', dataCategories: ['IDENTITY'] }),
    )
    expect(statusOf(result)).toBe(400)
    expect(fieldErrors(result).consentId).toEqual(['referrals:errors.consentRequired'])
    expect(await prisma.referral.count({ where: { caseId: kase.id } })).toBe(0)
  })

  test('a consent for another partner, or not covering the categories, is refused; a matching one is accepted', async () => {
    const { counsellor, kase, pzg } = await setup()
    const other = await partnerId('Psychosoziales Zentrum für Geflüchtete Rostock')
    const forOther = await recordConsent(counsellor.id, kase.id, { recipientPartnerId: other })
    let result = await createReferral(
      counsellor.id,
      kase.id,
      referralForm(pzg, { mode: 'withData', dataCategories: ['IDENTITY'], consentId: forOther }),
    )
    expect(fieldErrors(result).consentId).toEqual(['referrals:errors.wrongRecipient'])

    const byKind = await recordConsent(counsellor.id, kase.id, {
      recipientType: 'kind',
      recipientKind: 'PSYCHOSOCIAL_CENTRE',
      dataCategories: ['IDENTITY'],
    })
    result = await createReferral(
      counsellor.id,
      kase.id,
      referralForm(pzg, { mode: 'withData', dataCategories: ['IDENTITY', 'HEALTH'], consentId: byKind }),
    )
    expect(fieldErrors(result).dataCategories).toEqual(['referrals:errors.categoriesNotCovered'])
    expect(await prisma.referral.count({ where: { caseId: kase.id } })).toBe(0)

    result = await createReferral(
      counsellor.id,
      kase.id,
      referralForm(pzg, { mode: 'withData', dataCategories: ['IDENTITY'], consentId: byKind }),
    )
    expect(statusOf(result)).toBe(302)
    const referral = await prisma.referral.findFirstOrThrow({
      where: { caseId: kase.id },
      select: { consentId: true, anonymous: true },
    })
    expect(referral).toEqual({ consentId: byKind, anonymous: false })
  })

  test('an expired consent is refused', async () => {
    const { counsellor, kase, pzg } = await setup()
    const expired = await recordConsent(counsellor.id, kase.id, {
      recipientPartnerId: pzg,
      givenAt: daysAgo(30),
      validUntil: daysAgo(3),
    })
    const result = await createReferral(
      counsellor.id,
      kase.id,
      referralForm(pzg, { mode: 'withData', dataCategories: ['HEALTH'], consentId: expired }),
    )
    expect(fieldErrors(result).consentId).toEqual(['referrals:errors.expired'])
  })

  test('an inactive partner and a consent of another case are field errors; a foreign case is 404', async () => {
    const { counsellor, stranger, kase, pzg } = await setup()
    await prisma.partnerOrganisation.update({ where: { id: pzg }, data: { active: false } })
    let result = await createReferral(counsellor.id, kase.id, referralForm(pzg))
    expect(fieldErrors(result).partnerId).toEqual(['referrals:errors.partnerInactive'])
    result = await createReferral(counsellor.id, kase.id, referralForm('not-a-partner'))
    expect(fieldErrors(result).partnerId).toEqual(['referrals:errors.partnerInactive'])

    const rostockPsz = await partnerId('Psychosoziales Zentrum für Geflüchtete Rostock')
    const otherCase = await createTestCase({ counsellorId: counsellor.id, teamId: kase.teamId })
    const foreignConsent = await recordConsent(counsellor.id, otherCase.id, {
      recipientPartnerId: rostockPsz,
    })
    result = await createReferral(
      counsellor.id,
      kase.id,
      referralForm(rostockPsz, { mode: 'withData', dataCategories: ['HEALTH'], consentId: foreignConsent }),
    )
    expect(fieldErrors(result).consentId).toEqual(['referrals:errors.consentRequired'])

    expect(statusOf(await createReferral(stranger.id, kase.id, referralForm(rostockPsz)))).toBe(404)
    const request = await requestAs(stranger.id, `/cases/${kase.id}/referrals/new`)
    expect(statusOf(await settle(newLoader({ request, params: { caseId: kase.id }, context: {} })))).toBe(404)
    expect(await prisma.referral.count()).toBe(0)
  })

  test('a referral date in the future is refused', async () => {
    const { counsellor, kase, pzg } = await setup()
    const result = await createReferral(
      counsellor.id,
      kase.id,
      referralForm(pzg, { sentAt: todayInput(new Date(Date.now() + 3 * 86_400_000)) }),
    )
    expect(fieldErrors(result).sentAt).toEqual(['referrals:errors.sentAtFuture'])
  })
})

describe('read-only access', () => {
  test('a colleague reading a case shared for substitution sees the referrals without write controls and cannot write', async () => {
    const { counsellor, kase, pzg } = await setup()
    await prisma.case.update({ where: { id: kase.id }, data: { sharedForSubstitution: true } })
    const colleague = await createUser({ teamId: kase.teamId })
    await createReferral(counsellor.id, kase.id, referralForm(pzg))
    const request = await requestAs(colleague.id, `/cases/${kase.id}/referrals`)
    const list = (await listLoader({ request, params: { caseId: kase.id }, context: {} })) as Awaited<
      ReturnType<typeof listLoader>
    >
    expect(list.canWrite).toBe(false)
    expect(list.referrals).toHaveLength(1)
    expect(statusOf(await createReferral(colleague.id, kase.id, referralForm(pzg)))).toBe(404)
    expect(await prisma.referral.count({ where: { caseId: kase.id } })).toBe(1)
  })
})

describe('referral lifecycle steps', () => {
  /** A referral with data under a consent given before it, so that every step may go ahead. */
  async function withReferral(sentDaysAgo = 20) {
    const setupResult = await setup()
    const consentId = await recordConsent(setupResult.counsellor.id, setupResult.kase.id, {
      recipientPartnerId: setupResult.pzg,
      givenAt: daysAgo(sentDaysAgo + 1),
    })
    await createReferral(
      setupResult.counsellor.id,
      setupResult.kase.id,
      referralForm(setupResult.pzg, { sentAt: daysAgo(sentDaysAgo), mode: 'withData', dataCategories: ['HEALTH'], consentId }),
    )
    const referral = await prisma.referral.findFirstOrThrow({
      where: { caseId: setupResult.kase.id },
      select: { id: true },
    })
    return { ...setupResult, referralId: referral.id }
  }

  async function step(userId: string, caseId: string, referralId: string, form: Record<string, string>) {
    const request = await requestAs(userId, `/cases/${caseId}/referrals/${referralId}`, {
      form: { intent: 'transition', ...form },
    })
    return settle(transitionAction({ request, params: { caseId, referralId }, context: {} }))
  }

  test('legal steps are saved with their dates; waiting times follow', async () => {
    const { counsellor, kase, referralId } = await withReferral(20)
    expect(
      statusOf(
        await step(counsellor.id, kase.id, referralId, { to: 'REGISTERED', at: daysAgo(18), version: '1' }),
      ),
    ).toBe(302)
    expect(
      statusOf(
        await step(counsellor.id, kase.id, referralId, {
          to: 'CLEARING_APPOINTMENT',
          at: daysAgo(15),
          version: '2',
        }),
      ),
    ).toBe(302)
    expect(
      statusOf(
        await step(counsellor.id, kase.id, referralId, {
          to: 'CLEARING_DONE',
          at: daysAgo(10),
          version: '3',
        }),
      ),
    ).toBe(302)
    expect(
      statusOf(
        await step(counsellor.id, kase.id, referralId, { to: 'ADMITTED', at: daysAgo(2), version: '4' }),
      ),
    ).toBe(302)
    const request = await requestAs(counsellor.id, `/cases/${kase.id}/referrals/${referralId}`)
    const result = (await detailLoader({
      request,
      params: { caseId: kase.id, referralId },
      context: {},
    })) as Awaited<ReturnType<typeof detailLoader>>
    expect(result.referral.status).toBe('ADMITTED')
    expect(result.referral.waiting).toEqual({ toClearing: 10, toAdmission: 18, waitingSoFar: null })
    expect(result.referral.transitions.map((t) => t.toStatus)).toEqual([
      'INQUIRY',
      'REGISTERED',
      'CLEARING_APPOINTMENT',
      'CLEARING_DONE',
      'ADMITTED',
    ])
    expect(result.next).toEqual(['COMPLETED', 'CANCELLED'])
    expect(
      await prisma.auditEvent.count({ where: { action: 'referral.transition', entityId: referralId } }),
    ).toBe(4)
  })

  test('an illegal step, a date before the previous step and a stale version are refused', async () => {
    const { counsellor, kase, referralId } = await withReferral(10)
    let result = await step(counsellor.id, kase.id, referralId, {
      to: 'ADMITTED',
      at: todayInput(),
      version: '1',
    })
    expect(statusOf(result)).toBe(400)
    expect(fieldErrors(result).to).toEqual(['referrals:errors.illegal'])
    result = await step(counsellor.id, kase.id, referralId, {
      to: 'REGISTERED',
      at: daysAgo(12),
      version: '1',
    })
    expect(fieldErrors(result).at).toEqual(['referrals:errors.beforePrevious'])
    expect(
      statusOf(
        await step(counsellor.id, kase.id, referralId, { to: 'REGISTERED', at: todayInput(), version: '1' }),
      ),
    ).toBe(302)
    result = await step(counsellor.id, kase.id, referralId, {
      to: 'CANCELLED',
      at: todayInput(),
      version: '1',
    })
    expect(statusOf(result)).toBe(409)
    expect(
      (result as { data: { conflict: { status: string; byName: string } } }).data.conflict,
    ).toMatchObject({ status: 'REGISTERED' })
    const referral = await prisma.referral.findUniqueOrThrow({
      where: { id: referralId },
      select: { status: true, version: true },
    })
    expect(referral).toEqual({ status: 'REGISTERED', version: 2 })
    // Ending the referral: a summary first, then the step on confirmation (issue 14, item 7).
    const summary = await step(counsellor.id, kase.id, referralId, { to: 'CANCELLED', at: todayInput(), version: '2' })
    expect(statusOf(summary)).toBe(200)
    expect((summary as { data: { confirm: { to: string; fields: string[][] } } }).data.confirm).toMatchObject({ to: 'CANCELLED' })
    expect((await prisma.referral.findUniqueOrThrow({ where: { id: referralId }, select: { status: true } })).status).toBe('REGISTERED')
    expect(statusOf(await step(counsellor.id, kase.id, referralId, { to: 'CANCELLED', at: todayInput(), version: '2', confirmed: 'yes' }))).toBe(302)
  })

  test('a referral of another case answers 404, and so does a stranger', async () => {
    const { counsellor, stranger, kase, referralId } = await withReferral()
    const otherCase = await createTestCase({ teamId: kase.teamId, counsellorId: counsellor.id })
    expect(
      statusOf(
        await step(counsellor.id, otherCase.id, referralId, {
          to: 'REGISTERED',
          at: todayInput(),
          version: '1',
        }),
      ),
    ).toBe(404)
    expect(
      statusOf(
        await step(stranger.id, kase.id, referralId, { to: 'REGISTERED', at: todayInput(), version: '1' }),
      ),
    ).toBe(404)
    const request = await requestAs(counsellor.id, `/cases/${otherCase.id}/referrals/${referralId}`)
    expect(
      statusOf(
        await settle(detailLoader({ request, params: { caseId: otherCase.id, referralId }, context: {} })),
      ),
    ).toBe(404)
  })
})

describe('withdrawing a consent', () => {
  test('flags the open referrals under it, blocks new ones and is audited', async () => {
    const { counsellor, kase, pzg } = await setup()
    const consentId = await recordConsent(counsellor.id, kase.id, { recipientPartnerId: pzg })
    const form = referralForm(pzg, { mode: 'withData', dataCategories: ['HEALTH'], consentId })
    expect(statusOf(await createReferral(counsellor.id, kase.id, form))).toBe(302)

    const request = await requestAs(counsellor.id, `/cases/${kase.id}/consents/${consentId}/withdraw`, {
      form: { withdrawnAt: todayInput() },
    })
    const result = await settle(
      withdrawAction({ request, params: { caseId: kase.id, consentId }, context: {} }),
    )
    expect((result as Response).headers.get('Location')).toBe(
      `/cases/${kase.id}/consents?withdrawn=1&flagged=1`,
    )
    const referral = await prisma.referral.findFirstOrThrow({
      where: { caseId: kase.id },
      select: { consentFlaggedAt: true },
    })
    expect(referral.consentFlaggedAt).not.toBeNull()
    expect(
      await prisma.auditEvent.count({ where: { action: 'consent.withdraw', entityId: consentId } }),
    ).toBe(1)

    const again = await createReferral(counsellor.id, kase.id, form)
    expect(fieldErrors(again).consentId).toEqual(['referrals:errors.withdrawn'])
    expect(await prisma.referral.count({ where: { caseId: kase.id } })).toBe(1)

    const list = (await listLoader({
      request: await requestAs(counsellor.id, `/cases/${kase.id}/referrals`),
      params: { caseId: kase.id },
      context: {},
    })) as Awaited<ReturnType<typeof listLoader>>
    expect(list.referrals[0]!.consentFlaggedAt).not.toBeNull()
  })

  test('a withdrawal before the consent was given is a field error', async () => {
    const { counsellor, kase, pzg } = await setup()
    const consentId = await recordConsent(counsellor.id, kase.id, {
      recipientPartnerId: pzg,
      givenAt: daysAgo(1),
    })
    const request = await requestAs(counsellor.id, `/cases/${kase.id}/consents/${consentId}/withdraw`, {
      form: { withdrawnAt: daysAgo(5) },
    })
    const result = await settle(
      withdrawAction({ request, params: { caseId: kase.id, consentId }, context: {} }),
    )
    expect(fieldErrors(result).withdrawnAt).toEqual(['referrals:consents.errors.withdrawnBeforeGiven'])
    expect((await prisma.consent.findUniqueOrThrow({ where: { id: consentId } })).withdrawnAt).toBeNull()
  })

  test('the signed paper can be noted for a written consent only, audited', async () => {
    const { counsellor, stranger, kase, pzg } = await setup()
    const written = await recordConsent(counsellor.id, kase.id, { recipientPartnerId: pzg })
    const oral = await recordConsent(counsellor.id, kase.id, { recipientPartnerId: pzg, form: 'ORAL' })
    const mark = async (userId: string, consentId: string) =>
      settle(
        consentListAction({
          request: await requestAs(userId, `/cases/${kase.id}/consents`, {
            form: { intent: 'paperOnFile', consentId },
          }),
          params: { caseId: kase.id },
          context: {},
        }),
      )
    expect(statusOf(await mark(counsellor.id, written))).toBe(302)
    expect(statusOf(await mark(counsellor.id, oral))).toBe(404)
    expect(statusOf(await mark(stranger.id, written))).toBe(404)
    expect((await prisma.consent.findUniqueOrThrow({ where: { id: written } })).paperOnFile).toBe(true)
    expect(await prisma.auditEvent.count({ where: { action: 'consent.update', entityId: written } })).toBe(1)
  })
})
