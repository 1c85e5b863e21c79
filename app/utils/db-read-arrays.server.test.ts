// `readRowArrays` (decision 197) reads as `readRows` does — same values, same binding, same connection and
// transaction — with each row as an array in the statement's column order.
import { expect, test } from 'vitest'
import { prisma, readRowArrays, readRows } from '#app/utils/db.server.ts'

test('the same rows as readRows, as arrays in column order: text, integers as bigint, NULL, a bound Date', async () => {
  await prisma.auditEvent.createMany({
    data: [
      {
        action: 'case.read',
        entity: 'case',
        caseId: 'k1',
        at: new Date('2026-01-02T03:04:05.678Z'),
        emergency: true,
      },
      {
        action: 'case.update',
        entity: 'case',
        caseId: null,
        at: new Date('2026-01-03T00:00:00.000Z'),
        details: '{"a":1}',
      },
    ],
  })
  const since = new Date('2026-01-01T00:00:00.000Z')
  const objects = await readRows<
    Array<{
      id: bigint
      action: string
      caseId: string | null
      at: string
      emergency: bigint
      details: string | null
    }>
  >`
    SELECT "id", "action", "caseId", "at", "emergency", "details" FROM "AuditEvent" WHERE "at" >= ${since} ORDER BY "id"`
  const arrays = await readRowArrays<
    Array<
      [
        id: bigint,
        action: string,
        caseId: string | null,
        at: string,
        emergency: bigint,
        details: string | null,
      ]
    >
  >`
    SELECT "id", "action", "caseId", "at", "emergency", "details" FROM "AuditEvent" WHERE "at" >= ${since} ORDER BY "id"`
  expect(arrays).toHaveLength(2)
  expect(arrays).toEqual(
    objects.map((row) => [row.id, row.action, row.caseId, row.at, row.emergency, row.details]),
  )
  expect(arrays[0]).toEqual([
    expect.any(BigInt),
    'case.read',
    'k1',
    '2026-01-02T03:04:05.678+00:00',
    1n,
    null,
  ])
  // the statement's cache is shared with readRows: the same SQL read as objects again still gives objects
  const again = await readRows<Array<{ action: string }>>`
    SELECT "id", "action", "caseId", "at", "emergency", "details" FROM "AuditEvent" WHERE "at" >= ${since} ORDER BY "id"`
  expect(again[0]).toMatchObject({ action: 'case.read' })
})

test("inside a transaction's callback it reads that transaction's writes, and they roll back with it", async () => {
  const count = async () =>
    (
      await readRowArrays<
        Array<[n: bigint]>
      >`SELECT COUNT(*) FROM "AuditEvent" WHERE "action" = ${'arrays.test'}`
    )[0]![0]
  await expect(
    prisma.$transaction(async (tx) => {
      await tx.auditEvent.create({ data: { action: 'arrays.test', entity: 'x' } })
      expect(await count()).toBe(1n)
      throw new Error('roll back')
    }),
  ).rejects.toThrow('roll back')
  expect(await count()).toBe(0n)
})
