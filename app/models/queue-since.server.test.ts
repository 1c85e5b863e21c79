// The start of a queued case's wait kept on the case by triggers (`Case.queueSince`, decision 143):
// the latest of its opening, its last completed transfer into its team (the transfer's completion,
// else its date) and its last return to the queue (`Case.requeuedAt`, decision 245); null when the
// case is assigned or closed. Random writes of every kind that changes a case's place in a queue —
// through the app's own model functions where they own the write, the ORM or raw SQL where an import,
// a correction or retention writes the rows — each followed by a comparison of every case's kept
// value with a recount from the cases and transfers, and of every case's return with what the write
// did to it (the moment it lost its counsellor or was reopened without one, in the same team, falls
// within the write; a move to another team clears it; any other write keeps it); the same sequence
// with any one of the five triggers dropped must be caught. Then /team's read of the queue
// against the queue computed from scratch: the 50 longest waits of all queued cases, ties in the
// order of opening, in the office's calendar (decision 029), with the total.
import Database from 'better-sqlite3'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { officeDay } from '#app/domain/follow-up.ts'
import { longestWaiting } from '#app/domain/workload.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams, inRequest } from '#tests/factories.ts'
import { scaledAtStart } from '#tests/setup/slowdown.ts'
import { mulberry32 } from '../../scripts/lib/random.ts'
import { handOverOpenWork } from './staff-change.server.ts'
import { assignFromQueue, getQueue, officeDayEndBound, reassignCase } from './team-lead.server.ts'
import { completeTransfer, rejectTransferRequest, requestTransfer } from './transfer.server.ts'

const TRIGGERS = [
  'Case_queue_insert',
  'Case_queue_update',
  'Transfer_queue_insert',
  'Transfer_queue_update',
  'Transfer_queue_delete',
] as const

/** A deterministic pseudo-random stream (the same writes on every run): the data generator's. */
const random = mulberry32

const DAY_MS = 86_400_000
const time = (value: Date | string | null) => (value === null ? null : new Date(value).getTime())

/**
 * Every case's wait from the ORM's rows: assigned or closed — none; else the latest of the opening, the
 * last completed transfer into the case's team by date (its completion, else its date) and the case's
 * return to the queue (`requeuedAt`, itself checked against the writes by `returnDifferences`).
 */
async function recounted() {
  const cases = await prisma.case.findMany({
    select: { id: true, teamId: true, counsellorId: true, status: true, openedAt: true, requeuedAt: true },
  })
  const transfers = await prisma.transfer.findMany({
    where: { status: 'DONE' },
    select: { caseId: true, toTeamId: true, at: true, completedAt: true },
  })
  const expected = new Map<string, number | null>()
  for (const kase of cases) {
    if (kase.counsellorId !== null || kase.status === 'CLOSED') {
      expected.set(kase.id, null)
      continue
    }
    let last: (typeof transfers)[number] | undefined
    for (const transfer of transfers)
      if (
        transfer.caseId === kase.id &&
        transfer.toTeamId === kase.teamId &&
        (!last || transfer.at > last.at)
      )
        last = transfer
    const transferredIn = last ? (last.completedAt ?? last.at).getTime() : null
    expected.set(
      kase.id,
      Math.max(kase.openedAt.getTime(), transferredIn ?? -Infinity, kase.requeuedAt?.getTime() ?? -Infinity),
    )
  }
  return expected
}

async function kept() {
  const rows = await prisma.case.findMany({ select: { id: true, queueSince: true } })
  return new Map(rows.map((row) => [row.id, time(row.queueSince)]))
}

async function differences() {
  const [expected, actual] = [await recounted(), await kept()]
  const wrong: string[] = []
  for (const [id, value] of expected)
    if (actual.get(id) !== value) wrong.push(`${id}: kept ${actual.get(id)}, recounted ${value}`)
  if (actual.size !== expected.size) wrong.push(`${actual.size} cases kept, ${expected.size} counted`)
  return wrong
}

/** Each case's place as a return to the queue depends on it: team, counsellor, closed or not, and its return. */
type Place = { teamId: string; counsellorId: string | null; closed: boolean; requeuedAt: number | null }

async function places() {
  const rows = await prisma.case.findMany({ select: { id: true, teamId: true, counsellorId: true, status: true, requeuedAt: true } })
  return new Map<string, Place>(
    rows.map((row) => [row.id, { teamId: row.teamId, counsellorId: row.counsellorId, closed: row.status === 'CLOSED', requeuedAt: time(row.requeuedAt) }]),
  )
}

/** What one write did to the cases' returns, against what it must have done. */
type WriteSpan = { before: Map<string, Place>; from: number; to: number; inserted: Set<string> }

/**
 * A case (re)inserted by the write has no return; moved to another team, none; back in its team's queue from a
 * counsellor or a closure, the write's moment (within the write, a millisecond either side for SQLite's clock);
 * anything else keeps the return it had.
 */
async function returnDifferences({ before, from, to, inserted }: WriteSpan) {
  const wrong: string[] = []
  for (const [id, now] of await places()) {
    const was = inserted.has(id) ? undefined : before.get(id)
    const queued = now.counsellorId === null && !now.closed
    if (!was || was.teamId !== now.teamId) {
      if (now.requeuedAt !== null) wrong.push(`${id}: a return ${now.requeuedAt} on a new or moved case`)
    } else if (queued && (was.counsellorId !== null || was.closed)) {
      if (now.requeuedAt === null || now.requeuedAt < from - 1 || now.requeuedAt > to + 1)
        wrong.push(`${id}: back in the queue, its return ${now.requeuedAt} not within the write (${from}-${to})`)
    } else if (now.requeuedAt !== was.requeuedAt) wrong.push(`${id}: its return changed from ${was.requeuedAt} to ${now.requeuedAt}`)
  }
  return wrong
}

const WRITES = [
  'case-create-queued',
  'case-create-assigned',
  'case-create-closed',
  'case-create-raw-with-value',
  'assign-from-queue',
  'reassign',
  'unassign',
  'unassign-raw',
  'staff-leaves',
  'close',
  'reopen',
  'status-open-to-active',
  'moved-to-team',
  'moved-to-team-assigned',
  'opening-corrected',
  'case-same-values',
  'case-delete',
  'client-erased',
  'transfer-complete',
  'transfer-request',
  'transfer-confirm',
  'transfer-reject',
  'transfer-done-raw-without-completion',
  'transfer-redated',
  'transfer-completion-corrected',
  'transfer-other-team',
  'transfer-other-case',
  'transfer-delete',
  'transfers-delete-many',
] as const

/**
 * Runs a fixed random sequence of writes of every kind that can move a case into, out of or within a
 * queue; after each write `check` is called (with the cases' places before it and the write's span), and a check that answers true ends the writes there (a test
 * that only has to see one difference needs no writes after it: docs/performance.md, "Test suite", session
 * 21). Returns the kinds of write made.
 */
async function randomWrites(steps: number, check: (step: string, span: WriteSpan) => Promise<boolean | void>) {
  const { eae, rostock } = await getTeams()
  const teams = [eae, rostock]
  const leads = {
    [eae.id]: await createUser({ role: 'TEAM_LEAD', teamId: eae.id }),
    [rostock.id]: await createUser({ role: 'TEAM_LEAD', teamId: rostock.id }),
  }
  const people = {
    [eae.id]: [
      leads[eae.id]!.id,
      (await createUser({ teamId: eae.id })).id,
      (await createUser({ teamId: eae.id })).id,
    ],
    [rostock.id]: [leads[rostock.id]!.id, (await createUser({ teamId: rostock.id })).id],
  }
  const next = random(143_2026)
  const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)]!
  const start = Date.now()
  // Instants over the last 60 days, at any millisecond (distinct: a transfer's date decides its rank).
  const someInstant = () => new Date(start - Math.floor(next() * 60 * DAY_MS))
  const cases: string[] = []
  const transfers: string[] = []
  const newCase = async (counsellor: 'none' | 'someone', status = 'OPEN') => {
    const team = pick(teams)
    const kase = await createTestCase({
      teamId: team.id,
      counsellorId: counsellor === 'someone' ? pick(people[team.id]!) : null,
      status,
      openedAt: someInstant(),
    })
    cases.push(kase.id)
    return kase
  }
  const caseRow = (id: string) =>
    prisma.case.findUniqueOrThrow({
      where: { id },
      select: { id: true, teamId: true, counsellorId: true, version: true, status: true },
    })
  const otherTeam = (teamId: string) => teams.find((team) => team.id !== teamId)!
  const forgetGone = async () => {
    const leftCases = new Set(
      (await prisma.case.findMany({ where: { id: { in: cases } }, select: { id: true } })).map(
        (row) => row.id,
      ),
    )
    cases.splice(0, cases.length, ...cases.filter((id) => leftCases.has(id)))
    const leftTransfers = new Set(
      (await prisma.transfer.findMany({ where: { id: { in: transfers } }, select: { id: true } })).map(
        (row) => row.id,
      ),
    )
    transfers.splice(0, transfers.length, ...transfers.filter((id) => leftTransfers.has(id)))
  }
  const doneTransfer = async () =>
    prisma.transfer.findFirst({
      where: { id: { in: transfers }, status: 'DONE' },
      skip: Math.floor(next() * 3),
      select: { id: true, caseId: true },
    })
  const kinds = new Set<string>()
  for (let step = 0; step < steps; step++) {
    const kind =
      cases.length < 6 ? 'case-create-queued' : transfers.length < 3 ? 'transfer-complete' : pick(WRITES)
    kinds.add(kind)
    const span: WriteSpan = { before: await places(), from: Date.now(), to: 0, inserted: new Set() }
    switch (kind) {
      case 'case-create-queued':
        await newCase('none')
        break
      case 'case-create-assigned':
        await newCase('someone')
        break
      case 'case-create-closed':
        await newCase(pick(['none', 'someone'] as const), 'CLOSED')
        break
      case 'case-create-raw-with-value': {
        // a row copied in with a wait of its own (a restore, a generator): the trigger corrects it
        const kase = await newCase(pick(['none', 'someone'] as const))
        const row = await prisma.case.findUniqueOrThrow({
          where: { id: kase.id },
          select: { clientId: true },
        })
        await prisma.$executeRaw`DELETE FROM "Case" WHERE "id" = ${kase.id}`
        const team = pick(teams)
        await prisma.$executeRaw`
          INSERT INTO "Case" ("id", "clientId", "teamId", "counsellorId", "openedAt", "startPlace", "kind", "status", "programme", "accessRoute", "germanLevel", "queueSince", "requeuedAt", "updatedAt")
          VALUES (${kase.id}, ${row.clientId}, ${team.id}, ${next() < 0.5 ? null : pick(people[team.id]!)}, ${someInstant()}, 'EAE', 'SHORT', 'OPEN', 'MBE', 'OTHER', 'NONE', ${someInstant()}, ${someInstant()}, ${new Date()})`
        cases.push(kase.id)
        span.inserted.add(kase.id)
        break
      }
      case 'assign-from-queue': {
        const kase = await caseRow(pick(cases))
        await inRequest(() =>
          assignFromQueue(
            { teamId: kase.teamId, caseIds: [kase.id], counsellorId: pick(people[kase.teamId]!), note: null },
            leads[kase.teamId]!.id,
          ),
        )
        break
      }
      case 'reassign':
      case 'unassign': {
        const kase = await caseRow(pick(cases))
        const counsellorId = kind === 'reassign' ? pick(people[kase.teamId]!) : null
        await inRequest(() =>
          reassignCase(
            { caseId: kase.id, teamId: kase.teamId, version: kase.version, counsellorId, note: null },
            leads[kase.teamId]!.id,
          ),
        )
        break
      }
      case 'unassign-raw': {
        // a correction by raw SQL that leaves `updatedAt` as it was: the return is SQLite's clock
        await prisma.$executeRaw`UPDATE "Case" SET "counsellorId" = NULL WHERE "id" = ${pick(cases)}`
        break
      }
      case 'staff-leaves': {
        // a counsellor leaves: their open cases go to a colleague or back to the queue (bulk)
        const team = pick(teams)
        const [leaving, colleague] = [people[team.id]![1]!, pick([null, people[team.id]![0]!])]
        await prisma.$transaction((tx) =>
          handOverOpenWork(tx, {
            userId: leaving,
            teamId: team.id,
            target: colleague,
            actorId: leads[team.id]!.id,
            reason: 'deactivated',
          }),
        )
        break
      }
      case 'close':
        await prisma.case.update({
          where: { id: pick(cases) },
          data: { status: 'CLOSED', closedAt: new Date() },
        })
        break
      case 'reopen':
        await prisma.case.update({ where: { id: pick(cases) }, data: { status: 'OPEN', closedAt: null } })
        break
      case 'status-open-to-active':
        await prisma.case.update({
          where: { id: pick(cases) },
          data: { status: pick(['OPEN', 'ACTIVE', 'PAUSED']) },
        })
        break
      case 'moved-to-team': {
        // a correction or an import moves the case without a transfer record
        const kase = await caseRow(pick(cases))
        await prisma.$executeRaw`UPDATE "Case" SET "teamId" = ${otherTeam(kase.teamId).id}, "counsellorId" = NULL WHERE "id" = ${kase.id}`
        break
      }
      case 'moved-to-team-assigned': {
        // a correction moves an assigned case with its counsellor: out of any queue, its return cleared
        const kase = await caseRow(pick(cases))
        await prisma.$executeRaw`UPDATE "Case" SET "teamId" = ${otherTeam(kase.teamId).id} WHERE "id" = ${kase.id}`
        break
      }
      case 'opening-corrected':
        await prisma.case.update({ where: { id: pick(cases) }, data: { openedAt: someInstant() } })
        break
      case 'case-same-values': {
        const kase = await caseRow(pick(cases))
        await prisma.case.update({
          where: { id: kase.id },
          data: {
            teamId: kase.teamId,
            counsellorId: kase.counsellorId,
            status: kase.status,
            germanLevel: 'A2',
          },
        })
        break
      }
      case 'case-delete':
        // deleted with its transfers (cascade), as retention deletes a case
        await prisma.case.delete({ where: { id: cases.splice(Math.floor(next() * cases.length), 1)[0]! } })
        await forgetGone()
        break
      case 'client-erased': {
        const { clientId } = await prisma.case.findUniqueOrThrow({
          where: { id: pick(cases) },
          select: { clientId: true },
        })
        await prisma.client.delete({ where: { id: clientId } })
        await forgetGone()
        break
      }
      case 'transfer-complete': {
        const kase = await caseRow(pick(cases))
        const { result } = await inRequest(
          () =>
            completeTransfer({
              caseId: kase.id,
              fromTeamId: kase.teamId,
              actor: leads[kase.teamId]!,
              input: { toTeamId: otherTeam(kase.teamId).id, reason: 'MOVE', version: kase.version },
            }),
          { method: 'POST' },
        )
        if (result.ok) transfers.push(result.transferId)
        break
      }
      case 'transfer-request': {
        const kase = await caseRow(pick(cases))
        const result = await requestTransfer({
          caseId: kase.id,
          fromTeamId: kase.teamId,
          actor: { id: people[kase.teamId]![1]!, teamId: kase.teamId },
          input: { toTeamId: otherTeam(kase.teamId).id, reason: 'OTHER', version: kase.version },
        })
        if (result.ok) transfers.push(result.transferId)
        break
      }
      case 'transfer-confirm':
      case 'transfer-reject': {
        const pending = await prisma.transfer.findFirst({
          where: { id: { in: transfers }, status: 'REQUESTED' },
          select: { id: true, caseId: true, toTeamId: true },
        })
        if (!pending) break
        const kase = await caseRow(pending.caseId)
        const actor = leads[kase.teamId]!
        if (kind === 'transfer-reject')
          await rejectTransferRequest({ caseId: kase.id, transferId: pending.id, actor })
        else
          await inRequest(
            () =>
              completeTransfer({
                caseId: kase.id,
                fromTeamId: kase.teamId,
                actor,
                transferId: pending.id,
                input: { toTeamId: pending.toTeamId, reason: 'OTHER', version: kase.version },
              }),
            { method: 'POST' },
          )
        break
      }
      case 'transfer-done-raw-without-completion': {
        // an imported or generated transfer: done, without a completion time, case moved beforehand
        const kase = await caseRow(pick(cases))
        const to = otherTeam(kase.teamId)
        await prisma.$executeRaw`UPDATE "Case" SET "teamId" = ${to.id}, "counsellorId" = NULL WHERE "id" = ${kase.id}`
        const id = `cqueuetransfer${step}`
        await prisma.$executeRaw`
          INSERT INTO "Transfer" ("id", "caseId", "fromTeamId", "toTeamId", "reason", "status", "at") VALUES (${id}, ${kase.id}, ${kase.teamId}, ${to.id}, 'OTHER', 'DONE', ${someInstant()})`
        transfers.push(id)
        break
      }
      case 'transfer-redated': {
        const transfer = await doneTransfer()
        if (transfer)
          await prisma.transfer.update({ where: { id: transfer.id }, data: { at: someInstant() } })
        break
      }
      case 'transfer-completion-corrected': {
        const transfer = await doneTransfer()
        if (transfer)
          await prisma.transfer.update({
            where: { id: transfer.id },
            data: { completedAt: next() < 0.3 ? null : someInstant() },
          })
        break
      }
      case 'transfer-other-team': {
        const transfer = await doneTransfer()
        if (transfer)
          await prisma.transfer.update({ where: { id: transfer.id }, data: { toTeamId: pick(teams).id } })
        break
      }
      case 'transfer-other-case': {
        const transfer = await doneTransfer()
        if (transfer)
          await prisma.transfer.update({ where: { id: transfer.id }, data: { caseId: pick(cases) } })
        break
      }
      case 'transfer-delete': {
        // retention or a correction removes a transfer record
        const transfer = await doneTransfer()
        if (transfer) await prisma.transfer.delete({ where: { id: transfer.id } })
        await forgetGone()
        break
      }
      case 'transfers-delete-many':
        await prisma.transfer.deleteMany({ where: { caseId: pick(cases) } })
        await forgetGone()
        break
    }
    span.to = Date.now()
    if (cases.length < 3) span.inserted.add((await newCase('none')).id)
    if (await check(`step ${step} (${kind})`, span)) break
  }
  return kinds
}

describe("the start of a queued case's wait, kept by triggers", () => {
  test(
    'equals a recount after every one of 220 random writes',
    { timeout: scaledAtStart(90_000) },
    async () => {
      let returns = 0
      const kinds = await randomWrites(220, async (step, span) => {
        expect(await returnDifferences(span), step).toEqual([])
        expect(await differences(), step).toEqual([])
        returns += await prisma.case.count({ where: { requeuedAt: { not: null }, queueSince: { not: null } } })
      })
      // every kind of write was made at least once
      expect([...kinds].sort()).toEqual([...WRITES].sort())
      // and the queues were not trivially empty, nor without cases back in them
      expect(await prisma.case.count({ where: { queueSince: { not: null } } })).toBeGreaterThan(3)
      expect(returns).toBeGreaterThan(20)
    },
  )

  test.each(TRIGGERS)(
    'the same writes without trigger %s are caught',
    { timeout: scaledAtStart(90_000) },
    async (trigger) => {
      await prisma.$executeRawUnsafe(`DROP TRIGGER "${trigger}"`)
      // the first difference is the catch: the writes end there
      let caught = false
      await randomWrites(220, async (_step, span) => (caught = (await differences()).length > 0 || (await returnDifferences(span)).length > 0))
      expect(caught).toBe(true)
    },
  )
})

// Decision 245: a case handed back to the queue waits from its hand-back, not from its opening or its transfer in.
// One case through every way back into its team's queue, at set instants of the app's clock (the ORM writes
// `updatedAt` from it, and the return is that moment): the lead's unassignment, a counsellor leaving, a reopening
// without a counsellor; a transfer after a hand-back (the new team's wait is the transfer's); a hand-back there.
describe("a case's return to the queue", () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  test('starts its wait again at each hand-back, reopening without a counsellor and transfer, marked on the queue', { timeout: scaledAtStart(60_000) }, async () => {
    const { rostock, greifswald } = await getTeams()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: rostock.id })
    const [rosa, rolf] = [await createUser({ teamId: rostock.id }), await createUser({ teamId: rostock.id })]
    const greifswaldLead = await createUser({ role: 'TEAM_LEAD', teamId: greifswald.id })
    const gerd = await createUser({ teamId: greifswald.id })
    const at = (iso: string) => {
      vi.useFakeTimers({ toFake: ['Date'] })
      vi.setSystemTime(new Date(iso))
      return iso.replace('Z', '+00:00')
    }
    at('2026-08-17T08:00:00.000Z')
    const kase = await createTestCase({ teamId: rostock.id, openedAt: new Date('2026-08-17T08:00:00.000Z') })
    // as stored: Prisma's text form, which the triggers compare as text
    const state = async () => {
      const row = await prisma.$queryRaw<Array<{ requeuedAt: string | null; queueSince: string | null }>>`
        SELECT "requeuedAt" || '' AS "requeuedAt", "queueSince" || '' AS "queueSince" FROM "Case" WHERE "id" = ${kase.id}`
      return row[0]!
    }
    const version = async () => (await prisma.case.findUniqueOrThrow({ where: { id: kase.id }, select: { version: true } })).version
    const assign = (teamId: string, counsellorId: string, actorId: string) =>
      inRequest(() => assignFromQueue({ teamId, caseIds: [kase.id], counsellorId, note: null }, actorId))
    const setCounsellor = async (counsellorId: string | null, teamId = rostock.id, actorId = lead.id) =>
      expect(await inRequest(async () => reassignCase({ caseId: kase.id, teamId, version: await version(), counsellorId, note: null }, actorId))).toMatchObject({ result: { ok: true } })
    const row = async (teamId: string, now: string) => (await getQueue(teamId, new Date(now))).rows.find((shown) => shown.id === kase.id)

    expect(await state()).toEqual({ requeuedAt: null, queueSince: '2026-08-17T08:00:00.000+00:00' })
    at('2026-09-01T09:00:00.000Z')
    await assign(rostock.id, rosa.id, lead.id)
    expect(await state()).toEqual({ requeuedAt: null, queueSince: null })
    // the lead unassigns it: it waits from now, 0 days, marked
    const unassigned = at('2026-09-10T10:00:00.000Z')
    await setCounsellor(null)
    expect(await state()).toEqual({ requeuedAt: unassigned, queueSince: unassigned })
    expect(await row(rostock.id, '2026-09-10T10:00:01Z')).toMatchObject({ waitingDays: 0, requeued: true, transferredFrom: null })
    expect(await row(rostock.id, '2026-09-14T10:00:00Z')).toMatchObject({ waitingDays: 4, requeued: true })
    // reassigned: out of the queue, its return kept as history
    at('2026-09-11T10:00:00.000Z')
    await setCounsellor(rolf.id)
    expect(await state()).toEqual({ requeuedAt: unassigned, queueSince: null })
    const again = at('2026-09-20T10:00:00.000Z')
    await setCounsellor(null)
    expect(await state()).toEqual({ requeuedAt: again, queueSince: again })
    // its counsellor leaves: the open work goes to the queue
    at('2026-09-21T10:00:00.000Z')
    await assign(rostock.id, rosa.id, lead.id)
    const left = at('2026-10-01T07:30:00.000Z')
    await prisma.$transaction((tx) => handOverOpenWork(tx, { userId: rosa.id, teamId: rostock.id, target: null, actorId: lead.id, reason: 'deactivated' }))
    expect(await state()).toEqual({ requeuedAt: left, queueSince: left })
    // closed from the queue and reopened without a counsellor: it waits from its reopening
    at('2026-10-05T10:00:00.000Z')
    await prisma.case.update({ where: { id: kase.id }, data: { status: 'CLOSED', closedAt: new Date() } })
    expect(await state()).toEqual({ requeuedAt: left, queueSince: null })
    const reopened = at('2026-11-02T10:00:00.000Z')
    await prisma.case.update({ where: { id: kase.id }, data: { status: 'ACTIVE', closedAt: null } })
    expect(await state()).toEqual({ requeuedAt: reopened, queueSince: reopened })
    // transferred to Greifswald: it waits there from the transfer, not marked as back in the queue
    const moved = at('2026-11-05T10:00:00.000Z')
    const { result } = await inRequest(
      async () => completeTransfer({ caseId: kase.id, fromTeamId: rostock.id, actor: lead, input: { toTeamId: greifswald.id, reason: 'MOVE', version: await version() } }),
      { method: 'POST' },
    )
    expect(result.ok).toBe(true)
    expect(await state()).toEqual({ requeuedAt: null, queueSince: moved })
    expect(await row(greifswald.id, '2026-11-06T10:00:00Z')).toMatchObject({ waitingDays: 1, requeued: false, transferredFrom: rostock.name })
    // handed back there after an assignment: both marks, the wait from the hand-back
    at('2026-11-20T10:00:00.000Z')
    await assign(greifswald.id, gerd.id, greifswaldLead.id)
    const handedBack = at('2026-11-25T10:00:00.000Z')
    await setCounsellor(null, greifswald.id, greifswaldLead.id)
    expect(await state()).toEqual({ requeuedAt: handedBack, queueSince: handedBack })
    expect(await row(greifswald.id, '2026-11-27T10:00:00Z')).toMatchObject({ waitingDays: 2, requeued: true, transferredFrom: rostock.name })
    // an assigned case closed and reopened keeps its counsellor: no return, out of the queue
    at('2026-11-26T10:00:00.000Z')
    await assign(greifswald.id, gerd.id, greifswaldLead.id)
    await prisma.case.update({ where: { id: kase.id }, data: { status: 'CLOSED', closedAt: new Date() } })
    at('2026-11-30T10:00:00.000Z')
    await prisma.case.update({ where: { id: kase.id }, data: { status: 'ACTIVE', closedAt: null } })
    expect(await state()).toEqual({ requeuedAt: handedBack, queueSince: null })
  })
})

/** The queue computed from scratch: every queued case of the team (ORM), in opening order, ranked by longestWaiting. */
async function queueFromScratch(teamId: string, now: Date) {
  const waits = await recounted()
  const queued = await prisma.case.findMany({
    where: { teamId, counsellorId: null, status: { not: 'CLOSED' } },
    select: { id: true, openedAt: true },
    orderBy: [{ openedAt: 'asc' }, { id: 'asc' }],
  })
  const rows = queued.map((kase) => ({
    id: kase.id,
    openedAt: kase.openedAt,
    transferredInAt: new Date(waits.get(kase.id)!),
  }))
  return {
    rows: longestWaiting(rows, 50, now).map(({ row, waitingDays }) => [row.id, waitingDays]),
    total: queued.length,
  }
}

describe("/team's queue read from the kept wait", () => {
  test(
    "is the 50 longest waits of all queued cases, ties in the order of opening, at any hour of the office's calendar",
    { timeout: scaledAtStart(90_000) },
    async () => {
      const { greifswald, rostock } = await getTeams()
      const counsellor = await createUser({ teamId: greifswald.id })
      const next = random(50_143)
      // 140 cases of one team (more than a page), opened around midnights of the office's calendar in
      // winter and summer and on the days the clocks change, many on the same day, some assigned or
      // closed; some transferred in later (with and without a completion time), some a year ago.
      const instants = [
        '2026-12-01T22:59:59.999Z',
        '2026-12-01T23:00:00.000Z',
        '2026-11-30T23:30:00.000Z',
        '2026-10-24T21:59:00.000Z',
        '2026-10-25T00:30:00.000Z',
        '2026-10-25T01:30:00.000Z',
        '2026-10-25T22:59:00.000Z',
        '2026-03-29T00:59:00.000Z',
        '2026-03-29T01:00:00.000Z',
        '2025-12-06T10:00:00.000Z',
      ]
      for (let index = 0; index < 140; index++) {
        const base = Date.parse(instants[index % instants.length]!)
        const openedAt = new Date(
          base + Math.floor(next() * 3) * DAY_MS + (next() < 0.5 ? 0 : Math.floor(next() * 3_600_000)),
        )
        const kase = await createTestCase({
          teamId: greifswald.id,
          openedAt,
          counsellorId: next() < 0.1 ? counsellor.id : null,
          status: next() < 0.05 ? 'CLOSED' : pick(['OPEN', 'ACTIVE']),
        })
        if (next() < 0.3) {
          const at = new Date(openedAt.getTime() + Math.floor(next() * 20 * DAY_MS))
          await prisma.transfer.create({
            data: {
              caseId: kase.id,
              fromTeamId: rostock.id,
              toTeamId: greifswald.id,
              reason: 'MOVE',
              status: 'DONE',
              at,
              completedAt: next() < 0.5 ? null : new Date(at.getTime() + Math.floor(next() * 2 * DAY_MS)),
            },
          })
        }
      }
      function pick<T>(values: readonly T[]) {
        return values[Math.floor(next() * values.length)]!
      }
      const nows = [
        new Date(),
        '2026-12-06T10:00:00Z',
        '2026-12-02T22:59:59Z',
        '2026-12-02T23:00:00Z',
        '2026-10-25T23:30:00Z',
        '2026-10-27T00:00:00Z',
        '2026-03-30T12:00:00Z',
        '2026-11-01T09:00:00Z',
        '2025-12-07T12:00:00Z',
        '2027-06-01T00:00:00Z',
        // a 50th wait that began under 26 hours before: the whole queue is read (ties at 0 days)
        '2026-10-25T23:00:00Z',
        '2026-12-02T06:00:00Z',
      ].map((instant) => new Date(instant))
      for (const now of nows) {
        const shown = await getQueue(greifswald.id, now)
        const expected = await queueFromScratch(greifswald.id, now)
        expect(shown.total, now.toISOString()).toBe(expected.total)
        expect(
          shown.rows.map((row) => [row.id, row.waitingDays]),
          now.toISOString(),
        ).toEqual(expected.rows)
      }
      // ties were there to be ordered: several of the page's waits are equal
      const page = (await getQueue(greifswald.id, new Date('2026-12-06T10:00:00Z'))).rows
      expect(new Set(page.map((row) => row.waitingDays)).size).toBeLessThan(page.length / 2)
    },
  )

  // The read stops at the end of the 50th wait's office day (`officeDayEndBound`; before decision 189, 26 hours after
  // its start): an office day is 25 hours long when the clocks go back, and every case whose wait starts on the
  // 50th's office day must be read, or a tie that opened earlier is lost.
  test(
    "reads every tie of the 50th wait's office day, also on the 25-hour day the clocks go back",
    { timeout: scaledAtStart(60_000) },
    async () => {
      const { greifswald, rostock } = await getTeams()
      for (let day = 1; day <= 49; day++)
        await createTestCase({ teamId: greifswald.id, openedAt: new Date(Date.UTC(2026, 9, day % 20 + 1, 9)) })
      // 00:10 in Berlin on 25 October 2026 (summer time ends at 03:00 that night): the 50th by wait
      const fiftieth = await createTestCase({ teamId: greifswald.id, openedAt: new Date('2026-10-24T22:10:00Z') })
      // opened earlier elsewhere, transferred in at 23:50 the same office day: 24 h 40 min after the 50th
      const tie = await createTestCase({ teamId: greifswald.id, openedAt: new Date('2026-09-15T09:00:00Z') })
      await prisma.transfer.create({
        data: {
          caseId: tie.id,
          fromTeamId: rostock.id,
          toTeamId: greifswald.id,
          reason: 'MOVE',
          status: 'DONE',
          at: new Date('2026-10-25T22:50:00Z'),
        },
      })
      const now = new Date('2026-11-10T10:00:00Z')
      const { rows, total } = await getQueue(greifswald.id, now)
      expect(total).toBe(51)
      const ids = rows.map((row) => row.id)
      // the same wait in office days; the tie opened first, so it is on the page and the 50th is not
      expect(ids).toContain(tie.id)
      expect(ids).not.toContain(fiftieth.id)
      expect(rows.map((row) => [row.id, row.waitingDays])).toEqual((await queueFromScratch(greifswald.id, now)).rows)
    },
  )

  // The bound in SQLite against the office day's end found with Intl (`officeDay`): never before it (a tie would be
  // lost), within an hour after it but for a start from 23:00 to midnight in winter (then a day after it). Office
  // days turn at whole UTC hours: each hour's first and last millisecond, over the clock changes of March and October 2026 and March 2027.
  test("the queue's read stops no earlier than the end of the 50th wait's office day, at every hour's first and last instant", () => {
    const database = new Database(':memory:')
    const bound = database.prepare(`SELECT ${officeDayEndBound(Prisma.raw('?')).sql}`).pluck()
    const wrong: string[] = []
    let tight = 0
    let checked = 0
    for (let hour = Date.UTC(2026, 2, 1); hour < Date.UTC(2027, 3, 1); hour += 3_600_000) for (const instant of [hour, hour + 3_599_999]) {
      const since = new Date(instant)
      const day = officeDay(since)
      // the office day ends at 22:00 or 23:00 UTC of its own date, whichever is the first instant of another day
      const endAtTen = Date.parse(`${day}T22:00:00.000Z`)
      const end = officeDay(new Date(endAtTen)) === day ? endAtTen + 3_600_000 : endAtTen
      const stored = since.toISOString().replace('Z', '+00:00')
      const stop = Date.parse(bound.get(stored) as string)
      const lateInWinter = end - instant <= 3_600_000 && end === endAtTen + 3_600_000
      // one expect at the end: 19,000 of them would take seconds
      if (officeDay(new Date(end - 1)) !== day || officeDay(new Date(end)) === day) wrong.push(`${stored}: the day's end found is wrong`)
      if (stop < end) wrong.push(`${stored}: stops at ${new Date(stop).toISOString()}, before the office day's end`)
      if (stop - end > (lateInWinter ? DAY_MS : 3_600_000)) wrong.push(`${stored}: stops at ${new Date(stop).toISOString()}, too late`)
      if (stop - end <= 3_600_000) tight++
      checked++
    }
    expect(wrong).toEqual([])
    expect(checked).toBeGreaterThan(18_000)
    expect(tight / checked).toBeGreaterThan(0.95)
    database.close()
  })

  // Decision 143's rule change: until session 20 the order was taken from the 500 cases opened first.
  test(
    'takes the longest waits of all queued cases, also beyond the 500 opened first',
    { timeout: scaledAtStart(60_000) },
    async () => {
      const { greifswald, rostock } = await getTeams()
      const now = new Date('2026-12-06T10:00:00Z')
      const template = await createTestCase({
        teamId: greifswald.id,
        openedAt: new Date('2026-01-05T09:00:00Z'),
      })
      // 500 cases opened in January, each transferred in this morning (waiting 0 days), as raw rows
      await prisma.$executeRaw`
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
      INSERT INTO "Case" ("id", "clientId", "teamId", "openedAt", "startPlace", "kind", "status", "programme", "accessRoute", "germanLevel", "updatedAt")
      SELECT 'cqueue' || printf('%04d', i), c."clientId", c."teamId", c."openedAt", c."startPlace", c."kind", c."status", c."programme", c."accessRoute", c."germanLevel", c."updatedAt"
      FROM n, "Case" c WHERE c."id" = ${template.id}`
      await prisma.$executeRaw`
      INSERT INTO "Transfer" ("id", "caseId", "fromTeamId", "toTeamId", "reason", "status", "at", "completedAt")
      SELECT 'tqueue' || substr("id", 7), "id", ${rostock.id}, ${greifswald.id}, 'MOVE', 'DONE', ${new Date('2026-12-06T07:00:00Z')}, ${new Date('2026-12-06T08:00:00Z')}
      FROM "Case" WHERE "id" LIKE 'cqueue%'`
      await prisma.transfer.create({
        data: {
          caseId: template.id,
          fromTeamId: rostock.id,
          toTeamId: greifswald.id,
          reason: 'MOVE',
          status: 'DONE',
          at: new Date('2026-12-06T07:00:00Z'),
          completedAt: new Date('2026-12-06T08:00:00Z'),
        },
      })
      // opened after all of them, waiting since yesterday: the 502nd by opening, the longest wait
      const waiting = await createTestCase({
        teamId: greifswald.id,
        openedAt: new Date('2026-12-05T09:00:00Z'),
      })
      const { rows, total } = await getQueue(greifswald.id, now)
      expect(total).toBe(502)
      expect(rows[0]).toMatchObject({ id: waiting.id, waitingDays: 1 })
      expect(rows.slice(1).every((row) => row.waitingDays === 0)).toBe(true)
      expect(rows.map((row) => [row.id, row.waitingDays])).toEqual(
        (await queueFromScratch(greifswald.id, now)).rows,
      )
    },
  )
})
