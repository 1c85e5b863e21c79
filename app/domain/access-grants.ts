// Four eyes on access grants (decision 018). An administrator sees no case contents, but could give
// an account case access and sign in with it: create a team lead, promote a counsellor, move
// someone into a team, reset a password — or reset a second factor, after which whoever signs in
// first with the password sets up a new one (decision 024). Each of these is therefore told to the
// team lead(s) of the team(s) concerned and to the person whose account it is (at their next sign-in).
import { type Role } from './codes.ts'

export const ACCESS_NOTICE_KINDS = ['ACCOUNT_CREATED', 'ROLE_GRANTED', 'TEAM_CHANGED', 'PASSWORD_RESET', 'SECOND_FACTOR_RESET'] as const
export type AccessNoticeKind = (typeof ACCESS_NOTICE_KINDS)[number]

/** How much case data a role reaches (access-policy.ts): administrators none, team leads a whole team. */
const CASE_REACH: Record<Role, number> = { ADMIN: 0, COUNSELLOR: 1, TEAM_LEAD: 2 }

export function reachesCases(role: Role) {
  return CASE_REACH[role] > 0
}

export type AccountChange =
  | { kind: 'created'; role: Role; teamId: string }
  | { kind: 'updated'; before: { role: Role; teamId: string }; after: { role: Role; teamId: string } }
  | { kind: 'password-reset'; role: Role; teamId: string }
  | { kind: 'second-factor-reset'; role: Role; teamId: string }

/**
 * The notices an account change calls for; `teamIds` are the teams whose leads are told (the person
 * concerned is always told). An account without case access reaches no team's cases, so creating an
 * administrator concerns no team lead — a password reset always does, since whoever holds the new
 * password holds the account.
 */
export function accessNoticesFor(change: AccountChange): Array<{ kind: AccessNoticeKind; teamIds: string[] }> {
  switch (change.kind) {
    case 'created':
      return [{ kind: 'ACCOUNT_CREATED', teamIds: reachesCases(change.role) ? [change.teamId] : [] }]
    case 'password-reset':
      return [{ kind: 'PASSWORD_RESET', teamIds: [change.teamId] }]
    case 'second-factor-reset':
      return [{ kind: 'SECOND_FACTOR_RESET', teamIds: [change.teamId] }]
    case 'updated': {
      const notices: Array<{ kind: AccessNoticeKind; teamIds: string[] }> = []
      if (CASE_REACH[change.after.role] > CASE_REACH[change.before.role]) notices.push({ kind: 'ROLE_GRANTED', teamIds: [change.after.teamId] })
      if (change.after.teamId !== change.before.teamId) notices.push({ kind: 'TEAM_CHANGED', teamIds: [change.before.teamId, change.after.teamId] })
      return notices
    }
  }
}
