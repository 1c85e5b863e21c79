// The case timeline: everything that happened to a case, newest first. Each source table is
// queried with a tight select and at most `limit + 1` rows (all through indexes on caseId/at), then
// merged here. Of a contact's confidential note the timeline carries only whether there is one (for
// every viewer alike); its text stays on the contact's own page, for those who may read it.
import { mergeTimeline, TIMELINE_KINDS, TIMELINE_MAX_LIMIT, TIMELINE_PAGE_SIZE, type TimelineEntry, type TimelineKind } from '#app/domain/timeline.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { privacyInfoSummaryOf, privacyInfoSummaryQuery } from '#app/models/consent-template.server.ts'
import { readRows } from '#app/utils/db.server.ts'
import { languageName } from '#app/utils/iso.server.ts'
import { catalogueLabel } from '#app/utils/format.ts'

/** The sources of the timeline's statement, each a subquery of its own. */
type Source =
  | 'contact'
  | 'group'
  | 'status'
  | 'residence'
  | 'programme'
  | 'goal'
  | 'goalChange'
  | 'assignment'
  | 'transfer'
  | 'referral'
  | 'consentGiven'
  | 'consentWithdrawn'
  | 'mediation'
  | 'privacy'
/** One row of a source: its columns in the order of the source's json_array. */
type Fields = unknown[]

function labels(labelDe: unknown, labelEn: unknown) {
  return typeof labelDe === 'string' ? { labelDe, labelEn: String(labelEn) } : null
}

/**
 * A stored DateTime (its text, e.g. 2026-12-05T09:30:00.000+00:00) as the ISO string the entries carry.
 * The stored text of an instant that Date reads as written is that ISO string with "+00:00" for "Z",
 * so it is rewritten as text (session 22: the busiest case's ≈ 300 values cost ≈ 0.2 ms a view through
 * Date). Only where Date could read it otherwise does it go through Date, as before: a day after the
 * 28th (the 30th of February rolls over), an hour 24 or any other form.
 */
const STORED_AS_WRITTEN = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}\+00:00$/
export function isoOfStored(value: unknown) {
  return typeof value === 'string' && STORED_AS_WRITTEN.test(value) ? `${value.slice(0, 23)}Z` : new Date(value as string).toISOString()
}
const text = (value: unknown) => (value === null || value === undefined ? null : String(value))

// Each source's rows made into entries by a module-level function and a written-out loop, not by a
// callback per view (issue 19, session 19): V8 drops the optimised code of a function created per
// request at every full collection and compiles it again; a module-level function keeps it.
/** One source's subquery as a part of the timeline's statement: its rows tagged with the source. */
function addSource(parts: Prisma.Sql[], name: Source, columns: Prisma.Sql, query: Prisma.Sql) {
  parts.push(Prisma.sql`SELECT json_array(${name}, json_array(${columns})) AS "r" FROM (${query}) q`)
}

function entriesOf(rows: Fields[] | undefined, language: string, toEntry: (fields: Fields, language: string) => TimelineEntry): TimelineEntry[] {
  const entries: TimelineEntry[] = []
  if (rows) for (const fields of rows) entries.push(toEntry(fields, language))
  return entries
}

// byUserId columns carry no relation (the history must outlive a deleted user): the names are
// LEFT JOINed, and a name of someone no longer stored is null.
function contactEntry([id, date, durationMinutes, mode, hasNote, authorName, topics]: Fields): TimelineEntry {
  return {
    kind: 'contact' as const,
    id: `contact-${String(id)}`,
    at: isoOfStored(date),
    contactId: String(id),
    durationMinutes: Number(durationMinutes),
    mode: String(mode),
    topics: topics as string[],
    authorName: text(authorName),
    hasConfidentialNote: Boolean(Number(hasNote)),
  }
}

// Of the other participants only their number: their codes are on the session's page, for
// those cases the reader may open.
function groupEntry([id, date, durationMinutes, mode, anonymousParticipants, participants, topics]: Fields): TimelineEntry {
  return {
    kind: 'group' as const,
    id: `group-${String(id)}`,
    at: isoOfStored(date),
    groupSessionId: String(id),
    durationMinutes: Number(durationMinutes),
    mode: String(mode),
    topics: topics as string[],
    participants: Number(participants) + Number(anonymousParticipants),
  }
}

function statusEntry([id, fromStatus, toStatus, at, byName, reasonDe, reasonEn]: Fields, language: string): TimelineEntry {
  return {
    kind: 'status' as const,
    id: `status-${String(id)}`,
    at: isoOfStored(at),
    fromStatus: text(fromStatus),
    toStatus: String(toStatus),
    closureReason: catalogueLabel(labels(reasonDe, reasonEn), language),
    byName: text(byName),
  }
}

function residenceEntry([id, validFrom, expiresAt, statusDe, statusEn, group]: Fields, language: string): TimelineEntry {
  return {
    kind: 'residence' as const,
    id: `residence-${String(id)}`,
    at: isoOfStored(validFrom),
    status: catalogueLabel(labels(statusDe, statusEn)!, language),
    group: text(group),
    expiresAt: expiresAt === null ? null : isoOfStored(expiresAt),
  }
}

function programmeEntry([id, programme, validFrom]: Fields): TimelineEntry {
  return { kind: 'programme' as const, id: `programme-${String(id)}`, at: isoOfStored(validFrom), programme: String(programme) }
}

function goalCreatedEntry([id, goalText, createdAt, topicDe, topicEn]: Fields, language: string): TimelineEntry {
  return {
    kind: 'plan' as const,
    event: 'goalCreated' as const,
    id: `goal-${String(id)}`,
    at: isoOfStored(createdAt),
    topic: catalogueLabel(labels(topicDe, topicEn)!, language),
    text: String(goalText),
  }
}

function goalStatusEntry([id, fromStatus, toStatus, at, byName, topicDe, topicEn]: Fields, language: string): TimelineEntry {
  return {
    kind: 'plan' as const,
    event: 'goalStatus' as const,
    id: `goal-change-${String(id)}`,
    at: isoOfStored(at),
    topic: catalogueLabel(labels(topicDe, topicEn)!, language),
    fromStatus: text(fromStatus),
    toStatus: String(toStatus),
    byName: text(byName),
  }
}

function assignmentEntry([id, at, fromName, toName, byName]: Fields): TimelineEntry {
  return {
    kind: 'assignment' as const,
    id: `assignment-${String(id)}`,
    at: isoOfStored(at),
    fromName: text(fromName),
    toName: text(toName),
    byName: text(byName),
  }
}

function transferEntry([id, at, reason, status, fromTeam, toTeam]: Fields): TimelineEntry {
  return {
    kind: 'transfer' as const,
    id: `transfer-${String(id)}`,
    at: isoOfStored(at),
    fromTeam: String(fromTeam),
    toTeam: String(toTeam),
    reason: String(reason),
    status: String(status),
  }
}

function referralEntry([id, fromStatus, toStatus, at, byName, referralId, kind, partnerName]: Fields): TimelineEntry {
  return {
    kind: 'referral' as const,
    id: `referral-${String(id)}`,
    at: isoOfStored(at),
    referralId: String(referralId),
    referralKind: String(kind),
    partnerName: text(partnerName),
    fromStatus: text(fromStatus),
    toStatus: String(toStatus),
    byName: text(byName),
  }
}

/** A consent given or withdrawn: the same fields, the event and the id's prefix told apart. */
function consentEntry(event: 'given' | 'withdrawn', [id, at, form, recipientKind, recipient]: Fields): TimelineEntry {
  return {
    kind: 'consent' as const,
    event,
    id: `consent-${event}-${String(id)}`,
    at: isoOfStored(at),
    consentId: String(id),
    recipient: text(recipient),
    recipientKind: text(recipientKind),
    form: String(form),
  }
}

const consentGivenEntry = (fields: Fields) => consentEntry('given', fields)
const consentWithdrawnEntry = (fields: Fields) => consentEntry('withdrawn', fields)

function mediationEntry([id, fromStatus, toStatus, at, byName, mediationId, languageCode]: Fields, language: string): TimelineEntry {
  return {
    kind: 'mediation' as const,
    id: `mediation-${String(id)}`,
    at: isoOfStored(at),
    mediationId: String(mediationId),
    language: languageName(String(languageCode), language),
    fromStatus: text(fromStatus),
    toStatus: String(toStatus),
    byName: text(byName),
  }
}

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
export async function getTimeline(caseId: string, options: TimelineOptions = {}) {
  return (await readTimeline(caseId, options, false)).timeline
}

type TimelineOptions = { kinds?: readonly TimelineKind[]; limit?: number; language?: string }

/**
 * The case file's main view: the timeline and, as one more part of the same statement, the case's
 * privacy-information summary (`privacyInfoSummary`, the same row made into the same object) — one
 * statement a view instead of two (issue 19, session 18).
 */
export async function getTimelineAndPrivacyInfo(caseId: string, options: TimelineOptions = {}) {
  return readTimeline(caseId, options, true)
}

async function readTimeline(caseId: string, { kinds = TIMELINE_KINDS, limit = TIMELINE_PAGE_SIZE, language = 'de' }: TimelineOptions, withPrivacy: boolean) {
  const take = Math.min(Math.max(1, limit), TIMELINE_MAX_LIMIT) + 1

  // One statement for all sources (issue 19, session 10): each source is its own subquery with its
  // own index, order and LIMIT as before, and UNION ALL hands their rows over in one round trip —
  // 13 statements through the ORM cost more CPU than SQLite took for the rows. Every source's row
  // is a JSON array (`r`), tagged with its source (`s`); dates come as the stored text and are
  // turned into the same ISO strings as before. The order of the rows between and within the
  // sources does not matter: mergeTimeline sorts by a total order.
  // Every bound value the planner could look at is written `+${…}` (decision 146): SQLite (built with
  // STAT4) plans `column = ?` and `LIMIT ?` with the value bound at the time and then marks the
  // statement to be compiled anew whenever that parameter is bound again — better-sqlite3 binds at
  // every run, so the 7 kB statement was parsed and planned on every view (half of its CPU). `+?` is
  // the same value to SQLite, not one the planner reads: the same plan (the planner chose it without
  // the value anyway), the same rows, compiled once per process.

  // A contact's or group session's topics (session 28): each topic's label in the reader's language
  // (catalogueLabel's choice, made by SQLite), in the order of their ids as before — the order in which
  // the topics' primary-key index (entry, topic id) hands them over, so SQLite sorts nothing per row
  // (a plan test holds it to that index). Before, each row's topics were sorted by id for the
  // aggregate and both labels of each were sent as a pair.
  const topicLabel = Prisma.sql`CASE WHEN +${language} = 'en' THEN e."labelEn" ELSE e."labelDe" END`
  const parts: Prisma.Sql[] = []
  if (kinds.includes('contact'))
    addSource(
      parts,
      'contact',
      Prisma.sql`q."id", q."date", q."durationMinutes", q."mode", q."hasNote", q."authorName", json(q."topics")`,
      Prisma.sql`
        SELECT c."id", c."date", c."durationMinutes", c."mode",
          (c."confidentialNote" IS NOT NULL AND c."confidentialNote" <> '') AS "hasNote", u."displayName" AS "authorName",
          (SELECT json_group_array(${topicLabel})
             FROM "ContactTopic" t JOIN "CatalogueEntry" e ON e."id" = t."topicId" WHERE t."contactId" = c."id") AS "topics"
        FROM "Contact" c LEFT JOIN "User" u ON u."id" = c."authorId"
        WHERE c."caseId" = +${caseId}
        ORDER BY c."date" DESC, c."id" DESC LIMIT +${take}`,
    )
  if (kinds.includes('group'))
    addSource(
      parts,
      'group',
      Prisma.sql`q."id", q."date", q."durationMinutes", q."mode", q."anonymousParticipants", q."participants", json(q."topics")`,
      Prisma.sql`
        SELECT g."id", g."date", g."durationMinutes", g."mode", g."anonymousParticipants",
          (SELECT COUNT(*) FROM "GroupSessionParticipant" p WHERE p."groupSessionId" = g."id") AS "participants",
          (SELECT json_group_array(${topicLabel})
             FROM "GroupSessionTopic" t JOIN "CatalogueEntry" e ON e."id" = t."topicId" WHERE t."groupSessionId" = g."id") AS "topics"
        FROM "GroupSession" g
        WHERE g."id" IN (SELECT p."groupSessionId" FROM "GroupSessionParticipant" p WHERE p."caseId" = +${caseId})
        ORDER BY g."date" DESC, g."id" DESC LIMIT +${take}`,
    )
  if (kinds.includes('status'))
    addSource(
      parts,
      'status',
      Prisma.sql`q."id", q."fromStatus", q."toStatus", q."at", q."byName", q."reasonDe", q."reasonEn"`,
      Prisma.sql`
        SELECT s."id", s."fromStatus", s."toStatus", s."at", u."displayName" AS "byName", e."labelDe" AS "reasonDe", e."labelEn" AS "reasonEn"
        FROM "CaseStatusChange" s LEFT JOIN "CatalogueEntry" e ON e."id" = s."closureReasonId" LEFT JOIN "User" u ON u."id" = s."byUserId"
        WHERE s."caseId" = +${caseId}
        ORDER BY s."at" DESC, s."id" DESC LIMIT +${take}`,
    )
  if (kinds.includes('residence'))
    addSource(
      parts,
      'residence',
      Prisma.sql`q."id", q."validFrom", q."expiresAt", q."statusDe", q."statusEn", q."group"`,
      Prisma.sql`
        SELECT r."id", r."validFrom", r."expiresAt", e."labelDe" AS "statusDe", e."labelEn" AS "statusEn", e."group"
        FROM "ResidenceStatusEntry" r JOIN "CatalogueEntry" e ON e."id" = r."statusId"
        WHERE r."clientId" = (SELECT k."clientId" FROM "Case" k WHERE k."id" = +${caseId})
        ORDER BY r."validFrom" DESC, r."id" DESC LIMIT +${take}`,
    )
  if (kinds.includes('programme'))
    addSource(
      parts,
      'programme',
      Prisma.sql`q."id", q."programme", q."validFrom"`,
      Prisma.sql`
        SELECT p."id", p."programme", p."validFrom" FROM "ProgrammePeriod" p
        WHERE p."caseId" = +${caseId} ORDER BY p."validFrom" DESC, p."id" DESC LIMIT +${take}`,
    )
  if (kinds.includes('plan')) {
    addSource(
      parts,
      'goal',
      Prisma.sql`q."id", q."text", q."createdAt", q."topicDe", q."topicEn"`,
      Prisma.sql`
        SELECT g."id", g."text", g."createdAt", e."labelDe" AS "topicDe", e."labelEn" AS "topicEn"
        FROM "CasePlan" p JOIN "PlanGoal" g ON g."planId" = p."id" JOIN "CatalogueEntry" e ON e."id" = g."topicId"
        WHERE p."caseId" = +${caseId}
        ORDER BY g."createdAt" DESC, g."id" DESC LIMIT +${take}`,
    )
    // From the case's plan to its goals to their changes, by index: filtered the other way,
    // SQLite walked every goal change of every case (84 ms at 135,000 changes).
    addSource(
      parts,
      'goalChange',
      Prisma.sql`q."id", q."fromStatus", q."toStatus", q."at", q."byName", q."topicDe", q."topicEn"`,
      Prisma.sql`
        SELECT c."id", c."fromStatus", c."toStatus", c."at", u."displayName" AS "byName", e."labelDe" AS "topicDe", e."labelEn" AS "topicEn"
        FROM "CasePlan" p CROSS JOIN "PlanGoal" g ON g."planId" = p."id" CROSS JOIN "PlanGoalChange" c ON c."goalId" = g."id"
          JOIN "CatalogueEntry" e ON e."id" = g."topicId" LEFT JOIN "User" u ON u."id" = c."byUserId"
        WHERE p."caseId" = +${caseId}
        ORDER BY c."at" DESC, c."id" DESC LIMIT +${take}`,
    )
  }
  if (kinds.includes('assignment'))
    addSource(
      parts,
      'assignment',
      Prisma.sql`q."id", q."at", q."fromName", q."toName", q."byName"`,
      Prisma.sql`
        SELECT a."id", a."at", f."displayName" AS "fromName", t."displayName" AS "toName", b."displayName" AS "byName"
        FROM "Assignment" a LEFT JOIN "User" f ON f."id" = a."fromUserId" LEFT JOIN "User" t ON t."id" = a."toUserId" LEFT JOIN "User" b ON b."id" = a."assignedById"
        WHERE a."caseId" = +${caseId}
        ORDER BY a."at" DESC, a."id" DESC LIMIT +${take}`,
    )
  if (kinds.includes('transfer'))
    addSource(
      parts,
      'transfer',
      Prisma.sql`q."id", q."at", q."reason", q."status", q."fromTeam", q."toTeam"`,
      Prisma.sql`
        SELECT r."id", r."at", r."reason", r."status", f."name" AS "fromTeam", t."name" AS "toTeam"
        FROM "Transfer" r JOIN "Team" f ON f."id" = r."fromTeamId" JOIN "Team" t ON t."id" = r."toTeamId"
        WHERE r."caseId" = +${caseId}
        ORDER BY r."at" DESC, r."id" DESC LIMIT +${take}`,
    )
  if (kinds.includes('referral'))
    addSource(
      parts,
      'referral',
      Prisma.sql`q."id", q."fromStatus", q."toStatus", q."at", q."byName", q."referralId", q."kind", q."partnerName"`,
      Prisma.sql`
        SELECT x."id", x."fromStatus", x."toStatus", x."at", u."displayName" AS "byName", r."id" AS "referralId", r."kind", o."name" AS "partnerName"
        FROM "Referral" r CROSS JOIN "ReferralTransition" x ON x."referralId" = r."id"
          LEFT JOIN "PartnerOrganisation" o ON o."id" = r."partnerId" LEFT JOIN "User" u ON u."id" = x."byUserId"
        WHERE r."caseId" = +${caseId}
        ORDER BY x."at" DESC, x."id" DESC LIMIT +${take}`,
    )
  if (kinds.includes('consent')) {
    addSource(
      parts,
      'consentGiven',
      Prisma.sql`q."id", q."givenAt", q."form", q."recipientKind", q."recipient"`,
      Prisma.sql`
        SELECT c."id", c."givenAt", c."form", c."recipientKind", o."name" AS "recipient"
        FROM "Consent" c LEFT JOIN "PartnerOrganisation" o ON o."id" = c."recipientPartnerId"
        WHERE c."caseId" = +${caseId}
        ORDER BY c."givenAt" DESC, c."id" DESC LIMIT +${take}`,
    )
    addSource(
      parts,
      'consentWithdrawn',
      Prisma.sql`q."id", q."withdrawnAt", q."form", q."recipientKind", q."recipient"`,
      Prisma.sql`
        SELECT c."id", c."withdrawnAt", c."form", c."recipientKind", o."name" AS "recipient"
        FROM "Consent" c LEFT JOIN "PartnerOrganisation" o ON o."id" = c."recipientPartnerId"
        WHERE c."caseId" = +${caseId} AND c."withdrawnAt" IS NOT NULL
        ORDER BY c."withdrawnAt" DESC, c."id" DESC LIMIT +${take}`,
    )
  }
  // The transitions by their copy of the request's case (decision 229): the newest `take` straight from
  // the index (case, time, id) in the order asked, no sort; before, SQLite read every transition of every
  // request of the case through the requests and sorted them (the busiest case: 118 for 51). The request's own case
  // is compared too: were the copy ever wrong, a transition would be left out, never shown in another case's file.
  if (kinds.includes('mediation'))
    addSource(
      parts,
      'mediation',
      Prisma.sql`q."id", q."fromStatus", q."toStatus", q."at", q."byName", q."mediationId", q."languageCode"`,
      Prisma.sql`
        SELECT x."id", x."fromStatus", x."toStatus", x."at", u."displayName" AS "byName", m."id" AS "mediationId", m."languageCode"
        FROM "MediationTransition" x CROSS JOIN "LanguageMediation" m ON m."id" = x."mediationId" LEFT JOIN "User" u ON u."id" = x."byUserId"
        WHERE x."caseId" = +${caseId} AND m."caseId" = x."caseId"
        ORDER BY x."at" DESC, x."id" DESC LIMIT +${take}`,
    )

  if (withPrivacy)
    addSource(
      parts,
      'privacy',
      Prisma.sql`q."givenAt", q."form", q."clientLanguage", q."versionId", q."version", q."reviewedAt", q."textLanguage"`,
      privacyInfoSummaryQuery(caseId),
    )

  const bySource = new Map<Source, Fields[]>()
  if (parts.length > 0) {
    // Straight from the connection (decision 067). The rows come as one text, a JSON array of the
    // sources' `[s, r]` pairs joined by SQLite (decision 201): better-sqlite3 made an object and two
    // strings per row and JavaScript parsed each row's JSON on its own. The order of the pairs is
    // SQLite's and does not matter (mergeTimeline sorts by a total order); no row at all is NULL.
    const [{ j }] = await readRows<[{ j: string | null }]>`
      SELECT '[' || group_concat("r", ',') || ']' AS "j" FROM (${Prisma.join(parts, ' UNION ALL ')})`
    const pairs = j === null ? [] : (JSON.parse(j) as Array<[Source, Fields]>)
    for (const [source, fields] of pairs) {
      const list = bySource.get(source)
      if (list) list.push(fields)
      else bySource.set(source, [fields])
    }
  }

  const lists: TimelineEntry[][] = [
    entriesOf(bySource.get('contact'), language, contactEntry),
    entriesOf(bySource.get('group'), language, groupEntry),
    entriesOf(bySource.get('status'), language, statusEntry),
    entriesOf(bySource.get('residence'), language, residenceEntry),
    entriesOf(bySource.get('programme'), language, programmeEntry),
    entriesOf(bySource.get('goal'), language, goalCreatedEntry),
    entriesOf(bySource.get('goalChange'), language, goalStatusEntry),
    entriesOf(bySource.get('assignment'), language, assignmentEntry),
    entriesOf(bySource.get('transfer'), language, transferEntry),
    entriesOf(bySource.get('referral'), language, referralEntry),
    entriesOf(bySource.get('consentGiven'), language, consentGivenEntry),
    entriesOf(bySource.get('consentWithdrawn'), language, consentWithdrawnEntry),
    entriesOf(bySource.get('mediation'), language, mediationEntry),
  ]

  const merged = mergeTimeline(lists, take - 1)
  const [privacy] = bySource.get('privacy') ?? []
  return {
    timeline: { entries: merged.entries, hasMore: merged.hasMore, limit: take - 1 },
    privacy: withPrivacy
      ? privacyInfoSummaryOf(
          privacy && {
            givenAt: privacy[0] as string | null,
            form: privacy[1] as string | null,
            clientLanguage: privacy[2] as string | null,
            versionId: privacy[3] as string | null,
            version: privacy[4] as number | null,
            reviewedAt: privacy[5] as string | null,
            textLanguage: privacy[6] as string | null,
          },
        )
      : null,
  }
}
