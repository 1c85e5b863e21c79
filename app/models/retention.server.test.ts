import fs from 'node:fs'
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { listStore, storagePath } from '#app/utils/document-store.server.ts'
import { addDocument } from '#tests/document-fixtures.ts'
import { createTestCase, createUser, getTeams } from '#tests/factories.ts'
import { SAMPLE_FILES } from '#tests/fixtures/documents.ts'
import { addIdentity, closeCase, fillCaseFile, FREE_TEXT } from '#tests/privacy-fixtures.ts'
import { planRetention, runRetention, savePrivacySettings } from './retention.server.ts'

const now = new Date('2026-06-15T10:00:00Z')

async function arrange() {
  const { eae } = await getTeams()
  const counsellor = await createUser({ teamId: eae.id })
  const base = { teamId: eae.id, counsellorId: counsellor.id }
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
    })
    expect(await prisma.client.findMany({ orderBy: { id: 'asc' } })).toEqual(before)
    expect(listStore().files).toHaveLength(3)

    const result = await runRetention({ userId: counsellor.id, now })
    expect(result).toEqual({ clients: 3, cases: 4, identityKeys: 1, documents: 2, years: 3, latestClosureYear: 2022 })

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
      { clients: 3, cases: 4, identityKeys: 1, documents: 2, years: 3, latestClosureYear: 2022 },
      { clients: 0, cases: 0, identityKeys: 0, documents: 0, years: 3, latestClosureYear: 2022 },
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
})
