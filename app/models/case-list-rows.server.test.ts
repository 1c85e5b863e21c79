// The case list reads its page's rows and its filter choices as arrays (`readRowArrays`, decision 197):
// the columns by position. Every field of every row is compared here with an ORM read of the same cases,
// for a team lead and a counsellor, over values that differ between the rows and between the columns
// (every date distinct, every status, programme and kind distinct), so that two columns read in each
// other's place (in the SQL or in the destructuring) fail the test.
import { describe, expect, test } from 'vitest'
import { type CaseListQuery } from '#app/domain/case-list-query.ts'
import { visibleCasesWhere } from '#app/models/case-access.server.ts'
import { caseListFilterOptions, listCases } from '#app/models/case.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams } from '#tests/factories.ts'

const DAY = 86_400_000
const NOW = new Date('2026-12-07T10:00:00Z')
const at = (daysAgo: number, hour: number) => new Date(NOW.getTime() - daysAgo * DAY + hour * 3_600_000)
const query: CaseListQuery = { sort: 'opened-desc', page: 1 }

type Actor = Awaited<ReturnType<typeof createUser>>

/** The list's rows as the ORM reads the actor's visible cases, newest first (the default sort). */
async function ormRows(actor: Actor) {
  const cases = await prisma.case.findMany({
    where: await visibleCasesWhere(actor),
    orderBy: [{ openedAt: 'desc' }, { id: 'desc' }],
    select: {
      id: true,
      status: true,
      programme: true,
      kind: true,
      openedAt: true,
      lastContactAt: true,
      client: { select: { pseudonymCode: true } },
      counsellor: { select: { displayName: true } },
      followUps: { where: { doneAt: null }, orderBy: { dueDate: 'asc' }, take: 1, select: { dueDate: true } },
    },
  })
  return cases.map((kase) => {
    const next = kase.followUps[0]?.dueDate ?? null
    return {
      id: kase.id,
      pseudonymCode: kase.client.pseudonymCode,
      status: kase.status,
      programme: kase.programme,
      kind: kase.kind,
      counsellorName: kase.counsellor?.displayName ?? null,
      openedAt: kase.openedAt.toISOString(),
      lastContactAt: kase.lastContactAt?.toISOString() ?? null,
      nextFollowUp: next?.toISOString() ?? null,
      followUpOverdue: next !== null && next < NOW,
    }
  })
}

describe('the case list (read as arrays, decision 197)', () => {
  test("every field of every row of a lead's and a counsellor's page is the case, client, counsellor and follow-up as the ORM reads them", async () => {
    const { eae } = await getTeams()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id, displayName: 'Lena Leitung' })
    const counsellor = await createUser({ teamId: eae.id, displayName: 'Carla Liste' })
    const other = await createUser({ teamId: eae.id, displayName: 'Olaf Anders' })
    const made = [
      // the counsellor's: a contact, one follow-up overdue, a later one and a done one
      { counsellorId: counsellor.id, status: 'ACTIVE', programme: 'JMD', kind: 'SHORT', openedAt: at(50, 1), lastContact: at(5, 2), due: [at(3, 0), at(-9, 0)], done: [at(20, 0)], shared: false },
      // no counsellor, shared (the counsellor sees it too); no contact, a follow-up due later
      { counsellorId: null, status: 'OPEN', programme: 'MBE', kind: 'CASE_MANAGEMENT', openedAt: at(40, 3), lastContact: null, due: [at(-4, 0)], done: [], shared: true },
      // the counsellor's, closed; a contact, no follow-up
      { counsellorId: counsellor.id, status: 'CLOSED', programme: 'REFUGEE', kind: 'CASE_MANAGEMENT', openedAt: at(30, 4), lastContact: at(15, 5), due: [], done: [], shared: false },
      // a colleague's, paused; no contact, a follow-up overdue
      { counsellorId: other.id, status: 'PAUSED', programme: 'LAND_MIGRATION', kind: 'SHORT', openedAt: at(20, 6), lastContact: null, due: [at(1, 0)], done: [], shared: false },
      // a colleague's, open: the lead's alone
      { counsellorId: other.id, status: 'OPEN', programme: 'OTHER', kind: 'CASE_MANAGEMENT', openedAt: at(10, 7), lastContact: at(2, 8), due: [], done: [], shared: false },
    ]
    for (const row of made) {
      const kase = await createTestCase({
        teamId: eae.id,
        counsellorId: row.counsellorId,
        status: row.status,
        programme: row.programme,
        kind: row.kind,
        openedAt: row.openedAt,
        sharedForSubstitution: row.shared,
      })
      if (row.lastContact) await prisma.case.update({ where: { id: kase.id }, data: { lastContactAt: row.lastContact } })
      for (const dueDate of row.due) await prisma.followUp.create({ data: { caseId: kase.id, source: 'MANUAL', dueDate } })
      for (const dueDate of row.done) await prisma.followUp.create({ data: { caseId: kase.id, source: 'MANUAL', dueDate, doneAt: dueDate } })
    }

    const ofLead = await listCases(lead, query, NOW)
    expect(ofLead.total).toBe(5)
    expect(ofLead.cases).toEqual(await ormRows(lead))
    // the awkward values are there: no counsellor, closed, no contact, no follow-up, overdue or not
    expect(ofLead.cases.map((row) => row.counsellorName)).toEqual(['Olaf Anders', 'Olaf Anders', 'Carla Liste', null, 'Carla Liste'])
    expect(ofLead.cases.map((row) => row.status)).toEqual(['OPEN', 'PAUSED', 'CLOSED', 'OPEN', 'ACTIVE'])
    expect(ofLead.cases.map((row) => row.lastContactAt !== null)).toEqual([true, false, true, false, true])
    expect(ofLead.cases.map((row) => [row.nextFollowUp !== null, row.followUpOverdue])).toEqual([
      [false, false],
      [true, true],
      [false, false],
      [true, false],
      [true, true],
    ])

    const ofCounsellor = await listCases(counsellor, query, NOW)
    expect(ofCounsellor.total).toBe(3)
    expect(ofCounsellor.cases).toEqual(await ormRows(counsellor))
    expect(ofCounsellor.cases.map((row) => row.status)).toEqual(['CLOSED', 'OPEN', 'ACTIVE'])
  })

  test("the filter choices are the team's counsellors and the topics as the ORM reads them, in both languages", async () => {
    const { eae, rostock } = await getTeams()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id, displayName: 'Lena Leitung' })
    const counsellor = await createUser({ teamId: eae.id, displayName: 'Carla Liste' })
    await createUser({ teamId: eae.id, displayName: 'Ines Inaktiv', active: false })
    await createUser({ teamId: rostock.id, displayName: 'Rolf Rostock' })
    await createUser({ role: 'ADMIN', teamId: eae.id, displayName: 'Adam Admin' })
    const people = await prisma.user.findMany({
      where: { teamId: eae.id, active: true, role: { in: ['COUNSELLOR', 'TEAM_LEAD'] } },
      orderBy: { displayName: 'asc' },
      select: { id: true, displayName: true },
    })
    const topics = await prisma.catalogueEntry.findMany({
      where: { catalogue: 'TOPIC' },
      orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
      select: { id: true, labelDe: true, labelEn: true },
    })
    // topics whose two labels differ, so that the one read in the other's place shows
    expect(topics.filter((topic) => topic.labelDe !== topic.labelEn).length).toBeGreaterThan(1)
    const counsellors = people.map((person) => ({ value: person.id, label: person.displayName }))
    expect(counsellors.map((choice) => choice.label)).toEqual(['Carla Liste', 'Lena Leitung'])
    for (const language of ['de', 'en'] as const) {
      const topicChoices = topics.map((topic) => ({ value: String(topic.id), label: language === 'en' ? topic.labelEn : topic.labelDe }))
      expect(await caseListFilterOptions(lead, language)).toEqual({ counsellors, topics: topicChoices })
      expect(await caseListFilterOptions(counsellor, language)).toEqual({ counsellors: [], topics: topicChoices })
    }
  })
})
