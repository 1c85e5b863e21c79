// Every request reads its session (findSession): by the Session table's primary key, also when
// SQLite's statistics say the table is tiny (the start-up optimize of a quiet installation sees a
// handful of sessions) or large — a scan of Session would cost every page view in proportion to
// the people signed in. The statement does not name the key's index (session 24): the test finds it
// by its origin, so a rebuild that renumbered SQLite's automatic indexes changes nothing here.
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { createUser, getTeams, requestAs } from '#tests/factories.ts'
import { planFor, plansOf, primaryKeyIndex, setTableStatistics } from '#tests/statement-plans.ts'
import { getUser } from './auth.server.ts'

// The statement as it was until session 24, naming the key's index: the plan to keep, with the session
// read first by its key, then its user and team as the planner sees fit for their tables' statistics.
const namingTheKey = (sql: string, sessionKey: string) => {
  const session = /\(SELECT "id", "expiresAt", "lastSeenAt", "pendingStep", "userId" FROM "Session" WHERE "id" = \+\? LIMIT 1\) s/
  expect(sql).toMatch(session)
  return `${sql.replace(session, `"Session" s INDEXED BY "${sessionKey}"`)} WHERE s."id" = +?`
}

async function sessionPlan(userId: string) {
  const request = await requestAs(userId, '/about')
  let user: Awaited<ReturnType<typeof getUser>> = null
  const caught = await plansOf(async () => {
    user = await getUser(request)
  }, 'FROM "Session" WHERE')
  expect(user).toMatchObject({ id: userId })
  expect(caught).toHaveLength(1)
  return caught[0]!
}

describe('the session read of every request', () => {
  test('goes by the primary key without statistics, with a one-row, a tiny and a large table\'s', async () => {
    const { eae } = await getTeams()
    const user = await createUser({ role: 'COUNSELLOR', teamId: eae.id })
    // Users and teams of an organisation (the generator's ≈ 300 and ≈ 40): the old statement then read
    // both by their keys. (Where the statistics call Team a table of three rows, the old and the new
    // form may choose differently between scanning and searching it; either reads three rows.)
    await setTableStatistics('User', '300 1')
    await setTableStatistics('Team', '40 1')
    const sessionKey = await primaryKeyIndex('Session')
    for (const stat of [null, '1 1', '3 1', '250000 2']) {
      await prisma.$executeRawUnsafe(`DELETE FROM sqlite_stat1 WHERE tbl = 'Session'`)
      if (stat) {
        await prisma.$executeRawUnsafe(
          `INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('Session', ?, ?), ('Session', 'Session_userId_idx', ?), ('Session', 'Session_expiresAt_idx', ?)`,
          sessionKey,
          stat.replace(/ \d+$/, ' 1'),
          stat,
          stat.replace(/ \d+$/, ' 1'),
        )
      }
      await prisma.$executeRawUnsafe('ANALYZE sqlite_schema') // the planner reloads the statistics
      const { sql, plan, values } = await sessionPlan(user.id)
      // the session alone by its key (a co-routine of one row), then the rest as the old statement's plan
      const [coroutine, session, scan, ...rest] = plan.split(' | ')
      expect([coroutine, session, scan], String(stat)).toEqual(['CO-ROUTINE s', `SEARCH Session USING INDEX ${sessionKey} (id=?)`, 'SCAN s'])
      expect([`SEARCH s USING INDEX ${sessionKey} (id=?)`, ...rest].join(' | '), String(stat)).toBe(await planFor(namingTheKey(sql, sessionKey), values))
    }
  })
})
