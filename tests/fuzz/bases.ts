// A valid submission per form, so that fuzzing gets past "required" and into the code that writes:
// the payload generator mutates one or two fields of these (or adds, drops, duplicates fields).
import { prisma } from '#app/utils/db.server.ts'
import { catalogueId } from '#tests/factories.ts'
import { type World } from './world.ts'

export type Form = Record<string, string | string[]>

const day = (offset = 0) => new Date(Date.now() + offset * 86400_000).toISOString().slice(0, 10)

/** Valid forms by `routeId intent`, for the case of team A and its assigned counsellor / team lead. */
export async function validForms(world: World): Promise<Record<string, Form>> {
  const topic = String(await catalogueId('TOPIC', 'WORK'))
  const residence = String(await catalogueId('RESIDENCE_STATUS', 'GESTATTUNG'))
  const kase = await prisma.case.findUniqueOrThrow({ where: { id: world.a.caseId }, select: { version: true } })
  const version = String(kase.version)
  const contact = { date: day(), durationMinutes: '45', mode: 'OFFICE', setting: 'INDIVIDUAL', personsPresent: '1', interpreting: 'NONE', topicIds: [topic], nextStep: 'Call back', confidentialNote: 'Note' }
  return {
    'routes/cases.$caseId.contacts.new ': contact,
    'routes/cases.$caseId.contacts.$contactId ': { ...contact, version: '1' },
    'routes/inquiries.new ': { date: day(), mode: 'PHONE', interpreting: 'NONE', topicIds: [topic] },
    'routes/cases.$caseId.referrals.new ': { partnerId: world.partnerId, kind: 'PSYCHOSOCIAL_CENTRE', urgency: 'REGULAR', mode: 'anonymous', reason: 'Reason', sentAt: day() },
    'routes/cases.$caseId.consents.new ': {
      recipientType: 'kind',
      recipientKind: 'PSYCHOSOCIAL_CENTRE',
      purpose: 'Referral',
      dataCategories: ['HEALTH'],
      form: 'WRITTEN',
      givenAt: day(),
    },
    'routes/cases.$caseId.mediation.new ': { languageCode: 'arb', mode: 'ON_SITE', providerKind: 'POOL', requestedAt: day() },
    'routes/cases.$caseId.mediation.$mediationId ': { languageCode: 'arb', mode: 'ON_SITE', providerKind: 'POOL', requestedAt: day(-30), version: '1', to: 'CONFIRMED' },
    'routes/cases.$caseId.status ': { fromStatus: 'OPEN', toStatus: 'ACTIVE' },
    'routes/cases.$caseId.residence ': { statusId: residence, validFrom: day(), expiresAt: day(180) },
    'routes/cases.$caseId.plan create-plan': { intent: 'create-plan', agreedAt: day() },
    'routes/cases.$caseId.plan add-goal': { intent: 'add-goal', topicId: topic, text: 'Find work' },
    'routes/cases.$caseId.assign ': { counsellorId: world.a.teamMember, version, note: 'Handover' },
    'routes/cases.$caseId.transfer request': { intent: 'request', toTeamId: world.teams.rostock.id, reason: 'MOVE', handoverNote: 'Moved', version },
    'routes/cases.$caseId.transfer transfer': { intent: 'transfer', toTeamId: world.teams.rostock.id, reason: 'MOVE', version },
    'routes/cases.$caseId_.emergency ': { reason: 'CRISIS', confirm: 'on' },
    'routes/cases.$caseId.consents.$consentId.withdraw ': { withdrawnAt: day() },
    'routes/team.absences create': { intent: 'create', userId: world.a.teamMember, substituteId: world.a.assigned, startsOn: day(10), endsOn: day(12) },
    'routes/team.settings ': { referralWaitThresholdDays: '14' },
    'routes/admin.partners.new ': { name: 'Fachdienst', kind: 'PSYCHOSOCIAL_CENTRE', languages: 'arb' },
    'routes/admin.teams._index ': { name: 'Neues Team', kind: 'REGIONAL' },
    'routes/admin.users.new ': { email: 'new.user@test.example', displayName: 'New User', role: 'COUNSELLOR', teamId: world.teams.eae.id },
    'routes/admin.catalogues add': { intent: 'add', catalogue: 'TOPIC', code: 'NEW_TOPIC', labelDe: 'Neu', labelEn: 'New' },
    'routes/login ': { email: 'nobody@test.example', password: 'wrong-password' },
  }
}
