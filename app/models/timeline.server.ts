// The case timeline: everything that happened to a case, newest first. Each source table is
// queried with a tight select and at most `limit + 1` rows (all through indexes on caseId/at), then
// merged here. Of a contact's confidential note the timeline carries only whether there is one (for
// every viewer alike); its text stays on the contact's own page, for those who may read it.
import { mergeTimeline, TIMELINE_KINDS, TIMELINE_MAX_LIMIT, TIMELINE_PAGE_SIZE, type TimelineEntry, type TimelineKind } from '#app/domain/timeline.ts'
import { prisma } from '#app/utils/db.server.ts'
import { languageName } from '#app/utils/iso.server.ts'
import { catalogueLabel } from '#app/utils/format.ts'

type Labels = { labelDe: string; labelEn: string }
type Row = Record<string, unknown>

/** Catalogue labels packed by SQLite as a JSON array of [German, English] pairs. */
function labelList(json: unknown, language: string) {
  return (JSON.parse(String(json)) as Array<[string, string]>).map(([labelDe, labelEn]) => catalogueLabel({ labelDe, labelEn }, language))
}

function labels(row: Row, prefix: string): Labels | null {
  const labelDe = row[`${prefix}De`]
  return typeof labelDe === 'string' ? { labelDe, labelEn: String(row[`${prefix}En`]) } : null
}

/** A DateTime column of a raw statement (a Date) as the ISO string the entries carry. */
const iso = (value: unknown) => (value as Date).toISOString()
const text = (value: unknown) => (value === null || value === undefined ? null : String(value))

/**
 * The timeline of one case. `kinds` limits the sources (the filter of the page); the access check
 * is the caller's (requireCaseAccess).
 *
 * Each source is one raw statement with its names and labels joined (issue 19): through the ORM
 * every relation of a select is a statement of its own, about 35 per view, and each cost about
 * 1 ms of CPU in the ORM's JavaScript — more than SQLite took for the rows. The statements read the
 * same rows in the same order: compared entry by entry with the ORM version on 425 cases of the
 * 100,000-case bench file, every kind and filter, both languages (docs/performance.md, 2026-12-05).
 * Topic labels keep the order the ORM gave them (by topic id).
 */
export async function getTimeline(caseId: string, { kinds = TIMELINE_KINDS, limit = TIMELINE_PAGE_SIZE, language = 'de' }: { kinds?: readonly TimelineKind[]; limit?: number; language?: string } = {}) {
  const take = Math.min(Math.max(1, limit), TIMELINE_MAX_LIMIT) + 1
  const want = (kind: TimelineKind) => kinds.includes(kind)
  const none = Promise.resolve([] as Row[])
  const rows = (query: Promise<unknown>) => query as Promise<Row[]>

  const [contacts, groups, statusChanges, residence, programmes, goals, goalChanges, assignments, transfers, referralTransitions, consentsGiven, consentsWithdrawn, mediationTransitions] =
    await Promise.all([
      want('contact')
        ? rows(prisma.$queryRaw`
            SELECT c."id", c."date", c."durationMinutes", c."mode",
              (c."confidentialNote" IS NOT NULL AND c."confidentialNote" <> '') AS "hasNote", u."displayName" AS "authorName",
              (SELECT json_group_array(json_array(e."labelDe", e."labelEn") ORDER BY t."topicId")
                 FROM "ContactTopic" t JOIN "CatalogueEntry" e ON e."id" = t."topicId" WHERE t."contactId" = c."id") AS "topics"
            FROM "Contact" c LEFT JOIN "User" u ON u."id" = c."authorId"
            WHERE c."caseId" = ${caseId}
            ORDER BY c."date" DESC, c."id" DESC LIMIT ${take}`)
        : none,
      want('group')
        ? rows(prisma.$queryRaw`
            SELECT g."id", g."date", g."durationMinutes", g."mode", g."anonymousParticipants",
              (SELECT COUNT(*) FROM "GroupSessionParticipant" p WHERE p."groupSessionId" = g."id") AS "participants",
              (SELECT json_group_array(json_array(e."labelDe", e."labelEn") ORDER BY t."topicId")
                 FROM "GroupSessionTopic" t JOIN "CatalogueEntry" e ON e."id" = t."topicId" WHERE t."groupSessionId" = g."id") AS "topics"
            FROM "GroupSession" g
            WHERE g."id" IN (SELECT p."groupSessionId" FROM "GroupSessionParticipant" p WHERE p."caseId" = ${caseId})
            ORDER BY g."date" DESC, g."id" DESC LIMIT ${take}`)
        : none,
      want('status')
        ? rows(prisma.$queryRaw`
            SELECT s."id", s."fromStatus", s."toStatus", s."at", u."displayName" AS "byName", e."labelDe" AS "reasonDe", e."labelEn" AS "reasonEn"
            FROM "CaseStatusChange" s LEFT JOIN "CatalogueEntry" e ON e."id" = s."closureReasonId" LEFT JOIN "User" u ON u."id" = s."byUserId"
            WHERE s."caseId" = ${caseId}
            ORDER BY s."at" DESC, s."id" DESC LIMIT ${take}`)
        : none,
      want('residence')
        ? rows(prisma.$queryRaw`
            SELECT r."id", r."validFrom", r."expiresAt", e."labelDe" AS "statusDe", e."labelEn" AS "statusEn", e."group"
            FROM "ResidenceStatusEntry" r JOIN "CatalogueEntry" e ON e."id" = r."statusId"
            WHERE r."clientId" = (SELECT k."clientId" FROM "Case" k WHERE k."id" = ${caseId})
            ORDER BY r."validFrom" DESC, r."id" DESC LIMIT ${take}`)
        : none,
      want('programme')
        ? rows(prisma.$queryRaw`
            SELECT p."id", p."programme", p."validFrom" FROM "ProgrammePeriod" p
            WHERE p."caseId" = ${caseId} ORDER BY p."validFrom" DESC, p."id" DESC LIMIT ${take}`)
        : none,
      want('plan')
        ? rows(prisma.$queryRaw`
            SELECT g."id", g."text", g."createdAt", e."labelDe" AS "topicDe", e."labelEn" AS "topicEn"
            FROM "CasePlan" p JOIN "PlanGoal" g ON g."planId" = p."id" JOIN "CatalogueEntry" e ON e."id" = g."topicId"
            WHERE p."caseId" = ${caseId}
            ORDER BY g."createdAt" DESC, g."id" DESC LIMIT ${take}`)
        : none,
      want('plan')
        ? // From the case's plan to its goals to their changes, by index: filtered the other way,
          // SQLite walked every goal change of every case (84 ms at 135,000 changes).
          rows(prisma.$queryRaw`
            SELECT c."id", c."fromStatus", c."toStatus", c."at", u."displayName" AS "byName", e."labelDe" AS "topicDe", e."labelEn" AS "topicEn"
            FROM "CasePlan" p CROSS JOIN "PlanGoal" g ON g."planId" = p."id" CROSS JOIN "PlanGoalChange" c ON c."goalId" = g."id"
              JOIN "CatalogueEntry" e ON e."id" = g."topicId" LEFT JOIN "User" u ON u."id" = c."byUserId"
            WHERE p."caseId" = ${caseId}
            ORDER BY c."at" DESC, c."id" DESC LIMIT ${take}`)
        : none,
      want('assignment')
        ? rows(prisma.$queryRaw`
            SELECT a."id", a."at", f."displayName" AS "fromName", t."displayName" AS "toName", b."displayName" AS "byName"
            FROM "Assignment" a LEFT JOIN "User" f ON f."id" = a."fromUserId" LEFT JOIN "User" t ON t."id" = a."toUserId" LEFT JOIN "User" b ON b."id" = a."assignedById"
            WHERE a."caseId" = ${caseId}
            ORDER BY a."at" DESC, a."id" DESC LIMIT ${take}`)
        : none,
      want('transfer')
        ? rows(prisma.$queryRaw`
            SELECT r."id", r."at", r."reason", r."status", f."name" AS "fromTeam", t."name" AS "toTeam"
            FROM "Transfer" r JOIN "Team" f ON f."id" = r."fromTeamId" JOIN "Team" t ON t."id" = r."toTeamId"
            WHERE r."caseId" = ${caseId}
            ORDER BY r."at" DESC, r."id" DESC LIMIT ${take}`)
        : none,
      want('referral')
        ? rows(prisma.$queryRaw`
            SELECT x."id", x."fromStatus", x."toStatus", x."at", u."displayName" AS "byName", r."id" AS "referralId", r."kind", o."name" AS "partnerName"
            FROM "Referral" r CROSS JOIN "ReferralTransition" x ON x."referralId" = r."id"
              LEFT JOIN "PartnerOrganisation" o ON o."id" = r."partnerId" LEFT JOIN "User" u ON u."id" = x."byUserId"
            WHERE r."caseId" = ${caseId}
            ORDER BY x."at" DESC, x."id" DESC LIMIT ${take}`)
        : none,
      want('consent')
        ? rows(prisma.$queryRaw`
            SELECT c."id", c."givenAt", c."form", c."recipientKind", o."name" AS "recipient"
            FROM "Consent" c LEFT JOIN "PartnerOrganisation" o ON o."id" = c."recipientPartnerId"
            WHERE c."caseId" = ${caseId}
            ORDER BY c."givenAt" DESC, c."id" DESC LIMIT ${take}`)
        : none,
      want('consent')
        ? rows(prisma.$queryRaw`
            SELECT c."id", c."withdrawnAt", c."form", c."recipientKind", o."name" AS "recipient"
            FROM "Consent" c LEFT JOIN "PartnerOrganisation" o ON o."id" = c."recipientPartnerId"
            WHERE c."caseId" = ${caseId} AND c."withdrawnAt" IS NOT NULL
            ORDER BY c."withdrawnAt" DESC, c."id" DESC LIMIT ${take}`)
        : none,
      want('mediation')
        ? rows(prisma.$queryRaw`
            SELECT x."id", x."fromStatus", x."toStatus", x."at", u."displayName" AS "byName", m."id" AS "mediationId", m."languageCode"
            FROM "LanguageMediation" m CROSS JOIN "MediationTransition" x ON x."mediationId" = m."id" LEFT JOIN "User" u ON u."id" = x."byUserId"
            WHERE m."caseId" = ${caseId}
            ORDER BY x."at" DESC, x."id" DESC LIMIT ${take}`)
        : none,
    ])

  // byUserId columns carry no relation (the history must outlive a deleted user): the names are
  // LEFT JOINed, and a name of someone no longer stored is null.
  const lists: TimelineEntry[][] = [
    contacts.map((contact) => ({
      kind: 'contact' as const,
      id: `contact-${String(contact.id)}`,
      at: iso(contact.date),
      contactId: String(contact.id),
      durationMinutes: Number(contact.durationMinutes),
      mode: String(contact.mode),
      topics: labelList(contact.topics, language),
      authorName: text(contact.authorName),
      hasConfidentialNote: Boolean(Number(contact.hasNote)),
    })),
    // Of the other participants only their number: their codes are on the session's page, for
    // those cases the reader may open.
    groups.map((session) => ({
      kind: 'group' as const,
      id: `group-${String(session.id)}`,
      at: iso(session.date),
      groupSessionId: String(session.id),
      durationMinutes: Number(session.durationMinutes),
      mode: String(session.mode),
      topics: labelList(session.topics, language),
      participants: Number(session.participants) + Number(session.anonymousParticipants),
    })),
    statusChanges.map((change) => ({
      kind: 'status' as const,
      id: `status-${String(change.id)}`,
      at: iso(change.at),
      fromStatus: text(change.fromStatus),
      toStatus: String(change.toStatus),
      closureReason: catalogueLabel(labels(change, 'reason'), language),
      byName: text(change.byName),
    })),
    residence.map((entry) => ({
      kind: 'residence' as const,
      id: `residence-${String(entry.id)}`,
      at: iso(entry.validFrom),
      status: catalogueLabel(labels(entry, 'status')!, language),
      group: text(entry.group),
      expiresAt: entry.expiresAt === null ? null : iso(entry.expiresAt),
    })),
    programmes.map((period) => ({ kind: 'programme' as const, id: `programme-${String(period.id)}`, at: iso(period.validFrom), programme: String(period.programme) })),
    goals.map((goal) => ({
      kind: 'plan' as const,
      event: 'goalCreated' as const,
      id: `goal-${String(goal.id)}`,
      at: iso(goal.createdAt),
      topic: catalogueLabel(labels(goal, 'topic')!, language),
      text: String(goal.text),
    })),
    goalChanges.map((change) => ({
      kind: 'plan' as const,
      event: 'goalStatus' as const,
      id: `goal-change-${String(change.id)}`,
      at: iso(change.at),
      topic: catalogueLabel(labels(change, 'topic')!, language),
      fromStatus: text(change.fromStatus),
      toStatus: String(change.toStatus),
      byName: text(change.byName),
    })),
    assignments.map((assignment) => ({
      kind: 'assignment' as const,
      id: `assignment-${String(assignment.id)}`,
      at: iso(assignment.at),
      fromName: text(assignment.fromName),
      toName: text(assignment.toName),
      byName: text(assignment.byName),
    })),
    transfers.map((transfer) => ({
      kind: 'transfer' as const,
      id: `transfer-${String(transfer.id)}`,
      at: iso(transfer.at),
      fromTeam: String(transfer.fromTeam),
      toTeam: String(transfer.toTeam),
      reason: String(transfer.reason),
      status: String(transfer.status),
    })),
    referralTransitions.map((transition) => ({
      kind: 'referral' as const,
      id: `referral-${String(transition.id)}`,
      at: iso(transition.at),
      referralId: String(transition.referralId),
      referralKind: String(transition.kind),
      partnerName: text(transition.partnerName),
      fromStatus: text(transition.fromStatus),
      toStatus: String(transition.toStatus),
      byName: text(transition.byName),
    })),
    consentsGiven.map((consent) => ({
      kind: 'consent' as const,
      event: 'given' as const,
      id: `consent-given-${String(consent.id)}`,
      at: iso(consent.givenAt),
      consentId: String(consent.id),
      recipient: text(consent.recipient),
      recipientKind: text(consent.recipientKind),
      form: String(consent.form),
    })),
    consentsWithdrawn.map((consent) => ({
      kind: 'consent' as const,
      event: 'withdrawn' as const,
      id: `consent-withdrawn-${String(consent.id)}`,
      at: iso(consent.withdrawnAt),
      consentId: String(consent.id),
      recipient: text(consent.recipient),
      recipientKind: text(consent.recipientKind),
      form: String(consent.form),
    })),
    mediationTransitions.map((transition) => ({
      kind: 'mediation' as const,
      id: `mediation-${String(transition.id)}`,
      at: iso(transition.at),
      mediationId: String(transition.mediationId),
      language: languageName(String(transition.languageCode), language),
      fromStatus: text(transition.fromStatus),
      toStatus: String(transition.toStatus),
      byName: text(transition.byName),
    })),
  ]

  const merged = mergeTimeline(lists, take - 1)
  return { entries: merged.entries, hasMore: merged.hasMore, limit: take - 1 }
}
