// The team lead's whole queue (/team/queue, decision 222): every queued case of the lead's team, 50 a page, in the
// order of /team's queue (its first page is /team's 50, read by /team's own statement), each exactly once over the
// pages, with /team's assignment: the lead's team only, an assignee active in the team, a case assigned meanwhile
// reported and not assigned twice, every assignment audited.
import { describe, expect, test } from 'vitest'
import { unpackQueueRows } from '#app/components/team-rows.ts'
import { getQueue } from '#app/models/team-lead.server.ts'
import { queuePageByKeys, TEAM_QUEUE_PAGE_SIZE } from '#app/models/team-queue.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams, requestAs, settle, statusOf } from '#tests/factories.ts'
import { officeDaysAgo } from '#tests/office-days.ts'
import { action, loader } from './team.queue.tsx'

let teamCounter = 0

/**
 * A team of its own with a lead, a counsellor, 123 queued cases — waits of 0 to 40 office days, many on the same day
 * (ties keep the order of opening), seven arrived by transfer (their wait began later than their opening) — and a
 * case with a counsellor and a closed one, which do not wait.
 */
async function arrange() {
  teamCounter += 1
  const { eae, rostock } = await getTeams()
  const team = await prisma.team.create({
    data: { name: `Beratungsstelle Queue ${teamCounter}-${Date.now()}`, kind: 'REGIONAL' },
    select: { id: true },
  })
  const lead = await createUser({ role: 'TEAM_LEAD', teamId: team.id })
  const anna = await createUser({ teamId: team.id, displayName: 'Anna Queue' })
  const outsider = await createUser({ teamId: rostock.id })
  const sender = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
  for (let index = 0; index < 116; index++)
    await createTestCase({ teamId: team.id, openedAt: officeDaysAgo(index % 41) })
  for (let index = 0; index < 7; index++) {
    const moved = await createTestCase({ teamId: eae.id, openedAt: officeDaysAgo(60 + index) })
    await prisma.case.update({ where: { id: moved.id }, data: { teamId: team.id } })
    await prisma.transfer.create({
      data: {
        caseId: moved.id,
        fromTeamId: eae.id,
        toTeamId: team.id,
        requestedById: sender.id,
        reason: 'MOVE',
        status: 'DONE',
        at: officeDaysAgo(index * 6),
        completedAt: officeDaysAgo(index * 6),
      },
    })
  }
  await createTestCase({ teamId: team.id, counsellorId: anna.id })
  await createTestCase({ teamId: team.id, status: 'CLOSED' })
  const foreign = await createTestCase({ teamId: rostock.id })
  return { team, lead, anna, outsider, foreign }
}

type Loaded = Exclude<Awaited<ReturnType<typeof loader>>, Response>

/** The page's loader data, its packed rows unpacked as the page does (decision 226). */
async function load(userId: string, page?: number) {
  const request = await requestAs(userId, page ? `/team/queue?page=${page}` : '/team/queue')
  const data = (await loader({ request, params: {}, context: {} })) as Loaded
  return { ...data, queue: { ...data.queue, rows: unpackQueueRows(data.queue.rows) } }
}

type PageData = Awaited<ReturnType<typeof load>>

async function assign(userId: string, caseIds: string[], counsellorId: string, page = 1) {
  const request = await requestAs(userId, `/team/queue?page=${page}`, {
    form: { intent: 'assign', caseId: caseIds, counsellorId, note: '' },
  })
  return settle(action({ request, params: {}, context: {} }))
}

describe('/team/queue: the team lead pages through the whole queue', () => {
  test("every queued case once, 50 a page, in /team's order; the first page is /team's queue", async () => {
    const { team, lead } = await arrange()
    const queued = await prisma.case.findMany({
      where: { teamId: team.id, counsellorId: null, status: { not: 'CLOSED' } },
      select: { id: true, openedAt: true },
    })
    expect(queued).toHaveLength(123)
    const pages: PageData[] = []
    for (let page = 1; page <= 3; page++) pages.push(await load(lead.id, page))
    expect(
      pages.map((page) => [
        page.queue.page,
        page.queue.pages,
        page.queue.total,
        page.queue.first,
        page.queue.rows.length,
      ]),
    ).toEqual([
      [1, 3, 123, 1, 50],
      [2, 3, 123, 51, 50],
      [3, 3, 123, 101, 23],
    ])
    const rows = pages.flatMap((page) => page.queue.rows)
    // each queued case exactly once, nothing else
    expect(rows.map((row) => row.id).sort()).toEqual(queued.map((row) => row.id).sort())
    // /team's queue, read by /team's own statement, is the first page
    const teamQueue = await getQueue(team.id)
    expect(pages[0]!.queue.rows.map((row) => row.id)).toEqual(teamQueue.rows.map((row) => row.id))
    expect(pages[0]!.queue.rows).toEqual(teamQueue.rows)
    // page 1 is read by that statement (decision 226); read by the keys as the later pages are, it is the same
    const byKeys = await queuePageByKeys(team.id, 1)
    expect(byKeys.rows).toEqual(teamQueue.rows)
    expect([byKeys.total, byKeys.page, byKeys.pages, byKeys.first]).toEqual([123, 1, 3, 1])
    // longest wait first over all pages; equal waits in the order of opening
    const openedAt = new Map(queued.map((row) => [row.id, row.openedAt.getTime()]))
    for (let index = 1; index < rows.length; index++) {
      const [before, after] = [rows[index - 1]!, rows[index]!]
      expect(before.waitingDays).toBeGreaterThanOrEqual(after.waitingDays)
      if (before.waitingDays === after.waitingDays)
        expect(openedAt.get(before.id)!).toBeLessThanOrEqual(openedAt.get(after.id)!)
    }
    // the transferred-in cases wait from their transfer, among the others by that wait, with their sending team
    expect(rows.filter((row) => row.transferredFrom !== null)).toHaveLength(7)
    expect(rows.find((row) => row.transferredFrom !== null && row.waitingDays === 0)).toBeDefined()
    // a page beyond the last is the last; nonsense is the first
    expect((await load(lead.id, 9)).queue.page).toBe(3)
    expect((await load(lead.id, Number.NaN)).queue.page).toBe(1)
    expect(TEAM_QUEUE_PAGE_SIZE).toBe(50)
    // audited as one read of the queue per page
    expect(
      await prisma.auditEvent.count({
        where: { userId: lead.id, action: 'team.queue.read', entityId: team.id },
      }),
    ).toBe(5)
  })

  test("the assignment from page 2: the lead's team and people only, a case assigned meanwhile reported, audited", async () => {
    const { team, lead, anna, outsider, foreign } = await arrange()
    const second = await load(lead.id, 2)
    const [first, taken, third] = second.queue.rows.map((row) => row.id) as [string, string, string]
    expect(second.assignable.map((person) => person.id)).toContain(anna.id)
    // someone else assigns one of them meanwhile (another lead, on /team)
    await prisma.case.update({ where: { id: taken }, data: { counsellorId: lead.id } })
    const result = await assign(lead.id, [first, taken, third, foreign.id], anna.id, 2)
    expect(statusOf(result)).toBe(200)
    expect((result as { outcome: unknown }).outcome).toEqual({ assigned: 2, alreadyAssigned: 1 })
    const after = await prisma.case.findMany({
      where: { id: { in: [first, taken, third, foreign.id] } },
      select: { id: true, counsellorId: true },
    })
    expect(Object.fromEntries(after.map((row) => [row.id, row.counsellorId]))).toEqual({
      [first]: anna.id,
      [taken]: lead.id,
      [third]: anna.id,
      [foreign.id]: null,
    })
    expect(
      await prisma.assignment.count({
        where: { caseId: { in: [first, third] }, toUserId: anna.id, assignedById: lead.id },
      }),
    ).toBe(2)
    expect(
      await prisma.auditEvent.count({
        where: { action: 'case.assign', userId: lead.id, caseId: { in: [first, taken, third, foreign.id] } },
      }),
    ).toBe(2)
    // the queue is three shorter (the two assigned here, the one assigned meanwhile), its caption's total too
    expect((await load(lead.id, 2)).queue.total).toBe(120)

    // an assignee of another team, or none, or no case: refused with the form's errors, nothing assigned
    const [next] = (await load(lead.id, 2)).queue.rows.map((row) => row.id)
    expect(statusOf(await assign(lead.id, [next!], outsider.id, 2))).toBe(400)
    expect(statusOf(await assign(lead.id, [], anna.id, 2))).toBe(400)
    expect(
      (await prisma.case.findUniqueOrThrow({ where: { id: next! }, select: { counsellorId: true } }))
        .counsellorId,
    ).toBeNull()
    expect(team.id).toBeTruthy()
  })

  test('an empty queue: no rows, no select, and its people are not read; one queued case brings the select back', async () => {
    teamCounter += 1
    const team = await prisma.team.create({
      data: { name: `Beratungsstelle Queue leer ${teamCounter}-${Date.now()}`, kind: 'REGIONAL' },
      select: { id: true },
    })
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: team.id, displayName: 'Lea Leer' })
    const anna = await createUser({ teamId: team.id, displayName: 'Anna Leer' })
    // work of the team that does not wait: an assigned case and a closed one
    await createTestCase({ teamId: team.id, counsellorId: anna.id })
    await createTestCase({ teamId: team.id, status: 'CLOSED' })
    const empty = await load(lead.id)
    expect([empty.queue.total, empty.queue.shown, empty.queue.page, empty.queue.pages]).toEqual([0, 0, 1, 1])
    // the page shows the empty queue's message and no form (`queue.total === 0`): no people to offer, none read
    expect(empty.assignable).toEqual([])
    expect(await prisma.auditEvent.count({ where: { userId: lead.id, action: 'team.queue.read', entityId: team.id } })).toBe(1)
    const queued = await createTestCase({ teamId: team.id })
    const one = await load(lead.id)
    expect([one.queue.total, one.queue.shown]).toEqual([1, 1])
    expect(one.queue.rows.map((row) => row.id)).toEqual([queued.id])
    expect(one.assignable.map((person) => [person.displayName, person.openCases]).sort()).toEqual([
      ['Anna Leer', 1],
      ['Lea Leer', 0],
    ])
  })

  test('a counsellor may not open it or assign from it (403, as /team)', async () => {
    const { anna } = await arrange()
    expect(
      statusOf(
        await settle(loader({ request: await requestAs(anna.id, '/team/queue'), params: {}, context: {} })),
      ),
    ).toBe(403)
    expect(statusOf(await assign(anna.id, ['x'], anna.id))).toBe(403)
  })

  test('two parallel assignments of the same cases assign each once; an inactive or administrator assignee is refused', async () => {
    const { team, lead, anna } = await arrange()
    const bert = await createUser({ teamId: team.id, displayName: 'Bert Queue' })
    const gone = await createUser({ teamId: team.id, displayName: 'Gone Queue' })
    await prisma.user.update({ where: { id: gone.id }, data: { active: false } })
    const admin = await createUser({ role: 'ADMIN', teamId: team.id })
    const ids = (await load(lead.id, 2)).queue.rows.slice(0, 5).map((row) => row.id)
    const results = await Promise.all([assign(lead.id, ids, anna.id, 2), assign(lead.id, ids, bert.id, 2)])
    const outcomes = results.map((result) => (result as { outcome: { assigned: number; alreadyAssigned: number } }).outcome)
    expect(outcomes.map((outcome) => outcome.assigned + outcome.alreadyAssigned)).toEqual([5, 5])
    expect(outcomes[0]!.assigned + outcomes[1]!.assigned).toBe(5)
    expect(await prisma.assignment.count({ where: { caseId: { in: ids } } })).toBe(5)
    const next = (await load(lead.id, 2)).queue.rows[0]!.id
    expect(statusOf(await assign(lead.id, [next], gone.id, 2))).toBe(400)
    expect(statusOf(await assign(lead.id, [next], admin.id, 2))).toBe(400)
    // no one chosen (the select's empty choice): the form's own words, not the validator's English default
    const none = await assign(lead.id, [next], '', 2)
    expect(statusOf(none)).toBe(400)
    expect((none as { data: { result: { error: Record<string, string[]> } } }).data.result.error.counsellorId).toEqual([
      'team:assign.counsellor',
    ])
    expect((await prisma.case.findUniqueOrThrow({ where: { id: next }, select: { counsellorId: true } })).counsellorId).toBeNull()
  })
})
