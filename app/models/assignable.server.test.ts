// "Who may receive a case" (decision 241) is written once (assignable.server.ts) and used by every place that offers
// or checks a person for a case of a team. For each place: an active counsellor and a team lead of the team are
// offered or accepted; a deactivated colleague, an administrator of the team, a counsellor of another team and a
// counsellor moved to another team are left out or refused. Each place's test fails when its filter loses any part.
import { beforeEach, describe, expect, test, vi } from 'vitest'
import { type Actor } from '#app/domain/access-policy.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { prisma } from '#app/utils/db.server.ts'
import { catalogueId, createTestCase, createUser, getTeams, inRequest } from '#tests/factories.ts'
import { assignableSql, assignableWhere, mayReceiveCase } from './assignable.server.ts'
import { requireCaseAccess } from './case-access.server.ts'
import { importCases } from './case-import.server.ts'
import {
  assignableCounsellors,
  caseListFilterOptions,
  createClientAndCase,
  listCases,
  type NewCaseInput,
} from './case.server.ts'
import { createReturningCase } from './client.server.ts'
import { listHandoverColleagues, listOrphanedCases } from './staff-change.server.ts'
import { confirmTakeover } from './takeover.server.ts'
import { assigneeAvailable } from './team-lead.server.ts'
import { updateUser } from './user.server.ts'

/** A team with the two who may receive its cases and the four who may not. */
async function people() {
  const { rostock, greifswald } = await getTeams()
  const stamp = Date.now()
  const lead = await createUser({
    role: 'TEAM_LEAD',
    teamId: rostock.id,
    email: `lead.${stamp}@assignable.example`,
  })
  const counsellor = await createUser({
    role: 'COUNSELLOR',
    teamId: rostock.id,
    email: `counsellor.${stamp}@assignable.example`,
  })
  const inactive = await createUser({
    role: 'COUNSELLOR',
    teamId: rostock.id,
    active: false,
    email: `inactive.${stamp}@assignable.example`,
  })
  const admin = await createUser({
    role: 'ADMIN',
    teamId: rostock.id,
    email: `admin.${stamp}@assignable.example`,
  })
  const otherTeam = await createUser({
    role: 'COUNSELLOR',
    teamId: greifswald.id,
    email: `other.${stamp}@assignable.example`,
  })
  const moved = await createUser({
    role: 'COUNSELLOR',
    teamId: rostock.id,
    email: `moved.${stamp}@assignable.example`,
  })
  await updateUser(
    moved.id,
    {
      email: moved.email,
      displayName: moved.displayName,
      languages: [],
      role: 'COUNSELLOR',
      teamId: greifswald.id,
    },
    admin.id,
  )
  const leadActor: Actor = { id: lead.id, teamId: rostock.id, role: 'TEAM_LEAD' }
  return {
    rostock,
    lead,
    leadActor,
    admin,
    accepted: { lead, counsellor },
    refused: { inactive, admin, otherTeam, moved },
  }
}

type Person = { id: string; email: string }
const ids = (list: Array<{ id: string }>) => list.map((person) => person.id)

/** Every refused person is absent from `offered`, every accepted one present. */
function offersExactly(
  offered: string[],
  { accepted, refused }: { accepted: Record<string, Person>; refused: Record<string, Person> },
) {
  for (const [who, person] of Object.entries(accepted)) expect(offered, who).toContain(person.id)
  for (const [who, person] of Object.entries(refused)) expect(offered, who).not.toContain(person.id)
}

async function newCaseInput(counsellorId: string): Promise<NewCaseInput> {
  return {
    birthYear: 1994,
    gender: 'FEMALE',
    nationality: 'SY',
    countryOfOrigin: 'SY',
    languages: ['arb'],
    residenceStatusId: await catalogueId('RESIDENCE_STATUS', 'GESTATTUNG'),
    residenceStatusSince: new Date('2026-01-15'),
    arrivalMonth: '2025-12',
    householdAdults: 1,
    householdChildren: 0,
    programme: 'MBE',
    accessRoute: 'EAE_REFERRAL',
    germanLevel: 'NONE',
    startPlace: 'EAE',
    kind: 'CASE_MANAGEMENT',
    familyMembersCounselled: 0,
    sharedForSubstitution: false,
    counsellorId,
  }
}

describe('the rule, written once', () => {
  test('the SQL form is the text the statements had, so that their plans stay as they were', () => {
    expect(assignableSql('t', 'u').sql).toBe(
      `u."teamId" = +? AND u."active" = 1 AND u."role" IN ('COUNSELLOR', 'TEAM_LEAD')`,
    )
    expect(assignableSql('t').sql).toBe(
      `"teamId" = +? AND "active" = 1 AND "role" IN ('COUNSELLOR', 'TEAM_LEAD')`,
    )
    expect(assignableSql('t').values).toEqual(['t'])
    expect(assignableWhere('t')).toEqual({
      teamId: 't',
      active: true,
      role: { in: ['COUNSELLOR', 'TEAM_LEAD'] },
    })
  })

  test('the SQL form and the Prisma form find the same people', async () => {
    const { rostock, ...cast } = await people()
    const bySql = await prisma.$queryRaw<Array<{ id: string }>>(
      Prisma.sql`SELECT u."id" FROM "User" u WHERE ${assignableSql(rostock.id, 'u')} ORDER BY u."id"`,
    )
    const byWhere = await prisma.user.findMany({
      where: assignableWhere(rostock.id),
      select: { id: true },
      orderBy: { id: 'asc' },
    })
    expect(ids(bySql)).toEqual(ids(byWhere))
    offersExactly(ids(bySql), cast)
  })

  test("the check inside a transaction (mayReceiveCase, and the assignment's assigneeAvailable)", async () => {
    const { rostock, accepted, refused } = await people()
    for (const check of [mayReceiveCase, assigneeAvailable]) {
      const answers = await prisma.$transaction(async (tx) => {
        const all = { ...accepted, ...refused }
        const entries = await Promise.all(
          Object.entries(all).map(
            async ([who, person]) => [who, await check(tx, rostock.id, person.id)] as const,
          ),
        )
        return Object.fromEntries(entries)
      })
      expect(answers).toEqual({
        lead: true,
        counsellor: true,
        inactive: false,
        admin: false,
        otherTeam: false,
        moved: false,
      })
    }
  })
})

describe('each place that offers or checks a person for a case', () => {
  test('the new-case form offers (assignableCounsellors) and accepts (createClientAndCase) exactly them', async () => {
    const { rostock, leadActor, accepted, refused } = await people()
    offersExactly(ids(await assignableCounsellors(rostock.id)), { accepted, refused })
    for (const [who, person] of Object.entries(refused)) {
      const result = await inRequest(
        async () => createClientAndCase(leadActor, await newCaseInput(person.id)),
        { method: 'POST' },
      )
      expect(result.result, who).toEqual({
        ok: false,
        fieldErrors: { counsellorId: ['cases:errors.counsellor'] },
      })
    }
    expect(await prisma.case.count({ where: { counsellorId: { in: ids(Object.values(refused)) } } })).toBe(0)
    const created = await inRequest(
      async () => createClientAndCase(leadActor, await newCaseInput(accepted.counsellor.id)),
      { method: 'POST' },
    )
    expect(created.result.ok).toBe(true)
  })

  test("the case list's counsellor filter offers exactly them (caseListFilterOptions)", async () => {
    const { leadActor, accepted, refused } = await people()
    const { counsellors } = await caseListFilterOptions(leadActor, 'de')
    offersExactly(
      counsellors.map((option) => option.value),
      { accepted, refused },
    )
  })

  test('a further case for a returning client goes only to them (createReturningCase)', async () => {
    const { rostock, leadActor, accepted, refused } = await people()
    const closed = await createTestCase({ teamId: rostock.id, status: 'CLOSED' })
    const access = (await inRequest(() => requireCaseAccess(leadActor, closed.id, 'read'))).result
    const input = {
      programme: 'MBE',
      accessRoute: 'WORD_OF_MOUTH',
      germanLevel: 'A1',
      startPlace: 'OWN_FLAT',
      kind: 'SHORT',
      familyMembersCounselled: 0,
      sharedForSubstitution: false,
    } as const
    for (const [who, person] of Object.entries(refused)) {
      const result = await inRequest(
        () => createReturningCase(leadActor, access, { ...input, counsellorId: person.id }),
        { method: 'POST' },
      )
      expect(result.result, who).toEqual({
        ok: false,
        fieldErrors: { counsellorId: ['cases:errors.counsellor'] },
      })
    }
    expect(await prisma.case.count({ where: { clientId: closed.clientId } })).toBe(1)
    const created = await inRequest(
      () => createReturningCase(leadActor, access, { ...input, counsellorId: accepted.counsellor.id }),
      { method: 'POST' },
    )
    expect(created.result.ok).toBe(true)
  })

  test('a takeover is confirmed only for them (confirmTakeover: the requester checked in its transaction)', async () => {
    const { rostock, leadActor, accepted, refused } = await people()
    for (const [who, person] of Object.entries(refused)) {
      const kase = await createTestCase({ teamId: rostock.id })
      const request = await prisma.takeoverRequest.create({
        data: { caseId: kase.id, requestedById: person.id },
        select: { id: true },
      })
      const decision = await inRequest(
        () => confirmTakeover(leadActor, { requestId: request.id, version: kase.version }),
        { method: 'POST' },
      )
      expect(decision.result, who).toEqual({ ok: false, reason: 'requester-unavailable' })
      expect(
        await prisma.case.findUniqueOrThrow({
          where: { id: kase.id },
          select: { counsellorId: true, version: true },
        }),
      ).toEqual({ counsellorId: null, version: kase.version })
    }
    const kase = await createTestCase({ teamId: rostock.id })
    const request = await prisma.takeoverRequest.create({
      data: { caseId: kase.id, requestedById: accepted.counsellor.id },
      select: { id: true },
    })
    expect(
      (
        await inRequest(() => confirmTakeover(leadActor, { requestId: request.id, version: kase.version }), {
          method: 'POST',
        })
      ).result,
    ).toEqual({ ok: true, caseId: kase.id })
  })

  test("the go-live import assigns a row's case only to them, by e-mail (importCases)", async () => {
    const { rostock, admin, accepted, refused } = await people()
    const header = [
      'Zeilenschlüssel',
      'Eröffnet am',
      'Programm',
      'Berater E-Mail',
      'Geburtsjahr',
      'Geschlecht',
      'Aufenthaltsstatus',
      'Zugangsweg',
      'Deutschkenntnisse',
      'Beratungsbeginn (Ort)',
      'Art des Falls',
    ]
    const everyone = Object.entries({ ...accepted, ...refused })
    const rows = everyone.map(([who, person]) =>
      [
        `AS-${who}-${Date.now()}`,
        '15.03.2024',
        'MBE',
        person.email,
        '1988',
        'weiblich',
        'GESTATTUNG',
        'Mundpropaganda',
        'B1',
        'eigene Wohnung',
        'Case Management',
      ].join(';'),
    )
    const bytes = new TextEncoder().encode(`${[header.join(';'), ...rows].join('\r\n')}\r\n`)
    const actor: Actor = { id: admin.id, teamId: rostock.id, role: 'ADMIN' }
    const report = (
      await inRequest(() => importCases({ actor, teamId: rostock.id, bytes, dryRun: true }), {
        method: 'POST',
      })
    ).result
    const refusedLines = (
      report as { errors: Array<{ line: number; column: string | null; message: string }> }
    ).errors
      .filter((error) => error.column === 'Berater E-Mail')
      .map((error) => `${everyone[error.line - 2]![0]}|${error.message}`)
    expect(refusedLines).toEqual([
      'inactive|import:rowErrors.counsellor',
      'admin|import:rowErrors.counsellor',
      'otherTeam|import:rowErrors.counsellor',
      'moved|import:rowErrors.counsellor',
    ])
  })

  test("an administrator's handover of a leaving person's work offers exactly them, not the person leaving (listHandoverColleagues)", async () => {
    const { rostock, accepted, refused } = await people()
    const leaving = await createUser({ role: 'COUNSELLOR', teamId: rostock.id })
    const offered = ids(await listHandoverColleagues(rostock.id, leaving.id))
    offersExactly(offered, { accepted, refused })
    expect(offered).not.toContain(leaving.id)
  })
})

// Decision 247: the case list's counsellor filter is not the rule. It offers the people the rule accepts and, after them
// and marked, everyone else who holds one of the team's cases, so that a lead finds a former colleague's closed cases.
describe("the case list's counsellor filter: everyone who holds the team's cases (decision 247)", () => {
  test('the people the rule accepts, then the other holders of the team\'s cases marked; nobody else, never for a counsellor', async () => {
    const { rostock, leadActor, accepted, refused } = await people()
    const { greifswald } = await getTeams()
    const { inactive, admin, otherTeam, moved } = refused
    // the refused people hold closed cases of the team (their open work was handed over), except the one of
    // another team, who holds a case there only; a second deactivated colleague holds nothing
    const held = new Map<string, string>()
    for (const person of [inactive, admin, moved]) held.set(person.id, (await createTestCase({ teamId: rostock.id, counsellorId: person.id, status: 'CLOSED' })).id)
    await createTestCase({ teamId: greifswald.id, counsellorId: otherTeam.id, status: 'CLOSED' })
    const idle = await createUser({ role: 'COUNSELLOR', teamId: rostock.id, active: false })
    const greifswaldLead = await createUser({ role: 'TEAM_LEAD', teamId: greifswald.id })
    await createTestCase({ teamId: greifswald.id, counsellorId: greifswaldLead.id })

    const mine = new Set([...Object.values(accepted), ...Object.values(refused), idle, greifswaldLead].map((person) => person.id))
    const { counsellors } = await caseListFilterOptions(leadActor, 'de')
    const offered = counsellors.filter((option) => mine.has(option.value))
    const byName = (people: Array<{ id: string; displayName: string }>) => [...people].sort((a, b) => (a.displayName < b.displayName ? -1 : 1))
    expect(offered).toEqual([
      ...byName(Object.values(accepted)).map((person) => ({ value: person.id, label: person.displayName })),
      { value: inactive.id, label: inactive.displayName, former: 'deactivated' },
      ...byName([admin, moved]).map((person) => ({ value: person.id, label: person.displayName, former: 'elsewhere' })),
    ])
    // the people the rule accepts come first in the whole list, too (the seeded team has more of them)
    const firstFormer = counsellors.findIndex((option) => option.former)
    expect(counsellors.slice(firstFormer).every((option) => option.former)).toBe(true)

    // choosing the deactivated colleague finds their closed case
    const found = await listCases(leadActor, { counsellor: inactive.id, sort: 'opened-desc', page: 1 })
    expect(found.cases.map((row) => row.id)).toEqual([held.get(inactive.id)])
    // another team's lead sees none of this team's people but their own holders
    const theirs = (await caseListFilterOptions({ id: greifswaldLead.id, teamId: greifswald.id, role: 'TEAM_LEAD' }, 'de')).counsellors
    for (const person of [accepted.lead, accepted.counsellor, inactive, admin, idle]) expect(theirs.map((option) => option.value)).not.toContain(person.id)
    expect(theirs.find((option) => option.value === otherTeam.id)).toEqual({ value: otherTeam.id, label: otherTeam.displayName })
    // the moved colleague now belongs to that team and may receive its cases there
    expect(theirs.find((option) => option.value === moved.id)).toEqual({ value: moved.id, label: moved.displayName })
    // a counsellor chooses no people
    expect((await caseListFilterOptions({ id: accepted.counsellor.id, teamId: rostock.id, role: 'COUNSELLOR' }, 'de')).counsellors).toEqual([])
  })
})

describe("the rule's negation", () => {
  // /team's cases left with someone who may not receive them (listOrphanedCases) is the rule turned round, written
  // as its own statement for /team's plan (`active = 0 OR another team OR an administrator`): held equal here.
  test("/team's orphaned cases are exactly the team's open cases held by someone the rule refuses", async () => {
    const { rostock, accepted, refused } = await people()
    const held = new Map<string, string>()
    for (const [who, person] of Object.entries({ ...accepted, ...refused }))
      held.set((await createTestCase({ teamId: rostock.id, counsellorId: person.id })).id, who)
    const orphaned = (await listOrphanedCases(rostock.id)).map((row) => held.get(row.id)).filter(Boolean)
    expect(orphaned.sort()).toEqual(Object.keys(refused).sort())
  })
})

// The new case's and the further case's counsellor are checked by the form (above) and again inside the transaction
// that writes the case, as an assignment is: here the colleague is deactivated between the two — the moment the
// case's transaction begins — and the case is not written.
describe('checked again where the case is written', () => {
  // The client is a Proxy over Prisma's (db.server.ts): a spy lands on its target as an own property, and the
  // configured restore before each test (restoreMocks) leaves that property undefined; removing it gives back
  // Prisma's own method.
  beforeEach(() => {
    const own = Object.getOwnPropertyDescriptor(prisma, '$transaction')
    if (own && own.value === undefined) Reflect.deleteProperty(prisma, '$transaction')
  })

  /** Runs `work` with `change` done just before its first transaction begins (after the form's checks). */
  async function withChangeBeforeTheWrite<T>(change: () => Promise<unknown>, work: () => Promise<T>) {
    const begin = prisma.$transaction.bind(prisma) as (...args: unknown[]) => Promise<unknown>
    vi.spyOn(prisma, '$transaction').mockImplementationOnce((async (...args: unknown[]) => {
      await change()
      return begin(...args)
    }) as never)
    return (await inRequest(work, { method: 'POST' })).result
  }

  test("a new case for a colleague deactivated meanwhile: the counsellor's error, no client and no case written", async () => {
    const { rostock, leadActor, accepted } = await people()
    const [clients, cases] = [await prisma.client.count(), await prisma.case.count()]
    const result = await withChangeBeforeTheWrite(
      () => prisma.user.update({ where: { id: accepted.counsellor.id }, data: { active: false } }),
      async () => createClientAndCase(leadActor, await newCaseInput(accepted.counsellor.id)),
    )
    expect(result).toEqual({ ok: false, fieldErrors: { counsellorId: ['cases:errors.counsellor'] } })
    expect([await prisma.client.count(), await prisma.case.count()]).toEqual([clients, cases])
    expect(await prisma.auditEvent.count({ where: { action: 'case.create', userId: leadActor.id } })).toBe(0)
    expect(rostock.id).toBeTruthy()
  })

  test('a further case for a colleague moved to another team meanwhile: the same, nothing written', async () => {
    const { rostock, leadActor, accepted } = await people()
    const { greifswald } = await getTeams()
    const closed = await createTestCase({ teamId: rostock.id, status: 'CLOSED' })
    const access = (await inRequest(() => requireCaseAccess(leadActor, closed.id, 'read'))).result
    const input = {
      programme: 'MBE',
      accessRoute: 'WORD_OF_MOUTH',
      germanLevel: 'A1',
      startPlace: 'OWN_FLAT',
      kind: 'SHORT',
      familyMembersCounselled: 0,
      sharedForSubstitution: false,
    } as const
    const result = await withChangeBeforeTheWrite(
      () => prisma.user.update({ where: { id: accepted.counsellor.id }, data: { teamId: greifswald.id } }),
      () => createReturningCase(leadActor, access, { ...input, counsellorId: accepted.counsellor.id }),
    )
    expect(result).toEqual({ ok: false, fieldErrors: { counsellorId: ['cases:errors.counsellor'] } })
    expect(await prisma.case.count({ where: { clientId: closed.clientId } })).toBe(1)
  })

  test('a colleague still there, and a counsellor opening their own case, are written as before', async () => {
    const { rostock, leadActor, accepted } = await people()
    const created = await withChangeBeforeTheWrite(
      async () => null,
      async () => createClientAndCase(leadActor, await newCaseInput(accepted.counsellor.id)),
    )
    expect(created.ok).toBe(true)
    const own = await inRequest(
      async () =>
        createClientAndCase(
          { id: accepted.counsellor.id, teamId: rostock.id, role: 'COUNSELLOR' },
          await newCaseInput(accepted.counsellor.id),
        ),
      { method: 'POST' },
    )
    expect(own.result.ok).toBe(true)
  })
})
