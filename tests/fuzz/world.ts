// One small world for the route-wide tests: two teams with every persona of tests/route-access.ts,
// one case per team with one record of every kind, and the ids each route's params need.
import fs from 'node:fs'
import { afterAll } from 'vitest'
import { type Actor } from '#app/domain/access-policy.ts'
import { type Persona } from '#tests/route-access.ts'
import { databaseFile, prisma } from '#app/utils/db.server.ts'
import { documentDir } from '#app/utils/document-store.server.ts'
import { addDocument } from '#tests/document-fixtures.ts'
import { createTestCase, createUser, getTeams } from '#tests/factories.ts'
import { SAMPLE_FILES } from '#tests/fixtures/documents.ts'
import { fillCaseFile } from '#tests/privacy-fixtures.ts'
import { forgetAllSessions } from './request.ts'

type TeamSide = {
  teamId: string
  caseId: string
  clientId: string
  assigned: string
  teamMember: string
  substitute: string
  lead: string
  /** a second team lead, assigned counsellor of a case of their own */
  assignedLead: string
  params: Record<string, string>
  /** the params of the case assigned to `assignedLead` */
  leadParams: Record<string, string>
}

export type World = Awaited<ReturnType<typeof buildWorld>>

async function buildSide(teamId: string, label: string): Promise<TeamSide> {
  const assigned = await createUser({ teamId, displayName: `${label} assigned` })
  const teamMember = await createUser({ teamId, displayName: `${label} member` })
  const substitute = await createUser({ teamId, displayName: `${label} substitute` })
  const lead = await createUser({ teamId, role: 'TEAM_LEAD', displayName: `${label} lead` })
  const today = new Date()
  const start = new Date(today.getTime() - 2 * 86400_000)
  const end = new Date(today.getTime() + 5 * 86400_000)
  await prisma.absence.create({ data: { userId: assigned.id, substituteId: substitute.id, startsOn: start, endsOn: end, createdById: lead.id } })
  const assignedLead = await createUser({ teamId, role: 'TEAM_LEAD', displayName: `${label} assigned lead` })
  const kase = await createTestCase({ teamId, counsellorId: assigned.id })
  await fillCaseFile({ caseId: kase.id, userId: assigned.id, teamId })
  const leadCase = await createTestCase({ teamId, counsellorId: assignedLead.id })
  await fillCaseFile({ caseId: leadCase.id, userId: assignedLead.id, teamId })
  return {
    teamId,
    caseId: kase.id,
    clientId: kase.clientId,
    assigned: assigned.id,
    teamMember: teamMember.id,
    substitute: substitute.id,
    lead: lead.id,
    assignedLead: assignedLead.id,
    params: await caseParams(kase.id, { id: assigned.id, role: 'COUNSELLOR', teamId }),
    leadParams: await caseParams(leadCase.id, { id: assignedLead.id, role: 'TEAM_LEAD', teamId }),
  }
}

/** The ids of one record of every kind in the case (a document filed by its counsellor), as the case routes' params. */
async function caseParams(caseId: string, counsellor: Actor) {
  const [contact, referral, consent, mediation] = await Promise.all([
    prisma.contact.findFirstOrThrow({ where: { caseId }, select: { id: true } }),
    prisma.referral.findFirstOrThrow({ where: { caseId }, select: { id: true } }),
    prisma.consent.findFirstOrThrow({ where: { caseId }, select: { id: true } }),
    prisma.languageMediation.findFirstOrThrow({ where: { caseId }, select: { id: true } }),
  ])
  const documentId = await addDocument({ actor: counsellor, caseId, bytes: SAMPLE_FILES.png, name: 'photo.png' })
  const session = await prisma.groupSession.create({
    data: { teamId: counsellor.teamId, programme: 'MBE', date: new Date('2020-03-02T00:00:00Z'), durationMinutes: 90, mode: 'OFFICE', description: 'Wohnungssuche', anonymousParticipants: 2, createdById: counsellor.id, participants: { create: { caseId } } },
    select: { id: true },
  })
  return { caseId, contactId: contact.id, sessionId: session.id, referralId: referral.id, consentId: consent.id, mediationId: mediation.id, documentId }
}

export async function buildWorld() {
  const teams = await getTeams()
  const a = await buildSide(teams.eae.id, 'A')
  const b = await buildSide(teams.rostock.id, 'B')
  const admin = await createUser({ role: 'ADMIN', teamId: teams.eae.id, displayName: 'Admin' })
  // the user the admin pages act on (deactivate, reset password …), so no persona is changed
  const target = await createUser({ teamId: teams.greifswald.id, displayName: 'Target' })
  const partner = await prisma.partnerOrganisation.create({ data: { name: 'Beratung Test', kind: 'PSYCHOSOCIAL_CENTRE' }, select: { id: true } })
  /** A future absence of team A's teamMember, which they or their team lead may end. */
  async function newAbsence() {
    const absence = await prisma.absence.create({
      data: { userId: a.teamMember, substituteId: a.assigned, startsOn: new Date(Date.now() + 30 * 86400_000), endsOn: new Date(Date.now() + 35 * 86400_000) },
      select: { id: true },
    })
    return absence.id
  }
  const template = await prisma.consentTemplate.findFirstOrThrow({ where: { kind: 'CONSENT_PSYCHOSOCIAL', languageCode: 'arb' }, select: { id: true } })
  // A transfer request of team B for team A's case (decision 043), which team A's lead decides.
  const handover = await prisma.handoverRequest.create({
    data: { caseId: a.params.caseId!, fromTeamId: teams.eae.id, toTeamId: teams.rostock.id, requestedById: b.teamMember, reason: 'Umzug nach Rostock' },
    select: { id: true },
  })
  const global = { requestId: handover.id, partnerId: partner.id, userId: target.id, teamId: teams.greifswald.id, templateId: template.id, '*': 'no/such/page' }

  /** The signed-in user playing the persona for a case of `side` (null for anonymous). */
  function userFor(persona: Persona, side: 'a' | 'b'): string | null {
    const own = side === 'a' ? a : b
    const other = side === 'a' ? b : a
    switch (persona) {
      case 'anonymous':
        return null
      case 'otherTeam':
        return other.teamMember
      case 'otherLead':
        return other.lead
      case 'admin':
        return admin.id
      default:
        return own[persona]
    }
  }
  /** The params of the case the persona plays on (the assigned team lead has a case of their own). */
  function paramsFor(side: 'a' | 'b', persona?: Persona): Record<string, string> {
    const own = side === 'a' ? a : b
    return { ...global, ...(persona === 'assignedLead' ? own.leadParams : own.params) }
  }
  return { teams, a, b, admin: admin.id, target: target.id, partnerId: partner.id, newAbsence, userFor, paramsFor }
}

/**
 * The world for each test of a file, built once: the first call builds it and keeps a copy of the
 * database file, every later call puts that copy back (much faster than building it again). Sets the
 * flag that makes tests/setup/setup-test-env.ts leave the database alone between the file's tests.
 */
export function worldPerTest() {
  globalThis.wbShareDatabaseInFile = true
  afterAll(() => {
    globalThis.wbShareDatabaseInFile = false // in case the worker runs another file next
  })
  let world: World | undefined
  return async function freshWorld(): Promise<World> {
    const file = databaseFile()
    const template = `${file}.world`
    // the documents' encrypted files belong to the database rows: kept and restored with them
    const documents = documentDir()
    const documentsTemplate = `${documents}.world`
    if (!world) {
      world = await buildWorld()
      await prisma.$queryRawUnsafe('PRAGMA wal_checkpoint(TRUNCATE)')
      await prisma.$disconnect()
      fs.copyFileSync(file, template)
      fs.rmSync(documentsTemplate, { recursive: true, force: true })
      fs.cpSync(documents, documentsTemplate, { recursive: true })
      return world
    }
    await prisma.$disconnect()
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true })
    fs.copyFileSync(template, file)
    fs.rmSync(documents, { recursive: true, force: true })
    fs.cpSync(documentsTemplate, documents, { recursive: true })
    forgetAllSessions() // they lived in the database just replaced
    return world
  }
}
