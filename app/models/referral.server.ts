import {
  consentProblem,
  needsConsent,
  parseCategories,
  referralConsentGap,
  serialiseCategories,
  uncoveredCategories,
  type ConsentGap,
  type ConsentProblem,
  type DataCategory,
} from '#app/domain/consent-rules.ts'
import {
  allowedTransitions,
  dayKey,
  daysBetween,
  isOpenStatus,
  isWaitingStatus,
  OPEN_REFERRAL_STATUSES,
  planTransition,
  stepNeedsConsent,
  waitingTimes,
  type TransitionError,
} from '#app/domain/referral-lifecycle.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { startOfBerlinDay } from '#app/models/audit-log.server.ts'
import { visibleCaseCopiesSql } from '#app/models/case-visibility-sql.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import { prisma, readRowArrays, readRows, type TransactionClient } from '#app/utils/db.server.ts'

// /referrals leaves its rows out of a document's hydration data (decision 161). Passed on from here, a
// module the page imports already: an import of iso.server.ts of its own would give the page's
// browser build one more (empty) chunk to load (as team-lead.server.ts does for /team).
export { inMarkupOnly } from '#app/utils/iso.server.ts'

type Actor = { userId: string }

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
      validUntil: true,
      recipientKind: true,
      recipientPartnerId: true,
      dataCategories: true,
      recipientPartner: { select: { name: true } },
    },
  },
  case: { select: { team: { select: { referralWaitThresholdDays: true } } } },
} as const

type ConsentRow = {
  id: string
  recipientPartnerId: string | null
  recipientKind: string | null
  dataCategories: string
  givenAt: Date
  validUntil: Date | null
  withdrawnAt: Date | null
}

const consentFactsSelect = {
  id: true,
  recipientPartnerId: true,
  recipientKind: true,
  dataCategories: true,
  givenAt: true,
  validUntil: true,
  withdrawnAt: true,
} as const

function consentFacts(consent: ConsentRow) {
  return { ...consent, dataCategories: parseCategories(consent.dataCategories) }
}

function shape<
  T extends Parameters<typeof waitingTimes>[0] & {
    dataCategories: string
    consent: (ConsentRow & Record<string, unknown>) | null
    case: { team: { referralWaitThresholdDays: number } }
  },
>({ case: kase, ...referral }: T, now = new Date()) {
  const waiting = waitingTimes(referral, now)
  const threshold = kase.team.referralWaitThresholdDays
  return {
    ...referral,
    consent: referral.consent ? { ...referral.consent, dataCategories: parseCategories(referral.consent.dataCategories) } : null,
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

/**
 * The referral a consent is being recorded for (`?referral=` on the consent form): one of this
 * case's open referrals, else null — an id from elsewhere is ignored, not an error.
 */
export async function referralForConsent(caseId: string, referralId: FormDataEntryValue | null) {
  if (typeof referralId !== 'string' || !referralId || referralId.length > 40) return null
  const referral = await prisma.referral.findFirst({
    where: { id: referralId, caseId, status: { in: [...OPEN_REFERRAL_STATUSES] } },
    select: { id: true, partnerId: true, dataCategories: true },
  })
  return referral ? { ...referral, dataCategories: parseCategories(referral.dataCategories) } : null
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
  | { ok: false; field: 'consentId'; error: 'consentRequired' | 'consentNotFound' | Exclude<ConsentProblem, 'categoriesNotCovered'> }
  | { ok: false; field: 'dataCategories'; error: 'categoriesNotCovered'; uncovered: DataCategory[] }

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
      const consent = await tx.consent.findFirst({ where: { id: input.consentId, caseId }, select: consentFactsSelect })
      if (!consent) return { ok: false, field: 'consentId', error: 'consentNotFound' }
      const problem = consentProblem(
        consentFacts(consent),
        { partnerId: partner.id, partnerKind: partner.kind, dataCategories: categories, on: input.sentAt },
      )
      if (problem === 'categoriesNotCovered') {
        return { ok: false, field: 'dataCategories', error: problem, uncovered: uncoveredCategories(consentFacts(consent), categories) }
      }
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
  | { ok: false; error: 'consent'; gap: ConsentGap }

/** The referral's consent gap on `on`, read inside the caller's transaction. */
async function consentGapIn(tx: TransactionClient, referralId: string, on: Date) {
  const referral = await tx.referral.findUniqueOrThrow({
    where: { id: referralId },
    select: { dataCategories: true, partner: { select: { id: true, kind: true } }, consent: { select: consentFactsSelect } },
  })
  return referralConsentGap(
    { partner: referral.partner, dataCategories: parseCategories(referral.dataCategories), consent: referral.consent ? consentFacts(referral.consent) : null },
    on,
  )
}

/**
 * What the referral lacks for its next steps that need consent, as of today: shown on the referral
 * page before anyone tries a step (null when nothing is missing, or when every step left ends the
 * referral and so needs no consent).
 */
export function currentConsentGap(referral: Pick<Parameters<typeof referralConsentGap>[0], 'partner' | 'dataCategories' | 'consent'> & { status: string }, now = new Date()) {
  if (!allowedTransitions(referral.status).some(stepNeedsConsent)) return null
  return referralConsentGap(referral, now)
}

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
        action: { in: ['referral.transition', 'referral.update', 'referral.create', 'referral.consent-attach'] },
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
  /** Checks everything and writes nothing: the summary before a step that ends the referral. */
  { dryRun = false }: { dryRun?: boolean } = {},
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
    // Checked here, in the transaction: a withdrawal committed a moment ago stops the step.
    if (stepNeedsConsent(to)) {
      const gap = await consentGapIn(tx, referralId, at)
      if (gap) return { ok: false, error: 'consent', gap }
    }
    if (dryRun) return { ok: true }
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
      },
      tx,
    )
    return { ok: true }
  })
  if (!result.ok && result.error === 'conflict') return { ...result, conflict: await conflictFor(referralId) }
  return result
}

export type AttachConsentResult =
  | { ok: true }
  | { ok: false; error: 'notFound' | 'closed' | 'consentNotFound' }
  | { ok: false; error: 'conflict'; conflict: Conflict }
  | { ok: false; error: 'consent'; gap: ConsentGap }

/**
 * Attaches a release from confidentiality to an existing referral — typically an anonymous first
 * inquiry that is now to be registered with the client's data. The referral then passes on the
 * given categories under that consent; its sent date and steps stay as they are. The consent must
 * cover the partner and the categories today; a flag left by an earlier withdrawal is cleared,
 * because the new consent is what the referral now rests on.
 */
export async function attachConsent(
  caseId: string,
  referralId: string,
  { consentId, dataCategories, version }: { consentId: string; dataCategories: DataCategory[]; version: number },
  actor: Actor,
  now = new Date(),
): Promise<AttachConsentResult> {
  const result = await prisma.$transaction(async (tx): Promise<AttachConsentResult> => {
    const referral = await tx.referral.findFirst({
      where: { id: referralId, caseId },
      select: { id: true, status: true, version: true, consentId: true, partner: { select: { id: true, kind: true } } },
    })
    if (!referral) return { ok: false, error: 'notFound' }
    if (referral.version !== version) return { ok: false, error: 'conflict', conflict: { byName: null, status: '', feedbackReceived: false } }
    if (!isOpenStatus(referral.status)) return { ok: false, error: 'closed' }
    const consent = await tx.consent.findFirst({ where: { id: consentId, caseId }, select: consentFactsSelect })
    if (!consent) return { ok: false, error: 'consentNotFound' }
    const gap = referralConsentGap({ partner: referral.partner, dataCategories, consent: consentFacts(consent) }, now)
    if (gap) return { ok: false, error: 'consent', gap }
    const updated = await tx.referral.updateMany({
      where: { id: referralId, version },
      data: { consentId, anonymous: false, dataCategories: serialiseCategories(dataCategories), consentFlaggedAt: null, version: { increment: 1 } },
    })
    if (updated.count === 0) return { ok: false, error: 'conflict', conflict: { byName: null, status: '', feedbackReceived: false } }
    await audit(
      {
        userId: actor.userId,
        action: 'referral.consent-attach',
        entity: 'referral',
        entityId: referralId,
        caseId,
        details: { consentId, categories: dataCategories.length, replaced: referral.consentId !== null && referral.consentId !== consentId },
      },
      tx,
    )
    return { ok: true }
  })
  if (!result.ok && result.error === 'conflict') return { ...result, conflict: await conflictFor(referralId) }
  return result
}

export type OpenReferralFilters = { kind?: string; partnerId?: string; status?: string }

/** Rows per page of the open-referrals overview. */
export const OVERVIEW_PAGE_SIZE = 50

const WAITING_STATUSES = OPEN_REFERRAL_STATUSES.filter(isWaitingStatus)

/**
 * The open statuses written into the statement as literals, exactly as the partial index
 * Referral_open_waiting_idx states its condition (prisma/schema.prisma, decision 079): SQLite uses a
 * partial index only for a statement whose WHERE implies the index's, and a list of bound values
 * proves nothing when the statement is prepared. The codes are the domain's constants.
 */
const OPEN_STATUSES_LITERAL = Prisma.raw(
  `r."status" IN (${OPEN_REFERRAL_STATUSES.map((status) => {
    if (!/^[A-Z_]+$/.test(status)) throw new Error(`unexpected referral status ${status}`)
    return `'${status}'`
  }).join(', ')})`,
)

/** The waiting statuses as literals, for the whole team's over-threshold count (see OPEN_STATUSES_LITERAL). */
const WAITING_STATUSES_LITERAL = Prisma.raw(
  `r."status" IN (${WAITING_STATUSES.map((status) => {
    if (!/^[A-Z_]+$/.test(status)) throw new Error(`unexpected referral status ${status}`)
    return `'${status}'`
  }).join(', ')})`,
)

/**
 * The open statuses that are not waiting (ADMITTED) as literals: among open referrals, "not one of these" is "waiting".
 * A counsellor's over-threshold count tests it on each visible open referral (a FILTER of the walk below), where a
 * list of five bound waiting statuses was a look-up per entry: the busiest counsellor's counts 256 → 204 µs
 * (decision 231).
 */
const OPEN_NOT_WAITING_LITERAL = Prisma.raw(
  `r."status" NOT IN (${OPEN_REFERRAL_STATUSES.filter((status) => !isWaitingStatus(status))
    .map((status) => {
      if (!/^[A-Z_]+$/.test(status)) throw new Error(`unexpected referral status ${status}`)
      return `'${status}'`
    })
    .join(', ')})`,
)

/** A row of the overview's page as read (readRowArrays, decision 197): the statement's columns in its order. */
type OverviewRow = [
  id: string,
  caseId: string,
  kind: string,
  urgency: string,
  status: string,
  sentAt: string,
  consentFlaggedAt: string | null,
  partnerName: string | null,
  pseudonymCode: string,
  counsellorName: string | null,
]

/**
 * A row of the overview as the page shows it, no more (decision 231): the days waited since sending (null when the
 * referral does not wait any more), whether they are over the team's threshold, the consent flag and the crisis
 * urgency as yes or no, and the case's counsellor (null when none or not asked for).
 */
export type OpenReferralRow = {
  id: string
  caseId: string
  pseudonymCode: string
  partnerName: string | null
  kind: string
  status: string
  sentAt: Date
  waitingSoFar: number | null
  overThreshold: boolean
  consentFlagged: boolean
  crisis: boolean
  counsellorName: string | null
}

type OverviewCounts = {
  total: bigint | number
  flagged: bigint | number
  over: bigint | number
  /** the same three for the partner of the filter, when one is given */
  partnerTotal: bigint | number | null
  partnerFlagged: bigint | number | null
  partnerOver: bigint | number | null
  /** JSON array of the distinct partner ids (and null) of all open referrals; null for the whole team */
  partnerIds: string | null
}

const toDate = (value: string | Date) => (value instanceof Date ? value : new Date(value))

/**
 * The first instant whose referrals have not waited longer than `thresholdDays` today: a referral
 * sent before it has `waitingSoFar > thresholdDays` (waitingTimes counts calendar days in Germany).
 */
export function overThresholdCutoff(thresholdDays: number, now = new Date()) {
  const today = new Date(`${dayKey(now)}T00:00:00Z`)
  const day = new Date(today.getTime() - thresholdDays * 86_400_000).toISOString().slice(0, 10)
  return startOfBerlinDay(day)
}

/**
 * One page of the open referrals of the cases the user may see (the caller passes
 * visibleCasesWhere), longest waiting first, with the counts of all of them: total, waiting longer
 * than the team's threshold, consent withdrawn; and the partners that occur in them (the filter's
 * choices, whatever the filter). A partner filter naming none of those partners is ignored. Raw SQL:
 * the ORM resolved every relation with a query of its own and cost ≈ 50 ms CPU per page at 100,000
 * cases. The filter is the ORM's need-to-know filter translated by visibleCaseCopiesSql onto the
 * case's team, counsellor and flag that each referral carries (copied by triggers): the counts and
 * the page are ranges of one covering index (Referral_overview_idx) for the team's open statuses,
 * with no look-up of any case but the page's 50 (docs/performance.md, issue 19). The counts (and a
 * counsellor's partners' ids) come from one walk of that range (it was walked twice before session 11);
 * a team lead's waiting count and partners from ranges and look-ups of their own (decisions 163–164's
 * session, "The failing pages' statements" in docs/performance.md). The rows are what the page shows
 * (OpenReferralRow); the case's counsellor only with `counsellorNames` (a team lead's table has the column, a
 * counsellor's not: no look-up of 50 users for it).
 */
export async function listOpenReferrals(
  visibleCases: Prisma.CaseWhereInput,
  filters: OpenReferralFilters,
  actor: Actor,
  { page = 1, now = new Date(), counsellorNames = true }: { page?: number; now?: Date; counsellorNames?: boolean } = {},
) {
  const visible = visibleCaseCopiesSql(visibleCases, 'r')
  const empty = {
    total: 0,
    overCount: 0,
    flaggedCount: 0,
    page: 1,
    pages: 1,
    threshold: 0,
    partners: [] as Array<{ id: string; name: string }>,
    partnerId: undefined as string | undefined,
    referrals: [] as OpenReferralRow[],
  }
  if (visible.kind === 'none') return empty
  const statuses =
    filters.status && (OPEN_REFERRAL_STATUSES as readonly string[]).includes(filters.status)
      ? [filters.status]
      : [...OPEN_REFERRAL_STATUSES]
  // Straight from the connection (readRows, decision 067): the ORM's pipeline cost more CPU per
  // statement than SQLite needs for any of this page's four reads.
  const [team] = await readRows<Array<{ threshold: bigint | number }>>`
    SELECT "referralWaitThresholdDays" AS threshold FROM "Team" WHERE "id" = ${visible.teamId}`
  if (!team) return empty
  const threshold = Number(team.threshold)
  const cutoff = overThresholdCutoff(threshold, now)
  // Status and kind of the filter (none: every open referral counts, the cheapest walk).
  const chosen = Prisma.sql`${statuses.length === 1 ? Prisma.sql`AND r."status" = ${statuses[0]}` : Prisma.empty}
    ${filters.kind ? Prisma.sql`AND r."kind" = ${filters.kind}` : Prisma.empty}`
  // The same conditions bound as `+?`, for the over-threshold count's own walk below, where they stand in a
  // WHERE clause the planner reads (decision 146).
  const chosenUnplanned = Prisma.sql`${statuses.length === 1 ? Prisma.sql`AND r."status" = +${statuses[0]}` : Prisma.empty}
    ${filters.kind ? Prisma.sql`AND r."kind" = +${filters.kind}` : Prisma.empty}`
  // Over the threshold: for the whole team (a lead) a count of its own, of the waiting statuses' ranges of
  // Referral_overview_idx before the cut-off — entries counted without reading a column. As a FILTER of
  // the walk below it read each open referral's status and sending time: for the team of the bench file,
  // ≈ 0.4 of the statement's 1.1 ms (docs/performance.md, "The failing pages' statements"). For a counsellor
  // the walk reads each referral's counsellor and flag anyway, and the FILTER only the visible ones' —
  // cheaper than a second walk.
  const overThreshold = (also: Prisma.Sql, alsoUnplanned: Prisma.Sql) =>
    visible.wholeTeam
      ? Prisma.sql`(SELECT COUNT(*) FROM "Referral" r INDEXED BY "Referral_overview_idx" WHERE ${visible.sql}
          AND ${WAITING_STATUSES_LITERAL} AND r."sentAt" < +${cutoff} ${chosenUnplanned} ${alsoUnplanned})`
      : // every range counted below holds open referrals only: the open ones not waiting left out
        Prisma.sql`COUNT(*) FILTER (WHERE ${OPEN_NOT_WAITING_LITERAL} AND r."sentAt" < ${cutoff} ${chosen} ${also})`
  const counts = (also: Prisma.Sql, alsoUnplanned: Prisma.Sql, names: [string, string, string]) => Prisma.sql`
    COUNT(*) FILTER (WHERE 1 ${chosen} ${also}) AS ${Prisma.raw(names[0])},
    COUNT(r."consentFlaggedAt") FILTER (WHERE 1 ${chosen} ${also}) AS ${Prisma.raw(names[1])},
    ${overThreshold(also, alsoUnplanned)} AS ${Prisma.raw(names[2])}`
  // The open referrals counted: the team's range of Referral_overview_idx for a lead; for a counsellor the
  // three disjoint ranges of visibleOpenReferralRanges. As one condition "own or shared" SQLite tested each of the
  // team's open referrals: ≈ 3,200 entries for the ≈ 600 the bench's busiest counsellor sees (0.66 → 0.34 ms
  // of SQLite, session 25). Each range counted by its own aggregate, the three rows added up here: as one
  // aggregate over the ranges' UNION ALL every entry's five columns were handed up through the union first
  // (the busiest counsellor's counts 456–462 → 369–378 µs with the rows read, session 28).
  const counted =
    visible.wholeTeam || visible.counsellorIds === null
      ? [Prisma.sql`"Referral" r WHERE ${visible.sql} AND r."status" IN (${Prisma.join([...OPEN_REFERRAL_STATUSES], ', +', '+')})`]
      : visibleOpenReferralRanges(visible.teamId, visible.counsellorIds)
  // One statement for the counts and, for a counsellor, for the partners that occur in the open referrals
  // (the filter's choices): one walk of each range. The partner of the filter counts only if it is one of those; otherwise
  // the filter is ignored, so the counts without it come along.
  // A team lead's list without a filter (the usual view): each count a statement of its own that reads no
  // column — the open referrals as entries of the narrow partial index Referral_open_partner_idx, the
  // flagged ones as the few entries of Referral_open_flagged_idx, the waiting ones as above. Together
  // 0.37 → 0.21 ms of SQLite for the bench's 3,211 open referrals (decision 198): the walk read each one's
  // flag.
  const unfilteredTeam = visible.wholeTeam && statuses.length > 1 && !filters.kind && !filters.partnerId
  const row: OverviewCounts | undefined = unfilteredTeam
    ? (
        await readRows<OverviewCounts[]>`
    SELECT (SELECT COUNT(*) FROM "Referral" r INDEXED BY "Referral_open_partner_idx" WHERE ${visible.sql} AND ${OPEN_STATUSES_LITERAL}) AS total,
      (SELECT COUNT(*) FROM "Referral" r INDEXED BY "Referral_open_flagged_idx"
        WHERE ${visible.sql} AND r."consentFlaggedAt" IS NOT NULL AND ${OPEN_STATUSES_LITERAL}) AS flagged,
      ${overThreshold(Prisma.empty, Prisma.empty)} AS over,
      NULL AS "partnerTotal", NULL AS "partnerFlagged", NULL AS "partnerOver", NULL AS "partnerIds"`
      )[0]
    : countsAddedUp(
        await readRows<OverviewCounts[]>`${Prisma.join(
          counted.map(
            (range) => Prisma.sql`SELECT ${counts(Prisma.empty, Prisma.empty, ['total', 'flagged', 'over'])},
      ${
        filters.partnerId
          ? counts(Prisma.sql`AND r."partnerId" = ${filters.partnerId}`, Prisma.sql`AND r."partnerId" = +${filters.partnerId}`, [
              '"partnerTotal"',
              '"partnerFlagged"',
              '"partnerOver"',
            ])
          : Prisma.sql`NULL AS "partnerTotal", NULL AS "partnerFlagged", NULL AS "partnerOver"`
      },
      ${visible.wholeTeam ? Prisma.sql`NULL` : Prisma.sql`json_group_array(DISTINCT r."partnerId")`} AS "partnerIds"
    FROM ${range}`,
          ),
          ' UNION ALL ',
        )}`,
      )
  // The partners: for the whole team (a lead) those of the partner organisations (a few dozen) that the
  // team has an open referral with, a look-up each in Referral_open_partner_idx (decision 164) — the
  // walk above collected the distinct partners of all the team's open referrals, ≈ 0.25 of its time on
  // the bench file. For a counsellor the walk reads each referral's counsellor and flag anyway, and
  // collects the visible ones' partners.
  const partners = visible.wholeTeam
    ? await readRows<Array<{ id: string; name: string }>>`
      SELECT p."id", p."name" FROM "PartnerOrganisation" p
      WHERE EXISTS (SELECT 1 FROM "Referral" r INDEXED BY "Referral_open_partner_idx"
        WHERE ${visible.sql} AND r."partnerId" = p."id" AND ${OPEN_STATUSES_LITERAL})
      ORDER BY p."name", p."id"`
    : await readRows<Array<{ id: string; name: string }>>`
      SELECT p."id", p."name" FROM "PartnerOrganisation" p
      WHERE p."id" IN (SELECT "value" FROM json_each(${row?.partnerIds ?? '[]'}))
      ORDER BY p."name", p."id"`
  const partnerId = filters.partnerId !== undefined && hasPartner(partners, filters.partnerId) ? filters.partnerId : undefined
  const [total, flaggedCount, overCount] = (
    partnerId ? [row?.partnerTotal, row?.partnerFlagged, row?.partnerOver] : [row?.total, row?.flagged, row?.over]
  ).map((value) => Number(value ?? 0)) as [number, number, number]
  const pages = Math.max(1, Math.ceil(total / OVERVIEW_PAGE_SIZE))
  const current = Math.min(Math.max(1, Math.floor(page)), pages)
  // Every open status: the partial index in waiting order, walked until the page is full (a few dozen
  // entries instead of sorting the team's ≈ 3,000 open referrals); it carries every column the row
  // shows, so no referral's row is read. One status (in `chosen`): its range of
  // Referral_overview_idx is already in waiting order.
  const everyOpenStatus = statuses.length > 1
  const where = Prisma.sql`${visible.sql} ${everyOpenStatus ? Prisma.sql`AND ${OPEN_STATUSES_LITERAL}` : Prisma.empty} ${chosen}
    ${partnerId ? Prisma.sql`AND r."partnerId" = ${partnerId}` : Prisma.empty}`
  const columns = Prisma.raw(
    'r."id", r."caseId", r."kind", r."urgency", r."status", r."sentAt", r."clearingAt", r."admittedAt", r."closedAt", r."consentFlaggedAt", r."partnerId"',
  )
  // The page size written into the SQL, the offset bound as `+?`, the team (visible.sql) and the open
  // statuses of the counts above as `+?` too: a plain `?` the planner reads has SQLite compile the
  // statement at every run (decision 146's appendix). A chosen status or kind (`chosen`) and a
  // partner stay plain: skewed values by which the planner may pick its index.
  const limit = Prisma.sql`LIMIT ${Prisma.raw(String(OVERVIEW_PAGE_SIZE))} OFFSET +${(current - 1) * OVERVIEW_PAGE_SIZE}`
  const pageOfReferrals = everyOpenStatus
    ? Prisma.sql`SELECT ${columns} FROM "Referral" r WHERE ${where} ORDER BY r."sentAt", r."id" ${limit}`
    : // The sorted row numbers first (narrow), then the page's 50 rows by number, which every index
      // entry carries: the range's other rows are not read.
      Prisma.sql`SELECT ${columns} FROM (
        SELECT r."rowid" AS "row" FROM "Referral" r WHERE ${where} ORDER BY r."sentAt", r."id" ${limit}
      ) page JOIN "Referral" r ON r."rowid" = page."row"`
  // Case, counsellor and partner for the page's 50 only: joined before the sort, it would be done for
  // every open referral of the team (3× the time). The client's code is the case's copy
  // (`clientCode`, kept by triggers, decision 045; with the counsellor in a covering index of Case):
  // no look-up of 50 clients, whose rows are large.
  // Each row as an array (decision 197): 0.36 → 0.23 ms of the statement for the page of 50. Only the columns
  // the page shows (decision 231): the clearing, admission and closing dates were read and parsed for waiting
  // times the page never showed; a counsellor's table has no counsellor column, so no user is looked up.
  const rows = await readRowArrays<OverviewRow[]>`
    SELECT r."id", r."caseId", r."kind", r."urgency", r."status", r."sentAt", r."consentFlaggedAt",
      p."name" AS partnerName, c."clientCode" AS "pseudonymCode",
      ${counsellorNames ? Prisma.sql`u."displayName"` : Prisma.sql`NULL`} AS counsellorName
    FROM (${pageOfReferrals}) r
    JOIN "Case" c ON c."id" = r."caseId"
    ${counsellorNames ? Prisma.sql`LEFT JOIN "User" u ON u."id" = c."counsellorId"` : Prisma.empty}
    LEFT JOIN "PartnerOrganisation" p ON p."id" = r."partnerId"
    ORDER BY r."sentAt", r."id"`
  await audit({
    userId: actor.userId,
    action: 'referral.list',
    entity: 'referral',
    details: { count: rows.length },
  })
  return {
    total,
    overCount,
    flaggedCount,
    page: current,
    pages,
    threshold,
    partners,
    partnerId,
    referrals: overviewRows(rows, now, threshold),
  }
}

/**
 * A counsellor's open referrals as three disjoint ranges of Referral_open_visible_idx (each `FROM … WHERE …`, to be
 * counted on its own): the team's shared ones, and the counsellors' own unshared ones (the flag 0, or NULL, which
 * the ORM's filter does not count as shared) — together exactly visibleCaseCopiesSql's "own or shared".
 */
function visibleOpenReferralRanges(teamId: string, counsellorIds: string[]) {
  const own = Prisma.sql`r."caseCounsellorId" IN (${Prisma.join(counsellorIds, ', +', '+')})`
  const parts = [Prisma.sql`r."caseShared" = 1`, Prisma.sql`r."caseShared" = 0 AND ${own}`, Prisma.sql`r."caseShared" IS NULL AND ${own}`]
  return parts.map(
    (part) => Prisma.sql`"Referral" r INDEXED BY "Referral_open_visible_idx"
        WHERE r."caseTeamId" = +${teamId} AND ${part} AND ${OPEN_STATUSES_LITERAL}`,
  )
}

/**
 * The counts of the ranges counted one by one (one row each), as one: the sums, a partner's counts null when no
 * partner is asked for, and the partners' ids of all ranges as one JSON array (each id once; null when the
 * statement collects none, the whole team's).
 */
function countsAddedUp(rows: OverviewCounts[]): OverviewCounts {
  const sum: OverviewCounts = { total: 0, flagged: 0, over: 0, partnerTotal: null, partnerFlagged: null, partnerOver: null, partnerIds: null }
  let partnerIds: Set<string | null> | null = null
  for (const row of rows) {
    sum.total = Number(sum.total) + Number(row.total)
    sum.flagged = Number(sum.flagged) + Number(row.flagged)
    sum.over = Number(sum.over) + Number(row.over)
    if (row.partnerTotal !== null) sum.partnerTotal = Number(sum.partnerTotal ?? 0) + Number(row.partnerTotal)
    if (row.partnerFlagged !== null) sum.partnerFlagged = Number(sum.partnerFlagged ?? 0) + Number(row.partnerFlagged)
    if (row.partnerOver !== null) sum.partnerOver = Number(sum.partnerOver ?? 0) + Number(row.partnerOver)
    if (row.partnerIds !== null) {
      partnerIds ??= new Set()
      for (const id of JSON.parse(row.partnerIds) as Array<string | null>) partnerIds.add(id)
    }
  }
  if (partnerIds !== null) sum.partnerIds = JSON.stringify([...partnerIds])
  return sum
}

// The overview's per-row work as loops in module-level functions, not callbacks made per request: V8 keeps a
// module-level function's optimised code, while a per-request closure's is dropped at every full collection
// (docs/performance.md, "Language mediation, referrals, audit log and start page (2026-12-06, session 19)").
function hasPartner(partners: ReadonlyArray<{ id: string }>, partnerId: string) {
  for (const partner of partners) if (partner.id === partnerId) return true
  return false
}

function overviewRows(rows: OverviewRow[], now: Date, threshold: number) {
  const shaped: OpenReferralRow[] = []
  for (const [id, caseId, kind, urgency, status, sentAt, consentFlaggedAt, partnerName, pseudonymCode, counsellorName] of rows) {
    const sent = toDate(sentAt)
    // waitingTimes(…).waitingSoFar, without the two other waiting times, which the page does not show
    const waitingSoFar = isWaitingStatus(status) ? daysBetween(sent, now) : null
    shaped.push({
      id,
      caseId,
      pseudonymCode,
      partnerName,
      kind,
      status,
      sentAt: sent,
      waitingSoFar,
      overThreshold: waitingSoFar !== null && waitingSoFar > threshold,
      consentFlagged: consentFlaggedAt !== null,
      crisis: urgency === 'CRISIS',
      counsellorName,
    })
  }
  return shaped
}
