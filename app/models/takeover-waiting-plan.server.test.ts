// The counsellors' waiting list (listWaitingCases, decision 145), its two statements caught as the app
// prepares them: the total and the transferred-in cases' keys as ranges of the queue's index (team,
// queueSince), from the index alone; the page's rows by primary key, the others' slice a range of
// the same index — whatever the statistics say: none at all (a new installation), the real ones, or
// sampled ones that undercount a large team (the kind that once made SQLite walk a team's whole
// (team, openedAt) index for the lead's queue: docs/performance.md, "Team", session 14). A walk of
// the team's cases by another index would cost every view of the page the team's tens of thousands
// of cases at 100,000 cases.
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams } from '#tests/factories.ts'
import { officeDaysAgo } from '#tests/office-days.ts'
import { plansOf } from '#tests/statement-plans.ts'
import { listWaitingCases } from './takeover.server.ts'

const QUEUE_RANGE = (table: string) =>
  new RegExp(
    `SEARCH ${table} USING COVERING INDEX Case_teamId_queueSince_openedAt_id_idx \\(teamId=\\? AND queueSince>\\?\\)`,
  )
const undercounting = `('Case', 'Case_teamId_queueSince_openedAt_id_idx', '100000 1001 1 1 1'), ('Case', 'Case_teamId_counsellorId_status_openedAt_id_kind_programme_idx', '100000 1001 501 182 1 1 1 1'), ('Case', 'Case_teamId_openedAt_id_openFollowUpDue_idx', '100000 1001 1 1 1')`

describe("the waiting list's reads", () => {
  test("are ranges of the queue's index and look-ups by key, with no statistics, with statistics and with undercounting ones", async () => {
    const { eae, greifswald } = await getTeams()
    const anna = await createUser({ teamId: eae.id })
    const sender = await createUser({ teamId: greifswald.id })
    for (let index = 0; index < 5; index++)
      await createTestCase({ teamId: eae.id, openedAt: officeDaysAgo(index) })
    // one case whose wait began with a transfer into the team, so the page's ids are given too
    const moved = await createTestCase({
      teamId: greifswald.id,
      openedAt: officeDaysAgo(30),
    })
    await prisma.case.update({ where: { id: moved.id }, data: { teamId: eae.id } })
    await prisma.transfer.create({
      data: {
        caseId: moved.id,
        fromTeamId: greifswald.id,
        toTeamId: eae.id,
        requestedById: sender.id,
        reason: 'MOVE',
        status: 'DONE',
        at: new Date(),
        completedAt: new Date(),
      },
    })

    const read = async () => {
      const caught = await plansOf(
        () => listWaitingCases(anna as never),
        'INDEXED BY "Case_teamId_queueSince_openedAt_id_idx"',
      )
      expect(caught).toHaveLength(2)
      const [keys, page] = caught as [(typeof caught)[number], (typeof caught)[number]]
      // the index is named in every read of the queue, so that no statistics can move it
      expect(keys.sql.match(/INDEXED BY "Case_teamId_queueSince_openedAt_id_idx"/g)).toHaveLength(2)
      expect(page.sql.match(/INDEXED BY "Case_teamId_queueSince_openedAt_id_idx"/g)).toHaveLength(1)
      expect(page.sql).toContain('"Transfer" t INDEXED BY "Transfer_caseId_at_idx"')
      // the transferred-in keys and the total: two ranges of the index, from it alone
      expect(keys.plan).toMatch(QUEUE_RANGE('c'))
      expect(keys.plan).toMatch(QUEUE_RANGE('Case'))
      // the page: its cases by primary key, the others' slice a range of the index
      expect(page.plan).toMatch(/SEARCH c USING INDEX sqlite_autoindex_Case_1 \(id=\?\)/)
      expect(page.plan).toMatch(/SEARCH t USING INDEX Transfer_caseId_at_idx \(caseId=\?\)/)
      // the reader's open request for a case: SQLite takes the reader's open requests (a handful) under
      // all three kinds of statistics; the case's open requests (TakeoverRequest_caseId_status_idx)
      // would be as few — a change between the two should be seen, not happen by chance
      expect(page.plan).toMatch(/SEARCH TakeoverRequest USING INDEX TakeoverRequest_requestedById_status_idx \(requestedById=\? AND status=\?\)/)
      expect(page.plan).toMatch(QUEUE_RANGE('Case'))
      expect(page.plan).not.toMatch(/SEARCH c USING (COVERING )?INDEX Case_teamId/)
      for (const plan of [keys.plan, page.plan]) {
        // (the sending team, ft, may be scanned: a handful of teams)
        for (const table of ['c', 'Case', 'cl', 't', 'Transfer', 'ClientLanguage', 'TakeoverRequest'])
          expect(plan, table).not.toMatch(new RegExp(`SCAN ${table}\\b`))
      }
      return page.values
    }

    const stat1 = await prisma.$queryRawUnsafe<unknown[]>(
      `SELECT name FROM sqlite_schema WHERE name = 'sqlite_stat1'`,
    )
    if (stat1.length) await prisma.$executeRawUnsafe('DELETE FROM sqlite_stat1')
    await prisma.$executeRawUnsafe('ANALYZE sqlite_schema') // the planner reloads the statistics
    expect(await read()).toContain(moved.id)
    await prisma.$executeRawUnsafe('ANALYZE')
    await read()
    await prisma.$executeRawUnsafe(`DELETE FROM sqlite_stat1 WHERE tbl = 'Case'`)
    await prisma.$executeRawUnsafe(`INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ${undercounting}`)
    await prisma.$executeRawUnsafe('ANALYZE sqlite_schema')
    await read()
    // and the list is right: the transferred-in case first
    expect((await listWaitingCases(anna as never)).rows[0]).toMatchObject({
      id: moved.id,
      transferredFrom: expect.any(String),
      waitingDays: 0,
    })
  })
})
