// The group-session form's participant choice (issue 19, session 22) reads straight from the
// connection: it must answer what the ORM and the policy answer — every case the actor may write, not
// closed, in code order, the first 300 of them — over the same data: every role, own, shared,
// substituted and foreign cases of every status, and a team whose cases pass the choice's 300. Until
// session 22 the 300 were cut among the readable cases before the right to write was checked (the
// ORM's reading then, `take: 300` before the filter): a counsellor with many shared cases of
// colleagues could not choose most of their own.
import { describe, expect, test } from 'vitest'
import { allowedActions, type Actor } from '#app/domain/access-policy.ts'
import { CASE_STATUSES } from '#app/domain/codes.ts'
import { today } from '#app/domain/follow-up.ts'
import { getSubstitutesFor, visibleCasesWhere } from '#app/models/case-access.server.ts'
import { normalizeCode } from '#app/domain/pseudonym-code.ts'
import { findParticipants, participantOptions } from '#app/models/group-session.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams } from '#tests/factories.ts'
import { expectBoundOutsideThePlanner, plansOf } from '#tests/statement-plans.ts'

const DAY = 86_400_000

/**
 * The choice as the ORM and the policy give it: every visible case not closed, those the actor may
 * write, in code order (equal codes by id), the first 300, and how many there are in all.
 */
async function ormParticipantOptions(actor: Actor, caseId: string, { code, keep = [] }: { code?: string; keep?: string[] } = {}) {
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
    orderBy: [{ client: { pseudonymCode: 'asc' } }, { id: 'asc' }],
  })
  const writable = cases.filter((kase) => allowedActions(actor, kase, { substitutesFor }).includes('write'))
  // a search: the codes that start with the typed code as the domain reads it
  const prefix = code === undefined ? '' : normalizeCode(code)
  const matching = prefix === null ? writable : writable.filter((kase) => kase.client.pseudonymCode.startsWith(prefix))
  const listed = matching.slice(0, 300)
  const listedIds = new Set(listed.map((kase) => kase.id))
  const option = (kase: (typeof cases)[number]) => ({ value: kase.id, label: kase.client.pseudonymCode })
  return {
    options: listed.map(option),
    total: matching.length,
    // the ticked cases the list does not hold, each still writable and open (cases is in code order)
    kept: writable.filter((kase) => keep.includes(kase.id) && !listedIds.has(kase.id)).map(option),
  }
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

/**
 * The team's codes in the written form (`R999-9876-0`), in the reverse order of their cases' creation:
 * what the search reads a typed code as (the check symbol is not checked by a search).
 */
async function groupedCodes(teamId: string) {
  await prisma.$executeRawUnsafe(
    `UPDATE "Client" SET "pseudonymCode" = 'R' || substr(printf('%07d', 9999999 - "rowid"), 1, 3) || '-' || substr(printf('%07d', 9999999 - "rowid"), 4, 4) || '-0'
      WHERE "id" IN (SELECT "clientId" FROM "Case" WHERE "teamId" = ?)`,
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
      actors.map(async (actor) => (await participantOptions(actor, w.cases[0]!)).options.length),
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
    // the lead's list is cut and counts the team's open cases besides this one
    const lead = await participantOptions(w.lead, w.cases[0]!)
    const teamOpen = await prisma.case.count({
      where: { teamId: w.teamId, status: { not: 'CLOSED' }, id: { not: w.cases[0]! } },
    })
    expect(lead.options).toHaveLength(300)
    expect(lead.total).toBe(teamOpen)
    expect(teamOpen).toBeGreaterThan(300)
    // counted on the index of the team and the status alone, every value +?
    const counts = await plansOf(() => participantOptions(w.lead, w.cases[0]!), 'count(*)')
    expect(counts).toHaveLength(1)
    expect(counts[0]!.plan).toContain(
      'USING COVERING INDEX Case_teamId_status_kind_counsellorId_idx (teamId=?',
    )
    await expectBoundOutsideThePlanner(counts)
  }, 120_000)

  test('a counsellor with more than 300 visible cases, fewer than 300 writable: every writable one, no shared-only one', async () => {
    const w = await world()
    // 330 open cases of the colleague shared for substitution: visible to the counsellor, not writable
    for (let start = 0; start < 330; start += 30)
      await Promise.all(
        Array.from({ length: 30 }, () =>
          createTestCase({
            teamId: w.teamId,
            counsellorId: w.colleague.id,
            status: 'ACTIVE',
            sharedForSubstitution: true,
          }),
        ),
      )
    await reverseCodes(w.teamId)
    const visible = await prisma.case.count({
      where: { AND: [await visibleCasesWhere(w.counsellor), { status: { not: 'CLOSED' } }] },
    })
    expect(visible).toBeGreaterThan(300)
    const choice = await participantOptions(w.counsellor, w.cases[0]!)
    expect(choice).toEqual(await ormParticipantOptions(w.counsellor, w.cases[0]!))
    // the counsellor's and the absent colleague's open cases, shared or not, and nothing else
    const writable = await prisma.case.findMany({
      where: {
        teamId: w.teamId,
        counsellorId: { in: [w.counsellor.id, w.absent.id] },
        status: { not: 'CLOSED' },
        id: { not: w.cases[0]! },
      },
      select: { id: true },
    })
    expect(choice.options.map((option) => option.value).sort()).toEqual(writable.map((row) => row.id).sort())
    expect(choice.total).toBe(writable.length)
    const shown = await prisma.case.findMany({
      where: { id: { in: choice.options.map((option) => option.value) } },
      select: { counsellorId: true },
    })
    expect(
      shown.every((row) => row.counsellorId === w.counsellor.id || row.counsellorId === w.absent.id),
    ).toBe(true)
  }, 120_000)

  test('a substitute chooses the absent colleague’s cases on the days of the absence only', async () => {
    const w = await world()
    const absentOpen = await prisma.case.findMany({
      where: { counsellorId: w.absent.id, status: { not: 'CLOSED' } },
      select: { id: true },
    })
    expect(absentOpen.length).toBeGreaterThan(0)
    const chosen = async () =>
      new Set((await participantOptions(w.counsellor, w.cases[0]!)).options.map((option) => option.value))
    // today within the absence (world): the absent colleague's open cases are offered
    const during = await chosen()
    for (const { id } of absentOpen) expect(during.has(id)).toBe(true)
    // the absence moved to begin tomorrow, then to have ended yesterday: not one of them
    const day = today(new Date()).date
    for (const [startsOn, endsOn] of [
      [new Date(day.getTime() + DAY), new Date(day.getTime() + 3 * DAY)],
      [new Date(day.getTime() - 3 * DAY), new Date(day.getTime() - DAY)],
    ] as const) {
      await prisma.absence.updateMany({ where: { userId: w.absent.id }, data: { startsOn, endsOn } })
      const outside = await chosen()
      for (const { id } of absentOpen) expect(outside.has(id)).toBe(false)
      expect(await participantOptions(w.counsellor, w.cases[0]!)).toEqual(
        await ormParticipantOptions(w.counsellor, w.cases[0]!),
      )
    }
  }, 120_000)

  test('the search reaches every writable case past the 300 by the start of its code, keeps the ticked ones, lists nothing else', async () => {
    const w = await world()
    await manyCases(w.teamId, w.colleague.id)
    await groupedCodes(w.teamId)
    for (const actor of [w.lead, w.counsellor, w.colleague]) {
      // the actor's writable codes (all start with R), the last of them in code order
      const codes = (await ormParticipantOptions(actor, w.cases[0]!, { code: 'R' })).options.map((option) => option.label)
      expect(codes.length, actor.role).toBeGreaterThan(0)
      for (const code of [
        codes.at(-1)!, // a whole code
        codes.at(-1)!.slice(0, 5).toLowerCase(), // its start, in small letters
        ` ${codes.at(-1)!.slice(0, 3)} `, // a short start, with spaces
        'R', // every code of the team
        'RZZZ', // none
      ]) {
        const expected = await ormParticipantOptions(actor, w.cases[0]!, { code })
        if (code === codes.at(-1)) expect(expected.options).toHaveLength(1)
        const choice = await participantOptions(actor, w.cases[0]!, { code })
        expect({ options: choice.options, total: choice.total, kept: choice.kept }, `${actor.role} ${code}`).toEqual(expected)
        expect(choice.search).toEqual({ code: normalizeCode(code), kind: normalizeCode(code)!.replaceAll('-', '').length === 9 ? 'exact' : 'prefix' })
      }
    }
    // past the 300: the lead's whole team is longer than the list; its last case is not listed, and found by its code
    expect((await ormParticipantOptions(w.lead, w.cases[0]!)).total).toBeGreaterThan(300)
    const far = (await participantOptions(w.lead, w.cases[0]!)).options.map((option) => option.value)
    const lastCase = await prisma.case.findFirstOrThrow({
      where: { teamId: w.teamId, status: { not: 'CLOSED' }, id: { not: w.cases[0]! } },
      orderBy: [{ client: { pseudonymCode: 'desc' } }, { id: 'desc' }],
      select: { id: true, client: { select: { pseudonymCode: true } } },
    })
    expect(far).not.toContain(lastCase.id)
    expect((await participantOptions(w.lead, w.cases[0]!, { code: lastCase.client.pseudonymCode })).options).toEqual([
      { value: lastCase.id, label: lastCase.client.pseudonymCode },
    ])
    // a lead's search past the 300 is counted along the code's range, not over every open case of the team
    const counts = await plansOf(() => participantOptions(w.lead, w.cases[0]!, { code: 'R' }), 'count(*)')
    expect(counts).toHaveLength(1)
    expect(counts[0]!.plan).toContain('USING INDEX Case_teamId_clientCode_id_idx (teamId=? AND clientCode>? AND clientCode<?)')
    await expectBoundOutsideThePlanner(counts)
  }, 180_000)

  test('ticked cases survive a search that does not find them, each checked again: never this case, a shared-only, closed or foreign one', async () => {
    const w = await world()
    await groupedCodes(w.teamId)
    const cases = await prisma.case.findMany({
      where: { id: { in: [...w.cases, w.foreign.id] } },
      select: { id: true, status: true, counsellorId: true, sharedForSubstitution: true, teamId: true },
    })
    const own = cases.find((kase) => kase.counsellorId === w.counsellor.id && kase.status === 'ACTIVE' && kase.id !== w.cases[0])!
    const ownClosed = cases.find((kase) => kase.counsellorId === w.counsellor.id && kase.status === 'CLOSED')!
    const sharedOnly = cases.find((kase) => kase.counsellorId === w.colleague.id && kase.sharedForSubstitution && kase.status !== 'CLOSED')!
    const substituted = cases.find((kase) => kase.counsellorId === w.absent.id && kase.status === 'PAUSED')!
    const keep = [own.id, ownClosed.id, sharedOnly.id, substituted.id, w.foreign.id, w.cases[0]!, 'unknown-id', own.id]
    for (const actor of [w.counsellor, w.lead, w.stranger]) {
      const choice = await participantOptions(actor, w.cases[0]!, { code: 'RZZZ', keep })
      expect(choice.options, actor.role).toEqual([])
      expect(choice.kept, actor.role).toEqual((await ormParticipantOptions(actor, w.cases[0]!, { code: 'RZZZ', keep })).kept)
    }
    const counsellorKept = (await participantOptions(w.counsellor, w.cases[0]!, { code: 'RZZZ', keep })).kept.map((option) => option.value)
    expect(new Set(counsellorKept)).toEqual(new Set([own.id, substituted.id]))
    // a ticked case the search finds is listed once, among the matches
    const ownCode = (await prisma.case.findUniqueOrThrow({ where: { id: own.id }, select: { clientCode: true } })).clientCode!
    const found = await participantOptions(w.counsellor, w.cases[0]!, { code: ownCode, keep })
    expect(found.options.map((option) => option.value)).toEqual([own.id])
    expect(found.kept.map((option) => option.value)).toEqual([substituted.id])
  })

  test('a search that is not a code says so and lists the first 300 as without it; the form’s search reads the posted fields', async () => {
    const w = await world()
    for (const code of ['K7Q4-U', 'ü', '%', 'K7Q4M2XD9K']) {
      const choice = await participantOptions(w.counsellor, w.cases[0]!, { code })
      expect(choice.search).toEqual({ code: code.trim(), kind: 'invalid' })
      expect({ options: choice.options, total: choice.total, kept: choice.kept }).toEqual(await ormParticipantOptions(w.counsellor, w.cases[0]!))
    }
    const own = (await ormParticipantOptions(w.counsellor, w.cases[0]!)).options[0]!
    const posted = new FormData()
    posted.set('participantCode', own.label.slice(0, 4).toLowerCase())
    posted.append('otherCaseIds', own.value)
    const found = await findParticipants(w.counsellor, w.cases[0]!, posted)
    expect(found.search).toEqual({ code: own.label.slice(0, 4), found: found.total, invalid: false })
    expect(found.options.map((option) => option.value)).toContain(own.value)
    const invalid = new FormData()
    invalid.set('participantCode', ' ü ')
    expect((await findParticipants(w.counsellor, w.cases[0]!, invalid)).search).toEqual({ code: 'ü', found: null, invalid: true })
    // an empty search is none: the first 300, nothing announced
    expect((await findParticipants(w.counsellor, w.cases[0]!, new FormData())).search).toEqual({ code: '', found: null, invalid: false })
  })

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
    // with a search and ticked cases: the code's range on the same index, the ticked cases by their key
    await groupedCodes(w.teamId)
    for (const [actor, range] of [
      [w.lead, 'USING INDEX Case_teamId_clientCode_id_idx (teamId=? AND clientCode>? AND clientCode<?)'],
      [w.counsellor, 'USING INDEX Case_teamId_status_kind_counsellorId_idx (teamId=?'],
    ] as const) {
      // the code of one of the actor’s writable cases (each statement must find a row), another one ticked
      const code = (await prisma.case.findUniqueOrThrow({ where: { id: w.cases[1]! }, select: { clientCode: true } })).clientCode!
      const caught = await plansOf(() => participantOptions(actor, w.cases[0]!, { code, keep: [w.cases[8]!] }), '"clientCode" FROM')
      expect(caught, actor.role).toHaveLength(2)
      expect(caught[0]!.plan).toContain(range)
      expect(caught[1]!.plan).toMatch(/^SEARCH c USING INDEX sqlite_autoindex_Case_1 \(id=\?\)( \| USE TEMP B-TREE FOR ORDER BY)?$/)
      await expectBoundOutsideThePlanner(caught)
    }
    // an administrator sees no case: no statement
    expect(await plansOf(() => participantOptions(w.admin, w.cases[0]!), '"clientCode" FROM')).toHaveLength(0)
  })
})
