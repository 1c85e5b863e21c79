// The app's one connection runs with the settings decisions 006 and 096 name: WAL, synchronous
// NORMAL (stated, not left to the driver's compile-time default), foreign keys on, a 4 MB page cache.
import { expect, test } from 'vitest'
import { prisma } from './db.server.ts'

const pragma = async (name: string) =>
  Object.values((await prisma.$queryRawUnsafe<Array<Record<string, unknown>>>(`PRAGMA ${name}`))[0]!)[0]

test('the connection runs in WAL mode with synchronous = NORMAL, foreign keys on and a 4 MB page cache', async () => {
  expect(String(await pragma('journal_mode')).toLowerCase()).toBe('wal')
  // 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA
  expect(Number(await pragma('synchronous'))).toBe(1)
  expect(Number(await pragma('foreign_keys'))).toBe(1)
  expect(Number(await pragma('cache_size'))).toBe(-4000)
})

test('a connection opened again after a disconnect has the same settings', async () => {
  expect(Number(await pragma('cache_size'))).toBe(-4000)
  await prisma.$disconnect()
  // the next query opens a new connection
  expect(Number(await pragma('cache_size'))).toBe(-4000)
  expect(Number(await pragma('synchronous'))).toBe(1)
  expect(Number(await pragma('foreign_keys'))).toBe(1)
})
