// A valid submission per form, so that fuzzing gets past "required" and into the code that writes:
// the payload generator mutates one or two fields of these (or adds, drops, duplicates fields).
import { addDays, officeDay, officeYear } from '#app/domain/follow-up.ts'
import { issuePasswordSetCode } from '#app/models/password-set-code.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { catalogueId } from '#tests/factories.ts'
import { type World } from './world.ts'

export type Form = Record<string, string | string[]>

const day = (offset = 0) => addDays(officeDay(new Date()), offset)

/** Valid forms by `routeId intent`, for the case of team A and its assigned counsellor / team lead. */
export async function validForms(world: World): Promise<Record<string, Form>> {
  const topic = String(await catalogueId('TOPIC', 'WORK'))
  const residence = String(await catalogueId('RESIDENCE_STATUS', 'GESTATTUNG'))
  const kase = await prisma.case.findUniqueOrThrow({ where: { id: world.a.caseId }, select: { version: true } })
  const version = String(kase.version)
  const goal = await prisma.planGoal.findFirstOrThrow({ where: { plan: { caseId: world.a.caseId } }, select: { id: true, status: true } })
  // a code that works (once) for the user the admin pages act on
  const { code: setCode } = await prisma.$transaction((tx) => issuePasswordSetCode(tx, { userId: world.target, purpose: 'PASSWORD_RESET', createdById: world.admin }))
  const contact = { date: day(), durationMinutes: '45', mode: 'OFFICE', setting: 'INDIVIDUAL', personsPresent: '1', interpreting: 'NONE', topicIds: [topic], nextStep: 'Call back', confidentialNote: 'Note' }
  return {
    'routes/cases.$caseId.contacts.new ': contact,
    'routes/cases.$caseId.contacts.$contactId ': { ...contact, version: '1' },
    'routes/inquiries.new ': { date: day(), mode: 'PHONE', interpreting: 'NONE', topicIds: [topic], durationMinutes: '10' },
    'routes/cases.new ': {
      birthYear: '1990',
      gender: 'FEMALE',
      nationality: 'SY',
      countryOfOrigin: 'SY',
      languages: ['arb'],
      residenceStatusId: residence,
      residenceStatusSince: day(-10),
      householdAdults: '1',
      householdChildren: '0',
      programme: 'MBE',
      accessRoute: 'EAE_REFERRAL',
      germanLevel: 'NONE',
      startPlace: 'EAE',
      kind: 'SHORT',
      familyMembersCounselled: '0',
    },
    'routes/cases.$caseId.identity save': { intent: 'save', name: 'Amina Test', dateOfBirth: '1990-01-01', phone: '0381 123' },
    'routes/cases.$caseId.identity reveal': { intent: 'reveal', reason: 'APPOINTMENT' },
    'routes/cases.$caseId.identity delete': { intent: 'delete', confirm: 'on' },
    'routes/cases.$caseId.erasure request': { intent: 'request', confirm: 'on' },
    'routes/cases.$caseId.referrals.$referralId transition': { intent: 'transition', to: 'REGISTERED', at: day(), version: '1' },
    'routes/cases.$caseId.referrals.$referralId feedback': { intent: 'feedback', feedbackReceived: 'on', version: '1' },
    'routes/cases.$caseId.referrals.$referralId attach-consent': { intent: 'attach-consent', consentId: world.a.params.consentId!, dataCategories: ['HEALTH'], version: '1' },
    'routes/cases.$caseId.plan goal-status': { intent: 'goal-status', goalId: goal.id, fromStatus: goal.status, toStatus: 'ACHIEVED' },
    'routes/cases.$caseId.plan close-plan': { intent: 'close-plan', closedAt: day(), confirmed: 'yes' },
    'routes/statistics settings': { intent: 'settings', k: '5', method: 'suppress' },
    'routes/statistics freeze': { intent: 'freeze', year: String(officeYear(new Date()) - 1) },
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
    'routes/cases.$caseId.transfer transfer': { intent: 'transfer', toTeamId: world.teams.rostock.id, reason: 'MOVE', version, confirmed: 'yes' },
    'routes/cases.$caseId_.emergency ': { reason: 'CRISIS', confirm: 'on' },
    'routes/cases.$caseId.consents.$consentId.withdraw ': { withdrawnAt: day() },
    'routes/team.absences create': { intent: 'create', userId: world.a.assigned, substituteId: world.a.teamMember, startsOn: day(10), endsOn: day(12) },
    'routes/team.settings ': { referralWaitThresholdDays: '14' },
    'routes/admin.partners.new ': { name: 'Fachdienst', kind: 'PSYCHOSOCIAL_CENTRE', languages: ['arb'] },
    'routes/admin.teams._index ': { name: 'Neues Team', kind: 'REGIONAL' },
    'routes/admin.users.new ': { email: 'new.user@test.example', displayName: 'New User', role: 'COUNSELLOR', teamId: world.teams.eae.id },
    'routes/admin.catalogues add': { intent: 'add', catalogue: 'TOPIC', code: 'NEW_TOPIC', labelDe: 'Neu', labelEn: 'New' },
    'routes/admin.consent-templates._index ': { organisation: 'Träger e. V.', organisationContact: 'Hauptstraße 1, 19053 Schwerin', dpoContact: 'dsb@example.org' },
    'routes/admin.consent-templates.$templateId save': {
      intent: 'save',
      basedOn: '1',
      body: 'An {{recipient}}: {{purpose}}. Daten: {{categories}}. Widerruf bei {{withdrawal}}.',
    },
    'routes/admin.consent-templates.$templateId preview': { intent: 'preview', basedOn: '1', body: '**{{recipient}}** {{purpose}} {{withdrawal}}' },
    'routes/admin.consent-templates.$templateId review': { intent: 'review', version: '1', reviewerName: 'Prüferin', reviewedOn: day(-1) },
    'routes/login ': { email: 'nobody@test.example', password: 'wrong-password' },
    'routes/password.set ': { code: setCode, newPassword: 'a long fuzzed passphrase', confirmPassword: 'a long fuzzed passphrase' },
  }
}
