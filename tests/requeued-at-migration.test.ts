// The data part of migration `*_case_requeued_at` (decision 245): existing queued cases get their last return to the
// queue from the rows the app wrote with it — an `Assignment` to nobody from a counsellor (not a transfer's own row)
// or a `CaseStatusChange` out of CLOSED — when it is later than their last assignment to a person and their last
// completed transfer into their team; every other case gets none, and the queued ones wait from the latest of
// opening, transfer and return. Run on data of its own with the returns and waits wiped first.
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams } from '#tests/factories.ts'
import { migrationStatements } from '#tests/migration-statements.ts'

// the two UPDATEs that fill the rows (the triggers' statements hold `;` and are tested by queue-since.server.test.ts)
const fills = migrationStatements('_case_requeued_at').filter((statement) => statement.startsWith('UPDATE "Case"'))

const at = (day: string) => new Date(`${day}T10:00:00.000Z`)
const stored = (day: string) => `${day}T10:00:00.000+00:00`

describe('migration: a queued case\'s last return to the queue', () => {
  test('is recovered from the hand-backs and reopenings the app recorded, only where nothing came after', async () => {
    expect(fills).toHaveLength(2)
    const { rostock, greifswald } = await getTeams()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: rostock.id })
    const rosa = await createUser({ teamId: rostock.id })
    const assignment = (caseId: string, fromUserId: string | null, toUserId: string | null, day: string, note: string | null = null) =>
      prisma.assignment.create({ data: { caseId, fromUserId, toUserId, assignedById: lead.id, note, at: at(day) } })
    const opened = at('2026-01-05')

    // handed back by the lead in March, still queued: from the hand-back
    const handedBack = await createTestCase({ teamId: rostock.id, openedAt: opened })
    await assignment(handedBack.id, null, rosa.id, '2026-02-01')
    await assignment(handedBack.id, rosa.id, null, '2026-03-10')
    // handed back, assigned again, then unassigned by a write without a record: no return known
    const reassigned = await createTestCase({ teamId: rostock.id, openedAt: opened })
    await assignment(reassigned.id, rosa.id, null, '2026-03-10')
    await assignment(reassigned.id, null, rosa.id, '2026-03-12')
    // handed back in Greifswald, then transferred to Rostock (the transfer's own row to nobody): from the transfer
    const movedAfter = await createTestCase({ teamId: rostock.id, openedAt: opened })
    await assignment(movedAfter.id, rosa.id, null, '2026-03-10')
    await prisma.transfer.create({ data: { caseId: movedAfter.id, fromTeamId: greifswald.id, toTeamId: rostock.id, reason: 'MOVE', status: 'DONE', at: at('2026-04-01'), completedAt: at('2026-04-02') } })
    await assignment(movedAfter.id, rosa.id, null, '2026-04-02', 'transfer')
    // transferred in, then handed back in Rostock: from the hand-back
    const backAfterMove = await createTestCase({ teamId: rostock.id, openedAt: opened })
    await prisma.transfer.create({ data: { caseId: backAfterMove.id, fromTeamId: greifswald.id, toTeamId: rostock.id, reason: 'MOVE', status: 'DONE', at: at('2026-04-01'), completedAt: at('2026-04-01') } })
    await assignment(backAfterMove.id, null, rosa.id, '2026-04-03')
    await assignment(backAfterMove.id, rosa.id, null, '2026-05-20')
    // closed from the queue and reopened without a counsellor: from the reopening
    const reopened = await createTestCase({ teamId: rostock.id, openedAt: opened })
    await prisma.caseStatusChange.create({ data: { caseId: reopened.id, fromStatus: 'OPEN', toStatus: 'CLOSED', at: at('2026-02-01') } })
    await prisma.caseStatusChange.create({ data: { caseId: reopened.id, fromStatus: 'CLOSED', toStatus: 'ACTIVE', at: at('2026-06-15') } })
    // an unassignment of an already unassigned case (the /assign form's "nobody" again): no hand-back
    const noOp = await createTestCase({ teamId: rostock.id, openedAt: opened })
    await assignment(noOp.id, null, null, '2026-03-10')
    // assigned now, with a hand-back in its past: not queued, none
    const assigned = await createTestCase({ teamId: rostock.id, openedAt: opened, counsellorId: rosa.id })
    await assignment(assigned.id, rosa.id, null, '2026-03-10')
    // closed, with a hand-back before its closure: not queued, none
    const closed = await createTestCase({ teamId: rostock.id, openedAt: opened, status: 'CLOSED' })
    await assignment(closed.id, rosa.id, null, '2026-03-10')
    // opening corrected to after its hand-back: the return is kept, the wait is from the opening (the later)
    const openedLater = await createTestCase({ teamId: rostock.id, openedAt: at('2026-07-01') })
    await assignment(openedLater.id, rosa.id, null, '2026-03-10')

    // as the database was before the migration: no returns, the waits of decision 143 (here: anything)
    await prisma.$executeRaw`UPDATE "Case" SET "requeuedAt" = NULL`
    await prisma.$executeRaw`UPDATE "Case" SET "queueSince" = '2020-01-01T00:00:00.000+00:00' WHERE "queueSince" IS NOT NULL`
    for (const statement of fills) await prisma.$executeRawUnsafe(statement)

    const rows = await prisma.$queryRaw<Array<{ id: string; requeuedAt: string | null; queueSince: string | null }>>`
      SELECT "id", "requeuedAt" || '' AS "requeuedAt", "queueSince" || '' AS "queueSince" FROM "Case"`
    const byId = new Map(rows.map((row) => [row.id, [row.requeuedAt, row.queueSince]]))
    expect({
      handedBack: byId.get(handedBack.id),
      backAfterMove: byId.get(backAfterMove.id),
      reopened: byId.get(reopened.id),
      openedLater: byId.get(openedLater.id),
      reassigned: byId.get(reassigned.id)![0],
      movedAfter: byId.get(movedAfter.id)![0],
      noOp: byId.get(noOp.id)![0],
      assigned: byId.get(assigned.id),
      closed: byId.get(closed.id),
    }).toEqual({
      handedBack: [stored('2026-03-10'), stored('2026-03-10')],
      backAfterMove: [stored('2026-05-20'), stored('2026-05-20')],
      reopened: [stored('2026-06-15'), stored('2026-06-15')],
      openedLater: [stored('2026-03-10'), stored('2026-07-01')],
      reassigned: null,
      movedAfter: null,
      noOp: null,
      assigned: [null, null],
      closed: [null, null],
    })
  })
})
