// Every request reads its session (findSession): by the Session table's primary key, also when
// SQLite's statistics say the table is tiny (the start-up optimize of a quiet installation sees a
// handful of sessions) or large — a scan of Session would cost every page view in proportion to
// the people signed in.
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { createUser, getTeams, requestAs } from '#tests/factories.ts'
import { plansOf } from '#tests/statement-plans.ts'
import { getUser } from './auth.server.ts'

const byKey = /^SEARCH s USING INDEX sqlite_autoindex_Session_1 \(id=\?\)/

async function sessionPlan(userId: string) {
  const request = await requestAs(userId, '/about')
  let user: Awaited<ReturnType<typeof getUser>> = null
  const caught = await plansOf(async () => {
    user = await getUser(request)
  }, 'FROM "Session" s')
  expect(user).toMatchObject({ id: userId })
  expect(caught).toHaveLength(1)
  return caught[0]!.plan
}

describe('the session read of every request', () => {
  test('goes by the primary key without statistics, with a one-row, a tiny and a large table\'s', async () => {
    const { eae } = await getTeams()
    const user = await createUser({ role: 'COUNSELLOR', teamId: eae.id })
    await prisma.$executeRawUnsafe('ANALYZE')
    for (const stat of [null, '1 1', '3 1', '250000 2']) {
      await prisma.$executeRawUnsafe(`DELETE FROM sqlite_stat1 WHERE tbl = 'Session'`)
      if (stat) {
        await prisma.$executeRawUnsafe(
          `INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('Session', 'sqlite_autoindex_Session_1', ?), ('Session', 'Session_userId_idx', ?), ('Session', 'Session_expiresAt_idx', ?)`,
          stat.replace(/ \d+$/, ' 1'),
          stat,
          stat.replace(/ \d+$/, ' 1'),
        )
      }
      await prisma.$executeRawUnsafe('ANALYZE sqlite_schema') // the planner reloads the statistics
      expect(await sessionPlan(user.id)).toMatch(byKey)
    }
  })
})
