// `audit` writes its event with one INSERT on the connection (decision 076) instead of the ORM's
// create: the stored row must be the one the ORM wrote, column by column and in SQLite's own types,
// and it must belong to the transaction it is written in, as before.
import { expect, test } from 'vitest'
import { prisma, readRows } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams, inRequest } from '#tests/factories.ts'
import { audit, type AuditEventInput } from './audit.server.ts'
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
