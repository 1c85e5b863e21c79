// The case file's header is read straight from the connection (readRows, decision 067): SQLite hands
// over dates as their stored text and integers as bigint. The header must stay what the ORM's
// reading through the relations gives, value for value and type for type (ISO strings, booleans).
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { catalogueLabel } from '#app/utils/format.ts'
import { catalogueId, createTestCase, createUser, getTeams } from '#tests/factories.ts'
import { getCaseHeader } from './case-file.server.ts'

async function ormHeader(caseId: string, language: string) {
  const kase = await prisma.case.findUniqueOrThrow({
    where: { id: caseId },
    select: {
      id: true,
      status: true,
      programme: true,
      kind: true,
      openedAt: true,
      closedAt: true,
      sharedForSubstitution: true,
      legalBasisId: true,
      privacyInfoGivenAt: true,
      client: { select: { pseudonymCode: true, anonymisedAt: true } },
      team: { select: { name: true } },
      counsellor: { select: { displayName: true } },
      closureReason: { select: { labelDe: true, labelEn: true } },
    },
  })
  return {
    id: kase.id,
    pseudonymCode: kase.client.pseudonymCode,
    anonymised: kase.client.anonymisedAt !== null,
    status: kase.status,
    programme: kase.programme,
    kind: kase.kind,
    openedAt: kase.openedAt.toISOString(),
    closedAt: kase.closedAt?.toISOString() ?? null,
    closureReason: catalogueLabel(kase.closureReason, language),
    sharedForSubstitution: kase.sharedForSubstitution,
    teamName: kase.team.name,
    counsellorName: kase.counsellor?.displayName ?? null,
    missingLegalBasis: kase.legalBasisId === null,
    missingPrivacyInfo: kase.privacyInfoGivenAt === null,
  }
}

describe('case header', () => {
  test('equals the ORM reading for an open, a shared, a closed and anonymised, and an unassigned case, in both languages', async () => {
    const teams = await getTeams()
    const counsellor = await createUser({ role: 'COUNSELLOR', teamId: teams.eae.id, displayName: 'Clara Counsellor' })
    const open = await createTestCase({ teamId: teams.eae.id, counsellorId: counsellor.id, openedAt: new Date('2026-03-10T08:15:30.123Z') })
    const shared = await createTestCase({ teamId: teams.eae.id, counsellorId: counsellor.id, sharedForSubstitution: true })
    const closed = await createTestCase({ teamId: teams.eae.id, counsellorId: counsellor.id, status: 'ACTIVE' })
    await prisma.case.update({
      where: { id: closed.id },
      data: {
        status: 'CLOSED',
        closedAt: new Date('2026-11-30T23:30:00.000Z'),
        closureReasonId: await catalogueId('CLOSURE_REASON', 'DEPARTURE'),
        legalBasisId: (await prisma.catalogueEntry.findFirstOrThrow({ where: { catalogue: 'LEGAL_BASIS' }, select: { id: true } })).id,
        privacyInfoGivenAt: null,
      },
    })
    const client = await prisma.case.findUniqueOrThrow({ where: { id: closed.id }, select: { clientId: true } })
    await prisma.client.update({ where: { id: client.clientId }, data: { anonymisedAt: new Date('2026-12-01T10:00:00.000Z') } })
    const unassigned = await createTestCase({ teamId: teams.eae.id })
    for (const kase of [open, shared, closed, unassigned])
      for (const language of ['de', 'en']) {
        const header = await getCaseHeader({ id: kase.id, relation: 'assigned' }, counsellor, language)
        expect(header).toStrictEqual(await ormHeader(kase.id, language))
      }
    const closedHeader = await getCaseHeader({ id: closed.id, relation: 'assigned' }, counsellor, 'de')
    expect(closedHeader).toMatchObject({ closedAt: '2026-11-30T23:30:00.000Z', anonymised: true, missingLegalBasis: false, missingPrivacyInfo: true })
    expect(closedHeader.closureReason).not.toBeNull()
    expect((await getCaseHeader({ id: shared.id, relation: 'assigned' }, counsellor, 'de')).sharedForSubstitution).toBe(true)
    expect((await getCaseHeader({ id: open.id, relation: 'assigned' }, counsellor, 'de')).openedAt).toBe('2026-03-10T08:15:30.123Z')
  })
})
