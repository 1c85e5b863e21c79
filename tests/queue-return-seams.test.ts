// Decision 245's seams not walked elsewhere (session 31's review): through the app's own model functions at set
// instants — a closed case unassigned while closed (no return) and reopened (the return), a hand-back followed by a
// transfer out and back (no return; the wait from the last transfer in), a closed assigned case reopened with its
// counsellor who then leaves (the return is the leave), a reopened case assigned again — and the migration's fill
// on the same app-written histories against what the triggers keep. Then the mark on a later page of /team/queue
// (read by the keys' statement, not /team's).
import { afterEach, describe, expect, test, vi } from 'vitest'
import { changeCaseStatus } from '#app/models/case-file.server.ts'
import { handOverOpenWork } from '#app/models/staff-change.server.ts'
import { assignFromQueue, getQueue, reassignCase } from '#app/models/team-lead.server.ts'
import { queuePageByKeys } from '#app/models/team-queue.server.ts'
import { completeTransfer } from '#app/models/transfer.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams, inRequest } from '#tests/factories.ts'
import { migrationStatements } from '#tests/migration-statements.ts'
import { scaledAtStart } from '#tests/setup/slowdown.ts'

const fills = migrationStatements('_case_requeued_at').filter((statement) => statement.startsWith('UPDATE "Case"'))

afterEach(() => {
  vi.useRealTimers()
})

const at = (iso: string) => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date(iso))
  return iso.replace('Z', '+00:00')
}

async function state(caseId: string) {
  const rows = await prisma.$queryRaw<Array<{ requeuedAt: string | null; queueSince: string | null }>>`
    SELECT "requeuedAt" || '' AS "requeuedAt", "queueSince" || '' AS "queueSince" FROM "Case" WHERE "id" = ${caseId}`
  return rows[0]!
}

describe("a case's return to the queue at its seams", () => {
  test('each path back into the queue, and the migration fill equals the triggers for app-written histories', { timeout: scaledAtStart(60_000) }, async () => {
    const { rostock, greifswald } = await getTeams()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: rostock.id })
    const gLead = await createUser({ role: 'TEAM_LEAD', teamId: greifswald.id })
    const rosa = await createUser({ teamId: rostock.id })
    const rolf = await createUser({ teamId: rostock.id })
    const leadActor = { id: lead.id, role: 'TEAM_LEAD' as const, teamId: rostock.id }
    const gLeadActor = { id: gLead.id, role: 'TEAM_LEAD' as const, teamId: greifswald.id }
    const closure = (await prisma.catalogueEntry.findFirstOrThrow({ where: { catalogue: 'CLOSURE_REASON', active: true }, select: { id: true } })).id
    const version = async (id: string) => (await prisma.case.findUniqueOrThrow({ where: { id }, select: { version: true } })).version
    const assign = (caseId: string, counsellorId: string, teamId = rostock.id, actorId = lead.id) =>
      inRequest(() => assignFromQueue({ teamId, caseIds: [caseId], counsellorId, note: null }, actorId))
    const setCounsellor = async (caseId: string, counsellorId: string | null, teamId = rostock.id, actorId = lead.id) =>
      expect((await inRequest(async () => reassignCase({ caseId, teamId, version: await version(caseId), counsellorId, note: null }, actorId))).result).toEqual({ ok: true })
    const status = async (caseId: string, fromStatus: string, toStatus: string, actor = leadActor) =>
      expect(
        (await inRequest(() => changeCaseStatus({ caseId, actor, fromStatus, toStatus, closureReasonId: toStatus === 'CLOSED' ? closure : undefined }), { method: 'POST' })).result,
      ).toMatchObject({ ok: true })
    const transfer = async (caseId: string, fromTeamId: string, toTeamId: string, actor = leadActor) =>
      expect(
        (await inRequest(async () => completeTransfer({ caseId, fromTeamId, actor, input: { toTeamId, reason: 'MOVE', version: await version(caseId) } }), { method: 'POST' })).result.ok,
      ).toBe(true)
    const row = async (teamId: string, caseId: string, now: string) => (await getQueue(teamId, new Date(now))).rows.find((shown) => shown.id === caseId)

    at('2026-01-05T09:00:00.000Z')
    const opened = new Date('2026-01-05T09:00:00.000Z')
    // A: assigned, closed, unassigned while closed (no return), reopened without a counsellor (the return)
    const a = await createTestCase({ teamId: rostock.id, openedAt: opened })
    // B: handed back in Rostock, transferred to Greifswald and back: no return, waits from the last transfer in
    const b = await createTestCase({ teamId: rostock.id, openedAt: opened })
    // C: assigned, closed, reopened with its counsellor, then the counsellor leaves (the return is the leave)
    const c = await createTestCase({ teamId: rostock.id, openedAt: opened })
    // D: queued, closed from the queue, reopened (the return), assigned again: assigned, not queued
    const d = await createTestCase({ teamId: rostock.id, openedAt: opened })

    at('2026-02-02T09:00:00.000Z')
    await assign(a.id, rosa.id)
    await assign(b.id, rosa.id)
    await assign(c.id, rolf.id)
    at('2026-03-02T09:00:00.000Z')
    await status(a.id, 'OPEN', 'CLOSED')
    await status(c.id, 'OPEN', 'CLOSED')
    await status(d.id, 'OPEN', 'CLOSED')
    const bBack = at('2026-03-03T09:00:00.000Z')
    await setCounsellor(b.id, null)
    expect(await state(b.id)).toEqual({ requeuedAt: bBack, queueSince: bBack })
    at('2026-03-04T09:00:00.000Z')
    await setCounsellor(a.id, null) // closed: no return
    expect(await state(a.id)).toEqual({ requeuedAt: null, queueSince: null })
    const aReopened = at('2026-04-01T09:00:00.000Z')
    await status(a.id, 'CLOSED', 'ACTIVE')
    expect(await state(a.id)).toEqual({ requeuedAt: aReopened, queueSince: aReopened })
    expect(await row(rostock.id, a.id, '2026-04-03T09:00:00Z')).toMatchObject({ waitingDays: 2, requeued: true, transferredFrom: null })
    await status(c.id, 'CLOSED', 'ACTIVE') // reopened with Rolf: no return
    expect(await state(c.id)).toEqual({ requeuedAt: null, queueSince: null })
    const dReopened = at('2026-04-02T09:00:00.000Z')
    await status(d.id, 'CLOSED', 'ACTIVE')
    expect(await state(d.id)).toEqual({ requeuedAt: dReopened, queueSince: dReopened })
    at('2026-04-03T09:00:00.000Z')
    await assign(d.id, rosa.id)
    expect(await state(d.id)).toEqual({ requeuedAt: dReopened, queueSince: null })

    at('2026-05-04T09:00:00.000Z')
    await transfer(b.id, rostock.id, greifswald.id)
    expect((await state(b.id)).requeuedAt).toBeNull()
    const bHome = at('2026-06-01T09:00:00.000Z')
    await transfer(b.id, greifswald.id, rostock.id, gLeadActor)
    expect(await state(b.id)).toEqual({ requeuedAt: null, queueSince: bHome })
    expect(await row(rostock.id, b.id, '2026-06-02T09:00:00Z')).toMatchObject({ waitingDays: 1, requeued: false, transferredFrom: greifswald.name })

    const cLeft = at('2026-07-01T09:00:00.000Z')
    await prisma.$transaction((tx) => handOverOpenWork(tx, { userId: rolf.id, teamId: rostock.id, target: null, actorId: lead.id, reason: 'deactivated' }))
    expect(await state(c.id)).toEqual({ requeuedAt: cLeft, queueSince: cLeft })

    // The migration's fill on the same histories: the same return and wait for every queued case
    const kept = new Map<string, { requeuedAt: string | null; queueSince: string | null }>()
    for (const kase of [a, b, c, d]) kept.set(kase.id, await state(kase.id))
    await prisma.$executeRaw`UPDATE "Case" SET "requeuedAt" = NULL WHERE "id" IN (${a.id}, ${b.id}, ${c.id}, ${d.id})`
    for (const statement of fills) await prisma.$executeRawUnsafe(statement)
    for (const kase of [a, b, c]) expect(await state(kase.id), kase.id).toEqual(kept.get(kase.id))
    // d is assigned: the fill gives it none (the triggers keep its return as history; it counts only when queued)
    expect(await state(d.id)).toEqual({ requeuedAt: null, queueSince: null })
  })
})

describe('the mark on a later page of /team/queue', () => {
  test('a case handed back today ranks last, on page 2, and is marked there', { timeout: scaledAtStart(60_000) }, async () => {
    const { rostock } = await getTeams()
    const rosa = await createUser({ teamId: rostock.id })
    for (let day = 0; day < 55; day++) await createTestCase({ teamId: rostock.id, openedAt: new Date(Date.now() - (day + 2) * 86_400_000) })
    const back = await createTestCase({ teamId: rostock.id, counsellorId: rosa.id, openedAt: new Date(Date.now() - 400 * 86_400_000) })
    await prisma.case.update({ where: { id: back.id }, data: { counsellorId: null } })
    const second = await queuePageByKeys(rostock.id, 2)
    const shown = second.rows.find((row) => row.id === back.id)
    expect(shown).toMatchObject({ requeued: true, waitingDays: 0 })
    expect(second.rows.filter((row) => row.requeued)).toHaveLength(1)
  })
})
