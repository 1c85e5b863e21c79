// The case list's counts as decision 049 has them: "overdue" from the case's earliest open due date
// (a copy kept by triggers, checked here against a recount after random writes, and the list
// against an independent computation over random data), a topic counted up to CASE_LIST_COUNT_CAP
// with the pages going on beyond it; the team lead's unfiltered count from the team's case count
// kept by triggers (checked against a recount after random writes); a team lead's topic count from
// the contact topics' copy of their case's team (decision 045, the same checks).
import { describe, expect, test } from 'vitest'
import { type Actor } from '#app/domain/access-policy.ts'
import { CASE_LIST_PAGE_SIZE, parseCaseListQuery } from '#app/domain/case-list-query.ts'
import { type Role } from '#app/domain/codes.ts'
import { today } from '#app/domain/follow-up.ts'
import { prisma } from '#app/utils/db.server.ts'
import { catalogueId, createTestCase, createUser, getTeams } from '#tests/factories.ts'
import { plansOf } from '#tests/statement-plans.ts'
import { CASE_LIST_COUNT_CAP, listCases } from './case.server.ts'

const query = (params: Record<string, string> = {}) => parseCaseListQuery(new URLSearchParams(params))

async function makeUser(options: Parameters<typeof createUser>[0]): Promise<Actor> {
  const user = await createUser(options)
  return { id: user.id, teamId: user.teamId, role: user.role as Role }
}

/** Every page of the list, in order, until a page says there is no next one. */
async function allPages(actor: Actor, params: Record<string, string>, now: Date) {
  const ids: string[] = []
  const first = await listCases(actor, query(params), now)
  let result = first
  for (let page = 1; ; page++) {
    if (page > 1) result = await listCases(actor, query({ ...params, page: String(page) }), now)
    ids.push(...result.cases.map((row) => row.id))
    const next = result.capped ? result.more : page < result.pages
    // without a cap, "more" and the page count agree
    if (!result.capped) expect(result.more).toBe(page < result.pages)
    if (!next) break
  }
  return { first, ids }
}

/**
 * sqlite_stat1 of Case in the bench's file of 100,000 cases (seed 1), every index (decision 212: with only
 * the case list's indexes SQLite weighed the wider (teamId, counsellorId, status, openedAt, id, kind,
 * programme) against (teamId, status, openedAt) otherwise than with the bench's whole statistics).
 */
const BENCH_CASE_STATISTICS = [
  ['Case_clientId_teamId_id_idx', '100000 1 1 1'],
  ['Case_closedAt_idx', '100000 2'],
  ['Case_counsellorId_status_idx', '100000 1471 371'],
  ['Case_id_teamId_counsellorId_sharedForSubstitution_status_clientCode_idx', '100000 1 1 1 1 1 1'],
  ['Case_openedAt_idx', '100000 1'],
  ['Case_programme_idx', '100000 20000'],
  ['Case_statistics_idx', '100000 1 1 1 1'],
  ['Case_teamId_clientCode_id_idx', '100000 33334 1 1'],
  ['Case_teamId_counsellorId_status_openedAt_id_kind_programme_idx', '100000 33334 1429 362 1 1 1 1'],
  ['Case_teamId_lastContactAt_id_idx', '100000 33334 44 1'],
  ['Case_teamId_openFollowUpDue_idx', '100000 33334 83'],
  ['Case_teamId_openedAt_id_openFollowUpDue_idx', '100000 33334 1 1 1'],
  ['Case_teamId_queueSince_openedAt_id_idx', '100000 33334 267 1 1'],
  ['Case_teamId_sharedForSubstitution_counsellorId_idx', '100000 33334 16667 715'],
  ['Case_teamId_sharedForSubstitution_status_kind_programme_counsellorId_idx', '100000 33334 16667 4167 2128 468 33'],
  ['Case_teamId_status_kind_counsellorId_idx', '100000 33334 8334 4167 198'],
  ['Case_teamId_status_openedAt_idx', '100000 33334 8334 1'],
  ['Case_teamId_status_programme_openedAt_id_idx', '100000 33334 8334 1667 1 1'],
  ['sqlite_autoindex_Case_1', '100000 1'],
] as const

/** A deterministic pseudo-random stream (the same data on every run). */
function random(seed: number) {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648
    return state / 2_147_483_648
  }
}

describe('case list: overdue from the earliest open due date', () => {
  test('random follow-ups in two teams: counts and every page equal an independent computation, for several actors and filters', async () => {
    const { eae, rostock } = await getTeams()
    const counsellor = await makeUser({ teamId: eae.id })
    const colleague = await makeUser({ teamId: eae.id })
    const lead = await makeUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const rostockLead = await makeUser({ role: 'TEAM_LEAD', teamId: rostock.id })
    const rostockCounsellor = await makeUser({ teamId: rostock.id })
    const now = new Date()
    const day = 86_400_000
    const next = random(49)
    const pick = <T,>(values: T[]) => values[Math.floor(next() * values.length)]!
    const cases = []
    for (let i = 0; i < 70; i++) {
      const team = next() < 0.7 ? eae : rostock
      const holder = team === eae ? pick([counsellor.id, colleague.id, null]) : pick([rostockCounsellor.id, null])
      cases.push(
        await createTestCase({
          teamId: team.id,
          counsellorId: holder,
          status: pick(['OPEN', 'ACTIVE', 'PAUSED', 'CLOSED']),
          sharedForSubstitution: next() < 0.2,
          openedAt: new Date(Date.UTC(2026, 0, 1 + Math.floor(next() * 300))),
        }),
      )
    }
    // 0–3 follow-ups per case: due before or after now (a few exactly now: not overdue), done or
    // open, assigned to anyone (also a user of the other team, or no one)
    const assignees = [counsellor.id, colleague.id, lead.id, rostockCounsellor.id, null]
    for (const kase of cases) {
      const count = Math.floor(next() * 4)
      for (let i = 0; i < count; i++) {
        const offset = pick([-40, -3, -1, 0, 1, 5, 30])
        await prisma.followUp.create({
          data: {
            caseId: kase.id,
            source: 'MANUAL',
            dueDate: new Date(now.getTime() + offset * day),
            doneAt: next() < 0.35 ? new Date(now.getTime() - day) : null,
            assigneeId: pick(assignees),
          },
        })
      }
    }
    // Statistics as the server has them after PRAGMA optimize: the plans may differ, the results not.
    await prisma.$executeRawUnsafe('ANALYZE')

    const everything = await prisma.case.findMany({
      select: {
        id: true,
        teamId: true,
        counsellorId: true,
        sharedForSubstitution: true,
        status: true,
        openedAt: true,
        followUps: { select: { dueDate: true, doneAt: true } },
      },
    })
    const overdue = (kase: (typeof everything)[number]) =>
      kase.followUps.some((followUp) => followUp.doneAt === null && followUp.dueDate < now)
    const newestFirst = (a: (typeof everything)[number], b: (typeof everything)[number]) =>
      b.openedAt.getTime() - a.openedAt.getTime() || (a.id < b.id ? 1 : -1)
    const expected = (visible: (kase: (typeof everything)[number]) => boolean, also: (kase: (typeof everything)[number]) => boolean = () => true) =>
      everything.filter((kase) => visible(kase) && overdue(kase) && also(kase)).sort(newestFirst).map((kase) => kase.id)

    const teamOf = (teamId: string) => (kase: (typeof everything)[number]) => kase.teamId === teamId
    const counsellorSees = (actor: Actor) => (kase: (typeof everything)[number]) =>
      kase.teamId === actor.teamId && (kase.counsellorId === actor.id || kase.sharedForSubstitution)
    const checks: Array<[Actor, Record<string, string>, string[]]> = [
      [lead, { overdue: '1' }, expected(teamOf(eae.id))],
      [lead, { overdue: '1', status: 'NOT_CLOSED' }, expected(teamOf(eae.id), (kase) => kase.status !== 'CLOSED')],
      [lead, { overdue: '1', counsellor: 'none' }, expected(teamOf(eae.id), (kase) => kase.counsellorId === null)],
      [rostockLead, { overdue: '1' }, expected(teamOf(rostock.id))],
      [counsellor, { overdue: '1' }, expected(counsellorSees(counsellor))],
      [counsellor, { overdue: '1', counsellor: 'me' }, expected(counsellorSees(counsellor), (kase) => kase.counsellorId === counsellor.id)],
      [rostockCounsellor, { overdue: '1' }, expected(counsellorSees(rostockCounsellor))],
    ]
    // the data has matches for the team lead, and more than a page of them in neither test
    expect(checks[0]![2].length).toBeGreaterThan(3)
    for (const [actor, params, ids] of checks) {
      const result = await allPages(actor, params, now)
      expect(result.first.total, JSON.stringify(params)).toBe(ids.length)
      expect(result.first.capped).toBe(false)
      expect(result.ids).toEqual(ids)
    }
    // a page of 25 still: the lead's whole team without the filter spans pages
    const small = await listCases(lead, query({ overdue: '1' }), now)
    expect(small.cases.length).toBe(Math.min(CASE_LIST_PAGE_SIZE, checks[0]![2].length))
  })

  test('plans: the team lead\'s overdue count is a range of the index (teamId, openFollowUpDue)', async () => {
    const { eae } = await getTeams()
    // As in real data: many cases with a few follow-ups each.
    const cases = []
    for (let i = 0; i < 30; i++) cases.push(await createTestCase({ teamId: eae.id }))
    await prisma.followUp.createMany({
      data: cases.flatMap((kase, i) => [
        { caseId: kase.id, source: 'MANUAL', dueDate: new Date(Date.UTC(2026, 0, 1 + i)) },
        { caseId: kase.id, source: 'MANUAL', dueDate: new Date(Date.UTC(2026, 1, 1 + i)), doneAt: new Date(Date.UTC(2026, 1, 2 + i)) },
      ]),
    })
    await prisma.$executeRawUnsafe('ANALYZE')
    const plan = async (sql: string, ...params: unknown[]) =>
      (await prisma.$queryRawUnsafe<Array<{ detail: string }>>(`EXPLAIN QUERY PLAN ${sql}`, ...params)).map((row) => row.detail).join(' | ')
    // the statement of listCases (app/models/case.server.ts) for a team lead
    expect(await plan(`SELECT COUNT(*) AS n FROM "Case" c WHERE c."teamId" = ? AND c."openFollowUpDue" < ?`, eae.id, new Date().toISOString())).toMatch(
      /COVERING INDEX Case_teamId_openFollowUpDue_idx \(teamId=\? AND openFollowUpDue<\?\)/,
    )
  })

  test('the copy of the earliest open due date follows every kind of write (randomised, against a recount)', async () => {
    const { eae, rostock } = await getTeams()
    const user = await makeUser({ teamId: eae.id })
    const cases = []
    for (let i = 0; i < 12; i++) cases.push(await createTestCase({ teamId: i % 3 ? eae.id : rostock.id }))
    const contacts = []
    for (const kase of cases.slice(0, 6))
      contacts.push(await prisma.contact.create({ data: { caseId: kase.id, date: new Date(), durationMinutes: 30, mode: 'OFFICE', setting: 'INDIVIDUAL' }, select: { id: true, caseId: true } }))
    const next = random(4049)
    const pick = <T,>(values: T[]) => values[Math.floor(next() * values.length)]!
    const due = () => new Date(Date.UTC(2026, Math.floor(next() * 12), 1 + Math.floor(next() * 28)))
    const live = () => prisma.followUp.findMany({ select: { id: true }, orderBy: { id: 'asc' } }).then((rows) => rows.map((row) => row.id))
    const check = async (step: string) => {
      const rows = await prisma.case.findMany({ select: { id: true, openFollowUpDue: true, followUps: { where: { doneAt: null }, select: { dueDate: true } } } })
      for (const row of rows) {
        const earliest = row.followUps.reduce<Date | null>((min, f) => (min === null || f.dueDate < min ? f.dueDate : min), null)
        expect(row.openFollowUpDue?.toISOString() ?? null, `${step}: case ${row.id}`).toBe(earliest?.toISOString() ?? null)
      }
    }
    let alive = cases.map((kase) => kase.id)
    for (let step = 0; step < 120; step++) {
      const ids = await live()
      const kind = ids.length === 0 ? 'create' : pick(['create', 'create', 'createMany', 'done', 'reopen', 'due', 'move', 'delete', 'closeAll', 'assign', 'contactDelete', 'caseDelete'])
      if (kind === 'create') {
        const contact = next() < 0.3 ? pick(contacts) : null
        await prisma.followUp.create({ data: { caseId: contact?.caseId ?? pick(alive), contactId: contact?.id ?? null, source: 'MANUAL', dueDate: due(), doneAt: next() < 0.2 ? new Date() : null } })
      } else if (kind === 'createMany') {
        await prisma.followUp.createMany({ data: [0, 1, 2].map(() => ({ caseId: pick(alive), source: 'MANUAL', dueDate: due() })) })
      } else if (kind === 'done') {
        await prisma.followUp.updateMany({ where: { id: pick(ids), doneAt: null }, data: { doneAt: new Date() } })
      } else if (kind === 'reopen') {
        await prisma.followUp.update({ where: { id: pick(ids) }, data: { doneAt: null } })
      } else if (kind === 'due') {
        await prisma.followUp.update({ where: { id: pick(ids) }, data: { dueDate: due() } })
      } else if (kind === 'move') {
        // no code moves a follow-up to another case; raw SQL could
        await prisma.$executeRaw`UPDATE "FollowUp" SET "caseId" = ${pick(alive)}, "contactId" = NULL WHERE "id" = ${pick(ids)}`
      } else if (kind === 'delete') {
        await prisma.followUp.delete({ where: { id: pick(ids) } })
      } else if (kind === 'closeAll') {
        // as closing a case does
        await prisma.followUp.updateMany({ where: { caseId: pick(alive), doneAt: null }, data: { doneAt: new Date() } })
      } else if (kind === 'assign') {
        await prisma.followUp.updateMany({ where: { caseId: pick(alive), doneAt: null }, data: { assigneeId: user.id } })
      } else if (kind === 'contactDelete' && contacts.length > 1) {
        const contact = contacts.splice(Math.floor(next() * contacts.length), 1)[0]!
        await prisma.contact.delete({ where: { id: contact.id } }) // its follow-ups cascade
      } else if (kind === 'caseDelete' && alive.length > 4) {
        const caseId = pick(alive)
        alive = alive.filter((id) => id !== caseId)
        contacts.splice(0, contacts.length, ...contacts.filter((contact) => contact.caseId !== caseId))
        await prisma.case.delete({ where: { id: caseId } })
      }
      if (step % 10 === 9) await check(`step ${step} (${kind})`)
    }
    await check('end')
    expect((await live()).length).toBeGreaterThan(5)
  })
})

describe('case list: a topic counted up to the cap', () => {
  test('more than the cap: "more than 1,000", and the pages go on to the last case, each case once, in order', async () => {
    const { eae, rostock } = await getTeams()
    const lead = await makeUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const [health, work] = [await catalogueId('TOPIC', 'HEALTH'), await catalogueId('TOPIC', 'WORK')]
    const base = await prisma.case.findFirstOrThrow({ where: { id: (await createTestCase({ teamId: eae.id })).id } })
    const { id: _id, clientId, ...caseData } = base
    const extra = 37 // beyond the cap: a page and a half
    const made = CASE_LIST_COUNT_CAP + extra
    // cases of one client (cheap to make; the list does not care), every one with a contact on
    // HEALTH, and a few of another team and topic that must not appear
    const rows = Array.from({ length: made + 10 }, (_, index) => ({
      ...caseData,
      id: `cap${String(index).padStart(5, '0')}`,
      clientId,
      teamId: index < made ? eae.id : rostock.id,
      openedAt: new Date(Date.UTC(2020, 0, 1) + index * 3_600_000),
    }))
    await prisma.case.createMany({ data: rows })
    await prisma.contact.createMany({
      data: rows.map((row) => ({ id: `k${row.id}`, caseId: row.id, date: new Date(), durationMinutes: 30, mode: 'OFFICE', setting: 'INDIVIDUAL' })),
    })
    await prisma.contactTopic.createMany({ data: rows.map((row, index) => ({ contactId: `k${row.id}`, topicId: index % 2 && index >= made ? work : health })) })

    const expected = rows.filter((row) => row.teamId === eae.id).sort((a, b) => b.openedAt.getTime() - a.openedAt.getTime()).map((row) => row.id)
    const { first, ids } = await allPages(lead, { topic: String(health) }, new Date())
    expect(first).toMatchObject({ total: CASE_LIST_COUNT_CAP, capped: true, more: true, pages: CASE_LIST_COUNT_CAP / CASE_LIST_PAGE_SIZE })
    expect(ids).toEqual(expected)
    const last = await listCases(lead, query({ topic: String(health), page: String(Math.ceil(made / CASE_LIST_PAGE_SIZE)) }))
    expect(last).toMatchObject({ capped: true, more: false })
    expect(last.cases).toHaveLength(made % CASE_LIST_PAGE_SIZE || CASE_LIST_PAGE_SIZE)

    // sorted by code (all one client: by id) the same cases, page by page
    const byCode = await allPages(lead, { topic: String(health), sort: 'code' }, new Date())
    expect(byCode.ids).toEqual([...expected].sort())

    // at the cap exactly the count is exact: one case fewer on the topic
    await prisma.contactTopic.deleteMany({ where: { contactId: { in: expected.slice(0, extra).map((id) => `k${id}`) } } })
    const exact = await listCases(lead, query({ topic: String(health) }))
    expect(exact).toMatchObject({ total: CASE_LIST_COUNT_CAP, capped: false, pages: CASE_LIST_COUNT_CAP / CASE_LIST_PAGE_SIZE })
    // without a topic the count stays exact however large
    expect(await listCases(lead, query())).toMatchObject({ total: made + 1, capped: false })
  })
})

describe('case list: a team lead\'s topic count from the topics\' copy of their case\'s team', () => {
  test('the copy follows every kind of write (randomised, against a recount), and the count equals an independent computation', async () => {
    const { eae, rostock } = await getTeams()
    const teams = [eae.id, rostock.id]
    const leads = [await makeUser({ role: 'TEAM_LEAD', teamId: eae.id }), await makeUser({ role: 'TEAM_LEAD', teamId: rostock.id })]
    const counsellor = await makeUser({ teamId: eae.id })
    const topics = [await catalogueId('TOPIC', 'HEALTH'), await catalogueId('TOPIC', 'WORK'), await catalogueId('TOPIC', 'HOUSING')]
    const next = random(45)
    const pick = <T,>(values: T[]) => values[Math.floor(next() * values.length)]!
    const cases: string[] = []
    for (let i = 0; i < 10; i++) cases.push((await createTestCase({ teamId: pick(teams), counsellorId: next() < 0.5 ? counsellor.id : null })).id)
    const contacts = () => prisma.contact.findMany({ select: { id: true }, orderBy: { id: 'asc' } }).then((rows) => rows.map((row) => row.id))
    const newContact = (caseId: string, topicIds: number[]) =>
      prisma.contact.create({
        data: { caseId, date: new Date(), durationMinutes: 30, mode: 'OFFICE', setting: 'INDIVIDUAL', topics: { create: topicIds.map((topicId) => ({ topicId })) } },
      })
    const check = async (step: string) => {
      const drift = await prisma.$queryRawUnsafe<Array<{ contactId: string; topicId: number }>>(
        `SELECT t."contactId", t."topicId" FROM "ContactTopic" t JOIN "Contact" ct ON ct."id" = t."contactId" JOIN "Case" c ON c."id" = ct."caseId"
          WHERE t."caseTeamId" IS NOT c."teamId"`,
      )
      expect(drift, step).toEqual([])
      for (const actor of [...leads, counsellor]) {
        for (const topicId of topics) {
          const visible = actor.role === 'TEAM_LEAD' ? { teamId: actor.teamId } : { teamId: actor.teamId, OR: [{ counsellorId: actor.id }, { sharedForSubstitution: true }] }
          const expected = await prisma.case.count({ where: { ...visible, contacts: { some: { topics: { some: { topicId } } } } } })
          const listed = await listCases(actor, query({ topic: String(topicId) }))
          expect(listed.total, `${step}: ${actor.role} ${actor.teamId} topic ${topicId}`).toBe(expected)
        }
      }
    }
    const kinds = new Set<string>()
    for (let step = 0; step < 60; step++) {
      const ids = await contacts()
      const kind = ids.length < 3 ? 'contact' : pick(['contact', 'contact', 'topicsLater', 'topicDelete', 'contactMoved', 'transfer', 'contactDelete', 'caseDelete'])
      kinds.add(kind)
      if (kind === 'contact') await newContact(pick(cases), [...new Set([pick(topics), pick(topics)])])
      else if (kind === 'topicsLater') {
        const contactId = pick(ids)
        const has = new Set((await prisma.contactTopic.findMany({ where: { contactId }, select: { topicId: true } })).map((row) => row.topicId))
        await prisma.contactTopic.createMany({ data: topics.filter((topicId) => !has.has(topicId)).map((topicId) => ({ contactId, topicId })) })
      } else if (kind === 'topicDelete') await prisma.contactTopic.deleteMany({ where: { contactId: pick(ids), topicId: pick(topics) } })
      // no code moves a contact to another case; raw SQL could
      else if (kind === 'contactMoved') await prisma.$executeRaw`UPDATE "Contact" SET "caseId" = ${pick(cases)} WHERE "id" = ${pick(ids)}`
      else if (kind === 'transfer') await prisma.case.update({ where: { id: pick(cases) }, data: { teamId: pick(teams) } })
      else if (kind === 'contactDelete') await prisma.contact.delete({ where: { id: pick(ids) } })
      else if (kind === 'caseDelete' && cases.length > 5) await prisma.case.delete({ where: { id: cases.splice(Math.floor(next() * cases.length), 1)[0]! } })
      if (step % 6 === 5) await check(`step ${step} (${kind})`)
    }
    await check('end')
    expect([...kinds].sort()).toEqual(['caseDelete', 'contact', 'contactDelete', 'contactMoved', 'topicDelete', 'topicsLater', 'transfer'])
  })

  test('plan: the team lead\'s topic count is one range of the index (caseTeamId, topicId, caseId)', async () => {
    const { eae } = await getTeams()
    await prisma.$executeRawUnsafe('ANALYZE')
    const plan = (
      await prisma.$queryRawUnsafe<Array<{ detail: string }>>(
        `EXPLAIN QUERY PLAN SELECT COUNT(*) AS n FROM (SELECT DISTINCT "caseId" FROM "ContactTopic" WHERE "caseTeamId" = ? AND "topicId" = ? LIMIT 1001)`,
        eae.id,
        1,
      )
    ).map((row) => row.detail)
    expect(plan.join(' | ')).toMatch(/SEARCH ContactTopic USING COVERING INDEX ContactTopic_caseTeamId_topicId_caseId_idx \(caseTeamId=\? AND topicId=\?\)/)
    expect(plan.join(' | ')).not.toMatch(/TEMP B-TREE/)
  })
})

describe('case list: the team lead\'s unfiltered count', () => {
  test('the team lead\'s unfiltered count is the team\'s case count kept by triggers, exact after every kind of write', async () => {
    const { eae, rostock } = await getTeams()
    const teams = [eae.id, rostock.id]
    const leads = [await makeUser({ role: 'TEAM_LEAD', teamId: eae.id }), await makeUser({ role: 'TEAM_LEAD', teamId: rostock.id })]
    const next = random(19_05)
    const pick = <T,>(values: T[]) => values[Math.floor(next() * values.length)]!
    const live: string[] = []
    const check = async (step: string) => {
      const kept = await prisma.teamCaseCount.findMany({ where: { n: { not: 0 } }, select: { teamId: true, n: true }, orderBy: { teamId: 'asc' } })
      const counted = await prisma.case.groupBy({ by: ['teamId'], _count: { _all: true }, orderBy: { teamId: 'asc' } })
      expect(kept, step).toEqual(counted.map((row) => ({ teamId: row.teamId, n: row._count._all })))
      for (const lead of leads) {
        const expected = await prisma.case.count({ where: { teamId: lead.teamId } })
        for (const sort of ['opened-desc', 'code'])
          expect((await listCases(lead, query({ sort }))).total, `${step}: ${lead.teamId} ${sort}`).toBe(expected)
      }
    }
    const kinds = new Set<string>()
    for (let step = 0; step < 40; step++) {
      const kind = live.length < 3 ? 'create' : pick(['create', 'move', 'same-team', 'delete'])
      kinds.add(kind)
      if (kind === 'create') live.push((await createTestCase({ teamId: pick(teams) })).id)
      else if (kind === 'move') await prisma.case.update({ where: { id: pick(live) }, data: { teamId: pick(teams) } })
      // an update that names the team without changing it
      else if (kind === 'same-team') {
        const kase = await prisma.case.findUniqueOrThrow({ where: { id: pick(live) }, select: { id: true, teamId: true } })
        await prisma.case.update({ where: { id: kase.id }, data: { teamId: kase.teamId, status: 'ACTIVE' } })
      } else await prisma.case.delete({ where: { id: live.splice(Math.floor(next() * live.length), 1)[0]! } })
      await check(`step ${step} (${kind})`)
    }
    expect([...kinds].sort()).toEqual(['create', 'delete', 'move', 'same-team'])
    // a filter counts the matching cases themselves
    const filtered = await listCases(leads[0]!, query({ status: 'ACTIVE' }))
    expect(filtered.total).toBe(await prisma.case.count({ where: { teamId: eae.id, status: 'ACTIVE' } }))
  })
})

/**
 * Three counsellors of the EAE team and one of Rostock's; the first stands in for the second from yesterday to
 * tomorrow, so their ids are two and the absent colleague's cases count as their own.
 */
async function standingInCounsellors() {
  const { eae, rostock } = await getTeams()
  const counsellor = await makeUser({ teamId: eae.id })
  const absent = await makeUser({ teamId: eae.id })
  const colleague = await makeUser({ teamId: eae.id })
  const rostockCounsellor = await makeUser({ teamId: rostock.id })
  const day = today(new Date()).date
  await prisma.absence.create({ data: { userId: absent.id, substituteId: counsellor.id, startsOn: new Date(day.getTime() - 86_400_000), endsOn: new Date(day.getTime() + 86_400_000) } })
  return { eae, rostock, counsellor, absent, colleague, rostockCounsellor }
}

describe("case list: a counsellor's unfiltered count (decision 207)", () => {
  test("own cases plus the team's shared cases less the shared own ones: equal to an independent count after every kind of write", async () => {
    const { eae, rostock, counsellor, absent, colleague, rostockCounsellor } = await standingInCounsellors()
    const newcomer = await makeUser({ teamId: eae.id })
    const actors = [counsellor, absent, colleague, newcomer, rostockCounsellor]
    const holders = [counsellor.id, absent.id, colleague.id, newcomer.id, rostockCounsellor.id, null]
    const next = random(20_7)
    const pick = <T,>(values: T[]) => values[Math.floor(next() * values.length)]!
    const seen = new Set<string>()
    const check = async (step: string) => {
      const everything = await prisma.case.findMany({ select: { teamId: true, counsellorId: true, sharedForSubstitution: true } })
      for (const kase of everything.filter((row) => row.teamId === eae.id && row.sharedForSubstitution))
        seen.add(kase.counsellorId === null ? 'shared, no one' : [counsellor.id, absent.id].includes(kase.counsellorId) ? 'shared, own' : 'shared, other')
      for (const actor of actors) {
        const own = actor.id === counsellor.id ? [counsellor.id, absent.id] : [actor.id]
        const expected = everything.filter(
          (kase) => kase.teamId === actor.teamId && ((kase.counsellorId !== null && own.includes(kase.counsellorId)) || kase.sharedForSubstitution),
        ).length
        const listed = await listCases(actor, query())
        expect(listed.total, `${step}: ${actor.id}`).toBe(expected)
        expect(listed.capped).toBe(false)
        expect(listed.cases.length, `${step}: ${actor.id}`).toBe(Math.min(CASE_LIST_PAGE_SIZE, expected))
      }
    }
    // nothing yet: every count zero (the newcomer's stays zero until a case is theirs or shared)
    await check('empty')
    // the awkward ones first: shared and own, shared and the absent colleague's, shared and no one's,
    // shared and a colleague's, own and not shared, closed, another team's shared case
    const live: string[] = []
    for (const [counsellorId, sharedForSubstitution, teamId, status] of [
      [counsellor.id, true, eae.id, 'ACTIVE'],
      [absent.id, true, eae.id, 'OPEN'],
      [null, true, eae.id, 'OPEN'],
      [colleague.id, true, eae.id, 'CLOSED'],
      [counsellor.id, false, eae.id, 'CLOSED'],
      [null, true, rostock.id, 'ACTIVE'],
    ] as const) {
      live.push((await createTestCase({ teamId, counsellorId, sharedForSubstitution, status })).id)
      await check(`awkward case ${live.length}`)
    }
    const kinds = new Set<string>()
    for (let step = 0; step < 36; step++) {
      const kind = live.length < 4 ? 'create' : pick(['create', 'create', 'share', 'unshare', 'reassign', 'unassign', 'close', 'move', 'delete'])
      kinds.add(kind)
      if (kind === 'create')
        live.push(
          (
            await createTestCase({
              teamId: next() < 0.8 ? eae.id : rostock.id,
              counsellorId: pick(holders),
              sharedForSubstitution: next() < 0.5,
              status: pick(['OPEN', 'ACTIVE', 'CLOSED']),
            })
          ).id,
        )
      else if (kind === 'share' || kind === 'unshare')
        await prisma.case.update({ where: { id: pick(live) }, data: { sharedForSubstitution: kind === 'share' } })
      else if (kind === 'reassign' || kind === 'unassign')
        await prisma.case.update({ where: { id: pick(live) }, data: { counsellorId: kind === 'unassign' ? null : pick(holders) } })
      else if (kind === 'close') await prisma.case.update({ where: { id: pick(live) }, data: { status: 'CLOSED' } })
      else if (kind === 'move') await prisma.case.update({ where: { id: pick(live) }, data: { teamId: pick([eae.id, rostock.id]) } })
      else await prisma.case.delete({ where: { id: live.splice(Math.floor(next() * live.length), 1)[0]! } })
      await check(`step ${step} (${kind})`)
    }
    expect(kinds.size).toBeGreaterThanOrEqual(7)
    // the awkward ones were counted: a shared case of the counsellor (or the absent colleague), of no one, of another
    expect([...seen].sort()).toEqual(['shared, no one', 'shared, other', 'shared, own'])
  })

  test('plan: the shared part is two ranges of (teamId, sharedForSubstitution, counsellorId) without a test per entry', async () => {
    const { eae } = await getTeams()
    const counsellor = await makeUser({ teamId: eae.id })
    for (let i = 0; i < 40; i++)
      await createTestCase({ teamId: eae.id, counsellorId: i % 4 ? null : counsellor.id, sharedForSubstitution: i % 3 === 0 })
    await prisma.$executeRawUnsafe('ANALYZE')
    const caught = await plansOf(() => listCases(counsellor, query()), 'SELECT COUNT(*)')
    expect(caught).toHaveLength(1)
    const [count] = caught
    expect(count!.sql).not.toContain('NOT IN')
    expect(count!.sql).toContain(' - (SELECT COUNT(*)')
    expect(count!.plan).toMatch(
      /COVERING INDEX Case_teamId_sharedForSubstitution_counsellorId_idx \(teamId=\? AND sharedForSubstitution=\?\) \|.*COVERING INDEX Case_teamId_sharedForSubstitution_counsellorId_idx \(teamId=\? AND sharedForSubstitution=\? AND counsellorId=\?\)/,
    )
    // with a filter the former two parts: the own cases and the shared ones of anyone else
    const filtered = await plansOf(() => listCases(counsellor, query({ kind: 'SHORT' })), 'SELECT COUNT(*)')
    expect(filtered).toHaveLength(1)
    expect(filtered[0]!.sql).toContain('NOT IN')
    expect(filtered[0]!.sql).not.toContain(' - (SELECT COUNT(*)')
  })
})

describe('case list: filtered pages read in index order (issue 19, session 10)', () => {
  const STATUSES = ['OPEN', 'ACTIVE', 'PAUSED', 'CLOSED'] as const
  const KINDS = ['SHORT', 'CASE_MANAGEMENT'] as const
  const PROGRAMME_CHOICES = ['MBE', 'JMD', 'REFUGEE'] as const

  test('status, kind, programme, "my cases" and "overdue": the count and every page equal an independent computation', async () => {
    const { eae, rostock } = await getTeams()
    const lead = await makeUser({ teamId: eae.id, role: 'TEAM_LEAD' })
    const counsellor = await makeUser({ teamId: eae.id })
    const colleague = await makeUser({ teamId: eae.id })
    const next = random(1910)
    const pick = <T,>(values: readonly T[]) => values[Math.floor(next() * values.length)]!
    const now = new Date(Date.UTC(2026, 5, 15, 10))
    // Several cases opened on one day: the id breaks the tie in both the page and the expectation.
    for (let i = 0; i < 90; i++) {
      const kase = await createTestCase({
        teamId: i % 9 === 0 ? rostock.id : eae.id,
        counsellorId: pick([counsellor.id, colleague.id, null]),
        status: pick(STATUSES),
        kind: pick(KINDS),
        programme: pick(PROGRAMME_CHOICES),
        sharedForSubstitution: next() < 0.2,
        openedAt: new Date(Date.UTC(2025, Math.floor(next() * 12), 1 + Math.floor(next() * 3))),
      })
      if (next() < 0.4)
        await prisma.followUp.create({
          data: { caseId: kase.id, source: 'MANUAL', dueDate: new Date(Date.UTC(2026, Math.floor(next() * 12), 10)) },
        })
    }
    await prisma.$executeRawUnsafe('ANALYZE')
    const everything = await prisma.case.findMany({
      select: {
        id: true, teamId: true, counsellorId: true, sharedForSubstitution: true, status: true, kind: true, programme: true, openedAt: true,
        followUps: { select: { dueDate: true, doneAt: true } },
      },
    })
    type Row = (typeof everything)[number]
    const newestFirst = (a: Row, b: Row) => b.openedAt.getTime() - a.openedAt.getTime() || (a.id < b.id ? 1 : -1)
    const expected = (keep: (kase: Row) => boolean) => everything.filter(keep).sort(newestFirst).map((kase) => kase.id)
    const inTeam = (kase: Row) => kase.teamId === eae.id
    const counsellorSees = (kase: Row) => inTeam(kase) && (kase.counsellorId === counsellor.id || kase.sharedForSubstitution)
    const overdue = (kase: Row) => kase.followUps.some((followUp) => followUp.doneAt === null && followUp.dueDate < now)
    const checks: Array<[Actor, Record<string, string>, string[]]> = [
      [lead, { status: 'NOT_CLOSED', kind: 'CASE_MANAGEMENT' }, expected((kase) => inTeam(kase) && kase.status !== 'CLOSED' && kase.kind === 'CASE_MANAGEMENT')],
      [lead, { status: 'NOT_CLOSED' }, expected((kase) => inTeam(kase) && kase.status !== 'CLOSED')],
      [lead, { status: 'ACTIVE', programme: 'MBE' }, expected((kase) => inTeam(kase) && kase.status === 'ACTIVE' && kase.programme === 'MBE')],
      [lead, { status: 'CLOSED', programme: 'JMD' }, expected((kase) => inTeam(kase) && kase.status === 'CLOSED' && kase.programme === 'JMD')],
      [lead, { overdue: '1' }, expected((kase) => inTeam(kase) && overdue(kase))],
      [counsellor, { counsellor: 'me', status: 'NOT_CLOSED' }, expected((kase) => counsellorSees(kase) && kase.counsellorId === counsellor.id && kase.status !== 'CLOSED')],
      // a counsellor filter with "not closed": the page names the open statuses (session 25)
      [lead, { counsellor: colleague.id, status: 'NOT_CLOSED' }, expected((kase) => inTeam(kase) && kase.counsellorId === colleague.id && kase.status !== 'CLOSED')],
      [lead, { counsellor: 'none', status: 'NOT_CLOSED' }, expected((kase) => inTeam(kase) && kase.counsellorId === null && kase.status !== 'CLOSED')],
      [counsellor, { status: 'NOT_CLOSED', kind: 'SHORT' }, expected((kase) => counsellorSees(kase) && kase.status !== 'CLOSED' && kase.kind === 'SHORT')],
      [counsellor, { status: 'PAUSED', programme: 'REFUGEE' }, expected((kase) => counsellorSees(kase) && kase.status === 'PAUSED' && kase.programme === 'REFUGEE')],
    ]
    for (const [actor, params, ids] of checks) {
      expect(ids.length, JSON.stringify(params)).toBeGreaterThan(0)
      const { first, ids: listed } = await allPages(actor, params, now)
      expect(first.total, JSON.stringify(params)).toBe(ids.length)
      expect(listed, JSON.stringify(params)).toEqual(ids)
    }
  })

  test('plans: each filter\'s count and page come from one index, without a sort of the matches', async () => {
    const { eae } = await getTeams()
    const counsellor = await makeUser({ teamId: eae.id })
    // As in real data: a team with many cases of every status, kind and programme.
    for (let i = 0; i < 60; i++)
      await createTestCase({
        teamId: eae.id,
        counsellorId: i % 3 ? counsellor.id : null,
        status: STATUSES[i % 4],
        kind: KINDS[i % 2],
        programme: PROGRAMME_CHOICES[i % 3],
        openedAt: new Date(Date.UTC(2025, i % 12, 1 + (i % 27))),
      })
    await prisma.$executeRawUnsafe('ANALYZE')
    const plan = async (sql: string, ...params: unknown[]) =>
      (await prisma.$queryRawUnsafe<Array<{ detail: string }>>(`EXPLAIN QUERY PLAN ${sql}`, ...params)).map((row) => row.detail).join(' | ')
    // the statements of listCases (app/models/case.server.ts) for a team lead and a counsellor
    const page = 'ORDER BY c."openedAt" DESC, c."id" DESC LIMIT 51 OFFSET 0'
    expect(await plan(`SELECT COUNT(*) AS n FROM "Case" c WHERE c."teamId" = ? AND c."status" IN ('OPEN', 'ACTIVE', 'PAUSED') AND c."kind" = ?`, eae.id, 'CASE_MANAGEMENT')).toMatch(
      /^SEARCH c USING COVERING INDEX Case_teamId_status_kind_counsellorId_idx \(teamId=\? AND status=\? AND kind=\?\)$/,
    )
    expect(await plan(`SELECT c."id" FROM "Case" c WHERE c."teamId" = ? AND c."status" = ? AND c."programme" = ? ${page}`, eae.id, 'ACTIVE', 'MBE')).toMatch(
      /^SEARCH c USING COVERING INDEX Case_teamId_status_programme_openedAt_id_idx \(teamId=\? AND status=\? AND programme=\?\)$/,
    )
    expect(await plan(`SELECT c."id" FROM "Case" c WHERE c."teamId" = ? AND c."openFollowUpDue" < ? ${page}`, eae.id, new Date().toISOString())).toMatch(
      /^SEARCH c USING COVERING INDEX Case_teamId_openedAt_id_openFollowUpDue_idx \(teamId=\?\)$/,
    )
    // "My cases" is left to the planner: with a counsellor's share of the team as here it walks the
    // team's order; at the bench's 2,077 of 38,727 it takes (teamId, counsellorId, status, openedAt,
    // id) and sorts that counsellor's open cases from the index (docs/performance.md).
  })

  test('plans: with a counsellor filter, "not closed" reads only the counsellor\'s open cases; without one the page keeps "<>"', async () => {
    const { eae } = await getTeams()
    const lead = await makeUser({ teamId: eae.id, role: 'TEAM_LEAD' })
    const counsellor = await makeUser({ teamId: eae.id })
    // As at the bench: a counsellor with a small share of a large team, most of their cases closed.
    for (let i = 0; i < 400; i++)
      await createTestCase({
        teamId: eae.id,
        counsellorId: i % 20 === 0 ? counsellor.id : null,
        status: i % 20 === 0 && i % 100 !== 0 ? 'CLOSED' : STATUSES[i % 3],
        openedAt: new Date(Date.UTC(2025, i % 12, 1 + (i % 27))),
      })
    // The bench's statistics of Case (100,000 cases, after PRAGMA optimize), without the samples of
    // STAT4: the planner weighs this file's few cases as the bench's.
    await prisma.$executeRawUnsafe('ANALYZE')
    await prisma.$executeRawUnsafe(`DELETE FROM sqlite_stat1 WHERE tbl = 'Case'`)
    await prisma.$executeRawUnsafe(`DELETE FROM sqlite_stat4 WHERE tbl = 'Case'`)
    for (const [index, stat] of BENCH_CASE_STATISTICS)
      await prisma.$executeRawUnsafe(`INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('Case', ?, ?)`, index, stat)
    await prisma.$executeRawUnsafe('ANALYZE sqlite_schema')
    const pageOf = async (actor: Actor, params: Record<string, string>) => {
      const caught = await plansOf(() => listCases(actor, query(params)), 'ORDER BY c."openedAt" DESC')
      expect(caught, JSON.stringify(params)).toHaveLength(1)
      return caught[0]!
    }
    for (const [actor, params] of [
      [counsellor, { counsellor: 'me', status: 'NOT_CLOSED' }],
      [lead, { counsellor: counsellor.id, status: 'NOT_CLOSED' }],
    ] as const) {
      const page = await pageOf(actor, params)
      expect(page.sql).toContain(`c."status" IN (?,?,?)`)
      expect(page.sql).not.toContain(`<> 'CLOSED'`)
      expect(page.plan, JSON.stringify(params)).toMatch(/Case_teamId_counsellorId_status_openedAt_id_kind_programme_idx \(teamId=\? AND counsellorId=\? AND status=\?\)/)
    }
    const plain = await pageOf(lead, { status: 'NOT_CLOSED' })
    expect(plain.sql).toContain(`c."status" <> 'CLOSED'`)
  })
})

describe("case list: a counsellor's count by status, kind and programme (decision 212)", () => {
  const FILTERS: Array<Record<string, string>> = [
    { status: 'NOT_CLOSED' },
    { status: 'CLOSED' },
    { kind: 'SHORT' },
    { kind: 'CASE_MANAGEMENT', status: 'NOT_CLOSED' },
    { programme: 'MBE' },
    { status: 'ACTIVE', programme: 'MBE' },
    { status: 'PAUSED', kind: 'SHORT', programme: 'JMD' },
  ]

  test('each filter equals an independent count after awkward cases and every kind of write', async () => {
    const { eae, rostock, counsellor, absent, colleague, rostockCounsellor } = await standingInCounsellors()
    const actors = [counsellor, absent, colleague, rostockCounsellor]
    const holders = [counsellor.id, absent.id, colleague.id, rostockCounsellor.id, null]
    const next = random(212)
    const pick = <T,>(values: readonly T[]) => values[Math.floor(next() * values.length)]!
    const matches = (kase: { status: string; kind: string; programme: string }, filter: Record<string, string>) =>
      (filter.status === undefined || (filter.status === 'NOT_CLOSED' ? kase.status !== 'CLOSED' : kase.status === filter.status)) &&
      (filter.kind === undefined || kase.kind === filter.kind) &&
      (filter.programme === undefined || kase.programme === filter.programme)
    let nonZero = 0
    const check = async (step: string) => {
      const everything = await prisma.case.findMany({ select: { teamId: true, counsellorId: true, sharedForSubstitution: true, status: true, kind: true, programme: true } })
      for (const actor of actors) {
        const own = actor.id === counsellor.id ? [counsellor.id, absent.id] : [actor.id]
        for (const filter of FILTERS) {
          const expected = everything.filter(
            (kase) => kase.teamId === actor.teamId && ((kase.counsellorId !== null && own.includes(kase.counsellorId)) || kase.sharedForSubstitution) && matches(kase, filter),
          ).length
          if (expected > 0) nonZero++
          const listed = await listCases(actor, query(filter))
          expect(listed.total, `${step}: ${actor.id} ${JSON.stringify(filter)}`).toBe(expected)
          expect(listed.cases.length, `${step}: ${actor.id} ${JSON.stringify(filter)}`).toBe(Math.min(CASE_LIST_PAGE_SIZE, expected))
        }
      }
    }
    // the awkward ones first: a shared case of the counsellor's own, the absent colleague's (the substitute's)
    // shared and unshared, a closed shared one, an unassigned shared one, a colleague's shared one, another
    // team's shared one, and an own case of the same values unshared
    const live: string[] = []
    for (const [counsellorId, sharedForSubstitution, teamId, status, kind, programme] of [
      [counsellor.id, true, eae.id, 'ACTIVE', 'SHORT', 'MBE'],
      [absent.id, true, eae.id, 'OPEN', 'CASE_MANAGEMENT', 'MBE'],
      [absent.id, false, eae.id, 'PAUSED', 'SHORT', 'JMD'],
      [colleague.id, true, eae.id, 'CLOSED', 'SHORT', 'MBE'],
      [null, true, eae.id, 'ACTIVE', 'CASE_MANAGEMENT', 'MBE'],
      [colleague.id, true, eae.id, 'PAUSED', 'SHORT', 'JMD'],
      [null, true, rostock.id, 'ACTIVE', 'SHORT', 'MBE'],
      [counsellor.id, false, eae.id, 'CLOSED', 'CASE_MANAGEMENT', 'REFUGEE'],
    ] as const) {
      live.push((await createTestCase({ teamId, counsellorId, sharedForSubstitution, status, kind, programme })).id)
      await check(`awkward case ${live.length}`)
    }
    await prisma.$executeRawUnsafe('ANALYZE')
    const kinds = new Set<string>()
    for (let step = 0; step < 30; step++) {
      const kind = pick(['create', 'create', 'share', 'unshare', 'reassign', 'unassign', 'status', 'kind', 'programme', 'move', 'delete'])
      kinds.add(kind)
      const id = pick(live)
      if (kind === 'create')
        live.push(
          (
            await createTestCase({
              teamId: next() < 0.8 ? eae.id : rostock.id,
              counsellorId: pick(holders),
              sharedForSubstitution: next() < 0.5,
              status: pick(['OPEN', 'ACTIVE', 'PAUSED', 'CLOSED']),
              kind: pick(['SHORT', 'CASE_MANAGEMENT']),
              programme: pick(['MBE', 'JMD', 'REFUGEE']),
            })
          ).id,
        )
      else if (kind === 'share' || kind === 'unshare') await prisma.case.update({ where: { id }, data: { sharedForSubstitution: kind === 'share' } })
      else if (kind === 'reassign' || kind === 'unassign') await prisma.case.update({ where: { id }, data: { counsellorId: kind === 'unassign' ? null : pick(holders) } })
      else if (kind === 'status') await prisma.case.update({ where: { id }, data: { status: pick(['OPEN', 'ACTIVE', 'PAUSED', 'CLOSED']) } })
      else if (kind === 'kind') await prisma.case.update({ where: { id }, data: { kind: pick(['SHORT', 'CASE_MANAGEMENT']) } })
      else if (kind === 'programme') await prisma.case.update({ where: { id }, data: { programme: pick(['MBE', 'JMD', 'REFUGEE']) } })
      else if (kind === 'move') await prisma.case.update({ where: { id }, data: { teamId: pick([eae.id, rostock.id]) } })
      else if (live.length > 6) await prisma.case.delete({ where: { id: live.splice(live.indexOf(id), 1)[0]! } })
      await check(`step ${step} (${kind})`)
    }
    expect(kinds.size).toBeGreaterThanOrEqual(9)
    // the filters matched something in most checks, not only zeros
    expect(nonZero).toBeGreaterThan(200)
  })

  test('plan: filtered by case columns, the shared part is a range of (teamId, sharedForSubstitution, status, …) and the own part reads no row', async () => {
    const { eae } = await getTeams()
    const counsellor = await makeUser({ teamId: eae.id })
    const STATUSES = ['OPEN', 'ACTIVE', 'PAUSED', 'CLOSED'] as const
    for (let i = 0; i < 60; i++)
      await createTestCase({
        teamId: eae.id,
        counsellorId: i % 4 ? null : counsellor.id,
        sharedForSubstitution: i % 3 === 0,
        status: STATUSES[i % 4],
        kind: i % 2 ? 'SHORT' : 'CASE_MANAGEMENT',
        programme: ['MBE', 'JMD', 'REFUGEE'][i % 3],
      })
    // the bench's statistics of Case, so that the planner weighs the indexes as it does there
    await prisma.$executeRawUnsafe('ANALYZE')
    await prisma.$executeRawUnsafe(`DELETE FROM sqlite_stat1 WHERE tbl = 'Case'`)
    await prisma.$executeRawUnsafe(`DELETE FROM sqlite_stat4 WHERE tbl = 'Case'`)
    for (const [index, stat] of BENCH_CASE_STATISTICS)
      await prisma.$executeRawUnsafe(`INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('Case', ?, ?)`, index, stat)
    await prisma.$executeRawUnsafe('ANALYZE sqlite_schema')
    const countOf = async (params: Record<string, string>) => {
      const caught = await plansOf(() => listCases(counsellor, query(params)), 'SELECT COUNT(*)')
      expect(caught, JSON.stringify(params)).toHaveLength(1)
      return caught[0]!
    }
    const shared = 'COVERING INDEX Case_teamId_sharedForSubstitution_status_kind_programme_counsellorId_idx \\(teamId=\\? AND sharedForSubstitution=\\?'
    for (const params of [
      { status: 'NOT_CLOSED' },
      { status: 'CLOSED', programme: 'REFUGEE' },
      { kind: 'CASE_MANAGEMENT', status: 'NOT_CLOSED' },
      { kind: 'SHORT' },
      { programme: 'MBE' },
    ] as Array<Record<string, string>>) {
      const { sql, plan } = await countOf(params)
      expect(sql).toContain('INDEXED BY "Case_teamId_sharedForSubstitution_status_kind_programme_counsellorId_idx"')
      // both parts from index entries alone: no index that needs the row, no scan of the table
      expect(plan, JSON.stringify(params)).not.toMatch(/USING INDEX|SCAN c\b/)
      // a status is a range of the shared index (the lead's (teamId, status, programme, …) would need each row)
      expect(plan, JSON.stringify(params)).toMatch(new RegExp(params.status ? `${shared} AND status=\\?` : `${shared}\\)`))
      expect(plan, JSON.stringify(params)).toMatch(/COVERING INDEX Case_teamId_(counsellorId_status_openedAt_id_kind_programme|status_kind_counsellorId)_idx \(teamId=\?/)
    }
    // any other filter leaves the shared part to the planner, as before ("mine": an empty range of the old index)
    const mine = await countOf({ counsellor: 'me', status: 'NOT_CLOSED' })
    expect(mine.sql).not.toContain('INDEXED BY')
    expect(mine.plan).toMatch(/INDEX Case_teamId_sharedForSubstitution_counsellorId_idx \(teamId=\? AND sharedForSubstitution=\? AND counsellorId=\?\)/)
  })
})
