// The group-session form's participant choice (issue 19, session 22) reads straight from the
// connection: it must answer exactly what the ORM's reading answered — the former code below, run over
// the same data: every role, own, shared, substituted and foreign cases of every status, and a team
// whose visible cases pass the choice's 300 before the right to write is checked.
import { describe, expect, test } from 'vitest'
import { allowedActions, type Actor } from '#app/domain/access-policy.ts'
import { CASE_STATUSES } from '#app/domain/codes.ts'
import { today } from '#app/domain/follow-up.ts'
import { getSubstitutesFor, visibleCasesWhere } from '#app/models/case-access.server.ts'
import { participantOptions } from '#app/models/group-session.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams } from '#tests/factories.ts'
import { expectBoundOutsideThePlanner, plansOf } from '#tests/statement-plans.ts'

const DAY = 86_400_000

/** participantOptions as it read through the ORM until session 22. */
async function ormParticipantOptions(actor: Actor, caseId: string) {
  const [visible, substitutesFor] = await Promise.all([visibleCasesWhere(actor), getSubstitutesFor(actor)])
  const cases = await prisma.case.findMany({
    where: { AND: [visible, { id: { not: caseId } }, { status: { not: 'CLOSED' } }] },
    select: {
      id: true,
      teamId: true,
      counsellorId: true,
      sharedForSubstitution: true,
      client: { select: { pseudonymCode: true } },
    },
    orderBy: { client: { pseudonymCode: 'asc' } },
    take: 300,
  })
  return cases
    .filter((kase) => allowedActions(actor, kase, { substitutesFor }).includes('write'))
    .map((kase) => ({ value: kase.id, label: kase.client.pseudonymCode }))
}

async function world() {
  const { greifswald, rostock } = await getTeams()
  const teamId = greifswald.id
  const counsellor = await createUser({ teamId })
  const colleague = await createUser({ teamId })
  const absent = await createUser({ teamId })
  const lead = await createUser({ role: 'TEAM_LEAD', teamId })
  const admin = await createUser({ role: 'ADMIN', teamId })
  const stranger = await createUser({ teamId: rostock.id })
  // The absent colleague is away today with the counsellor as substitute.
  const day = today(new Date()).date
  await prisma.absence.create({
    data: {
      userId: absent.id,
      substituteId: counsellor.id,
      startsOn: new Date(day.getTime() - DAY),
      endsOn: new Date(day.getTime() + DAY),
    },
  })
  const cases: string[] = []
  for (const status of CASE_STATUSES)
    for (const counsellorId of [counsellor.id, colleague.id, absent.id, null])
      for (const sharedForSubstitution of [false, true])
        cases.push((await createTestCase({ teamId, counsellorId, status, sharedForSubstitution })).id)
  const foreign = await createTestCase({ teamId: rostock.id, counsellorId: stranger.id })
  return { teamId, counsellor, colleague, absent, lead, admin, stranger, cases, foreign }
}

/** Many open cases of the colleague, every third shared: more than the choice's 300 for every reader. */
async function manyCases(teamId: string, colleagueId: string) {
  for (let start = 0; start < 450; start += 30)
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        createTestCase({
          teamId,
          counsellorId: colleagueId,
          status: i % 4 === 0 ? 'CLOSED' : 'ACTIVE',
          sharedForSubstitution: (start + i) % 3 === 0,
        }),
      ),
    )
}

/** The team's codes in the reverse order of their cases' creation (the ids), so that the two orders differ. */
async function reverseCodes(teamId: string) {
  await prisma.$executeRawUnsafe(
    `UPDATE "Client" SET "pseudonymCode" = 'R' || printf('%07d', 9999999 - "rowid") WHERE "id" IN (SELECT "clientId" FROM "Case" WHERE "teamId" = ?)`,
    teamId,
  )
}

describe('participantOptions', () => {
  test('the same choices, in the same order, as the ORM read them: every role and relation, also past the 300', async () => {
    const w = await world()
    await reverseCodes(w.teamId)
    const actors = [w.counsellor, w.colleague, w.absent, w.lead, w.admin, w.stranger]
    const compare = async () => {
      for (const actor of actors)
        for (const caseId of [w.cases[0]!, w.cases[5]!, w.foreign.id, 'unknown']) {
          const expected = await ormParticipantOptions(actor, caseId)
          expect(await participantOptions(actor, caseId), `${actor.role} ${caseId}`).toEqual(expected)
        }
    }
    await compare()
    // a few choices for each reader here (not all of them empty, not all the same)
    const sizes = await Promise.all(
      actors.map(async (actor) => (await participantOptions(actor, w.cases[0]!)).length),
    )
    expect(sizes.filter((size) => size > 0).length).toBeGreaterThanOrEqual(4)
    expect(new Set(sizes).size).toBeGreaterThanOrEqual(3)
    await manyCases(w.teamId, w.colleague.id)
    await reverseCodes(w.teamId)
    await compare()
    // the cut at 300 reached: more open cases visible than the choice lists, for the lead and the colleague
    for (const actor of [w.lead, w.colleague])
      expect(
        await prisma.case.count({
          where: { AND: [await visibleCasesWhere(actor), { status: { not: 'CLOSED' } }] },
        }),
      ).toBeGreaterThan(300)
  }, 120_000)

  test('one statement, every value +?, on the index named for the whole team and for own and shared cases', async () => {
    const w = await world()
    for (const [actor, index] of [
      [w.lead, 'Case_teamId_clientCode_id_idx'],
      [w.counsellor, 'Case_teamId_status_kind_counsellorId_idx'],
    ] as const) {
      const caught = await plansOf(() => participantOptions(actor, w.cases[0]!), '"clientCode" FROM')
      expect(caught).toHaveLength(1)
      expect(caught[0]!.sql).toContain('LIMIT 300')
      expect(caught[0]!.plan).toContain(`USING INDEX ${index} (teamId=?`)
      await expectBoundOutsideThePlanner(caught)
    }
    // an administrator sees no case: no statement
    expect(await plansOf(() => participantOptions(w.admin, w.cases[0]!), '"clientCode" FROM')).toHaveLength(0)
  })
})
