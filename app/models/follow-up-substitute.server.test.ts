import { describe, expect, test } from 'vitest'
import { type Actor } from '#app/domain/access-policy.ts'
import { addDays, parseDay, today, upcomingWindowEnd, type FollowUpPageBucket } from '#app/domain/follow-up.ts'
import { visibleCasesWhere } from '#app/models/case-access.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams, requestAs, settle, statusOf } from '#tests/factories.ts'
import { action as pageAction, loader as pageLoader } from '../routes/follow-ups.tsx'
import { START_PAGE_LIMITS } from '#app/components/follow-up-list.tsx'
import { getFollowUpPage, getMyFollowUps } from './follow-up.server.ts'

// The substitute sees the follow-ups of the colleague they stand in for (decision 211). A fixed clock: Thursday
// 26 November 2026, 09:00 in Germany.
const now = new Date('2026-11-26T08:00:00Z')
const TODAY = '2026-11-26'
const day = (value: string) => parseDay(value)!

/**
 * The follow-ups a person's pages should show, counted by the ORM from the rule as decision 211 writes it (not from
 * the statement under test): their own (assigned to them, or unassigned on their case), and those of each colleague
 * they stand in for (held by the colleague, or unassigned on the colleague's case) on a case they may write — for a
 * counsellor their own and the colleague's cases, for a team lead every case of the team — of a case they may read,
 * not closed, not done. `absent`: the colleagues, as the test set the absences up.
 */
async function ormCounts(actor: Actor, absent: string[]) {
  const visible = await visibleCasesWhere(actor, () => Promise.resolve(absent))
  const writable = actor.role === 'TEAM_LEAD' ? {} : { counsellorId: { in: [actor.id, ...absent] } }
  const standIn = { OR: [{ assigneeId: { in: absent } }, { assigneeId: null, case: { counsellorId: { in: absent } } }], case: writable }
  const own = { OR: [{ assigneeId: actor.id }, { assigneeId: null, case: { counsellorId: actor.id } }] }
  const count = (which: object, from: Date | null, before: Date | null) =>
    prisma.followUp.count({
      where: {
        doneAt: null,
        dueDate: { ...(from ? { gte: from } : {}), ...(before ? { lt: before } : {}) },
        AND: [{ case: visible }, { case: { status: { not: 'CLOSED' } } }, which],
      },
    })
  const tomorrow = day(addDays(TODAY, 1))
  const afterWindow = new Date(upcomingWindowEnd(now).getTime() + 1)
  const ranges: Record<FollowUpPageBucket, [Date | null, Date | null]> = {
    overdue: [null, day(TODAY)],
    today: [day(TODAY), tomorrow],
    upcoming: [tomorrow, afterWindow],
    later: [afterWindow, null],
  }
  const all: Record<string, number> = {}
  const standIns: Record<string, number> = {}
  for (const [bucket, [from, before]] of Object.entries(ranges)) {
    all[bucket] = await count({ OR: [own, standIn] }, from, before)
    standIns[bucket] = absent.length === 0 ? 0 : await count(standIn, from, before)
  }
  return { all, standIns }
}

async function addFollowUp(caseId: string, assigneeId: string | null, dueDay: string, { done = false } = {}) {
  const created = await prisma.followUp.create({
    data: { caseId, assigneeId, source: 'MANUAL', note: `Notiz ${dueDay}`, dueDate: day(dueDay), createdAt: new Date('2026-11-01T10:00:00Z'), doneAt: done ? now : null },
    select: { id: true },
  })
  return created.id
}

async function absence(userId: string, substituteId: string, startsOn: string, endsOn: string) {
  await prisma.absence.create({ data: { userId, substituteId, startsOn: day(startsOn), endsOn: day(endsOn) } })
}

/**
 * A team with Sina (the substitute), Bilal (absent for two weeks), Berta (absent today only), Clara (present) and a
 * lead, and follow-ups of every awkward kind. Returns the people and the ids of the follow-ups by name.
 */
async function officeWithAbsences() {
  const { eae } = await getTeams()
  const sina = await createUser({ teamId: eae.id, displayName: 'Sina Stellvertretung' })
  const bilal = await createUser({ teamId: eae.id, displayName: 'Bilal Berater' })
  const berta = await createUser({ teamId: eae.id, displayName: 'Berta Beraterin' })
  const clara = await createUser({ teamId: eae.id, displayName: 'Clara Kollegin' })
  const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id, displayName: 'Lea Leitung' })
  await absence(bilal.id, sina.id, '2026-11-20', '2026-12-04')
  await absence(berta.id, sina.id, TODAY, TODAY)
  const sinasCase = await createTestCase({ teamId: eae.id, counsellorId: sina.id, status: 'ACTIVE' })
  const bilalsCase = await createTestCase({ teamId: eae.id, counsellorId: bilal.id, status: 'ACTIVE' })
  const bilalsShared = await createTestCase({ teamId: eae.id, counsellorId: bilal.id, status: 'ACTIVE', sharedForSubstitution: true })
  const bilalsClosed = await createTestCase({ teamId: eae.id, counsellorId: bilal.id, status: 'CLOSED' })
  const clarasShared = await createTestCase({ teamId: eae.id, counsellorId: clara.id, status: 'ACTIVE', sharedForSubstitution: true })
  const clarasCase = await createTestCase({ teamId: eae.id, counsellorId: clara.id, status: 'ACTIVE' })
  const bertasCase = await createTestCase({ teamId: eae.id, counsellorId: berta.id, status: 'ACTIVE' })
  const ids = {
    sinasOwn: await addFollowUp(sinasCase.id, sina.id, '2026-11-24'),
    bilalOverdue1: await addFollowUp(bilalsCase.id, bilal.id, '2026-11-10'),
    bilalOverdue2: await addFollowUp(bilalsCase.id, bilal.id, '2026-11-25'),
    bilalToday: await addFollowUp(bilalsCase.id, bilal.id, TODAY),
    bilalUpcoming: await addFollowUp(bilalsCase.id, bilal.id, '2026-11-30'),
    bilalLater: await addFollowUp(bilalsCase.id, bilal.id, '2026-12-20'),
    bilalDone: await addFollowUp(bilalsCase.id, bilal.id, '2026-11-12', { done: true }),
    // raised while nobody held it: Bilal's, as the case's counsellor
    unassignedOnBilals: await addFollowUp(bilalsCase.id, null, '2026-11-23'),
    // the lead's own reminder on Bilal's case: the lead's, not Bilal's
    leadsOnBilals: await addFollowUp(bilalsCase.id, lead.id, '2026-11-23'),
    // a case Sina may read twice over (shared, and Bilal's): counted once
    bilalOnShared: await addFollowUp(bilalsShared.id, bilal.id, '2026-11-22'),
    // a closed case's follow-up left open by older data: never shown (decision 030)
    bilalOnClosed: await addFollowUp(bilalsClosed.id, bilal.id, '2026-11-22'),
    // Bilal holds one on Clara's shared case: Sina reads it but may not write it, the lead may
    bilalOnClarasShared: await addFollowUp(clarasShared.id, bilal.id, '2026-11-21'),
    clarasOwn: await addFollowUp(clarasCase.id, clara.id, '2026-11-21'),
    bertaToday: await addFollowUp(bertasCase.id, berta.id, TODAY),
  }
  return { eae, sina, bilal, berta, clara, lead, ids, bilalsCase }
}

const idsOf = (page: Awaited<ReturnType<typeof getFollowUpPage>>) => Object.values(page.groups).flatMap((rows) => rows.map((row) => row.id))

describe('the substitute sees the follow-ups of the colleagues they stand in for (decision 211)', () => {
  test('two absent colleagues: their follow-ups on cases the substitute may write, in the same groups and order, counted, marked', async () => {
    const { sina, bilal, berta, ids } = await officeWithAbsences()
    const actor = sina as Actor
    const page = await getFollowUpPage(actor, { due: null, page: 1 }, now)
    const expected = await ormCounts(actor, [bilal.id, berta.id])
    // counted by hand: Sina's own, Bilal's two, the unassigned one and the shared case's; Bilal's and Berta's today
    expect(page.counts).toEqual({ overdue: 5, today: 2, upcoming: 1, later: 1 })
    expect(page.standIn).toEqual({ overdue: 4, today: 2, upcoming: 1, later: 1 })
    expect(page.counts).toEqual(expected.all)
    expect(page.standIn).toEqual(expected.standIns)
    expect(page.groups.overdue.map((row) => row.id)).toEqual([ids.bilalOverdue1, ids.bilalOnShared, ids.unassignedOnBilals, ids.sinasOwn, ids.bilalOverdue2])
    for (const excluded of ['bilalDone', 'leadsOnBilals', 'bilalOnClosed', 'bilalOnClarasShared', 'clarasOwn'] as const) expect(idsOf(page)).not.toContain(ids[excluded])
    // marked with whom each is for; one's own unmarked
    const marks = Object.fromEntries(Object.values(page.groups).flat().map((row) => [row.id, row.standInFor ?? null]))
    expect(marks[ids.sinasOwn]).toBeNull()
    expect(marks[ids.unassignedOnBilals]).toBe('Bilal Berater')
    expect(marks[ids.bilalOnShared]).toBe('Bilal Berater')
    expect(marks[ids.bertaToday]).toBe('Berta Beraterin')

    // the start page: the same follow-ups of its window, the same counts, its first rows those of the full list
    const start = await getMyFollowUps(actor, now, START_PAGE_LIMITS)
    expect(start.counts).toEqual({ overdue: 5, today: 2, upcoming: 1 })
    expect(start.standIn).toEqual({ overdue: 4, today: 2, upcoming: 1 })
    expect(start.overdue).toEqual(page.groups.overdue)
    expect(start.today).toEqual(page.groups.today)
  })

  test('the absent colleague\'s own pages and a colleague without a substitution are as before', async () => {
    const { bilal, clara, ids } = await officeWithAbsences()
    for (const person of [bilal, clara]) {
      const page = await getFollowUpPage(person as Actor, { due: null, page: 1 }, now)
      expect(page.standIn).toBeNull()
      expect(page.counts).toEqual((await ormCounts(person as Actor, [])).all)
      expect(Object.values(page.groups).flat().every((row) => !('standInFor' in row))).toBe(true)
      expect((await getMyFollowUps(person as Actor, now)).standIn).toBeNull()
    }
    // Bilal's follow-ups stay his: his own pages count them during the absence too (/team's figure)
    expect((await getFollowUpPage(bilal as Actor, { due: 'overdue', page: 1 }, now)).counts.overdue).toBe(5)
    expect(idsOf(await getFollowUpPage(clara as Actor, { due: null, page: 1 }, now))).toEqual([ids.clarasOwn])
  })

  test('a substitute who is also team lead gets them too, also on a colleague\'s shared case', async () => {
    const { lead, clara, ids } = await officeWithAbsences()
    await absence(clara.id, lead.id, '2026-11-25', '2026-11-27')
    const page = await getFollowUpPage(lead as Actor, { due: null, page: 1 }, now)
    expect(page.counts).toEqual((await ormCounts(lead as Actor, [clara.id])).all)
    expect(page.standIn).toEqual((await ormCounts(lead as Actor, [clara.id])).standIns)
    expect(idsOf(page).sort()).toEqual([ids.leadsOnBilals, ids.clarasOwn].sort())
    // Bilal's follow-up on Clara's shared case is Bilal's, not Clara's: for Bilal's substitute, who may not write it
    expect(idsOf(page)).not.toContain(ids.bilalOnClarasShared)
  })

  test('the team lead standing in for Bilal sees his follow-up on Clara\'s shared case, which the lead may write', async () => {
    const { lead, bilal, sina, ids } = await officeWithAbsences()
    await prisma.absence.updateMany({ where: { userId: bilal.id }, data: { substituteId: lead.id } })
    const page = await getFollowUpPage(lead as Actor, { due: null, page: 1 }, now)
    expect(page.counts).toEqual((await ormCounts(lead as Actor, [bilal.id])).all)
    expect(idsOf(page)).toContain(ids.bilalOnClarasShared)
    expect(idsOf(page)).toContain(ids.bilalOnShared)
    expect(page.standIn?.overdue).toBe(5)
    // and Sina no longer does
    expect(idsOf(await getFollowUpPage(sina as Actor, { due: null, page: 1 }, now))).not.toContain(ids.bilalOverdue1)
  })

  test('the day before and after the absence nothing of the colleague shows; on its first and last day it does (Europe/Berlin days)', async () => {
    const { sina, ids } = await officeWithAbsences()
    const sees = async (instant: string) => idsOf(await getFollowUpPage(sina as Actor, { due: null, page: 1 }, new Date(instant))).includes(ids.bertaToday)
    // Berta is away on the 26th only: 23:30 and 00:30 in Germany around each midnight (UTC+1 in November)
    expect(await sees('2026-11-25T22:30:00Z')).toBe(false)
    expect(await sees('2026-11-25T23:30:00Z')).toBe(true)
    expect(await sees('2026-11-26T22:30:00Z')).toBe(true)
    expect(await sees('2026-11-26T23:30:00Z')).toBe(false)
    // Bilal's absence: 20 November to 4 December
    const seesBilal = async (instant: string) => (await getMyFollowUps(sina as Actor, new Date(instant))).standIn !== null && idsOf(await getFollowUpPage(sina as Actor, { due: null, page: 1 }, new Date(instant))).includes(ids.bilalLater)
    expect(await seesBilal('2026-11-19T22:30:00Z')).toBe(false)
    expect(await seesBilal('2026-11-19T23:30:00Z')).toBe(true)
    expect(await seesBilal('2026-12-04T22:30:00Z')).toBe(true)
    expect(await seesBilal('2026-12-04T23:30:00Z')).toBe(false)
    expect((await getMyFollowUps(sina as Actor, new Date('2026-12-05T10:00:00Z'))).standIn).toBeNull()
  })
})

describe('/follow-ups as a substitute (decision 211)', () => {
  test('the loader sends the stand-in counts only to a substitute; "Erledigt" on a colleague\'s follow-up is audited with the substitute as actor', async () => {
    const { eae } = await getTeams()
    const sina = await createUser({ teamId: eae.id })
    const bilal = await createUser({ teamId: eae.id, displayName: 'Bilal Berater' })
    const clara = await createUser({ teamId: eae.id })
    // the access check reads today's substitutions by the real clock
    const realToday = today().day
    await absence(bilal.id, sina.id, addDays(realToday, -1), addDays(realToday, 1))
    const kase = await createTestCase({ teamId: eae.id, counsellorId: bilal.id, status: 'ACTIVE' })
    const followUpId = await addFollowUp(kase.id, bilal.id, addDays(realToday, -3))
    const load = async (userId: string) => (await pageLoader({ request: await requestAs(userId, '/follow-ups'), params: {}, context: {} })) as { standIn?: Record<string, number>; counts: Record<string, number> }
    expect((await load(sina.id)).standIn).toEqual({ overdue: 1, today: 0, upcoming: 0, later: 0 })
    expect(await load(clara.id)).not.toHaveProperty('standIn')
    const posted = await settle(pageAction({ request: await requestAs(sina.id, '/follow-ups?due=overdue', { form: { intent: 'follow-up-done', followUpId } }), params: {}, context: {} }))
    expect(statusOf(posted)).toBe(302)
    expect(await prisma.followUp.findUniqueOrThrow({ where: { id: followUpId }, select: { doneAt: true, assigneeId: true } })).toMatchObject({ assigneeId: bilal.id, doneAt: expect.any(Date) })
    expect(await prisma.auditEvent.findMany({ where: { action: 'follow-up.done', entityId: followUpId }, select: { userId: true } })).toEqual([{ userId: sina.id }])
    expect((await load(sina.id)).standIn).toEqual({ overdue: 0, today: 0, upcoming: 0, later: 0 })
  })
})

describe('the substitute\'s statement (decision 211)', () => {
  test('binds every value outside the planner and reads the follow-ups from their index, as the statement without a substitution', async () => {
    const { sina, clara, lead, bilal } = await officeWithAbsences()
    const { plansOf, expectBoundOutsideThePlanner } = await import('#tests/statement-plans.ts')
    const planOf = async (actor: Actor) => {
      const caught = await plansOf(() => getMyFollowUps(actor, now, START_PAGE_LIMITS), 'FROM "FollowUp" f')
      expect(caught).toHaveLength(1)
      return caught[0]!
    }
    await absence(clara.id, lead.id, '2026-11-25', '2026-11-27')
    for (const statistics of [false, true]) {
      if (statistics) await prisma.$executeRawUnsafe('ANALYZE')
      // two substitutes (a counsellor for two colleagues, a lead for one) and two people without a substitution
      for (const actor of [sina, lead, clara, bilal]) {
        const statement = await planOf(actor as Actor)
        await expectBoundOutsideThePlanner([statement])
        // each assignee's open follow-ups from the index, not every follow-up read (written as four terms, it was)
        expect(statement.plan, actor.displayName).toMatch(/^CO-ROUTINE f \| CO-ROUTINE \(subquery-\d\) \| MULTI-INDEX OR \| INDEX 1 \| SEARCH f USING COVERING INDEX FollowUp_assigneeId_doneAt_dueDate/)
        expect(statement.plan, actor.displayName).not.toMatch(/SCAN f \| SEARCH c/)
      }
    }
  })
})

describe('/follow-ups for a substitute: "Nur meine" and "Nur Vertretung" (session 28)', () => {
  test('each filter keeps its rows, and the groups\' counts, the stand-in counts and the pages follow it', async () => {
    const { sina, bilal, berta, clara, ids } = await officeWithAbsences()
    const actor = sina as Actor
    const expected = await ormCounts(actor, [bilal.id, berta.id])
    const minus = (a: Record<string, number>, b: Record<string, number>) => Object.fromEntries(Object.keys(a).map((key) => [key, a[key]! - b[key]!]))
    const all = await getFollowUpPage(actor, { due: null, page: 1, whose: 'all' }, now)
    const mine = await getFollowUpPage(actor, { due: null, page: 1, whose: 'mine' }, now)
    const standIn = await getFollowUpPage(actor, { due: null, page: 1, whose: 'stand-in' }, now)
    expect(all.whose).toBe('all')
    expect(mine.whose).toBe('mine')
    expect(standIn.whose).toBe('stand-in')
    expect(mine.counts).toEqual(minus(expected.all, expected.standIns))
    expect(mine.standIn).toEqual({ overdue: 0, today: 0, upcoming: 0, later: 0 })
    expect(mine.total).toBe(1)
    expect(idsOf(mine)).toEqual([ids.sinasOwn])
    expect(standIn.counts).toEqual(expected.standIns)
    expect(standIn.standIn).toEqual(expected.standIns)
    expect(standIn.total).toBe(Object.values(expected.standIns).reduce((sum, n) => sum + n, 0))
    expect(Object.values(standIn.groups).flat().every((row) => row.standInFor !== undefined)).toBe(true)
    // the two filters split the list, in the list's order
    const order = idsOf(all)
    expect([...idsOf(mine), ...idsOf(standIn)].sort((a, b) => order.indexOf(a) - order.indexOf(b))).toEqual(order)
    // with one group: the group's rows of the filter
    const overdueStandIn = await getFollowUpPage(actor, { due: 'overdue', page: 1, whose: 'stand-in' }, now)
    expect(idsOf(overdueStandIn)).toEqual([ids.bilalOverdue1, ids.bilalOnShared, ids.unassignedOnBilals, ids.bilalOverdue2])
    expect(overdueStandIn.total).toBe(4)

    // someone who stands in for nobody today: the filter does not apply (their list is their own)
    const claras = await getFollowUpPage(clara as Actor, { due: null, page: 1, whose: 'stand-in' }, now)
    expect(claras.whose).toBe('all')
    expect(idsOf(claras)).toEqual([ids.clarasOwn])
  })

  test('the page: the filter form only for a substitute, `?whose=` kept by the group links, the pages and "Erledigt"', async () => {
    const { eae } = await getTeams()
    const sina = await createUser({ teamId: eae.id })
    const bilal = await createUser({ teamId: eae.id })
    const clara = await createUser({ teamId: eae.id })
    const day0 = today().day
    await absence(bilal.id, sina.id, addDays(day0, -1), addDays(day0, 1))
    const own = await createTestCase({ teamId: eae.id, counsellorId: sina.id, status: 'ACTIVE' })
    const bilals = await createTestCase({ teamId: eae.id, counsellorId: bilal.id, status: 'ACTIVE' })
    const mine = await addFollowUp(own.id, sina.id, addDays(day0, -2))
    const his = await addFollowUp(bilals.id, bilal.id, addDays(day0, -2))
    const load = async (userId: string, path: string) =>
      (await pageLoader({ request: await requestAs(userId, path), params: {}, context: {} })) as Exclude<Awaited<ReturnType<typeof pageLoader>>, Response>
    const onlyHis = await load(sina.id, '/follow-ups?whose=stand-in')
    expect(onlyHis.whose).toBe('stand-in')
    expect(onlyHis.counts.overdue).toBe(1)
    expect(onlyHis.standIn).toEqual({ overdue: 1, today: 0, upcoming: 0, later: 0 })
    // an unknown value is all of them
    expect((await load(sina.id, '/follow-ups?whose=everybody')).counts.overdue).toBe(2)
    // Clara stands in for nobody: no stand-in counts, so no filter form, and `whose` does not apply
    const claras = await load(clara.id, '/follow-ups?whose=mine')
    expect(claras.standIn).toBeUndefined()
    expect(claras.whose).toBe('all')
    // "Erledigt" from the filtered page goes back to it
    const request = await requestAs(sina.id, '/follow-ups?due=overdue&whose=stand-in', { form: { intent: 'follow-up-done', followUpId: his } })
    const done = await settle(pageAction({ request, params: {}, context: {} }))
    expect(statusOf(done)).toBe(302)
    expect((done as Response).headers.get('Location')).toBe('/follow-ups?due=overdue&whose=stand-in&done=follow-up')
    expect((await load(sina.id, '/follow-ups?whose=mine')).counts.overdue).toBe(1)
    expect(mine).toBeTruthy()
  })
})
