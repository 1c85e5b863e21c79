// GOLDEN DATASET: a small, fixed set of cases built by hand; every expected figure is worked out
// in the comments from the counting rules in docs/statistics.md (R1–R15, S1–S4).
import ExcelJS from 'exceljs'
import { beforeEach, describe, expect, test } from 'vitest'
import { type StatisticsJson } from '#app/domain/statistics/export.ts'
import { loader as csvLoader } from '#app/routes/statistics.export[.]csv.ts'
import { loader as jsonLoader } from '#app/routes/statistics.export[.]json.ts'
import { loader as xlsxLoader } from '#app/routes/statistics.export[.]xlsx.ts'
import { loader as pageLoader } from '#app/routes/statistics.tsx'
import { prisma } from '#app/utils/db.server.ts'
import { catalogueId, createTestCase, createUser, getTeams, requestAs } from '#tests/factories.ts'
import { computeAggregates, K_SETTING } from './statistics.server.ts'

const d = (iso: string) => new Date(iso)

async function contact(caseId: string, date: string, minutes: number, mode: string, setting: string, interpreting: string, topics: string[]) {
  const topicIds = await Promise.all(topics.map((code) => catalogueId('TOPIC', code)))
  await prisma.contact.create({
    data: {
      caseId,
      date: d(date),
      durationMinutes: minutes,
      mode,
      setting,
      interpreting,
      confidentialNote: 'SECRET-NOTE-never-exported',
      topics: { create: topicIds.map((topicId) => ({ topicId })) },
    },
  })
}

/** Builds the golden dataset; returns the users and teams the tests need. */
export async function buildGoldenDataset() {
  const teams = await getTeams()
  const admin = await createUser({ role: 'ADMIN', teamId: teams.eae.id })
  const hro = await catalogueId('PLACE', 'HRO')
  const sn = await catalogueId('PLACE', 'SN')

  // C1 — client A: female, born 1990 (2025 − 1990 = 35 → 35–44, R8), Syrian, arrived 2024-06,
  // lives in Rostock (HRO). Opened 2025-02-10 in the EAE, MBE, case management, 2 family members.
  const c1 = await createTestCase({ teamId: teams.rostock.id, openedAt: d('2025-02-10T09:00:00Z'), programme: 'OTHER', birthYear: 1990, gender: 'FEMALE', nationality: 'SY' })
  await prisma.client.update({ where: { id: c1.clientId }, data: { arrivalMonth: '2024-06', districtId: hro } })
  await prisma.case.update({ where: { id: c1.id }, data: { familyMembersCounselled: 2 } })
  // R4: programme MBE from opening, changed to OTHER on 2025-08-01 → MBE in force at the first contact of 2025.
  await prisma.programmePeriod.updateMany({ where: { caseId: c1.id }, data: { programme: 'MBE' } })
  await prisma.programmePeriod.create({ data: { caseId: c1.id, programme: 'OTHER', validFrom: d('2025-08-01T00:00:00Z') } })
  // R11: Aufenthaltsgestattung (group A) from opening; refugee protection (B) from June → A at the first contact.
  await prisma.residenceStatusEntry.create({ data: { clientId: c1.clientId, statusId: await catalogueId('RESIDENCE_STATUS', 'P25_2_REFUGEE'), validFrom: d('2025-06-01T00:00:00Z') } })
  // R3: transferred EAE → Rostock on 2025-04-01: counts for Rostock (the holder at year end), with all its contacts.
  await prisma.transfer.create({ data: { caseId: c1.id, fromTeamId: teams.eae.id, toTeamId: teams.rostock.id, reason: 'DISTRIBUTION', status: 'DONE', at: d('2025-04-01T10:00:00Z'), completedAt: d('2025-04-01T10:00:00Z') } })
  await contact(c1.id, '2025-02-10T00:00:00Z', 60, 'OFFICE', 'INDIVIDUAL', 'PROFESSIONAL', ['RESIDENCE_ASYLUM', 'HOUSING'])
  await contact(c1.id, '2025-03-01T00:00:00Z', 30, 'PHONE', 'INDIVIDUAL', 'NONE', ['RESIDENCE_ASYLUM'])
  await contact(c1.id, '2025-05-01T00:00:00Z', 90, 'OFFICE', 'GROUP', 'NONE', ['WORK'])
  await prisma.casePlan.create({ data: { caseId: c1.id, agreedAt: d('2025-03-01T00:00:00Z'), createdAt: d('2025-03-01T00:00:00Z'), closedAt: d('2025-10-01T00:00:00Z') } })
  // Referral to a psychosocial centre: sent 02-12, clearing 03-14 (30 days), admitted 04-13 (60 days),
  // completed only in 2026 → outcome at the end of 2025 = admitted (R13).
  const r1 = await prisma.referral.create({
    data: { caseId: c1.id, kind: 'PSYCHOSOCIAL_CENTRE', urgency: 'REGULAR', reason: 'SECRET-REASON', status: 'COMPLETED', sentAt: d('2025-02-12T10:00:00Z'), clearingAt: d('2025-03-14T10:00:00Z'), admittedAt: d('2025-04-13T10:00:00Z') },
  })
  for (const [toStatus, at] of [['INQUIRY', '2025-02-12T10:00:00Z'], ['CLEARING_DONE', '2025-03-14T10:00:00Z'], ['ADMITTED', '2025-04-13T10:00:00Z'], ['COMPLETED', '2026-01-10T10:00:00Z']]) {
    await prisma.referralTransition.create({ data: { referralId: r1.id, toStatus: toStatus!, at: d(at!) } })
  }
  // Language mediation: Arabic by phone from the pool, 30 billed minutes, 45.00 EUR, Land → counted.
  await prisma.languageMediation.create({
    data: { caseId: c1.id, languageCode: 'arb', mode: 'PHONE', providerKind: 'POOL', interpreterRef: 'INTERPRETER-REF-77', requestedAt: d('2025-02-05T10:00:00Z'), performedAt: d('2025-02-10T10:00:00Z'), billedMinutes: 30, costCents: 4500, costBearer: 'LAND', status: 'DONE' },
  })
  // A late cancellation is not counted (docs §7).
  await prisma.languageMediation.create({
    data: { caseId: c1.id, languageCode: 'prs', mode: 'ON_SITE', providerKind: 'AGENCY', requestedAt: d('2025-03-05T10:00:00Z'), performedAt: d('2025-03-06T10:00:00Z'), billedMinutes: 60, costCents: 9000, costBearer: 'PROJECT', status: 'CANCELLED_LATE' },
  })

  // C2 — client B: male, born 2008 (17 → 12–17), Afghan, arrived 2021-01, no district. EAE team,
  // opened 2024-05-01 (continuing in 2025), JMD, short counselling, toleration (group C).
  const c2 = await createTestCase({ teamId: teams.eae.id, openedAt: d('2024-05-01T09:00:00Z'), programme: 'JMD', kind: 'SHORT', birthYear: 2008, gender: 'MALE', nationality: 'AF', residenceStatus: 'DULDUNG' })
  await prisma.client.update({ where: { id: c2.clientId }, data: { arrivalMonth: '2021-01' } })
  await contact(c2.id, '2025-01-15T00:00:00Z', 45, 'OUTREACH', 'INDIVIDUAL', 'RELATIVE', ['LANGUAGE_COURSE'])
  // R6: closed on 2025-06-30, goals achieved.
  const goals = await catalogueId('CLOSURE_REASON', 'GOALS_ACHIEVED')
  await prisma.caseStatusChange.create({ data: { caseId: c2.id, fromStatus: 'OPEN', toStatus: 'CLOSED', closureReasonId: goals, at: d('2025-06-30T12:00:00Z') } })
  await prisma.case.update({ where: { id: c2.id }, data: { status: 'CLOSED', closedAt: d('2025-06-30T12:00:00Z'), closureReasonId: goals } })
  // Referral to legal advice: waiting list in 2025, declined only in January 2026 → waiting list (R13).
  const r2 = await prisma.referral.create({ data: { caseId: c2.id, kind: 'LEGAL_ADVICE', urgency: 'REGULAR', status: 'DECLINED', sentAt: d('2025-01-20T10:00:00Z') } })
  for (const [toStatus, at] of [['INQUIRY', '2025-01-20T10:00:00Z'], ['WAITING_LIST', '2025-02-01T10:00:00Z'], ['DECLINED', '2026-01-03T10:00:00Z']]) {
    await prisma.referralTransition.create({ data: { referralId: r2.id, toStatus: toStatus!, at: d(at!) } })
  }

  // C3 — client A again (same person, second case): EAE team, opened 2025-09-01, MBE, short, began
  // in her own flat, no contact. Transferred to Greifswald on 2026-01-10, after the year → EAE in 2025 (R3).
  const c3 = await prisma.case.create({
    data: {
      clientId: c1.clientId, teamId: teams.greifswald.id, openedAt: d('2025-09-01T09:00:00Z'), startPlace: 'OWN_FLAT', kind: 'SHORT', programme: 'MBE', accessRoute: 'OTHER', germanLevel: 'A1',
      programmes: { create: { programme: 'MBE', validFrom: d('2025-09-01T09:00:00Z') } },
      statusChanges: { create: { toStatus: 'OPEN', at: d('2025-09-01T09:00:00Z') } },
    },
    select: { id: true },
  })
  await prisma.transfer.create({ data: { caseId: c3.id, fromTeamId: teams.eae.id, toTeamId: teams.greifswald.id, reason: 'MOVE', status: 'DONE', at: d('2026-01-10T10:00:00Z'), completedAt: d('2026-01-10T10:00:00Z') } })

  // C4 — client C: gender not stated, born 1950 (75 → 65+), Ukrainian, arrived 2022-03, Schwerin,
  // temporary protection (B). Rostock, opened 2023, Land-funded. Closed 2024-12-01 (contact broken
  // off), reopened 2025-03-01 (R7: a continuing case), closed again 2025-11-15 (moved).
  const c4 = await createTestCase({ teamId: teams.rostock.id, openedAt: d('2023-01-10T09:00:00Z'), programme: 'LAND_MIGRATION', birthYear: 1950, gender: 'NOT_STATED', nationality: 'UA', residenceStatus: 'P24' })
  await prisma.client.update({ where: { id: c4.clientId }, data: { arrivalMonth: '2022-03', districtId: sn } })
  const brokenOff = await catalogueId('CLOSURE_REASON', 'CONTACT_BROKEN_OFF')
  const moved = await catalogueId('CLOSURE_REASON', 'MOVED')
  await prisma.caseStatusChange.create({ data: { caseId: c4.id, fromStatus: 'OPEN', toStatus: 'CLOSED', closureReasonId: brokenOff, at: d('2024-12-01T12:00:00Z') } })
  await prisma.caseStatusChange.create({ data: { caseId: c4.id, fromStatus: 'CLOSED', toStatus: 'OPEN', at: d('2025-03-01T08:00:00Z') } })
  await prisma.caseStatusChange.create({ data: { caseId: c4.id, fromStatus: 'OPEN', toStatus: 'CLOSED', closureReasonId: moved, at: d('2025-11-15T12:00:00Z') } })
  await prisma.case.update({ where: { id: c4.id }, data: { status: 'CLOSED', closedAt: d('2025-11-15T12:00:00Z'), closureReasonId: moved } })
  await contact(c4.id, '2025-03-01T00:00:00Z', 60, 'VIDEO', 'INDIVIDUAL', 'NONE', ['HEALTH'])

  // C5 — client D: female, born 1985 (40 → 35–44), Syrian, no arrival month, Rostock (HRO).
  // Rostock, opened 2025-12-20, MBE, case management, began in her own flat; first contact 2026-01-05 (16 days).
  const c5 = await createTestCase({ teamId: teams.rostock.id, openedAt: d('2025-12-20T09:00:00Z'), programme: 'MBE', birthYear: 1985, gender: 'FEMALE', nationality: 'SY' })
  await prisma.client.update({ where: { id: c5.clientId }, data: { districtId: hro } })
  await prisma.case.update({ where: { id: c5.id }, data: { startPlace: 'OWN_FLAT' } })
  await contact(c5.id, '2026-01-05T00:00:00Z', 50, 'OFFICE', 'INDIVIDUAL', 'NONE', ['WORK'])

  // C6 — open since 2023 without any activity in 2025: not a case of 2025 (R2).
  await createTestCase({ teamId: teams.rostock.id, openedAt: d('2023-06-01T09:00:00Z'), birthYear: 1970, gender: 'MALE', nationality: 'IQ' })

  // Anonymous inquiries (R15): two in 2025 at the EAE, one in 2024.
  for (const date of ['2025-04-01T10:00:00Z', '2025-07-01T10:00:00Z', '2024-07-01T10:00:00Z']) {
    await prisma.anonymousInquiry.create({ data: { teamId: teams.eae.id, date: d(date), mode: 'PHONE', durationMinutes: 10 } })
  }
  return { teams, admin }
}

describe('golden dataset', () => {
  let admin: { id: string }
  beforeEach(async () => {
    ;({ admin } = await buildGoldenDataset())
  })

  test('organisation 2025: every unsuppressed figure', async () => {
    const a = await computeAggregates(2025, { teamId: null, programme: null })
    // R2: C1, C2, C3, C4, C5 (C6 had no activity). Clients A (C1, C3), B, C, D.
    // New: C1, C3, C5; continuing: C2, C4 (R7); closed: C2 and C4 (R6). Family: 2 (C1).
    // Contacts in 2025: C1 ×3 (60 + 30 + 90), C2 ×1 (45), C4 ×1 (60) = 5 contacts, 285 minutes.
    expect(a.keyFigures).toEqual({ clients: 4, cases: 5, newCases: 3, continuingCases: 2, closedCases: 2, familyMembers: 2, contacts: 5, minutes: 285, anonymousInquiries: 2 })
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
    expect(sorted(a.referrals.map((x) => `${x.kind}|${x.outcome}=${x.referrals}`))).toEqual(['LEGAL_ADVICE|WAITING_LIST=1', 'PSYCHOSOCIAL_CENTRE|ADMITTED=1'])
    expect(a.referralWaits.find((w) => w.kind === null)).toEqual({ kind: null, toClearing: { median: 30, n: 1 }, toAdmission: { median: 60, n: 1 } })
    // §7: only the performed Arabic phone mediation.
    expect(sorted(a.mediation.map((m) => `${m.section}:${m.code}=${m.assignments}/${m.minutes}/${m.costCents}`))).toEqual([
      'bearer:LAND=1/30/4500',
      'language:arb=1/30/4500',
      'mode:PHONE=1/30/4500',
      'provider:POOL=1/30/4500',
    ])
    // Interpreting: C1's first contact (professional) and C2's (relative) = 2 of 5.
    // First contact: C1 0 days, C5 16 days (C3 has none) → median 8. EAE start: C1 only (C3, C5 own flat).
    // CM cases: C1, C4, C5 (C2, C3 short); with a plan: C1; plans closed in 2025: C1's.
    expect(a.further).toEqual({ contactsInterpreted: 2, daysToFirstContact: { median: 8, n: 2 }, newCasesEae: 1, cmCases: 3, cmCasesWithPlan: 1, plansClosed: 1 })
  })

  test('teams and programmes (R3, R4, R5)', async () => {
    const { rostock, eae, greifswald } = await getTeams()
    // Rostock holds C1 (transferred in), C4, C5 at the end of 2025: clients A, C, D; contacts 3 + 1.
    const r = await computeAggregates(2025, { teamId: rostock.id, programme: null })
    expect(r.keyFigures).toEqual({ clients: 3, cases: 3, newCases: 2, continuingCases: 1, closedCases: 1, familyMembers: 2, contacts: 4, minutes: 240, anonymousInquiries: 0 })
    // The EAE holds C2 and C3 (transferred only in 2026): clients A and B — A counts in both teams.
    const e = await computeAggregates(2025, { teamId: eae.id, programme: null })
    expect(e.keyFigures).toEqual({ clients: 2, cases: 2, newCases: 1, continuingCases: 1, closedCases: 1, familyMembers: 0, contacts: 1, minutes: 45, anonymousInquiries: 2 })
    const g = await computeAggregates(2025, { teamId: greifswald.id, programme: null })
    expect(g.keyFigures.cases).toBe(0)
    // MBE: C1 (MBE at its first contact), C3, C5; inquiries have no programme.
    const m = await computeAggregates(2025, { teamId: null, programme: 'MBE' })
    expect(m.keyFigures).toEqual({ clients: 2, cases: 3, newCases: 3, continuingCases: 0, closedCases: 0, familyMembers: 2, contacts: 3, minutes: 180, anonymousInquiries: null })
  })

  test('previous year 2024', async () => {
    // C2 opened in 2024; C4 closed on 2024-12-01 (contact broken off). No contacts; one inquiry.
    const p = await computeAggregates(2024, { teamId: null, programme: null })
    expect(p.keyFigures).toEqual({ clients: 2, cases: 2, newCases: 1, continuingCases: 1, closedCases: 1, familyMembers: 0, contacts: 0, minutes: 0, anonymousInquiries: 1 })
    expect(p.closureReasons).toEqual([{ code: 'CONTACT_BROKEN_OFF', cases: 1 }])
  })

  test('page and all three exports publish the same figures (k = 2)', async () => {
    await prisma.setting.create({ data: { key: K_SETTING, value: '2' } })
    // With k = 2 only ones are suppressed. 2025 | 2024:
    // clients 4 | 2, cases 5 | 2, new 3 | . (1), continuing 2 | . (1), closed 2 | . (1), family 2 | -,
    // contacts 5 | -, hours 285/60 = 4.75 → 4.8 | -, inquiries 2 | . (1).
    const expected: Array<[string, number, number | null]> = [
      ['clients', 4, 2],
      ['cases', 5, 2],
      ['new-cases', 3, null],
      ['continuing-cases', 2, null],
      ['closed-cases', 2, null],
      ['family-members', 2, 0],
      ['contacts', 5, 0],
      ['hours', 4.8, 0],
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
    expect(json.suppression).toEqual({ k: 2, method: 'suppress' })
    const jsonKey = json.tables.find((table) => table.id === 'key-figures')!
    expect(jsonKey.columns).toEqual(['value', 'previous-year'])
    expect(jsonKey.rows.map((row) => [row.id, ...row.values])).toEqual(expected)
    expect(jsonKey.suppressed).toContainEqual({ row: 'new-cases', column: 'previous-year', reason: 'primary' })
    expect(json.tables.map((table) => table.id)).toEqual([
      'key-figures', 'gender-age', 'nationality', 'residence-status', 'duration-of-stay', 'district', 'contact-mode', 'topics', 'closure-reasons', 'referrals', 'language-mediation', 'further-figures',
    ])

    const csvResponse = await csvLoader({ request: await requestAs(admin.id, '/statistics/export.csv?year=2025'), params: {}, context: {} })
    expect(csvResponse.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
    const bytes = new Uint8Array(await csvResponse.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]) // UTF-8 byte order mark
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)
    expect(csv).toContain('\r\nEckzahlen\r\n;Wert;Vorjahr\r\nKlient/innen (Personen);4;2\r\nFälle;5;2\r\nNeue Fälle;3;.\r\n')
    expect(csv).toContain('\r\nBeratungsstunden;4,8;-\r\n')

    const xlsxResponse = await xlsxLoader({ request: await requestAs(admin.id, '/statistics/export.xlsx?year=2025'), params: {}, context: {} })
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await xlsxResponse.arrayBuffer())
    expect(workbook.worksheets.map((sheet) => sheet.name).slice(1)).toEqual(json.tables.map((table) => table.id))
    const sheet = workbook.getWorksheet('key-figures')!
    const rows = expected.map((_, index) => sheet.getRow(index + 3).values as unknown[])
    expect(rows.map((values) => [values[2], values[3]])).toEqual(expected.map(([, value, previous]) => [value, previous === null ? '.' : previous === 0 ? '-' : previous]))
  })
})

function sorted(values: string[]) {
  return [...values].sort()
}
