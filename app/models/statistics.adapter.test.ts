// The driver behaviour behind R16 (docs/statistics.md): the SQLite adapter types each column of a
// result by its first row. The statistics query therefore returns only whole numbers in a combined
// (UNION ALL) result; should the adapter ever change, these tests say so.
import { Prisma } from '#app/generated/prisma/client.ts'
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'

describe('SQLite adapter: column types of a UNION ALL result', () => {
  test('a fraction in a later row of a column whose first row is whole is cut', async () => {
    const rows = await prisma.$queryRaw<Array<{ v: number }>>(Prisma.sql`SELECT 1 AS v UNION ALL SELECT 89.5 UNION ALL SELECT 2.5`)
    expect(rows.map((row) => Number(row.v))).toEqual([1, 89, 2])
  })

  test('the same values in their own statement, or with a fractional first row, keep their fraction', async () => {
    const alone = await prisma.$queryRaw<Array<{ v: number }>>(Prisma.sql`SELECT 89.5 AS v`)
    expect(alone.map((row) => Number(row.v))).toEqual([89.5])
    const fractionFirst = await prisma.$queryRaw<Array<{ v: number }>>(Prisma.sql`SELECT 0.5 AS v UNION ALL SELECT 89.5`)
    expect(fractionFirst.map((row) => Number(row.v))).toEqual([0.5, 89.5])
  })

  test('integer sums and counts (how the statistics query returns medians) arrive whole and exact', async () => {
    const rows = await prisma.$queryRaw<Array<{ m: bigint | number; x: bigint | number }>>(
      Prisma.sql`SELECT 7 AS m, 1 AS x UNION ALL SELECT CAST(round(julianday('2025-04-07') - julianday('2025-01-13')) AS INTEGER) + 95, 2`,
    )
    expect(rows.map((row) => Number(row.m) / Number(row.x))).toEqual([7, 89.5])
  })
})
