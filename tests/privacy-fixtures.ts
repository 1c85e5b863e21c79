// Fixtures for the privacy tests (retention, subject access, erasure): a case file with every kind
// of record, each carrying recognisable free text so tests can prove it is exported or removed.
import { saveIdentityKey } from '#app/models/identity-key.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { catalogueId } from './factories.ts'

export const FREE_TEXT = 'SECRET-FREE-TEXT'

export async function fillCaseFile({ caseId, userId, teamId }: { caseId: string; userId: string; teamId: string }) {
  const at = new Date('2020-03-01T10:00:00Z')
  const topicId = await catalogueId('TOPIC', 'WORK')
  const contact = await prisma.contact.create({
    data: { caseId, authorId: userId, date: at, durationMinutes: 45, mode: 'OFFICE', setting: 'INDIVIDUAL', confidentialNote: `${FREE_TEXT} note`, nextStep: `${FREE_TEXT} step`, topics: { create: { topicId } } },
    select: { id: true },
  })
  await prisma.followUp.create({ data: { caseId, contactId: contact.id, assigneeId: userId, source: 'CONTACT', dueDate: at, note: `${FREE_TEXT} follow-up` } })
  await prisma.assignment.create({ data: { caseId, toUserId: userId, assignedById: userId, note: `${FREE_TEXT} assignment`, at } })
  await prisma.transfer.create({ data: { caseId, fromTeamId: teamId, toTeamId: teamId, reason: 'MOVE', handoverNote: `${FREE_TEXT} handover`, at } })
  await prisma.casePlan.create({ data: { caseId, agreedAt: at, goals: { create: { topicId, text: `${FREE_TEXT} goal`, status: 'OPEN' } } } })
  const consent = await prisma.consent.create({
    data: { caseId, purpose: `${FREE_TEXT} purpose`, dataCategories: 'HEALTH', form: 'WRITTEN', givenAt: at, recipientKind: 'PSYCHOSOCIAL_CENTRE' },
    select: { id: true },
  })
  await prisma.referral.create({
    data: { caseId, kind: 'PSYCHOSOCIAL_CENTRE', urgency: 'REGULAR', reason: `${FREE_TEXT} reason`, consentId: consent.id, sentAt: at, transitions: { create: { toStatus: 'INQUIRY', at } } },
  })
  await prisma.languageMediation.create({
    data: { caseId, languageCode: 'arb', dialect: `${FREE_TEXT} dialect`, mode: 'ON_SITE', providerKind: 'POOL', interpreterRef: 'INT-42', requestedAt: at, transitions: { create: { toStatus: 'REQUESTED', at } } },
  })
}

export async function addIdentity({ caseId, clientId, userId, teamId, name = 'Amina Al-Hassan' }: { caseId: string; clientId: string; userId: string; teamId: string; name?: string }) {
  await saveIdentityKey({ actor: { id: userId, role: 'COUNSELLOR', teamId }, caseId, clientId, identity: { name, dateOfBirth: '1987-04-12', phone: '0381 123' } })
}

export async function closeCase(caseId: string, closedAt: Date) {
  await prisma.case.update({ where: { id: caseId }, data: { status: 'CLOSED', closedAt, statusChanges: { create: { fromStatus: 'OPEN', toStatus: 'CLOSED', at: closedAt } } } })
}
