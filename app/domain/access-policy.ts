// Need-to-know (PRODUCT.md §1): who may do what with a case. The one place that decides it; loaders,
// actions, lists, search, counts and exports all ask here (CONVENTIONS.md rule 3).
import { type Role } from './codes.ts'

export const CASE_ACTIONS = [
  'read', // open the case file and everything in it, except the text of confidential notes
  'read-confidential', // read (and write) the text of confidential notes (decision 015); open, download, preview and delete documents (decision 023)
  'write', // record contacts, plans, referrals, mediation; edit master data; change status
  'assign', // assign or reassign the counsellor; decide transfers and erasure requests
  'transfer', // move the case to another team (a counsellor may only request it)
  'reveal-identity', // decrypt the identity key; subject access (Art. 15); request erasure
  'request-emergency', // break glass: open a team case one may not read, stating a reason (audited, team leads notified)
  'request-takeover', // ask the team lead to be assigned an unassigned team case (issue 14, item 6); grants no reading
] as const
export type CaseAction = (typeof CASE_ACTIONS)[number]

export type Actor = { id: string; role: Role; teamId: string }

export type CaseFacts = { teamId: string; counsellorId: string | null; sharedForSubstitution: boolean }

export type Relation = {
  /** ids of counsellors the actor currently substitutes for (an absence with the actor as substitute) */
  substitutesFor: readonly string[]
  /** a break-glass grant the actor holds for this case (reason given, audited, time-limited) */
  emergencyGrant?: boolean
}

export type CaseRelation =
  | 'assigned'
  | 'substitute'
  | 'emergency'
  | 'team-shared'
  | 'team-lead'
  | 'team-unassigned'
  | 'same-team'
  | 'other-team'
  | 'admin'

/** How a member of the case's team stands to it as a counsellor, the closest tie first. */
function counsellingRelation(actor: Actor, kase: CaseFacts, relation: Relation): CaseRelation {
  if (kase.counsellorId === actor.id) return 'assigned'
  if (kase.counsellorId && relation.substitutesFor.includes(kase.counsellorId)) return 'substitute'
  if (relation.emergencyGrant) return 'emergency'
  if (kase.sharedForSubstitution) return 'team-shared'
  if (!kase.counsellorId) return 'team-unassigned'
  return 'same-team'
}

/**
 * Every relation the actor has to the case; the policy table is written in these terms and the
 * rights add up (PRODUCT.md §9, "roles combine"). A team lead who is also the case's assigned
 * counsellor or its active substitute holds both relations; the weaker ties of a team lead
 * (shared, unassigned, same team) add nothing to what the team lead already may, so they are not
 * listed. The first relation is the closest one (shown on the case header).
 */
export function relationsTo(actor: Actor, kase: CaseFacts, relation: Relation): readonly CaseRelation[] {
  if (actor.role === 'ADMIN') return ['admin']
  if (kase.teamId !== actor.teamId) return ['other-team']
  const own = counsellingRelation(actor, kase, relation)
  if (actor.role === 'TEAM_LEAD') return own === 'assigned' || own === 'substitute' ? [own, 'team-lead'] : ['team-lead']
  // A shared case that waits for a counsellor is also an unassigned team case: a colleague may read
  // it (shared) and ask to take it (unassigned).
  if (own === 'team-shared' && !kase.counsellorId) return [own, 'team-unassigned']
  return [own]
}

/** The actor's closest relation to the case (for display; rights come from all of them). */
export function relationTo(actor: Actor, kase: CaseFacts, relation: Relation): CaseRelation {
  return relationsTo(actor, kase, relation)[0]!
}

/**
 * The policy as a table: relation → allowed actions. Administrators see no case contents
 * (they are not counsellors of the team); a counsellor of another team sees nothing. The text of a
 * confidential note is for the counselling relationship only: the assigned counsellor, the active
 * substitute and audited emergency access — not the team lead as such, not colleagues of a shared
 * case (decision 015).
 */
export const CASE_POLICY: Record<CaseRelation, readonly CaseAction[]> = {
  assigned: ['read', 'read-confidential', 'write', 'transfer', 'reveal-identity'],
  substitute: ['read', 'read-confidential', 'write', 'reveal-identity'],
  emergency: ['read', 'read-confidential'],
  'team-shared': ['read', 'request-emergency'],
  'team-lead': ['read', 'write', 'assign', 'transfer'],
  // Asking to take an unassigned case shows nothing of it beyond the team's waiting list
  // (pseudonym code, programme, kind, languages, waiting time): the file opens once assigned.
  'team-unassigned': ['request-emergency', 'request-takeover'],
  'same-team': ['request-emergency'],
  'other-team': [],
  admin: [],
}

/** The union of the rights of the given relations, in the order of CASE_ACTIONS. */
export function actionsOf(relations: readonly CaseRelation[]): CaseAction[] {
  // Written-out loops, not closures made per call: V8 would drop their optimised code at each full
  // collection and compile them again (decision 137).
  const actions: CaseAction[] = []
  for (const action of CASE_ACTIONS) if (anyRelationMay(relations, action)) actions.push(action)
  return actions
}

function anyRelationMay(relations: readonly CaseRelation[], action: CaseAction) {
  for (const relation of relations) if (CASE_POLICY[relation].includes(action)) return true
  return false
}

export function allowedActions(actor: Actor, kase: CaseFacts, relation: Relation): CaseAction[] {
  return actionsOf(relationsTo(actor, kase, relation))
}

export function canAccessCase(actor: Actor, kase: CaseFacts, action: CaseAction, relation: Relation): boolean {
  return allowedActions(actor, kase, relation).includes(action)
}

/**
 * Who may correct or delete a group session (decision 046), on top of `write` on the case it is
 * opened from: the person who recorded it, and the team lead of the team that held it (the one who
 * answers for the team's figures). Colleagues who may write a participant case may not: a session
 * is shared by several files and counts once for the team, so one person owns it.
 */
export function mayChangeGroupSession(actor: Actor, session: { createdById: string | null; teamId: string }): boolean {
  if (actor.role === 'ADMIN') return false
  if (session.createdById === actor.id) return true
  return actor.role === 'TEAM_LEAD' && actor.teamId === session.teamId
}

/**
 * The same rule as a filter for lists, search and counts (what `read` allows), expressed on the
 * case's own columns so it can become a SQL WHERE clause.
 */
export type CaseVisibility =
  | { kind: 'none' }
  | { kind: 'team'; teamId: string }
  | { kind: 'counsellor'; teamId: string; counsellorIds: string[]; includeShared: true }

/**
 * Whether the cases an actor may list depend on whom they substitute today (`caseVisibility`): only a
 * counsellor's do. A team lead sees the team's cases and an administrator none, substitute or not — a
 * list need not look up their absences.
 */
export function visibilityDependsOnSubstitutes(actor: Pick<Actor, 'role'>): boolean {
  return actor.role === 'COUNSELLOR'
}

export function caseVisibility(actor: Actor, relation: Pick<Relation, 'substitutesFor'>): CaseVisibility {
  if (actor.role === 'ADMIN') return { kind: 'none' }
  if (actor.role === 'TEAM_LEAD') return { kind: 'team', teamId: actor.teamId }
  return { kind: 'counsellor', teamId: actor.teamId, counsellorIds: [actor.id, ...relation.substitutesFor], includeShared: true }
}

/** Who may run statistics for which scope. */
export function statisticsScopeFor(actor: Actor): { kind: 'organisation' } | { kind: 'team'; teamId: string } | null {
  if (actor.role === 'ADMIN') return { kind: 'organisation' }
  if (actor.role === 'TEAM_LEAD') return { kind: 'team', teamId: actor.teamId }
  return null
}
