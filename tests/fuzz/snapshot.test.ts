// The fuzz tests' proof that a rejected request changed nothing rests on these snapshots: any change
// of any value of a table they watch must show, and only the writes a rejection may make must not.
import { afterEach, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams } from '#tests/factories.ts'
import { caseFingerprint, changedTables, closeSnapshots, snapshot } from './snapshot.ts'

afterEach(() => closeSnapshots())

test('a snapshot is stable and names exactly the table whose value changed, by one character or in the last digit', async () => {
  const user = await createUser({ displayName: 'Snapshot Probe' })
  const before = snapshot()
  expect(changedTables(before, snapshot())).toEqual([])

  await prisma.$executeRawUnsafe(`UPDATE "User" SET "displayName" = 'Snapshot Probf' WHERE "id" = ?`, user.id)
  const renamed = snapshot()
  expect(changedTables(before, renamed)).toEqual(['User'])

  // a number changed in its 17th significant digit (a REAL in a column of INTEGER affinity)
  await prisma.$executeRawUnsafe(`UPDATE "User" SET "active" = 0.1 WHERE "id" = ?`, user.id)
  const real = snapshot()
  expect(changedTables(renamed, real)).toEqual(['User'])
  await prisma.$executeRawUnsafe(`UPDATE "User" SET "active" = 0.10000000000000002 WHERE "id" = ?`, user.id)
  expect(changedTables(real, snapshot())).toEqual(['User'])

  // a row removed from another table
  const beforeDelete = snapshot()
  await prisma.$executeRawUnsafe(`DELETE FROM "CatalogueEntry" WHERE "id" = (SELECT max("id") FROM "CatalogueEntry")`)
  expect(changedTables(beforeDelete, snapshot())).toEqual(['CatalogueEntry'])
})

test('the writes a rejection may make (audit, session, the failed-sign-in count and lock) do not count as changes', async () => {
  const user = await createUser()
  const before = snapshot()
  await prisma.$executeRawUnsafe(`UPDATE "User" SET "failedLoginCount" = 3, "lockedUntil" = ? WHERE "id" = ?`, Date.now(), user.id)
  await prisma.auditEvent.create({ data: { userId: user.id, action: 'login', entity: 'User', entityId: user.id, outcome: 'DENIED' } })
  expect(changedTables(before, snapshot())).toEqual([])
})

test("a case's fingerprint changes with its own rows only", async () => {
  const { eae } = await getTeams()
  const counsellor = await createUser({ teamId: eae.id })
  const watched = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })
  const other = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })
  const before = caseFingerprint(watched.id)
  expect(caseFingerprint(watched.id)).toBe(before)
  await prisma.$executeRawUnsafe(`UPDATE "Case" SET "version" = "version" + 1 WHERE "id" = ?`, other.id)
  expect(caseFingerprint(watched.id)).toBe(before)
  await prisma.$executeRawUnsafe(`UPDATE "Case" SET "version" = "version" + 1 WHERE "id" = ?`, watched.id)
  expect(caseFingerprint(watched.id)).not.toBe(before)
})
