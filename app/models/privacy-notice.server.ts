// Notices for team leads about privacy events in their team: emergency accesses and erasure
// requests (Notification kinds EMERGENCY_ACCESS and ERASURE_REQUESTED). The notification holds
// only the case id; who acted and why is read from the audit event written in the same
// transaction, so no client data is copied anywhere.
import { prisma } from '#app/utils/db.server.ts'

export const PRIVACY_NOTICE_KINDS = ['EMERGENCY_ACCESS', 'ERASURE_REQUESTED'] as const
const SOURCE_ACTION: Record<(typeof PRIVACY_NOTICE_KINDS)[number], string> = {
  EMERGENCY_ACCESS: 'case.emergency-access',
  ERASURE_REQUESTED: 'client.erasure-request',
}

/** Notices about a person rather than a case (app/models/second-factor.server.ts), counted with the rest. */
const PERSON_NOTICE_KINDS = ['SECOND_FACTOR_RESET'] as const

export async function countUnreadPrivacyNotices(userId: string) {
  return prisma.notification.count({ where: { userId, kind: { in: [...PRIVACY_NOTICE_KINDS, ...PERSON_NOTICE_KINDS] }, readAt: null } })
}

export async function listPrivacyNotices(userId: string, limit = 100) {
  const notices = await prisma.notification.findMany({
    where: { userId, kind: { in: [...PRIVACY_NOTICE_KINDS] } },
    select: { id: true, kind: true, caseId: true, createdAt: true, readAt: true, case: { select: { client: { select: { pseudonymCode: true } } } } },
    orderBy: { createdAt: 'desc' },
    take: limit,
  })
  const caseIds = [...new Set(notices.map((notice) => notice.caseId).filter((id): id is string => Boolean(id)))]
  const events = await prisma.auditEvent.findMany({
    where: { caseId: { in: caseIds }, action: { in: Object.values(SOURCE_ACTION) }, outcome: 'SUCCESS' },
    select: { caseId: true, action: true, at: true, userId: true, details: true },
    orderBy: { id: 'desc' },
  })
  const userIds = [...new Set(events.map((event) => event.userId).filter((id): id is string => Boolean(id)))]
  const users = await prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, displayName: true } })
  const names = new Map(users.map((user) => [user.id, user.displayName]))
  return notices.map((notice) => {
    const kind = notice.kind as (typeof PRIVACY_NOTICE_KINDS)[number]
    // The event written in the same transaction: the newest of its kind for the case not after the notice.
    const source = events.find((event) => event.caseId === notice.caseId && event.action === SOURCE_ACTION[kind] && event.at <= notice.createdAt)
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
    where: { userId, kind: { in: [...PRIVACY_NOTICE_KINDS, ...PERSON_NOTICE_KINDS] }, readAt: null },
    data: { readAt: new Date() },
  })
  return count
}
