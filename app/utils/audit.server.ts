import { prisma, writeRows, type TransactionClient } from './db.server.ts'
import { currentRequest } from './request-context.server.ts'

export type AuditEventInput = {
  /** who acted; left out: the signed-in user of the request (null outside one) */
  userId?: string | null
  action: string
  entity: string
  entityId?: string | null
  caseId?: string | null
  outcome?: 'SUCCESS' | 'DENIED' | 'FAILED'
  /** Names of fields or counts — never personal values, so that anonymisation removes them. */
  details?: Record<string, unknown> | string[] | null
  emergency?: boolean
}

/**
 * The one way to write the audit log. Pass the transaction client when the audited write runs in a
 * transaction, so that the write and its audit event commit together. The request id (and, unless
 * given, the user) come from the request context (decision 019). Returns the event's id, for
 * records that point to it (access-grant notices).
 */
export async function audit(event: AuditEventInput, db: TransactionClient | typeof prisma = prisma): Promise<{ id: number }> {
  // One INSERT on the connection instead of the ORM's create (decision 076): the same row, column
  // by column (`at` given here, as the ORM's `@default(now())` did on the client side). `db` says
  // which transaction the event belongs to; on the one connection a transaction's callback runs in
  // that transaction anyway, so the event commits or rolls back with it, as through `db` before.
  void db
  const row = auditRow(event)
  const [inserted] = await writeRows<Array<{ id: bigint }>>`
    INSERT INTO "AuditEvent" ("at", "userId", "action", "entity", "entityId", "caseId", "outcome", "details", "requestId", "emergency")
    VALUES (${new Date()}, ${row.userId}, ${row.action}, ${row.entity}, ${row.entityId}, ${row.caseId}, ${row.outcome}, ${row.details}, ${row.requestId}, ${row.emergency})
    RETURNING "id"`
  return { id: Number(inserted!.id) }
}

/** The stored row of an event: who and which request from the context unless the event names them. */
function auditRow(event: AuditEventInput) {
  const request = currentRequest()
  return {
    userId: event.userId !== undefined ? event.userId : (request?.userId ?? null),
    action: event.action,
    entity: event.entity,
    entityId: event.entityId ?? null,
    caseId: event.caseId ?? null,
    outcome: event.outcome ?? 'SUCCESS',
    details: event.details ? JSON.stringify(event.details) : null,
    requestId: request?.requestId ?? null,
    emergency: event.emergency ?? false,
  }
}

/**
 * Many events at once, for bulk writes (the go-live import writes one `case.create` per case): one
 * INSERT per batch instead of one per event, inside the caller's transaction.
 */
export async function auditMany(events: AuditEventInput[], db: TransactionClient | typeof prisma = prisma): Promise<void> {
  if (events.length === 0) return
  await db.auditEvent.createMany({ data: events.map(auditRow) })
}
