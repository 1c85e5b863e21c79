// Consent gates every referral step past the anonymous inquiry (issue 12, finding 2; decision 016):
// each transition with a valid, a missing and a withdrawn consent; attaching a consent to an
// existing referral; stale forms and parallel steps.
import { describe, expect, test } from 'vitest'
import { todayInput } from '#app/components/referral-fields.tsx'
import { REFERRAL_TRANSITIONS, stepNeedsConsent, type ReferralStatus } from '#app/domain/referral-lifecycle.ts'
import { prisma } from '#app/utils/db.server.ts'
import { seedPartners } from '../../prisma/partners.ts'
import { createTestCase, createUser, getTeams, requestAs, settle, statusOf } from '#tests/factories.ts'
import { action as consentAction, loader as consentLoader } from './cases.$caseId.consents.new.tsx'
import { action as withdrawAction } from './cases.$caseId.consents.$consentId.withdraw.tsx'
import { action as referralAction, loader as detailLoader } from './cases.$caseId.referrals.$referralId.tsx'
import { action as createAction } from './cases.$caseId.referrals.new.tsx'

const PZG = 'Psychosoziales Zentrum für Geflüchtete Greifswald'
const PZR = 'Psychosoziales Zentrum für Geflüchtete Rostock'
const DAY = 86_400_000

const daysAgo = (days: number) => todayInput(new Date(Date.now() - days * DAY))
const instant = (days: number) => new Date(`${daysAgo(days)}T12:00:00Z`)

async function partner(name: string) {
  return prisma.partnerOrganisation.findFirstOrThrow({ where: { name }, select: { id: true, kind: true } })
}

async function setup() {
  await seedPartners()
  const { eae } = await getTeams()
  const counsellor = await createUser({ teamId: eae.id, displayName: 'Carla Counsellor' })
  const kase = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })
  return { counsellor, kase, pzg: await partner(PZG), pzr: await partner(PZR) }
}

type Setup = Awaited<ReturnType<typeof setup>>

async function consent(caseId: string, recipientPartnerId: string, overrides: Partial<{ dataCategories: string; givenAt: Date; validUntil: Date | null; withdrawnAt: Date | null }> = {}) {
  return prisma.consent.create({
    data: { caseId, recipientPartnerId, purpose: 'Anmeldung', dataCategories: 'IDENTITY,HEALTH', form: 'WRITTEN', givenAt: instant(40), ...overrides },
    select: { id: true },
  })
}

/** A referral that has reached `status` (its last step 20 days ago), with or without a consent. */
async function referralAt(
  { kase, pzg }: Setup,
  status: ReferralStatus,
  { consentId = null, dataCategories = consentId ? 'HEALTH' : '' }: { consentId?: string | null; dataCategories?: string } = {},
) {
  return prisma.referral.create({
    data: {
      caseId: kase.id,
      partnerId: pzg.id,
      kind: 'PSYCHOSOCIAL_CENTRE',
      urgency: 'REGULAR',
      anonymous: !consentId,
      consentId,
      dataCategories,
      status,
      sentAt: instant(30),
      transitions: {
        create: [
          { fromStatus: null, toStatus: 'INQUIRY', at: instant(30) },
          ...(status === 'INQUIRY' ? [] : [{ fromStatus: 'INQUIRY', toStatus: status, at: instant(20) }]),
        ],
      },
    },
    select: { id: true, version: true },
  })
}

async function post(userId: string, caseId: string, referralId: string, form: Record<string, string | string[]>) {
  const request = await requestAs(userId, `/cases/${caseId}/referrals/${referralId}`, { form })
  return settle(referralAction({ request, params: { caseId, referralId }, context: {} }))
}

const step = (userId: string, caseId: string, referralId: string, to: string, version = '1', at = daysAgo(5)) =>
  // confirmed: the second POST of a step that ends the referral (issue 14, item 7); others ignore it
  post(userId, caseId, referralId, { intent: 'transition', to, at, version, confirmed: 'yes' })

type Refusal = { data: { gap?: { problem: string; uncovered: string[]; withdrawnAt: string | null }; step?: string; result?: { error: Record<string, string[]> } } }

async function unchanged(referralId: string, expected: { status: string; version: number; steps: number }) {
  const referral = await prisma.referral.findUniqueOrThrow({ where: { id: referralId }, select: { status: true, version: true, _count: { select: { transitions: true } } } })
  expect({ status: referral.status, version: referral.version, steps: referral._count.transitions }).toEqual(expected)
  expect(await prisma.auditEvent.count({ where: { action: 'referral.transition', entityId: referralId } })).toBe(0)
}

const PAIRS = Object.entries(REFERRAL_TRANSITIONS).flatMap(([from, targets]) => targets.map((to) => [from as ReferralStatus, to] as const))

describe('consent gates every referral step', () => {
  test('the rule: every open status past the inquiry needs consent, the steps that end a referral do not', () => {
    for (const to of ['REGISTERED', 'CLEARING_APPOINTMENT', 'CLEARING_DONE', 'WAITING_LIST', 'ADMITTED']) expect(stepNeedsConsent(to)).toBe(true)
    for (const to of ['INQUIRY', 'COMPLETED', 'DECLINED', 'NO_SHOW', 'CANCELLED']) expect(stepNeedsConsent(to)).toBe(false)
  })

  test.each(PAIRS)('%s → %s: allowed under a valid consent; after its withdrawal only a closing step', async (from, to) => {
    const context = await setup()
    const { counsellor, kase } = context
    const valid = await consent(kase.id, context.pzg.id)
    const ok = await referralAt(context, from, { consentId: valid.id })
    expect(statusOf(await step(counsellor.id, kase.id, ok.id, to))).toBe(302)
    expect((await prisma.referral.findUniqueOrThrow({ where: { id: ok.id }, select: { status: true } })).status).toBe(to)

    const withdrawn = await consent(kase.id, context.pzg.id)
    const blocked = await referralAt(context, from, { consentId: withdrawn.id })
    const request = await requestAs(counsellor.id, `/cases/${kase.id}/consents/${withdrawn.id}/withdraw`, { form: { withdrawnAt: daysAgo(1) } })
    expect(statusOf(await settle(withdrawAction({ request, params: { caseId: kase.id, consentId: withdrawn.id }, context: {} })))).toBe(302)
    const result = await step(counsellor.id, kase.id, blocked.id, to, '1', todayInput())
    if (stepNeedsConsent(to)) {
      expect(statusOf(result)).toBe(400)
      const refusal = (result as Refusal).data
      expect(refusal.gap).toMatchObject({ problem: 'withdrawn' })
      expect(refusal.step).toBe(to)
      expect(refusal.result?.error.to).toEqual(['referrals:errors.consentMissing'])
      await unchanged(blocked.id, { status: from, version: 1, steps: from === 'INQUIRY' ? 1 : 2 })
    } else {
      expect(statusOf(result)).toBe(302)
    }
  })

  test('an anonymous inquiry cannot be registered without a consent; declining or cancelling it can', async () => {
    const context = await setup()
    const { counsellor, kase } = context
    const inquiry = await referralAt(context, 'INQUIRY')
    const refused = await step(counsellor.id, kase.id, inquiry.id, 'REGISTERED')
    expect(statusOf(refused)).toBe(400)
    expect((refused as Refusal).data.gap).toMatchObject({ problem: 'noConsent' })
    await unchanged(inquiry.id, { status: 'INQUIRY', version: 1, steps: 1 })

    // the page says so before anyone tries, with a link to record the consent for this referral
    const page = (await detailLoader({
      request: await requestAs(counsellor.id, `/cases/${kase.id}/referrals/${inquiry.id}`),
      params: { caseId: kase.id, referralId: inquiry.id },
      context: {},
    })) as Awaited<ReturnType<typeof detailLoader>>
    expect(page.gap).toMatchObject({ problem: 'noConsent' })
    expect(page.closingSteps).toEqual(['DECLINED', 'CANCELLED'])
    expect(page.attachable).toEqual([])

    expect(statusOf(await step(counsellor.id, kase.id, inquiry.id, 'DECLINED'))).toBe(302)
  })

  test('a consent that expired before the step, or was given after it, does not carry it', async () => {
    const context = await setup()
    const { counsellor, kase } = context
    const expired = await consent(kase.id, context.pzg.id, { validUntil: instant(10) })
    const referral = await referralAt(context, 'INQUIRY', { consentId: expired.id })
    // a step dated while the consent was valid goes through …
    expect(statusOf(await step(counsellor.id, kase.id, referral.id, 'REGISTERED', '1', daysAgo(12)))).toBe(302)
    // … one dated after it ended does not
    const late = await step(counsellor.id, kase.id, referral.id, 'CLEARING_APPOINTMENT', '2', daysAgo(5))
    expect((late as Refusal).data.gap).toMatchObject({ problem: 'expired' })

    const recent = await consent(kase.id, context.pzg.id, { givenAt: instant(3) })
    const early = await referralAt(context, 'INQUIRY', { consentId: recent.id })
    const before = await step(counsellor.id, kase.id, early.id, 'REGISTERED', '1', daysAgo(5))
    expect((before as Refusal).data.gap).toMatchObject({ problem: 'notYetGiven' })
  })

  test('the page warns only while a step that needs consent is left', async () => {
    const context = await setup()
    const { counsellor, kase } = context
    const withdrawn = await consent(kase.id, context.pzg.id, { withdrawnAt: instant(2) })
    const load = async (referralId: string) =>
      (await detailLoader({
        request: await requestAs(counsellor.id, `/cases/${kase.id}/referrals/${referralId}`),
        params: { caseId: kase.id, referralId },
        context: {},
      })) as Awaited<ReturnType<typeof detailLoader>>
    // admitted: completing or cancelling is all that is left, and neither needs consent
    expect((await load((await referralAt(context, 'ADMITTED', { consentId: withdrawn.id })).id)).gap).toBeNull()
    expect((await load((await referralAt(context, 'WAITING_LIST', { consentId: withdrawn.id })).id)).gap).toMatchObject({ problem: 'withdrawn' })
  })

  test('the categories passed on must be covered: the refusal names the ones missing', async () => {
    const context = await setup()
    const { counsellor, kase } = context
    const narrow = await consent(kase.id, context.pzg.id, { dataCategories: 'IDENTITY' })
    const referral = await referralAt(context, 'INQUIRY', { consentId: narrow.id, dataCategories: 'IDENTITY,HEALTH,FAMILY' })
    const result = await step(counsellor.id, kase.id, referral.id, 'REGISTERED')
    expect((result as Refusal).data.gap).toMatchObject({ problem: 'categoriesNotCovered', uncovered: ['HEALTH', 'FAMILY'] })
    await unchanged(referral.id, { status: 'INQUIRY', version: 1, steps: 1 })
  })
})

describe('attaching a consent to an existing referral', () => {
  const attach = (userId: string, caseId: string, referralId: string, form: Record<string, string | string[]>) =>
    post(userId, caseId, referralId, { intent: 'attach-consent', version: '1', ...form })

  test('an anonymous inquiry gets its consent; the sent date stays and the next step goes through', async () => {
    const context = await setup()
    const { counsellor, kase } = context
    const inquiry = await referralAt(context, 'INQUIRY')
    const given = await consent(kase.id, context.pzg.id, { givenAt: instant(2) })

    const page = (await detailLoader({
      request: await requestAs(counsellor.id, `/cases/${kase.id}/referrals/${inquiry.id}?consent=${given.id}`),
      params: { caseId: kase.id, referralId: inquiry.id },
      context: {},
    })) as Awaited<ReturnType<typeof detailLoader>>
    expect(page.attachable.map((option) => [option.value, option.categories])).toEqual([[given.id, ['IDENTITY', 'HEALTH']]])

    const result = await attach(counsellor.id, kase.id, inquiry.id, { consentId: given.id, dataCategories: ['IDENTITY', 'HEALTH'] })
    expect((result as Response).headers.get('Location')).toBe(`/cases/${kase.id}/referrals/${inquiry.id}?done=consent`)
    const stored = await prisma.referral.findUniqueOrThrow({ where: { id: inquiry.id }, select: { consentId: true, anonymous: true, dataCategories: true, sentAt: true, version: true, status: true } })
    expect(stored).toEqual({ consentId: given.id, anonymous: false, dataCategories: 'IDENTITY,HEALTH', sentAt: instant(30), version: 2, status: 'INQUIRY' })
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: 'referral.consent-attach', entityId: inquiry.id }, select: { userId: true, caseId: true } })
    expect(event).toEqual({ userId: counsellor.id, caseId: kase.id })

    expect(statusOf(await step(counsellor.id, kase.id, inquiry.id, 'REGISTERED', '2', todayInput()))).toBe(302)
  })

  test('refused when the consent is for another partner, does not cover the categories, or the form is stale', async () => {
    const context = await setup()
    const { counsellor, kase } = context
    const inquiry = await referralAt(context, 'INQUIRY')
    const elsewhere = await consent(kase.id, context.pzr.id)
    let result = await attach(counsellor.id, kase.id, inquiry.id, { consentId: elsewhere.id, dataCategories: ['HEALTH'] })
    expect(statusOf(result)).toBe(400)
    expect((result as Refusal).data.gap).toMatchObject({ problem: 'wrongRecipient' })
    expect((result as Refusal).data.result?.error.consentId).toEqual(['referrals:errors.wrongRecipient'])

    const narrow = await consent(kase.id, context.pzg.id, { dataCategories: 'IDENTITY' })
    result = await attach(counsellor.id, kase.id, inquiry.id, { consentId: narrow.id, dataCategories: ['IDENTITY', 'HEALTH'] })
    expect((result as Refusal).data.gap).toMatchObject({ problem: 'categoriesNotCovered', uncovered: ['HEALTH'] })
    expect((result as Refusal).data.result?.error.dataCategories).toEqual(['referrals:errors.categoriesNotCovered'])

    const withdrawn = await consent(kase.id, context.pzg.id, { withdrawnAt: instant(1) })
    result = await attach(counsellor.id, kase.id, inquiry.id, { consentId: withdrawn.id, dataCategories: ['HEALTH'] })
    expect((result as Refusal).data.gap).toMatchObject({ problem: 'withdrawn' })

    result = await attach(counsellor.id, kase.id, inquiry.id, { consentId: narrow.id, dataCategories: [] })
    expect((result as Refusal).data.result?.error.dataCategories).toEqual(['referrals:errors.categoriesRequired'])
    await unchanged(inquiry.id, { status: 'INQUIRY', version: 1, steps: 1 })

    // someone else moved the referral on since the form was loaded
    expect(statusOf(await step(counsellor.id, kase.id, inquiry.id, 'DECLINED'))).toBe(302)
    result = await attach(counsellor.id, kase.id, inquiry.id, { consentId: narrow.id, dataCategories: ['IDENTITY'] })
    expect(statusOf(result)).toBe(409)
    expect((result as { data: { conflict: { status: string; byName: string } } }).data.conflict).toMatchObject({ status: 'DECLINED', byName: 'Carla Counsellor' })
    // and an ended referral takes no consent at all
    result = await attach(counsellor.id, kase.id, inquiry.id, { consentId: narrow.id, dataCategories: ['IDENTITY'], version: '2' })
    expect(statusOf(result)).toBe(400)
    expect(await prisma.referral.findUniqueOrThrow({ where: { id: inquiry.id }, select: { consentId: true } })).toEqual({ consentId: null })
  })

  test('a new consent replaces a withdrawn one and clears its flag; the referral goes on', async () => {
    const context = await setup()
    const { counsellor, kase } = context
    const first = await consent(kase.id, context.pzg.id)
    const referral = await referralAt(context, 'REGISTERED', { consentId: first.id })
    await prisma.consent.update({ where: { id: first.id }, data: { withdrawnAt: instant(3) } })
    await prisma.referral.update({ where: { id: referral.id }, data: { consentFlaggedAt: instant(3) } })
    expect(((await step(counsellor.id, kase.id, referral.id, 'CLEARING_APPOINTMENT')) as Refusal).data.gap).toMatchObject({ problem: 'withdrawn' })
    const second = await consent(kase.id, context.pzg.id, { givenAt: instant(1), dataCategories: 'HEALTH' })
    expect(statusOf(await attach(counsellor.id, kase.id, referral.id, { consentId: second.id, dataCategories: ['HEALTH'] }))).toBe(302)
    expect(await prisma.referral.findUniqueOrThrow({ where: { id: referral.id }, select: { consentId: true, consentFlaggedAt: true } })).toEqual({ consentId: second.id, consentFlaggedAt: null })
    expect(statusOf(await step(counsellor.id, kase.id, referral.id, 'CLEARING_APPOINTMENT', '2', todayInput()))).toBe(302)
  })
})

describe('stale forms and parallel steps', () => {
  test('a step from a form loaded before another step answers the conflict, never a second step', async () => {
    const context = await setup()
    const { counsellor, kase } = context
    const valid = await consent(kase.id, context.pzg.id)
    const referral = await referralAt(context, 'REGISTERED', { consentId: valid.id })
    const results = await Promise.all(Array.from({ length: 6 }, () => step(counsellor.id, kase.id, referral.id, 'CLEARING_APPOINTMENT')))
    expect(results.map(statusOf).sort()).toEqual([302, 409, 409, 409, 409, 409])
    const stored = await prisma.referral.findUniqueOrThrow({ where: { id: referral.id }, select: { status: true, version: true, _count: { select: { transitions: true } } } })
    expect(stored).toEqual({ status: 'CLEARING_APPOINTMENT', version: 2, _count: { transitions: 3 } })
  })

  test('a withdrawal racing a step: either the step came first (and is flagged) or it is refused', async () => {
    const context = await setup()
    const { counsellor, kase } = context
    const valid = await consent(kase.id, context.pzg.id)
    const referral = await referralAt(context, 'REGISTERED', { consentId: valid.id })
    const withdraw = async () =>
      settle(
        withdrawAction({
          request: await requestAs(counsellor.id, `/cases/${kase.id}/consents/${valid.id}/withdraw`, { form: { withdrawnAt: todayInput() } }),
          params: { caseId: kase.id, consentId: valid.id },
          context: {},
        }),
      )
    const [stepped] = await Promise.all([step(counsellor.id, kase.id, referral.id, 'CLEARING_APPOINTMENT', '1', todayInput()), withdraw()])
    const stored = await prisma.referral.findUniqueOrThrow({ where: { id: referral.id }, select: { status: true, consentFlaggedAt: true } })
    if (statusOf(stepped) === 302) expect(stored).toMatchObject({ status: 'CLEARING_APPOINTMENT', consentFlaggedAt: expect.any(Date) })
    else expect(stored).toEqual({ status: 'REGISTERED', consentFlaggedAt: expect.any(Date) })
  })
})

describe('the referral form', () => {
  test('has no default for "anonymous": without a choice it is a field error and nothing is saved', async () => {
    const { counsellor, kase, pzg } = await setup()
    const request = await requestAs(counsellor.id, `/cases/${kase.id}/referrals/new`, {
      form: { partnerId: pzg.id, kind: 'PSYCHOSOCIAL_CENTRE', urgency: 'REGULAR', sentAt: todayInput() },
    })
    const result = await settle(createAction({ request, params: { caseId: kase.id }, context: {} }))
    expect(statusOf(result)).toBe(400)
    expect((result as Refusal).data.result?.error.mode).toEqual(['referrals:errors.mode'])
    expect(await prisma.referral.count()).toBe(0)
  })

  test('recording the missing consent from a referral fills in its partner and categories and returns to it', async () => {
    const context = await setup()
    const { counsellor, kase } = context
    const referral = await referralAt(context, 'INQUIRY', { dataCategories: 'HEALTH' })
    const form = (await consentLoader({
      request: await requestAs(counsellor.id, `/cases/${kase.id}/consents/new?referral=${referral.id}`),
      params: { caseId: kase.id },
      context: {},
    })) as Awaited<ReturnType<typeof consentLoader>>
    expect(form.forReferral).toEqual({ id: referral.id, partnerId: context.pzg.id, dataCategories: ['HEALTH'] })

    const request = await requestAs(counsellor.id, `/cases/${kase.id}/consents/new`, {
      form: { referralId: referral.id, recipientType: 'partner', recipientPartnerId: context.pzg.id, purpose: 'Anmeldung', dataCategories: ['HEALTH'], form: 'ORAL', givenAt: todayInput() },
    })
    const saved = (await settle(consentAction({ request, params: { caseId: kase.id }, context: {} }))) as Response
    const created = await prisma.consent.findFirstOrThrow({ where: { caseId: kase.id }, select: { id: true } })
    expect(saved.headers.get('Location')).toBe(`/cases/${kase.id}/referrals/${referral.id}?consent=${created.id}#attach-heading`)

    // a referral of another case in the parameter is ignored
    const other = await createTestCase({ teamId: kase.teamId, counsellorId: counsellor.id })
    const ignored = (await consentLoader({
      request: await requestAs(counsellor.id, `/cases/${other.id}/consents/new?referral=${referral.id}`),
      params: { caseId: other.id },
      context: {},
    })) as Awaited<ReturnType<typeof consentLoader>>
    expect(ignored.forReferral).toBeNull()
  })
})
