// The statistics' case facts (CaseYear, decision 047) are a second copy of what eight tables say —
// which cases count in a year (docs/statistics.md R2) with their first contact of the year, R6's
// closure and reason, R2a and R4's programme facts — kept only by triggers. This test writes at
// random, through the app's models and by raw SQL on every source table, with dates across year
// boundaries: contacts (also backdated before the opening, moved to another year or case),
// closures and reopenings, status changes inserted, moved and deleted, openings and closure dates
// edited, programme changes and programme periods, transfers, referrals, mediations, group
// sessions and their participants; then a client anonymised by the retention run, clients erased
// (erasure model, raw case delete). After every few steps it compares the table with a recount by
// the statement's old definitions (c0, cand, cy and the closure-only row of
// app/models/statistics.server.ts before decision 047), year by year: zero differences. At the end
// the migration's backfill, run afresh, gives the same table.
//
// Every trigger matters: `CASE_YEAR_DROP_TRIGGER=<name> npx vitest run tests/case-year.test.ts`
// drops one trigger before the writes, and the test then fails (checked for each trigger when
// they were written; docs/performance.md, "Annual statistics", 2026-12-05 decision 047 block).
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { scaledAtStart } from '#tests/setup/slowdown.ts'
import { mulberry32 } from '../scripts/lib/random.ts'
import { changeCaseStatus } from '#app/models/case-file.server.ts'
import { requireCaseAccess } from '#app/models/case-access.server.ts'
import { contactAsFormValues, createContact, getContact, updateContact } from '#app/models/contact.server.ts'
import { confirmErasure, requestErasure } from '#app/models/erasure.server.ts'
import { createGroupSession, deleteGroupSession, getGroupSessionForEdit } from '#app/models/group-session.server.ts'
import { runRetention } from '#app/models/retention.server.ts'
import type { ContactFormValues } from '#app/forms/contact.ts'
import type { Actor } from '#app/domain/access-policy.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { officeDaySql, officeYearStart } from '#app/models/office-calendar.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { catalogueId, createTestCase, createUser, getTeams, inRequest } from '#tests/factories.ts'
import { closeCase } from '#tests/privacy-fixtures.ts'


const TRIGGERS = [
  'CaseYear_recount',
  'CaseYear_contact_insert',
  'CaseYear_contact_delete',
  'CaseYear_contact_update',
  'CaseYear_status_insert',
  'CaseYear_status_delete',
  'CaseYear_status_update',
  'CaseYear_case_insert',
  'CaseYear_case_update',
  'CaseYear_case_delete',
  'CaseYear_referral_insert',
  'CaseYear_referral_delete',
  'CaseYear_referral_update',
  'CaseYear_mediation_insert',
  'CaseYear_mediation_delete',
  'CaseYear_mediation_update',
  'CaseYear_participant_insert',
  'CaseYear_participant_delete',
  'CaseYear_participant_update',
  'CaseYear_session_update',
  'CaseYear_programme_insert',
  'CaseYear_programme_delete',
  'CaseYear_programme_update',
]

const YEARS = [2022, 2023, 2024, 2025, 2026, 2027]

/** R1: the first instant of the year in Prisma's text form of a DateTime, as the statement's bounds. */
const isoBound = officeYearStart
/** R1: the German calendar day of a stored DateTime, in SQL (no parameters). */
const dayOf = (value: string) => officeDaySql(Prisma.raw(value)).sql

/**
 * The statement's definitions before decision 047, for one year and all cases: `c0`, `cand` and
 * `cy` (with the programme facts as a programme scope computed them) and the `cases.closure-only`
 * row's test, copied from app/models/statistics.server.ts at 4d9ee5b, with R1's German day and year
 * (2de38db) applied as the statement applied them.
 */
function oldDefinitions(year: number) {
  const ys = `'${isoBound(year)}'`
  const ye = `'${isoBound(year + 1)}'`
  const group = (caseId: string) => `EXISTS (SELECT 1 FROM "GroupSessionParticipant" gp CROSS JOIN "GroupSession" g ON g.id = gp.groupSessionId
      WHERE gp.caseId = ${caseId} AND g.date >= ${ys} AND g.date < ${ye})`
  return `
WITH
pm AS MATERIALIZED (
  SELECT caseId FROM "ProgrammePeriod" GROUP BY caseId HAVING count(*) > 1
),
c0 AS MATERIALIZED (
  SELECT c.id AS caseId, c.rowid AS caseRow, c.openedAt, c.closedAt,
    (SELECT min(k.date) FROM "Contact" k WHERE k.caseId = c.id AND k.date >= ${ys} AND k.date < ${ye}) AS firstContact
  FROM "Case" c
  WHERE c.openedAt < ${ye}
),
cand AS (
  SELECT caseId, caseRow, firstContact FROM c0
  WHERE openedAt >= ${ys}
    OR firstContact IS NOT NULL
    OR (closedAt >= ${ys} AND closedAt < ${ye})
    OR EXISTS (SELECT 1 FROM "CaseStatusChange" s WHERE s.caseId = c0.caseId AND s.at >= ${ys} AND s.at < ${ye} AND +s.toStatus = 'CLOSED')
    OR EXISTS (SELECT 1 FROM "Referral" r WHERE r.caseId = c0.caseId AND r.sentAt >= ${ys} AND r.sentAt < ${ye})
    OR EXISTS (SELECT 1 FROM "LanguageMediation" m WHERE m.caseId = c0.caseId
      AND ((m.performedAt >= ${ys} AND m.performedAt < ${ye}) OR (m.requestedAt >= ${ys} AND m.requestedAt < ${ye})))
    OR ${group('c0.caseId')}
),
cy AS MATERIALIZED (
  SELECT c.id AS caseId, c.openedAt, cand.firstContact,
    CASE WHEN c.id IN (SELECT caseId FROM pm) THEN EXISTS (SELECT 1 FROM "ProgrammePeriod" p WHERE p.caseId = c.id
      AND ${dayOf('p.validFrom')} > ${dayOf(ys)} AND p.validFrom < ${ye}) ELSE 0 END AS programmeChanged,
    CASE WHEN c.id IN (SELECT caseId FROM pm) THEN coalesce(
      (SELECT p.programme FROM "ProgrammePeriod" p WHERE p.caseId = c.id
        AND ${dayOf('p.validFrom')} <= ${dayOf(ys)} ORDER BY p.validFrom DESC LIMIT 1),
      (SELECT p.programme FROM "ProgrammePeriod" p WHERE p.caseId = c.id ORDER BY p.validFrom LIMIT 1),
      c.programme) END AS yearProgramme,
    CASE WHEN c.id IN (SELECT caseId FROM pm) THEN coalesce(
      (SELECT p.programme FROM "ProgrammePeriod" p WHERE p.caseId = c.id
        AND ${dayOf('p.validFrom')} <= coalesce(substr(cand.firstContact, 1, 10), ${dayOf(`max(c.openedAt, ${ys})`)})
        ORDER BY p.validFrom DESC LIMIT 1),
      (SELECT p.programme FROM "ProgrammePeriod" p WHERE p.caseId = c.id ORDER BY p.validFrom LIMIT 1),
      c.programme)
      ELSE coalesce((SELECT p.programme FROM "ProgrammePeriod" p WHERE p.caseId = c.id), c.programme) END AS programme,
    CASE WHEN sc.rowid IS NOT NULL THEN (sc.toStatus = 'CLOSED' AND sc.at >= ${ys})
      ELSE (c.status = 'CLOSED' AND c.closedAt >= ${ys} AND c.closedAt < ${ye}) END AS closedInYear,
    CASE WHEN sc.rowid IS NOT NULL THEN coalesce(sc.closureReasonId, c.closureReasonId) ELSE c.closureReasonId END AS reasonId
  FROM cand CROSS JOIN "Case" c ON c.rowid = cand.caseRow
  LEFT JOIN "CaseStatusChange" sc ON sc.rowid = (
    SELECT s.rowid FROM "CaseStatusChange" s WHERE s.caseId = cand.caseId AND s.at < ${ye} ORDER BY s.at DESC LIMIT 1)
)
SELECT s.caseId, CAST(s.firstContact AS TEXT) AS firstContact, s.closedInYear, s.reasonId, s.programme, s.yearProgramme, s.programmeChanged,
  CASE WHEN s.openedAt >= ${ys} OR s.firstContact IS NOT NULL THEN 0
    WHEN EXISTS (SELECT 1 FROM "Referral" r WHERE r.caseId = s.caseId AND r.sentAt >= ${ys} AND r.sentAt < ${ye}) THEN 0
    WHEN EXISTS (SELECT 1 FROM "LanguageMediation" m WHERE m.caseId = s.caseId
      AND ((m.performedAt >= ${ys} AND m.performedAt < ${ye}) OR (m.requestedAt >= ${ys} AND m.requestedAt < ${ye}))) THEN 0
    WHEN ${group('s.caseId')} THEN 0
    ELSE 1 END AS closureOnly
FROM cy s`
}

type FactRow = {
  caseId: string
  firstContact: string | null
  closedInYear: unknown
  reasonId: unknown
  closureOnly: unknown
  programme: string | null
  yearProgramme: string | null
  programmeChanged: unknown
}

/**
 * One row as a comparable text. The reason is read only for a case closed in the year (the
 * `closure` row filters on closedInYear), and a NULL closedInYear (a CLOSED case without a closure
 * date) counts as not closed wherever it is read, so the facts store 0 and no reason there.
 */
function asText(year: number, row: FactRow) {
  const closed = Number(row.closedInYear ?? 0)
  return JSON.stringify([
    year,
    row.caseId,
    row.firstContact,
    closed,
    closed ? Number(row.reasonId ?? -1) : null,
    Number(row.closureOnly),
    row.programme,
    row.yearProgramme,
    Number(row.programmeChanged),
  ])
}

async function storedFacts() {
  const rows = await prisma.$queryRawUnsafe<Array<FactRow & { year: number | bigint }>>(
    `SELECT year, caseId, CAST(firstContact AS TEXT) AS firstContact, closedInYear, reasonId, closureOnly, programme, yearProgramme, programmeChanged FROM "CaseYear"`,
  )
  return new Set(rows.map((row) => asText(Number(row.year), row)))
}

async function recounted() {
  const facts = new Set<string>()
  for (const year of YEARS) {
    for (const row of await prisma.$queryRawUnsafe<FactRow[]>(oldDefinitions(year))) facts.add(asText(year, row))
  }
  return facts
}

async function expectExact(step: string) {
  const [facts, truth] = await Promise.all([storedFacts(), recounted()])
  const differences = [...[...facts].filter((row) => !truth.has(row)).map((row) => `stored only: ${row}`), ...[...truth].filter((row) => !facts.has(row)).map((row) => `counted only: ${row}`)]
  expect(differences, `after ${step}`).toEqual([])
  // rows before 2022 or after 2027 would escape the recount
  expect(await prisma.caseYear.count({ where: { OR: [{ year: { lt: YEARS[0]! } }, { year: { gt: YEARS.at(-1)! } }] } })).toBe(0)
}

/** The backfill statement (the INSERT … FROM cy;) of the latest migration that fills the facts. */
function backfillStatement() {
  const dir = path.join(process.cwd(), 'prisma', 'migrations')
  const name = fs.readdirSync(dir).sort().filter((entry) => /_case_year(_|$)/.test(entry)).at(-1)!
  const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8')
  const start = sql.indexOf('INSERT INTO "CaseYear"')
  const end = sql.indexOf('FROM cy;', start)
  expect(start).toBeGreaterThan(0)
  expect(end).toBeGreaterThan(start)
  return sql.slice(start, end + 'FROM cy'.length)
}

describe('CaseYear facts', () => {
  test('stay equal to a recount by the statement’s old definitions under random writes by the app and by raw SQL', { timeout: scaledAtStart(300_000) }, async () => {
    const triggers = await prisma.$queryRawUnsafe<Array<{ name: string }>>(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'CaseYear%'`)
    expect(triggers.map((row) => row.name).sort()).toEqual([...TRIGGERS].sort())
    const dropped = process.env.CASE_YEAR_DROP_TRIGGER
    if (dropped) await prisma.$executeRawUnsafe(`DROP TRIGGER "${dropped}"`)

    const seed = 20261205
    const next = mulberry32(seed)
    const pick = <T,>(items: readonly T[]) => items[Math.floor(next() * items.length)]!
    const { eae, rostock } = await getTeams()
    const counsellor = await createUser({ teamId: eae.id, displayName: 'Facts counsellor' })
    const lead = await createUser({ teamId: eae.id, role: 'TEAM_LEAD', displayName: 'Facts lead' })
    const actor: Actor = { id: counsellor.id, role: 'COUNSELLOR', teamId: eae.id }
    const leadActor: Actor = { id: lead.id, role: 'TEAM_LEAD', teamId: eae.id }
    const topic = await catalogueId('TOPIC', 'WORK')
    const reasonIds = await Promise.all(['GOALS_ACHIEVED', 'MOVED'].map((code) => catalogueId('CLOSURE_REASON', code)))
    const openings = ['2023-03-01T09:00:00.000Z', '2024-06-01T09:00:00.000Z', '2024-12-31T23:30:00.000Z', '2025-01-01T00:00:00.000Z', '2025-09-15T09:00:00.000Z']
    const cases = []
    for (const [index, openedAt] of openings.entries()) {
      cases.push(await createTestCase({ teamId: eae.id, counsellorId: counsellor.id, openedAt: new Date(openedAt), programme: index % 2 ? 'JMD' : 'MBE' }))
    }
    const caseIds = cases.map((kase) => kase.id)
    // Year boundaries on purpose: the last and first instants of years, days in between, and a day
    // before most openings (a backdated contact counts in no year of its case).
    const instants = [
      '2022-11-30T00:00:00.000+00:00',
      '2023-12-31T23:59:59.999+00:00',
      '2024-01-01T00:00:00.000+00:00',
      '2024-06-15T00:00:00.000+00:00',
      '2024-12-31T00:00:00.000+00:00',
      '2025-01-01T00:00:00.000+00:00',
      '2025-07-04T00:00:00.000+00:00',
      '2025-12-31T23:00:00.000+00:00',
      '2026-01-01T00:00:00.000+00:00',
      '2026-03-10T00:00:00.000+00:00',
    ]
    const days = instants.map((instant) => instant.slice(0, 10)).filter((day) => day <= '2026-03-10')
    const programmes = ['MBE', 'JMD', 'OTHER']
    const statuses = ['OPEN', 'ACTIVE', 'CLOSED']
    const id = () => `cy-${Math.floor(next() * 1e12).toString(36)}`
    const now = () => new Date().toISOString()
    const idsOf = async (table: string) =>
      (await prisma.$queryRawUnsafe<Array<{ id: string }>>(`SELECT id FROM "${table}" WHERE caseId IN (${caseIds.map(() => '?').join(', ')}) ORDER BY id`, ...caseIds)).map((row) => row.id)
    const sessionIds = async () =>
      (await prisma.$queryRawUnsafe<Array<{ id: string }>>(
        `SELECT DISTINCT g.id FROM "GroupSession" g JOIN "GroupSessionParticipant" gp ON gp.groupSessionId = g.id WHERE gp.caseId IN (${caseIds.map(() => '?').join(', ')}) ORDER BY g.id`,
        ...caseIds,
      )).map((row) => row.id)
    const contactValue = (day: string): ContactFormValues => ({ date: day, durationMinutes: 30, mode: 'OFFICE', setting: 'INDIVIDUAL', personsPresent: 1, interpreting: 'NONE', topicIds: [topic] })
    // the app's writes go through the EAE counsellor's and lead's access: cases transferred away are not theirs
    const ours = async () => (await prisma.case.findMany({ where: { id: { in: caseIds }, teamId: eae.id }, select: { id: true }, orderBy: { id: 'asc' } })).map((row) => row.id)
    const statusOf = async (caseId: string) => (await prisma.case.findUniqueOrThrow({ where: { id: caseId }, select: { status: true } })).status

    const operations: Record<string, () => Promise<void>> = {
      'app: create contact': async () => {
        const mine = await ours()
        if (!mine.length) return
        const caseId = pick(mine)
        if ((await statusOf(caseId)) === 'CLOSED') return
        const kase = await requireCaseAccess(actor, caseId, 'write')
        await inRequest(() => createContact({ actor, kase, value: contactValue(pick(days)) }), { method: 'POST' })
      },
      'app: edit contact date': async () => {
        const contacts = await prisma.contact.findMany({ where: { caseId: { in: await ours() } }, select: { id: true, caseId: true }, orderBy: { id: 'asc' } })
        if (!contacts.length) return
        const target = pick(contacts)
        const kase = await requireCaseAccess(actor, target.caseId, 'write')
        const contact = (await getContact(kase, target.id))!
        await inRequest(() => updateContact({ actor, kase, contact, value: { ...contactAsFormValues(contact), date: pick(days), version: contact.version } }), { method: 'POST' })
      },
      'app: close or reopen': async () => {
        const mine = await ours()
        if (!mine.length) return
        const caseId = pick(mine)
        const status = await statusOf(caseId)
        const toStatus = status === 'CLOSED' ? 'ACTIVE' : 'CLOSED'
        await changeCaseStatus({ caseId, actor: leadActor, fromStatus: status, toStatus, ...(toStatus === 'CLOSED' ? { closureReasonId: pick(reasonIds) } : {}) })
      },
      'app: group session': async () => {
        const mine = await ours()
        if (!mine.length) return
        const caseId = pick(mine)
        const other = pick(mine)
        if ((await statusOf(caseId)) === 'CLOSED' || (await statusOf(other)) === 'CLOSED') return
        const kase = await requireCaseAccess(leadActor, caseId, 'write')
        await inRequest(
          () =>
            createGroupSession({
              actor: leadActor,
              kase,
              value: { date: pick(days), durationMinutes: 60, mode: 'OFFICE', topicIds: [topic], description: 'Gruppe', anonymousParticipants: 1, otherCaseIds: [other] },
            }),
          { method: 'POST' },
        )
      },
      'app: delete group session': async () => {
        const sessions = await sessionIds()
        if (!sessions.length) return
        const sessionId = pick(sessions)
        const participant = await prisma.groupSessionParticipant.findFirst({ where: { groupSessionId: sessionId, caseId: { in: await ours() } }, select: { caseId: true } })
        if (!participant) return
        const session = (await getGroupSessionForEdit(leadActor, { id: participant.caseId! }, sessionId))!
        await inRequest(() => deleteGroupSession({ actor: leadActor, session, version: session.version }), { method: 'POST' })
      },
      'prisma: programme change': async () => {
        const caseId = pick(caseIds)
        const programme = pick(programmes)
        await prisma.$transaction([
          prisma.case.update({ where: { id: caseId }, data: { programme } }),
          prisma.programmePeriod.create({ data: { caseId, programme, validFrom: new Date(pick(instants)) } }),
        ])
      },
      'sql: insert contact': async () => {
        await prisma.$executeRawUnsafe(
          `INSERT INTO "Contact" (id, caseId, date, durationMinutes, mode, setting, updatedAt) VALUES (?, ?, ?, 20, 'PHONE', 'INDIVIDUAL', ?)`,
          id(),
          pick(caseIds),
          pick(instants),
          now(),
        )
      },
      'sql: move contact': async () => {
        const contacts = await idsOf('Contact')
        if (!contacts.length) return
        if (next() < 0.5) await prisma.$executeRawUnsafe(`UPDATE "Contact" SET date = ? WHERE id = ?`, pick(instants), pick(contacts))
        else await prisma.$executeRawUnsafe(`UPDATE "Contact" SET caseId = ? WHERE id = ?`, pick(caseIds), pick(contacts))
      },
      'sql: delete contact': async () => {
        const contacts = await idsOf('Contact')
        if (contacts.length) await prisma.$executeRawUnsafe(`DELETE FROM "Contact" WHERE id = ?`, pick(contacts))
      },
      'sql: insert status change': async () => {
        const toStatus = pick(statuses)
        await prisma.$executeRawUnsafe(
          `INSERT INTO "CaseStatusChange" (id, caseId, toStatus, closureReasonId, at) VALUES (?, ?, ?, ?, ?)`,
          id(),
          pick(caseIds),
          toStatus,
          toStatus === 'CLOSED' && next() < 0.7 ? pick(reasonIds) : null,
          pick(instants),
        )
      },
      'sql: change status change': async () => {
        const changes = await idsOf('CaseStatusChange')
        if (!changes.length) return
        const target = pick(changes)
        const what = next()
        if (what < 0.4) await prisma.$executeRawUnsafe(`UPDATE "CaseStatusChange" SET at = ? WHERE id = ?`, pick(instants), target)
        else if (what < 0.7) await prisma.$executeRawUnsafe(`UPDATE "CaseStatusChange" SET toStatus = ? WHERE id = ?`, pick(statuses), target)
        else if (what < 0.85) await prisma.$executeRawUnsafe(`UPDATE "CaseStatusChange" SET closureReasonId = ? WHERE id = ?`, pick([...reasonIds, null]), target)
        else await prisma.$executeRawUnsafe(`UPDATE "CaseStatusChange" SET caseId = ? WHERE id = ?`, pick(caseIds), target)
      },
      'sql: delete status change': async () => {
        const changes = await idsOf('CaseStatusChange')
        if (changes.length) await prisma.$executeRawUnsafe(`DELETE FROM "CaseStatusChange" WHERE id = ?`, pick(changes))
      },
      'sql: edit case': async () => {
        const caseId = pick(caseIds)
        const what = next()
        if (what < 0.25) await prisma.$executeRawUnsafe(`UPDATE "Case" SET openedAt = ? WHERE id = ?`, pick(openings.map((day) => new Date(day).toISOString().replace('Z', '+00:00'))), caseId)
        else if (what < 0.5) await prisma.$executeRawUnsafe(`UPDATE "Case" SET closedAt = ? WHERE id = ?`, next() < 0.2 ? null : pick(instants), caseId)
        else if (what < 0.7) await prisma.$executeRawUnsafe(`UPDATE "Case" SET status = ? WHERE id = ?`, pick(statuses), caseId)
        else if (what < 0.85) await prisma.$executeRawUnsafe(`UPDATE "Case" SET closureReasonId = ? WHERE id = ?`, pick([...reasonIds, null]), caseId)
        else await prisma.$executeRawUnsafe(`UPDATE "Case" SET programme = ? WHERE id = ?`, pick(programmes), caseId)
      },
      'sql: transfer': async () => {
        // R3 and R17 read transfers and the current team live: no fact depends on them
        const caseId = pick(caseIds)
        const kase = await prisma.case.findUniqueOrThrow({ where: { id: caseId }, select: { teamId: true } })
        const toTeamId = kase.teamId === eae.id ? rostock.id : eae.id
        await prisma.$executeRawUnsafe(
          `INSERT INTO "Transfer" (id, caseId, fromTeamId, toTeamId, reason, status, at, completedAt) VALUES (?, ?, ?, ?, 'Umzug', 'DONE', ?, ?)`,
          id(),
          caseId,
          kase.teamId,
          toTeamId,
          pick(instants),
          now(),
        )
        await prisma.$executeRawUnsafe(`UPDATE "Case" SET teamId = ? WHERE id = ?`, toTeamId, caseId)
      },
      'sql: referral': async () => {
        const referrals = await idsOf('Referral')
        const what = next()
        if (what < 0.5 || !referrals.length) {
          await prisma.$executeRawUnsafe(
            `INSERT INTO "Referral" (id, caseId, kind, urgency, sentAt, updatedAt) VALUES (?, ?, 'COUNSELLING', 'NORMAL', ?, ?)`,
            id(),
            pick(caseIds),
            pick(instants),
            now(),
          )
        } else if (what < 0.7) await prisma.$executeRawUnsafe(`UPDATE "Referral" SET sentAt = ? WHERE id = ?`, pick(instants), pick(referrals))
        else if (what < 0.85) await prisma.$executeRawUnsafe(`UPDATE "Referral" SET caseId = ? WHERE id = ?`, pick(caseIds), pick(referrals))
        else await prisma.$executeRawUnsafe(`DELETE FROM "Referral" WHERE id = ?`, pick(referrals))
      },
      'sql: mediation': async () => {
        const mediations = await idsOf('LanguageMediation')
        const what = next()
        if (what < 0.5 || !mediations.length) {
          await prisma.$executeRawUnsafe(
            `INSERT INTO "LanguageMediation" (id, caseId, languageCode, mode, providerKind, requestedAt, performedAt, status, updatedAt)
             VALUES (?, ?, 'arb', 'ON_SITE', 'POOL', ?, ?, ?, ?)`,
            id(),
            pick(caseIds),
            pick(instants),
            next() < 0.5 ? null : pick(instants),
            pick(['REQUESTED', 'DONE']),
            now(),
          )
        } else if (what < 0.65) await prisma.$executeRawUnsafe(`UPDATE "LanguageMediation" SET requestedAt = ? WHERE id = ?`, pick(instants), pick(mediations))
        else if (what < 0.8) await prisma.$executeRawUnsafe(`UPDATE "LanguageMediation" SET performedAt = ? WHERE id = ?`, next() < 0.3 ? null : pick(instants), pick(mediations))
        else if (what < 0.9) await prisma.$executeRawUnsafe(`UPDATE "LanguageMediation" SET caseId = ? WHERE id = ?`, pick(caseIds), pick(mediations))
        else await prisma.$executeRawUnsafe(`DELETE FROM "LanguageMediation" WHERE id = ?`, pick(mediations))
      },
      'sql: group session and participants': async () => {
        const sessions = await sessionIds()
        const participations = await idsOf('GroupSessionParticipant')
        const what = next()
        if (what < 0.3 || !sessions.length) {
          const sessionId = id()
          await prisma.$executeRawUnsafe(
            `INSERT INTO "GroupSession" (id, teamId, programme, date, durationMinutes, mode, description) VALUES (?, ?, 'MBE', ?, 90, 'OFFICE', 'Gruppe')`,
            sessionId,
            eae.id,
            pick(instants),
          )
          await prisma.$executeRawUnsafe(`INSERT INTO "GroupSessionParticipant" (id, groupSessionId, caseId) VALUES (?, ?, ?)`, id(), sessionId, pick(caseIds))
        } else if (what < 0.45) {
          await prisma.$executeRawUnsafe(`INSERT OR IGNORE INTO "GroupSessionParticipant" (id, groupSessionId, caseId) VALUES (?, ?, ?)`, id(), pick(sessions), pick(caseIds))
        } else if (what < 0.6) await prisma.$executeRawUnsafe(`UPDATE "GroupSession" SET date = ? WHERE id = ?`, pick(instants), pick(sessions))
        else if (what < 0.7 && participations.length) {
          await prisma.$executeRawUnsafe(`UPDATE OR IGNORE "GroupSessionParticipant" SET caseId = ? WHERE id = ?`, pick(caseIds), pick(participations))
        } else if (what < 0.8 && participations.length) {
          await prisma.$executeRawUnsafe(`UPDATE OR IGNORE "GroupSessionParticipant" SET groupSessionId = ? WHERE id = ?`, pick(sessions), pick(participations))
        } else if (what < 0.9 && participations.length) await prisma.$executeRawUnsafe(`DELETE FROM "GroupSessionParticipant" WHERE id = ?`, pick(participations))
        else await prisma.$executeRawUnsafe(`DELETE FROM "GroupSession" WHERE id = ?`, pick(sessions))
      },
      'sql: programme period': async () => {
        const periods = await idsOf('ProgrammePeriod')
        const what = next()
        if (what < 0.4 || !periods.length) {
          await prisma.$executeRawUnsafe(`INSERT INTO "ProgrammePeriod" (id, caseId, programme, validFrom) VALUES (?, ?, ?, ?)`, id(), pick(caseIds), pick(programmes), pick(instants))
        } else if (what < 0.55) await prisma.$executeRawUnsafe(`UPDATE "ProgrammePeriod" SET validFrom = ? WHERE id = ?`, pick(instants), pick(periods))
        else if (what < 0.7) await prisma.$executeRawUnsafe(`UPDATE "ProgrammePeriod" SET programme = ? WHERE id = ?`, pick(programmes), pick(periods))
        else if (what < 0.8) await prisma.$executeRawUnsafe(`UPDATE "ProgrammePeriod" SET caseId = ? WHERE id = ?`, pick(caseIds), pick(periods))
        else await prisma.$executeRawUnsafe(`DELETE FROM "ProgrammePeriod" WHERE id = ?`, pick(periods))
      },
    }
    const names = Object.keys(operations)
    const seen = new Set<string>()
    for (let step = 1; step <= 240; step += 1) {
      const name = step <= 8 ? 'app: create contact' : pick(names)
      seen.add(name)
      try {
        await operations[name]!()
      } catch (error) {
        throw new Error(`step ${step} (${name}, seed ${seed}) failed: ${error instanceof Response ? `Response ${error.status}` : String(error)}`)
      }
      if (step % 8 === 0) await expectExact(`step ${step} (${name}, seed ${seed})`)
    }
    expect(seen).toEqual(new Set(names))
    expect(await prisma.caseYear.count({ where: { caseId: { in: caseIds } } })).toBeGreaterThan(5)

    // Each kind of activity alone makes a year of a case, moved to another year it moves the year,
    // and its deletion takes the year away again (the random writes above rarely touch a year's
    // only activity).
    const lone = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id, openedAt: new Date('2024-02-01T09:00:00Z') })
    const loneYears = async () => (await prisma.caseYear.findMany({ where: { caseId: lone.id }, select: { year: true }, orderBy: { year: 'asc' } })).map((row) => row.year)
    const activities: Array<[string, (activityId: string) => Promise<unknown>, string, string | null]> = [
      ['contact', (activityId) => prisma.$executeRawUnsafe(`INSERT INTO "Contact" (id, caseId, date, durationMinutes, mode, setting, updatedAt) VALUES (?, ?, '2026-02-02T00:00:00.000+00:00', 20, 'PHONE', 'INDIVIDUAL', ?)`, activityId, lone.id, now()), 'Contact', 'date'],
      ['closure', (activityId) => prisma.$executeRawUnsafe(`INSERT INTO "CaseStatusChange" (id, caseId, toStatus, at) VALUES (?, ?, 'CLOSED', '2026-02-02T00:00:00.000+00:00')`, activityId, lone.id), 'CaseStatusChange', 'at'],
      ['referral', (activityId) => prisma.$executeRawUnsafe(`INSERT INTO "Referral" (id, caseId, kind, urgency, sentAt, updatedAt) VALUES (?, ?, 'COUNSELLING', 'NORMAL', '2026-02-02T00:00:00.000+00:00', ?)`, activityId, lone.id, now()), 'Referral', 'sentAt'],
      ['mediation', (activityId) => prisma.$executeRawUnsafe(`INSERT INTO "LanguageMediation" (id, caseId, languageCode, mode, providerKind, requestedAt, updatedAt) VALUES (?, ?, 'arb', 'PHONE', 'POOL', '2026-02-02T00:00:00.000+00:00', ?)`, activityId, lone.id, now()), 'LanguageMediation', 'requestedAt'],
      ['group session', (activityId) => prisma.$executeRawUnsafe(`INSERT INTO "GroupSessionParticipant" (id, groupSessionId, caseId) VALUES (?, (SELECT id FROM "GroupSession" WHERE date >= '2026-01-01' AND date < '2027-01-01' LIMIT 1), ?)`, activityId, lone.id), 'GroupSessionParticipant', null],
    ]
    await prisma.$executeRawUnsafe(`INSERT INTO "GroupSession" (id, teamId, programme, date, durationMinutes, mode, description) VALUES (?, ?, 'MBE', '2026-02-02T00:00:00.000+00:00', 90, 'OFFICE', 'Gruppe')`, id(), eae.id)
    for (const [kind, insert, table, dateColumn] of activities) {
      const activityId = id()
      await insert(activityId)
      await expectExact(`a lone ${kind}`)
      expect(await loneYears(), `a lone ${kind}`).toEqual([2024, 2026])
      if (dateColumn) {
        await prisma.$executeRawUnsafe(`UPDATE "${table}" SET "${dateColumn}" = '2025-12-31T22:59:59.999+00:00' WHERE id = ?`, activityId)
        // the last instant of 2025 in Germany (R1)
        await expectExact(`the lone ${kind} moved to 2025`)
        expect(await loneYears(), `the lone ${kind} moved to 2025`).toEqual([2024, 2025])
      }
      await prisma.$executeRawUnsafe(`DELETE FROM "${table}" WHERE id = ?`, activityId)
      await expectExact(`the lone ${kind} deleted`)
      expect(await loneYears(), `the lone ${kind} deleted`).toEqual([2024])
    }

    // A session moved to another year, a participation moved to another case and to another
    // session, a session deleted (its participations cascade; no trigger of its own).
    const sessionA = id()
    const sessionB = id()
    const participation = id()
    await prisma.$executeRawUnsafe(`INSERT INTO "GroupSession" (id, teamId, programme, date, durationMinutes, mode, description) VALUES (?, ?, 'MBE', '2026-02-02T00:00:00.000+00:00', 90, 'OFFICE', 'Gruppe')`, sessionA, eae.id)
    await prisma.$executeRawUnsafe(`INSERT INTO "GroupSession" (id, teamId, programme, date, durationMinutes, mode, description) VALUES (?, ?, 'MBE', '2026-04-04T00:00:00.000+00:00', 90, 'OFFICE', 'Gruppe')`, sessionB, eae.id)
    await prisma.$executeRawUnsafe(`INSERT INTO "GroupSessionParticipant" (id, groupSessionId, caseId) VALUES (?, ?, ?)`, participation, sessionA, lone.id)
    const sessionSteps: Array<[string, () => Promise<unknown>, number[]]> = [
      ['session moved to 2025', () => prisma.$executeRawUnsafe(`UPDATE "GroupSession" SET date = '2025-05-05T00:00:00.000+00:00' WHERE id = ?`, sessionA), [2024, 2025]],
      ['participation moved to another case', () => prisma.$executeRawUnsafe(`UPDATE "GroupSessionParticipant" SET caseId = ? WHERE id = ?`, caseIds[4], participation), [2024]],
      ['participation moved back', () => prisma.$executeRawUnsafe(`UPDATE "GroupSessionParticipant" SET caseId = ? WHERE id = ?`, lone.id, participation), [2024, 2025]],
      ['participation moved to another session', () => prisma.$executeRawUnsafe(`UPDATE "GroupSessionParticipant" SET groupSessionId = ? WHERE id = ?`, sessionB, participation), [2024, 2026]],
      ['session deleted', () => prisma.$executeRawUnsafe(`DELETE FROM "GroupSession" WHERE id = ?`, sessionB), [2024]],
    ]
    for (const [step, write, years] of sessionSteps) {
      await write()
      await expectExact(step)
      expect(await loneYears(), step).toEqual(years)
    }

    // R4's programme facts follow the periods: a second period makes the programme depend on the
    // day (the first contact of the year), a moved, changed or deleted period changes them.
    await prisma.$executeRawUnsafe(`INSERT INTO "Contact" (id, caseId, date, durationMinutes, mode, setting, updatedAt) VALUES (?, ?, '2026-02-02T00:00:00.000+00:00', 20, 'PHONE', 'INDIVIDUAL', ?)`, id(), lone.id, now())
    const period = id()
    const programmeOf2026 = async () => prisma.caseYear.findUniqueOrThrow({ where: { year_caseId: { year: 2026, caseId: lone.id } }, select: { programme: true, yearProgramme: true, programmeChanged: true } })
    const periodSteps: Array<[string, () => Promise<unknown>, { programme: string; yearProgramme: string | null; programmeChanged: boolean }]> = [
      ['a second period', () => prisma.$executeRawUnsafe(`INSERT INTO "ProgrammePeriod" (id, caseId, programme, validFrom) VALUES (?, ?, 'JMD', '2026-01-15T00:00:00.000+00:00')`, period, lone.id), { programme: 'JMD', yearProgramme: 'MBE', programmeChanged: true }],
      ['the period moved after the first contact', () => prisma.$executeRawUnsafe(`UPDATE "ProgrammePeriod" SET validFrom = '2026-03-01T00:00:00.000+00:00' WHERE id = ?`, period), { programme: 'MBE', yearProgramme: 'MBE', programmeChanged: true }],
      ['the period moved to the first day of the year', () => prisma.$executeRawUnsafe(`UPDATE "ProgrammePeriod" SET validFrom = '2026-01-01T00:00:00.000+00:00' WHERE id = ?`, period), { programme: 'JMD', yearProgramme: 'JMD', programmeChanged: false }],
      ['the period’s programme changed', () => prisma.$executeRawUnsafe(`UPDATE "ProgrammePeriod" SET programme = 'OTHER' WHERE id = ?`, period), { programme: 'OTHER', yearProgramme: 'OTHER', programmeChanged: false }],
      ['the period deleted', () => prisma.$executeRawUnsafe(`DELETE FROM "ProgrammePeriod" WHERE id = ?`, period), { programme: 'MBE', yearProgramme: null, programmeChanged: false }],
    ]
    for (const [step, write, facts] of periodSteps) {
      await write()
      await expectExact(step)
      expect(await programmeOf2026(), step).toEqual(facts)
    }

    // A case written by raw SQL alone (no status history, no programme period): it counts in the
    // year of its opening and, with a closure date, in that year too; deleted, it leaves no row.
    const bareClient = await prisma.client.create({ data: { pseudonymCode: `CY-BARE-${seed}`, birthYear: 1990, gender: 'FEMALE' }, select: { id: true } })
    const bareCase = id()
    await prisma.$executeRawUnsafe(
      `INSERT INTO "Case" (id, clientId, teamId, openedAt, closedAt, status, startPlace, kind, programme, accessRoute, germanLevel, updatedAt)
       VALUES (?, ?, ?, '2024-05-05T00:00:00.000+00:00', '2025-02-02T00:00:00.000+00:00', 'CLOSED', 'EAE', 'SHORT', 'MBE', 'OTHER', 'NONE', ?)`,
      bareCase,
      bareClient.id,
      eae.id,
      now(),
    )
    await expectExact('a case inserted by raw SQL')
    expect((await prisma.caseYear.findMany({ where: { caseId: bareCase }, select: { year: true } })).map((row) => row.year)).toEqual([2024, 2025])
    await prisma.$executeRawUnsafe(`DELETE FROM "Case" WHERE id = ?`, bareCase)
    await expectExact('that case deleted by raw SQL')
    expect(await prisma.caseYear.count({ where: { caseId: bareCase } })).toBe(0)

    // Retention anonymises an expired client whose counted years are all frozen: its case and the
    // rows the statistics read stay, so its facts stay as they are.
    const expired = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id, openedAt: new Date('2022-03-01T10:00:00Z') })
    await closeCase(expired.id, new Date('2022-11-30T10:00:00Z'))
    await prisma.statisticsSnapshot.create({ data: { year: 2022, scopeKey: 'org', data: '{}' } })
    await expectExact('an expired case')
    const factsBefore = await storedFacts()
    const retention = await runRetention({ now: new Date('2026-06-15T10:00:00Z') })
    expect(retention.clients).toBeGreaterThanOrEqual(1)
    expect((await prisma.client.findUniqueOrThrow({ where: { id: expired.clientId }, select: { anonymisedAt: true } })).anonymisedAt).not.toBeNull()
    expect(await storedFacts()).toEqual(factsBefore)
    await expectExact('anonymising by the retention run')

    // Erasure deletes the client (four eyes); its cases and their rows go by cascade. A case row
    // deleted by raw SQL cascades the same way; a participation stays without its case. (The EAE
    // lead erases only a client whose cases are all the EAE's: the first case comes back first.)
    await prisma.case.update({ where: { id: cases[0]!.id }, data: { teamId: eae.id } })
    expect(await requestErasure({ actor, caseId: cases[0]!.id, clientId: cases[0]!.clientId })).toBe(true)
    expect(await confirmErasure({ actor: leadActor, caseId: cases[0]!.id, clientId: cases[0]!.clientId })).toMatchObject({ ok: true })
    await prisma.$executeRawUnsafe(`DELETE FROM "Case" WHERE id = ?`, cases[1]!.id)
    await expectExact('erasing two cases')
    expect(await prisma.caseYear.count({ where: { caseId: { in: [cases[0]!.id, cases[1]!.id] } } })).toBe(0)
    expect(await prisma.caseYear.count({ where: { caseId: { in: caseIds.slice(2) } } })).toBeGreaterThan(0)

    // The migration's backfill, run afresh on what the writes left, gives the same table.
    const kept = await storedFacts()
    await prisma.$executeRawUnsafe(`DELETE FROM "CaseYear"`)
    await prisma.$executeRawUnsafe(backfillStatement())
    expect(await storedFacts()).toEqual(kept)
  })
})
