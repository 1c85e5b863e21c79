// One SQLite connection serves every request (app/utils/db.server.ts). A query outside a
// transaction must not run inside another request's open transaction: it would be rolled back with
// it although already acknowledged, and could read uncommitted data (issue 8, concurrent writes).
import Database from 'better-sqlite3'
import { expect, test } from 'vitest'
import { databaseFile, prisma, readRows, readRowArrays } from '#app/utils/db.server.ts'

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

test('a write outside a transaction survives the rollback of a concurrent transaction', async () => {
  const failing = prisma
    .$transaction(async (tx) => {
      await tx.auditEvent.create({ data: { action: 'test.inside', entity: 'test' } })
      await pause(100)
      throw new Error('rolled back')
    })
    .catch((error: Error) => error.message)
  await pause(20)
  await prisma.auditEvent.create({ data: { action: 'test.outside', entity: 'test' } })
  expect(await failing).toBe('rolled back')
  expect(await prisma.auditEvent.count({ where: { action: 'test.outside' } })).toBe(1)
  expect(await prisma.auditEvent.count({ where: { action: 'test.inside' } })).toBe(0)
})

test('a read outside a transaction does not see its uncommitted writes', async () => {
  let seen = -1
  const open = prisma.$transaction(async (tx) => {
    await tx.auditEvent.create({ data: { action: 'test.uncommitted', entity: 'test' } })
    await pause(100)
  })
  await pause(20)
  const reading = prisma.auditEvent.count({ where: { action: 'test.uncommitted' } }).then((count) => (seen = count))
  await Promise.all([open, reading])
  // The read waited for the transaction: it sees the committed row, never a half-done state.
  expect(seen).toBe(1)
})

test('batch transactions, nested use of the client and many concurrent operations do not deadlock', async () => {
  const [created, count] = await prisma.$transaction([
    prisma.auditEvent.create({ data: { action: 'test.batch', entity: 'test' }, select: { id: true } }),
    prisma.auditEvent.count({ where: { action: 'test.batch' } }),
  ])
  expect(created.id).toBeGreaterThan(0)
  expect(count).toBe(1)
  // The global client used inside a transaction callback runs inside it, as before.
  const inside = await prisma.$transaction(async (tx) => {
    await tx.auditEvent.create({ data: { action: 'test.nested', entity: 'test' } })
    return prisma.auditEvent.count({ where: { action: 'test.nested' } })
  })
  expect(inside).toBe(1)
  const results = await Promise.all(
    Array.from({ length: 40 }, (_, index) =>
      index % 4 === 0
        ? prisma.$transaction((tx) => tx.auditEvent.create({ data: { action: 'test.many', entity: 'test' } }))
        : prisma.auditEvent.count(),
    ),
  )
  expect(results).toHaveLength(40)
  expect(await prisma.auditEvent.count({ where: { action: 'test.many' } })).toBe(10)
})

test('a transaction holds the write lock from its start: another process cannot commit between its read and its write', async () => {
  // Another process on the same file (a backup, a script, the browser tests arranging data),
  // told not to wait for the lock.
  const other = new Database(databaseFile(), { timeout: 0 })
  try {
    const at = new Date().toISOString().replace('Z', '+00:00')
    const otherWrite = () => other.prepare("INSERT INTO AuditEvent (action, entity, at) VALUES ('test.other', 'test', ?)").run(at)
    const saved = await prisma.$transaction(async (tx) => {
      await tx.auditEvent.count()
      // With a plain BEGIN this write would commit, and the transaction's own write below would fail
      // with SQLITE_BUSY_SNAPSHOT ("Operation has timed out").
      expect(otherWrite).toThrow(/database is locked/)
      return tx.auditEvent.create({ data: { action: 'test.after-read', entity: 'test' }, select: { id: true } })
    })
    expect(saved.id).toBeGreaterThan(0)
    // Once the transaction has committed, the other process writes as usual.
    expect(otherWrite().changes).toBe(1)
  } finally {
    other.close()
  }
})

// readRows (decision 067) reads on the same connection without the ORM: it must take its turn as an
// ORM query does, bind values as the ORM binds them and reconnect after $disconnect.
test('readRows waits for an open transaction, never sees its uncommitted writes, and runs inside one at once', async () => {
  let seen: unknown[] | null = null
  const open = prisma.$transaction(async (tx) => {
    await tx.auditEvent.create({ data: { action: 'test.uncommitted-raw', entity: 'test' } })
    await pause(100)
    // inside the transaction's callback, as the global client there: part of the transaction
    const inside = await readRows<Array<{ n: bigint }>>`SELECT COUNT(*) AS n FROM "AuditEvent" WHERE "action" = ${'test.uncommitted-raw'}`
    expect(inside).toEqual([{ n: 1n }])
    throw new Error('rolled back')
  }).catch((error: Error) => error.message)
  await pause(20)
  const reading = readRows<Array<{ n: bigint }>>`SELECT COUNT(*) AS n FROM "AuditEvent" WHERE "action" = ${'test.uncommitted-raw'}`.then((rows) => (seen = rows))
  expect(await open).toBe('rolled back')
  await reading
  // The read waited for the transaction and saw what it left: nothing, it was rolled back.
  expect(seen).toEqual([{ n: 0n }])
})

test('readRows binds a date as the ORM stores it, a boolean as 0/1, and returns SQLite\'s own values', async () => {
  const at = new Date('2026-12-04T23:30:00.000Z')
  await prisma.auditEvent.create({ data: { action: 'test.bound', entity: 'test', at, emergency: true } })
  const rows = await readRows<Array<{ at: string; emergency: bigint; id: bigint }>>`
    SELECT "at", "emergency", "id" FROM "AuditEvent" WHERE "action" = ${'test.bound'} AND "at" = ${at} AND "emergency" = ${true}`
  expect(rows).toHaveLength(1)
  expect(rows[0]!.at).toBe('2026-12-04T23:30:00.000+00:00')
  expect(typeof rows[0]!.emergency).toBe('bigint')
  expect(await readRows`SELECT 1 FROM "AuditEvent" WHERE "action" = ${'test.bound'} AND "emergency" = ${false}`).toEqual([])
  await expect(readRows`SELECT ${{ not: 'a value' }} AS x`).rejects.toThrow(TypeError)
})

test('readRows reconnects after $disconnect', async () => {
  expect(await readRows`SELECT 2 AS two`).toEqual([{ two: 2n }])
  await prisma.$disconnect()
  expect(await readRows`SELECT 3 AS three`).toEqual([{ three: 3n }])
})

// readRowArrays (decision 189): readRows' statement, turn taking and binding, each row an array of its
// columns in the statement's order. Both share the compiled statement of the same SQL text, which
// better-sqlite3 switches between objects and arrays: neither may leave it in the other's mode.
test('readRowArrays reads readRows\' values as arrays, takes its turn, and leaves a shared statement to readRows as it was', async () => {
  const at = new Date('2026-12-04T23:30:00.000Z')
  await prisma.auditEvent.create({ data: { action: 'test.tuples', entity: 'test', at, emergency: true } })
  await prisma.auditEvent.create({ data: { action: 'test.tuples', entity: 'other', at, emergency: false } })
  const read = (action: string) => [
    readRows<Array<{ entity: string; at: string; emergency: bigint; none: null }>>`
      SELECT "entity", "at", "emergency", NULL AS none FROM "AuditEvent" WHERE "action" = ${action} AND "at" = ${at} ORDER BY "entity"`,
    readRowArrays<Array<[string, string, bigint, null]>>`
      SELECT "entity", "at", "emergency", NULL AS none FROM "AuditEvent" WHERE "action" = ${action} AND "at" = ${at} ORDER BY "entity"`,
  ] as const
  const [objects, tuples] = read('test.tuples')
  expect(await objects).toEqual([
    { entity: 'other', at: '2026-12-04T23:30:00.000+00:00', emergency: 0n, none: null },
    { entity: 'test', at: '2026-12-04T23:30:00.000+00:00', emergency: 1n, none: null },
  ])
  expect(await tuples).toEqual([
    ['other', '2026-12-04T23:30:00.000+00:00', 0n, null],
    ['test', '2026-12-04T23:30:00.000+00:00', 1n, null],
  ])
  // the same text again, objects after arrays: the shared statement gives objects
  expect(await read('test.tuples')[0]).toHaveLength(2)
  expect((await read('test.tuples')[0])[0]).toEqual({ entity: 'other', at: '2026-12-04T23:30:00.000+00:00', emergency: 0n, none: null })
  await expect(readRowArrays`SELECT ${{ not: 'a value' }} AS x`).rejects.toThrow(TypeError)

  let seen: unknown[] | null = null
  const open = prisma.$transaction(async (tx) => {
    await tx.auditEvent.create({ data: { action: 'test.uncommitted-tuples', entity: 'test' } })
    await pause(100)
    expect(await readRowArrays`SELECT COUNT(*) FROM "AuditEvent" WHERE "action" = ${'test.uncommitted-tuples'}`).toEqual([[1n]])
    throw new Error('rolled back')
  }).catch((error: Error) => error.message)
  await pause(20)
  const reading = readRowArrays`SELECT COUNT(*) FROM "AuditEvent" WHERE "action" = ${'test.uncommitted-tuples'}`.then((rows) => (seen = rows))
  expect(await open).toBe('rolled back')
  await reading
  expect(seen).toEqual([[0n]])
})
