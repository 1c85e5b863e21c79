// The workload figures of `/team` kept by triggers (decisions 058, 072): each counsellor's cases per
// team, status and kind (CounsellorCaseCount), each author's contacts per stored day
// (ContactDayCount) and each counsellor's referrals per team and status (CounsellorReferralCount).
// Random writes of every kind that changes them, each followed by a comparison of the three tables
// with a recount from "Case", "Contact" and "Referral" and of the team leads' workload with figures
// counted by the ORM; the same sequence with any one of the nine triggers dropped must be caught; the
// 30-day window is the office's calendar (decision 029) at any hour, also across midnight without a write.
import { describe, expect, test } from 'vitest'
import { addDays, parseDay, today } from '#app/domain/follow-up.ts'
import { OPEN_REFERRAL_STATUSES } from '#app/domain/referral-lifecycle.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams, inRequest } from '#tests/factories.ts'
import { scaledAtStart } from '#tests/setup/slowdown.ts'
import { assignFromQueue, getWorkload, reassignCase } from './team-lead.server.ts'

const TRIGGERS = [
  'Case_workload_insert',
  'Case_workload_delete',
  'Case_workload_update',
  'Contact_workload_insert',
  'Contact_workload_delete',
  'Contact_workload_update',
  'Referral_workload_insert',
  'Referral_workload_delete',
  'Referral_workload_update',
] as const

/** A deterministic pseudo-random stream (the same writes on every run). */
function random(seed: number) {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648
    return state / 2_147_483_648
  }
}

type CaseCount = { teamId: string; counsellorId: string; status: string; kind: string; n: number }
type DayCount = { authorId: string; date: string; n: number; minutes: number }
type ReferralCount = { teamId: string; counsellorId: string; status: string; n: number }

const byKey = <T extends Record<string, unknown>>(rows: T[]) => rows.map((row) => JSON.stringify(row)).sort()

/** Both kept tables and their recount from the source rows, as comparable lists. */
async function keptAndRecounted() {
  const keptCases = await prisma.$queryRaw<CaseCount[]>`
    SELECT "teamId", "counsellorId", "status", "kind", CAST("n" AS INTEGER) AS n FROM "CounsellorCaseCount"`
  const countedCases = await prisma.$queryRaw<CaseCount[]>`
    SELECT "teamId", "counsellorId", "status", "kind", COUNT(*) AS n FROM "Case"
    WHERE "counsellorId" IS NOT NULL GROUP BY "teamId", "counsellorId", "status", "kind"`
  // The stored day as text on both sides: the kept row must carry the contact's day itself.
  const keptDays = await prisma.$queryRaw<DayCount[]>`
    SELECT "authorId", CAST("date" AS TEXT) AS date, "n", "minutes" FROM "ContactDayCount"`
  const countedDays = await prisma.$queryRaw<DayCount[]>`
    SELECT "authorId", CAST("date" AS TEXT) AS date, COUNT(*) AS n, SUM("durationMinutes") AS minutes FROM "Contact"
    WHERE "authorId" IS NOT NULL GROUP BY "authorId", "date"`
  // Counted by the case's team and counsellor themselves, not by the copies on the referral.
  const keptReferrals = await prisma.$queryRaw<ReferralCount[]>`
    SELECT "teamId", "counsellorId", "status", CAST("n" AS INTEGER) AS n FROM "CounsellorReferralCount"`
  const countedReferrals = await prisma.$queryRaw<ReferralCount[]>`
    SELECT c."teamId", c."counsellorId", r."status", COUNT(*) AS n FROM "Referral" r JOIN "Case" c ON c."id" = r."caseId"
    WHERE c."counsellorId" IS NOT NULL GROUP BY c."teamId", c."counsellorId", r."status"`
  const plain = <T extends Record<string, unknown>>(rows: T[]) =>
    byKey(rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === 'bigint' ? Number(value) : value]))))
  return {
    kept: { cases: plain(keptCases), days: plain(keptDays), referrals: plain(keptReferrals) },
    counted: { cases: plain(countedCases), days: plain(countedDays), referrals: plain(countedReferrals) },
  }
}

/** The workload's figures as the ORM counts them from the source rows (the independent recount). */
async function workloadByOrm(teamId: string, now: Date) {
  const day = today(now).day
  const since = parseDay(addDays(day, -29))!
  const until = parseDay(day)!
  const people = await prisma.user.findMany({ where: { teamId, active: true, role: { in: ['COUNSELLOR', 'TEAM_LEAD'] } }, select: { id: true } })
  const figures: Record<string, Record<string, number>> = {}
  for (const { id } of people) {
    const contacts = await prisma.contact.aggregate({ where: { authorId: id, date: { gte: since, lte: until } }, _count: { _all: true }, _sum: { durationMinutes: true } })
    figures[id] = {
      openCases: await prisma.case.count({ where: { teamId, counsellorId: id, status: { not: 'CLOSED' } } }),
      activeCaseManagement: await prisma.case.count({ where: { teamId, counsellorId: id, status: 'ACTIVE', kind: 'CASE_MANAGEMENT' } }),
      contacts30d: contacts._count._all,
      minutes30d: contacts._sum.durationMinutes ?? 0,
      overdueFollowUps: await prisma.followUp.count({ where: { assigneeId: id, doneAt: null, dueDate: { lt: until } } }),
      openReferrals: await prisma.referral.count({ where: { case: { teamId, counsellorId: id }, status: { in: [...OPEN_REFERRAL_STATUSES] } } }),
    }
  }
  return figures
}

async function workloadShown(teamId: string, now: Date) {
  const { rows } = await getWorkload(teamId, 'name', 'asc', now)
  return Object.fromEntries(
    rows.map((row) => [
      row.id,
      {
        openCases: row.openCases,
        activeCaseManagement: row.activeCaseManagement,
        contacts30d: row.contacts30d,
        minutes30d: row.minutes30d,
        overdueFollowUps: row.overdueFollowUps,
        openReferrals: row.openReferrals,
      },
    ]),
  )
}

const STATUSES = ['OPEN', 'ACTIVE', 'PAUSED', 'CLOSED']
const WRITES = [
  'case-create', 'case-assign-queue', 'case-reassign', 'case-unassign', 'case-transfer', 'case-close', 'case-reopen',
  'case-status', 'case-kind', 'case-same-values', 'case-staff-change', 'case-delete', 'client-delete',
  'contact-create', 'contact-correct-day', 'contact-correct-duration', 'contact-correct-both',
  'contact-other-author', 'contact-no-author', 'contact-other-case', 'contact-same-values', 'contact-delete', 'contacts-delete-many',
  'referral-create', 'referral-create-with-copies', 'referral-create-stale-copies', 'referral-status', 'referral-other-case', 'referral-same-values', 'referral-delete', 'referrals-delete-many',
] as const
const REFERRAL_STATUSES = [...OPEN_REFERRAL_STATUSES, 'COMPLETED', 'CANCELLED', 'DECLINED', 'NO_SHOW']
const KINDS = ['SHORT', 'CASE_MANAGEMENT']

/**
 * Runs a fixed random sequence of writes of every kind that moves a figure, through the models
 * where they own the write (assignment from the queue, reassignment) and straight on the tables
 * otherwise — triggers see every path alike (an import, a merge, retention and staff changes write
 * these same rows). After each write `check` is called, and a check that answers true ends the writes
 * there (a test that only has to see one difference needs no writes after it: docs/performance.md, "Test
 * suite", session 21); returns the kinds of write made.
 */
async function randomWrites(steps: number, check: (step: string) => Promise<boolean | void>) {
  const { eae, rostock } = await getTeams()
  const teams = [eae, rostock]
  const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
  const people = {
    [eae.id]: [lead.id, (await createUser({ teamId: eae.id })).id, (await createUser({ teamId: eae.id })).id],
    [rostock.id]: [(await createUser({ role: 'TEAM_LEAD', teamId: rostock.id })).id, (await createUser({ teamId: rostock.id })).id],
  }
  const everyone = Object.values(people).flat()
  const next = random(58_0912)
  const pick = <T,>(values: readonly T[]) => values[Math.floor(next() * values.length)]!
  const now = new Date()
  const todayDay = today(now).day
  // Days around the 30-day window's edges: today, the window's first day, the day before it, a future day.
  const someDay = () => parseDay(addDays(todayDay, pick([0, -1, -29, -30, -31, -5, 1, -200])))!
  const cases: string[] = []
  const contacts: string[] = []
  const referrals: string[] = []
  const newCase = async () => {
    const team = pick(teams)
    const kase = await createTestCase({ teamId: team.id, counsellorId: next() < 0.8 ? pick(people[team.id]!) : null, status: pick(STATUSES), kind: pick(KINDS) })
    cases.push(kase.id)
    return kase
  }
  const newContact = async () => {
    const contact = await prisma.contact.create({
      data: { caseId: pick(cases), authorId: next() < 0.9 ? pick(everyone) : null, date: someDay(), durationMinutes: 5 + Math.floor(next() * 120), mode: 'OFFICE', setting: 'INDIVIDUAL' },
      select: { id: true },
    })
    contacts.push(contact.id)
  }
  // Made as the app makes them: without the case's copies, which the copies' trigger sets.
  // With copies (as a restore might write them): the case's own, or stale ones the trigger corrects.
  const newReferral = async (copies?: 'case' | 'stale') => {
    const caseId = pick(cases)
    const kase = await prisma.case.findUniqueOrThrow({ where: { id: caseId }, select: { teamId: true, counsellorId: true } })
    const team = pick(teams)
    const given =
      copies === 'case' ? { caseTeamId: kase.teamId, caseCounsellorId: kase.counsellorId } : copies === 'stale' ? { caseTeamId: team.id, caseCounsellorId: pick(people[team.id]!) } : {}
    const referral = await prisma.referral.create({
      data: { caseId, kind: 'COUNSELLING', urgency: 'REGULAR', status: pick(REFERRAL_STATUSES), sentAt: now, ...given },
      select: { id: true },
    })
    referrals.push(referral.id)
  }
  // The referrals still there after a deletion that may have cascaded to them.
  const keepExistingReferrals = async () => {
    const left = new Set((await prisma.referral.findMany({ where: { id: { in: referrals } }, select: { id: true } })).map((row) => row.id))
    referrals.splice(0, referrals.length, ...referrals.filter((referralId) => left.has(referralId)))
  }
  const kinds = new Set<string>()
  for (let step = 0; step < steps; step++) {
    const kind =
      cases.length < 4
        ? 'case-create'
        : contacts.length < 4
          ? 'contact-create'
          : referrals.length < 4
            ? 'referral-create'
            : pick(WRITES)
    kinds.add(kind)
    const someCase = () => pick(cases)
    const someContact = () => pick(contacts)
    const someReferral = () => pick(referrals)
    switch (kind) {
      case 'case-create':
        await newCase()
        break
      case 'case-assign-queue': {
        // an unassigned open case of the lead's team, assigned from the queue by the lead
        const kase = await createTestCase({ teamId: eae.id, counsellorId: null, status: 'OPEN', kind: pick(KINDS) })
        cases.push(kase.id)
        await inRequest(() => assignFromQueue({ teamId: eae.id, caseIds: [kase.id], counsellorId: pick(people[eae.id]!), note: null }, lead.id))
        break
      }
      case 'case-reassign': {
        const kase = await prisma.case.findUniqueOrThrow({ where: { id: someCase() }, select: { id: true, teamId: true, version: true } })
        await inRequest(() => reassignCase({ caseId: kase.id, teamId: kase.teamId, version: kase.version, counsellorId: pick(people[kase.teamId]!), note: null }, lead.id))
        break
      }
      case 'case-unassign':
        await prisma.case.update({ where: { id: someCase() }, data: { counsellorId: null } })
        break
      case 'case-transfer': {
        // to the other team, to one of its people or to its queue
        const team = pick(teams)
        await prisma.case.update({ where: { id: someCase() }, data: { teamId: team.id, counsellorId: next() < 0.5 ? pick(people[team.id]!) : null } })
        break
      }
      case 'case-close':
        await prisma.case.update({ where: { id: someCase() }, data: { status: 'CLOSED', closedAt: now } })
        break
      case 'case-reopen':
        await prisma.case.update({ where: { id: someCase() }, data: { status: 'OPEN', closedAt: null } })
        break
      case 'case-status':
        await prisma.case.update({ where: { id: someCase() }, data: { status: pick(STATUSES) } })
        break
      case 'case-kind':
        await prisma.case.update({ where: { id: someCase() }, data: { kind: pick(KINDS) } })
        break
      case 'case-same-values': {
        const kase = await prisma.case.findUniqueOrThrow({ where: { id: someCase() }, select: { id: true, teamId: true, counsellorId: true, status: true, kind: true } })
        await prisma.case.update({ where: { id: kase.id }, data: { teamId: kase.teamId, counsellorId: kase.counsellorId, status: kase.status, kind: kase.kind, germanLevel: 'A1' } })
        break
      }
      case 'case-staff-change': {
        // someone leaves: all their open cases go to a colleague of the same team in one statement
        const team = pick(teams)
        const [from, to] = [pick(people[team.id]!), pick(people[team.id]!)]
        await prisma.case.updateMany({ where: { teamId: team.id, counsellorId: from, status: { not: 'CLOSED' } }, data: { counsellorId: to } })
        break
      }
      case 'case-delete': {
        // deleted with its contacts (cascade), as retention deletes a case
        const id = cases.splice(Math.floor(next() * cases.length), 1)[0]!
        await prisma.case.delete({ where: { id } })
        await keepExistingReferrals()
        const left = new Set((await prisma.contact.findMany({ where: { id: { in: contacts } }, select: { id: true } })).map((row) => row.id))
        contacts.splice(0, contacts.length, ...contacts.filter((contactId) => left.has(contactId)))
        break
      }
      case 'client-delete': {
        // a client erased: the cascade takes the cases and their contacts
        const id = cases.splice(Math.floor(next() * cases.length), 1)[0]!
        const { clientId } = await prisma.case.findUniqueOrThrow({ where: { id }, select: { clientId: true } })
        await prisma.client.delete({ where: { id: clientId } })
        await keepExistingReferrals()
        const left = new Set((await prisma.contact.findMany({ where: { id: { in: contacts } }, select: { id: true } })).map((row) => row.id))
        contacts.splice(0, contacts.length, ...contacts.filter((contactId) => left.has(contactId)))
        break
      }
      case 'contact-create':
        await newContact()
        break
      case 'contact-correct-day':
        await prisma.contact.update({ where: { id: someContact() }, data: { date: someDay() } })
        break
      case 'contact-correct-duration':
        await prisma.contact.update({ where: { id: someContact() }, data: { durationMinutes: 5 + Math.floor(next() * 120) } })
        break
      case 'contact-correct-both':
        await prisma.contact.update({ where: { id: someContact() }, data: { date: someDay(), durationMinutes: 5 + Math.floor(next() * 120) } })
        break
      case 'contact-other-author':
        await prisma.contact.update({ where: { id: someContact() }, data: { authorId: pick(everyone) } })
        break
      case 'contact-no-author':
        await prisma.contact.update({ where: { id: someContact() }, data: { authorId: null } })
        break
      case 'contact-other-case':
        await prisma.contact.update({ where: { id: someContact() }, data: { caseId: someCase() } })
        break
      case 'contact-same-values': {
        const contact = await prisma.contact.findUniqueOrThrow({ where: { id: someContact() }, select: { id: true, authorId: true, date: true, durationMinutes: true } })
        await prisma.contact.update({ where: { id: contact.id }, data: { authorId: contact.authorId, date: contact.date, durationMinutes: contact.durationMinutes, nextStep: 'x' } })
        break
      }
      case 'contact-delete':
        await prisma.contact.delete({ where: { id: contacts.splice(Math.floor(next() * contacts.length), 1)[0]! } })
        break
      case 'contacts-delete-many': {
        const id = someCase()
        await prisma.contact.deleteMany({ where: { caseId: id } })
        const left = new Set((await prisma.contact.findMany({ where: { id: { in: contacts } }, select: { id: true } })).map((row) => row.id))
        contacts.splice(0, contacts.length, ...contacts.filter((contactId) => left.has(contactId)))
        break
      }
      case 'referral-create':
        await newReferral()
        break
      case 'referral-create-with-copies':
        await newReferral('case')
        break
      case 'referral-create-stale-copies':
        await newReferral('stale')
        break
      case 'referral-status':
        await prisma.referral.update({ where: { id: someReferral() }, data: { status: pick(REFERRAL_STATUSES) } })
        break
      case 'referral-other-case':
        await prisma.referral.update({ where: { id: someReferral() }, data: { caseId: someCase() } })
        break
      case 'referral-same-values': {
        const referral = await prisma.referral.findUniqueOrThrow({ where: { id: someReferral() }, select: { id: true, status: true } })
        await prisma.referral.update({ where: { id: referral.id }, data: { status: referral.status, reason: 'x' } })
        break
      }
      case 'referral-delete':
        await prisma.referral.delete({ where: { id: referrals.splice(Math.floor(next() * referrals.length), 1)[0]! } })
        break
      case 'referrals-delete-many':
        await prisma.referral.deleteMany({ where: { caseId: someCase() } })
        await keepExistingReferrals()
        break
    }
    if (cases.length < 2) await newCase()
    if (await check(`step ${step} (${kind})`)) break
  }
  return { kinds, teams: teams.map((team) => team.id) }
}

describe('workload figures kept by triggers', () => {
  test('equal a recount after every one of 200 random writes, and the workload equals the ORM\'s count', { timeout: scaledAtStart(60_000) }, async () => {
    const { eae, rostock } = await getTeams()
    const teamIds = [eae.id, rostock.id]
    const workloadEqualsOrm = async (step: string) => {
      for (const teamId of teamIds) expect(await workloadShown(teamId, new Date()), `${step}: ${teamId}`).toEqual(await workloadByOrm(teamId, new Date()))
    }
    let checked = 0
    const { kinds } = await randomWrites(200, async (step) => {
      const { kept, counted } = await keptAndRecounted()
      expect(kept.cases, `${step}: cases`).toEqual(counted.cases)
      expect(kept.days, `${step}: contact days`).toEqual(counted.days)
      expect(kept.referrals, `${step}: referrals`).toEqual(counted.referrals)
      // the page's figures every tenth write (the ORM's recount is slower)
      if (++checked % 10 === 0) await workloadEqualsOrm(step)
    })
    await workloadEqualsOrm('end')
    // every kind of write was made at least once
    expect([...kinds].sort()).toEqual([...WRITES].sort())
  })

  test.each(TRIGGERS)('the same writes without trigger %s are caught', { timeout: scaledAtStart(60_000) }, async (trigger) => {
    await prisma.$executeRawUnsafe(`DROP TRIGGER "${trigger}"`)
    // the first difference is the catch: the writes end there
    let caught = false
    await randomWrites(200, async () => {
      const { kept, counted } = await keptAndRecounted()
      return (caught = JSON.stringify(kept) !== JSON.stringify(counted))
    })
    expect(caught).toBe(true)
  })
})

describe('contacts of the last 30 days: the office\'s calendar', () => {
  test('the window of 30 office days at any hour, also across midnight without a write', async () => {
    const { greifswald } = await getTeams()
    const author = await createUser({ teamId: greifswald.id })
    const kase = await createTestCase({ teamId: greifswald.id, counsellorId: author.id })
    // contacts on each day from 33 days before to 2 days after 5 December 2026, minutes = 1 + offset
    for (let offset = -33; offset <= 2; offset++)
      await prisma.contact.create({
        data: { caseId: kase.id, authorId: author.id, date: parseDay(addDays('2026-12-05', offset))!, durationMinutes: 100 + offset, mode: 'OFFICE', setting: 'INDIVIDUAL' },
      })
    const instants = [
      '2026-12-05T10:00:00Z', // office day 5 December
      '2026-12-05T22:59:59Z', // still 5 December in Germany (UTC+1)
      '2026-12-05T23:00:00Z', // 6 December in Germany, 5 December in UTC
      '2026-12-05T23:30:00Z',
      '2026-12-06T00:30:00Z',
      '2026-12-04T23:30:00Z', // 5 December in Germany, 4 December in UTC
    ]
    for (const instant of instants) {
      const now = new Date(instant)
      const day = today(now).day
      const offsets = Array.from({ length: 30 }, (_, index) => index - 29).map((back) => addDays(day, back))
      const inWindow = offsets.filter((candidate) => candidate >= '2026-11-02' && candidate <= '2026-12-07')
      const expectedMinutes = inWindow.reduce((sum, candidate) => sum + 100 + (Date.parse(candidate) - Date.parse('2026-12-05')) / 86_400_000, 0)
      const shown = (await workloadShown(greifswald.id, now))[author.id]!
      expect(shown, instant).toMatchObject({ contacts30d: inWindow.length, minutes30d: expectedMinutes })
      expect(shown, instant).toEqual((await workloadByOrm(greifswald.id, now))[author.id])
    }
    // the office day turns at 23:00 UTC in winter: one contact more (6 December) and one less (6 November)
    const before = (await workloadShown(greifswald.id, new Date('2026-12-05T22:59:59Z')))[author.id]!
    const after = (await workloadShown(greifswald.id, new Date('2026-12-05T23:00:00Z')))[author.id]!
    expect(after.minutes30d - before.minutes30d).toBe(101 - 71)
  })
})
