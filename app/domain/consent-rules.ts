import { DATA_CATEGORIES } from './codes.ts'
import { dayKey } from './referral-lifecycle.ts'

export type DataCategory = (typeof DATA_CATEGORIES)[number]

export type ConsentFacts = {
  id: string
  recipientPartnerId: string | null
  recipientKind: string | null
  dataCategories: string[]
  givenAt: Date
  validUntil: Date | null
  withdrawnAt: Date | null
}

export type ConsentProblem =
  | 'notYetGiven'
  | 'withdrawn'
  | 'expired'
  | 'wrongRecipient'
  | 'categoriesNotCovered'

/** Comma-separated codes in the database ↔ a list; unknown codes are dropped. */
export function parseCategories(value: string | null | undefined): DataCategory[] {
  return (value ?? '')
    .split(',')
    .map((code) => code.trim())
    .filter((code): code is DataCategory => (DATA_CATEGORIES as readonly string[]).includes(code))
}

export function serialiseCategories(categories: readonly string[]) {
  return DATA_CATEGORIES.filter((code) => categories.includes(code)).join(',')
}

/**
 * A referral needs a release from confidentiality exactly when it passes on identifying data: an
 * anonymous first inquiry passes on none and needs none.
 */
export function needsConsent(referral: { anonymous: boolean; dataCategories: readonly string[] }) {
  return !referral.anonymous && referral.dataCategories.length > 0
}

/**
 * Why a consent does not cover a referral, or null when it does: given on or before the referral
 * day, not withdrawn, still valid that day (validUntil is inclusive), addressed to that
 * partner or to the partner's kind, and covering every data category passed on.
 */
export function consentProblem(
  consent: ConsentFacts,
  referral: { partnerId: string; partnerKind: string; dataCategories: readonly string[]; on: Date },
): ConsentProblem | null {
  const day = dayKey(referral.on)
  if (dayKey(consent.givenAt) > day) return 'notYetGiven'
  // Withdrawal stops all further sharing, also a referral back-dated to before the withdrawal.
  if (consent.withdrawnAt) return 'withdrawn'
  if (consent.validUntil && dayKey(consent.validUntil) < day) return 'expired'
  const recipientMatches = consent.recipientPartnerId
    ? consent.recipientPartnerId === referral.partnerId
    : consent.recipientKind === referral.partnerKind
  if (!recipientMatches) return 'wrongRecipient'
  if (!referral.dataCategories.every((category) => consent.dataCategories.includes(category)))
    return 'categoriesNotCovered'
  return null
}

/** The categories passed on that the consent does not name (in the order of DATA_CATEGORIES). */
export function uncoveredCategories(consent: Pick<ConsentFacts, 'dataCategories'>, categories: readonly string[]): DataCategory[] {
  return DATA_CATEGORIES.filter((category) => categories.includes(category) && !consent.dataCategories.includes(category))
}

/**
 * What is missing for a referral step that needs consent, in terms the page can name: no consent
 * attached (an anonymous inquiry), no partner to address one to, no data categories recorded for
 * the consent to cover, or the attached consent's problem on the step's day — with the categories
 * it does not cover.
 */
export type ConsentGap =
  | { problem: 'noConsent' | 'noPartner' | 'noCategories' }
  | { problem: Exclude<ConsentProblem, 'categoriesNotCovered'>; consent: ConsentFacts }
  | { problem: 'categoriesNotCovered'; consent: ConsentFacts; uncovered: DataCategory[] }

export function referralConsentGap(
  referral: { partner: { id: string; kind: string } | null; dataCategories: readonly string[]; consent: ConsentFacts | null },
  on: Date,
): ConsentGap | null {
  if (!referral.partner) return { problem: 'noPartner' }
  if (!referral.consent) return { problem: 'noConsent' }
  if (referral.dataCategories.length === 0) return { problem: 'noCategories' }
  const consent = referral.consent
  const problem = consentProblem(consent, { partnerId: referral.partner.id, partnerKind: referral.partner.kind, dataCategories: referral.dataCategories, on })
  if (!problem) return null
  if (problem === 'categoriesNotCovered') return { problem, consent, uncovered: uncoveredCategories(consent, referral.dataCategories) }
  return { problem, consent }
}

/** The gap as plain data for a page: the problem, the consent's dates (ISO) and the uncovered categories. */
export type ConsentGapView = {
  problem: ConsentGap['problem']
  givenAt: string | null
  validUntil: string | null
  withdrawnAt: string | null
  uncovered: DataCategory[]
}

export function consentGapView(gap: ConsentGap): ConsentGapView {
  const consent = 'consent' in gap ? gap.consent : null
  return {
    problem: gap.problem,
    givenAt: consent?.givenAt.toISOString() ?? null,
    validUntil: consent?.validUntil?.toISOString() ?? null,
    withdrawnAt: consent?.withdrawnAt?.toISOString() ?? null,
    uncovered: gap.problem === 'categoriesNotCovered' ? gap.uncovered : [],
  }
}

export function consentCovers(...args: Parameters<typeof consentProblem>) {
  return consentProblem(...args) === null
}

/** The consents that could be chosen for this referral. */
export function coveringConsents<C extends ConsentFacts>(
  consents: C[],
  referral: Parameters<typeof consentProblem>[1],
): C[] {
  return consents.filter((consent) => consentProblem(consent, referral) === null)
}

/** A consent is usable for new referrals today when it is neither withdrawn nor expired. */
export function isConsentActive(consent: Pick<ConsentFacts, 'withdrawnAt' | 'validUntil'>, now = new Date()) {
  if (consent.withdrawnAt) return false
  return !consent.validUntil || dayKey(consent.validUntil) >= dayKey(now)
}
