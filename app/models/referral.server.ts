import {
  consentProblem,
  needsConsent,
  parseCategories,
  serialiseCategories,
  type ConsentProblem,
} from '#app/domain/consent-rules.ts'
import {
  OPEN_REFERRAL_STATUSES,
  planTransition,
  waitingTimes,
  type TransitionError,
} from '#app/domain/referral-lifecycle.ts'
import { audit } from '#app/utils/audit.server.ts'
import { prisma, type Prisma } from '#app/utils/db.server.ts'

type Actor = { userId: string; requestId?: string }

const referralSelect = {
  id: true,
  caseId: true,
  kind: true,
  urgency: true,
  reason: true,
  interpreterNeeded: true,
  interpreterLanguage: true,
  dataCategories: true,
  anonymous: true,
  status: true,
  sentAt: true,
  clearingAt: true,
  admittedAt: true,
  closedAt: true,
  feedbackReceived: true,
  consentFlaggedAt: true,
  version: true,
  partner: { select: { id: true, name: true, kind: true, active: true } },
  consent: {
    select: {
      id: true,
      purpose: true,
      withdrawnAt: true,
      givenAt: true,
      recipientKind: true,
      recipientPartner: { select: { name: true } },
    },
  },
  case: { select: { team: { select: { referralWaitThresholdDays: true } } } },
} as const

function shape<
  T extends Parameters<typeof waitingTimes>[0] & {
    dataCategories: string
    case: { team: { referralWaitThresholdDays: number } }
  },
>({ case: kase, ...referral }: T, now = new Date()) {
  const waiting = waitingTimes(referral, now)
  const threshold = kase.team.referralWaitThresholdDays
  return {
    ...referral,
    dataCategories: parseCategories(referral.dataCategories),
    waiting,
    threshold,
    overThreshold: waiting.waitingSoFar !== null && waiting.waitingSoFar > threshold,
  }
}

export async function listReferrals(caseId: string, actor: Actor) {
  const referrals = await prisma.referral.findMany({
    where: { caseId },
    select: referralSelect,
    orderBy: [{ sentAt: 'desc' }, { createdAt: 'desc' }],
  })
  await audit({
    userId: actor.userId,
    action: 'referral.read',
    entity: 'case',
    entityId: caseId,
    caseId,
    details: { count: referrals.length },
    requestId: actor.requestId,
  })
  return referrals.map((referral) => shape(referral))
}

/** One referral of the given case with its steps; a referral of another case is "not found". */
export async function getReferral(caseId: string, referralId: string, actor: Actor) {
  const referral = await prisma.referral.findFirst({
    where: { id: referralId, caseId },
    select: {
      ...referralSelect,
      transitions: {
        select: { id: true, fromStatus: true, toStatus: true, at: true, byUserId: true },
        orderBy: [{ at: 'asc' }, { createdAt: 'asc' }],
      },
    },
  })
  if (!referral) return null
  await audit({
    userId: actor.userId,
    action: 'referral.read',
    entity: 'referral',
    entityId: referral.id,
    caseId,
    requestId: actor.requestId,
  })
  const userIds = [
    ...new Set(referral.transitions.map((step) => step.byUserId).filter((id): id is string => Boolean(id))),
  ]
  const users = await prisma.user.findMany({
    where: { id: { in: userIds } },
    select: { id: true, displayName: true },
  })
  const names = new Map(users.map((user) => [user.id, user.displayName]))
  return {
    ...shape(referral),
    transitions: referral.transitions.map((step) => ({
      ...step,
      byName: step.byUserId ? (names.get(step.byUserId) ?? '') : '',
    })),
  }
}

/** Active partners for the referral form's picker, filtered by kind, district and language. */
export async function pickablePartners(filters: { kind?: string; districtId?: number; language?: string }) {
  const where: Prisma.PartnerOrganisationWhereInput = { active: true }
  if (filters.kind) where.kind = filters.kind
  if (filters.districtId) where.districtId = filters.districtId
  if (filters.language) {
    const code = filters.language
    where.OR = [
      { languages: code },
      { languages: { startsWith: `${code},` } },
      { languages: { endsWith: `,${code}` } },
      { languages: { contains: `,${code},` } },
    ]
  }
  return prisma.partnerOrganisation.findMany({
    where,
    select: {
      id: true,
      name: true,
      kind: true,
      languages: true,
      district: { select: { labelDe: true, labelEn: true } },
    },
    orderBy: [{ kind: 'asc' }, { name: 'asc' }],
  })
}

export type ReferralInput = {
  partnerId: string
  kind: string
  urgency: string
  reason: string | null
  interpreterNeeded: boolean
  interpreterLanguage: string | null
  anonymous: boolean
  dataCategories: string[]
  consentId: string | null
  sentAt: Date
}

export type CreateReferralResult =
  | { ok: true; id: string }
  | { ok: false; field: 'partnerId'; error: 'partnerInactive' }
  | { ok: false; field: 'consentId'; error: 'consentRequired' | 'consentNotFound' | ConsentProblem }

/**
 * Creates a referral with its first step. The consent check runs inside the transaction, so a
 * withdrawal committed a moment earlier cannot slip through; nothing is saved when it fails.
 */
export async function createReferral(
  caseId: string,
  input: ReferralInput,
  actor: Actor,
): Promise<CreateReferralResult> {
  return prisma.$transaction(async (tx) => {
    const partner = await tx.partnerOrganisation.findFirst({
      where: { id: input.partnerId, active: true },
      select: { id: true, kind: true },
    })
    if (!partner) return { ok: false, field: 'partnerId', error: 'partnerInactive' }
    const categories = input.anonymous ? [] : input.dataCategories
    let consentId: string | null = null
    if (needsConsent({ anonymous: input.anonymous, dataCategories: categories })) {
      if (!input.consentId) return { ok: false, field: 'consentId', error: 'consentRequired' }
      const consent = await tx.consent.findFirst({
        where: { id: input.consentId, caseId },
        select: {
          id: true,
          recipientPartnerId: true,
          recipientKind: true,
          dataCategories: true,
          givenAt: true,
          validUntil: true,
          withdrawnAt: true,
        },
      })
      if (!consent) return { ok: false, field: 'consentId', error: 'consentNotFound' }
      const problem = consentProblem(
        { ...consent, dataCategories: parseCategories(consent.dataCategories) },
        { partnerId: partner.id, partnerKind: partner.kind, dataCategories: categories, on: input.sentAt },
      )
      if (problem) return { ok: false, field: 'consentId', error: problem }
      consentId = consent.id
    }
    const referral = await tx.referral.create({
      data: {
        caseId,
        partnerId: partner.id,
        kind: input.kind,
        urgency: input.urgency,
        reason: input.reason,
        interpreterNeeded: input.interpreterNeeded,
        interpreterLanguage: input.interpreterNeeded ? input.interpreterLanguage : null,
        anonymous: input.anonymous,
        dataCategories: serialiseCategories(categories),
        consentId,
        status: 'INQUIRY',
        sentAt: input.sentAt,
        createdById: actor.userId,
        transitions: {
          create: { fromStatus: null, toStatus: 'INQUIRY', at: input.sentAt, byUserId: actor.userId },
        },
      },
      select: { id: true },
    })
    await audit(
      {
        userId: actor.userId,
        action: 'referral.create',
        entity: 'referral',
        entityId: referral.id,
        caseId,
        details: {
          kind: input.kind,
          anonymous: input.anonymous,
          categories: categories.length,
          withConsent: Boolean(consentId),
        },
        requestId: actor.requestId,
      },
      tx,
    )
    return { ok: true, id: referral.id }
  })
}

export type Conflict = { byName: string | null; status: string; feedbackReceived: boolean }

export type UpdateReferralResult =
  | { ok: true }
  | { ok: false; error: 'notFound' }
  | { ok: false; error: 'conflict'; conflict: Conflict }
  | { ok: false; error: TransitionError }

async function conflictFor(referralId: string): Promise<Conflict> {
  const [referral, last] = await Promise.all([
    prisma.referral.findUnique({
      where: { id: referralId },
      select: { status: true, feedbackReceived: true },
    }),
    prisma.auditEvent.findFirst({
      where: {
        entity: 'referral',
        entityId: referralId,
        outcome: 'SUCCESS',
        action: { in: ['referral.transition', 'referral.update', 'referral.create'] },
      },
      select: { userId: true },
      orderBy: { at: 'desc' },
    }),
  ])
  const user = last?.userId
    ? await prisma.user.findUnique({ where: { id: last.userId }, select: { displayName: true } })
    : null
  return {
    byName: user?.displayName ?? null,
    status: referral?.status ?? '',
    feedbackReceived: referral?.feedbackReceived ?? false,
  }
}

/**
 * Moves a referral one step. The version the user saw must still be current (optimistic
 * locking): a second counsellor's step in between is reported, never overwritten.
 */
export async function transitionReferral(
  caseId: string,
  referralId: string,
  { to, at, version }: { to: string; at: Date; version: number },
  actor: Actor,
  now = new Date(),
): Promise<UpdateReferralResult> {
  const result = await prisma.$transaction(async (tx): Promise<UpdateReferralResult> => {
    const referral = await tx.referral.findFirst({
      where: { id: referralId, caseId },
      select: {
        id: true,
        status: true,
        version: true,
        sentAt: true,
        clearingAt: true,
        admittedAt: true,
        closedAt: true,
      },
    })
    if (!referral) return { ok: false, error: 'notFound' }
    if (referral.version !== version)
      return { ok: false, error: 'conflict', conflict: { byName: null, status: '', feedbackReceived: false } }
    const previous = await tx.referralTransition.findFirst({
      where: { referralId },
      select: { at: true },
      orderBy: [{ at: 'desc' }, { createdAt: 'desc' }],
    })
    const plan = planTransition(referral, to, at, { previousAt: previous?.at ?? referral.sentAt, now })
    if (!plan.ok) return { ok: false, error: plan.error }
    const updated = await tx.referral.updateMany({
      where: { id: referralId, version },
      data: { ...plan.dates, status: to, version: { increment: 1 } },
    })
    if (updated.count === 0)
      return { ok: false, error: 'conflict', conflict: { byName: null, status: '', feedbackReceived: false } }
    await tx.referralTransition.create({
      data: { referralId, fromStatus: referral.status, toStatus: to, at, byUserId: actor.userId },
    })
    await audit(
      {
        userId: actor.userId,
        action: 'referral.transition',
        entity: 'referral',
        entityId: referralId,
        caseId,
        details: { from: referral.status, to },
        requestId: actor.requestId,
      },
      tx,
    )
    return { ok: true }
  })
  if (!result.ok && result.error === 'conflict') return { ...result, conflict: await conflictFor(referralId) }
  return result
}

export async function setFeedbackReceived(
  caseId: string,
  referralId: string,
  { received, version }: { received: boolean; version: number },
  actor: Actor,
): Promise<UpdateReferralResult> {
  const result = await prisma.$transaction(async (tx): Promise<UpdateReferralResult> => {
    const referral = await tx.referral.findFirst({ where: { id: referralId, caseId }, select: { id: true } })
    if (!referral) return { ok: false, error: 'notFound' }
    const updated = await tx.referral.updateMany({
      where: { id: referralId, version },
      data: { feedbackReceived: received, version: { increment: 1 } },
    })
    if (updated.count === 0)
      return { ok: false, error: 'conflict', conflict: { byName: null, status: '', feedbackReceived: false } }
    await audit(
      {
        userId: actor.userId,
        action: 'referral.update',
        entity: 'referral',
        entityId: referralId,
        caseId,
        details: { changed: ['feedbackReceived'] },
        requestId: actor.requestId,
      },
      tx,
    )
    return { ok: true }
  })
  if (!result.ok && result.error === 'conflict') return { ...result, conflict: await conflictFor(referralId) }
  return result
}

export type OpenReferralFilters = { kind?: string; partnerId?: string; status?: string }

export const OVERVIEW_LIMIT = 500

/**
 * Open referrals of the cases the user may see (the caller passes visibleCasesWhere), longest
 * waiting first. Capped: a team has tens of open referrals, never thousands.
 */
export async function listOpenReferrals(
  visibleCases: Prisma.CaseWhereInput,
  filters: OpenReferralFilters,
  actor: Actor,
  now = new Date(),
) {
  const where: Prisma.ReferralWhereInput = {
    case: visibleCases,
    status:
      filters.status && (OPEN_REFERRAL_STATUSES as readonly string[]).includes(filters.status)
        ? filters.status
        : { in: [...OPEN_REFERRAL_STATUSES] },
  }
  if (filters.kind) where.kind = filters.kind
  if (filters.partnerId) where.partnerId = filters.partnerId
  const [total, referrals] = await Promise.all([
    prisma.referral.count({ where }),
    prisma.referral.findMany({
      where,
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
            team: { select: { referralWaitThresholdDays: true } },
          },
        },
      },
      orderBy: [{ sentAt: 'asc' }, { id: 'asc' }],
      take: OVERVIEW_LIMIT,
    }),
  ])
  await audit({
    userId: actor.userId,
    action: 'referral.list',
    entity: 'referral',
    details: { count: referrals.length },
    requestId: actor.requestId,
  })
  return {
    total,
    referrals: referrals.map((referral) => {
      const waiting = waitingTimes(referral, now)
      const threshold = referral.case.team.referralWaitThresholdDays
      return {
        id: referral.id,
        caseId: referral.caseId,
        kind: referral.kind,
        urgency: referral.urgency,
        status: referral.status,
        sentAt: referral.sentAt,
        consentFlaggedAt: referral.consentFlaggedAt,
        partner: referral.partner,
        pseudonymCode: referral.case.client.pseudonymCode,
        counsellorName: referral.case.counsellor?.displayName ?? null,
        waiting,
        threshold,
        overThreshold: waiting.waitingSoFar !== null && waiting.waitingSoFar > threshold,
      }
    }),
  }
}

/** Partners that occur in the user's open referrals (for the overview's filter). */
export async function partnersInOpenReferrals(visibleCases: Prisma.CaseWhereInput) {
  return prisma.partnerOrganisation.findMany({
    where: { referrals: { some: { case: visibleCases, status: { in: [...OPEN_REFERRAL_STATUSES] } } } },
    select: { id: true, name: true },
    orderBy: { name: 'asc' },
  })
}
