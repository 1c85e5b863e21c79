import { isConsentActive, parseCategories, serialiseCategories } from '#app/domain/consent-rules.ts'
import { consentKindFor } from '#app/domain/consent-templates.ts'
import { dayKey, OPEN_REFERRAL_STATUSES } from '#app/domain/referral-lifecycle.ts'
import { audit } from '#app/utils/audit.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { recordConsentText } from './consent-template.server.ts'

type Actor = { userId: string }

const consentSelect = {
  id: true,
  caseId: true,
  recipientPartnerId: true,
  recipientKind: true,
  purpose: true,
  dataCategories: true,
  form: true,
  languageCode: true,
  givenAt: true,
  validUntil: true,
  withdrawnAt: true,
  paperOnFile: true,
  createdAt: true,
  recipientPartner: { select: { id: true, name: true, kind: true, address: true } },
} as const

function shape<T extends { dataCategories: string }>(consent: T) {
  return { ...consent, dataCategories: parseCategories(consent.dataCategories) }
}

/** The consents of a case, newest first; reading them is audited like every read of case data. */
export async function listConsents(caseId: string, actor: Actor) {
  const consents = await prisma.consent.findMany({
    where: { caseId },
    select: { ...consentSelect, _count: { select: { referrals: true } } },
    orderBy: [{ givenAt: 'desc' }, { createdAt: 'desc' }],
  })
  await audit({
    userId: actor.userId,
    action: 'consent.read',
    entity: 'case',
    entityId: caseId,
    caseId,
    details: { count: consents.length },
  })
  return consents.map(shape)
}

/** Consents not withdrawn and not expired today: those a new referral may rely on. */
export async function activeConsents(caseId: string, now = new Date()) {
  const consents = await prisma.consent.findMany({
    where: { caseId, withdrawnAt: null },
    select: consentSelect,
    orderBy: [{ givenAt: 'desc' }, { createdAt: 'desc' }],
  })
  return consents.map(shape).filter((consent) => isConsentActive(consent, now))
}

/**
 * The case's consents usable today for a referral to this partner: active and addressed to the
 * partner or to its kind (whether they cover the categories is checked when one is attached).
 */
export async function consentsForPartner(caseId: string, partner: { id: string; kind: string }, now = new Date()) {
  const consents = await activeConsents(caseId, now)
  return consents.filter((consent) => (consent.recipientPartnerId ? consent.recipientPartnerId === partner.id : consent.recipientKind === partner.kind))
}

/** One consent of the given case; a consent of another case is "not found". */
export async function getConsent(caseId: string, consentId: string, actor: Actor) {
  const consent = await prisma.consent.findFirst({ where: { id: consentId, caseId }, select: consentSelect })
  if (!consent) return null
  await audit({
    userId: actor.userId,
    action: 'consent.read',
    entity: 'consent',
    entityId: consent.id,
    caseId,
  })
  return shape(consent)
}

export type ConsentInput = {
  recipientPartnerId: string | null
  recipientKind: string | null
  purpose: string
  dataCategories: string[]
  form: string
  languageCode: string | null
  givenAt: Date
  validUntil: Date | null
  paperOnFile: boolean
}

export async function createConsent(caseId: string, input: ConsentInput, actor: Actor) {
  return prisma.$transaction(async (tx) => {
    const consent = await tx.consent.create({
      data: {
        ...input,
        caseId,
        dataCategories: serialiseCategories(input.dataCategories),
        createdById: actor.userId,
      },
      select: { id: true },
    })
    // The texts the client is given: the consent kind follows the recipient (decision 025).
    const partner = input.recipientPartnerId
      ? await tx.partnerOrganisation.findUnique({ where: { id: input.recipientPartnerId }, select: { kind: true } })
      : null
    await recordConsentText(tx, consent.id, consentKindFor(partner?.kind ?? input.recipientKind), input.languageCode)
    await audit(
      {
        userId: actor.userId,
        action: 'consent.create',
        entity: 'consent',
        entityId: consent.id,
        caseId,
        details: {
          recipient: input.recipientPartnerId ? 'partner' : 'kind',
          categories: input.dataCategories.length,
          form: input.form,
        },
      },
      tx,
    )
    return consent
  })
}

export type WithdrawResult =
  | { ok: true; flagged: number }
  | { ok: false; error: 'notFound' | 'alreadyWithdrawn' | 'beforeGiven' | 'inFuture' }

/**
 * Withdrawal stops further sharing: no new referral may rely on the consent (consent-rules), and
 * the open referrals made under it are flagged so that the counsellor tells the partner.
 */
export async function withdrawConsent(
  caseId: string,
  consentId: string,
  at: Date,
  actor: Actor,
  now = new Date(),
): Promise<WithdrawResult> {
  return prisma.$transaction(async (tx) => {
    const consent = await tx.consent.findFirst({
      where: { id: consentId, caseId },
      select: { id: true, givenAt: true, withdrawnAt: true },
    })
    if (!consent) return { ok: false, error: 'notFound' }
    if (consent.withdrawnAt) return { ok: false, error: 'alreadyWithdrawn' }
    if (dayKey(at) > dayKey(now)) return { ok: false, error: 'inFuture' }
    if (dayKey(at) < dayKey(consent.givenAt)) return { ok: false, error: 'beforeGiven' }
    await tx.consent.update({ where: { id: consent.id }, data: { withdrawnAt: at } })
    const flagged = await tx.referral.updateMany({
      where: { consentId: consent.id, status: { in: [...OPEN_REFERRAL_STATUSES] }, consentFlaggedAt: null },
      data: { consentFlaggedAt: now },
    })
    await audit(
      {
        userId: actor.userId,
        action: 'consent.withdraw',
        entity: 'consent',
        entityId: consent.id,
        caseId,
        details: { flaggedReferrals: flagged.count },
      },
      tx,
    )
    return { ok: true, flagged: flagged.count }
  })
}

/** After printing and signing: the paper is in the file (written consents only). */
export async function markPaperOnFile(caseId: string, consentId: string, actor: Actor) {
  return prisma.$transaction(async (tx) => {
    const updated = await tx.consent.updateMany({
      where: { id: consentId, caseId, form: 'WRITTEN', paperOnFile: false },
      data: { paperOnFile: true },
    })
    if (updated.count === 0) return false
    await audit(
      {
        userId: actor.userId,
        action: 'consent.update',
        entity: 'consent',
        entityId: consentId,
        caseId,
        details: { changed: ['paperOnFile'] },
      },
      tx,
    )
    return true
  })
}

/** Open referrals that rely on this consent (shown before a withdrawal is confirmed). */
export async function openReferralsUnderConsent(caseId: string, consentId: string) {
  return prisma.referral.findMany({
    where: { caseId, consentId, status: { in: [...OPEN_REFERRAL_STATUSES] } },
    select: { id: true, kind: true, status: true, sentAt: true, partner: { select: { name: true } } },
    orderBy: { sentAt: 'asc' },
  })
}

/** What the printed form names besides the consent: the office, the case pseudonym, the counsellor. */
export async function printFacts(caseId: string, consentId: string) {
  const [kase, consent] = await Promise.all([
    prisma.case.findUnique({
      where: { id: caseId },
      select: { client: { select: { pseudonymCode: true } }, team: { select: { name: true } } },
    }),
    prisma.consent.findUnique({ where: { id: consentId }, select: { createdById: true } }),
  ])
  const counsellor = consent?.createdById
    ? await prisma.user.findUnique({ where: { id: consent.createdById }, select: { displayName: true } })
    : null
  return {
    pseudonymCode: kase?.client.pseudonymCode ?? '',
    teamName: kase?.team.name ?? '',
    counsellorName: counsellor?.displayName ?? '',
  }
}
