// The queue's look-up of each waiting case's last transfer into the team (getQueue) must go by case
// even before SQLite has statistics of Transfer (a new installation, whose start-up optimize saw
// the table empty): without them the planner would otherwise walk Transfer_status_at_idx's DONE
// transfers for every waiting case (session-11 review). The statement below is getQueue's
// sub-select as it writes it; getQueue itself runs at the end.
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { getTeams } from '#tests/factories.ts'
import { planFor, plansOf } from '#tests/statement-plans.ts'
import { countQueue, getQueue, getWorkloadAndAssignable } from './team-lead.server.ts'

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

// The queue's order (getQueue's first statement, caught as the app prepares it): the team's
// unassigned open cases as a range of the covering index, whatever the statistics say. With the
// statistics of a sampled ANALYZE of a 100,000-case file SQLite walked the team's whole (team,
// openedAt) index instead (57 ms per /team view; docs/performance.md, "Team", session 14).
describe('the queue\'s order', () => {
  test('reads the unassigned open cases as a range of (team, counsellor, status), also with statistics that undercount a team', async () => {
    const { eae } = await getTeams()
    const range = /SEARCH c USING COVERING INDEX Case_teamId_counsellorId_status_openedAt_id_idx \(teamId=\? AND counsellorId=\?\)/
    const order = async () => {
      const caught = await plansOf(() => getQueue(eae.id), 'FROM "Case" c INDEXED BY')
      expect(caught).toHaveLength(1)
      return caught[0]!
    }
    expect((await order()).plan).toMatch(range)
    // sampled statistics like that file's: ≈ 1,000 cases per team of 100,000, where there are ≈ 39,000
    await prisma.$executeRawUnsafe('ANALYZE')
    await prisma.$executeRawUnsafe(`DELETE FROM sqlite_stat1 WHERE tbl = 'Case'`)
    await prisma.$executeRawUnsafe(`INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('Case', 'Case_teamId_counsellorId_status_openedAt_id_idx', '100000 1001 501 182 1 1'), ('Case', 'Case_teamId_openedAt_id_openFollowUpDue_idx', '100000 1001 1 1 1')`)
    await prisma.$executeRawUnsafe('ANALYZE sqlite_schema') // the planner reloads the statistics
    const caught = await order()
    expect(caught.plan).toMatch(range)
    // why the hint: the same statement without it walks the team's (team, openedAt) index
    const unhinted = caught.sql.replace(/ INDEXED BY "[^"]+"/, '')
    expect(unhinted).not.toBe(caught.sql)
    expect(await planFor(unhinted, caught.values)).toMatch(/Case_teamId_openedAt_id_openFollowUpDue_idx/)
  })
})

// The queue's count (read only when 500 or more cases wait, countQueue): the same range of the same
// index as the order, with the same statistics, and the index named as the order names it.
describe('the queue\'s count', () => {
  test('counts the unassigned open cases as a range of (team, counsellor, status), also with statistics that undercount a team', async () => {
    const { eae } = await getTeams()
    const range = /SEARCH Case USING COVERING INDEX Case_teamId_counsellorId_status_openedAt_id_idx \(teamId=\? AND counsellorId=\?\)/
    const count = async () => {
      const caught = await plansOf(() => countQueue(eae.id), 'SELECT COUNT(*) AS n FROM "Case"')
      expect(caught).toHaveLength(1)
      return caught[0]!
    }
    expect((await count()).plan).toMatch(range)
    await prisma.$executeRawUnsafe('ANALYZE')
    await prisma.$executeRawUnsafe(`DELETE FROM sqlite_stat1 WHERE tbl = 'Case'`)
    await prisma.$executeRawUnsafe(`INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('Case', 'Case_teamId_counsellorId_status_openedAt_id_idx', '100000 1001 501 182 1 1'), ('Case', 'Case_teamId_openedAt_id_openFollowUpDue_idx', '100000 1001 1 1 1')`)
    await prisma.$executeRawUnsafe('ANALYZE sqlite_schema') // the planner reloads the statistics
    const caught = await count()
    expect(caught.plan).toMatch(range)
    // the count equals the waiting cases the ORM counts
    await expect(countQueue(eae.id)).resolves.toBe(await prisma.case.count({ where: { teamId: eae.id, counsellorId: null, status: { not: 'CLOSED' } } }))
    // named like the order's: a statistics change cannot move it (without the name it takes the same
    // range with these statistics and the bench file's — it has no ORDER BY to tempt the planner)
    expect(caught.sql).toContain('INDEXED BY "Case_teamId_counsellorId_status_openedAt_id_idx"')
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
