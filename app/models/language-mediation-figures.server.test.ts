// The /language-mediation overview of a team lead reads MediationFigure, sums kept by SQLite
// triggers on LanguageMediation (decision 048). A missed write would show wrong hours and costs to
// the team lead, so: after every write of a random sequence of every kind (new records in every
// status, edits of each counted field, status changes, records moved to another case, cases moved
// to another team, deletions, a case deleted with its records) the table equals a recount of the
// records, and the lead's figures equal those computed from the records themselves.
import { describe, expect, test } from 'vitest'
import { MEDIATION_STATUSES } from '#app/domain/codes.ts'
import { BILLABLE_STATUSES } from '#app/domain/mediation-lifecycle.ts'
import { visibleCasesWhere } from '#app/models/case-access.server.ts'
import { mediationOverview, mediationSummary } from '#app/models/language-mediation.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams } from '#tests/factories.ts'
import { plansOf } from '#tests/statement-plans.ts'

type FigureRow = { teamId: string; month: string; split: string; key: string; n: number; minutes: number; cost: number }

/** The figures as the triggers should have them, counted from the records (rows with a count). */
async function recount(): Promise<FigureRow[]> {
  const records = await prisma.languageMediation.findMany({
    where: { status: { in: [...BILLABLE_STATUSES] }, caseTeamId: { not: null } },
    select: { caseTeamId: true, performedAt: true, requestedAt: true, languageCode: true, mode: true, costBearer: true, billedMinutes: true, costCents: true },
  })
  const figures = new Map<string, FigureRow>()
  for (const record of records) {
    const iso = (record.performedAt ?? record.requestedAt).toISOString()
    // a record counts in its month's rows and in its year's (decision 186: the month column holds the
    // year alone, the split 'month' is keyed by the month's number there)
    for (const [month, split, key] of [
      [iso.slice(0, 7), 'month', ''],
      [iso.slice(0, 7), 'language', record.languageCode],
      [iso.slice(0, 7), 'mode', record.mode],
      [iso.slice(0, 7), 'bearer', record.costBearer ?? ''],
      [iso.slice(0, 4), 'month', iso.slice(5, 7)],
      [iso.slice(0, 4), 'language', record.languageCode],
      [iso.slice(0, 4), 'mode', record.mode],
      [iso.slice(0, 4), 'bearer', record.costBearer ?? ''],
    ] as const) {
      const id = [record.caseTeamId, month, split, key].join('|')
      const row = figures.get(id) ?? { teamId: record.caseTeamId!, month, split, key, n: 0, minutes: 0, cost: 0 }
      row.n += 1
      row.minutes += record.billedMinutes ?? 0
      row.cost += record.costCents ?? 0
      figures.set(id, row)
    }
  }
  return [...figures.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => row)
}

async function kept(): Promise<{ counted: FigureRow[]; emptyWithSums: number }> {
  const rows = await prisma.mediationFigure.findMany({ orderBy: [{ teamId: 'asc' }, { month: 'asc' }, { split: 'asc' }, { key: 'asc' }] })
  const id = (row: FigureRow) => [row.teamId, row.month, row.split, row.key].join('|')
  return {
    counted: rows.filter((row) => row.n !== 0).sort((a, b) => (id(a) < id(b) ? -1 : 1)),
    // a group whose records were all taken off again must have nothing left in its sums
    emptyWithSums: rows.filter((row) => row.n === 0 && (row.minutes !== 0 || row.cost !== 0)).length,
  }
}

describe('language-mediation figures kept by triggers', () => {
  test('equal a recount after every write of a random sequence, and the lead sees the records’ own figures', async () => {
    const { eae, rostock } = await getTeams()
    const teams = [eae.id, rostock.id]
    const leads = [await createUser({ role: 'TEAM_LEAD', teamId: eae.id }), await createUser({ role: 'TEAM_LEAD', teamId: rostock.id })]
    const counsellor = await createUser({ teamId: eae.id })
    const cases: string[] = []
    for (let i = 0; i < 6; i++) cases.push((await createTestCase({ teamId: teams[i % 2], counsellorId: i === 0 ? counsellor.id : null })).id)
    let state = 20261205
    const random = (n: number) => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0
      return Math.floor((state / 2 ** 32) * n)
    }
    const pick = <T,>(items: readonly T[]) => items[random(items.length)]!
    // Dates around the turn of the year and of a month, in UTC as stored.
    const dates = ['2025-12-31T23:59:59.999Z', '2026-01-01T00:00:00.000Z', '2026-01-31T23:59:59.999Z', '2026-02-01T00:00:00.000Z', '2026-06-15T10:30:00.000Z', '2025-03-03T08:00:00.000Z']
    const date = () => new Date(pick(dates))
    const fields = () => ({
      languageCode: pick(['arb', 'fas', 'ukr']),
      mode: pick(['ON_SITE', 'PHONE', 'VIDEO']),
      costBearer: pick([null, 'PROJECT', 'LAND']),
      billedMinutes: pick([null, 30, 45, 90]),
      costCents: pick([null, 0, 2500, 4200]),
    })
    const mediations: string[] = []
    const check = async (step: string) => {
      const { counted, emptyWithSums } = await kept()
      expect(counted, step).toEqual(await recount())
      expect(emptyWithSums, step).toBe(0)
    }
    const kinds = new Map<string, number>()
    for (let step = 0; step < 150; step += 1) {
      const kind = mediations.length === 0 ? 'create' : pick(['create', 'create', 'edit', 'status', 'dates', 'move', 'team', 'counsellor', 'delete', 'many'] as const)
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1)
      switch (kind) {
        case 'create': {
          const performed = random(3) === 0 ? null : date()
          const caseId = pick(cases)
          // Written with the case's team already on it half the time (as a bulk load or import might):
          // the insert trigger counts it, the copy trigger's update then moves nothing.
          const copy = random(2) ? { caseTeamId: (await prisma.case.findUniqueOrThrow({ where: { id: caseId }, select: { teamId: true } })).teamId } : {}
          const created = await prisma.languageMediation.create({
            data: { caseId, providerKind: 'POOL', status: pick(MEDIATION_STATUSES), requestedAt: date(), performedAt: performed, ...fields(), ...copy },
            select: { id: true },
          })
          mediations.push(created.id)
          break
        }
        case 'edit':
          await prisma.languageMediation.update({ where: { id: pick(mediations) }, data: fields() })
          break
        case 'status':
          await prisma.languageMediation.update({ where: { id: pick(mediations) }, data: { status: pick(MEDIATION_STATUSES) } })
          break
        case 'dates':
          await prisma.languageMediation.update({ where: { id: pick(mediations) }, data: random(2) ? { performedAt: random(3) === 0 ? null : date() } : { requestedAt: date() } })
          break
        case 'move':
          await prisma.languageMediation.update({ where: { id: pick(mediations) }, data: { caseId: pick(cases) } })
          break
        case 'team':
          await prisma.case.update({ where: { id: pick(cases) }, data: { teamId: pick(teams) } })
          break
        case 'counsellor':
          await prisma.case.update({ where: { id: pick(cases) }, data: { counsellorId: random(2) ? counsellor.id : null, sharedForSubstitution: random(2) === 0 } })
          break
        case 'delete': {
          const id = mediations.splice(random(mediations.length), 1)[0]!
          await prisma.languageMediation.delete({ where: { id } })
          break
        }
        case 'many':
          // one statement changing several records at once
          await prisma.languageMediation.updateMany({ where: { caseId: pick(cases) }, data: { status: pick(BILLABLE_STATUSES), costCents: 1000 } })
          break
      }
      await check(`step ${step} (${kind})`)
    }
    // A case deleted with its records (cascade).
    const doomed = cases.pop()!
    await prisma.languageMediation.create({
      data: { caseId: doomed, providerKind: 'POOL', status: 'DONE', requestedAt: date(), performedAt: date(), ...fields() },
    })
    await check('before the case is deleted')
    await prisma.case.delete({ where: { id: doomed } })
    await check('after the case was deleted')

    for (const [i, lead] of leads.entries()) {
      const visible = await visibleCasesWhere(lead)
      for (const year of [2025, 2026]) {
        const { detail: _detail, ...fromRecords } = await mediationOverview(visible, year)
        expect(await mediationSummary(visible, year), `${teams[i]} ${year}`).toEqual(fromRecords)
      }
    }
    // The sequence did what it says: every kind of write, and figures to compare.
    expect([...kinds.keys()].sort()).toEqual(['counsellor', 'create', 'dates', 'delete', 'edit', 'many', 'move', 'status', 'team'])
    expect((await recount()).length).toBeGreaterThan(10)
  })

  test("a lead's figures of a year are read from the covering index alone, with and without table statistics", async () => {
    const { eae } = await getTeams()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const kase = await createTestCase({ teamId: eae.id })
    for (let month = 0; month < 12; month += 1)
      await prisma.languageMediation.create({
        data: {
          caseId: kase.id,
          languageCode: ['arb', 'rus', 'ukr'][month % 3]!,
          mode: 'PHONE',
          providerKind: 'POOL',
          status: 'DONE',
          requestedAt: new Date(Date.UTC(2026, month, 10)),
          performedAt: new Date(Date.UTC(2026, month, 12)),
          billedMinutes: 30 + month,
          costCents: 1000 + month,
        },
      })
    const visible = await visibleCasesWhere(lead)
    for (const analyse of [false, true]) {
      if (analyse) await prisma.$executeRawUnsafe('ANALYZE')
      const caught = await plansOf(() => mediationSummary(visible, 2026), 'FROM "MediationFigure" f')
      expect(caught).toHaveLength(1)
      // the rows as one JSON text in the index's order (decision 193): the aggregate's own sort of the ≈ 60 rows, nothing else
      expect(caught[0]!.plan).toMatch(/^USE TEMP B-TREE FOR json_group_array\(ORDER BY\) \| SEARCH f USING COVERING INDEX MediationFigure_cover_idx \(teamId=\? AND month=\?\)$/)
      expect((await mediationSummary(visible, 2026)).total).toEqual({ key: 'total', count: 12, minutes: 426, costCents: 12066 })
    }
  })
  test('parallel writes leave the kept figures equal to a recount', async () => {
    const { eae, rostock } = await getTeams()
    const cases = [(await createTestCase({ teamId: eae.id })).id, (await createTestCase({ teamId: rostock.id })).id]
    const base = { providerKind: 'POOL', languageCode: 'arb', mode: 'PHONE', requestedAt: new Date('2026-03-01T09:00:00.000Z') }
    const first = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        prisma.languageMediation.create({
          data: { ...base, caseId: cases[i % 2]!, status: i % 3 === 0 ? 'REQUESTED' : 'DONE', billedMinutes: 30 + i, costCents: 1000 + i },
          select: { id: true },
        }),
      ),
    )
    // all at once again: edits, status changes (into and out of the billable ones), deletions, new records
    let inFlight = 0
    let most = 0
    const hold = async <T,>(write: () => Promise<T>) => {
      inFlight += 1
      most = Math.max(most, inFlight)
      await new Promise((resolve) => setImmediate(resolve))
      try {
        return await write()
      } finally {
        inFlight -= 1
      }
    }
    await Promise.all([
      ...first.map(({ id }, i) =>
        hold(() =>
          i % 4 === 0
            ? prisma.languageMediation.delete({ where: { id } })
            : i % 4 === 1
              ? prisma.languageMediation.update({ where: { id }, data: { status: 'CANCELLED' } })
              : i % 4 === 2
                ? prisma.languageMediation.update({ where: { id }, data: { status: 'INVOICED', performedAt: new Date('2025-12-31T23:59:59.999Z') } })
                : prisma.languageMediation.update({ where: { id }, data: { billedMinutes: null, costCents: 0, languageCode: 'ukr' } }),
        ),
      ),
      ...Array.from({ length: 12 }, (_, i) =>
        hold(() => prisma.languageMediation.create({ data: { ...base, caseId: cases[i % 2]!, status: 'CANCELLED_LATE', costCents: 500 } })),
      ),
    ])
    expect(most).toBe(36)
    const { counted, emptyWithSums } = await kept()
    expect(counted).toEqual(await recount())
    expect(emptyWithSums).toBe(0)
  })

  test("a lead's year equals a count of the records by hand: the turn of the year, a cancelled request, an empty year", async () => {
    const { eae } = await getTeams()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const kase = await createTestCase({ teamId: eae.id })
    const record = (status: string, requestedAt: string, performedAt: string | null, languageCode: string, billedMinutes: number | null, costCents: number | null) =>
      prisma.languageMediation.create({
        data: { caseId: kase.id, providerKind: 'POOL', mode: 'VIDEO', status, requestedAt: new Date(requestedAt), performedAt: performedAt ? new Date(performedAt) : null, languageCode, billedMinutes, costCents },
      })
    await record('DONE', '2026-12-20T10:00:00.000Z', '2026-12-31T23:59:59.999Z', 'arb', 60, 3000) // 2026-12
    await record('DONE', '2026-12-20T10:00:00.000Z', '2027-01-01T00:00:00.000Z', 'arb', 45, 2000) // 2027, not 2026
    await record('INVOICED', '2026-01-01T00:00:00.000Z', null, 'fas', null, null) // 2026-01, no minutes or cost
    await record('CANCELLED_LATE', '2026-05-05T08:00:00.000Z', null, 'fas', 0, 1500) // billable, 2026-05
    await record('CANCELLED', '2026-05-06T08:00:00.000Z', '2026-05-07T08:00:00.000Z', 'ukr', 90, 9000) // not billable
    const taken = await record('DONE', '2026-07-01T08:00:00.000Z', '2026-07-02T08:00:00.000Z', 'ukr', 30, 100)
    await prisma.languageMediation.update({ where: { id: taken.id }, data: { status: 'CANCELLED' } }) // taken off again: 'ukr' at 0, not shown
    const visible = await visibleCasesWhere(lead)
    const year2026 = await mediationSummary(visible, 2026)
    expect(year2026.total).toEqual({ key: 'total', count: 3, minutes: 60, costCents: 4500 })
    expect(year2026.months.filter((month) => month.count > 0)).toEqual([
      { key: '01', count: 1, minutes: 0, costCents: 0 },
      { key: '05', count: 1, minutes: 0, costCents: 1500 },
      { key: '12', count: 1, minutes: 60, costCents: 3000 },
    ])
    expect(year2026.months).toHaveLength(12)
    expect(year2026.byLanguage).toEqual([
      { key: 'fas', count: 2, minutes: 0, costCents: 1500 },
      { key: 'arb', count: 1, minutes: 60, costCents: 3000 },
    ])
    expect(year2026.byMode).toEqual([{ key: 'VIDEO', count: 3, minutes: 60, costCents: 4500 }])
    expect(year2026.byCostBearer).toEqual([{ key: '', count: 3, minutes: 60, costCents: 4500 }])
    expect((await mediationSummary(visible, 2027)).total).toEqual({ key: 'total', count: 1, minutes: 45, costCents: 2000 })
    const empty = await mediationSummary(visible, 2024)
    expect(empty.total).toEqual({ key: 'total', count: 0, minutes: 0, costCents: 0 })
    expect([empty.byLanguage, empty.byMode, empty.byCostBearer]).toEqual([[], [], []])
    for (const year of [2024, 2026, 2027]) {
      const { detail: _detail, ...fromRecords } = await mediationOverview(visible, year)
      expect(await mediationSummary(visible, year)).toEqual(fromRecords)
    }
  })

  test('a write that leaves every counted value as it was writes no figure: an assignment, the sharing flag, an unchanged edit', async () => {
    const { eae, rostock } = await getTeams()
    const [first, second] = [await createUser({ teamId: eae.id }), await createUser({ teamId: eae.id })]
    const kase = await createTestCase({ teamId: eae.id, counsellorId: first.id })
    const records: { id: string }[] = []
    for (let i = 0; i < 6; i++) {
      records.push(
        await prisma.languageMediation.create({
          data: { caseId: kase.id, providerKind: 'POOL', languageCode: 'arb', mode: 'PHONE', status: i < 4 ? 'DONE' : 'REQUESTED', requestedAt: new Date(`2026-0${i + 1}-10T09:00:00.000Z`), billedMinutes: 30 + i, costCents: 900 + i },
          select: { id: true },
        }),
      )
    }
    // a temporary trigger of this connection counts the figure rows written (an upsert's update too)
    await prisma.$executeRawUnsafe('CREATE TEMP TABLE IF NOT EXISTS "figureWrites" ("n" INTEGER)')
    await prisma.$executeRawUnsafe('CREATE TEMP TRIGGER IF NOT EXISTS "figureWritesInsert" AFTER INSERT ON main."MediationFigure" BEGIN INSERT INTO "figureWrites" VALUES (1); END')
    await prisma.$executeRawUnsafe('CREATE TEMP TRIGGER IF NOT EXISTS "figureWritesUpdate" AFTER UPDATE ON main."MediationFigure" BEGIN INSERT INTO "figureWrites" VALUES (1); END')
    const writesOf = async (write: () => Promise<unknown>) => {
      await prisma.$executeRawUnsafe('DELETE FROM "figureWrites"')
      await write()
      const rows = await prisma.$queryRawUnsafe<{ n: bigint | number }[]>('SELECT COUNT(*) AS "n" FROM "figureWrites"')
      return Number(rows[0]!.n)
    }
    try {
      // the case's copies on its mediations are rewritten, the figures are not touched
      expect(await writesOf(() => prisma.case.update({ where: { id: kase.id }, data: { counsellorId: second.id } }))).toBe(0)
      expect(await writesOf(() => prisma.case.update({ where: { id: kase.id }, data: { sharedForSubstitution: true } }))).toBe(0)
      expect(await writesOf(() => prisma.languageMediation.update({ where: { id: records[0]!.id }, data: { billedMinutes: 30, costCents: 900 } }))).toBe(0)
      expect(await prisma.languageMediation.count({ where: { caseId: kase.id, caseCounsellorId: second.id, caseShared: true } })).toBe(6)
      // a counted value that changes moves the record's eight figures out and in again
      expect(await writesOf(() => prisma.languageMediation.update({ where: { id: records[0]!.id }, data: { billedMinutes: 31 } }))).toBe(16)
      // a move to another team moves the four billable records' figures
      expect(await writesOf(() => prisma.case.update({ where: { id: kase.id }, data: { teamId: rostock.id } }))).toBe(4 * 16)
    } finally {
      await prisma.$executeRawUnsafe('DROP TRIGGER IF EXISTS temp."figureWritesInsert"')
      await prisma.$executeRawUnsafe('DROP TRIGGER IF EXISTS temp."figureWritesUpdate"')
      await prisma.$executeRawUnsafe('DROP TABLE IF EXISTS temp."figureWrites"')
    }
    const { counted, emptyWithSums } = await kept()
    expect(counted).toEqual(await recount())
    expect(emptyWithSums).toBe(0)
  })
})
