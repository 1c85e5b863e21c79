// Need-to-know (PRODUCT.md §1): who may do what with a case. The one place that decides it; loaders,
// actions, lists, search, counts and exports all ask here (CONVENTIONS.md rule 3).
import { type Role } from './codes.ts'

export type CaseAction =
  | 'read' // open the case file and everything in it
  | 'write' // record contacts, plans, referrals, mediation; edit master data; change status
  | 'assign' // assign or reassign the counsellor
  | 'transfer' // move the case to another team (a counsellor may only request it)
  | 'reveal-identity' // decrypt the identity key
  | 'read-documents' // open (download, preview) a document of the case file; everyone who may `read` sees that it exists
  | 'request-emergency' // break glass: open a team case one may not read, stating a reason (audited, team leads notified)

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

/** How the actor stands to the case; the policy table is written in these terms. */
export function relationTo(actor: Actor, kase: CaseFacts, relation: Relation): CaseRelation {
  if (actor.role === 'ADMIN') return 'admin'
  if (kase.teamId !== actor.teamId) return 'other-team'
  if (actor.role === 'TEAM_LEAD') return 'team-lead'
  if (kase.counsellorId === actor.id) return 'assigned'
  if (kase.counsellorId && relation.substitutesFor.includes(kase.counsellorId)) return 'substitute'
  if (relation.emergencyGrant) return 'emergency'
  if (kase.sharedForSubstitution) return 'team-shared'
  if (!kase.counsellorId) return 'team-unassigned'
  return 'same-team'
}

/**
 * The policy as a table: relation → allowed actions. Administrators see no case contents
 * (they are not counsellors of the team); a counsellor of another team sees nothing.
 */
// Documents carry names (PRODUCT.md §9): only the assigned counsellor, the active substitute and
// audited emergency access open them. Uploading is part of `write`, so a team lead can file a letter
// that arrived at the office and then, like colleagues of a shared case, sees only that it exists.
export const CASE_POLICY: Record<CaseRelation, readonly CaseAction[]> = {
  assigned: ['read', 'write', 'transfer', 'reveal-identity', 'read-documents'],
  substitute: ['read', 'write', 'reveal-identity', 'read-documents'],
  emergency: ['read', 'read-documents'],
  'team-shared': ['read', 'request-emergency'],
  'team-lead': ['read', 'write', 'assign', 'transfer'],
  'team-unassigned': ['request-emergency'],
  'same-team': ['request-emergency'],
  'other-team': [],
  admin: [],
}

export function canAccessCase(actor: Actor, kase: CaseFacts, action: CaseAction, relation: Relation): boolean {
  return CASE_POLICY[relationTo(actor, kase, relation)].includes(action)
}

/**
 * The same rule as a filter for lists, search and counts (what `read` allows), expressed on the
 * case's own columns so it can become a SQL WHERE clause.
 */
export type CaseVisibility =
  | { kind: 'none' }
  | { kind: 'team'; teamId: string }
  | { kind: 'counsellor'; teamId: string; counsellorIds: string[]; includeShared: true }

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
