// The /team and start-page reads that became single raw statements (issue 19, session 10) must
// answer exactly what the ORM's readings answered: each expectation below is the former ORM code,
// run over the same data — people, absences, staff changes, takeover requests, transfers and
// assignments of every kind and relation, the need-to-know filter of every role included.
import { afterEach, describe, expect, test, vi } from 'vitest'
import { today } from '#app/domain/follow-up.ts'
import { getUnreadAssignments } from '#app/models/assignment-inbox.server.ts'
import { visibleCasesWhere } from '#app/models/case-access.server.ts'
import { listOrphanedCases } from '#app/models/staff-change.server.ts'
import { getArrivals, listOpenTakeoverRequests } from '#app/models/takeover.server.ts'
import { listOpenHandoverRequests } from '#app/models/handover-request.server.ts'
import { getQueue, getWorkloadAndAssignable, listAssignableUsers } from '#app/models/team-lead.server.ts'
import { listPendingTransferRequests } from '#app/models/transfer.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams } from '#tests/factories.ts'
import { expectBoundOutsideThePlanner, planFor, plansOf, primaryKeyIndex, setTableStatistics } from '#tests/statement-plans.ts'

const DAY = 86_400_000
// 23:30 UTC: already the next day in Germany, where absences begin and end (decision 029).
const NOW = new Date('2026-12-05T23:30:00Z')

async function ormAssignable(teamId: string, now: Date) {
  const day = today(now).date
  const users = await prisma.user.findMany({
    where: { teamId, active: true, role: { in: ['COUNSELLOR', 'TEAM_LEAD'] } },
    select: {
      id: true,
      displayName: true,
      role: true,
      languages: true,
      absences: { where: { startsOn: { lte: day }, endsOn: { gte: day } }, select: { endsOn: true }, orderBy: { endsOn: 'desc' }, take: 1 },
    },
    orderBy: [{ displayName: 'asc' }, { id: 'asc' }],
  })
  return users.map((user) => ({
    id: user.id,
    displayName: user.displayName,
    role: user.role,
    languages: user.languages.split(',').filter(Boolean),
    absentUntil: user.absences[0]?.endsOn ?? null,
  }))
}

async function ormOrphaned(teamId: string) {
  const gone = await prisma.user.findMany({ where: { OR: [{ active: false }, { teamId: { not: teamId } }, { role: 'ADMIN' }] }, select: { id: true } })
  const found = await prisma.case.findMany({
    where: { teamId, status: { not: 'CLOSED' }, counsellorId: { in: gone.map((user) => user.id) } },
    select: { id: true, openedAt: true, client: { select: { pseudonymCode: true } }, counsellor: { select: { displayName: true, active: true, role: true } } },
  })
  return found
    .sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime() || a.id.localeCompare(b.id))
    .slice(0, 200)
    .map((kase) => ({ id: kase.id, code: kase.client.pseudonymCode, counsellor: kase.counsellor!.displayName, why: !kase.counsellor!.active ? 'inactive' : kase.counsellor!.role === 'ADMIN' ? 'administrator' : 'other-team' }))
}

async function ormTakeovers(teamId: string) {
  const requests = await prisma.takeoverRequest.findMany({
    where: { status: 'OPEN', case: { teamId } },
    select: { id: true, at: true, caseId: true, requestedById: true, case: { select: { version: true, client: { select: { pseudonymCode: true } } } } },
    orderBy: [{ at: 'asc' }, { id: 'asc' }],
  })
  const people = await prisma.user.findMany({ where: { id: { in: requests.map((request) => request.requestedById) } }, select: { id: true, displayName: true } })
  const names = new Map(people.map((person) => [person.id, person.displayName]))
  return requests.map((request) => ({
    id: request.id,
    at: request.at,
    caseId: request.caseId,
    code: request.case.client.pseudonymCode,
    version: request.case.version,
    requestedBy: names.get(request.requestedById) ?? null,
  }))
}

async function ormArrivals(teamId: string) {
  const where = { teamId, counsellorId: null, status: { not: 'CLOSED' } }
  const [waiting, transferredIn, requests] = await Promise.all([
    prisma.case.count({ where }),
    prisma.transfer.findMany({
      where: { toTeamId: teamId, status: 'DONE', case: where },
      select: { caseId: true, at: true, completedAt: true, fromTeam: { select: { name: true } }, case: { select: { client: { select: { pseudonymCode: true } } } } },
      orderBy: { at: 'desc' },
      take: 20,
    }),
    prisma.takeoverRequest.count({ where: { status: 'OPEN', case: { teamId } } }),
  ])
  const transfers = new Map<string, { caseId: string; code: string; fromTeam: string; at: Date }>()
  for (const transfer of transferredIn) {
    if (transfers.has(transfer.caseId)) continue
    transfers.set(transfer.caseId, { caseId: transfer.caseId, code: transfer.case.client.pseudonymCode, fromTeam: transfer.fromTeam.name, at: transfer.completedAt ?? transfer.at })
  }
  return { waiting, transfers: [...transfers.values()], requests }
}

async function ormInbox(actor: Parameters<typeof visibleCasesWhere>[0]) {
  const where = { toUserId: actor.id, readAt: null, case: await visibleCasesWhere(actor) }
  const [rows, total] = await Promise.all([
    prisma.assignment.findMany({
      where,
      select: { id: true, at: true, note: true, assignedBy: { select: { displayName: true } }, case: { select: { id: true, client: { select: { pseudonymCode: true } } } } },
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      take: 50,
    }),
    prisma.assignment.count({ where }),
  ])
  return {
    total,
    items: rows.map((row) => ({ id: row.id, at: row.at, note: row.note, assignedBy: row.assignedBy?.displayName ?? null, caseId: row.case.id, caseCode: row.case.client.pseudonymCode })),
  }
}

async function world() {
  const { eae, rostock } = await getTeams()
  const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id, displayName: 'Zora Leitung', languages: 'deu,eng' })
  const substitute = await createUser({ teamId: eae.id, displayName: 'Anna Vertretung', languages: 'ara,deu' })
  const absent = await createUser({ teamId: eae.id, displayName: 'Bert Abwesend' })
  // Two people of the same name: the order is still total.
  const twinA = await createUser({ teamId: eae.id, displayName: 'Chris Gleich' })
  const twinB = await createUser({ teamId: eae.id, displayName: 'Chris Gleich', languages: 'rus' })
  const colleague = await createUser({ teamId: eae.id, displayName: 'Dana Kollegin' })
  const deactivated = await createUser({ teamId: eae.id, displayName: 'Emil Gegangen', active: false })
  const moved = await createUser({ teamId: rostock.id, displayName: 'Frida Gewechselt' })
  const stranger = await createUser({ teamId: rostock.id })
  const strangerLead = await createUser({ role: 'TEAM_LEAD', teamId: rostock.id })
  const admin = await createUser({ role: 'ADMIN', teamId: eae.id })
  const day = today(NOW).date
  const absence = (userId: string, from: number, to: number) =>
    prisma.absence.create({ data: { userId, substituteId: substitute.id, startsOn: new Date(day.getTime() + from * DAY), endsOn: new Date(day.getTime() + to * DAY) } })
  // running today twice (the later end counts), ending today, beginning today, past and future
  await absence(absent.id, -3, 4)
  await absence(absent.id, -1, 9)
  await absence(twinA.id, -5, 0)
  await absence(colleague.id, 0, 2)
  await absence(twinB.id, -9, -1)
  await absence(lead.id, 1, 3)

  const at = (days: number) => new Date(NOW.getTime() - days * DAY)
  const cases = {
    own: await createTestCase({ teamId: eae.id, counsellorId: substitute.id, openedAt: at(40) }),
    absents: await createTestCase({ teamId: eae.id, counsellorId: absent.id, openedAt: at(30) }),
    colleagues: await createTestCase({ teamId: eae.id, counsellorId: colleague.id, openedAt: at(20) }),
    shared: await createTestCase({ teamId: eae.id, counsellorId: colleague.id, sharedForSubstitution: true, openedAt: at(10) }),
    queued: await createTestCase({ teamId: eae.id, openedAt: at(50) }),
    queued2: await createTestCase({ teamId: eae.id, openedAt: at(5) }),
    queuedClosed: await createTestCase({ teamId: eae.id, status: 'CLOSED', openedAt: at(60) }),
    deactivateds: await createTestCase({ teamId: eae.id, counsellorId: deactivated.id, openedAt: at(25) }),
    // the same opening time: the id decides
    deactivateds2: await createTestCase({ teamId: eae.id, counsellorId: deactivated.id, openedAt: at(25) }),
    deactivatedClosed: await createTestCase({ teamId: eae.id, counsellorId: deactivated.id, status: 'CLOSED', openedAt: at(70) }),
    moveds: await createTestCase({ teamId: eae.id, counsellorId: moved.id, openedAt: at(35) }),
    movedsInNewTeam: await createTestCase({ teamId: rostock.id, counsellorId: moved.id, openedAt: at(15) }),
    strangers: await createTestCase({ teamId: rostock.id, counsellorId: stranger.id, openedAt: at(12) }),
    // a counsellor made administrator before decision 203 handed such work over
    administrators: await createTestCase({ teamId: eae.id, counsellorId: admin.id, openedAt: at(27) }),
    rostockQueued: await createTestCase({ teamId: rostock.id, openedAt: at(8) }),
  }

  // takeover requests: open ones of both teams (two at the same instant), decided ones, one by a deleted account
  const request = (caseId: string, requestedById: string, status: string, days: number) =>
    prisma.takeoverRequest.create({ data: { caseId, requestedById, status, at: at(days) } })
  await request(cases.queued.id, colleague.id, 'OPEN', 3)
  await request(cases.queued.id, substitute.id, 'OPEN', 3)
  await request(cases.queued2.id, 'cgoneaccount000000000000', 'OPEN', 2)
  await request(cases.queued2.id, twinA.id, 'DECLINED', 4)
  await request(cases.queued.id, twinB.id, 'SUPERSEDED', 6)
  await request(cases.rostockQueued.id, stranger.id, 'OPEN', 1)

  // transfers into the team: a case moved back and forth (the newest counts), one completed later
  // than requested, one into an assigned case, one into a closed case, one into Rostock, a pending one
  const transfer = (caseId: string, fromTeamId: string, toTeamId: string, status: string, days: number, completedDays?: number) =>
    prisma.transfer.create({ data: { caseId, fromTeamId, toTeamId, reason: 'MOVE', status, at: at(days), completedAt: completedDays === undefined ? null : at(completedDays) } })
  await transfer(cases.queued.id, rostock.id, eae.id, 'DONE', 20)
  await transfer(cases.queued.id, eae.id, rostock.id, 'DONE', 15)
  await transfer(cases.queued.id, rostock.id, eae.id, 'DONE', 9, 7)
  await transfer(cases.queued2.id, rostock.id, eae.id, 'DONE', 4)
  await transfer(cases.own.id, rostock.id, eae.id, 'DONE', 11)
  await transfer(cases.queuedClosed.id, rostock.id, eae.id, 'DONE', 13)
  await transfer(cases.rostockQueued.id, eae.id, rostock.id, 'DONE', 6)
  await transfer(cases.colleagues.id, eae.id, rostock.id, 'REQUESTED', 2)

  // handover requests to the holding team's lead: an open one of each team, a decided one
  const handover = (caseId: string, fromTeamId: string, toTeamId: string, requestedById: string, status: string, days: number) =>
    prisma.handoverRequest.create({ data: { caseId, fromTeamId, toTeamId, requestedById, reason: 'Weiterberatung', status, at: at(days) } })
  await handover(cases.absents.id, eae.id, rostock.id, stranger.id, 'OPEN', 2)
  await handover(cases.colleagues.id, eae.id, rostock.id, strangerLead.id, 'DECLINED', 3)
  await handover(cases.strangers.id, rostock.id, eae.id, colleague.id, 'OPEN', 1)

  // assignments to everyone: read and unread, with and without the assigner, on cases each may or may not see
  let n = 0
  for (const toUser of [lead, substitute, absent, colleague, stranger, strangerLead, admin]) {
    for (const kase of Object.values(cases)) {
      n += 1
      if (n % 3 === 0) continue
      await prisma.assignment.create({
        data: {
          caseId: kase.id,
          toUserId: toUser.id,
          assignedById: n % 4 === 0 ? null : lead.id,
          note: n % 5 === 0 ? 'Bitte übernehmen' : null,
          at: at(n % 7),
          readAt: n % 6 === 0 ? at(0) : null,
        },
      })
    }
  }
  return { eae, rostock, actors: { lead, substitute, absent, colleague, stranger, strangerLead, admin } }
}

describe('/team and the start pages read in one statement what the ORM read in several', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  test('assignable people, orphaned cases, open takeover requests and arrivals equal the ORM for both teams', async () => {
    const { eae, rostock } = await world()
    for (const team of [eae, rostock]) {
      const assignable = await listAssignableUsers(team.id, NOW)
      expect(assignable).toEqual(await ormAssignable(team.id, NOW))
      // /team reads the same people with their workload figures in one statement (session 18).
      expect((await getWorkloadAndAssignable(team.id, 'name', 'asc', NOW)).assignable).toEqual(assignable)
      expect(await listOrphanedCases(team.id)).toEqual(await ormOrphaned(team.id))
      expect(await listOpenTakeoverRequests(team.id)).toEqual(await ormTakeovers(team.id))
      expect(await getArrivals(team.id)).toEqual(await ormArrivals(team.id))
    }
    // the data covers what it should: absences, both kinds of orphaned case, the newest transfer in,
    // an open request by a deleted account
    const people = await listAssignableUsers(eae.id, NOW)
    expect(people.filter((person) => person.absentUntil !== null).map((person) => person.displayName).sort()).toEqual(['Bert Abwesend', 'Chris Gleich', 'Dana Kollegin'])
    expect(people.find((person) => person.displayName === 'Bert Abwesend')!.absentUntil).toEqual(new Date(today(NOW).date.getTime() + 9 * DAY))
    expect((await listOrphanedCases(eae.id)).map((kase) => kase.why)).toEqual(['other-team', 'administrator', 'inactive', 'inactive'])
    const arrivals = await getArrivals(eae.id)
    expect(arrivals).toMatchObject({ waiting: 2, requests: 3 })
    expect(arrivals.transfers.map((transfer) => transfer.at)).toEqual([new Date(NOW.getTime() - 4 * DAY), new Date(NOW.getTime() - 7 * DAY)])
    expect((await listOpenTakeoverRequests(eae.id)).map((request) => request.requestedBy)).toContain(null)
  })

  // Decision 148: every value /team's statements bind is written `+?`, which SQLite's planner does not
  // look at — with a plain `?` compared to an indexed column, SQLite (STAT4) prepares the statement
  // again at every run. The unary plus must change no answer: each statement, caught as the app
  // prepares it, answers the same with plain `?` over a world with rows in every section.
  test('/team\'s statements bind every value out of the planner\'s sight, and answer as with plain values', async () => {
    const { eae, rostock } = await world()
    await prisma.$executeRawUnsafe('ANALYZE') // statistics with samples (STAT4), as a used installation has
    const reads = (teamId: string) =>
      Promise.all([
        getQueue(teamId, NOW),
        getWorkloadAndAssignable(teamId, 'name', 'asc', NOW),
        listPendingTransferRequests(teamId),
        listOpenTakeoverRequests(teamId),
        listOrphanedCases(teamId),
        listOpenHandoverRequests(teamId),
      ])
    const caught = await plansOf(async () => {
      await reads(eae.id)
      await reads(rostock.id)
    }, 'SELECT')
    expect(caught).toHaveLength(12)
    let rows = 0
    for (const { sql, values } of caught) {
      expect(values.length, sql).toBeGreaterThan(0)
      expect(sql, 'a value bound with a plain ?').not.toMatch(/(?<!\+)\?/)
      const answer = await prisma.$queryRawUnsafe<unknown[]>(sql, ...values)
      expect(await prisma.$queryRawUnsafe<unknown[]>(sql.replaceAll('+?', '?'), ...values), sql).toEqual(answer)
      rows += answer.length
    }
    // every section has rows in one team or the other
    const [eaeReads, rostockReads] = [await reads(eae.id), await reads(rostock.id)]
    const count = (value: unknown) => (Array.isArray(value) ? value.length : 'rows' in (value as object) ? (value as { rows: unknown[] }).rows.length : (value as { assignable: unknown[] }).assignable.length)
    for (const [index, read] of eaeReads.entries()) expect(count(read) + count(rostockReads[index]), `read ${index}`).toBeGreaterThan(0)
    expect(rows).toBeGreaterThan(20)
  })

  // Decision 146: the lead's start page reads the arrivals with the team bound as `+?`, and the plans
  // are the ones the planner chose when it saw the team.
  test("the arrivals' statements bind the team out of the planner's sight, answer and plan as with plain values", async () => {
    const { eae } = await world()
    for (const statistics of [false, true]) {
      // with statistics: samples (STAT4), as a used installation has
      if (statistics) await prisma.$executeRawUnsafe('ANALYZE')
      const caught = await plansOf(() => getArrivals(eae.id), 'SELECT')
      expect(caught).toHaveLength(3)
      await expectBoundOutsideThePlanner(caught)
      for (const { sql, values, plan } of caught) expect(await planFor(sql.replaceAll('+?', '?'), values), sql).toBe(plan)
    }
    // the transfers' statement has rows to compare
    expect((await getArrivals(eae.id)).transfers).toHaveLength(2)
  })

  // Session 24: the sending team by the Team key without the statement naming the key's index (SQLite's
  // automatic name depends on the order of the table's constraints), whatever Team's statistics say.
  test("the arrivals' sending team by the Team key, the transfers by the team's index, whatever the statistics", async () => {
    const { eae } = await world()
    const expected = await getArrivals(eae.id)
    expect(expected.transfers.map((transfer) => transfer.fromTeam).filter(Boolean)).toHaveLength(2)
    const teamKey = await primaryKeyIndex('Team')
    for (const stat of [null, '1 1', '3 1', '100000 1']) {
      await setTableStatistics('Team', stat)
      let arrivals: typeof expected | undefined
      const caught = await plansOf(async () => {
        arrivals = await getArrivals(eae.id)
      }, 'AS fromTeam')
      expect(caught).toHaveLength(1)
      const plan = caught[0]!.plan.split(' | ')
      expect(plan[0], String(stat)).toBe('SEARCH t USING INDEX Transfer_toTeamId_status_idx (toTeamId=? AND status=?)')
      expect(plan[1], String(stat)).toMatch(/^SEARCH c USING (COVERING )?INDEX \S+ \(id=\?/)
      expect(plan.slice(2), String(stat)).toEqual(['CORRELATED SCALAR SUBQUERY 1', `SEARCH ft USING INDEX ${teamKey} (id=?)`, 'USE TEMP B-TREE FOR ORDER BY'])
      expect(arrivals).toEqual(expected)
    }
  })

  test('the assignment inbox keeps the need-to-know filter of every role: rows, order and count equal the ORM', async () => {
    // Who substitutes for whom is read for the clock's day. The clock stands one day before NOW's
    // German day: the substitute stands in for Bert (absent from day −3) but not yet for Dana (absent
    // from day 0). Before, the test read the real clock and so held only on the day it was written.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date(NOW.getTime() - DAY) })
    const { actors } = await world()
    let shown = 0
    for (const actor of Object.values(actors)) {
      const inbox = await getUnreadAssignments(actor)
      expect(inbox).toEqual(await ormInbox(actor))
      shown += inbox.items.length
    }
    expect(shown).toBeGreaterThan(10)
    // the substitute sees the absent colleague's case and the shared one, not the colleague's own
    const substitute = await getUnreadAssignments(actors.substitute)
    const codes = await prisma.case.findMany({ where: { id: { in: substitute.items.map((item) => item.caseId) } }, select: { counsellorId: true, sharedForSubstitution: true } })
    expect(codes.some((kase) => kase.counsellorId === actors.absent.id)).toBe(true)
    expect(codes.every((kase) => kase.counsellorId !== actors.colleague.id || kase.sharedForSubstitution)).toBe(true)
    expect((await getUnreadAssignments(actors.admin)).total).toBe(0)
  })

  test('the assignment inbox beyond its 50 rows: the newest 50 shown, all unread visible ones counted', async () => {
    const { eae, rostock } = await getTeams()
    const counsellor = await createUser({ teamId: eae.id })
    const colleague = await createUser({ teamId: eae.id })
    const own = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })
    const colleagues = await createTestCase({ teamId: eae.id, counsellorId: colleague.id })
    const elsewhere = await createTestCase({ teamId: rostock.id })
    // 63 unread on the counsellor's own case (four at the same instant), 7 read, and 12 unread on
    // cases the counsellor cannot see: a bulk reassignment leaves many unread at once
    const assignment = (caseId: string, index: number, read = false) => ({
      caseId,
      toUserId: counsellor.id,
      assignedById: colleague.id,
      at: new Date(NOW.getTime() - Math.max(0, index - 3) * 60_000),
      readAt: read ? NOW : null,
    })
    await prisma.assignment.createMany({
      data: [
        ...Array.from({ length: 63 }, (_, index) => assignment(own.id, index)),
        ...Array.from({ length: 7 }, (_, index) => assignment(own.id, index, true)),
        ...Array.from({ length: 6 }, (_, index) => assignment(colleagues.id, index)),
        ...Array.from({ length: 6 }, (_, index) => assignment(elsewhere.id, index)),
      ],
    })
    const actor = { id: counsellor.id, teamId: eae.id, role: 'COUNSELLOR' as const }
    const inbox = await getUnreadAssignments(actor)
    expect(inbox.total).toBe(63)
    expect(inbox.items).toHaveLength(50)
    expect(inbox.items.every((item) => item.caseId === own.id)).toBe(true)
    expect(inbox).toEqual(await ormInbox(actor))
  })
})
