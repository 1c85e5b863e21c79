// One SQLite connection serves every request (app/utils/db.server.ts). A query outside a
// transaction must not run inside another request's open transaction: it would be rolled back with
// it although already acknowledged, and could read uncommitted data (issue 8, concurrent writes).
import Database from 'better-sqlite3'
import { expect, test } from 'vitest'
import { databaseFile, prisma } from '#app/utils/db.server.ts'

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
