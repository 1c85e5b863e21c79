import fs from 'node:fs'
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { listStore, storagePath } from '#app/utils/document-store.server.ts'
import { addDocument } from '#tests/document-fixtures.ts'
import { createTestCase, createUser, getTeams } from '#tests/factories.ts'
import { SAMPLE_FILES } from '#tests/fixtures/documents.ts'
import { addIdentity, closeCase, fillCaseFile, FREE_TEXT } from '#tests/privacy-fixtures.ts'
import { freezeYearForRetention, planRetention, runRetention, savePrivacySettings } from './retention.server.ts'
import { computeAggregates, getAggregates } from './statistics.server.ts'

const now = new Date('2026-06-15T10:00:00Z')

/** Marks years as frozen (an organisation snapshot is what retention looks at). */
async function markFrozen(years: number[]) {
  for (const year of years) await prisma.statisticsSnapshot.create({ data: { year, scopeKey: 'org', data: '{}' } })
}

async function arrange() {
  const { eae } = await getTeams()
  const counsellor = await createUser({ teamId: eae.id })
  const base = { teamId: eae.id, counsellorId: counsellor.id, openedAt: new Date('2018-09-01T10:00:00Z') }
  // A: closed 2021, full file with identity key → expires
  const a = await createTestCase({ ...base, birthYear: 1987, languages: ['arb', 'deu'] })
  await fillCaseFile({ caseId: a.id, userId: counsellor.id, teamId: eae.id })
  await addIdentity({ caseId: a.id, clientId: a.clientId, userId: counsellor.id, teamId: eae.id })
  const actor = { id: counsellor.id, role: counsellor.role, teamId: eae.id }
  const documentsA = [await addDocument({ actor, caseId: a.id, kindCode: 'BAMF_DECISION' }), await addDocument({ actor, caseId: a.id, bytes: SAMPLE_FILES.png })]
  await closeCase(a.id, new Date('2021-05-01T10:00:00Z'))
  // B: closed 31 Dec 2022, 23:30 in Berlin → closure year 2022 → expires
  const b = await createTestCase({ ...base, birthYear: 2001 })
  await closeCase(b.id, new Date('2022-12-31T22:30:00Z'))
  // C: closed 1 Jan 2023, 00:30 in Berlin (still 2022 in UTC) → closure year 2023 → kept
  const c = await createTestCase({ ...base })
  await addIdentity({ caseId: c.id, clientId: c.clientId, userId: counsellor.id, teamId: eae.id, name: 'Kept Person' })
  const documentC = await addDocument({ actor, caseId: c.id })
  await closeCase(c.id, new Date('2022-12-31T23:30:00Z'))
  // D: one old closed case and one open case → the client is kept
  const d = await createTestCase({ ...base })
  await closeCase(d.id, new Date('2019-02-01T10:00:00Z'))
  await prisma.case.create({
    data: { clientId: d.clientId, teamId: eae.id, openedAt: now, startPlace: 'OTHER', kind: 'SHORT', programme: 'MBE', accessRoute: 'OTHER', germanLevel: 'A1' },
  })
  // E: two cases, closed 2019 and 2020 → expires with both cases
  const e = await createTestCase({ ...base })
  await closeCase(e.id, new Date('2019-07-01T10:00:00Z'))
  const e2 = await prisma.case.create({
    data: { clientId: e.clientId, teamId: eae.id, openedAt: new Date('2020-01-01'), startPlace: 'OTHER', kind: 'SHORT', programme: 'MBE', accessRoute: 'OTHER', germanLevel: 'A1' },
    select: { id: true },
  })
  await closeCase(e2.id, new Date('2020-03-01T10:00:00Z'))
  // F: open → kept
  await createTestCase({ ...base })
  // G: already anonymised → skipped
  const g = await createTestCase({ ...base })
  await closeCase(g.id, new Date('2018-01-10T10:00:00Z'))
  await prisma.client.update({ where: { id: g.clientId }, data: { anonymisedAt: new Date('2025-01-01') } })

  const snapshot = await prisma.statisticsSnapshot.create({ data: { year: 2021, scopeKey: 'org', data: JSON.stringify({ clients: 5 }) } })
  // Every other year these cases count in is frozen too (the hold-back has its own test below).
  await markFrozen([2018, 2019, 2020, 2022])
  return { a, b, c, d, e, g, snapshot, counsellor, documentsA, documentC }
}

describe('retention', () => {
  test('dry run counts exactly and changes nothing; the run anonymises; a second run finds nothing', async () => {
    const { a, b, c, d, g, snapshot, counsellor, documentsA, documentC } = await arrange()
    const before = await prisma.client.findMany({ orderBy: { id: 'asc' } })
    const storedA = await prisma.document.findMany({ where: { id: { in: documentsA } }, select: { storageName: true } })
    const storedC = await prisma.document.findUniqueOrThrow({ where: { id: documentC }, select: { storageName: true } })
    const bytesC = fs.readFileSync(storagePath(storedC.storageName))

    const plan = await planRetention(now)
    expect(plan).toEqual({
      years: 3,
      latestClosureYear: 2022,
      clients: 3,
      cases: 4,
      identityKeys: 1,
      documents: 2,
      byClosureYear: [
        { year: 2019, cases: 1 },
        { year: 2020, cases: 1 },
        { year: 2021, cases: 1 },
        { year: 2022, cases: 1 },
      ],
      heldBack: { clients: 0, cases: 0, groups: [], years: [] },
    })
    expect(await prisma.client.findMany({ orderBy: { id: 'asc' } })).toEqual(before)
    expect(listStore().files).toHaveLength(3)

    const result = await runRetention({ userId: counsellor.id, now })
    expect(result).toEqual({ clients: 3, cases: 4, identityKeys: 1, documents: 2, heldBack: 0, years: 3, latestClosureYear: 2022 })

    // A's documents are gone, rows and bytes; C's document is untouched.
    expect(await prisma.document.count({ where: { id: { in: documentsA } } })).toBe(0)
    for (const { storageName } of storedA) expect(fs.existsSync(storagePath(storageName))).toBe(false)
    expect(listStore().files.map((file) => file.storageName)).toEqual([storedC.storageName])
    expect(fs.readFileSync(storagePath(storedC.storageName))).toEqual(bytesC)

    const clientA = await prisma.client.findUniqueOrThrow({ where: { id: a.clientId }, include: { languages: true, residenceStatuses: true, identityKey: true } })
    expect(clientA.birthYear).toBe(1985)
    expect(clientA.pseudonymCode).toMatch(/^ANON-[0-9A-Z]{12}$/)
    expect(clientA.anonymisedAt).toEqual(now)
    expect(clientA.identityKey).toBeNull()
    expect(clientA.languages.map((language) => language.languageCode).sort()).toEqual(['arb', 'deu'])
    expect(clientA.residenceStatuses).toHaveLength(1)
    expect((await prisma.client.findUniqueOrThrow({ where: { id: b.clientId } })).birthYear).toBe(2000)

    // No free text of A's file survives anywhere.
    const file = await prisma.case.findUniqueOrThrow({
      where: { id: a.id },
      include: { contacts: true, followUps: true, assignments: true, transfers: true, plan: { include: { goals: true } }, consents: true, referrals: true, mediations: true },
    })
    expect(JSON.stringify(file)).not.toContain(FREE_TEXT)
    expect(file.contacts).toHaveLength(1)
    expect(file.contacts[0]!.durationMinutes).toBe(45)
    expect(file.mediations[0]!.interpreterRef).toBeNull()

    // Kept: C (closed 2023 in Berlin), D (open case), G untouched.
    const kept = await prisma.client.findMany({ where: { id: { in: [c.clientId, d.clientId, g.clientId] } }, orderBy: { id: 'asc' } })
    expect(kept).toEqual(before.filter((client) => [c.clientId, d.clientId, g.clientId].includes(client.id)))
    expect(await prisma.identityKey.count({ where: { clientId: c.clientId } })).toBe(1)

    expect(await prisma.statisticsSnapshot.findUniqueOrThrow({ where: { id: snapshot.id } })).toEqual(snapshot)

    expect(await runRetention({ now })).toMatchObject({ clients: 0, cases: 0, identityKeys: 0, documents: 0 })
    const events = await prisma.auditEvent.findMany({ where: { action: 'retention.run' }, orderBy: { id: 'asc' } })
    expect(events.map((event) => JSON.parse(event.details!))).toEqual([
      { clients: 3, cases: 4, identityKeys: 1, documents: 2, heldBack: 0, years: 3, latestClosureYear: 2022 },
      { clients: 0, cases: 0, identityKeys: 0, documents: 0, heldBack: 0, years: 3, latestClosureYear: 2022 },
    ])
  })

  test('the period comes from the setting', async () => {
    await arrange()
    const { eae } = await getTeams()
    const admin = await createUser({ role: 'ADMIN', teamId: eae.id })
    await savePrivacySettings({ userId: admin.id, years: 5, regime: 'KDG' })
    const plan = await planRetention(now)
    expect(plan).toMatchObject({ years: 5, latestClosureYear: 2020, clients: 1, cases: 2 })
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: 'settings.privacy' } })
    expect(JSON.parse(event.details!)).toEqual({ changed: ['retention.years', 'privacy.regime'], retentionYears: 5, regime: 'KDG' })
  })

  test('a client is held back until every year their cases count in (R2) is frozen; the live figures never change', async () => {
    const { eae } = await getTeams()
    const counsellor = await createUser({ teamId: eae.id })
    const admin = await createUser({ role: 'ADMIN', teamId: eae.id, displayName: 'Ada Admin' })
    // opened 2019, a contact in 2020 (fillCaseFile), closed 2021: counts in 2019, 2020 and 2021
    const kase = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id, birthYear: 1987, openedAt: new Date('2019-10-01T10:00:00Z') })
    await fillCaseFile({ caseId: kase.id, userId: counsellor.id, teamId: eae.id })
    await closeCase(kase.id, new Date('2021-02-01T10:00:00Z'))
    // an age band on the edge: 2020 − 1987 = 33 (27–34); coarsened to 1985 it would be 35 (35–44)
    await markFrozen([2019, 2021])
    const org = { teamId: null, programme: null }
    const live2020 = await getAggregates(2020, org)
    expect(live2020.frozen).toBeNull()

    const plan = await planRetention(now)
    expect(plan).toMatchObject({ clients: 0, cases: 0, identityKeys: 0 })
    expect(plan.heldBack).toEqual({
      clients: 1,
      cases: 1,
      groups: [{ years: [2020], clients: 1, cases: 1 }],
      years: [{ year: 2020, clients: 1, cases: 1, finished: true }],
    })

    expect(await runRetention({ now })).toMatchObject({ clients: 0, cases: 0, heldBack: 1 })
    const untouched = await prisma.client.findUniqueOrThrow({ where: { id: kase.clientId }, select: { birthYear: true, anonymisedAt: true } })
    expect(untouched).toEqual({ birthYear: 1987, anonymisedAt: null })
    expect(await getAggregates(2020, org)).toEqual(live2020)

    // Freezing 2020 (as from the retention page) releases the client; the frozen figures stay as they were.
    expect(await freezeYearForRetention(2020, admin, { now })).toEqual({ ok: true })
    expect(await freezeYearForRetention(2020, admin, { now })).toEqual({ ok: false, error: 'already-frozen' })
    expect(await freezeYearForRetention(2026, admin, { now })).toEqual({ ok: false, error: 'not-finished' })
    const frozen2020 = await getAggregates(2020, org)
    expect(frozen2020.aggregates).toEqual(live2020.aggregates)
    expect(await prisma.auditEvent.count({ where: { action: 'statistics.freeze', entityId: '2020', userId: admin.id } })).toBe(1)

    expect(await runRetention({ now })).toMatchObject({ clients: 1, cases: 1, heldBack: 0 })
    expect((await prisma.client.findUniqueOrThrow({ where: { id: kase.clientId } })).birthYear).toBe(1985)
    expect((await getAggregates(2020, org)).aggregates).toEqual(live2020.aggregates)
    // …which is why the year had to be frozen first: computed live now, 2020 would show another age band.
    expect(await computeAggregates(2020, org)).not.toEqual(live2020.aggregates)
  })

  test('a year the client counts in only through a group session (R18) holds them back too', async () => {
    const { eae } = await getTeams()
    const counsellor = await createUser({ teamId: eae.id })
    // opened and closed in 2019; a participation in a group session of 2020 makes it a case of 2020 too (R2)
    const kase = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id, openedAt: new Date('2019-03-01T10:00:00Z') })
    await closeCase(kase.id, new Date('2019-11-01T10:00:00Z'))
    await prisma.groupSession.create({
      data: { teamId: eae.id, programme: 'MBE', date: new Date('2020-02-05T00:00:00Z'), durationMinutes: 90, mode: 'OFFICE', description: 'Wohnungssuche', participants: { create: { caseId: kase.id } } },
    })
    await markFrozen([2019])
    const plan = await planRetention(now)
    expect(plan).toMatchObject({ clients: 0, cases: 0 })
    expect(plan.heldBack.years).toEqual([{ year: 2020, clients: 1, cases: 1, finished: true }])
  })

  test('an opening in the first hour of 1 January German time counts in the new year only (R1)', async () => {
    const { eae } = await getTeams()
    const counsellor = await createUser({ teamId: eae.id })
    // opened at 00:30 on 1 January 2019 in Berlin (23:30 UTC on 31 December 2018), closed in 2019
    const kase = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id, openedAt: new Date('2018-12-31T23:30:00Z') })
    await closeCase(kase.id, new Date('2019-11-01T10:00:00Z'))
    await markFrozen([2019])
    const plan = await planRetention(now)
    expect(plan).toMatchObject({ clients: 1, cases: 1 })
    expect(plan.heldBack.years).toEqual([])
  })

  test('a year that has not ended cannot be frozen yet: the dry run says so', async () => {
    const { eae } = await getTeams()
    const counsellor = await createUser({ teamId: eae.id })
    const kase = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id, openedAt: new Date('2019-03-01T10:00:00Z') })
    await closeCase(kase.id, new Date('2019-05-01T10:00:00Z'))
    // recorded after the closure, in the running year: the case counts in 2026 too
    await prisma.languageMediation.create({ data: { caseId: kase.id, languageCode: 'arb', mode: 'PHONE', providerKind: 'POOL', requestedAt: new Date('2026-02-01T10:00:00Z') } })
    await markFrozen([2019])
    const plan = await planRetention(now)
    expect(plan.heldBack.years).toEqual([{ year: 2026, clients: 1, cases: 1, finished: false }])
  })
})
