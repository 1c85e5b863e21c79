// Who may reach which route: the expectation table behind tests/access-matrix.test.ts. Every route of
// the Remix manifest has an entry (the test fails for a route missing here and for an entry without a
// route), so a new page cannot go live without someone deciding who may open it.
//
// The personas are described relative to one case (PRODUCT.md §1). For routes outside a case they are
// simply a counsellor, a team lead or an administrator of some team.

export const PERSONAS = [
  'anonymous',
  'assigned', // counsellor of the case's team, assigned to the case
  'teamMember', // counsellor of the case's team, not assigned, case not shared for substitution
  'substitute', // counsellor of the case's team standing in for the assigned counsellor (absence today)
  'otherTeam', // counsellor of another team
  'lead', // team lead of the case's team
  'assignedLead', // team lead of the case's team who is also the case's assigned counsellor (roles combine; played on a case of their own)
  'otherLead', // team lead of another team
  'admin',
] as const
export type Persona = (typeof PERSONAS)[number]

/**
 * - `redirect-login`: sent to the login page
 * - `ok`: the loader/action ran (2xx, a redirect elsewhere, or a 4xx answer about the submitted form)
 * - `forbidden`: 403, the role may not use the page
 * - `not-found`: 404, also for cases the persona may not see (never 403: that would confirm the case exists);
 *   for "Erledigt" on a case's follow-up tab, the redirect to `/follow-ups/not-in-list`, which answers 404
 *   (decision 223)
 */
export type Outcome = 'redirect-login' | 'ok' | 'forbidden' | 'not-found'
export type Access = Readonly<Record<Persona, Outcome>>

export const PERSONA_ROLE: Record<Exclude<Persona, 'anonymous'>, 'COUNSELLOR' | 'TEAM_LEAD' | 'ADMIN'> = {
  assigned: 'COUNSELLOR',
  teamMember: 'COUNSELLOR',
  substitute: 'COUNSELLOR',
  otherTeam: 'COUNSELLOR',
  lead: 'TEAM_LEAD',
  assignedLead: 'TEAM_LEAD',
  otherLead: 'TEAM_LEAD',
  admin: 'ADMIN',
}

function access(anonymous: Outcome, signedIn: (persona: Exclude<Persona, 'anonymous'>) => Outcome): Access {
  return Object.fromEntries(PERSONAS.map((p) => [p, p === 'anonymous' ? anonymous : signedIn(p)])) as Access
}

/** Anyone, signed in or not. */
export const PUBLIC = access('ok', () => 'ok')
/** Anyone signed in. */
export const SIGNED_IN = access('redirect-login', () => 'ok')
/** Signed in with one of the roles; other roles get 403. */
export function roles(...allowed: Array<'COUNSELLOR' | 'TEAM_LEAD' | 'ADMIN'>): Access {
  return access('redirect-login', (p) => (allowed.includes(PERSONA_ROLE[p]) ? 'ok' : 'forbidden'))
}
/** Case data: only the listed personas; everybody else signed in gets 404. */
function caseFor(...allowed: Array<Exclude<Persona, 'anonymous'>>): Access {
  return access('redirect-login', (p) => (allowed.includes(p) ? 'ok' : 'not-found'))
}
/** Same as `base`, with some personas answered differently. */
function except(base: Access, overrides: Partial<Access>): Access {
  return { ...base, ...overrides }
}

/** Read a case file and everything in it (CASE_POLICY `read`). */
export const CASE_READ = caseFor('assigned', 'substitute', 'lead', 'assignedLead')
/**
 * The text of confidential notes and the documents (CASE_POLICY `read-confidential`). The note pages
 * withhold the text instead of refusing; the document routes (open, download, preview, delete) are
 * guarded by it.
 */
export const CASE_CONFIDENTIAL = caseFor('assigned', 'substitute', 'assignedLead')
/** Record and change case data (CASE_POLICY `write`). */
export const CASE_WRITE = caseFor('assigned', 'substitute', 'lead', 'assignedLead')
/** Assign or reassign; decide erasure requests (CASE_POLICY `assign`, team lead only). */
export const CASE_ASSIGN = caseFor('lead', 'assignedLead')
/** Transfer to another team (the assigned counsellor requests, the team lead decides). */
export const CASE_TRANSFER = caseFor('assigned', 'lead', 'assignedLead')
/** Decrypt the identity key, subject access, erasure requests (CASE_POLICY `reveal-identity`). */
export const CASE_REVEAL = caseFor('assigned', 'substitute', 'assignedLead')
/** Break glass: a team colleague without access states a reason. */
export const CASE_EMERGENCY = caseFor('teamMember')
/**
 * Ask to take an unassigned team case (CASE_POLICY `request-takeover`): nobody for the personas' case,
 * which is assigned; a colleague of the team for an unassigned one (/team/waiting takes the case id
 * from the form).
 */
export const CASE_TAKEOVER = caseFor()

export type RouteAccess = {
  /** GET (the loader); omitted when the route has no loader */
  loader?: Access
  /** POST per intent ('' = no intent field); omitted when the route has no action */
  action?: Readonly<Record<string, Access>>
}

const ADMIN = roles('ADMIN')
const LEAD = roles('TEAM_LEAD')
const CASEWORK = roles('COUNSELLOR', 'TEAM_LEAD')

export const ROUTE_ACCESS: Readonly<Record<string, RouteAccess>> = {
  root: { loader: PUBLIC },
  'routes/$': { loader: access('not-found', () => 'not-found') },
  'routes/_index': {
    loader: SIGNED_IN, // administrators are sent on to their own start page
    action: Object.fromEntries(
      ['', 'follow-up-done', 'assignment-read', 'assignments-read-all'].map((intent) => [
        intent,
        except(SIGNED_IN, { admin: 'forbidden' }),
      ]),
    ),
  },
  // every open follow-up of one's own (decision 199); administrators have none
  'routes/follow-ups': { loader: CASEWORK, action: { '': CASEWORK, 'follow-up-done': CASEWORK } },
  // Says that a follow-up is no longer in one's list, with a 404 for everyone who has such a list (decision 223).
  'routes/follow-ups_.not-in-list': { loader: except(roles('COUNSELLOR', 'TEAM_LEAD'), { assigned: 'not-found', teamMember: 'not-found', substitute: 'not-found', otherTeam: 'not-found', lead: 'not-found', assignedLead: 'not-found', otherLead: 'not-found' }) },
  'routes/about': { loader: PUBLIC },
  'routes/healthz': { loader: PUBLIC },
  'routes/login': { loader: PUBLIC, action: { '': PUBLIC } },
  // signing out ends on the login page, whoever asks
  'routes/logout': { loader: PUBLIC, action: { '': access('redirect-login', () => 'redirect-login') } },
  'routes/settings.language': { loader: PUBLIC, action: { '': PUBLIC } },
  'routes/settings.password': { loader: SIGNED_IN, action: { '': SIGNED_IN } },
  // the code after the password: only for a half signed-in session; anyone signed in is sent on to the start page
  'routes/login_.verify': { loader: SIGNED_IN, action: { '': SIGNED_IN, totp: SIGNED_IN, recovery: SIGNED_IN } },
  'routes/settings.security': {
    loader: SIGNED_IN,
    action: Object.fromEntries(['', 'start', 'confirm', 'regenerate', 'replace', 'disable'].map((intent) => [intent, SIGNED_IN])),
  },
  // the one-time code is the proof; nobody needs to be signed in
  'routes/password.set': { loader: PUBLIC, action: { '': PUBLIC } },

  'routes/admin': { loader: ADMIN },
  'routes/admin.audit': { loader: ADMIN },
  'routes/admin.import': { loader: ADMIN, action: { '': ADMIN } },
  'routes/admin.import.template[.]csv': { loader: ADMIN },
  'routes/admin.audit.export[.]csv': { loader: ADMIN },
  'routes/admin.consent-templates._index': { loader: ADMIN, action: { '': ADMIN } },
  'routes/admin.consent-templates.$templateId': {
    loader: ADMIN,
    action: { '': ADMIN, save: ADMIN, preview: ADMIN, review: ADMIN },
  },
  'routes/admin.catalogues': { loader: ADMIN, action: { '': ADMIN, add: ADMIN, update: ADMIN } },
  'routes/admin.partners._index': { loader: ADMIN },
  'routes/admin.partners.new': { loader: ADMIN, action: { '': ADMIN } },
  'routes/admin.partners.$partnerId': {
    loader: ADMIN,
    action: { '': ADMIN, save: ADMIN, activate: ADMIN, deactivate: ADMIN },
  },
  'routes/admin.retention': {
    loader: ADMIN,
    action: { '': ADMIN, settings: ADMIN, run: ADMIN, freeze: ADMIN },
  },
  'routes/admin.security': { loader: ADMIN, action: { '': ADMIN } },
  'routes/admin.teams._index': { loader: ADMIN, action: { '': ADMIN } },
  'routes/admin.teams.$teamId': { loader: ADMIN, action: { '': ADMIN } },
  'routes/admin.users._index': { loader: ADMIN },
  'routes/admin.users.new': { loader: ADMIN, action: { '': ADMIN } },
  'routes/admin.users.$userId': {
    loader: ADMIN,
    action: Object.fromEntries(
      ['', 'save', 'reset-password', 'revoke-sessions', 'unlock', 'deactivate', 'activate', 'reset-second-factor'].map((intent) => [
        intent,
        ADMIN,
      ]),
    ),
  },

  'routes/cases._index': { loader: CASEWORK },
  'routes/cases.new': { loader: CASEWORK, action: { '': CASEWORK } },
  'routes/cases_.emergency': { loader: roles('COUNSELLOR'), action: { '': roles('COUNSELLOR') } },
  'routes/clients.check': { loader: CASEWORK, action: { '': CASEWORK, 'handover-request': CASEWORK } },
  'routes/inquiries.new': { loader: CASEWORK, action: { '': CASEWORK } },
  'routes/referrals': { loader: CASEWORK },
  'routes/language-mediation': { loader: CASEWORK },
  'routes/language-mediation.export[.]csv': { loader: CASEWORK },
  'routes/privacy-information.print': { loader: CASEWORK },
  // everyone reads the notices about their own account; team leads also those of their team
  'routes/privacy.notices': { loader: SIGNED_IN, action: { '': SIGNED_IN, 'mark-read': SIGNED_IN } },
  'routes/statistics': {
    loader: roles('TEAM_LEAD', 'ADMIN'),
    action: { '': ADMIN, settings: ADMIN, freeze: ADMIN, reopen: ADMIN },
  },
  'routes/statistics.export[.]csv': { loader: roles('TEAM_LEAD', 'ADMIN') },
  'routes/statistics.export[.]json': { loader: roles('TEAM_LEAD', 'ADMIN') },
  'routes/statistics.export[.]xlsx': { loader: roles('TEAM_LEAD', 'ADMIN') },
  // /team decides takeovers; any other post is refused after the role check (decision 225: the queue is assigned on /team/queue)
  'routes/team._index': { loader: LEAD, action: { '': LEAD, assign: LEAD, 'takeover-confirm': LEAD, 'takeover-decline': LEAD } },
  // the team's waiting cases as a colleague sees them before being assigned; the case id in the form
  // is checked against the policy (`request-takeover`)
  // Transfer requests across teams (decision 043): the lead of the team holding the case decides; a
  // lead of another team gets 404 like for a request that does not exist.
  'routes/team.handover-requests.$requestId': {
    loader: except(LEAD, { otherLead: 'not-found' }),
    action: { '': except(LEAD, { otherLead: 'not-found' }), grant: except(LEAD, { otherLead: 'not-found' }), decline: except(LEAD, { otherLead: 'not-found' }) },
  },
  'routes/team.reassign': { loader: LEAD, action: { '': LEAD } },
  // The whole queue, a page at a time, and the one place where the lead assigns from it (decisions 222, 225).
  'routes/team.queue': { loader: LEAD, action: { '': LEAD, assign: LEAD } },
  'routes/team.waiting': { loader: roles('COUNSELLOR'), action: { '': roles('COUNSELLOR'), request: roles('COUNSELLOR') } },
  'routes/team.absences': {
    loader: CASEWORK,
    // ending an absence: the absent counsellor (here: teamMember) or their team lead; nobody else learns it exists
    action: {
      '': CASEWORK,
      create: CASEWORK,
      end: except(caseFor('teamMember', 'lead', 'assignedLead'), { admin: 'forbidden' }),
    },
  },
  'routes/team.settings': { loader: LEAD, action: { '': LEAD } },

  // A case and everything in it.
  'routes/cases.$caseId': { loader: CASE_READ },
  'routes/cases.$caseId._index': { loader: CASE_READ },
  'routes/cases.$caseId_.emergency': { loader: CASE_EMERGENCY, action: { '': CASE_EMERGENCY } },
  'routes/cases.$caseId.edit': { loader: CASE_WRITE, action: { '': CASE_WRITE } },
  'routes/cases.$caseId.status': { loader: CASE_READ, action: { '': CASE_WRITE } },
  'routes/cases.$caseId.residence': { loader: CASE_READ, action: { '': CASE_WRITE } },
  // Issue 14: the person behind the case (other cases, family links, merge) and a returning client's
  // further case. Merging is the team lead's; a counsellor's merge is refused in the form (400).
  'routes/cases.$caseId.person': {
    loader: CASE_READ,
    action: { '': CASE_WRITE, link: CASE_WRITE, unlink: CASE_WRITE, merge: CASE_WRITE },
  },
  'routes/cases.$caseId.new-case': { loader: CASE_READ, action: { '': CASE_READ } },
  'routes/cases.$caseId.assign': { loader: CASE_ASSIGN, action: { '': CASE_ASSIGN } },
  'routes/cases.$caseId.transfer': {
    // the history for everyone who reads the case (the timeline links here); the forms need `transfer`
    loader: CASE_READ,
    action: {
      '': CASE_TRANSFER,
      transfer: CASE_TRANSFER,
      request: CASE_TRANSFER,
      confirm: CASE_TRANSFER,
      reject: CASE_TRANSFER,
    },
  },
  'routes/cases.$caseId.identity': {
    loader: CASE_READ,
    action: { '': CASE_REVEAL, reveal: CASE_REVEAL, save: CASE_REVEAL, delete: CASE_REVEAL },
  },
  'routes/cases.$caseId.subject-access': { loader: CASE_REVEAL },
  'routes/cases.$caseId.export[.]json': { loader: CASE_REVEAL },
  'routes/cases.$caseId.export[.]zip': { loader: CASE_REVEAL },
  'routes/cases.$caseId.erasure': {
    loader: CASE_READ,
    // the intent decides which right is needed; without a known intent nothing is looked up at all
    action: {
      '': SIGNED_IN,
      request: CASE_REVEAL,
      withdraw: CASE_REVEAL,
      confirm: CASE_ASSIGN,
      reject: CASE_ASSIGN,
    },
  },
  'routes/cases.$caseId.plan': {
    loader: CASE_READ,
    action: {
      '': CASE_WRITE,
      'create-plan': CASE_WRITE,
      'add-goal': CASE_WRITE,
      'goal-status': CASE_WRITE,
      'close-plan': CASE_WRITE,
    },
  },
  'routes/cases.$caseId.contacts.new': { loader: CASE_WRITE, action: { '': CASE_WRITE } },
  'routes/cases.$caseId.follow-ups': {
    loader: CASE_READ,
    action: { '': CASE_WRITE, create: CASE_WRITE, done: CASE_WRITE },
  },
  'routes/cases.$caseId.contacts.$contactId': { loader: CASE_READ, action: { '': CASE_WRITE } },
  'routes/cases.$caseId.group-sessions.new': { loader: CASE_WRITE, action: { '': CASE_WRITE } },
  // Correcting and deleting: only the session's author (the case's counsellor in the fuzz world) and
  // the team lead of its team (decision 046); a substitute who may write the case gets 404 like anyone else.
  'routes/cases.$caseId.group-sessions.$sessionId': {
    loader: CASE_READ,
    action: Object.fromEntries(['', 'delete'].map((intent) => [intent, except(CASE_WRITE, { substitute: 'not-found' })])),
  },
  'routes/cases.$caseId.consents._index': {
    loader: CASE_READ,
    action: { '': CASE_WRITE, paperOnFile: CASE_WRITE },
  },
  'routes/cases.$caseId.consents.new': { loader: CASE_WRITE, action: { '': CASE_WRITE } },
  'routes/cases.$caseId.consents.$consentId.print': { loader: CASE_READ },
  'routes/cases.$caseId.privacy-information.print': { loader: CASE_READ },
  'routes/cases.$caseId.consents.$consentId.withdraw': { loader: CASE_WRITE, action: { '': CASE_WRITE } },
  'routes/cases.$caseId.referrals._index': { loader: CASE_READ },
  'routes/cases.$caseId.referrals.new': { loader: CASE_WRITE, action: { '': CASE_WRITE } },
  'routes/cases.$caseId.referrals.$referralId': {
    loader: CASE_READ,
    action: { '': CASE_WRITE, feedback: CASE_WRITE, transition: CASE_WRITE, 'attach-consent': CASE_WRITE },
  },
  'routes/cases.$caseId.mediation._index': { loader: CASE_READ },
  'routes/cases.$caseId.mediation.new': { loader: CASE_WRITE, action: { '': CASE_WRITE } },
  'routes/cases.$caseId.mediation.$mediationId': { loader: CASE_READ, action: { '': CASE_WRITE } },
  // everyone who reads the case sees which documents exist; uploading is part of writing
  'routes/cases.$caseId.documents._index': { loader: CASE_READ, action: { '': CASE_WRITE } },
  'routes/cases.$caseId.documents.$documentId': { loader: CASE_READ, action: { '': CASE_CONFIDENTIAL, delete: CASE_CONFIDENTIAL } },
  'routes/cases.$caseId.documents.$documentId_.download': { loader: CASE_CONFIDENTIAL },
  'routes/cases.$caseId.documents.$documentId_.preview': { loader: CASE_CONFIDENTIAL },
}
