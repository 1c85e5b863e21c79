// The driver behaviour behind R16 (docs/statistics.md): the SQLite adapter types each column of a
// result by its first row. The statistics query therefore returns only whole numbers in a combined
// (UNION ALL) result; should the adapter ever change, these tests say so. The statement itself runs
// in a read worker (decision 052), whose rows must be exactly the adapter's.
import { Prisma } from '#app/generated/prisma/client.ts'
import { describe, expect, test } from 'vitest'
import { groupSessionsQuery, statisticsQuery, statisticsScript } from '#app/models/statistics.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { largeReads } from '#app/utils/read-worker.server.ts'
import { getTeams } from '#tests/factories.ts'
import { buildGoldenDataset, extendGoldenDatasetWithGroupSessions, extendGoldenDatasetWithWorkCredit } from '#tests/fixtures/statistics-golden.ts'

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

describe('the statistics statement in a read worker', () => {
  test('returns exactly the rows Prisma returns (values, types, order) for every kind of scope and year of the golden dataset, as one statement and as the script of temporary tables and separate parts', async () => {
    const { cases } = await buildGoldenDataset()
    await extendGoldenDatasetWithWorkCredit(cases)
    await extendGoldenDatasetWithGroupSessions(cases)
    const { rostock, eae } = await getTeams()
    const scopes = [null, rostock.id, eae.id].flatMap((teamId) => [null, 'MBE', 'LAND_MIGRATION'].map((programme) => ({ teamId, programme })))
    for (const year of [2024, 2025, 2026]) {
      for (const scope of scopes) {
        const statement = statisticsQuery(year, scope)
        const expected = await prisma.$queryRaw<unknown[]>(statement)
        expect(expected.length).toBeGreaterThan(5)
        expect(await largeReads.query(statement), `${year} ${JSON.stringify(scope)}`).toStrictEqual(expected)
        // as the app runs it: the materialised CTEs as temporary tables first (decision 057)
        const script = statisticsScript(year, scope)
        expect(script.prelude!.length).toBeGreaterThan(5)
        // and the final SELECT's parts one statement after another, each freeing its sorters before the next
        expect(script.followedBy!.length).toBeGreaterThan(20)
        expect(await largeReads.query(script), `script ${year} ${JSON.stringify(scope)}`).toStrictEqual(expected)
      }
      // the group sessions' statement runs on the app's connection; the worker reads it alike
      const groups = groupSessionsQuery(year, { teamId: null, programme: null })
      expect(await largeReads.query(groups)).toStrictEqual(await prisma.$queryRaw(groups))
    }
  })
})
