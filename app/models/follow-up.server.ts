import { groupFollowUps, upcomingWindowEnd } from '#app/domain/follow-up.ts'
import { type Actor } from '#app/domain/access-policy.ts'
import { requireCaseAccess, visibleCasesWhere } from '#app/models/case-access.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { notFound } from '#app/utils/request.server.ts'

/** Overdue items are all shown, but a forgotten backlog must not make the start page unbounded. */
const MAX_FOLLOW_UPS = 200

/**
 * The actor's open follow-ups (assigned to them, or unassigned on their own cases) up to the end of the upcoming window, grouped into overdue, today
 * and the next days. Only cases the actor may still read: a follow-up of a case transferred away
 * disappears here even though its assignee column still names the actor.
 */
export async function getMyFollowUps(actor: Actor, now: Date = new Date()) {
  const visible = await visibleCasesWhere(actor)
  const rows = await prisma.followUp.findMany({
    where: {
      doneAt: null,
      dueDate: { lte: upcomingWindowEnd(now) },
      AND: [
        { case: visible },
        // A follow-up raised while the case had no counsellor (e.g. a residence permit expiring)
        // has no assignee; it belongs to whoever holds the case now.
        { OR: [{ assigneeId: actor.id }, { assigneeId: null, case: { counsellorId: actor.id } }] },
      ],
    },
    select: {
      id: true,
      dueDate: true,
      source: true,
      contactId: true,
      case: { select: { id: true, client: { select: { pseudonymCode: true } } } },
    },
    orderBy: [{ dueDate: 'asc' }, { createdAt: 'asc' }],
    take: MAX_FOLLOW_UPS,
  })
  const items = rows.map((row) => ({
    id: row.id,
    dueDate: row.dueDate,
    source: row.source,
    contactId: row.contactId,
    caseId: row.case.id,
    caseCode: row.case.client.pseudonymCode,
  }))
  return { ...groupFollowUps(items, now), truncated: rows.length === MAX_FOLLOW_UPS }
}

export type FollowUpItem = Awaited<ReturnType<typeof getMyFollowUps>>['overdue'][number]

/** "Erledigt": only by someone who may write the case; marking twice changes nothing. */
export async function markFollowUpDone(
  actor: Actor,
  followUpId: string,
  now: Date = new Date(),
) {
  const followUp = await prisma.followUp.findUnique({
    where: { id: followUpId },
    select: { id: true, caseId: true, doneAt: true },
  })
  if (!followUp) notFound()
  await requireCaseAccess(actor, followUp.caseId, 'write')
  await prisma.$transaction(async (tx) => {
    const updated = await tx.followUp.updateMany({
      where: { id: followUp.id, doneAt: null },
      data: { doneAt: now },
    })
    if (updated.count === 1) {
      await audit(
        {
          userId: actor.id,
          action: 'follow-up.done',
          entity: 'follow-up',
          entityId: followUp.id,
          caseId: followUp.caseId,
        },
        tx,
      )
    }
  })
}

/** The actor's open cases (start page figure), through the same visibility rule as the case list. */
export async function countMyOpenCases(actor: Actor) {
  const visible = await visibleCasesWhere(actor)
  return prisma.case.count({
    where: { AND: [visible, { counsellorId: actor.id, status: { not: 'CLOSED' } }] },
  })
}
