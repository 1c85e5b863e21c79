import fs from 'node:fs'
import path from 'node:path'
import { type TFunction } from 'i18next'
import { describe, expect, test } from 'vitest'
import de from '#app/locales/de/privacy.json'
import en from '#app/locales/en/privacy.json'
import { CASE_ACTIONS } from './access-policy.ts'
import { AUDIT_ACTIONS, auditActionKey, type AuditAction } from './audit-actions.ts'
import { detailsInWords, type AuditLookups } from '#app/models/audit-log.server.ts'
import { createI18nInstance } from '#app/utils/i18n.server.ts'

const SOURCE_ROOTS = ['app', 'server', 'scripts', 'prisma']

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(file)
    return /\.(ts|tsx|js)$/.test(entry.name) && !/\.test\./.test(entry.name) ? [file] : []
  })
}

/**
 * The action keys the code writes: string literals after `action:` (also both sides of a
 * conditional), and for a key built from a template, its prefix with the values it can take.
 */
function actionsInCode() {
  const literals = new Map<string, string>()
  const templates = new Map<string, string>()
  for (const file of SOURCE_ROOTS.flatMap(sourceFiles)) {
    for (const match of fs.readFileSync(file, 'utf8').matchAll(/\baction:\s*([^,}\n]*)/g)) {
      for (const literal of match[1]!.matchAll(/'([a-z][a-z-]*(?:\.[a-z-]+)+)'/g)) literals.set(literal[1]!, file)
      for (const template of match[1]!.matchAll(/`([a-z][a-z.-]*)\$\{/g)) templates.set(template[1]!, file)
    }
  }
  return { literals, templates }
}

const lookup = (labels: object, key: string) =>
  key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), labels)

describe('every audit action has a label', () => {
  const { literals, templates } = actionsInCode()

  test('the scan finds the actions (it would pass vacuously otherwise)', () => {
    expect(literals.size).toBeGreaterThan(80)
    expect(literals.get('case.read')).toBeDefined()
    expect(literals.get('identity.reveal')).toBeDefined()
  })

  test('every literal action in the code is in AUDIT_ACTIONS', () => {
    const known = new Set<string>(AUDIT_ACTIONS)
    const missing = [...literals].filter(([action]) => !known.has(action)).map(([action, file]) => `${action} (${file})`)
    expect(missing).toEqual([])
  })

  test('the actions built from a template are listed with every value they take', () => {
    expect([...templates.keys()].sort()).toEqual(['case.', 'client.erasure-', 'document.'])
    for (const action of CASE_ACTIONS) expect(AUDIT_ACTIONS).toContain(`case.${action}`)
    for (const outcome of ['withdraw', 'reject']) expect(AUDIT_ACTIONS).toContain(`client.erasure-${outcome}`)
    for (const purpose of ['download', 'preview', 'subject-access']) expect(AUDIT_ACTIONS).toContain(`document.${purpose}`)
  })

  test('every action has a German and an English label, and no label is left over', () => {
    for (const action of AUDIT_ACTIONS) {
      expect(lookup(de, auditActionKey(action)), `de ${action}`).toEqual(expect.any(String))
      expect(lookup(en, auditActionKey(action)), `en ${action}`).toEqual(expect.any(String))
    }
    const keys = new Set(AUDIT_ACTIONS.map((action) => action.replaceAll('.', '_')))
    expect(Object.keys(de.auditWords.action).filter((key) => !keys.has(key))).toEqual([])
    expect(lookup(de, auditActionKey('case.read'))).toBe('Fallakte angesehen')
    expect(lookup(de, auditActionKey('identity.reveal'))).toBe('Zuordnungsschlüssel angezeigt')
  })
})

// ---------------------------------------------------------------- details in words

const USER = 'cmuser000000000000000001'
const TEAM = 'cmteam000000000000000001'
const CLIENT = 'cmclient0000000000000001'
const OTHER_ID = 'cmother00000000000000001'
const IDS = /cm[a-z]*0{6,}\d/

/**
 * What each action writes as details (the audit() calls in app/models, app/utils and scripts),
 * with every enum value it can take somewhere among the samples of its key. Typed by AuditAction:
 * a new action does not compile until it has a sample here.
 */
const SAMPLES: Record<AuditAction, ReadonlyArray<Record<string, unknown> | string[]>> = {
  'absence.create': [{ userId: USER, substituteId: USER }],
  'absence.end': [{ userId: USER }],
  'access.denied': [],
  'assignment.read': [],
  'assignment.read-all': [{ count: 3 }],
  'audit.export': [{ rows: 12, filters: ['userId', 'caseId', 'action', 'outcome', 'emergency', 'at'] }],
  'auth.lock': [{ reason: 'password', failures: 5 }, { reason: 'code', failures: 5 }, { reason: 'locked' }],
  'auth.login': [{ reason: 'unknown' }, { reason: 'locked' }, { reason: 'password', failures: 1 }, { reason: 'inactive', failures: 1 }, { secondFactor: 'totp' }, { secondFactor: 'recovery-code' }, { secondFactor: 'enrolment' }],
  'auth.logout': [],
  'auth.password': [{ next: 'TOTP' }, { next: 'ENROL' }, { next: null }],
  'auth.password-change': [{ reason: 'locked' }, { reason: 'password', via: 'password-change', failures: 2 }],
  'auth.password-rehash': [{ fromCost: 10, toCost: 12 }],
  'auth.password-set': [{ reason: 'unknown' }, { reason: 'used' }, { reason: 'expired' }, { reason: 'inactive' }, { purpose: 'ACCOUNT_CREATED' }, { purpose: 'PASSWORD_RESET' }],
  'auth.recovery-codes': [],
  'auth.second-factor': [{ reason: 'code', failures: 1 }, { reason: 'replay', failures: 2 }, { reason: 'recovery-code', failures: 3 }],
  'auth.second-factor-disable': [],
  'auth.second-factor-enrol': [{ reason: 'code' }],
  'auth.second-factor-enrolment-start': [],
  'auth.second-factor-replace': [],
  'auth.second-factor-reset': [{ role: 'TEAM_LEAD', teamId: TEAM }],
  'case-import.refused': [{ dryRun: true, rows: 10, errors: 2 }, { dryRun: false, rows: 10, errors: 3, counsellorsUnavailable: 2 }, ...['empty', 'utf16', 'binary', 'separator'].map((problem) => ({ dryRun: false, problem }))],
  'case-import.run': [{ import: OTHER_ID, openedInPast: true, assigned: 'other', identityKey: true }, { import: OTHER_ID, assigned: 'queue' }, { teamId: TEAM, rows: 10, imported: 8, skipped: 2 }],
  'case.assign': [{ toUserId: USER, note: 'given' }, { toUserId: USER, note: 'none' }, { fromUserId: USER, toUserId: USER }, { toUserId: USER, via: 'takeover', requestId: OTHER_ID }, { fromUserId: USER, toUserId: USER, via: 'staff-change', reason: 'deactivated' }, { fromUserId: USER, toUserId: USER, via: 'staff-change', reason: 'team-change' }, { fromUserId: USER, toUserId: null, via: 'staff-change', reason: 'role-change' }, { fromUserId: USER, toUserId: USER, via: 'bulk' }],
  'case.client-merged': [{ mergedClientId: CLIENT, movedCases: 2 }, { intoClientId: CLIENT }],
  'case.create': [{ fields: ['birthYear', 'gender', 'nationality'], openedInPast: true, assigned: 'self' }, { fields: ['programme'], assigned: 'other' }, { fields: ['kind'], assigned: 'queue' }],
  'case.emergency-access': ['CRISIS', 'COUNSELLOR_UNAVAILABLE', 'DEADLINE', 'AUTHORITY_REQUEST', 'OTHER'].map((reason) => ({ reason, notified: 2 })),
  'case.emergency-lookup': [],
  'case.master-data.read': [],
  'case.read': [],
  'case.read-confidential': [],
  'case.request-emergency': [],
  'case.request-takeover': [],
  'case.reveal-identity': [],
  'case.status': [{ from: 'OPEN', to: 'ACTIVE', reason: 'first-contact' }, { from: 'OPEN', to: 'ACTIVE', reason: 'group-session' }, { from: 'ACTIVE', to: 'CLOSED', closedFollowUps: 2 }, { from: 'CLOSED', to: 'PAUSED' }],
  'case.status.read': [],
  'case.subject-access': ['none', 'included', 'undecryptable'].flatMap((identity) => ['html', 'json', 'zip'].map((format) => ({ format, cases: 2, identity, notesWithheld: 1 }))),
  'case.handover-request': [{ fromTeamId: TEAM, toTeamId: TEAM, notified: 1 }],
  'case.handover-request-decline': [],
  'case.handover-request-grant': [{ toTeamId: TEAM, transferId: OTHER_ID, assigned: true, superseded: 1 }, { toTeamId: TEAM, transferId: OTHER_ID, assigned: false, superseded: 0 }],
  'case.takeover-decline': [],
  'case.takeover-request': [{ notified: 1 }],
  'case.transfer': ['DISTRIBUTION', 'MOVE', 'PROGRAMME_CHANGE', 'OTHER'].map((reason) => ({ fromTeamId: TEAM, toTeamId: TEAM, reason, transferId: OTHER_ID, handoverNote: true, notified: 1, sharedForSubstitution: false })),
  'case.transfer-reject': [],
  'case.transfer-request': [{ toTeamId: TEAM, reason: 'DISTRIBUTION' }],
  'case.update': [{ fields: ['birthYear', 'languages'], rebased: false }, { conflict: ['gender'] }],
  'case.write': [],
  'catalogue.create': [{ catalogue: 'TOPIC', code: 'NEW_TOPIC' }],
  'catalogue.update': [{ catalogue: 'DOCUMENT_KIND', active: false }],
  'client.erase': [{ cases: 2, documents: 1 }],
  'client.erasure-reject': [],
  'client.erasure-request': [{ notified: 2 }],
  'client.erasure-withdraw': [],
  'client.link': [{ reason: 'unknown-code' }, ...['PARTNER', 'PARENT_CHILD', 'SIBLING', 'OTHER'].map((relation) => ({ relation }))],
  'client.merge': [],
  'client.person.read': [{ linked: 1, otherCases: 2 }],
  'client.unlink': [{ relation: 'SIBLING' }],
  'consent-template.review': [{ kind: 'CONSENT_PSYCHOSOCIAL', language: 'arb', version: 2 }],
  'consent-template.version': [{ kind: 'PRIVACY', language: 'fas', version: 3 }],
  'consent.create': [{ recipient: 'partner', categories: 3, form: 'WRITTEN' }, { recipient: 'kind', categories: 1, form: 'ORAL' }],
  'consent.read': [{ count: 2 }],
  'consent.update': [{ changed: ['paperOnFile'] }],
  'consent.withdraw': [{ flaggedReferrals: 1 }],
  'contact.create': [['date', 'mode']],
  'contact.read': [{ confidentialNote: 'none' }, { confidentialNote: 'withheld' }, { confidentialNote: 'shown' }],
  'contact.update': [['note']],
  'document.delete': [{ mediaType: 'application/pdf', sizeBytes: 1000 }],
  'document.download': [{ problem: 'missing' }, { problem: 'key-version' }, { problem: 'damaged' }, { problem: 'not-found' }],
  'document.list': [{ documents: 3 }],
  'document.preview': [{ problem: 'damaged' }],
  'document.rotate-key': [{ total: 10, keyVersion: 2 }],
  'document.subject-access': [],
  'document.upload': [...['application/pdf', 'image/jpeg', 'image/png', 'image/heic', 'image/heif'].map((mediaType) => ({ mediaType, sizeBytes: 2048, linked: null })), ...['contact', 'consent', 'referral', 'mediation'].map((linked) => ({ mediaType: 'image/png', sizeBytes: 1, linked }))],
  'document.view': [],
  'follow-up.create': [{ source: 'MANUAL', assigneeId: USER }],
  'follow-up.done': [],
  'follow-up.read': [],
  'follow-up.reassign': [{ fromUserId: USER, toUserId: USER, reason: 'sharing-off' }, { fromUserId: USER, toUserId: null, reason: 'role-change' }, { fromUserId: USER, toUserId: USER, reason: 'team-change' }, { fromUserId: USER, toUserId: null, reason: 'deactivated' }],
  'group-session.create': [{ cases: 3, anonymous: 2 }],
  'group-session.delete': [{ cases: 3, anonymous: 2 }],
  'group-session.read': [{ shownCases: 2 }],
  'group-session.update': [{ changed: ['date', 'topicIds', 'otherCaseIds'], addedCases: 1, removedCases: 2 }],
  'handover-request.read': [],
  'identity.create': [{ fields: ['name'] }],
  'identity.delete': [],
  'identity.match-check': [{ result: 'match' }, { result: 'none' }],
  'identity.replace': [{ fields: ['name'] }],
  'identity.reveal': [...['AUTHORITY_CONTACT', 'APPOINTMENT', 'REFERRAL', 'CLIENT_REQUEST', 'OTHER'].map((reason) => ({ reason })), ...['missing', 'tampered', 'key-version', 'disabled'].map((error) => ({ reason: 'OTHER', error }))],
  'identity.rotate': [{ total: 4, keyVersion: 2 }],
  'identity.view': [],
  'inquiry.create': [{ topics: 2 }],
  'mediation.create': [],
  'mediation.export': [{ year: 2026, format: 'csv', rows: 10 }],
  'mediation.list': [{ count: 4 }],
  'mediation.overview': [{ year: 2026, assignments: 10, open: 2 }],
  'mediation.read': [],
  'mediation.transition': [{ fields: ['status'], from: 'REQUESTED', to: 'CONFIRMED' }, { fields: [], from: 'DONE', to: 'INVOICED' }],
  'mediation.update': [{ fields: ['costCents'] }],
  'partner.activate': [],
  'partner.create': [],
  'partner.deactivate': [],
  'partner.update': [{ changed: ['name', 'languages'] }],
  'plan.close': [],
  'plan.create': [['agreedAt']],
  'plan.goal-create': [['topicId']],
  'plan.goal-status': [{ fromStatus: 'OPEN', toStatus: 'ACHIEVED' }, { fromStatus: 'PARTLY_ACHIEVED', toStatus: 'DROPPED' }, { fromStatus: 'OPEN', toStatus: 'NOT_ACHIEVED' }],
  'plan.read': [['closedAt']],
  'privacy-information.read': [],
  'referral.consent-attach': [{ consentId: OTHER_ID, categories: 2, replaced: true }],
  'referral.create': [{ kind: 'PSYCHOSOCIAL_CENTRE', anonymous: false, categories: 2, withConsent: true }],
  'referral.list': [{ count: 3 }],
  'referral.read': [{ count: 3 }],
  'referral.transition': [{ from: 'INQUIRY', to: 'REGISTERED' }, { from: 'WAITING_LIST', to: 'NO_SHOW' }],
  'referral.update': [{ changed: ['feedbackReceived'] }],
  'residence.create': [{ fields: ['statusId', 'validFrom', 'expiresAt'], followUp: true }],
  'residence.read': [],
  'retention.run': [{ clients: 1, cases: 2, identityKeys: 1, documents: 0, heldBack: 1, years: 3, latestClosureYear: 2022 }],
  'settings.organisation': [{ changed: ['organisation.name', 'organisation.contact', 'organisation.dpoContact'] }],
  'settings.privacy': ['GDPR_BDSG', 'KDG', 'DSG_EKD'].map((regime) => ({ changed: ['retentionYears'], retentionYears: 3, regime })),
  'settings.second-factor': [{ policy: 'ALL' }, { policy: 'PRIVILEGED' }],
  'statistics.export': [{ format: 'csv', year: 2025, scope: 'org' }, { format: 'xlsx', year: 2025, scope: `team:${TEAM}|programme:MBE` }, { format: 'json', year: 2025, scope: 'org' }],
  'statistics.freeze': [{ year: 2025, scopes: 4 }],
  'statistics.reopen': [{ year: 2025, scopes: 4 }],
  'statistics.settings': [{ k: 3, method: 'suppress' }, { k: 5, method: 'round5' }],
  'takeover.list': [{ shown: 2, page: 3 }],
  'team.create': [],
  'team.queue.read': [{ shown: 50, page: 2 }],
  'team.reassign-list': [{ shown: 5 }],
  'team.settings': [{ referralWaitThresholdDays: { from: 28, to: 14 } }],
  'team.update': [['name', 'kind']],
  'transfer.read': [],
  'user.activate': [],
  'user.create': [{ role: 'COUNSELLOR', teamId: TEAM }],
  'user.create-admin': [{ via: 'command line', role: 'ADMIN', teamId: TEAM }],
  'user.deactivate': [],
  'user.reset-password': [{ role: 'COUNSELLOR', teamId: TEAM }],
  'user.revoke-sessions': [],
  'user.unlock': [{ count: 1 }],
  'user.update': [{ changed: ['email', 'role', 'teamId', 'languages'], role: 'TEAM_LEAD', teamId: TEAM, previousRole: 'COUNSELLOR', previousTeamId: TEAM }],
}

/** The detail keys the code writes in an object literal (`details: { a, b: … }`); spreads are sampled by hand. */
function detailKeysInCode() {
  const keys = new Set<string>()
  for (const file of SOURCE_ROOTS.flatMap(sourceFiles)) {
    for (const match of fs.readFileSync(file, 'utf8').matchAll(/\bdetails:\s*\{([^{}]*)\}/g)) {
      for (const key of match[1]!.matchAll(/(?:^|,)\s*(\w+)\s*(?=[:,]|$)/g)) keys.add(key[1]!)
    }
  }
  return keys
}

describe('every audit action shows its details in words', async () => {
  const lookups: AuditLookups = {
    users: new Map([[USER, 'Bilal Berater']]),
    teams: new Map([[TEAM, 'Beratungsstelle Rostock']]),
    codes: new Map(),
    clientCodes: new Map([[CLIENT, 'K7Q4-M2XD-9']]),
  }
  // A label the locale files lack shows as RAW(…), so that the test sees every fallback to a code.
  // A field name has the audit log's own label or the case form's; the spelled-out fallback is for
  // fields a newer version writes, never for one this version knows.
  const FIELD_NAMES = /^privacy:auditWords\.field\./
  const strict = async (language: 'de' | 'en') => {
    const i18n = await createI18nInstance(language)
    const t = ((key: string, options?: { defaultValue?: string }) => {
      if (i18n.exists(key, { ns: 'privacy' })) return i18n.t(key, { ns: 'privacy', ...options })
      return FIELD_NAMES.test(key) ? options?.defaultValue : `RAW(${options?.defaultValue ?? key})`
    }) as unknown as TFunction
    return t
  }
  const translators = { de: await strict('de'), en: await strict('en') }

  test('the samples name every key the code writes', () => {
    const sampled = new Set(Object.values(SAMPLES).flatMap((samples) => samples.flatMap((sample) => (Array.isArray(sample) ? [] : Object.keys(sample)))))
    const keys = detailKeysInCode()
    expect(keys.size).toBeGreaterThan(40)
    expect([...keys].filter((key) => !sampled.has(key)).sort()).toEqual([])
  })

  test.each(['de', 'en'] as const)('%s: no raw code, no internal id, every key and value in words', (language) => {
    const t = translators[language]
    const problems: string[] = []
    for (const action of AUDIT_ACTIONS) {
      for (const sample of SAMPLES[action]) {
        const words = detailsInWords(JSON.stringify(sample), lookups, t, action)
        if (/RAW\(/.test(words) || IDS.test(words)) problems.push(`${action}: ${words}`)
      }
    }
    expect(problems).toEqual([])
  })

  test('names, codes and words instead of ids and enum values', () => {
    const de = (action: AuditAction, details: object) => detailsInWords(JSON.stringify(details), lookups, translators.de, action)
    expect(de('case.transfer', SAMPLES['case.transfer'][0]!)).toBe(
      'von Team: Beratungsstelle Rostock · an Team: Beratungsstelle Rostock · Grund: Verteilung aus der EAE · Übergabenotiz: ja · benachrichtigt: 1 · für Vertretung freigegeben: nein',
    )
    expect(de('auth.login', { secondFactor: 'totp' })).toBe('zweiter Faktor: Authenticator-App')
    expect(de('case.client-merged', { mergedClientId: CLIENT, movedCases: 2 })).toBe('zusammengeführte Person: K7Q4-M2XD-9 · verschobene Fälle: 2')
    expect(de('case.assign', { toUserId: USER, via: 'takeover', requestId: OTHER_ID })).toBe('an: Bilal Berater · über: Übernahmeanfrage')
    expect(de('statistics.export', { format: 'xlsx', year: 2025, scope: `team:${TEAM}|programme:MBE` })).toMatch(/Beratungsstelle Rostock, /)
  })
})
