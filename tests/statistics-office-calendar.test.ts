// R1 (docs/statistics.md): the statistics date every instant by the German calendar — the day and
// year in which it happened in Germany — and every calendar day by its own day. Each case below
// happens within the hour that the old rule (UTC year, UTC day of an instant) dated a day or a year
// early; the years 2031/2032 hold no other data of this file.
import { describe, expect, test } from 'vitest'
import { computeAggregates } from '#app/models/statistics.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams } from '#tests/factories.ts'

const day = (value: string) => new Date(`${value}T00:00:00.000Z`)

async function contact(caseId: string, authorId: string, date: string) {
  await prisma.contact.create({
    data: { caseId, authorId, date: day(date), durationMinutes: 60, mode: 'OFFICE', setting: 'INDIVIDUAL' },
  })
}

/** The five cases below (each test's database starts empty of cases). */
async function arrange() {
  const teams = await getTeams()
  const author = await createUser({ teamId: teams.eae.id })

  // A: opened at 00:30 on 1 January 2032 German time (23:30 UTC on 31 December 2031), Rostock.
  await createTestCase({ teamId: teams.rostock.id, openedAt: new Date('2031-12-31T23:30:00.000Z') })

  // B: opened in 2031 (EAE), closed at 00:10 on 1 January 2032 German time.
  const b = await createTestCase({ teamId: teams.eae.id, openedAt: new Date('2031-06-01T10:00:00.000Z') })
  const closedAt = new Date('2031-12-31T23:10:00.000Z')
  await prisma.case.update({ where: { id: b.id }, data: { status: 'CLOSED', closedAt } })
  await prisma.caseStatusChange.create({
    data: { caseId: b.id, fromStatus: 'OPEN', toStatus: 'CLOSED', at: closedAt },
  })

  // C: EAE → Rostock at 00:30 on 11 June 2031 German summer time (22:30 UTC on 10 June); a
  // contact on 11 June, the day of the transfer, is the sending team's work (R17).
  const c = await createTestCase({ teamId: teams.eae.id, openedAt: new Date('2031-05-01T09:00:00.000Z') })
  const transferAt = new Date('2031-06-10T22:30:00.000Z')
  await prisma.transfer.create({
    data: {
      caseId: c.id,
      fromTeamId: teams.eae.id,
      toTeamId: teams.rostock.id,
      reason: 'MOVE',
      status: 'DONE',
      at: transferAt,
      completedAt: transferAt,
    },
  })
  await prisma.case.update({ where: { id: c.id }, data: { teamId: teams.rostock.id } })
  await contact(c.id, author.id, '2031-06-11')

  // D (Greifswald): opened at 00:30 on 4 March 2031 German winter time (23:30 UTC on 3 March),
  // first contact on 4 March: 0 days to the first contact.
  const d = await createTestCase({
    teamId: teams.greifswald.id,
    openedAt: new Date('2031-03-03T23:30:00.000Z'),
  })
  await contact(d.id, author.id, '2031-03-04')

  // E (Greifswald): JMD from January 2031, MBE from 00:30 on 1 January 2032 German time; its
  // only contact of 2031 on 31 December falls under JMD (R4, R17).
  const e = await createTestCase({
    teamId: teams.greifswald.id,
    programme: 'JMD',
    openedAt: new Date('2031-01-02T09:00:00.000Z'),
  })
  await prisma.programmePeriod.deleteMany({ where: { caseId: e.id } })
  await prisma.programmePeriod.createMany({
    data: [
      { caseId: e.id, programme: 'JMD', validFrom: new Date('2031-01-02T09:00:00.000Z') },
      { caseId: e.id, programme: 'MBE', validFrom: new Date('2031-12-31T23:30:00.000Z') },
    ],
  })
  await prisma.case.update({ where: { id: e.id }, data: { programme: 'MBE' } })
  await contact(e.id, author.id, '2031-12-31')
  return teams
}

describe('R1: instants count in the German day and year they happened in', () => {
  test('an opening and a closure in the first hour of 1 January count in the new year', async () => {
    await arrange()
    const [org2031, org2032] = await Promise.all([
      computeAggregates(2031, { teamId: null, programme: null }),
      computeAggregates(2032, { teamId: null, programme: null }),
    ])
    // 2031: B, C, D, E opened in it; A is not (the old rule counted A in 2031 and B as closed in 2031).
    expect(org2031.keyFigures).toMatchObject({ cases: 4, newCases: 4, closedCases: 0 })
    // 2032: A opened, B closed (a case of the year by its closure only).
    expect(org2032.keyFigures).toMatchObject({ cases: 2, newCases: 1, closedCases: 1, closureOnlyCases: 1 })
  })

  test('work on the German day of a transfer counts for the sending team', async () => {
    const teams = await arrange()
    const [eae, rostock] = await Promise.all([
      computeAggregates(2031, { teamId: teams.eae.id, programme: null }),
      computeAggregates(2031, { teamId: teams.rostock.id, programme: null }),
    ])
    expect(eae.keyFigures).toMatchObject({ contacts: 1, casesWithWork: 1 })
    expect(rostock.keyFigures).toMatchObject({ contacts: 0, casesWithWork: 0 })
  })

  test('days to the first contact count German calendar days from the opening', async () => {
    const teams = await arrange()
    const greifswald = await computeAggregates(2031, { teamId: teams.greifswald.id, programme: null })
    // D: opened and first seen on 4 March (0 days); E: opened 2 January, first contact 31 December (363 days).
    expect(greifswald.further.daysToFirstContact).toEqual({ median: 181.5, n: 2 })
  })

  test('a programme change in the first hour of 1 January leaves 31 December under the old programme', async () => {
    const teams = await arrange()
    const [jmd, mbe] = await Promise.all([
      computeAggregates(2031, { teamId: teams.greifswald.id, programme: 'JMD' }),
      computeAggregates(2031, { teamId: teams.greifswald.id, programme: 'MBE' }),
    ])
    expect(jmd.keyFigures).toMatchObject({ cases: 1, contacts: 1 })
    expect(mbe.keyFigures).toMatchObject({ cases: 1, contacts: 1 })
  })
})
