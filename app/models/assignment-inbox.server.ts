import { type Actor } from '#app/domain/access-policy.ts'
import { visibleCasesWhere } from '#app/models/case-access.server.ts'
import { visibleCasesSql } from '#app/models/case-visibility-sql.server.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { audit } from '#app/utils/audit.server.ts'
import { prisma, readRows } from '#app/utils/db.server.ts'

const INBOX_SIZE = 50
/** The fixed limit written into the SQL (decision 146): no parameter for the planner to read. */
const INBOX_LIMIT = Prisma.raw(String(INBOX_SIZE))

/**
 * "Assigned to you": unread assignments of cases the actor can (still) see, newest first, and how
 * many there are. One statement (the count as a window over all matching rows, taken before the
 * limit), with the need-to-know filter as SQL (case-visibility-sql.server.ts): the ORM needed five
 * on every start page (the rows, their count, and the cases, codes and assigners by id). The code
 * is the case's copy (`clientCode`, kept by triggers, decision 045): the window count runs every
 * match through the joins before the limit, and a bulk reassignment can leave hundreds unread.
 */
export async function getUnreadAssignments(actor: Actor) {
  const visible = visibleCasesSql(await visibleCasesWhere(actor))
  const rows =
    visible.kind === 'none'
      ? []
      : // Straight from the connection (decision 067): the date arrives as its stored text. Values
        // bound as `+?` and the limit written in (decision 146): the planner reads none, so SQLite
        // compiles the statement once.
        await readRows<InboxRow[]>`
          SELECT a."id", a."at", a."note", b."displayName" AS assignedBy, c."id" AS caseId, c."clientCode" AS caseCode,
            COUNT(*) OVER () AS total
          FROM "Assignment" a
            CROSS JOIN "Case" c ON c."id" = a."caseId"
            LEFT JOIN "User" b ON b."id" = a."assignedById"
          WHERE a."toUserId" = +${actor.id} AND a."readAt" IS NULL AND ${visible.sql}
          ORDER BY a."at" DESC, a."id" DESC
          LIMIT ${INBOX_LIMIT}`
  return {
    total: rows.length === 0 ? 0 : Number(rows[0]!.total),
    items: rows.map((row) => ({
      id: row.id,
      at: new Date(row.at),
      note: row.note,
      assignedBy: row.assignedBy,
      caseId: row.caseId,
      caseCode: row.caseCode,
    })),
  }
}

type InboxRow = { id: string; at: string; note: string | null; assignedBy: string | null; caseId: string; caseCode: string; total: bigint }

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
