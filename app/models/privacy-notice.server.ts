// Notices for team leads about privacy events in their team: emergency accesses and erasure
// requests (Notification kinds EMERGENCY_ACCESS and ERASURE_REQUESTED). The notification holds
// only the case id; who acted and why is read from the audit event written in the same
// transaction, so no client data is copied anywhere.
// Also the four-eyes notices on access grants (decision 018, app/domain/access-grants.ts), for the
// team leads concerned and for the person whose account it is.
import { ACCESS_NOTICE_KINDS, type AccessNoticeKind } from '#app/domain/access-grants.ts'
import { type Role } from '#app/domain/codes.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { prisma, readRows } from '#app/utils/db.server.ts'

// TRANSFER_IN: a case arrived from another team and waits in the queue (issue 14, item 6); QUEUED:
// a case came back to the queue because its counsellor left or changed teams (item 5).
export const PRIVACY_NOTICE_KINDS = ['EMERGENCY_ACCESS', 'ERASURE_REQUESTED', 'TRANSFER_IN', 'QUEUED'] as const
/** What the start page counts as unread notices (start-page.server.ts). */
export const ALL_NOTICE_KINDS = [...PRIVACY_NOTICE_KINDS, ...ACCESS_NOTICE_KINDS]
const SOURCE_ACTION: Record<(typeof PRIVACY_NOTICE_KINDS)[number], string> = {
  EMERGENCY_ACCESS: 'case.emergency-access',
  ERASURE_REQUESTED: 'client.erasure-request',
  TRANSFER_IN: 'case.transfer',
  QUEUED: 'case.assign',
}

/** Unread notices about changes to the user's own account: shown right after signing in. */
export async function countUnreadOwnAccountNotices(userId: string) {
  return prisma.notification.count({ where: { userId, subjectUserId: userId, kind: { in: [...ACCESS_NOTICE_KINDS] }, readAt: null } })
}

type AccessEventDetails = { role?: unknown; teamId?: unknown; previousRole?: unknown; previousTeamId?: unknown }

function parseDetails(details: string | null): AccessEventDetails {
  try {
    return details ? (JSON.parse(details) as AccessEventDetails) : {}
  } catch {
    return {}
  }
}

const text = (value: unknown) => (typeof value === 'string' ? value : null)

// The page's reads come straight from the connection (`readRows`, decision 067), not through the ORM,
// whose query pipeline cost more than SQLite on this daily page: eight reads a view, also when a
// list was empty. Values are bound as `+?` and the limit written in (decision 146), so SQLite
// compiles each statement once. Rows arrive as SQLite gives them: dates as their stored text, ids
// and flags as integers (`bigint`), NULL; what the ORM converted is converted below.
const ACCESS_KINDS = Prisma.join([...ACCESS_NOTICE_KINDS], ', +', '+')
const PRIVACY_KINDS = Prisma.join([...PRIVACY_NOTICE_KINDS], ', +', '+')
const SOURCE_ACTIONS = Prisma.join(Object.values(SOURCE_ACTION), ', +', '+')
const NOTICES_SHOWN = 100

const isoText = (stored: string) => new Date(stored).toISOString()

/**
 * The user's access-grant notices, newest first, with who changed what (read from the audit event).
 * One statement: the notice with the account it concerns, its audit event and that event's author
 * (the ORM read these in four, and the teams in a fifth); the teams' names only when an event names one.
 * The notices by the user's index (INDEXED BY, as the planner chose with the user's value): without
 * it, a small table's statistics let SQLite scan every notice. The accounts by their key, each read in
 * a subquery of its own table alone, which SQLite answers by a unique index whatever its statistics
 * say (its planner's short cut for an equality on a whole unique key); naming the key's index instead
 * (`sqlite_autoindex_User_1`) would tie the statement to a name SQLite derives from the order of the
 * table's constraints (session 24; the plan test names the index by its origin).
 */
export async function listAccessNotices(userId: string) {
  const notices = await readRows<AccessNoticeRow[]>`
    SELECT n."id", n."kind", n."subjectUserId", n."createdAt", n."readAt",
      (SELECT su."displayName" FROM "User" su WHERE su."id" = n."subjectUserId") AS subjectName,
      (SELECT su."email" FROM "User" su WHERE su."id" = n."subjectUserId") AS subjectEmail,
      e."id" AS eventId, e."details",
      (SELECT bu."displayName" FROM "User" bu WHERE bu."id" = e."userId") AS byName
    FROM "Notification" n INDEXED BY "Notification_userId_readAt_idx"
      LEFT JOIN "AuditEvent" e ON e."id" = n."auditEventId"
    WHERE n."userId" = +${userId} AND n."kind" IN (${ACCESS_KINDS})
    ORDER BY n."createdAt" DESC
    LIMIT ${Prisma.raw(String(NOTICES_SHOWN))}`
  const details = notices.map((notice) => (notice.eventId === null ? {} : parseDetails(notice.details)))
  const teamIds = new Set<string>()
  for (const detail of details) for (const id of [detail.teamId, detail.previousTeamId]) if (typeof id === 'string') teamIds.add(id)
  const teams =
    teamIds.size === 0
      ? []
      : await readRows<Array<{ id: string; name: string }>>`
          SELECT "id", "name" FROM "Team" WHERE "id" IN (${Prisma.join([...teamIds], ', +', '+')})`
  const teamName = (id: unknown) => (typeof id === 'string' ? (teams.find((team) => team.id === id)?.name ?? null) : null)
  return notices.map((notice, index) => {
    const detail = details[index]!
    return {
      id: notice.id,
      kind: notice.kind as AccessNoticeKind,
      at: isoText(notice.createdAt),
      read: notice.readAt !== null,
      ownAccount: notice.subjectUserId === userId,
      subject: notice.subjectName !== null ? { displayName: notice.subjectName, email: notice.subjectEmail! } : null,
      by: notice.byName,
      role: text(detail.role) as Role | null,
      previousRole: text(detail.previousRole) as Role | null,
      team: teamName(detail.teamId),
      previousTeam: teamName(detail.previousTeamId),
    }
  })
}

type AccessNoticeRow = {
  id: string
  kind: string
  subjectUserId: string | null
  createdAt: string
  readAt: string | null
  subjectName: string | null
  subjectEmail: string | null
  eventId: number | bigint | null
  details: string | null
  byName: string | null
}

export async function listPrivacyNotices(userId: string) {
  const notices = await readRows<PrivacyNoticeRow[]>`
    SELECT n."id", n."kind", n."caseId", n."auditEventId", n."createdAt", n."readAt", cl."pseudonymCode"
    FROM "Notification" n INDEXED BY "Notification_userId_readAt_idx"
      LEFT JOIN "Case" c ON c."id" = n."caseId"
      LEFT JOIN "Client" cl ON cl."id" = c."clientId"
    WHERE n."userId" = +${userId} AND n."kind" IN (${PRIVACY_KINDS})
    ORDER BY n."createdAt" DESC
    LIMIT ${Prisma.raw(String(NOTICES_SHOWN))}`
  const caseIds = [...new Set(notices.map((notice) => notice.caseId).filter((id): id is string => Boolean(id)))]
  const eventIds = notices.map((notice) => notice.auditEventId).filter((id): id is number | bigint => id !== null)
  // Two look-ups, each on its own index, instead of one OR: ordered by id, SQLite walked the whole
  // audit log for the OR (≈ 300 ms at a million events), even when both lists were empty.
  const [named, ofCases] = await Promise.all([
    eventIds.length > 0
      ? readRows<SourceEventRow[]>`
          SELECT "id", "caseId", "action", "at", "userId", "details" FROM "AuditEvent" WHERE "id" IN (${Prisma.join(eventIds, ', +', '+')})`
      : [],
    caseIds.length > 0
      ? readRows<SourceEventRow[]>`
          SELECT "id", "caseId", "action", "at", "userId", "details" FROM "AuditEvent"
          WHERE "caseId" IN (${Prisma.join(caseIds, ', +', '+')}) AND "action" IN (${SOURCE_ACTIONS}) AND "outcome" = 'SUCCESS'`
      : [],
  ])
  const events = [...new Map([...named, ...ofCases].map((event) => [Number(event.id), sourceEvent(event)])).values()].sort((a, b) => b.id - a.id)
  const userIds = [...new Set(events.map((event) => event.userId).filter((id): id is string => Boolean(id)))]
  const users =
    userIds.length === 0
      ? []
      : await readRows<Array<{ id: string; displayName: string }>>`
          SELECT "id", "displayName" FROM "User" WHERE "id" IN (${Prisma.join(userIds, ', +', '+')})`
  const names = new Map(users.map((user) => [user.id, user.displayName]))
  return notices.map((notice) => {
    const kind = notice.kind as (typeof PRIVACY_NOTICE_KINDS)[number]
    const createdAt = new Date(notice.createdAt)
    // The event the notice names, else the one written in the same transaction: the newest of its
    // kind for the case not after the notice.
    const source =
      notice.auditEventId !== null
        ? events.find((event) => event.id === Number(notice.auditEventId))
        : events.find((event) => event.caseId === notice.caseId && event.action === SOURCE_ACTION[kind] && event.at <= createdAt)
    let reason: string | null = null
    try {
      const details = source?.details ? (JSON.parse(source.details) as { reason?: unknown }) : null
      reason = typeof details?.reason === 'string' ? details.reason : null
    } catch {
      reason = null
    }
    return {
      id: notice.id,
      kind,
      caseId: notice.caseId,
      pseudonymCode: notice.pseudonymCode,
      at: createdAt.toISOString(),
      read: notice.readAt !== null,
      by: source?.userId ? (names.get(source.userId) ?? null) : null,
      reason,
    }
  })
}

type PrivacyNoticeRow = {
  id: string
  kind: string
  caseId: string | null
  auditEventId: number | bigint | null
  createdAt: string
  readAt: string | null
  pseudonymCode: string | null
}

type SourceEventRow = { id: number | bigint; caseId: string | null; action: string; at: string; userId: string | null; details: string | null }

function sourceEvent(row: SourceEventRow) {
  return { id: Number(row.id), caseId: row.caseId, action: row.action, at: new Date(row.at), userId: row.userId, details: row.details }
}

export async function markPrivacyNoticesRead(userId: string) {
  const { count } = await prisma.notification.updateMany({
    where: { userId, kind: { in: ALL_NOTICE_KINDS }, readAt: null },
    data: { readAt: new Date() },
  })
  return count
}
