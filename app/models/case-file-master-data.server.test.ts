// The master data became one raw statement (issue 19, session 11): it must read exactly what the
// ORM's nested select read — every column, nulls, dates, the shared flag and the languages in code
// order — for the form's values and its version.
import { describe, expect, test } from 'vitest'
import { type Catalogue } from '#app/domain/codes.ts'
import { catalogueChoices, catalogueChoicesOf, getCaseHeader, getMasterData, updateCaseMasterData, updateClientMasterData, type MasterDataInput } from '#app/models/case-file.server.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { catalogueLabel } from '#app/utils/format.ts'
import { prisma, readRows, type TransactionClient } from '#app/utils/db.server.ts'
import { catalogueId, createTestCase, createUser, getTeams } from '#tests/factories.ts'
import { expectBoundOutsideThePlanner, plansOf } from '#tests/statement-plans.ts'

// The former reading (case-file.server.ts before session 11): the ORM's select and its conversion.
async function ormMasterData(caseId: string) {
  const row = await prisma.case.findUnique({
    where: { id: caseId },
    select: {
      version: true,
      programme: true,
      accessRoute: true,
      germanLevel: true,
      startPlace: true,
      kind: true,
      familyMembersCounselled: true,
      sharedForSubstitution: true,
      legalBasisId: true,
      privacyInfoGivenAt: true,
      privacyInfoLanguage: true,
      privacyInfoForm: true,
      client: {
        select: {
          birthYear: true,
          gender: true,
          nationality: true,
          countryOfOrigin: true,
          arrivalMonth: true,
          districtId: true,
          householdAdults: true,
          householdChildren: true,
          languages: { select: { languageCode: true }, orderBy: { languageCode: 'asc' } },
        },
      },
    },
  })
  const client = row!.client
  return {
    values: {
      birthYear: String(client.birthYear),
      gender: client.gender,
      nationality: client.nationality ?? '',
      countryOfOrigin: client.countryOfOrigin ?? '',
      languages: client.languages.map((language) => language.languageCode),
      arrivalMonth: client.arrivalMonth ?? '',
      districtId: client.districtId === null ? '' : String(client.districtId),
      householdAdults: String(client.householdAdults),
      householdChildren: String(client.householdChildren),
      programme: row!.programme,
      accessRoute: row!.accessRoute,
      germanLevel: row!.germanLevel,
      startPlace: row!.startPlace,
      kind: row!.kind,
      familyMembersCounselled: String(row!.familyMembersCounselled),
      sharedForSubstitution: String(row!.sharedForSubstitution),
      legalBasisId: row!.legalBasisId === null ? '' : String(row!.legalBasisId),
      privacyInfoGivenAt: row!.privacyInfoGivenAt ? row!.privacyInfoGivenAt.toISOString().slice(0, 10) : '',
      privacyInfoLanguage: row!.privacyInfoLanguage ?? '',
      privacyInfoForm: row!.privacyInfoForm ?? '',
    },
    version: row!.version,
  }
}

describe('getMasterData', () => {
  test('reads what the ORM read: every column, nulls, dates, the flag and the languages in code order', async () => {
    const { eae } = await getTeams()
    const counsellor = await createUser({ teamId: eae.id })
    const plain = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id, languages: [] })
    const full = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id, sharedForSubstitution: true, languages: ['ukr', 'arb', 'deu', 'eng'] })
    const legalBasisId = await catalogueId('LEGAL_BASIS', (await prisma.catalogueEntry.findFirstOrThrow({ where: { catalogue: 'LEGAL_BASIS' }, select: { code: true } })).code)
    const districtId = (await prisma.catalogueEntry.findFirstOrThrow({ where: { catalogue: 'PLACE' }, select: { id: true } })).id
    await prisma.case.update({
      where: { id: full.id },
      data: {
        familyMembersCounselled: 3,
        legalBasisId,
        privacyInfoGivenAt: new Date('2026-03-01T00:00:00.000Z'),
        privacyInfoLanguage: 'ukr',
        privacyInfoForm: 'WRITTEN',
        version: { increment: 4 },
      },
    })
    await prisma.client.update({
      where: { id: full.clientId },
      data: { nationality: 'XX', countryOfOrigin: 'UA', arrivalMonth: '2022-03', districtId, householdAdults: 2, householdChildren: 3 },
    })
    await prisma.client.update({ where: { id: plain.clientId }, data: { nationality: null, countryOfOrigin: null } })

    for (const kase of [plain, full]) {
      const read = await getMasterData(kase.id, counsellor)
      expect(read).toEqual(await ormMasterData(kase.id))
    }
    // The data reach the columns compared (equal empty values would prove little).
    const full2 = await getMasterData(full.id, counsellor)
    expect(full2.values).toMatchObject({ languages: ['arb', 'deu', 'eng', 'ukr'], sharedForSubstitution: 'true', privacyInfoGivenAt: '2026-03-01', districtId: String(districtId) })
    expect(full2.version).toBe(5)
    expect((await getMasterData(plain.id, counsellor)).values).toMatchObject({ languages: [], sharedForSubstitution: 'false', nationality: '', privacyInfoGivenAt: '' })
    await expect(getMasterData('missing', counsellor)).rejects.toMatchObject({ status: 404 })
  })
})

// The former catalogueChoices: one ORM call per catalogue.
async function ormCatalogueChoices(catalogue: Catalogue, language: string, keepIds: Array<number | null>) {
  const keep = keepIds.filter((id): id is number => typeof id === 'number')
  const entries = await prisma.catalogueEntry.findMany({
    where: { catalogue, OR: [{ active: true }, { id: { in: keep } }] },
    select: { id: true, labelDe: true, labelEn: true, group: true, active: true },
    orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
  })
  return entries.map((entry) => ({ id: entry.id, label: catalogueLabel(entry, language), group: entry.group, active: entry.active }))
}

describe('catalogueChoicesOf', () => {
  test('gives each catalogue what its own reading gave: active entries, retired ones in use, in their order', async () => {
    const places = await prisma.catalogueEntry.findMany({ where: { catalogue: 'PLACE' }, select: { id: true }, orderBy: { id: 'asc' } })
    const bases = await prisma.catalogueEntry.findMany({ where: { catalogue: 'LEGAL_BASIS' }, select: { id: true }, orderBy: { id: 'asc' } })
    // Retire two of each; one of each stays in use. Same sort order for two entries: the id decides.
    await prisma.catalogueEntry.updateMany({ where: { id: { in: [places[0]!.id, places[1]!.id, bases[0]!.id, bases[1]!.id] } }, data: { active: false } })
    await prisma.catalogueEntry.updateMany({ where: { id: { in: [places[2]!.id, places[3]!.id] } }, data: { sortOrder: 7 } })
    for (const language of ['de', 'en'])
      for (const [keepPlace, keepBasis] of [
        [places[0]!.id, bases[1]!.id],
        [null, null],
        [places[2]!.id, null],
      ] as const) {
        const both = await catalogueChoicesOf(language, { PLACE: [keepPlace], LEGAL_BASIS: [keepBasis] })
        const place = await ormCatalogueChoices('PLACE', language, [keepPlace])
        const basis = await ormCatalogueChoices('LEGAL_BASIS', language, [keepBasis])
        expect(both).toEqual({ PLACE: place, LEGAL_BASIS: basis })
        expect(await catalogueChoices('PLACE', language, [keepPlace])).toEqual(place)
        expect(place.length).toBeGreaterThan(1)
        expect(basis.length).toBeGreaterThan(0)
      }
    const kept = await catalogueChoicesOf('de', { PLACE: [places[0]!.id], LEGAL_BASIS: [] })
    expect(kept.PLACE.map((entry) => entry.id)).toContain(places[0]!.id)
    expect(kept.PLACE.map((entry) => entry.id)).not.toContain(places[1]!.id)
    expect(kept.LEGAL_BASIS.map((entry) => entry.id)).not.toContain(bases[0]!.id)
  })
})

// The master-data save's two updates went straight on the connection (session 13, `writeRows`):
// the stored rows must be what the ORM's updateMany and update (case-file.server.ts before) stored.
async function ormUpdates(tx: TransactionClient, caseId: string, clientId: string, version: number, input: MasterDataInput, actorId: string) {
  const { count } = await tx.case.updateMany({
    where: { id: caseId, version },
    data: {
      programme: input.programme,
      accessRoute: input.accessRoute,
      germanLevel: input.germanLevel,
      startPlace: input.startPlace,
      kind: input.kind,
      familyMembersCounselled: input.familyMembersCounselled,
      sharedForSubstitution: input.sharedForSubstitution,
      legalBasisId: input.legalBasisId ?? null,
      privacyInfoGivenAt: input.privacyInfoGivenAt ? new Date(`${input.privacyInfoGivenAt}T00:00:00.000Z`) : null,
      privacyInfoLanguage: input.privacyInfoLanguage ?? null,
      privacyInfoForm: input.privacyInfoForm ?? null,
      updatedById: actorId,
      version: { increment: 1 },
    },
  })
  if (count === 0) return 0
  await tx.client.update({
    where: { id: clientId },
    data: {
      birthYear: input.birthYear,
      gender: input.gender,
      nationality: input.nationality ?? null,
      countryOfOrigin: input.countryOfOrigin ?? null,
      arrivalMonth: input.arrivalMonth ?? null,
      districtId: input.districtId ?? null,
      householdAdults: input.householdAdults,
      householdChildren: input.householdChildren,
    },
    select: { id: true },
  })
  return count
}

/** Every column of a row with its SQLite storage class; ids, codes and the times that differ by nature left out. */
async function storedRow(table: 'Case' | 'Client', id: string) {
  const columns = (await readRows<Array<{ name: string }>>`SELECT "name" FROM pragma_table_info(${table})`).map((column) => column.name)
  const list = columns.map((name) => `"${name}", typeof("${name}") AS "${name}:type"`).join(', ')
  const [row] = await readRows<Array<Record<string, unknown>>>`SELECT ${Prisma.raw(list)} FROM ${Prisma.raw(`"${table}"`)} WHERE "id" = ${id}`
  const { id: _id, clientId: _clientId, pseudonymCode: _code, clientCode: _copy, createdAt: _created, updatedAt, openedAt: _opened, ...rest } = row!
  expect(String(updatedAt)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/)
  return { ...rest, updatedAtRecent: Date.now() - new Date(String(updatedAt)).getTime() < 60_000 }
}

describe('the master-data save’s updates', () => {
  test('store what the ORM stored, column for column; a stale version writes nothing', async () => {
    const { eae } = await getTeams()
    const counsellor = await createUser({ teamId: eae.id })
    const legalBasisId = (await prisma.catalogueEntry.findFirstOrThrow({ where: { catalogue: 'LEGAL_BASIS' }, select: { id: true } })).id
    const districtId = (await prisma.catalogueEntry.findFirstOrThrow({ where: { catalogue: 'PLACE' }, select: { id: true } })).id
    const full: MasterDataInput = {
      birthYear: 1984, gender: 'MALE', nationality: 'UA', countryOfOrigin: 'XX', languages: ['ukr'], arrivalMonth: '2022-03', districtId,
      householdAdults: 2, householdChildren: 3, programme: 'REFUGEE', accessRoute: 'EAE_REFERRAL', germanLevel: 'A2', startPlace: 'EAE', kind: 'SHORT',
      familyMembersCounselled: 4, sharedForSubstitution: true, legalBasisId, privacyInfoGivenAt: '2026-03-01', privacyInfoLanguage: 'ukr', privacyInfoForm: 'WRITTEN',
    }
    const { nationality: _n, countryOfOrigin: _c, arrivalMonth: _a, districtId: _d, legalBasisId: _l, privacyInfoGivenAt: _p, privacyInfoLanguage: _pl, privacyInfoForm: _pf, ...required } = full
    const bare: MasterDataInput = { ...required, sharedForSubstitution: false, familyMembersCounselled: 0 }
    for (const input of [full, bare]) {
      const byOrm = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })
      const byRows = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })
      expect(await prisma.$transaction((tx) => ormUpdates(tx, byOrm.id, byOrm.clientId, 1, input, counsellor.id))).toBe(1)
      expect(
        await prisma.$transaction(async (tx) => {
          const count = await updateCaseMasterData(tx, byRows.id, 1, input, counsellor)
          await updateClientMasterData(tx, byRows.clientId, input)
          return count
        }),
      ).toBe(1)
      const expectedCase = await storedRow('Case', byOrm.id)
      expect(await storedRow('Case', byRows.id)).toEqual(expectedCase)
      expect(await storedRow('Client', byRows.clientId)).toEqual(await storedRow('Client', byOrm.clientId))
      // The compared columns carry the input (equal defaults would prove little).
      expect(expectedCase).toMatchObject({ version: 2n, updatedById: counsellor.id, kind: input.kind, updatedAtRecent: true })
      // A stale version: nothing written, as by the ORM.
      const before = await storedRow('Case', byRows.id)
      expect(await prisma.$transaction((tx) => updateCaseMasterData(tx, byRows.id, 1, { ...input, kind: 'CASE_MANAGEMENT' }, counsellor))).toBe(0)
      expect(await storedRow('Case', byRows.id)).toEqual(before)
    }
    // A missing client fails the save, as the ORM's update did.
    await expect(prisma.$transaction((tx) => updateClientMasterData(tx, 'missing', full))).rejects.toThrow()
  })
})

describe('the case file’s own reads', () => {
  test('bind their values as `+?` (compiled once, decision 146), with the same rows as `?`', async () => {
    const { eae } = await getTeams()
    const counsellor = await createUser({ teamId: eae.id })
    const kase = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id, languages: ['ukr', 'arb'] })
    const places = await prisma.catalogueEntry.findMany({ where: { catalogue: 'PLACE' }, select: { id: true }, orderBy: { id: 'asc' }, take: 2 })
    const caught = await plansOf(async () => {
      await getCaseHeader({ id: kase.id, relation: 'counsellor' }, counsellor, 'de')
      await getMasterData(kase.id, counsellor)
      await catalogueChoicesOf('de', { PLACE: [places[0]!.id, places[1]!.id], LEGAL_BASIS: [null] })
    }, 'SELECT c."id", c.')
    const catalogue = await plansOf(() => catalogueChoicesOf('en', { PLACE: [places[0]!.id, places[1]!.id], LEGAL_BASIS: [null] }), 'FROM "CatalogueEntry"')
    expect(caught).toHaveLength(2)
    expect(catalogue).toHaveLength(1)
    await expectBoundOutsideThePlanner([...caught, ...catalogue])
  })
})
