import { decode, encode } from 'turbo-stream'
import { describe, expect, test } from 'vitest'
import { addDays, officeDay, officeYear } from '#app/domain/follow-up.ts'
import { requireCaseAccess } from '#app/models/case-access.server.ts'
import { unpackQueueRows } from '#app/components/team-rows.ts'
import { ABSENCE_AHEAD_DAYS, getQueueSummary, getWorkload, listAssignableWithOpenCases } from '#app/models/team-lead.server.ts'
import { getQueuePage } from '#app/models/team-queue.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { catalogueId, createTestCase, createUser, getTeams, inRequest, requestAs, settle, statusOf } from '#tests/factories.ts'
import { action as assignAction } from './cases.$caseId.assign.tsx'
import { action as absenceAction } from './team.absences.tsx'
import { action as teamAction, loader as teamLoader } from './team._index.tsx'
import { action as queueAction, loader as queueLoader } from './team.queue.tsx'
import { action as settingsAction } from './team.settings.tsx'

const context = {}
const DAY = 86_400_000

describe('team lead: queue and assignment', () => {
  test('the queue lists unassigned open cases of the own team only, longest waiting first', async () => {
    const { eae, rostock } = await getTeams()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const older = await createTestCase({ teamId: eae.id, openedAt: new Date(Date.now() - 10 * DAY) })
    const newer = await createTestCase({ teamId: eae.id, openedAt: new Date(Date.now() - 2 * DAY) })
    await createTestCase({ teamId: eae.id, status: 'CLOSED' })
    await createTestCase({ teamId: rostock.id })
    const result = (await queueLoader({ request: await requestAs(lead.id, '/team/queue'), params: {}, context })) as Awaited<ReturnType<typeof queueLoader>>
    expect(result.queue.total).toBe(2)
    const rows = unpackQueueRows(result.queue.rows)
    expect(rows.map((row) => row.id)).toEqual([older.id, newer.id])
    expect(rows[0]!.waitingDays).toBe(10)
    // /team's summary of the same queue (decision 225)
    const team = (await teamLoader({ request: await requestAs(lead.id, '/team'), params: {}, context })) as Awaited<ReturnType<typeof teamLoader>>
    expect(team.queue).toEqual({ total: 2, longestWaitDays: 10, transferred: 0 })
  })

  test('a queue row shows what the team lead assigns by: languages, district, and a transfer resets the waiting time', async () => {
    const { eae, rostock } = await getTeams()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const moved = await createTestCase({ teamId: eae.id, openedAt: new Date(Date.now() - 40 * DAY), languages: ['tir', 'arb'], birthYear: 1980 })
    const districtId = (await prisma.catalogueEntry.findFirstOrThrow({ where: { catalogue: 'PLACE' } })).id
    await prisma.client.update({ where: { id: (await prisma.case.findUniqueOrThrow({ where: { id: moved.id } })).clientId }, data: { districtId } })
    // A requested transfer that was completed 3 days ago, and an older one to another team.
    await prisma.transfer.create({ data: { caseId: moved.id, fromTeamId: rostock.id, toTeamId: eae.id, reason: 'MOVE', status: 'DONE', at: new Date(Date.now() - 5 * DAY), completedAt: new Date(Date.now() - 3 * DAY) } })
    await prisma.transfer.create({ data: { caseId: moved.id, fromTeamId: eae.id, toTeamId: rostock.id, reason: 'MOVE', status: 'DONE', at: new Date(Date.now() - 20 * DAY) } })
    const waiting = await createTestCase({ teamId: eae.id, openedAt: new Date(Date.now() - 7 * DAY) })
    const result = (await queueLoader({ request: await requestAs(lead.id, '/team/queue'), params: {}, context })) as Awaited<ReturnType<typeof queueLoader>>
    const rows = unpackQueueRows(result.queue.rows)
    expect(rows.map((row) => row.id)).toEqual([waiting.id, moved.id])
    // /team's summary: the longest wait is the other case's 7 days, the moved case waits since its transfer
    const team = (await teamLoader({ request: await requestAs(lead.id, '/team'), params: {}, context })) as Awaited<ReturnType<typeof teamLoader>>
    expect(team.queue).toEqual({ total: 2, longestWaitDays: 7, transferred: 1 })
    const row = rows[1]!
    expect(row).toMatchObject({ waitingDays: 3, languages: ['arb', 'tir'], age: officeYear(new Date()) - 1980, transferredFrom: rostock.name })
    expect(row.district?.labelDe).toEqual(expect.any(String))
    expect(rows[0]).toMatchObject({ waitingDays: 7, transferredFrom: null, district: null, languages: ['arb'] })
  })

  test('bulk assignment assigns, records history and never double-assigns a case taken meanwhile', async () => {
    const { eae, rostock } = await getTeams()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const anna = await createUser({ teamId: eae.id })
    const bernd = await createUser({ teamId: eae.id })
    const first = await createTestCase({ teamId: eae.id })
    const second = await createTestCase({ teamId: eae.id })
    const taken = await createTestCase({ teamId: eae.id, counsellorId: bernd.id })
    const foreign = await createTestCase({ teamId: rostock.id })
    const request = await requestAs(lead.id, '/team/queue', { form: { intent: 'assign', caseId: [first.id, second.id, taken.id, foreign.id], counsellorId: anna.id, note: 'Arabisch' } })
    const result = (await queueAction({ request, params: {}, context })) as { outcome: { assigned: number; alreadyAssigned: number } }
    expect(result.outcome).toEqual({ assigned: 2, alreadyAssigned: 1 })
    const cases = await prisma.case.findMany({ where: { id: { in: [first.id, second.id, taken.id, foreign.id] } }, select: { id: true, counsellorId: true } })
    expect(Object.fromEntries(cases.map((kase) => [kase.id, kase.counsellorId]))).toEqual({ [first.id]: anna.id, [second.id]: anna.id, [taken.id]: bernd.id, [foreign.id]: null })
    expect(await prisma.assignment.count({ where: { toUserId: anna.id, readAt: null, note: 'Arabisch' } })).toBe(2)
    expect(await prisma.auditEvent.count({ where: { action: 'case.assign', userId: lead.id } })).toBe(2)
  })

  test('assigning to an inactive person or one of another team is refused, nothing saved', async () => {
    const { eae, rostock } = await getTeams()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const inactive = await createUser({ teamId: eae.id, active: false })
    const other = await createUser({ teamId: rostock.id })
    const kase = await createTestCase({ teamId: eae.id })
    for (const counsellorId of [inactive.id, other.id]) {
      const request = await requestAs(lead.id, '/team/queue', { form: { intent: 'assign', caseId: kase.id, counsellorId } })
      expect(statusOf(await settle(queueAction({ request, params: {}, context })))).toBe(400)
    }
    expect(statusOf(await settle(queueAction({ request: await requestAs(lead.id, '/team/queue', { form: { intent: 'assign', counsellorId: lead.id } }), params: {}, context })))).toBe(400)
    expect((await prisma.case.findUniqueOrThrow({ where: { id: kase.id } })).counsellorId).toBeNull()
  })

  test("an assignment posted by an old /team page (before decision 225) is done with /team/queue's checks and answered on /team, never a bare 400 (decision 239)", async () => {
    const { eae, rostock } = await getTeams()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const anna = await createUser({ teamId: eae.id })
    const bernd = await createUser({ teamId: eae.id })
    const inactive = await createUser({ teamId: eae.id, active: false })
    const first = await createTestCase({ teamId: eae.id })
    const second = await createTestCase({ teamId: eae.id })
    const taken = await createTestCase({ teamId: eae.id, counsellorId: bernd.id })
    const foreign = await createTestCase({ teamId: rostock.id })
    const post = async (userId: string, form: Record<string, string | string[]>) =>
      settle(teamAction({ request: await requestAs(userId, '/team', { form }), params: {}, context }))
    type Answer = { data: { outcome: { assigned: number; alreadyAssigned: number } | null; assignRefused: string[] | null } }
    // refused by the form: no case chosen, an inactive assignee, nobody chosen — the reasons, nothing assigned
    const refusals: Array<Record<string, string>> = [
      { intent: 'assign', counsellorId: anna.id },
      { intent: 'assign', caseId: first.id, counsellorId: inactive.id },
      { intent: 'assign', caseId: first.id, counsellorId: '' },
    ]
    const refused = []
    for (const form of refusals) {
      const answer = await post(lead.id, form)
      expect(answer).not.toBeInstanceOf(Response)
      refused.push([statusOf(answer), (answer as unknown as Answer).data.outcome, (answer as unknown as Answer).data.assignRefused])
    }
    expect(refused).toEqual([
      [400, null, ['team:assign.noneSelected']],
      [400, null, ['team:assign.counsellor']],
      [400, null, ['team:assign.counsellor']],
    ])
    expect(await prisma.case.count({ where: { id: { in: [first.id, second.id] }, counsellorId: { not: null } } })).toBe(0)
    // done: the lead's own team's unassigned cases, a case assigned meanwhile reported, another team's left alone
    const done = await post(lead.id, { intent: 'assign', caseId: [first.id, second.id, taken.id, foreign.id], counsellorId: anna.id, note: 'Alte Seite' })
    expect(statusOf(done)).toBe(200)
    expect((done as unknown as Answer).data).toMatchObject({ outcome: { assigned: 2, alreadyAssigned: 1 }, assignRefused: null })
    const cases = await prisma.case.findMany({ where: { id: { in: [first.id, second.id, taken.id, foreign.id] } }, select: { id: true, counsellorId: true } })
    expect(Object.fromEntries(cases.map((kase) => [kase.id, kase.counsellorId]))).toEqual({ [first.id]: anna.id, [second.id]: anna.id, [taken.id]: bernd.id, [foreign.id]: null })
    expect(await prisma.assignment.count({ where: { toUserId: anna.id, note: 'Alte Seite' } })).toBe(2)
    expect(await prisma.auditEvent.count({ where: { action: 'case.assign', userId: lead.id, caseId: { in: [first.id, second.id] } } })).toBe(2)
    // a counsellor may not (403, as /team/queue); an unknown intent stays a bad request
    expect(statusOf(await post(anna.id, { intent: 'assign', caseId: second.id, counsellorId: anna.id }))).toBe(403)
    expect(statusOf(await post(lead.id, { intent: '', caseId: second.id, counsellorId: anna.id }))).toBe(400)
    expect(await post(lead.id, { intent: '', caseId: second.id, counsellorId: anna.id })).toBeInstanceOf(Response)
  })

  test("/team's summary of the queue against an independent count: none, one, ties, a transfer in, a closed and another team's case", async () => {
    const { eae, rostock } = await getTeams()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const anna = await createUser({ teamId: eae.id })
    const summary = async () =>
      ((await teamLoader({ request: await requestAs(lead.id, '/team'), params: {}, context })) as Awaited<ReturnType<typeof teamLoader>>).queue
    // The same figures from /team/queue's rows: every queued case once, its wait and its sending team.
    const independent = async () => {
      const { rows, total } = await getQueuePage({ id: lead.id, teamId: eae.id }, 1)
      return {
        total,
        longestWaitDays: rows.length ? Math.max(...rows.map((row) => row.waitingDays)) : null,
        transferred: rows.filter((row) => row.transferredFrom !== null).length,
      }
    }
    // none: an assigned case, a closed one and another team's do not wait
    await createTestCase({ teamId: eae.id, counsellorId: anna.id, openedAt: new Date(Date.now() - 30 * DAY) })
    await createTestCase({ teamId: eae.id, status: 'CLOSED', openedAt: new Date(Date.now() - 60 * DAY) })
    await createTestCase({ teamId: rostock.id, openedAt: new Date(Date.now() - 90 * DAY) })
    expect(await summary()).toEqual({ total: 0, longestWaitDays: null, transferred: 0 })
    expect(await independent()).toEqual({ total: 0, longestWaitDays: null, transferred: 0 })
    // one, opened today
    await createTestCase({ teamId: eae.id })
    expect(await summary()).toEqual({ total: 1, longestWaitDays: 0, transferred: 0 })
    // a tie of the longest wait, and a case moved in from Rostock 2 days ago (opened 50 days ago)
    await createTestCase({ teamId: eae.id, openedAt: new Date(Date.now() - 12 * DAY) })
    await createTestCase({ teamId: eae.id, openedAt: new Date(Date.now() - 12 * DAY) })
    const moved = await createTestCase({ teamId: eae.id, openedAt: new Date(Date.now() - 50 * DAY) })
    await prisma.transfer.create({ data: { caseId: moved.id, fromTeamId: rostock.id, toTeamId: eae.id, reason: 'MOVE', status: 'DONE', at: new Date(Date.now() - 3 * DAY), completedAt: new Date(Date.now() - 2 * DAY) } })
    const expected = { total: 4, longestWaitDays: 12, transferred: 1 }
    expect(await summary()).toEqual(expected)
    expect(await independent()).toEqual(expected)
    expect(await getQueueSummary(eae.id)).toEqual(expected)
    // re-dated after its transfer: a case moved in from Rostock 20 days ago whose opening is then corrected to 5 days
    // ago — its wait counts from the opening (the later of the two), and it came by transfer all the same: the row
    // names the sending team, and the summary counts it (docs/architecture.md, "came by transfer", decision 240)
    const redated = await createTestCase({ teamId: eae.id, openedAt: new Date(Date.now() - 40 * DAY) })
    await prisma.transfer.create({ data: { caseId: redated.id, fromTeamId: rostock.id, toTeamId: eae.id, reason: 'MOVE', status: 'DONE', at: new Date(Date.now() - 20 * DAY), completedAt: new Date(Date.now() - 20 * DAY) } })
    await prisma.case.update({ where: { id: redated.id }, data: { openedAt: new Date(Date.now() - 5 * DAY) } })
    // and one moved in at the instant of its opening (its wait began with both)
    const atOpening = new Date(Date.now() - 7 * DAY)
    const together = await createTestCase({ teamId: eae.id, openedAt: atOpening })
    await prisma.transfer.create({ data: { caseId: together.id, fromTeamId: rostock.id, toTeamId: eae.id, reason: 'MOVE', status: 'DONE', at: atOpening, completedAt: atOpening } })
    // a transfer out of the team requested but not completed: the case waits here and did not come by transfer
    const pending = await createTestCase({ teamId: eae.id, openedAt: new Date(Date.now() - 6 * DAY) })
    await prisma.transfer.create({ data: { caseId: pending.id, fromTeamId: eae.id, toTeamId: rostock.id, reason: 'MOVE', status: 'REQUESTED', at: new Date(Date.now() - 1 * DAY) } })
    const awkward = { total: 7, longestWaitDays: 12, transferred: 3 }
    expect(await independent()).toEqual(awkward)
    expect(await summary()).toEqual(awkward)
    const rows = (await getQueuePage({ id: lead.id, teamId: eae.id }, 1)).rows
    expect(rows.filter((row) => [moved.id, redated.id, together.id].includes(row.id)).map((row) => [row.id, row.transferredFrom])).toEqual(
      expect.arrayContaining([moved.id, redated.id, together.id].map((id) => [id, rostock.name])),
    )
    expect(rows.find((row) => row.id === redated.id)!.waitingDays).toBe(5)
    // queued cases are closed: they wait no more
    for (const kase of [moved, redated, together, pending]) await prisma.case.update({ where: { id: kase.id }, data: { status: 'CLOSED' } })
    expect(await summary()).toEqual({ total: 3, longestWaitDays: 12, transferred: 0 })
    expect(await independent()).toEqual({ total: 3, longestWaitDays: 12, transferred: 0 })
  })

  test('counsellors and administrators cannot open the team page', async () => {
    const counsellor = await createUser()
    const admin = await createUser({ role: 'ADMIN' })
    for (const user of [counsellor, admin]) {
      expect(statusOf(await settle(teamLoader({ request: await requestAs(user.id, '/team'), params: {}, context })))).toBe(403)
    }
  })

  test('reassignment on the case page checks the version', async () => {
    const { eae } = await getTeams()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const anna = await createUser({ teamId: eae.id })
    const kase = await createTestCase({ teamId: eae.id })
    const stale = await requestAs(lead.id, `/cases/${kase.id}/assign`, { form: { counsellorId: anna.id, version: String(kase.version + 5) } })
    expect(statusOf(await settle(assignAction({ request: stale, params: { caseId: kase.id }, context })))).toBe(409)
    const fresh = await requestAs(lead.id, `/cases/${kase.id}/assign`, { form: { counsellorId: anna.id, version: String(kase.version) } })
    const saved = await settle(assignAction({ request: fresh, params: { caseId: kase.id }, context }))
    expect(saved instanceof Response ? [saved.status, saved.headers.get('Location')] : saved).toEqual([302, `/cases/${kase.id}/assign?done=saved`])
    expect((await prisma.case.findUniqueOrThrow({ where: { id: kase.id } })).counsellorId).toBe(anna.id)
  })
})

test('a document leaves the workload\'s rows to the markup; a `.data` answer carries them (decision 113)', async () => {
  const { eae } = await getTeams()
  const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
  await createUser({ teamId: eae.id, displayName: `Zoë O'Neill & <Partner>` })
  await createTestCase({ teamId: eae.id, openedAt: new Date(Date.now() - 4 * DAY), languages: ['kmr'] })
  const load = async (dataRequest: boolean) => {
    const { result } = await inRequest(async () => (await teamLoader({ request: await requestAs(lead.id, '/team'), params: {}, context })) as Awaited<ReturnType<typeof teamLoader>>, { dataRequest })
    // As Remix sends loader data to the browser (turbo-stream), and as the browser reads it.
    return { result, sent: (await decode(encode(result))).value as typeof result }
  }
  const data = await load(true)
  const document = await load(false)
  // The server's render reads the same values from both.
  expect(document.result.workload.rows).toEqual(data.result.workload.rows)
  expect(data.result.workload.rows.length).toBeGreaterThan(1)
  expect(data.sent).toEqual(data.result)
  // (toEqual passes over keys that are not enumerable: the rows themselves, as the browser gets them)
  expect(data.sent.workload.rows).toEqual(data.result.workload.rows)
  // A document's hydration data: everything but the rows.
  const { workload, ...rest } = data.result
  expect(document.sent).toEqual({ ...rest, workload: { total: workload.total } })
  expect(document.sent.queue).toEqual({ total: 1, longestWaitDays: 4, transferred: 0 })
})

test('/team/queue: a document leaves the rows and the assignable people to the markup; a `.data` answer carries them (decision 226)', async () => {
  const { eae } = await getTeams()
  const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
  await createUser({ teamId: eae.id, displayName: `Zoë O'Neill & <Partner>` })
  await createTestCase({ teamId: eae.id, openedAt: new Date(Date.now() - 4 * DAY), languages: ['kmr'] })
  const load = async (dataRequest: boolean) => {
    const { result } = await inRequest(async () => (await queueLoader({ request: await requestAs(lead.id, '/team/queue'), params: {}, context })) as Awaited<ReturnType<typeof queueLoader>>, { dataRequest })
    return { result, sent: (await decode(encode(result))).value as typeof result }
  }
  const data = await load(true)
  const document = await load(false)
  // The server's render reads the same values from both.
  expect(document.result.queue.rows).toEqual(data.result.queue.rows)
  expect(document.result.assignable).toEqual(data.result.assignable)
  expect(data.result.queue.rows).toHaveLength(1)
  expect(data.result.assignable.length).toBeGreaterThan(1)
  expect(data.sent).toEqual(data.result)
  expect([data.sent.queue.rows, data.sent.assignable]).toEqual([data.result.queue.rows, data.result.assignable])
  // A document's hydration data: everything but the two.
  const { queue: { rows: _rows, ...queue }, assignable: _assignable, ...rest } = data.result
  expect(document.sent).toEqual({ ...rest, queue })
  expect(queue).toMatchObject({ total: 1, shown: 1, page: 1, pages: 1, first: 1 })
})

test("/team/queue's assignee select: each person's open cases as /team's workload counts them, absences marked (decision 225)", async () => {
  const { eae, rostock } = await getTeams()
  const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
  const busy = await createUser({ teamId: eae.id, displayName: 'Anna Beispiel' })
  const idle = await createUser({ teamId: eae.id, displayName: 'Bernd Ohnefall' })
  const away = await createUser({ teamId: eae.id, displayName: 'Clara Fort' })
  // a queued case of its own: the select is offered only while the queue has a case
  await createTestCase({ teamId: eae.id })
  for (const status of ['OPEN', 'ACTIVE', 'ACTIVE', 'PAUSED', 'CLOSED']) await createTestCase({ teamId: eae.id, counsellorId: busy.id, status })
  await createTestCase({ teamId: eae.id, counsellorId: away.id })
  // a case of another team still held by a person of this one (kept counts by team): not this team's load
  await createTestCase({ teamId: rostock.id, counsellorId: busy.id })
  const startsOn = new Date(`${officeDay(new Date(Date.now() - 2 * DAY))}T00:00:00.000Z`)
  const endsOn = new Date(`${officeDay(new Date(Date.now() + 5 * DAY))}T00:00:00.000Z`)
  await prisma.absence.create({ data: { userId: away.id, substituteId: idle.id, startsOn, endsOn, createdById: lead.id } })
  await createTestCase({ teamId: eae.id })
  const people = await listAssignableWithOpenCases(eae.id)
  const workload = await getWorkload(eae.id, 'name', 'asc')
  // the same people in the same order, each with the workload's open cases (an independent count: the ORM's)
  expect(people.map((person) => person.id)).toEqual(workload.rows.map((row) => row.id))
  for (const person of people) {
    const counted = await prisma.case.count({ where: { counsellorId: person.id, teamId: eae.id, status: { not: 'CLOSED' } } })
    expect([person.displayName, person.openCases]).toEqual([person.displayName, counted])
    expect(person.openCases).toBe(workload.rows.find((row) => row.id === person.id)!.openCases)
  }
  expect(people.find((person) => person.id === busy.id)!.openCases).toBe(4)
  expect(people.find((person) => person.id === idle.id)!.openCases).toBe(0)
  const result = (await queueLoader({ request: await requestAs(lead.id, '/team/queue'), params: {}, context })) as Awaited<ReturnType<typeof queueLoader>>
  expect(result.assignable.find((person) => person.id === away.id)).toMatchObject({ openCases: 1, absentUntil: endsOn.toISOString() })
  expect(result.assignable.find((person) => person.id === idle.id)).toMatchObject({ openCases: 0, absentUntil: null, absentFrom: null })
})

test("/team/queue's assignee select names an absence that begins within two weeks, and one running today by its end", async () => {
  const { eae } = await getTeams()
  const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
  const stand = await createUser({ teamId: eae.id, displayName: 'Vertretung' })
  // a queued case of its own: the select is offered only while the queue has a case
  await createTestCase({ teamId: eae.id })
  // office calendar days from today, stored as the absence form stores them (midnight UTC of the day)
  const day = (offset: number) => new Date(`${addDays(officeDay(new Date()), offset)}T00:00:00.000Z`)
  const cases: Array<[name: string, absences: Array<[from: number, to: number]>, from: number | null, until: number | null]> = [
    ['tomorrow', [[1, 3]], 1, null],
    ['in two weeks', [[14, 20]], 14, null],
    ['in fifteen days', [[15, 20]], null, null],
    ['the nearer of two', [[9, 10], [2, 4]], 2, null],
    ['running today and again soon', [[-1, 0], [3, 5]], 3, 0],
    ['ended yesterday', [[-5, -1]], null, null],
    ['starting today', [[0, 2]], null, 2],
  ]
  const ids = new Map<string, string>()
  for (const [name, absences] of cases) {
    const person = await createUser({ teamId: eae.id, displayName: name })
    ids.set(name, person.id)
    for (const [from, to] of absences)
      await prisma.absence.create({ data: { userId: person.id, substituteId: stand.id, startsOn: day(from), endsOn: day(to), createdById: lead.id } })
  }
  const people = await listAssignableWithOpenCases(eae.id)
  const result = (await queueLoader({ request: await requestAs(lead.id, '/team/queue'), params: {}, context })) as Awaited<ReturnType<typeof queueLoader>>
  for (const [name, , from, until] of cases) {
    const expected = { absentFrom: from === null ? null : day(from).toISOString(), absentUntil: until === null ? null : day(until).toISOString() }
    const person = people.find((row) => row.id === ids.get(name))!
    expect([name, person.absentFrom?.toISOString() ?? null, person.absentUntil?.toISOString() ?? null]).toEqual([name, expected.absentFrom, expected.absentUntil])
    expect([name, result.assignable.find((row) => row.id === ids.get(name))]).toMatchObject([name, expected])
  }
  expect(ABSENCE_AHEAD_DAYS).toBe(14)
})

describe('workload figures from the database', () => {
  test('counts open cases, active CM cases, recent contacts and hours, overdue follow-ups, open referrals', async () => {
    const { eae } = await getTeams()
    const anna = await createUser({ teamId: eae.id, displayName: 'Anna' })
    const now = new Date()
    const a1 = await createTestCase({ teamId: eae.id, counsellorId: anna.id, status: 'ACTIVE', kind: 'CASE_MANAGEMENT' })
    await createTestCase({ teamId: eae.id, counsellorId: anna.id, status: 'OPEN', kind: 'SHORT' })
    await createTestCase({ teamId: eae.id, counsellorId: anna.id, status: 'CLOSED' })
    const topic = await catalogueId('TOPIC', 'HOUSING')
    // two contacts within 30 days (45 + 30 min), one older (not counted)
    for (const [daysAgo, minutes] of [
      [1, 45],
      [10, 30],
      [40, 60],
    ] as const) {
      await prisma.contact.create({
        data: { caseId: a1.id, authorId: anna.id, date: new Date(now.getTime() - daysAgo * DAY), durationMinutes: minutes, mode: 'OFFICE', setting: 'INDIVIDUAL', topics: { create: { topicId: topic } } },
      })
    }
    await prisma.followUp.create({ data: { caseId: a1.id, assigneeId: anna.id, source: 'MANUAL', dueDate: new Date(now.getTime() - 3 * DAY) } })
    await prisma.followUp.create({ data: { caseId: a1.id, assigneeId: anna.id, source: 'MANUAL', dueDate: new Date(now.getTime() + 3 * DAY) } })
    await prisma.referral.create({ data: { caseId: a1.id, kind: 'HOUSING', urgency: 'REGULAR', status: 'REGISTERED', sentAt: now } })
    await prisma.referral.create({ data: { caseId: a1.id, kind: 'HOUSING', urgency: 'REGULAR', status: 'COMPLETED', sentAt: now } })

    const { rows } = await getWorkload(eae.id, 'name', 'asc', now)
    expect(rows.find((row) => row.id === anna.id)).toMatchObject({
      openCases: 2, // ACTIVE + OPEN, not the closed one
      activeCaseManagement: 1,
      contacts30d: 2,
      minutes30d: 75,
      hours30d: 1.3, // 75 min = 1.25 h → 1.3
      overdueFollowUps: 1,
      openReferrals: 1,
    })
  })

  test('open cases per counsellor: every status but CLOSED, against a count by the ORM', async () => {
    const { eae, rostock } = await getTeams()
    const people = [await createUser({ teamId: eae.id }), await createUser({ teamId: eae.id }), await createUser({ teamId: eae.id })]
    const statuses = ['OPEN', 'ACTIVE', 'PAUSED', 'CLOSED'] as const
    // A fixed spread of statuses; the third person has only closed cases (0 open).
    for (let i = 0; i < 22; i++) {
      const person = i % 11 === 10 ? people[2]! : people[i % 2]!
      await createTestCase({ teamId: eae.id, counsellorId: person.id, status: person === people[2] ? 'CLOSED' : statuses[(i * 7) % 4] })
    }
    await createTestCase({ teamId: rostock.id, counsellorId: people[0]!.id, status: 'ACTIVE' }) // another team's case: not counted
    const { rows } = await getWorkload(eae.id, 'name', 'asc')
    for (const person of people) {
      const expected = await prisma.case.count({ where: { teamId: eae.id, counsellorId: person.id, status: { not: 'CLOSED' } } })
      expect(rows.find((row) => row.id === person.id)?.openCases, person.displayName).toBe(expected)
    }
    expect(rows.find((row) => row.id === people[2]!.id)?.openCases).toBe(0)
  })

  // Session 25: the open and active case-management cases come from one sub-select, as do the contacts
  // and their minutes (one text of both sums): each figure still counted on its own, also when one of
  // the pair has nothing to count.
  test('each figure of a pair read together stands on its own: open without active CM, only closed, contacts without minutes, nothing', async () => {
    const { eae } = await getTeams()
    const now = new Date()
    const [openOnly, closedOnly, zeroMinutes, nothing] = [
      await createUser({ teamId: eae.id, displayName: 'Pair A' }),
      await createUser({ teamId: eae.id, displayName: 'Pair B' }),
      await createUser({ teamId: eae.id, displayName: 'Pair C' }),
      await createUser({ teamId: eae.id, displayName: 'Pair D' }),
    ]
    await createTestCase({ teamId: eae.id, counsellorId: openOnly.id, status: 'OPEN', kind: 'CASE_MANAGEMENT' })
    await createTestCase({ teamId: eae.id, counsellorId: openOnly.id, status: 'ACTIVE', kind: 'SHORT' })
    const closed = await createTestCase({ teamId: eae.id, counsellorId: closedOnly.id, status: 'CLOSED', kind: 'CASE_MANAGEMENT' })
    const topic = await catalogueId('TOPIC', 'HOUSING')
    await prisma.contact.create({
      data: { caseId: closed.id, authorId: zeroMinutes.id, date: new Date(now.getTime() - DAY), durationMinutes: 0, mode: 'OFFICE', setting: 'INDIVIDUAL', topics: { create: { topicId: topic } } },
    })
    const { rows } = await getWorkload(eae.id, 'name', 'asc', now)
    const figures = (id: string) => {
      const row = rows.find((candidate) => candidate.id === id)!
      return [row.openCases, row.activeCaseManagement, row.contacts30d, row.minutes30d, row.hours30d]
    }
    // independent counts by the ORM
    for (const person of [openOnly, closedOnly, zeroMinutes, nothing]) {
      const open = await prisma.case.count({ where: { teamId: eae.id, counsellorId: person.id, status: { not: 'CLOSED' } } })
      const activeCm = await prisma.case.count({ where: { teamId: eae.id, counsellorId: person.id, status: 'ACTIVE', kind: 'CASE_MANAGEMENT' } })
      const contacts = await prisma.contact.aggregate({ where: { authorId: person.id, date: { gte: new Date(now.getTime() - 20 * DAY) } }, _count: true, _sum: { durationMinutes: true } })
      expect(figures(person.id).slice(0, 4), person.displayName).toEqual([open, activeCm, contacts._count, contacts._sum.durationMinutes ?? 0])
    }
    expect(figures(openOnly.id)).toEqual([2, 0, 0, 0, 0])
    expect(figures(closedOnly.id)).toEqual([0, 0, 0, 0, 0])
    expect(figures(zeroMinutes.id)).toEqual([0, 0, 1, 0, 0])
    expect(figures(nothing.id)).toEqual([0, 0, 0, 0, 0])
  })
})

describe('absences and substitution', () => {
  test('a substitute can open the absent counsellor’s case during the absence and not after it ends', async () => {
    const { eae } = await getTeams()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const absent = await createUser({ teamId: eae.id })
    const substitute = await createUser({ teamId: eae.id })
    const kase = await createTestCase({ teamId: eae.id, counsellorId: absent.id })
    await expect(requireCaseAccess(substitute, kase.id, 'read')).rejects.toMatchObject({ status: 404 })

    const today = officeDay(new Date())
    const create = await requestAs(lead.id, '/team/absences', { form: { intent: 'create', userId: absent.id, substituteId: substitute.id, startsOn: today, endsOn: today } })
    await absenceAction({ request: create, params: {}, context })
    const access = await requireCaseAccess(substitute, kase.id, 'write')
    expect(access.relation).toBe('substitute')

    const absence = await prisma.absence.findFirstOrThrow({ where: { userId: absent.id } })
    await absenceAction({ request: await requestAs(lead.id, '/team/absences', { form: { intent: 'end', absenceId: absence.id } }), params: {}, context })
    await expect(requireCaseAccess(substitute, kase.id, 'read')).rejects.toMatchObject({ status: 404 })
  })

  test('bad absences are refused: end before start, substitute = absent person, other team, counsellor for someone else', async () => {
    const { eae, rostock } = await getTeams()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const counsellor = await createUser({ teamId: eae.id })
    const colleague = await createUser({ teamId: eae.id })
    const foreign = await createUser({ teamId: rostock.id })
    const attempts: Array<[string, Record<string, string>]> = [
      [lead.id, { userId: counsellor.id, substituteId: colleague.id, startsOn: '2026-12-10', endsOn: '2026-12-01' }],
      [lead.id, { userId: counsellor.id, substituteId: counsellor.id, startsOn: '2026-12-01', endsOn: '2026-12-10' }],
      [lead.id, { userId: counsellor.id, substituteId: foreign.id, startsOn: '2026-12-01', endsOn: '2026-12-10' }],
      [counsellor.id, { userId: colleague.id, substituteId: counsellor.id, startsOn: '2026-12-01', endsOn: '2026-12-10' }],
      [lead.id, { userId: counsellor.id, substituteId: colleague.id, startsOn: 'tomorrow', endsOn: '2026-12-10' }],
    ]
    for (const [actor, form] of attempts) {
      const request = await requestAs(actor, '/team/absences', { form: { intent: 'create', ...form } })
      expect(statusOf(await settle(absenceAction({ request, params: {}, context })))).toBe(400)
    }
    expect(await prisma.absence.count()).toBe(0)
  })
})

describe('team settings', () => {
  test('a team lead sets the referral threshold and the shared default; out-of-range refused', async () => {
    const { greifswald } = await getTeams()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: greifswald.id })
    const bad = await requestAs(lead.id, '/team/settings', { form: { referralWaitThresholdDays: '0' } })
    expect(statusOf(await settle(settingsAction({ request: bad, params: {}, context })))).toBe(400)
    const good = await requestAs(lead.id, '/team/settings', { form: { referralWaitThresholdDays: '21', defaultSharedForSubstitution: 'on' } })
    const saved = await settle(settingsAction({ request: good, params: {}, context }))
    // a redirect to the page with its success message, so that a reload does not post again
    expect(saved instanceof Response ? [saved.status, saved.headers.get('Location')] : saved).toEqual([302, '/team/settings?done=saved'])
    expect(await prisma.team.findUniqueOrThrow({ where: { id: greifswald.id }, select: { referralWaitThresholdDays: true, defaultSharedForSubstitution: true } })).toEqual({
      referralWaitThresholdDays: 21,
      defaultSharedForSubstitution: true,
    })
    // who turned sharing on, and when, stays traceable: the audit names each change (team settings, no personal data)
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: 'team.settings', entityId: greifswald.id }, select: { userId: true, details: true } })
    expect(event.userId).toBe(lead.id)
    expect(JSON.parse(event.details!)).toEqual({ referralWaitThresholdDays: { from: 28, to: 21 }, defaultSharedForSubstitution: { from: false, to: true } })
  })

  test('sharing for substitution is off for every team until its lead turns it on', async () => {
    const teams = await prisma.team.findMany({ select: { name: true, kind: true, defaultSharedForSubstitution: true } })
    expect(teams.length).toBeGreaterThanOrEqual(3)
    expect(teams.filter((team) => team.defaultSharedForSubstitution)).toEqual([])
  })
})

describe('follow-ups follow the case', () => {
  test('open follow-ups move to the newly assigned counsellor; done ones stay', async () => {
    const { eae } = await getTeams()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const before = await createUser({ teamId: eae.id })
    const after = await createUser({ teamId: eae.id })
    const kase = await createTestCase({ teamId: eae.id, counsellorId: before.id })
    const open = await prisma.followUp.create({ data: { caseId: kase.id, assigneeId: before.id, source: 'MANUAL', dueDate: new Date() } })
    const done = await prisma.followUp.create({ data: { caseId: kase.id, assigneeId: before.id, source: 'MANUAL', dueDate: new Date(), doneAt: new Date() } })
    const request = await requestAs(lead.id, `/cases/${kase.id}/assign`, { form: { counsellorId: after.id, version: String(kase.version) } })
    expect(statusOf(await settle(assignAction({ request, params: { caseId: kase.id }, context })))).toBe(302)
    expect((await prisma.followUp.findUniqueOrThrow({ where: { id: open.id } })).assigneeId).toBe(after.id)
    expect((await prisma.followUp.findUniqueOrThrow({ where: { id: done.id } })).assigneeId).toBe(before.id)
  })
})
