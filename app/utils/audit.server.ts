import { nextTick } from 'node:process'
import { inTransaction, prisma, writeInOneTurn, writeStatement, type TransactionClient, type WriteNow } from './db.server.ts'
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
  const values = [new Date(), row.userId, row.action, row.entity, row.entityId, row.caseId, row.outcome, row.details, row.requestId, row.emergency]
  // Inside a transaction the event is written at once, as part of it: it must commit or roll back
  // with the transaction, and a write waiting for its turn would wait for the transaction's end.
  if (inTransaction()) return { id: Number((await writeStatement<Array<{ id: bigint }>>(insertText(1), values))[0]!.id) }
  return new Promise((resolve, reject) => {
    waiting.push({ values, resolve, reject })
    if (waiting.length === 1) nextTick(writeWaiting)
  })
}

/**
 * Events written together (decision 235). A case page's view writes two events, the layout's `case.read`
 * and the page's own read (`case.master-data.read`, …), from two loaders Remix runs at once: each a
 * statement and a commit of its own (≈ 0.065 ms, ≈ 8 pages of the write-ahead log each). An event
 * outside a transaction waits until the work that can run without waiting has run — a `nextTick`
 * queued from a promise's continuation runs once no promise continuation is left — and is then
 * written with every event that came meanwhile, in the order they came, as one INSERT of their
 * rows: the two loaders' events of a page view become one statement. Nothing is request-scoped: each
 * caller's promise resolves with its own event's id once the statement has committed, whatever the
 * other callers do afterwards (a loader that throws, a redirect), so no event is lost and none is
 * reported written before it is. Should the statement fail, each event is written alone, so that one
 * bad event fails only its own caller.
 */
type Waiting = { values: unknown[]; resolve: (event: { id: number }) => void; reject: (error: unknown) => void }
let waiting: Waiting[] = []
/** Events in one statement at most (10 values each; SQLite's limit is 32,766 bound values). */
export const AUDIT_EVENTS_PER_INSERT = 100
const insertTexts: string[] = []
let insertsWritten = 0

/** The INSERT of `events` events, built once per count and kept (one string, decision 235). */
function insertText(events: number) {
  return (insertTexts[events] ??=
    `INSERT INTO "AuditEvent" ("at", "userId", "action", "entity", "entityId", "caseId", "outcome", "details", "requestId", "emergency") VALUES ` +
    Array.from({ length: events }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ') +
    ' RETURNING "id"')
}

function writeWaiting() {
  const events = waiting
  waiting = []
  void writeTogether(events)
}

/**
 * Writes the events in one turn on the connection (`writeInOneTurn`): an INSERT of up to AUDIT_EVENTS_PER_INSERT
 * events after the other, and a failing INSERT's events right after it one by one, so that every event's id follows
 * the order of the calls (decision 235, update of session 31) whatever fails. Each caller's promise settles after the
 * turn, its event committed (each INSERT commits on its own) or its own statement failed.
 */
async function writeTogether(events: Waiting[]) {
  let outcomes: Outcome[]
  try {
    // bound, not a closure made per call (decision 137)
    outcomes = await writeInOneTurn(writeInOrder.bind(undefined, events))
  } catch (error) {
    // the turn itself failed (the connection could not be opened): no event was written
    for (const event of events) event.reject(error)
    return
  }
  for (let i = 0; i < events.length; i++) {
    const outcome = outcomes[i]!
    if ('id' in outcome) events[i]!.resolve(outcome)
    else events[i]!.reject(outcome.error)
  }
}

type Outcome = { id: number } | { error: unknown }

function writeInOrder(events: Waiting[], write: WriteNow) {
  const outcomes: Outcome[] = []
  for (let start = 0; start < events.length; start += AUDIT_EVENTS_PER_INSERT) {
    const part = events.length > AUDIT_EVENTS_PER_INSERT ? events.slice(start, start + AUDIT_EVENTS_PER_INSERT) : events
    try {
      const values = part.length === 1 ? part[0]!.values : part.flatMap((event) => event.values)
      const rows = write<Array<{ id: bigint }>>(insertText(part.length), values)
      insertsWritten += 1
      // RETURNING names no order; the rows get increasing ids in the order of VALUES (AUTOINCREMENT)
      for (const id of rows.map((row) => Number(row.id)).sort((a, b) => a - b)) outcomes.push({ id })
    } catch (error) {
      if (part.length === 1) {
        outcomes.push({ error })
        continue
      }
      // Each alone, still in this turn: one event that cannot be written fails only its own caller.
      for (const event of part) {
        try {
          const [row] = write<Array<{ id: bigint }>>(insertText(1), event.values)
          insertsWritten += 1
          outcomes.push({ id: Number(row!.id) })
        } catch (error) {
          outcomes.push({ error })
        }
      }
    }
  }
  return outcomes
}

/** INSERT statements the events outside transactions took so far (the tests count them). */
export function auditInsertsWritten() {
  return insertsWritten
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
