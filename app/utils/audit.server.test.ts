// `audit` writes its event with one INSERT on the connection (decision 076) instead of the ORM's
// create: the stored row must be the one the ORM wrote, column by column and in SQLite's own types,
// and it must belong to the transaction it is written in, as before.
import { expect, test } from 'vitest'
import { prisma, readRows } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams, inRequest } from '#tests/factories.ts'
import { audit, auditInsertsWritten, AUDIT_EVENTS_PER_INSERT, type AuditEventInput } from './audit.server.ts'
import { currentRequest } from './request-context.server.ts'

type StoredRow = Record<string, unknown>

// Every column with its storage class: a boolean stored as text or a date as a number would differ here.
async function storedRow(id: number): Promise<StoredRow> {
  const [row] = await readRows<StoredRow[]>`
    SELECT "at", typeof("at") AS atType, "userId", typeof("userId") AS userIdType, "action", "entity",
      "entityId", typeof("entityId") AS entityIdType, "caseId", typeof("caseId") AS caseIdType, "outcome",
      "details", typeof("details") AS detailsType, "requestId", typeof("requestId") AS requestIdType,
      "emergency", typeof("emergency") AS emergencyType
    FROM "AuditEvent" WHERE "id" = ${id}`
  return row!
}

// The former implementation of `audit`, kept here as the reference: the ORM's create with the same row.
async function auditThroughOrm(event: AuditEventInput) {
  const request = currentRequest()
  return prisma.auditEvent.create({
    select: { id: true },
    data: {
      userId: event.userId !== undefined ? event.userId : (request?.userId ?? null),
      action: event.action,
      entity: event.entity,
      entityId: event.entityId ?? null,
      caseId: event.caseId ?? null,
      outcome: event.outcome ?? 'SUCCESS',
      details: event.details ? JSON.stringify(event.details) : null,
      requestId: request?.requestId ?? null,
      emergency: event.emergency ?? false,
    },
  })
}

test('audit stores the row the ORM stored, column by column, and returns its id', async () => {
  const { eae } = await getTeams()
  const user = await createUser({ teamId: eae.id })
  const kase = await createTestCase({ teamId: eae.id, counsellorId: user.id })
  const events: AuditEventInput[] = [
    { userId: user.id, action: 'case.read', entity: 'case', entityId: kase.id, caseId: kase.id, emergency: true },
    { userId: user.id, action: 'case.update', entity: 'case', entityId: kase.id, caseId: kase.id, outcome: 'FAILED', details: { conflict: ['gender', 'birthYear'] } },
    { userId: null, action: 'login', entity: 'user', outcome: 'DENIED', details: ['email'] },
    { action: 'case.denied', entity: 'case', outcome: 'DENIED' },
  ]
  const compared = async () => {
    for (const event of events) {
      const before = Date.now()
      const viaOrm = await auditThroughOrm(event)
      const direct = await audit(event)
      const after = Date.now()
      expect(typeof direct.id).toBe('number')
      expect(direct.id).toBe(viaOrm.id + 1)
      const { at: ormAt, ...ormRow } = await storedRow(viaOrm.id)
      const { at: directAt, ...directRow } = await storedRow(direct.id)
      expect(directRow).toEqual(ormRow)
      // the time of the event, in Prisma's stored form ("2026-12-05T19:30:00.123+00:00")
      for (const at of [ormAt, directAt]) {
        expect(at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/)
        const time = new Date(at as string).getTime()
        expect(time).toBeGreaterThanOrEqual(before)
        expect(time).toBeLessThanOrEqual(after)
      }
    }
  }
  // outside a request (scripts) and inside one, where the request id and the signed-in user are taken from its context
  await compared()
  await inRequest(compared, { userId: user.id, method: 'POST' })
  const inside = await readRows<Array<{ requestId: string | null; userId: string | null }>>`
    SELECT "requestId", "userId" FROM "AuditEvent" WHERE "action" = 'case.denied' ORDER BY "id"`
  expect(inside).toHaveLength(4)
  expect(inside[2]!.requestId).toMatch(/^[0-9a-f-]{36}$/)
  expect(inside[3]).toEqual(inside[2])
  expect(inside[3]!.userId).toBe(user.id)
  expect(inside[0]).toEqual({ requestId: null, userId: null })
})

test('an event written in a transaction commits and rolls back with it; one written outside waits for it', async () => {
  const count = async (action: string) => Number((await readRows<Array<{ n: bigint }>>`SELECT COUNT(*) AS n FROM "AuditEvent" WHERE "action" = ${action}`)[0]!.n)
  await prisma.$transaction(async (tx) => {
    await audit({ action: 'test.committed', entity: 'test' }, tx)
  })
  expect(await count('test.committed')).toBe(1)

  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
  // resolved inside the transaction's callback: the event outside is written while it is surely open
  let opened!: () => void
  const isOpen = new Promise<void>((resolve) => (opened = resolve))
  const failing = prisma
    .$transaction(async (tx) => {
      await audit({ action: 'test.rolled-back', entity: 'test' }, tx)
      // the global client inside the callback is part of the transaction too, as the ORM's was
      await audit({ action: 'test.rolled-back', entity: 'test' })
      expect(await count('test.rolled-back')).toBe(2)
      opened()
      await pause(100)
      throw new Error('rolled back')
    })
    .catch((error: Error) => error.message)
  // another request's event, written while that transaction is open
  await isOpen
  await audit({ action: 'test.outside', entity: 'test' })
  expect(await failing).toBe('rolled back')
  expect(await count('test.rolled-back')).toBe(0)
  // it waited for the transaction instead of joining it, so the rollback did not take it along
  expect(await count('test.outside')).toBe(1)
})

// Decision 235: events outside a transaction are written together, one INSERT for those that come in one turn.
const eventsOf = async (requestId: string) =>
  readRows<Array<{ id: bigint; action: string; entityId: string | null; userId: string | null }>>`
    SELECT "id", "action", "entityId", "userId" FROM "AuditEvent" WHERE "requestId" = ${requestId} ORDER BY "id"`

test('events of one turn are written by one INSERT, in the order they came, each caller with its own id', async () => {
  const { eae } = await getTeams()
  const user = await createUser({ teamId: eae.id })
  const before = auditInsertsWritten()
  const { result: ids, context } = await inRequest(
    () => Promise.all(['first', 'second', 'third'].map((entityId) => audit({ action: 'test.together', entity: 'test', entityId }))),
    { userId: user.id },
  )
  expect(auditInsertsWritten() - before).toBe(1)
  const stored = await eventsOf(context.requestId)
  expect(stored.map((event) => [Number(event.id), event.entityId, event.userId])).toEqual([
    [ids[0]!.id, 'first', user.id],
    [ids[0]!.id + 1, 'second', user.id],
    [ids[0]!.id + 2, 'third', user.id],
  ])
  expect(ids.map((event) => event.id)).toEqual([ids[0]!.id, ids[0]!.id + 1, ids[0]!.id + 2])
  // awaited one after the other: one INSERT each, as before
  const { context: apart } = await inRequest(async () => {
    await audit({ action: 'test.apart', entity: 'test', entityId: 'a' })
    await audit({ action: 'test.apart', entity: 'test', entityId: 'b' })
  })
  expect(auditInsertsWritten() - before).toBe(3)
  expect((await eventsOf(apart.requestId)).map((event) => event.entityId)).toEqual(['a', 'b'])
})

test('a caller that throws afterwards loses no event; an event that cannot be written fails only its own caller', async () => {
  const { context, result } = await inRequest(() =>
    Promise.allSettled([
      audit({ action: 'test.kept', entity: 'test', entityId: 'then-404' }).then(() => {
        throw new Response(null, { status: 404 })
      }),
      audit({ action: 'test.kept', entity: 'test', entityId: 'other' }),
      // a value the statement cannot bind: its INSERT fails, the others are written alone
      audit({ action: 'test.kept', entity: 'test', entityId: { not: 'text' } as unknown as string }),
      audit({ action: 'test.kept', entity: 'test', entityId: 'last' }),
    ]),
  )
  expect(result.map((settled) => settled.status)).toEqual(['rejected', 'fulfilled', 'rejected', 'fulfilled'])
  expect(((result[0] as PromiseRejectedResult).reason as Response).status).toBe(404)
  expect(String((result[2] as PromiseRejectedResult).reason)).toMatch(/cannot bind/)
  expect((await eventsOf(context.requestId)).map((event) => event.entityId)).toEqual(['then-404', 'other', 'last'])
})

test('more events in one turn than one INSERT takes are all written, in order', async () => {
  const before = auditInsertsWritten()
  const count = AUDIT_EVENTS_PER_INSERT * 2 + 1
  const { result: ids, context } = await inRequest(() =>
    Promise.all(Array.from({ length: count }, (_, index) => audit({ action: 'test.many', entity: 'test', entityId: String(index) }))),
  )
  expect(auditInsertsWritten() - before).toBe(3)
  const stored = await eventsOf(context.requestId)
  expect(stored.map((event) => event.entityId)).toEqual(Array.from({ length: count }, (_, index) => String(index)))
  expect(stored.map((event) => Number(event.id))).toEqual(ids.map((event) => event.id))
})

// Decision 235, update of session 31: an INSERT that fails is followed by its events one by one in the same turn on
// the connection, so that the ids follow the order of the calls. Before, those single INSERTs were queued after the
// statements queued meanwhile: the next hundred events of the same turn, or another request's events.
const notText = { not: 'text' } as unknown as string

test('a failing first INSERT of more than a hundred events: every other event written, the ids in the order of the calls', async () => {
  const before = auditInsertsWritten()
  const count = AUDIT_EVENTS_PER_INSERT * 2 + 50
  const bad = 3
  const { result, context } = await inRequest(() =>
    Promise.allSettled(
      Array.from({ length: count }, (_, index) => audit({ action: 'test.order', entity: 'test', entityId: index === bad ? notText : String(index) })),
    ),
  )
  expect(result.filter((settled) => settled.status === 'rejected')).toHaveLength(1)
  expect(String((result[bad] as PromiseRejectedResult).reason)).toMatch(/cannot bind/)
  const ids = result.map((settled) => (settled.status === 'fulfilled' ? settled.value.id : null))
  const stored = await eventsOf(context.requestId)
  const expected = Array.from({ length: count }, (_, index) => String(index)).filter((_, index) => index !== bad)
  expect(stored.map((event) => event.entityId)).toEqual(expected)
  // each caller's id is its own event's, and they increase in the order of the calls
  expect(stored.map((event) => Number(event.id))).toEqual(ids.filter((id) => id !== null))
  // the first hundred one by one (99 written, one refused), then the other two INSERTs
  expect(auditInsertsWritten() - before).toBe(AUDIT_EVENTS_PER_INSERT - 1 + 2)
})

test("a failing INSERT that waited for a transaction: its events' ids come before those of events called after it", async () => {
  let opened!: () => void
  const isOpen = new Promise<void>((resolve) => (opened = resolve))
  let close!: () => void
  const closing = new Promise<void>((resolve) => (close = resolve))
  const transaction = prisma.$transaction(async (tx) => {
    await tx.$queryRawUnsafe('SELECT 1')
    opened()
    await closing
  })
  await isOpen
  // queued behind the open transaction: first a turn with an event that cannot be written, then another turn
  const { result: first, context } = await inRequest(async () => {
    const earlier = Promise.allSettled(['a', notText, 'b'].map((entityId) => audit({ action: 'test.waited', entity: 'test', entityId })))
    await new Promise((resolve) => setImmediate(resolve))
    const later = Promise.allSettled(['c', 'd'].map((entityId) => audit({ action: 'test.waited', entity: 'test', entityId })))
    await new Promise((resolve) => setImmediate(resolve))
    close()
    return [...(await earlier), ...(await later)]
  })
  await transaction
  expect(first.map((settled) => settled.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled'])
  const stored = await eventsOf(context.requestId)
  expect(stored.map((event) => event.entityId)).toEqual(['a', 'b', 'c', 'd'])
  expect(stored.map((event) => Number(event.id))).toEqual(
    first.flatMap((settled) => (settled.status === 'fulfilled' ? [(settled.value as { id: number }).id] : [])),
  )
})
