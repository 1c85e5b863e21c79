import { describe, expect, test } from 'vitest'
import { type Actor } from '#app/domain/access-policy.ts'
import { addDays, parseDay, upcomingWindowEnd } from '#app/domain/follow-up.ts'
import { visibleCasesWhere } from '#app/models/case-access.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams, requestAs } from '#tests/factories.ts'
import { action as pageAction, loader as pageLoader } from '../routes/follow-ups.tsx'
import { START_PAGE_LIMITS } from '#app/components/follow-up-list.tsx'
import { FOLLOW_UP_PAGE_SIZE, getFollowUpPage, getMyFollowUps } from './follow-up.server.ts'

// The start page as a summary and the page of all one's follow-ups (decision 199). A fixed clock: Thursday
// 26 November 2026, 09:00 in Germany.
const now = new Date('2026-11-26T08:00:00Z')
const TODAY = '2026-11-26'

/**
 * The actor's open follow-ups counted by the ORM, with the filter the start page used until 2026-12-05 (no
 * window's end: `until` gives one), between two stored instants: independent of the statement under test.
 */
async function ormCount(actor: Actor, from: Date | null, before: Date | null) {
  const visible = await visibleCasesWhere(actor)
  return prisma.followUp.count({
    where: {
      doneAt: null,
      dueDate: { ...(from ? { gte: from } : {}), ...(before ? { lt: before } : {}) },
      AND: [{ case: visible }, { case: { status: { not: 'CLOSED' } } }, { OR: [{ assigneeId: actor.id }, { assigneeId: null, case: { counsellorId: actor.id } }] }],
    },
  })
}

async function ormCounts(actor: Actor) {
  const today = parseDay(TODAY)!
  const tomorrow = parseDay(addDays(TODAY, 1))!
  const afterWindow = new Date(upcomingWindowEnd(now).getTime() + 1)
  return {
    overdue: await ormCount(actor, null, today),
    today: await ormCount(actor, today, tomorrow),
    upcoming: await ormCount(actor, tomorrow, afterWindow),
    later: await ormCount(actor, afterWindow, null),
  }
}

async function addFollowUps(caseId: string, assigneeId: string | null, day: string, n: number, createdAt = new Date('2026-11-01T10:00:00Z')) {
  await prisma.followUp.createMany({
    data: Array.from({ length: n }, (_, i) => ({ caseId, assigneeId, dueDate: parseDay(day)!, source: 'MANUAL', note: `Notiz ${day} ${i}`, createdAt })),
  })
}

describe('the start page as a summary (decision 199)', () => {
  test('each bucket shows its first rows up to its limit and counts all of them: none, exactly the limit, one over', async () => {
    const { eae } = await getTeams()
    for (const [overdue, today, upcoming] of [
      [0, 0, 0],
      [START_PAGE_LIMITS.overdue, START_PAGE_LIMITS.today, START_PAGE_LIMITS.upcoming],
      [START_PAGE_LIMITS.overdue + 1, START_PAGE_LIMITS.today + 1, START_PAGE_LIMITS.upcoming + 1],
      [37, 0, 2],
    ] as const) {
      const me = await createUser({ teamId: eae.id })
      const kase = await createTestCase({ teamId: eae.id, counsellorId: me.id })
      // spread over several days, and ties of day and creation time (ordered by id)
      await addFollowUps(kase.id, me.id, '2026-11-02', Math.ceil(overdue / 2))
      await addFollowUps(kase.id, me.id, '2026-11-25', Math.floor(overdue / 2))
      await addFollowUps(kase.id, null, TODAY, today)
      await addFollowUps(kase.id, me.id, '2026-11-27', Math.ceil(upcoming / 2))
      await addFollowUps(kase.id, me.id, '2026-12-03', Math.floor(upcoming / 2))
      await addFollowUps(kase.id, me.id, '2026-12-04', 3) // beyond the window: never on the start page
      const all = await getMyFollowUps(me as Actor, now)
      const summary = await getMyFollowUps(me as Actor, now, START_PAGE_LIMITS)
      const expected = await ormCounts(me as Actor)
      expect({ overdue, today, upcoming }).toEqual({ overdue: expected.overdue, today: expected.today, upcoming: expected.upcoming })
      expect(summary.counts).toEqual({ overdue, today, upcoming })
      expect(all.counts).toEqual({ overdue, today, upcoming })
      for (const bucket of ['overdue', 'today', 'upcoming'] as const) {
        expect(all[bucket]).toHaveLength(summary.counts[bucket])
        expect(summary[bucket]).toEqual(all[bucket].slice(0, START_PAGE_LIMITS[bucket]))
      }
      expect(summary.truncated).toBe(overdue > START_PAGE_LIMITS.overdue || today > START_PAGE_LIMITS.today || upcoming > START_PAGE_LIMITS.upcoming)
      expect(all.truncated).toBe(false)
    }
  })

  test("the counts leave out a colleague's follow-up, a closed case's, a done one and a case transferred away", async () => {
    const { eae, rostock } = await getTeams()
    const me = await createUser({ teamId: eae.id })
    const colleague = await createUser({ teamId: eae.id })
    const mine = await createTestCase({ teamId: eae.id, counsellorId: me.id })
    const closed = await createTestCase({ teamId: eae.id, counsellorId: me.id, status: 'CLOSED' })
    const moving = await createTestCase({ teamId: eae.id, counsellorId: me.id })
    const theirs = await createTestCase({ teamId: eae.id, counsellorId: colleague.id })
    await addFollowUps(mine.id, me.id, '2026-11-20', 1)
    await addFollowUps(mine.id, colleague.id, '2026-11-20', 1)
    await addFollowUps(theirs.id, null, '2026-11-20', 1)
    await addFollowUps(closed.id, me.id, '2026-11-20', 1)
    await addFollowUps(moving.id, me.id, '2026-11-20', 1)
    await prisma.followUp.create({ data: { caseId: mine.id, assigneeId: me.id, dueDate: parseDay('2026-11-20')!, source: 'MANUAL', doneAt: now } })
    expect((await getMyFollowUps(me as Actor, now, START_PAGE_LIMITS)).counts.overdue).toBe(2)
    expect((await getFollowUpPage(me as Actor, { due: null, page: 1 }, now)).counts.overdue).toBe(2)
    await prisma.case.update({ where: { id: moving.id }, data: { teamId: rostock.id, counsellorId: null } })
    const summary = await getMyFollowUps(me as Actor, now, START_PAGE_LIMITS)
    expect(summary.counts).toEqual({ overdue: 1, today: 0, upcoming: 0 })
    expect(summary.overdue.map((item) => item.caseId)).toEqual([mine.id])
    const page = await getFollowUpPage(me as Actor, { due: null, page: 1 }, now)
    expect(page.counts).toEqual({ overdue: 1, today: 0, upcoming: 0, later: 0 })
    expect(page.groups.overdue.map((item) => item.caseId)).toEqual([mine.id])
    // the colleague sees the unassigned one of their own case; the one assigned to them on my case only while they
    // may read that case (not shared for substitution: not now), as on the start page
    expect((await getFollowUpPage(colleague as Actor, { due: null, page: 1 }, now)).counts.overdue).toBe(1)
    expect((await getFollowUpPage(colleague as Actor, { due: null, page: 1 }, now)).counts.overdue).toBe(await ormCount(colleague as Actor, null, parseDay(TODAY)!))
  })
})

describe('the page of all one\'s follow-ups (decision 199)', () => {
  test('every open follow-up in the start page\'s order, a page at a time, each group counted; `due` keeps one group', async () => {
    const { eae } = await getTeams()
    const me = await createUser({ teamId: eae.id })
    const kase = await createTestCase({ teamId: eae.id, counsellorId: me.id })
    const other = await createTestCase({ teamId: eae.id, counsellorId: me.id })
    await addFollowUps(kase.id, me.id, '2026-10-01', 30)
    await addFollowUps(other.id, null, '2026-11-25', 12)
    await addFollowUps(kase.id, me.id, TODAY, 4)
    await addFollowUps(other.id, me.id, '2026-12-03', 25)
    await addFollowUps(kase.id, me.id, '2026-12-04', 40)
    await addFollowUps(kase.id, me.id, '2027-06-30', 1)
    const expected = await ormCounts(me as Actor)
    expect(expected).toEqual({ overdue: 42, today: 4, upcoming: 25, later: 41 })
    // the whole list, by the start page's statement (compared with the ORM in follow-up.server.test.ts) for the window
    const window = await getMyFollowUps(me as Actor, now)
    const pages = [1, 2, 3].map((page) => getFollowUpPage(me as Actor, { due: null, page }, now))
    const [first, second, third] = await Promise.all(pages)
    for (const page of [first!, second!, third!]) {
      expect(page.counts).toEqual(expected)
      expect(page.pages).toBe(Math.ceil(112 / FOLLOW_UP_PAGE_SIZE))
      expect(page.total).toBe(112)
    }
    const listed = [first!, second!, third!].flatMap((page) => [...page.groups.overdue, ...page.groups.today, ...page.groups.upcoming, ...page.groups.later])
    expect(listed).toHaveLength(112)
    expect(new Set(listed.map((item) => item.id)).size).toBe(112)
    expect(listed.slice(0, 71)).toEqual([...window.overdue, ...window.today, ...window.upcoming])
    expect(listed.slice(71).every((item) => item.dueDate > '2026-12-03')).toBe(true)
    expect(first!.groups.overdue).toHaveLength(42)
    expect(first!.groups.today).toHaveLength(4)
    expect(first!.groups.upcoming).toHaveLength(4)
    // one group: its own pages
    const upcoming = await getFollowUpPage(me as Actor, { due: 'upcoming', page: 1 }, now)
    expect(upcoming.groups.upcoming).toEqual(window.upcoming)
    expect([upcoming.groups.overdue, upcoming.groups.today, upcoming.groups.later]).toEqual([[], [], []])
    expect({ total: upcoming.total, pages: upcoming.pages }).toEqual({ total: 25, pages: 1 })
    // a page beyond the last is the last
    const beyond = await getFollowUpPage(me as Actor, { due: 'later', page: 9 }, now)
    expect(beyond.page).toBe(1)
    expect(beyond.groups.later).toHaveLength(41)
    const past = await getFollowUpPage(me as Actor, { due: null, page: 99 }, now)
    expect(past.page).toBe(3)
    expect(past.groups).toEqual(third!.groups)
  })

  test('no follow-ups: one empty page; an administrator has none', async () => {
    const { eae } = await getTeams()
    const me = await createUser({ teamId: eae.id })
    const admin = await createUser({ role: 'ADMIN', teamId: eae.id })
    for (const actor of [me, admin]) {
      const page = await getFollowUpPage(actor as Actor, { due: null, page: 1 }, now)
      expect({ total: page.total, pages: page.pages, page: page.page }).toEqual({ total: 0, pages: 1, page: 1 })
      expect(page.counts).toEqual({ overdue: 0, today: 0, upcoming: 0, later: 0 })
    }
  })

  test('the page loads for a counsellor and a team lead; "Erledigt" marks the follow-up and returns to the same group and page', async () => {
    const { eae } = await getTeams()
    const me = await createUser({ teamId: eae.id })
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const kase = await createTestCase({ teamId: eae.id, counsellorId: me.id })
    await addFollowUps(kase.id, me.id, '2026-11-02', 3)
    await addFollowUps(kase.id, lead.id, '2026-11-02', 1)
    const data = await pageLoader({ request: await requestAs(me.id, '/follow-ups?due=overdue&page=2'), params: {}, context: {} })
    expect(data.counts.overdue).toBe(3)
    expect(data.page).toBe(1)
    expect(JSON.parse(data.buckets.overdue)).toHaveLength(3)
    const leads = await pageLoader({ request: await requestAs(lead.id, '/follow-ups'), params: {}, context: {} })
    expect(leads.counts.overdue).toBe(1)
    const [id] = (JSON.parse(data.buckets.overdue) as string[][]).map((row) => row[0]!)
    const request = await requestAs(me.id, '/follow-ups?due=overdue&page=2', { method: 'POST', form: { intent: 'follow-up-done', followUpId: id! } })
    const answer = await pageAction({ request, params: {}, context: {} }).catch((thrown: unknown) => thrown)
    expect(answer).toBeInstanceOf(Response)
    expect((answer as Response).status).toBe(302)
    expect((answer as Response).headers.get('Location')).toBe('/follow-ups?due=overdue&page=2&done=follow-up')
    expect((await prisma.followUp.findUniqueOrThrow({ where: { id: id! } })).doneAt).not.toBeNull()
    const after = await pageLoader({ request: await requestAs(me.id, '/follow-ups?due=overdue'), params: {}, context: {} })
    expect(after.counts.overdue).toBe(2)
  })
})
