// GOLDEN DATASET: a small, fixed set of cases built by hand; every expected figure is worked out
// in the comments from the counting rules in docs/statistics.md (R1–R15, S1–S4).
import ExcelJS from 'exceljs'
import { beforeEach, describe, expect, test } from 'vitest'
import { type StatisticsJson } from '#app/domain/statistics/export.ts'
import { publishWithOutcomes } from '#app/domain/statistics/present.ts'
import { auditSuppression, type Cell, type CellOutcome, type Constraint } from '#app/domain/statistics/suppression.ts'
import { loader as csvLoader } from '#app/routes/statistics.export[.]csv.ts'
import { loader as jsonLoader } from '#app/routes/statistics.export[.]json.ts'
import { loader as xlsxLoader } from '#app/routes/statistics.export[.]xlsx.ts'
import { loader as pageLoader } from '#app/routes/statistics.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { getLpSolver } from '#app/utils/lp-solver.server.ts'
import { createTestCase, getTeams, requestAs } from '#tests/factories.ts'
import { buildGoldenDataset, extendGoldenDatasetWithGroupSessions, extendGoldenDatasetWithWorkCredit } from '#tests/fixtures/statistics-golden.ts'
import { computeAggregates, K_SETTING } from './statistics.server.ts'
import { type StatisticsScope } from '#app/domain/statistics/scope.ts'
import { PROGRAMMES } from '#app/domain/codes.ts'
import { referralOutcome, type StatisticsAggregates } from '#app/domain/statistics/aggregates.ts'

/** R18: no group session in the base dataset (they come with extendGoldenDatasetWithGroupSessions). */
const NO_GROUP_SESSIONS = { sessions: 0, minutes: 0, participantCases: 0, anonymousParticipants: 0 }

describe('golden dataset', () => {
  let admin: { id: string }
  let cases: Awaited<ReturnType<typeof buildGoldenDataset>>['cases']
  beforeEach(async () => {
    ;({ admin, cases } = await buildGoldenDataset())
  })

  test('R17: work counts for the team and programme of its day; teams and programmes add up to the organisation; R2a closure-only cases', async () => {
    await extendGoldenDatasetWithWorkCredit(cases)
    const { rostock, eae, greifswald } = await getTeams()
    const org = await computeAggregates(2025, { teamId: null, programme: null })
    // Organisation: the 5 contacts of before plus C1's of 04-01 (20 min) and 09-10 (40 min): 7, 345
    // minutes. Cases: C1–C5 and C6 (closed 2025-01-20, nothing else: R2a), continuing C2, C4, C6.
    expect(org.keyFigures).toMatchObject({ cases: 6, continuingCases: 3, closureOnlyCases: 1, closedCases: 3, casesWithWork: 3, contacts: 7, minutes: 345 })
    // EAE: C2 (45) and C1 before and on the day of its transfer (60 + 30 + 20) = 4 contacts, 155 min.
    // Rostock: C1 after the transfer (90 + 40) and C4 (60) = 3 contacts, 190 min; C6 is its case.
    const e = await computeAggregates(2025, { teamId: eae.id, programme: null })
    const r = await computeAggregates(2025, { teamId: rostock.id, programme: null })
    expect(e.keyFigures).toMatchObject({ cases: 2, closureOnlyCases: 0, casesWithWork: 2, contacts: 4, minutes: 155 })
    expect(r.keyFigures).toMatchObject({ cases: 4, closureOnlyCases: 1, casesWithWork: 2, contacts: 3, minutes: 190 })
    // Programmes: C1's contacts up to 08-01 are MBE (4, 200 min), the one of 09-10 OTHER (R17);
    // C1 itself is an MBE case (R4: MBE at its first contact), as are C3, C5 and C6; C2 JMD, C4
    // LAND_MIGRATION.
    const mbe = await computeAggregates(2025, { teamId: null, programme: 'MBE' })
    const other = await computeAggregates(2025, { teamId: null, programme: 'OTHER' })
    expect(mbe.keyFigures).toMatchObject({ cases: 4, closureOnlyCases: 1, casesWithWork: 1, contacts: 4, minutes: 200 })
    expect(other.keyFigures).toMatchObject({ cases: 0, casesWithWork: 1, contacts: 1, minutes: 40 })
    expect(other.topics).toEqual([{ code: 'HOUSING', mentions: 1, cases: 1 }])
    const rostockOther = await computeAggregates(2025, { teamId: rostock.id, programme: 'OTHER' })
    expect(rostockOther.keyFigures).toMatchObject({ cases: 0, contacts: 1, minutes: 40 })
    expect(rostockOther.further.contactsInterpreted).toBe(1)

    // Every scope against an independent computation from the records, and the sums over teams and
    // over programmes against the organisation (work figures only; cases-with-work is not additive).
    const teams = [rostock.id, eae.id, greifswald.id]
    const programmes: Array<string | null> = [null, ...PROGRAMMES]
    const byScope = new Map<string, StatisticsAggregates>()
    for (const teamId of [null, ...teams]) {
      for (const programme of programmes) {
        const aggregates = await computeAggregates(2025, { teamId, programme })
        byScope.set(`${teamId}|${programme}`, aggregates)
        expect(workFigures(aggregates), `${teamId}|${programme}`).toEqual(await independentWork(2025, teamId, programme))
      }
    }
    for (const programme of programmes) {
      expect(addUp(teams.map((teamId) => workFigures(byScope.get(`${teamId}|${programme}`)!))), `Σ teams, ${programme}`).toEqual(workFigures(byScope.get(`null|${programme}`)!))
    }
    for (const teamId of [null, ...teams]) {
      expect(addUp(PROGRAMMES.map((programme) => workFigures(byScope.get(`${teamId}|${programme}`)!))), `Σ programmes, ${teamId}`).toEqual(workFigures(byScope.get(`${teamId}|null`)!))
    }
  })

  test('R18: a group session counts once, with its hours once and its participants; its cases are cases of the year', async () => {
    const sessions = await extendGoldenDatasetWithGroupSessions(cases)
    const { rostock, eae, greifswald } = await getTeams()
    // 2025: S1 (120 min; C1, C2 + 3 anonymous) and S2 (90 min; C4, C6, erased C7 + 0): 2 sessions,
    // 210 minutes — not 2 × 120 + 3 × 90 — and 5 participant cases + 3 anonymous = 8 participations.
    // C6 had nothing else in 2025: a case of the year now (continuing, not closure-only), and one
    // with work. Contacts and hours are those of the base dataset: sessions are not contacts.
    const org = await computeAggregates(2025, { teamId: null, programme: null })
    expect(org.keyFigures).toMatchObject({
      cases: 6, continuingCases: 3, closureOnlyCases: 0, casesWithWork: 4, contacts: 5, minutes: 285,
      groupSessions: { sessions: 2, minutes: 210, participantCases: 5, anonymousParticipants: 3 },
    })
    // The contact-mode table and the topics are the contacts' alone.
    expect(org.contacts.reduce((sum, row) => sum + row.contacts, 0)).toBe(5)
    expect(org.topics.find((topic) => topic.code === 'HOUSING')).toEqual({ code: 'HOUSING', mentions: 1, cases: 1 })
    // R18 with R17: S1 is the EAE's (it held it; C1 moved to Rostock only later), S2 Rostock's.
    // Rostock: cases C1, C4, C5 and now C6 (R3); with work C1, C4 and C6 (S2).
    const r = await computeAggregates(2025, { teamId: rostock.id, programme: null })
    expect(r.keyFigures).toMatchObject({ cases: 4, casesWithWork: 3, contacts: 2, groupSessions: { sessions: 1, minutes: 90, participantCases: 3, anonymousParticipants: 0 } })
    const e = await computeAggregates(2025, { teamId: eae.id, programme: null })
    expect(e.keyFigures).toMatchObject({ cases: 2, casesWithWork: 2, groupSessions: { sessions: 1, minutes: 120, participantCases: 2, anonymousParticipants: 3 } })
    const g = await computeAggregates(2025, { teamId: greifswald.id, programme: null })
    expect(g.keyFigures.groupSessions).toEqual(NO_GROUP_SESSIONS)
    expect((await computeAggregates(2025, { teamId: null, programme: 'MBE' })).keyFigures.groupSessions).toEqual({ sessions: 1, minutes: 120, participantCases: 2, anonymousParticipants: 3 })
    expect((await computeAggregates(2025, { teamId: null, programme: 'LAND_MIGRATION' })).keyFigures.groupSessions).toEqual({ sessions: 1, minutes: 90, participantCases: 3, anonymousParticipants: 0 })
    // 2024: S3 (60 min; C4 + 1). C4's only other activity in 2024 was its closure: with the session
    // it is no closure-only case any more (R2a), and a case with work.
    const p = await computeAggregates(2024, { teamId: null, programme: null })
    expect(p.keyFigures).toMatchObject({ cases: 2, closureOnlyCases: 0, casesWithWork: 2, groupSessions: { sessions: 1, minutes: 60, participantCases: 1, anonymousParticipants: 1 } })

    // Every scope against an independent computation from the session rows, and the sums over
    // teams and over programmes against the organisation.
    const teams = [rostock.id, eae.id, greifswald.id]
    const programmes: Array<string | null> = [null, ...PROGRAMMES]
    for (const year of [2024, 2025]) {
      const byScope = new Map<string, NonNullable<StatisticsAggregates['keyFigures']['groupSessions']>>()
      for (const teamId of [null, ...teams]) {
        for (const programme of programmes) {
          const figures = (await computeAggregates(year, { teamId, programme })).keyFigures.groupSessions!
          byScope.set(`${teamId}|${programme}`, figures)
          expect(figures, `${year} ${teamId}|${programme}`).toEqual(await independentGroupSessions(year, teamId, programme))
        }
      }
      for (const programme of programmes) expect(addUpGroups(teams.map((teamId) => byScope.get(`${teamId}|${programme}`)!))).toEqual(byScope.get(`null|${programme}`))
      for (const teamId of [null, ...teams]) expect(addUpGroups(PROGRAMMES.map((programme) => byScope.get(`${teamId}|${programme}`)!))).toEqual(byScope.get(`${teamId}|null`))
    }
    // The erased case's participation stayed, without its case.
    expect(await prisma.groupSessionParticipant.count({ where: { groupSessionId: sessions.s2, caseId: null } })).toBe(1)
  })

  test('organisation 2025: every unsuppressed figure', async () => {
    const a = await computeAggregates(2025, { teamId: null, programme: null })
    // R2: C1, C2, C3, C4, C5 (C6 had no activity). Clients A (C1, C3), B, C, D.
    // New: C1, C3, C5; continuing: C2, C4 (R7); closed: C2 and C4 (R6). Family: 2 (C1).
    // Contacts in 2025: C1 ×3 (60 + 30 + 90), C2 ×1 (45), C4 ×1 (60) = 5 contacts, 285 minutes.
    // R2a: no case whose only activity was its closure (C2 and C4 had contacts in 2025).
    // Cases with work (R17): C1, C2, C4 (contacts); C3 had nothing, C5's first contact is in 2026.
    expect(a.keyFigures).toEqual({
      clients: 4, cases: 5, newCases: 3, continuingCases: 2, closureOnlyCases: 0, closedCases: 2, casesWithWork: 3, familyMembers: 2, contacts: 5, minutes: 285, groupSessions: NO_GROUP_SESSIONS, anonymousInquiries: 2,
    })
    // R8/R9: A and D female 35–44, B male 12–17, C not stated 65+.
    expect(sorted(a.genderAge.map((g) => `${g.gender}|${g.band}=${g.clients}`))).toEqual(['FEMALE|35-44=2', 'MALE|12-17=1', 'NOT_STATED|65+=1'])
    expect(sorted(a.nationality.map((n) => `${n.code}=${n.clients}`))).toEqual(['AF=1', 'SY=2', 'UA=1'])
    // R11: A → A (Gestattung at 2025-02-10, not refugee protection from June), D → A, B → C, C → B.
    expect(sorted(a.residenceGroup.map((r) => `${r.group}=${r.clients}`))).toEqual(['A=2', 'B=1', 'C=1'])
    // R12: A 2024-06 → 2025-02 = 8 months; B 2021-01 → 2025-01 = 48; C 2022-03 → 2025-03 = 36; D none.
    expect(sorted(a.durationOfStay.map((s) => `${s.band}=${s.clients}`))).toEqual(['1TO3=1', 'GT3=1', 'LT1=1', 'UNKNOWN=1'])
    expect(sorted(a.district.map((x) => `${x.code}=${x.clients}`))).toEqual(['HRO=2', 'SN=1', 'UNKNOWN=1'])
    expect(sorted(a.contacts.map((c) => `${c.mode}|${c.setting}=${c.contacts}/${c.minutes}`))).toEqual([
      'OFFICE|GROUP=1/90',
      'OFFICE|INDIVIDUAL=1/60',
      'OUTREACH|INDIVIDUAL=1/45',
      'PHONE|INDIVIDUAL=1/30',
      'VIDEO|INDIVIDUAL=1/60',
    ])
    // Topics: residence ×2 (both C1), housing, work, language course, health ×1; cases with a topic: C1, C2, C4.
    expect(sorted(a.topics.map((x) => `${x.code}=${x.mentions}/${x.cases}`))).toEqual(['HEALTH=1/1', 'HOUSING=1/1', 'LANGUAGE_COURSE=1/1', 'RESIDENCE_ASYLUM=2/1', 'WORK=1/1'])
    expect(a.topicCasesAny).toBe(3)
    // R6: C2 goals achieved, C4 moved (the last closure in 2025, not the one of 2024).
    expect(sorted(a.closureReasons.map((x) => `${x.code}=${x.cases}`))).toEqual(['GOALS_ACHIEVED=1', 'MOVED=1'])
    // R13: status at the end of 2025.
    expect(sorted(a.referrals.map((x) => `${x.kind}|${x.outcome}=${x.referrals}`))).toEqual(['LEGAL_ADVICE|WAITING_LIST=1', 'PSYCHOSOCIAL_CENTRE|ADMITTED=2'])
    // R16: even counts with odd sums keep their .5 — clearing 30 and 45 days, admission 60 and 61.
    expect(a.referralWaits.find((w) => w.kind === null)).toEqual({ kind: null, toClearing: { median: 37.5, n: 2 }, toAdmission: { median: 60.5, n: 2 } })
    expect(a.referralWaits.find((w) => w.kind === 'PSYCHOSOCIAL_CENTRE')).toEqual({ kind: 'PSYCHOSOCIAL_CENTRE', toClearing: { median: 37.5, n: 2 }, toAdmission: { median: 60.5, n: 2 } })
    expect(a.referralWaits.find((w) => w.kind === 'LEGAL_ADVICE')).toEqual({ kind: 'LEGAL_ADVICE', toClearing: { median: null, n: 0 }, toAdmission: { median: null, n: 0 } })
    // §7: only the performed Arabic phone mediation.
    expect(sorted(a.mediation.map((m) => `${m.section}:${m.code}=${m.assignments}/${m.minutes}/${m.costCents}`))).toEqual([
      'bearer:LAND=1/30/4500',
      'language:arb=1/30/4500',
      'mode:PHONE=1/30/4500',
      'provider:POOL=1/30/4500',
    ])
    // Interpreting: C1's first contact (professional) and C2's (relative) = 2 of 5.
    // First contact: C1 0 days, C5 17 days (C3 has none) → median 8.5 (R16). EAE start: C1 only (C3, C5 own flat).
    // CM cases: C1, C4, C5 (C2, C3 short); with a plan: C1; plans closed in 2025: C1's.
    expect(a.further).toEqual({ contactsInterpreted: 2, daysToFirstContact: { median: 8.5, n: 2 }, newCasesEae: 1, cmCases: 3, cmCasesWithPlan: 1, plansClosed: 1 })
  })

  test('teams and programmes (R3, R4, R5)', async () => {
    const { rostock, eae, greifswald } = await getTeams()
    // Rostock holds C1 (transferred in on 2025-04-01), C4, C5 at the end of 2025: clients A, C, D.
    // Its work (R17): C1's contact of 05-01 (90 min) and C4's (60 min) — C1's contacts of 02-10 and
    // 03-01 were the EAE's. Cases with work: C1 (also its referral of 06-02) and C4.
    const r = await computeAggregates(2025, { teamId: rostock.id, programme: null })
    expect(r.keyFigures).toEqual({
      clients: 3, cases: 3, newCases: 2, continuingCases: 1, closureOnlyCases: 0, closedCases: 1, casesWithWork: 2, familyMembers: 2, contacts: 2, minutes: 150, groupSessions: NO_GROUP_SESSIONS, anonymousInquiries: 0,
    })
    // The EAE holds C2 and C3 (transferred only in 2026): clients A and B — A counts in both teams.
    // Its work: C2's contact (45 min) and C1's two contacts before the transfer (60 + 30 min);
    // cases with work: C1 and C2 — C1 counts for both teams, so this figure does not add up.
    const e = await computeAggregates(2025, { teamId: eae.id, programme: null })
    expect(e.keyFigures).toEqual({
      clients: 2, cases: 2, newCases: 1, continuingCases: 1, closureOnlyCases: 0, closedCases: 1, casesWithWork: 2, familyMembers: 0, contacts: 3, minutes: 135, groupSessions: NO_GROUP_SESSIONS, anonymousInquiries: 2,
    })
    // Referrals (R13, R17): C1's of 02-12 and C2's for the EAE, C1's of 06-02 for Rostock; the
    // mediation of 02-10 for the EAE.
    expect(sorted(e.referrals.map((x) => `${x.kind}|${x.outcome}=${x.referrals}`))).toEqual(['LEGAL_ADVICE|WAITING_LIST=1', 'PSYCHOSOCIAL_CENTRE|ADMITTED=1'])
    expect(sorted(r.referrals.map((x) => `${x.kind}|${x.outcome}=${x.referrals}`))).toEqual(['PSYCHOSOCIAL_CENTRE|ADMITTED=1'])
    expect(e.mediation.filter((m) => m.section === 'mode')).toEqual([{ section: 'mode', code: 'PHONE', assignments: 1, minutes: 30, costCents: 4500 }])
    expect(r.mediation).toEqual([])
    const g = await computeAggregates(2025, { teamId: greifswald.id, programme: null })
    expect(g.keyFigures.cases).toBe(0)
    // MBE: C1 (MBE at its first contact), C3, C5; inquiries have no programme.
    const m = await computeAggregates(2025, { teamId: null, programme: 'MBE' })
    // Its work: C1's three contacts, all before the change to OTHER on 08-01 (R17).
    expect(m.keyFigures).toEqual({
      clients: 2, cases: 3, newCases: 3, continuingCases: 0, closureOnlyCases: 0, closedCases: 0, casesWithWork: 1, familyMembers: 2, contacts: 3, minutes: 180, groupSessions: NO_GROUP_SESSIONS, anonymousInquiries: null,
    })
  })

  test('R2: a contact of Y on a case opened only after Y counts nowhere in Y (organisation and team)', async () => {
    // A data error (a backdated contact): the case is no case of 2025 (opened 2026), so its 2025
    // contact belongs to no case of the year. The organisation's contact figures are read straight
    // from the year's contacts (docs/performance.md), so this pins that they exclude it too.
    const { rostock } = await getTeams()
    const late = await createTestCase({ teamId: rostock.id, openedAt: new Date('2026-01-15T00:00:00Z') })
    await prisma.contact.create({ data: { caseId: late.id, date: new Date('2025-12-20T00:00:00Z'), durationMinutes: 50, mode: 'OFFICE', setting: 'INDIVIDUAL', interpreting: 'PROFESSIONAL' } })
    const a = await computeAggregates(2025, { teamId: null, programme: null })
    expect(a.keyFigures).toMatchObject({ cases: 5, contacts: 5, minutes: 285 })
    expect(a.further.contactsInterpreted).toBe(2)
    expect(sorted(a.contacts.map((c) => `${c.mode}|${c.setting}=${c.contacts}/${c.minutes}`))).toContain('OFFICE|INDIVIDUAL=1/60')
    const r = await computeAggregates(2025, { teamId: rostock.id, programme: null })
    expect(r.keyFigures).toMatchObject({ cases: 3, contacts: 2, minutes: 150 })
  })

  test('R4 fallbacks for a case with one period or none: the earliest recorded period, else the current programme — for the case and for its work (R17)', async () => {
    // The SQL reads the programme of a case with at most one period once instead of per day
    // (docs/performance.md); these two cases pin that both rules still hold for them.
    const { rostock } = await getTeams()
    const before = await Promise.all(PROGRAMMES.map((programme) => computeAggregates(2025, { teamId: null, programme })))
    // One period, beginning only in 2026 (MBE; the case row says JMD): no period is in force on any
    // day of 2025, so the earliest recorded one counts — MBE for the case and for its contact.
    const late = await createTestCase({ teamId: rostock.id, openedAt: new Date('2025-03-01T09:00:00Z'), programme: 'JMD' })
    await prisma.programmePeriod.updateMany({ where: { caseId: late.id }, data: { programme: 'MBE', validFrom: new Date('2026-02-01T00:00:00Z') } })
    // No period at all: the case's current programme (LAND_MIGRATION).
    const none = await createTestCase({ teamId: rostock.id, openedAt: new Date('2025-03-01T09:00:00Z'), programme: 'LAND_MIGRATION' })
    await prisma.programmePeriod.deleteMany({ where: { caseId: none.id } })
    for (const [caseId, durationMinutes] of [[late.id, 40], [none.id, 25]] as const) {
      await prisma.contact.create({ data: { caseId, date: new Date('2025-04-01T00:00:00Z'), durationMinutes, mode: 'PHONE', setting: 'INDIVIDUAL', interpreting: 'NONE' } })
    }
    const after = await Promise.all(PROGRAMMES.map((programme) => computeAggregates(2025, { teamId: null, programme })))
    const delta = Object.fromEntries(PROGRAMMES.map((programme, index) => {
      const [a, b] = [after[index]!.keyFigures, before[index]!.keyFigures]
      return [programme, { cases: a.cases - b.cases, casesWithWork: (a.casesWithWork ?? 0) - (b.casesWithWork ?? 0), contacts: a.contacts - b.contacts, minutes: a.minutes - b.minutes }]
    }))
    const zero = { cases: 0, casesWithWork: 0, contacts: 0, minutes: 0 }
    expect(delta).toEqual({
      ...Object.fromEntries(PROGRAMMES.map((programme) => [programme, zero])),
      MBE: { cases: 1, casesWithWork: 1, contacts: 1, minutes: 40 },
      LAND_MIGRATION: { cases: 1, casesWithWork: 1, contacts: 1, minutes: 25 },
    })
  })

  test('previous year 2024', async () => {
    // C2 opened in 2024; C4 closed on 2024-12-01 (contact broken off). No contacts; one inquiry.
    // R2a: C4 (opened 2023) had nothing in 2024 but its closure — a case of 2024, on its own line.
    // Cases with work: C2 (its Ukrainian mediation of 2024-08-01).
    const p = await computeAggregates(2024, { teamId: null, programme: null })
    expect(p.keyFigures).toEqual({
      clients: 2, cases: 2, newCases: 1, continuingCases: 1, closureOnlyCases: 1, closedCases: 1, casesWithWork: 1, familyMembers: 0, contacts: 0, minutes: 0, groupSessions: NO_GROUP_SESSIONS, anonymousInquiries: 1,
    })
    expect(p.closureReasons).toEqual([{ code: 'CONTACT_BROKEN_OFF', cases: 1 }])
  })

  test('page and all three exports publish the same figures (k = 2)', async () => {
    await prisma.setting.create({ data: { key: K_SETTING, value: '2' } })
    // With k = 2 the ones are primary cells; S3 then protects them against interval attacks too,
    // which in a dataset this small takes several totals. 2025 | 2024:
    // - clients 4 | 2: duration of stay has four persons in four bands (1 + 1 + 1 + 1); with the
    //   total published each would be pinned to 1 (every hidden count is ≥ 1), so the total goes.
    //   2024: the two clients are 1 + 1 in every person table — the same.
    // - cases 5 = new 3 + continuing 2: no small cell; 2024: 2 = 1 + 1, pinned → suppressed.
    // - closed 2 = goals achieved 1 + moved 1 (closure reasons): pinned → suppressed; 2024: 1.
    // - contacts 5 = five modes with one contact each → suppressed; hours with it (S2). 2024: none.
    // - family 2 | -, inquiries 2 | . (1); closure-only 0 | . (1: C4); cases with work 3 | . (1).
    const expected: Array<[string, number | null, number | null]> = [
      ['clients', null, null],
      ['cases', 5, null],
      ['new-cases', 3, null],
      ['continuing-cases', 2, null],
      ['closure-only-cases', 0, null],
      ['closed-cases', null, null],
      ['cases-with-work', 3, null],
      ['family-members', 2, 0],
      ['contacts', null, 0],
      ['hours', null, 0],
      ['group-sessions', 0, 0],
      ['group-hours', 0, 0],
      ['group-participants', 0, 0],
      ['group-participant-cases', 0, 0],
      ['group-participants-anonymous', 0, 0],
      ['anonymous-inquiries', 2, null],
    ]
    const page = (await pageLoader({ request: await requestAs(admin.id, '/statistics?year=2025'), params: {}, context: {} })) as unknown as { data: { statistics: { tables: Array<{ id: string; rows: Array<{ id: string; cells: Array<{ value: number | null }> }> }> } } }
    const pageKey = page.data.statistics.tables.find((table) => table.id === 'key-figures')!
    expect(pageKey.rows.map((row) => [row.id, row.cells[0]!.value, row.cells[1]!.value])).toEqual(expected)
    // Gender × age: female 35–44 = 2 is published; male and not-stated (1 each) are suppressed.
    const genderAge = page.data.statistics.tables.find((table) => table.id === 'gender-age')!
    expect(genderAge.rows.find((row) => row.id === 'FEMALE')!.cells[4]!.value).toBe(2)
    expect(genderAge.rows.find((row) => row.id === 'MALE')!.cells[1]!.value).toBeNull()

    const json = (await (await jsonLoader({ request: await requestAs(admin.id, '/statistics/export.json?year=2025'), params: {}, context: {} })).json()) as StatisticsJson
    expect(json.year).toBe(2025)
    // The rule in force and the suppression method, as data and in words; the counting rules in words.
    expect(json.suppression).toMatchObject({ k: 2, method: 'suppress', secondary: 'cost-optimal-interval' })
    expect(json.suppression.text).toContain('sekundäre Geheimhaltung')
    expect(json.countingRules.some((rule) => rule.startsWith('Arbeit zählt dort, wo sie geleistet wurde'))).toBe(true)
    expect(json.countingRules.some((rule) => rule.startsWith('Das Alter ist Berichtsjahr minus Geburtsjahr'))).toBe(true)
    const jsonKey = json.tables.find((table) => table.id === 'key-figures')!
    expect(jsonKey.columns).toEqual(['value', 'previous-year'])
    expect(jsonKey.rows.map((row) => [row.id, ...row.values])).toEqual(expected)
    // Primary and secondary suppression are one published reason (S3).
    expect(jsonKey.suppressed).toContainEqual({ row: 'new-cases', column: 'previous-year', reason: 'confidential' })
    expect(json.tables.map((table) => table.id)).toEqual([
      'key-figures', 'gender-age', 'nationality', 'residence-status', 'duration-of-stay', 'district', 'contact-mode', 'topics', 'closure-reasons', 'referrals', 'language-mediation', 'further-figures',
    ])

    const csvResponse = await csvLoader({ request: await requestAs(admin.id, '/statistics/export.csv?year=2025'), params: {}, context: {} })
    expect(csvResponse.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
    const bytes = new Uint8Array(await csvResponse.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]) // UTF-8 byte order mark
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)
    expect(csv).toContain('\r\nEckzahlen\r\n;Wert;Vorjahr\r\nKlient/innen (Personen);.;.\r\nFälle;5;.\r\nNeue Fälle;3;.\r\n')
    expect(csv).toContain('\r\nBeratungsstunden;.;-\r\n')

    const xlsxResponse = await xlsxLoader({ request: await requestAs(admin.id, '/statistics/export.xlsx?year=2025'), params: {}, context: {} })
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await xlsxResponse.arrayBuffer())
    // Sheets are named by German titles of at most 31 characters, all different.
    const sheetNames = workbook.worksheets.map((sheet) => sheet.name)
    expect(sheetNames).toEqual([
      'Anonymisierte Jahresstatistik', 'Eckzahlen', 'Geschlecht und Alter', 'Staatsangehörigkeit', 'Aufenthaltsstatus', 'Aufenthaltsdauer', 'Wohnort (Kreis)',
      'Kontakte nach Form und Setting', 'Themen', 'Abschlussgründe', 'Vermittlungen', 'Sprachmittlung', 'Weitere Kennzahlen',
    ])
    expect(new Set(sheetNames).size).toBe(sheetNames.length)
    expect(sheetNames.every((name) => name.length <= 31)).toBe(true)
    const cover = workbook.getWorksheet('Anonymisierte Jahresstatistik')!
    const coverTexts = cover.getColumn(2).values.map(String)
    expect(coverTexts.some((value) => value.includes('sekundäre Geheimhaltung'))).toBe(true)
    expect(coverTexts.some((value) => value.startsWith('Arbeit zählt dort, wo sie geleistet wurde'))).toBe(true)
    expect(csv).toContain('\r\nZählregeln;Ein Jahr ist ein Kalenderjahr nach deutscher Zeit:')
    const sheet = workbook.getWorksheet('Eckzahlen')!
    const rows = expected.map((_, index) => sheet.getRow(index + 3).values as unknown[])
    const cellText = (value: number | null) => (value === null ? '.' : value === 0 ? '-' : value)
    expect(rows.map((values) => [values[2], values[3]])).toEqual(expected.map(([, value, previous]) => [cellText(value), cellText(previous)]))
  })

  test('published: medians keep their .5, a share of no contacts is no-data, previous-year-only languages add up in "other" (k = 2)', async () => {
    await prisma.setting.create({ data: { key: K_SETTING, value: '2' } })
    const json = (await (await jsonLoader({ request: await requestAs(admin.id, '/statistics/export.json?year=2025'), params: {}, context: {} })).json()) as StatisticsJson
    const table = (id: string) => json.tables.find((t) => t.id === id)!
    const row = (id: string, rowId: string) => table(id).rows.find((r) => r.id === rowId)!
    // R16: psychosocial referrals 30/45 and 60/61 days; first contact 0 and 17 days. (The total
    // row's medians are suppressed with their base: the total of 3 = 1 + 2 is hidden by S3, the
    // cheapest protection of the single legal-advice referral.)
    const referralsColumns = table('referrals').columns
    const psychosocial = row('referrals', 'PSYCHOSOCIAL_CENTRE').values
    expect(psychosocial[referralsColumns.indexOf('total')]).toBe(2)
    expect(psychosocial[referralsColumns.indexOf('median-days-to-clearing')]).toBe(37.5)
    expect(psychosocial[referralsColumns.indexOf('median-days-to-admission')]).toBe(60.5)
    expect(row('referrals', 'total').values[referralsColumns.indexOf('total')]).toBeNull()
    expect(row('further-figures', 'median-days-to-first-contact').values[0]).toBe(8.5)
    // 2024 had no contact: 0 of 0 has no share (not 0 %).
    expect(row('further-figures', 'interpreting-share').values).toEqual([40, null])
    expect(table('further-figures').suppressed).toContainEqual({ row: 'interpreting-share', column: 'previous-year', reason: 'no-data' })
    // 2024's Ukrainian mediation: no row of its own in 2025, so the previous-year column shows it
    // in "other languages" and the language section adds up to the total (1, suppressed with k = 2).
    expect(table('language-mediation').rows.map((r) => r.id).filter((id) => id.startsWith('language:'))).toEqual(['language:arb', 'language:OTHER'])
    expect(row('language-mediation', 'language:OTHER').values).toEqual([0, 0, 0, null])
    expect(row('language-mediation', 'language:arb').values.at(-1)).toBe(0)

    const csvResponse = await csvLoader({ request: await requestAs(admin.id, '/statistics/export.csv?year=2025'), params: {}, context: {} })
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(new Uint8Array(await csvResponse.arrayBuffer()))
    expect(csv).toContain('\r\nMedian Tage von Fallbeginn bis Erstkontakt;8,5;')
    expect(csv).toMatch(/\r\nPsychosoziales Zentrum[^;\r]*;[^\r]*;2;37,5;60,5;/)
    expect(csv).toContain('\r\nAnteil der Kontakte mit Sprachmittlung (%);40,0;-\r\n')
    expect(csv).toContain('\r\nÜbrige Sprachen;-;-;-;.\r\n')
  })

  test('round5: a true 1 or 2 shows as "0", a true zero as "-" (S4)', async () => {
    await prisma.setting.createMany({ data: [{ key: K_SETTING, value: '3' }, { key: 'statistics.method', value: 'round5' }] })
    const csvResponse = await csvLoader({ request: await requestAs(admin.id, '/statistics/export.csv?year=2025'), params: {}, context: {} })
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(new Uint8Array(await csvResponse.arrayBuffer()))
    // 2025 | 2024: clients 4 → 5 | 2 → 0; new cases 3 → 5 | 1 → 0; family 2 → 0 | 0 → "-".
    expect(csv).toContain('\r\nKlient/innen (Personen);5;0\r\nFälle;5;0\r\nNeue Fälle;5;0\r\n')
    expect(csv).toMatch(/\r\n[^;\r]*Familienangehörige[^;\r]*;0;-\r\n/)
    const xlsxResponse = await xlsxLoader({ request: await requestAs(admin.id, '/statistics/export.xlsx?year=2025'), params: {}, context: {} })
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await xlsxResponse.arrayBuffer())
    const clients = workbook.getWorksheet('Eckzahlen')!.getRow(3).values as unknown[]
    expect([clients[2], clients[3]]).toEqual([5, 0])
  })

  test('differencing between scopes (S5, decision record 022): each export alone is safe; organisation minus the other teams is not, and every export says so', async () => {
    const { rostock, eae, greifswald } = await getTeams()
    const solver = await getLpSolver()
    const rule = { k: 2, method: 'suppress' as const }
    const scopes: Array<[string, StatisticsScope]> = [
      ['org', { teamId: null, programme: null }],
      ...[rostock, eae, greifswald].map((team): [string, StatisticsScope] => [team.id, { teamId: team.id, programme: null }]),
    ]
    // Every export published on its own, exactly as the page does it.
    const cells = new Map<string, Cell>()
    const constraints: Constraint[] = []
    const outcomes = new Map<string, CellOutcome>()
    for (const [name, scope] of scopes) {
      const published = publishWithOutcomes(await computeAggregates(2025, scope), await computeAggregates(2024, scope), rule, solver)
      const audit = auditSuppression(published.cells, published.constraints, published.outcomes, rule.k, solver)
      expect(audit).toEqual({ recomputed: [], narrowed: [] })
      for (const [key, cell] of published.cells) cells.set(`${name}/${key}`, { ...cell, key: `${name}/${key}`, base: cell.base && `${name}/${cell.base}` })
      for (const [key, outcome] of published.outcomes) outcomes.set(`${name}/${key}`, outcome)
      constraints.push(...published.constraints.map((c) => ({ total: `${name}/${c.total}`, parts: c.parts.map((part) => `${name}/${part}`) })))
    }
    // What a reader of all four exports also knows: case and work figures of the organisation are
    // the sum of its teams' (R3); persons are not (R5), so client cells are left out.
    for (const [key, cell] of cells) {
      const [name, quantity] = key.split('/') as [string, string]
      if (name !== 'org' || cell.kind !== 'count' || quantity.replace(/^py:/, '').startsWith('clients')) continue
      constraints.push({ total: key, parts: scopes.slice(1).map(([team]) => `${team}/${quantity}`) })
    }
    const combined = auditSuppression(cells, constraints, outcomes, rule.k, solver)
    // The attack works: e.g. the EAE's 2 cases of 2025 (1 new + 1 continuing, hidden in its own
    // export) are the organisation's 5 minus Rostock's 3 minus Greifswald's 0.
    expect(combined.recomputed).toContain(`${eae.id}/cases`)
    for (const key of combined.recomputed) expect(outcomes.get(key)!.value).toBeNull()

    // Hence the restriction printed with every export, in the organisation's and the teams'.
    await prisma.setting.create({ data: { key: K_SETTING, value: '2' } })
    const ruleLine = async (query: string) => {
      const response = await csvLoader({ request: await requestAs(admin.id, `/statistics/export.csv?${query}`), params: {}, context: {} })
      return new TextDecoder('utf-8', { ignoreBOM: true }).decode(new Uint8Array(await response.arrayBuffer())).split('\r\n').find((line) => line.startsWith('"Geheimhaltungsregel"') || line.startsWith('Geheimhaltungsregel'))!
    }
    expect(await ruleLine('year=2025')).toContain('nicht zusammen mit Team- oder Programmauswertungen desselben Jahres')
    expect(await ruleLine(`year=2025&team=${eae.id}`)).toContain('nicht zusammen mit den Zahlen der Gesamtorganisation oder der anderen Teams')
  })
})

function sorted(values: string[]) {
  return [...values].sort()
}

type WorkFigures = Record<string, number>

/** The additive work figures of one scope (R17), as one flat record of named counts. */
function workFigures(a: StatisticsAggregates): WorkFigures {
  const figures: WorkFigures = { contacts: a.keyFigures.contacts, minutes: a.keyFigures.minutes, interpreted: a.further.contactsInterpreted }
  const add = (key: string, value: number) => {
    if (value) figures[key] = (figures[key] ?? 0) + value
  }
  for (const c of a.contacts) add(`contacts|${c.mode}|${c.setting}`, c.contacts)
  for (const t of a.topics) add(`mentions|${t.code}`, t.mentions)
  for (const x of a.referrals) add(`referrals|${x.kind}|${x.outcome}`, x.referrals)
  for (const m of a.mediation.filter((entry) => entry.section === 'language')) {
    add(`mediations|${m.code}`, m.assignments)
    add(`mediation-minutes|${m.code}`, m.minutes)
    add(`mediation-cost|${m.code}`, m.costCents)
  }
  return figures
}

function addUp(list: WorkFigures[]): WorkFigures {
  const total: WorkFigures = { contacts: 0, minutes: 0, interpreted: 0 }
  for (const figures of list) for (const [key, value] of Object.entries(figures)) total[key] = (total[key] ?? 0) + value
  for (const key of Object.keys(total)) if (total[key] === 0 && !['contacts', 'minutes', 'interpreted'].includes(key)) delete total[key]
  return total
}

/**
 * R17 computed from the records in plain code, independently of the statistics SQL: every work
 * item of Y on a case opened before the end of Y, with the team and programme of its calendar day.
 */
async function independentWork(year: number, teamId: string | null, programme: string | null): Promise<WorkFigures> {
  const from = new Date(Date.UTC(year, 0, 1))
  const to = new Date(Date.UTC(year + 1, 0, 1))
  const day = (date: Date) => date.toISOString().slice(0, 10)
  const allCases = await prisma.case.findMany({
    where: { openedAt: { lt: to } },
    select: {
      id: true, teamId: true, programme: true,
      transfers: { where: { status: 'DONE' }, select: { fromTeamId: true, at: true, completedAt: true } },
      programmes: { select: { programme: true, validFrom: true } },
    },
  })
  const cases = new Map(allCases.map((c) => [c.id, c]))
  const creditedTo = (caseId: string, date: Date) => {
    const c = cases.get(caseId)
    if (!c) return null
    const transfer = c.transfers
      .map((t) => ({ fromTeamId: t.fromTeamId, when: t.completedAt ?? t.at }))
      .sort((x, y) => x.when.getTime() - y.when.getTime())
      .find((t) => day(t.when) >= day(date))
    const periods = [...c.programmes].sort((x, y) => x.validFrom.getTime() - y.validFrom.getTime())
    const period = [...periods].reverse().find((p) => day(p.validFrom) <= day(date)) ?? periods[0]
    return { team: transfer?.fromTeamId ?? c.teamId, programme: period?.programme ?? c.programme }
  }
  const inScope = (caseId: string, date: Date) => {
    const credit = creditedTo(caseId, date)
    return !!credit && (teamId === null || credit.team === teamId) && (programme === null || credit.programme === programme)
  }
  const figures: WorkFigures = { contacts: 0, minutes: 0, interpreted: 0 }
  const add = (key: string, value: number) => {
    if (value) figures[key] = (figures[key] ?? 0) + value
  }
  const contacts = await prisma.contact.findMany({ where: { date: { gte: from, lt: to } }, select: { caseId: true, date: true, mode: true, setting: true, durationMinutes: true, interpreting: true, topics: { select: { topic: { select: { code: true } } } } } })
  for (const k of contacts.filter((x) => inScope(x.caseId, x.date))) {
    figures.contacts! += 1
    figures.minutes! += k.durationMinutes
    if (k.interpreting !== 'NONE') figures.interpreted! += 1
    add(`contacts|${k.mode}|${k.setting}`, 1)
    for (const t of k.topics) add(`mentions|${t.topic.code}`, 1)
  }
  const referrals = await prisma.referral.findMany({ where: { sentAt: { gte: from, lt: to } }, select: { caseId: true, sentAt: true, kind: true, status: true, transitions: { where: { at: { lt: to } }, orderBy: { at: 'desc' }, take: 1, select: { toStatus: true } } } })
  for (const x of referrals.filter((entry) => inScope(entry.caseId, entry.sentAt))) add(`referrals|${x.kind}|${referralOutcome(x.transitions[0]?.toStatus ?? x.status)}`, 1)
  const mediations = await prisma.languageMediation.findMany({ where: { performedAt: { gte: from, lt: to }, status: { in: ['DONE', 'INVOICED'] } }, select: { caseId: true, performedAt: true, languageCode: true, billedMinutes: true, costCents: true } })
  for (const m of mediations.filter((entry) => inScope(entry.caseId, entry.performedAt!))) {
    add(`mediations|${m.languageCode}`, 1)
    add(`mediation-minutes|${m.languageCode}`, m.billedMinutes ?? 0)
    add(`mediation-cost|${m.languageCode}`, m.costCents ?? 0)
  }
  return figures
}

type GroupFigures = NonNullable<StatisticsAggregates['keyFigures']['groupSessions']>

function addUpGroups(list: GroupFigures[]): GroupFigures {
  return list.reduce((sum, x) => ({ sessions: sum.sessions + x.sessions, minutes: sum.minutes + x.minutes, participantCases: sum.participantCases + x.participantCases, anonymousParticipants: sum.anonymousParticipants + x.anonymousParticipants }), NO_GROUP_SESSIONS)
}

/** R18 from the session rows in plain code: each session of the year once, for its own team and programme. */
async function independentGroupSessions(year: number, teamId: string | null, programme: string | null): Promise<GroupFigures> {
  const all = await prisma.groupSession.findMany({ select: { teamId: true, programme: true, date: true, durationMinutes: true, anonymousParticipants: true, participants: { select: { id: true } } } })
  return addUpGroups(
    all
      .filter((x) => x.date.getUTCFullYear() === year && (teamId === null || x.teamId === teamId) && (programme === null || x.programme === programme))
      .map((x) => ({ sessions: 1, minutes: x.durationMinutes, participantCases: x.participants.length, anonymousParticipants: x.anonymousParticipants })),
  )
}
