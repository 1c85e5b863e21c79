// The queue's look-up of each waiting case's last transfer into the team (getQueue) must go by case
// even before SQLite has statistics of Transfer (a new installation, whose start-up optimize saw
// the table empty): without them the planner would otherwise walk Transfer_status_at_idx's DONE
// transfers for every waiting case (session-11 review). The statement below is getQueue's
// sub-select as it writes it; getQueue itself runs at the end.
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams } from '#tests/factories.ts'
import { officeDaysAgo } from '#tests/office-days.ts'
import { plansOf } from '#tests/statement-plans.ts'
import { getQueue, getQueueSummary, getWorkloadAndAssignable } from './team-lead.server.ts'

const lookUp = (status: string) => `SELECT c."id", t."at" FROM "Case" c
  LEFT JOIN "Transfer" t ON t."id" = (SELECT "id" FROM "Transfer" WHERE "caseId" = c."id" AND "toTeamId" = ? AND ${status} = 'DONE' ORDER BY "at" DESC LIMIT 1)
  WHERE c."teamId" = ? AND c."counsellorId" IS NULL AND c."status" <> 'CLOSED'`

describe('the queue without statistics of Transfer', () => {
  test('looks each case\'s last transfer up by case, where a plain status condition would walk the status index', async () => {
    const { eae } = await getTeams()
    const stat1 = await prisma.$queryRawUnsafe<unknown[]>(`SELECT name FROM sqlite_schema WHERE name = 'sqlite_stat1'`)
    if (stat1.length) await prisma.$executeRawUnsafe(`DELETE FROM sqlite_stat1 WHERE tbl = 'Transfer'`)
    await prisma.$executeRawUnsafe('ANALYZE sqlite_schema') // the planner reloads the statistics
    const plan = async (status: string) =>
      (await prisma.$queryRawUnsafe<Array<{ detail: string }>>(`EXPLAIN QUERY PLAN ${lookUp(status)}`, eae.id, eae.id)).map((row) => row.detail).join(' | ')
    expect(await plan('+"status"')).toMatch(/SEARCH Transfer USING INDEX Transfer_caseId_at_idx \(caseId=\?\)/)
    expect(await plan('+"status"')).not.toMatch(/Transfer_status_at_idx/)
    // why the unary plus: the plain condition takes the status index here
    expect(await plan('"status"')).toMatch(/Transfer_status_at_idx/)
    await expect(getQueue(eae.id)).resolves.toBeDefined()
  })
})

// The queue's read (getQueue's one statement, caught as the app prepares it; decision 143): the team's
// queued cases as a range of the queue's index (team, queueSince), bounded above by the 50th wait, and
// the total and the 50th wait as ranges of the same index — whatever the statistics say: none at all
// (a new installation), or sampled ones that undercount a large team (the statistics of a sampled
// ANALYZE of a 100,000-case file made SQLite walk a team's whole (team, openedAt) index for the
// queue's former read: 57 ms per /team view; docs/performance.md, "Team", session 14).
describe('the queue\'s read', () => {
  const undercounting = `('Case', 'Case_teamId_queueSince_openedAt_id_idx', '100000 1001 1 1 1'), ('Case', 'Case_teamId_counsellorId_status_openedAt_id_kind_programme_idx', '100000 1001 501 182 1 1 1 1'), ('Case', 'Case_teamId_openedAt_id_openFollowUpDue_idx', '100000 1001 1 1 1')`
  const read = async (teamId: string) => {
    const caught = await plansOf(() => getQueue(teamId), 'FROM "Case" c INDEXED BY')
    expect(caught).toHaveLength(1)
    return caught[0]!
  }
  const expectRanges = (plan: string) => {
    // the page's cases: a range of (team, queueSince), both ends bound
    expect(plan).toMatch(/SEARCH c USING INDEX Case_teamId_queueSince_openedAt_id_idx \(teamId=\? AND queueSince>\? AND queueSince<\?\)/)
    // the total and the 50th wait: ranges of the same index, from it alone
    expect(plan.match(/SEARCH Case USING COVERING INDEX Case_teamId_queueSince_openedAt_id_idx \(teamId=\? AND queueSince>\?\)/g)?.length).toBeGreaterThanOrEqual(2)
    for (const table of ['c', 'Case', 'Transfer', 'ClientLanguage']) expect(plan, table).not.toMatch(new RegExp(`SCAN ${table}\\b`))
  }

  test('is a range of the queue\'s index with no statistics, with statistics, and with statistics that undercount a team', async () => {
    const { eae } = await getTeams()
    const stat1 = await prisma.$queryRawUnsafe<unknown[]>(`SELECT name FROM sqlite_schema WHERE name = 'sqlite_stat1'`)
    if (stat1.length) await prisma.$executeRawUnsafe('DELETE FROM sqlite_stat1')
    await prisma.$executeRawUnsafe('ANALYZE sqlite_schema') // the planner reloads the statistics
    expectRanges((await read(eae.id)).plan)
    await prisma.$executeRawUnsafe('ANALYZE')
    expectRanges((await read(eae.id)).plan)
    await prisma.$executeRawUnsafe(`DELETE FROM sqlite_stat1 WHERE tbl = 'Case'`)
    await prisma.$executeRawUnsafe(`INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ${undercounting}`)
    await prisma.$executeRawUnsafe('ANALYZE sqlite_schema')
    const caught = await read(eae.id)
    expectRanges(caught.plan)
    // the index is named, so that no statistics can move the read to another one
    expect(caught.sql.match(/INDEXED BY "Case_teamId_queueSince_openedAt_id_idx"/g)).toHaveLength(4)
  })

  test('gives the total and the longest waits of the queued cases, as counted by the ORM', async () => {
    const { eae } = await getTeams()
    const counsellor = await createUser({ teamId: eae.id })
    for (let index = 0; index < 53; index++) await createTestCase({ teamId: eae.id, openedAt: officeDaysAgo(index) })
    await createTestCase({ teamId: eae.id, counsellorId: counsellor.id, openedAt: officeDaysAgo(400) })
    await createTestCase({ teamId: eae.id, status: 'CLOSED', openedAt: officeDaysAgo(400) })
    const { rows, total } = await getQueue(eae.id)
    expect(total).toBe(await prisma.case.count({ where: { teamId: eae.id, counsellorId: null, status: { not: 'CLOSED' } } }))
    expect(total).toBeGreaterThanOrEqual(53)
    expect(rows).toHaveLength(50)
    // longest first, the assigned and the closed case not among them
    expect(rows[0]!.waitingDays).toBe(52)
    expect(rows.map((row) => row.waitingDays)).toEqual([...rows.map((row) => row.waitingDays)].sort((a, b) => b - a))
  })
})

// The workload (getWorkloadAndAssignable, session 18): the team's people with one sub-select per
// figure. Each sub-select must be an index range per person on its kept table or index — a scan
// would run once per person, on every /team view.
describe('the workload\'s figures', () => {
  test('are index ranges per person, never scans of the kept tables or the follow-ups', async () => {
    const { eae } = await getTeams()
    const caught = await plansOf(() => getWorkloadAndAssignable(eae.id, 'name', 'asc'), 'FROM "CounsellorReferralCount"')
    expect(caught).toHaveLength(1)
    const plan = caught[0]!.plan
    // the people by (team, role, active); each figure by its table's key or index (Absence as "a")
    expect(plan).toMatch(/^SEARCH u USING INDEX User_teamId_role_active_idx/)
    for (const table of ['a', 'CounsellorCaseCount', 'ContactDayCount', 'FollowUp', 'CounsellorReferralCount']) {
      expect(plan, table).toMatch(new RegExp(`SEARCH ${table} USING [A-Z ]*(INDEX [A-Za-z_]+|PRIMARY KEY) \\(`))
      expect(plan, table).not.toMatch(new RegExp(`SCAN ${table}\\b`))
    }
  })
})

// /team's summary of the queue (getQueueSummary, decisions 225, 240): one aggregate over the team's range of the
// queue's index, from the index alone — no case row is read, whatever the statistics say — and per queued case one
// look-up of its transfers by case (never a walk of the transfers).
describe("/team's summary of the queue", () => {
  test('is a range of the queue\'s index, covering, with and without statistics', async () => {
    const { eae } = await getTeams()
    await createTestCase({ teamId: eae.id, openedAt: officeDaysAgo(3) })
    for (const statistics of ['none', 'analysed']) {
      if (statistics === 'none') {
        const stat1 = await prisma.$queryRawUnsafe<unknown[]>(`SELECT name FROM sqlite_schema WHERE name = 'sqlite_stat1'`)
        if (stat1.length) await prisma.$executeRawUnsafe('DELETE FROM sqlite_stat1')
        await prisma.$executeRawUnsafe('ANALYZE sqlite_schema')
      } else await prisma.$executeRawUnsafe('ANALYZE')
      const caught = await plansOf(() => getQueueSummary(eae.id), 'SUM(EXISTS (')
      expect(caught).toHaveLength(1)
      expect(caught[0]!.plan, statistics).toMatch(/SEARCH c USING COVERING INDEX Case_teamId_queueSince_openedAt_id_idx \(teamId=\? AND queueSince>\?\)/)
      expect(caught[0]!.plan, statistics).toMatch(/SEARCH t USING INDEX Transfer_caseId_at_idx \(caseId=\?\)/)
      expect(caught[0]!.plan, statistics).not.toMatch(/SCAN/)
    }
  })
})
