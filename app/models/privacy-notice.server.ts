// Notices for team leads about privacy events in their team: emergency accesses and erasure
// requests (Notification kinds EMERGENCY_ACCESS and ERASURE_REQUESTED). The notification holds
// only the case id; who acted and why is read from the audit event written in the same
// transaction, so no client data is copied anywhere.
// Also the four-eyes notices on access grants (decision 018, app/domain/access-grants.ts), for the
// team leads concerned and for the person whose account it is.
import { ACCESS_NOTICE_KINDS, type AccessNoticeKind } from '#app/domain/access-grants.ts'
import { type Role } from '#app/domain/codes.ts'
import { prisma } from '#app/utils/db.server.ts'

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

/** The user's access-grant notices, newest first, with who changed what (read from the audit event). */
export async function listAccessNotices(userId: string, limit = 100) {
  const notices = await prisma.notification.findMany({
    where: { userId, kind: { in: [...ACCESS_NOTICE_KINDS] } },
    select: { id: true, kind: true, subjectUserId: true, auditEventId: true, createdAt: true, readAt: true },
    orderBy: { createdAt: 'desc' },
    take: limit,
  })
  const eventIds = notices.map((notice) => notice.auditEventId).filter((id): id is number => id !== null)
  const events = await prisma.auditEvent.findMany({ where: { id: { in: eventIds } }, select: { id: true, userId: true, details: true } })
  const eventById = new Map(events.map((event) => [event.id, { ...event, details: parseDetails(event.details) }]))
  const userIds = new Set<string>()
  const teamIds = new Set<string>()
  for (const notice of notices) if (notice.subjectUserId) userIds.add(notice.subjectUserId)
  for (const event of eventById.values()) {
    if (event.userId) userIds.add(event.userId)
    for (const id of [event.details.teamId, event.details.previousTeamId]) if (typeof id === 'string') teamIds.add(id)
  }
  const [users, teams] = await Promise.all([
    prisma.user.findMany({ where: { id: { in: [...userIds] } }, select: { id: true, displayName: true, email: true } }),
    prisma.team.findMany({ where: { id: { in: [...teamIds] } }, select: { id: true, name: true } }),
  ])
  const userById = new Map(users.map((user) => [user.id, user]))
  const teamName = (id: unknown) => (typeof id === 'string' ? (teams.find((team) => team.id === id)?.name ?? null) : null)
  return notices.map((notice) => {
    const event = notice.auditEventId !== null ? eventById.get(notice.auditEventId) : undefined
    const subject = notice.subjectUserId ? userById.get(notice.subjectUserId) : undefined
    return {
      id: notice.id,
      kind: notice.kind as AccessNoticeKind,
      at: notice.createdAt.toISOString(),
      read: Boolean(notice.readAt),
      ownAccount: notice.subjectUserId === userId,
      subject: subject ? { displayName: subject.displayName, email: subject.email } : null,
      by: event?.userId ? (userById.get(event.userId)?.displayName ?? null) : null,
      role: text(event?.details.role) as Role | null,
      previousRole: text(event?.details.previousRole) as Role | null,
      team: teamName(event?.details.teamId),
      previousTeam: teamName(event?.details.previousTeamId),
    }
  })
}

export async function listPrivacyNotices(userId: string, limit = 100) {
  const notices = await prisma.notification.findMany({
    where: { userId, kind: { in: [...PRIVACY_NOTICE_KINDS] } },
    select: { id: true, kind: true, caseId: true, auditEventId: true, createdAt: true, readAt: true, case: { select: { client: { select: { pseudonymCode: true } } } } },
    orderBy: { createdAt: 'desc' },
    take: limit,
  })
  const caseIds = [...new Set(notices.map((notice) => notice.caseId).filter((id): id is string => Boolean(id)))]
  const eventIds = notices.map((notice) => notice.auditEventId).filter((id): id is number => id !== null)
  // Two look-ups, each on its own index, instead of one OR: ordered by id, SQLite walked the whole
  // audit log for the OR (≈ 300 ms at a million events), even when both lists were empty.
  const select = { id: true, caseId: true, action: true, at: true, userId: true, details: true } as const
  const [named, ofCases] = await Promise.all([
    eventIds.length > 0 ? prisma.auditEvent.findMany({ where: { id: { in: eventIds } }, select }) : [],
    caseIds.length > 0
      ? prisma.auditEvent.findMany({ where: { caseId: { in: caseIds }, action: { in: Object.values(SOURCE_ACTION) }, outcome: 'SUCCESS' }, select })
      : [],
  ])
  const events = [...new Map([...named, ...ofCases].map((event) => [event.id, event])).values()].sort((a, b) => b.id - a.id)
  const userIds = [...new Set(events.map((event) => event.userId).filter((id): id is string => Boolean(id)))]
  const users = await prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, displayName: true } })
  const names = new Map(users.map((user) => [user.id, user.displayName]))
  return notices.map((notice) => {
    const kind = notice.kind as (typeof PRIVACY_NOTICE_KINDS)[number]
    // The event the notice names, else the one written in the same transaction: the newest of its
    // kind for the case not after the notice.
    const source =
      notice.auditEventId !== null
        ? events.find((event) => event.id === notice.auditEventId)
        : events.find((event) => event.caseId === notice.caseId && event.action === SOURCE_ACTION[kind] && event.at <= notice.createdAt)
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
      pseudonymCode: notice.case?.client.pseudonymCode ?? null,
      at: notice.createdAt.toISOString(),
      read: Boolean(notice.readAt),
      by: source?.userId ? (names.get(source.userId) ?? null) : null,
      reason,
    }
  })
}

export async function markPrivacyNoticesRead(userId: string) {
  const { count } = await prisma.notification.updateMany({
    where: { userId, kind: { in: ALL_NOTICE_KINDS }, readAt: null },
    data: { readAt: new Date() },
  })
  return count
}
