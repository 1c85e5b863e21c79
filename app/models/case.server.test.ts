import { describe, expect, test } from 'vitest'
import {
  checkSymbol,
  formatSymbols,
  generatePseudonymCode,
  validateCode,
} from '#app/domain/pseudonym-code.ts'
import { prisma } from '#app/utils/db.server.ts'
import { type Actor } from '#app/domain/access-policy.ts'
import { type Role } from '#app/domain/codes.ts'
import { catalogueId, createTestCase, createUser, getTeams, inRequest } from '#tests/factories.ts'
import { caseListFilterOptions, createClientAndCase, interpretCodeQuery, listCases, type NewCaseInput } from './case.server.ts'
import { parseCaseListQuery } from '#app/domain/case-list-query.ts'
import { today } from '#app/domain/follow-up.ts'

async function validInput(overrides: Partial<NewCaseInput> = {}): Promise<NewCaseInput> {
  return {
    birthYear: 1994,
    gender: 'FEMALE',
    nationality: 'SY',
    countryOfOrigin: 'SY',
    languages: ['apc', 'arb'],
    residenceStatusId: await catalogueId('RESIDENCE_STATUS', 'GESTATTUNG'),
    residenceStatusSince: new Date('2026-01-15'),
    arrivalMonth: '2025-12',
    districtId: await catalogueId('PLACE', 'EAE_NOSTORF_HORST'),
    householdAdults: 1,
    householdChildren: 2,
    programme: 'REFUGEE',
    accessRoute: 'EAE_REFERRAL',
    germanLevel: 'NONE',
    startPlace: 'EAE',
    kind: 'CASE_MANAGEMENT',
    familyMembersCounselled: 2,
    sharedForSubstitution: false,
    legalBasisId: await catalogueId('LEGAL_BASIS', 'CONTRACT'),
    privacyInfoGivenAt: '2026-01-15',
    privacyInfoLanguage: 'arb',
    privacyInfoForm: 'WRITTEN',
    counsellorId: null,
    ...overrides,
  }
}

/** A user as the models see the signed-in actor. */
async function makeUser(options: Parameters<typeof createUser>[0]): Promise<Actor> {
  const user = await createUser(options)
  return { id: user.id, teamId: user.teamId, role: user.role as Role }
}

const query = (params: Record<string, string> = {}) => parseCaseListQuery(new URLSearchParams(params))

/** A code with a given first 8 symbols and a correct check symbol. */
const codeFrom = (symbols: string) => formatSymbols(symbols + checkSymbol(symbols))

describe('createClientAndCase', () => {
  test('a counsellor creates client and case in one go, assigned to themselves, audited without values', async () => {
    const { eae } = await getTeams()
    const counsellor = await makeUser({ teamId: eae.id })
    const colleague = await makeUser({ teamId: eae.id })
    const result = await createClientAndCase(counsellor, await validInput({ counsellorId: colleague.id }))
    // a counsellor may not assign to someone else; the form never offers it
    expect(result.ok).toBe(false)

    const input = await validInput({ counsellorId: counsellor.id })
    // the audit event carries the id of the request it was written in (the request context)
    const { result: created } = await inRequest(() => createClientAndCase(counsellor, input), { method: 'POST', requestId: 'req-1' })
    expect(created.ok).toBe(true)
    if (!created.ok) return
    expect(validateCode(created.pseudonymCode).status).toBe('ok')

    const kase = await prisma.case.findUniqueOrThrow({
      where: { id: created.caseId },
      select: {
        teamId: true,
        counsellorId: true,
        status: true,
        programme: true,
        familyMembersCounselled: true,
        privacyInfoForm: true,
        client: {
          select: {
            pseudonymCode: true,
            birthYear: true,
            languages: { select: { languageCode: true } },
            residenceStatuses: { select: { statusId: true, validFrom: true } },
          },
        },
        programmes: { select: { programme: true } },
        statusChanges: { select: { fromStatus: true, toStatus: true, byUserId: true } },
        assignments: { select: { toUserId: true, assignedById: true, readAt: true } },
      },
    })
    expect(kase).toMatchObject({
      teamId: eae.id,
      counsellorId: counsellor.id,
      status: 'OPEN',
      programme: 'REFUGEE',
      familyMembersCounselled: 2,
      privacyInfoForm: 'WRITTEN',
    })
    expect(kase.client.pseudonymCode).toBe(created.pseudonymCode)
    expect(kase.client.languages.map((language) => language.languageCode).sort()).toEqual(['apc', 'arb'])
    expect(kase.client.residenceStatuses).toHaveLength(1)
    expect(kase.programmes).toEqual([{ programme: 'REFUGEE' }])
    expect(kase.statusChanges).toEqual([{ fromStatus: null, toStatus: 'OPEN', byUserId: counsellor.id }])
    expect(kase.assignments).toHaveLength(1)
    expect(kase.assignments[0]!.toUserId).toBe(counsellor.id)
    expect(kase.assignments[0]!.readAt).not.toBeNull() // no "assigned to you" notice for oneself

    const events = await prisma.auditEvent.findMany({
      where: { action: 'case.create' },
      select: { caseId: true, userId: true, details: true, requestId: true },
    })
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ caseId: created.caseId, userId: counsellor.id, requestId: 'req-1' })
    const details = JSON.parse(events[0]!.details!)
    expect(details.fields).toContain('birthYear')
    expect(events[0]!.details).not.toMatch(/1994|SY|apc|REFUGEE/)
  })

  test('a team lead assigns to a counsellor of the team (unread notice) or leaves the case in the queue', async () => {
    const { eae } = await getTeams()
    const lead = await makeUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const counsellor = await makeUser({ teamId: eae.id })
    const assigned = await createClientAndCase(lead, await validInput({ counsellorId: counsellor.id }))
    const queued = await createClientAndCase(lead, await validInput({ counsellorId: null }))
    expect(assigned.ok && queued.ok).toBe(true)
    if (!assigned.ok || !queued.ok) return
    const assignment = await prisma.assignment.findFirstOrThrow({
      where: { caseId: assigned.caseId },
      select: { toUserId: true, assignedById: true, readAt: true },
    })
    expect(assignment).toEqual({ toUserId: counsellor.id, assignedById: lead.id, readAt: null })
    const queuedCase = await prisma.case.findUniqueOrThrow({
      where: { id: queued.caseId },
      select: { counsellorId: true, _count: { select: { assignments: true } } },
    })
    expect(queuedCase).toEqual({ counsellorId: null, _count: { assignments: 0 } })
  })

  test('bad input is refused with field errors and nothing is saved', async () => {
    const { eae, rostock } = await getTeams()
    const lead = await makeUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const foreigner = await makeUser({ teamId: rostock.id })
    const topicId = await catalogueId('TOPIC', 'HEALTH')
    const result = await createClientAndCase(
      lead,
      await validInput({
        birthYear: 1850,
        residenceStatusId: topicId, // an id of the wrong catalogue
        districtId: 999_999,
        nationality: 'QQ',
        languages: ['xyz'],
        arrivalMonth: '2999-01',
        counsellorId: foreigner.id, // a counsellor of another team: a tampered form
      }),
    )
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(Object.keys(result.fieldErrors).sort()).toEqual([
      'arrivalMonth',
      'birthYear',
      'counsellorId',
      'districtId',
      'languages',
      'nationality',
      'residenceStatusId',
    ])
    expect(result.fieldErrors.birthYear).toEqual(['cases:errors.birthYear'])
    expect(await prisma.client.count()).toBe(0)
    expect(await prisma.case.count()).toBe(0)
    expect(await prisma.auditEvent.count({ where: { action: 'case.create' } })).toBe(0)
  })

  test('a retired catalogue entry cannot be chosen for a new case', async () => {
    const { eae } = await getTeams()
    const counsellor = await makeUser({ teamId: eae.id })
    const retired = await catalogueId('RESIDENCE_STATUS', 'DULDUNG')
    await prisma.catalogueEntry.update({ where: { id: retired }, data: { active: false } })
    const result = await createClientAndCase(
      counsellor,
      await validInput({ residenceStatusId: retired, counsellorId: counsellor.id }),
    )
    expect(result).toEqual({ ok: false, fieldErrors: { residenceStatusId: ['cases:errors.catalogue'] } })
  })

  test('administrators may not create cases', async () => {
    const admin = await makeUser({ role: 'ADMIN' })
    await expect(createClientAndCase(admin, await validInput())).rejects.toMatchObject({ status: 403 })
  })

  test('a collision of the random code is retried with a new code', async () => {
    const { eae } = await getTeams()
    const counsellor = await makeUser({ teamId: eae.id })
    const first = await createClientAndCase(counsellor, await validInput({ counsellorId: counsellor.id }))
    expect(first.ok).toBe(true)
    if (!first.ok) return
    const fresh = generatePseudonymCode()
    const codes = [first.pseudonymCode, fresh]
    const second = await createClientAndCase(counsellor, await validInput({ counsellorId: counsellor.id }), {
      generateCode: () => codes.shift()!,
    })
    expect(second).toMatchObject({ ok: true, pseudonymCode: fresh })
    expect(await prisma.case.count()).toBe(2)
  })
})

describe('listCases', () => {
  async function arrangeTeams() {
    const { eae, rostock } = await getTeams()
    const counsellor = await makeUser({ teamId: eae.id })
    const colleague = await makeUser({ teamId: eae.id })
    const lead = await makeUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const rostockCounsellor = await makeUser({ teamId: rostock.id })
    const rostockLead = await makeUser({ role: 'TEAM_LEAD', teamId: rostock.id })
    const own = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })
    const colleagues = await createTestCase({ teamId: eae.id, counsellorId: colleague.id })
    const shared = await createTestCase({
      teamId: eae.id,
      counsellorId: colleague.id,
      sharedForSubstitution: true,
    })
    const queued = await createTestCase({ teamId: eae.id, counsellorId: null })
    const rostockCase = await createTestCase({
      teamId: rostock.id,
      counsellorId: rostockCounsellor.id,
      sharedForSubstitution: true,
    })
    return {
      counsellor,
      colleague,
      lead,
      rostockCounsellor,
      rostockLead,
      own,
      colleagues,
      shared,
      queued,
      rostockCase,
      eae,
      rostock,
    }
  }

  const ids = (result: Awaited<ReturnType<typeof listCases>>) => result.cases.map((row) => row.id).sort()

  test('a counsellor standing in for a colleague: every visible case counted once, with and without filters', async () => {
    // The count adds the own cases (and the absent colleague's) to the shared cases of anyone else or
    // of no one (countCases): a case both own and shared, and a shared case without a counsellor,
    // must count exactly once, the capped count (topic) too.
    const { eae, rostock } = await getTeams()
    const counsellor = await makeUser({ teamId: eae.id })
    const absent = await makeUser({ teamId: eae.id })
    const other = await makeUser({ teamId: eae.id })
    const day = today(new Date()).date
    await prisma.absence.create({ data: { userId: absent.id, substituteId: counsellor.id, startsOn: new Date(day.getTime() - 86_400_000), endsOn: new Date(day.getTime() + 86_400_000) } })
    const make = (counsellorId: string | null, sharedForSubstitution: boolean, teamId = eae.id) =>
      createTestCase({ teamId, counsellorId, sharedForSubstitution })
    const visible = [
      await make(counsellor.id, false),
      await make(counsellor.id, true),
      await make(absent.id, false),
      await make(absent.id, true),
      await make(other.id, true),
      await make(null, true),
    ]
    await make(other.id, false)
    await make(null, false)
    await make(null, true, rostock.id)
    const all = await listCases(counsellor, query())
    expect(all.total).toBe(visible.length)
    expect(ids(all)).toEqual(visible.map((kase) => kase.id).sort())
    const mine = await listCases(counsellor, query({ counsellor: 'me' }))
    expect([mine.total, ids(mine)]).toEqual([2, [visible[0]!.id, visible[1]!.id].sort()])
    const none = await listCases(counsellor, query({ counsellor: 'none' }))
    expect([none.total, ids(none)]).toEqual([1, [visible[5]!.id]])
    const ofAbsent = await listCases(counsellor, query({ counsellor: absent.id, status: 'NOT_CLOSED' }))
    expect([ofAbsent.total, ids(ofAbsent)]).toEqual([2, [visible[2]!.id, visible[3]!.id].sort()])

    const health = await catalogueId('TOPIC', 'HEALTH')
    for (const kase of [visible[1]!, visible[5]!, visible[2]!])
      await prisma.contact.create({
        data: { caseId: kase.id, date: new Date(), durationMinutes: 30, mode: 'OFFICE', setting: 'INDIVIDUAL', topics: { create: { topicId: health } } },
      })
    const topic = await listCases(counsellor, query({ topic: String(health) }))
    expect([topic.total, topic.capped, ids(topic)]).toEqual([3, false, [visible[1]!.id, visible[2]!.id, visible[5]!.id].sort()])
  })

  test('need-to-know: own and shared cases for a counsellor, the whole team for a lead, never another team', async () => {
    const a = await arrangeTeams()
    const mine = await listCases(a.counsellor, query())
    expect(ids(mine)).toEqual([a.own.id, a.shared.id].sort())
    expect(mine.total).toBe(2)

    const team = await listCases(a.lead, query())
    expect(ids(team)).toEqual([a.own.id, a.colleagues.id, a.shared.id, a.queued.id].sort())

    const rostock = await listCases(a.rostockCounsellor, query())
    expect(ids(rostock)).toEqual([a.rostockCase.id])

    // asking for the other team, the other team's counsellor or its code changes nothing
    expect((await listCases(a.counsellor, query({ team: a.rostock.id }))).total).toBe(0)
    expect((await listCases(a.lead, query({ counsellor: a.rostockCounsellor.id }))).total).toBe(0)
    expect((await listCases(a.counsellor, query({ q: a.rostockCase.pseudonymCode }))).total).toBe(0)
    expect(
      (await listCases(a.rostockLead, query({ q: a.own.pseudonymCode.slice(0, 4) }))).cases.map(
        (row) => row.id,
      ),
    ).not.toContain(a.own.id)

    const admin = await makeUser({ role: 'ADMIN', teamId: a.eae.id })
    expect((await listCases(admin, query())).total).toBe(0)
  })

  test('filters: counsellor me / none / id, status, programme, overdue follow-up, topic', async () => {
    const a = await arrangeTeams()
    expect(ids(await listCases(a.lead, query({ counsellor: 'none' })))).toEqual([a.queued.id])
    expect(ids(await listCases(a.counsellor, query({ counsellor: 'me' })))).toEqual([a.own.id])
    expect(ids(await listCases(a.lead, query({ counsellor: a.colleague.id })))).toEqual(
      [a.colleagues.id, a.shared.id].sort(),
    )

    await prisma.case.update({ where: { id: a.colleagues.id }, data: { status: 'PAUSED', programme: 'JMD' } })
    expect(ids(await listCases(a.lead, query({ status: 'PAUSED' })))).toEqual([a.colleagues.id])
    expect(ids(await listCases(a.lead, query({ programme: 'JMD' })))).toEqual([a.colleagues.id])
    expect((await listCases(a.lead, query({ status: 'BOGUS' }))).total).toBe(4) // unknown values are ignored

    const past = new Date(Date.now() - 3 * 86_400_000)
    const future = new Date(Date.now() + 3 * 86_400_000)
    await prisma.followUp.create({
      data: { caseId: a.own.id, source: 'MANUAL', dueDate: past, assigneeId: a.counsellor.id },
    })
    await prisma.followUp.create({ data: { caseId: a.shared.id, source: 'MANUAL', dueDate: future } })
    await prisma.followUp.create({
      data: { caseId: a.queued.id, source: 'MANUAL', dueDate: past, doneAt: new Date() },
    })
    const overdue = await listCases(a.lead, query({ overdue: '1' }))
    expect(ids(overdue)).toEqual([a.own.id])
    expect(overdue.cases[0]).toMatchObject({ followUpOverdue: true, nextFollowUp: past.toISOString() })

    const health = await catalogueId('TOPIC', 'HEALTH')
    await prisma.contact.create({
      data: {
        caseId: a.shared.id,
        date: new Date(),
        durationMinutes: 30,
        mode: 'OFFICE',
        setting: 'INDIVIDUAL',
        topics: { create: { topicId: health } },
      },
    })
    expect(ids(await listCases(a.lead, query({ topic: String(health) })))).toEqual([a.shared.id])

    // kind, team, "not closed", and several filters at once
    await prisma.case.update({ where: { id: a.own.id }, data: { kind: 'SHORT' } })
    await prisma.case.update({ where: { id: a.queued.id }, data: { status: 'CLOSED' } })
    expect(ids(await listCases(a.lead, query({ kind: 'SHORT' })))).toEqual([a.own.id])
    expect(ids(await listCases(a.lead, query({ status: 'NOT_CLOSED' })))).toEqual([a.own.id, a.colleagues.id, a.shared.id].sort())
    expect(ids(await listCases(a.lead, query({ team: a.eae.id, status: 'NOT_CLOSED', kind: 'CASE_MANAGEMENT', counsellor: a.colleague.id })))).toEqual(
      [a.colleagues.id, a.shared.id].sort(),
    )
    expect((await listCases(a.lead, query({ status: 'NOT_CLOSED', overdue: '1', kind: 'CASE_MANAGEMENT' }))).total).toBe(0)
  })

  test('a very short code prefix matching thousands of clients is searched in the list query itself', async () => {
    const { eae, rostock } = await getTeams()
    const lead = await makeUser({ role: 'TEAM_LEAD', teamId: eae.id })
    // 2,001 clients whose codes start with "ZZ" (more than the look-up takes), three of them with a case.
    await prisma.client.createMany({
      data: Array.from({ length: 2001 }, (_, index) => ({
        pseudonymCode: `ZZ${String(index).padStart(2, '0').slice(-2)}-${String(index).padStart(4, '0')}-0`,
        birthYear: 1990,
        gender: 'FEMALE',
        nationality: 'SY',
        countryOfOrigin: 'SY',
      })),
    })
    const clients = await prisma.client.findMany({ where: { pseudonymCode: { startsWith: 'ZZ' } }, select: { id: true, pseudonymCode: true }, orderBy: { pseudonymCode: 'asc' }, take: 4 })
    const base = await prisma.case.findFirstOrThrow({ where: { id: (await createTestCase({ teamId: eae.id })).id } })
    const { id: _id, clientId: _clientId, ...caseData } = base
    for (const [index, client] of clients.entries())
      await prisma.case.create({ data: { ...caseData, clientId: client.id, teamId: index === 3 ? rostock.id : eae.id, openedAt: new Date(Date.UTC(2026, 0, 1 + index)) } })
    const found = await listCases(lead, query({ q: 'zz', sort: 'code' }))
    expect(found.total).toBe(3) // the fourth is another team's
    expect(found.cases.map((row) => row.pseudonymCode)).toEqual(clients.slice(0, 3).map((client) => client.pseudonymCode))
    expect((await listCases(lead, query({ q: 'zz' }))).cases.map((row) => row.pseudonymCode)).toEqual(clients.slice(0, 3).map((client) => client.pseudonymCode).reverse())
  })

  test('pagination and sorting: 25 per page with the total', async () => {
    const { eae } = await getTeams()
    const lead = await makeUser({ role: 'TEAM_LEAD', teamId: eae.id })
    for (let i = 0; i < 27; i++)
      await createTestCase({ teamId: eae.id, openedAt: new Date(Date.UTC(2026, 0, 1 + i)) })
    const first = await listCases(lead, query())
    expect(first).toMatchObject({ total: 27, page: 1, pages: 2 })
    expect(first.cases).toHaveLength(25)
    expect(first.cases[0]!.openedAt).toBe(new Date(Date.UTC(2026, 0, 27)).toISOString())
    const second = await listCases(lead, query({ page: '2' }))
    expect(second.cases).toHaveLength(2)
    const oldest = await listCases(lead, query({ sort: 'opened-asc' }))
    expect(oldest.cases[0]!.openedAt).toBe(new Date(Date.UTC(2026, 0, 1)).toISOString())
    const byCode = await listCases(lead, query({ sort: 'code' }))
    const codes = byCode.cases.map((row) => row.pseudonymCode)
    expect(codes).toEqual([...codes].sort())
    await prisma.case.updateMany({ where: { id: oldest.cases[3]!.id }, data: { lastContactAt: new Date() } })
    expect((await listCases(lead, query({ sort: 'last-contact' }))).cases[0]!.id).toBe(oldest.cases[3]!.id)
  })

  test('topic filter: a contact’s topics carry its case (database triggers), also when topics are added later or the contact moves', async () => {
    const { eae } = await getTeams()
    const lead = await makeUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const [first, second] = [await createTestCase({ teamId: eae.id }), await createTestCase({ teamId: eae.id })]
    const [health, work] = [await catalogueId('TOPIC', 'HEALTH'), await catalogueId('TOPIC', 'WORK')]
    const contact = await prisma.contact.create({
      data: { caseId: first.id, date: new Date(), durationMinutes: 30, mode: 'OFFICE', setting: 'INDIVIDUAL', topics: { create: { topicId: health } } },
    })
    await prisma.contactTopic.createMany({ data: [{ contactId: contact.id, topicId: work }] })
    expect(await prisma.contactTopic.findMany({ where: { contactId: contact.id }, select: { caseId: true } })).toEqual([{ caseId: first.id }, { caseId: first.id }])
    expect(ids(await listCases(lead, query({ topic: String(work) })))).toEqual([first.id])
    await prisma.contact.update({ where: { id: contact.id }, data: { caseId: second.id } })
    expect(ids(await listCases(lead, query({ topic: String(health) })))).toEqual([second.id])
  })

  test('the case’s copy of its client’s code (database triggers) follows on every write path', async () => {
    const { eae } = await getTeams()
    const [first, second] = [await createTestCase({ teamId: eae.id }), await createTestCase({ teamId: eae.id })]
    const drift = () =>
      prisma.$queryRawUnsafe<Array<{ id: string }>>(
        `SELECT c."id" FROM "Case" c JOIN "Client" cl ON cl."id" = c."clientId" WHERE c."clientCode" IS NOT cl."pseudonymCode"`,
      )
    const copy = async (id: string) => (await prisma.$queryRawUnsafe<Array<{ code: string }>>(`SELECT "clientCode" AS code FROM "Case" WHERE "id" = ?`, id))[0]?.code
    const codeOf = async (id: string) => (await prisma.case.findUniqueOrThrow({ where: { id }, select: { client: { select: { pseudonymCode: true } } } })).client.pseudonymCode
    // inserted
    expect(await copy(first.id)).toBe(await codeOf(first.id))
    // moved to another person's record (the merge of two records of one person)
    const target = await prisma.case.findUniqueOrThrow({ where: { id: second.id }, select: { clientId: true } })
    await prisma.case.update({ where: { id: first.id }, data: { clientId: target.clientId } })
    expect(await copy(first.id)).toBe(await codeOf(second.id))
    // the person's code changed (no code path does this today; raw SQL, a future repair)
    await prisma.$executeRawUnsafe(`UPDATE "Client" SET "pseudonymCode" = 'ZZZZ-ZZZZ-Z' WHERE "id" = ?`, target.clientId)
    expect([await copy(first.id), await copy(second.id)]).toEqual(['ZZZZ-ZZZZ-Z', 'ZZZZ-ZZZZ-Z'])
    // the copy written by hand is put back
    await prisma.$executeRawUnsafe(`UPDATE "Case" SET "clientCode" = 'AAAA-AAAA-A' WHERE "id" = ?`, first.id)
    expect(await copy(first.id)).toBe('ZZZZ-ZZZZ-Z')
    expect(await drift()).toEqual([])
  })

  test('sorted by code: every page in code order, whether read from the code index or sorted (both plans)', async () => {
    const { eae, rostock } = await getTeams()
    const lead = await makeUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const own = []
    for (let i = 0; i < 60; i++) own.push(await createTestCase({ teamId: eae.id }))
    for (let i = 0; i < 20; i++) await createTestCase({ teamId: rostock.id })
    // a returning client: two cases of one person, ordered by case id within the code
    const returning = await prisma.case.findUniqueOrThrow({ where: { id: own[1]!.id }, select: { clientId: true } })
    await prisma.case.update({ where: { id: own[2]!.id }, data: { clientId: returning.clientId } })
    const expected = (
      await prisma.case.findMany({ where: { teamId: eae.id }, select: { id: true, client: { select: { pseudonymCode: true } } } })
    )
      .sort((a, b) => (a.client.pseudonymCode < b.client.pseudonymCode ? -1 : a.client.pseudonymCode > b.client.pseudonymCode ? 1 : a.id < b.id ? -1 : 1))
      .map((row) => row.id)
    // 60 matches of the team's 60 cases: pages 1 and 2 walk the code index, page 3 sorts the matches
    const pages = []
    for (const page of ['1', '2', '3']) pages.push(...(await listCases(lead, query({ sort: 'code', page }))).cases.map((row) => row.id))
    expect(pages).toEqual(expected)
    // with a filter the walk reads each case's row as well: 40 open cases of 60, page 1 walks and
    // page 2 sorts; the same order either way
    await prisma.case.updateMany({ where: { id: { in: own.filter((_, i) => i % 3 === 0).map((row) => row.id) } }, data: { status: 'ACTIVE' } })
    const open = new Set((await prisma.case.findMany({ where: { teamId: eae.id, status: 'OPEN' }, select: { id: true } })).map((row) => row.id))
    expect(open.size).toBe(40)
    const filtered = []
    for (const page of ['1', '2']) filtered.push(...(await listCases(lead, query({ sort: 'code', status: 'OPEN', page }))).cases.map((row) => row.id))
    expect(filtered).toEqual(expected.filter((id) => open.has(id)))
    // The walk reads the team's cases in code order from the index alone (listCases names it).
    await prisma.$executeRawUnsafe('ANALYZE')
    const plan = (
      await prisma.$queryRawUnsafe<Array<{ detail: string }>>(
        `EXPLAIN QUERY PLAN SELECT c."id" FROM "Case" c INDEXED BY "Case_teamId_clientCode_id_idx"
          WHERE c."teamId" = ? ORDER BY c."clientCode" ASC, c."id" ASC LIMIT 26 OFFSET 975`,
        eae.id,
      )
    ).map((row) => row.detail)
    expect(plan).toEqual(['SEARCH c USING COVERING INDEX Case_teamId_clientCode_id_idx (teamId=?)'])
  })
})

describe('code search', () => {
  test('interpretation of the search box', () => {
    const code = codeFrom('K7Q4M2XD')
    expect(interpretCodeQuery(undefined)).toEqual({ kind: 'none' })
    expect(interpretCodeQuery(code.toLowerCase().replace(/-/g, ''))).toEqual({ kind: 'exact', code })
    expect(interpretCodeQuery('k7q4 m')).toEqual({ kind: 'prefix', prefix: 'K7Q4-M' })
    expect(interpretCodeQuery('Müller')).toEqual({ kind: 'invalid' })
    expect(interpretCodeQuery(code + 'X')).toEqual({ kind: 'invalid' })
    const typo = code.slice(0, 10) + (code.endsWith('0') ? '1' : '0')
    expect(interpretCodeQuery(typo)).toMatchObject({ kind: 'wrong-check', code: typo })
  })

  test('exact and prefix search, tolerant of case, dashes and Crockford aliases', async () => {
    const { eae } = await getTeams()
    const counsellor = await makeUser({ teamId: eae.id })
    const made = await createClientAndCase(counsellor, await validInput({ counsellorId: counsellor.id }), {
      generateCode: () => codeFrom('K7Q40M2X'),
    })
    await createClientAndCase(counsellor, await validInput({ counsellorId: counsellor.id }), {
      generateCode: () => codeFrom('K7Q4ABCD'),
    })
    await createClientAndCase(counsellor, await validInput({ counsellorId: counsellor.id }), {
      generateCode: () => codeFrom('Z7Q4ABCD'),
    })
    expect(made.ok).toBe(true)
    const code = codeFrom('K7Q40M2X')
    const exact = await listCases(
      counsellor,
      query({ q: code.toLowerCase().replace(/-/g, '').replace('0', 'o') }),
    )
    expect(exact.search).toEqual({ kind: 'exact', code })
    expect(exact.cases.map((row) => row.pseudonymCode)).toEqual([code])
    const prefix = await listCases(counsellor, query({ q: 'k7q4' }))
    expect(prefix.total).toBe(2)
    // sorted like the unfiltered list (newest first), or by code when asked
    expect(prefix.cases.map((row) => row.pseudonymCode)).toEqual([codeFrom('K7Q4ABCD'), code])
    const byCode = await listCases(counsellor, query({ q: 'k7q4', sort: 'code' }))
    expect(byCode.cases.map((row) => row.pseudonymCode)).toEqual([code, codeFrom('K7Q4ABCD')])
    expect((await listCases(counsellor, query({ q: 'k7q4', page: '2' }))).cases).toEqual([])
    expect((await listCases(counsellor, query({ q: 'K7Q4-0' }))).total).toBe(1)
    expect((await listCases(counsellor, query({ q: 'K7Q4-U' }))).search).toEqual({ kind: 'invalid' })
  })

  test('a wrong check symbol suggests the visible case one typo away ("Meinten Sie …?")', async () => {
    const { eae, rostock } = await getTeams()
    const counsellor = await makeUser({ teamId: eae.id })
    const rostockCounsellor = await makeUser({ teamId: rostock.id })
    const made = await createClientAndCase(counsellor, await validInput({ counsellorId: counsellor.id }), {
      generateCode: () => codeFrom('K7Q4M2XD'),
    })
    if (!made.ok) throw new Error('not created')
    const swapped = 'K7Q4-M2DX-' + made.pseudonymCode.slice(-1)
    const result = await listCases(counsellor, query({ q: swapped }))
    expect(result.total).toBe(0)
    expect(result.search).toEqual({
      kind: 'wrong-check',
      code: swapped,
      didYouMean: [{ code: made.pseudonymCode, caseId: made.caseId }],
    })
    // the same typo reveals nothing to another team
    const foreign = await listCases(rostockCounsellor, query({ q: swapped }))
    expect(foreign.search).toEqual({ kind: 'wrong-check', code: swapped, didYouMean: [] })
  })
})

describe('case list filter options', () => {
  test('the team’s active counsellors and team leads by name, and every topic in catalogue order', async () => {
    const { eae, rostock } = await getTeams()
    const lead = await makeUser({ role: 'TEAM_LEAD', teamId: eae.id, displayName: 'Zora Lead' })
    const anna = await makeUser({ teamId: eae.id, displayName: 'Anna Counsellor' })
    await makeUser({ teamId: rostock.id, displayName: 'Bert Elsewhere' })
    await makeUser({ teamId: eae.id, displayName: 'Carl Gone', active: false })
    const options = await caseListFilterOptions(lead, 'en')
    expect(options.counsellors).toEqual([
      { value: anna.id, label: 'Anna Counsellor' },
      { value: lead.id, label: 'Zora Lead' },
    ])
    const topics = await prisma.catalogueEntry.findMany({ where: { catalogue: 'TOPIC' }, orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }] })
    expect(options.topics).toEqual(topics.map((topic) => ({ value: String(topic.id), label: topic.labelEn })))
    expect((await caseListFilterOptions(lead, 'de')).topics[0]!.label).toBe(topics[0]!.labelDe)
    // A counsellor's list offers no choice among the team's counsellors: none are read or sent.
    const counsellorOptions = await caseListFilterOptions(anna, 'en')
    expect(counsellorOptions.counsellors).toEqual([])
    expect(counsellorOptions.topics).toEqual(options.topics)
  })
})
