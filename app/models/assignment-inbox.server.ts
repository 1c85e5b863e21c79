import { type Actor } from '#app/domain/access-policy.ts'
import { visibleCasesWhere } from '#app/models/case-access.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import { prisma } from '#app/utils/db.server.ts'

const INBOX_SIZE = 50

/** "Assigned to you": unread assignments of cases the actor can (still) see, newest first. */
export async function getUnreadAssignments(actor: Actor) {
  const visible = await visibleCasesWhere(actor)
  const where = { toUserId: actor.id, readAt: null, case: visible }
  const [rows, total] = await Promise.all([
    prisma.assignment.findMany({
      where,
      select: {
        id: true,
        at: true,
        note: true,
        assignedBy: { select: { displayName: true } },
        case: { select: { id: true, client: { select: { pseudonymCode: true } } } },
      },
      orderBy: { at: 'desc' },
      take: INBOX_SIZE,
    }),
    prisma.assignment.count({ where }),
  ])
  return {
    total,
    items: rows.map((row) => ({
      id: row.id,
      at: row.at,
      note: row.note,
      assignedBy: row.assignedBy?.displayName ?? null,
      caseId: row.case.id,
      caseCode: row.case.client.pseudonymCode,
    })),
  }
}

export type InboxItem = Awaited<ReturnType<typeof getUnreadAssignments>>['items'][number]

/** Only the recipient can mark a notice read; someone else's id changes nothing. */
export async function markAssignmentRead(
  actor: Actor,
  assignmentId: string,
  now: Date = new Date(),
) {
  await prisma.$transaction(async (tx) => {
    const assignment = await tx.assignment.findFirst({
      where: { id: assignmentId, toUserId: actor.id, readAt: null },
      select: { id: true, caseId: true },
    })
    if (!assignment) return
    await tx.assignment.update({ where: { id: assignment.id }, data: { readAt: now } })
    await audit(
      {
        userId: actor.id,
        action: 'assignment.read',
        entity: 'assignment',
        entityId: assignment.id,
        caseId: assignment.caseId,
      },
      tx,
    )
  })
}

export async function markAllAssignmentsRead(actor: Actor, now: Date = new Date()) {
  await prisma.$transaction(async (tx) => {
    const updated = await tx.assignment.updateMany({
      where: { toUserId: actor.id, readAt: null },
      data: { readAt: now },
    })
    if (updated.count > 0) {
      await audit(
        {
          userId: actor.id,
          action: 'assignment.read-all',
          entity: 'assignment',
          details: { count: updated.count },
        },
        tx,
      )
    }
  })
}
