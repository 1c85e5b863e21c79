// A counsellor's deep pages of the case list (decision 221): once the walk of the team's cases in the
// list's order would read more than the counsellor's matches cost, the page is gathered from the two
// parts of the need-to-know filter — the own cases from (teamId, counsellorId, …), the shared cases of
// anyone else from (teamId, sharedForSubstitution, …) — by rowid, and sorted: no walk of the team's
// cases, with no statistics and with real ones. Every page of every sort is checked against an order
// computed here from the cases' columns, independently of the list's SQL.
import { describe, expect, test } from 'vitest'
import { type Actor } from '#app/domain/access-policy.ts'
import { CASE_LIST_PAGE_SIZE, CASE_LIST_SORTS, parseCaseListQuery } from '#app/domain/case-list-query.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams } from '#tests/factories.ts'
import { plansOf } from '#tests/statement-plans.ts'
import { listCases } from './case.server.ts'

const NOW = new Date('2026-12-07T10:00:00Z')

type Row = { id: string; openedAt: Date; lastContactAt: Date | null; clientCode: string }

/** The list's orders, written out again from their definition (PRODUCT.md §8; NULL lowest in SQLite). */
const expectedOrder: Record<(typeof CASE_LIST_SORTS)[number], (a: Row, b: Row) => number> = {
  'opened-desc': (a, b) => b.openedAt.getTime() - a.openedAt.getTime() || (a.id < b.id ? 1 : -1),
  'opened-asc': (a, b) => a.openedAt.getTime() - b.openedAt.getTime() || (a.id < b.id ? -1 : 1),
  'last-contact': (a, b) =>
    (b.lastContactAt?.getTime() ?? -Infinity) - (a.lastContactAt?.getTime() ?? -Infinity) ||
    (a.id < b.id ? -1 : 1),
  code: (a, b) => (a.clientCode < b.clientCode ? -1 : a.clientCode > b.clientCode ? 1 : a.id < b.id ? -1 : 1),
}

describe("a counsellor's deep pages of the case list", () => {
  test('are gathered from the two index ranges of the need-to-know filter, in the same order on every page', async () => {
    const { eae } = await getTeams()
    const anna = await createUser({ teamId: eae.id, role: 'COUNSELLOR' })
    const bilal = await createUser({ teamId: eae.id, role: 'COUNSELLOR' })
    const actor: Actor = { id: anna.id, teamId: eae.id, role: 'COUNSELLOR' }
    // Anna's own cases, Bilal's (some shared), unassigned shared ones: many more team cases than Anna sees, so
    // that page 2 of her open cases is cheaper gathered than walked. Equal opening instants test the tie-break.
    const day = (index: number) => new Date(Date.UTC(2026, 0, 1 + (index % 40), 9))
    for (let index = 0; index < 34; index++)
      await createTestCase({
        teamId: eae.id,
        counsellorId: anna.id,
        openedAt: day(index),
        // some of her own shared too: in both parts' ranges, gathered once
        sharedForSubstitution: index % 4 === 1,
        status: index % 5 === 0 ? 'CLOSED' : index % 3 ? 'OPEN' : 'ACTIVE',
        kind: index % 2 ? 'SHORT' : 'CASE_MANAGEMENT',
      })
    for (let index = 0; index < 80; index++)
      await createTestCase({
        teamId: eae.id,
        counsellorId: bilal.id,
        openedAt: day(index),
        sharedForSubstitution: index % 8 === 0,
        status: index % 4 ? 'OPEN' : 'PAUSED',
      })
    for (let index = 0; index < 6; index++)
      await createTestCase({ teamId: eae.id, openedAt: day(index), sharedForSubstitution: true })
    // some last contacts, ties included, and none on the others
    const annas = await prisma.case.findMany({
      where: { counsellorId: anna.id },
      select: { id: true },
      orderBy: { id: 'asc' },
    })
    for (const [index, { id }] of annas.entries())
      if (index % 3) await prisma.case.update({ where: { id }, data: { lastContactAt: day(index % 4) } })

    // Open follow-ups overdue on most of the team's open cases (the case's earliest open due date is kept by triggers),
    // due later on some, done on others.
    const open = await prisma.case.findMany({
      where: { teamId: eae.id, status: { not: 'CLOSED' } },
      select: { id: true },
      orderBy: { id: 'asc' },
    })
    for (const [index, { id }] of open.entries())
      if (index % 7)
        await prisma.followUp.create({
          data: {
            caseId: id,
            source: 'MANUAL',
            note: 'x',
            dueDate: new Date(NOW.getTime() + (index % 7 === 3 ? 1 : -1) * 86_400_000 * (1 + (index % 5))),
            doneAt: index % 7 === 5 ? NOW : null,
          },
        })

    // The cases Anna may see, read here by the ORM and sorted in JavaScript.
    const visible = (
      await prisma.case.findMany({
        where: { teamId: eae.id, OR: [{ counsellorId: anna.id }, { sharedForSubstitution: true }] },
        select: {
          id: true,
          openedAt: true,
          lastContactAt: true,
          status: true,
          kind: true,
          counsellorId: true,
          client: { select: { pseudonymCode: true } },
          followUps: { where: { doneAt: null, dueDate: { lt: NOW } }, select: { id: true } },
        },
      })
    ).map((row) => ({ ...row, clientCode: row.client.pseudonymCode }))
    const filters: Array<{
      params: Record<string, string>
      keep: (row: (typeof visible)[number]) => boolean
    }> = [
      { params: { status: 'NOT_CLOSED' }, keep: (row) => row.status !== 'CLOSED' },
      {
        params: { status: 'NOT_CLOSED', kind: 'CASE_MANAGEMENT' },
        keep: (row) => row.status !== 'CLOSED' && row.kind === 'CASE_MANAGEMENT',
      },
      { params: {}, keep: () => true },
      { params: { overdue: '1' }, keep: (row) => row.followUps.length > 0 },
      {
        params: { counsellor: 'me', status: 'NOT_CLOSED' },
        keep: (row) => row.counsellorId === anna.id && row.status !== 'CLOSED',
      },
    ]
    for (const { params, keep } of filters)
      for (const sort of CASE_LIST_SORTS) {
        const expected = visible
          .filter(keep)
          .sort(expectedOrder[sort])
          .map((row) => row.id)
        expect(expected.length, JSON.stringify(params)).toBeGreaterThan(
          params.overdue ? 0 : CASE_LIST_PAGE_SIZE,
        )
        const pages = Math.ceil(expected.length / CASE_LIST_PAGE_SIZE)
        for (let page = 1; page <= pages; page++) {
          const result = await listCases(
            actor,
            parseCaseListQuery(new URLSearchParams({ ...params, sort, page: String(page) })),
            NOW,
          )
          expect(result.total).toBe(expected.length)
          expect(
            result.cases.map((row) => row.id),
            `${JSON.stringify(params)} ${sort} page ${page}`,
          ).toEqual(expected.slice((page - 1) * CASE_LIST_PAGE_SIZE, page * CASE_LIST_PAGE_SIZE))
        }
      }

    const gathered = async () => {
      const caught = await plansOf(
        () =>
          listCases(actor, parseCaseListQuery(new URLSearchParams({ status: 'NOT_CLOSED', page: '2' })), NOW),
        'CROSS JOIN "Case" c ON c.rowid',
      )
      expect(caught).toHaveLength(1)
      const { plan } = caught[0]!
      expect(plan).toMatch(
        /SEARCH c USING COVERING INDEX Case_teamId_counsellorId_status_openedAt_id_kind_programme_idx \(teamId=\? AND counsellorId=\? AND status=\?\)/,
      )
      expect(plan).toMatch(
        /SEARCH c USING (COVERING )?INDEX Case_teamId_sharedForSubstitution_\w+ \(teamId=\? AND sharedForSubstitution=\?/,
      )
      expect(plan).toMatch(/SEARCH c USING INTEGER PRIMARY KEY \(rowid=\?\)/)
      // no walk of the team's cases in the list's order, no scan
      expect(plan).not.toMatch(/Case_teamId_openedAt_id_openFollowUpDue_idx|SCAN c\b/)
      return caught[0]!
    }
    const stat1 = await prisma.$queryRawUnsafe<unknown[]>(
      `SELECT name FROM sqlite_schema WHERE name = 'sqlite_stat1'`,
    )
    if (stat1.length) await prisma.$executeRawUnsafe('DELETE FROM sqlite_stat1')
    await prisma.$executeRawUnsafe('ANALYZE sqlite_schema') // the planner reloads the statistics
    await gathered()
    await prisma.$executeRawUnsafe('ANALYZE')
    const { sql } = await gathered()
    // "overdue": the team's overdue cases, a range of (teamId, openFollowUpDue), in every order
    for (const sort of CASE_LIST_SORTS) {
      const [overdue] = await plansOf(
        () => listCases(actor, parseCaseListQuery(new URLSearchParams({ overdue: '1', sort })), NOW),
        'INDEXED BY "Case_teamId_openFollowUpDue_idx"',
      )
      expect(overdue?.plan, sort).toMatch(
        /SEARCH c USING INDEX Case_teamId_openFollowUpDue_idx \(teamId=\? AND openFollowUpDue<\?\)/,
      )
    }
    // a counsellor filter is not gathered: the page statement reads that person's cases (from their index on the
    // bench's statistics), where gathering added a range of the team's shared cases (+1.3 ms a view of
    // /cases?counsellor=me&status=NOT_CLOSED in session 28's full bench); its rows are checked above
    for (const sort of CASE_LIST_SORTS) {
      const query = parseCaseListQuery(new URLSearchParams({ counsellor: 'me', status: 'NOT_CLOSED', sort, page: '2' }))
      expect(await plansOf(() => listCases(actor, query, NOW), 'CROSS JOIN "Case" c ON c.rowid'), sort).toHaveLength(0)
    }
    // the team and the counsellors bound outside the planner (decision 146), as in the walk; the statuses are
    // the filter's values, plain `?` by design (decision 146's appendix)
    expect(sql).toContain('"teamId" = +?')
    expect(sql).toContain('"counsellorId" IN (+?)')
  })
})
