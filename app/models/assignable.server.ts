// Who may receive a case of a team (decision 241): an active counsellor or team lead of the case's team — never an
// administrator (who sees no case contents, PRODUCT.md §1), nobody deactivated and nobody of another team (a person
// who moved has had their open work handed over, decision 203). Written once, in the three forms the readers
// need: a Prisma `where` for the people to offer or look up, the same condition as SQL text for raw statements,
// and the check inside the transaction that gives a person a case.
import { Prisma } from '#app/generated/prisma/client.ts'
import { type TransactionClient } from '#app/utils/db.server.ts'

/** The roles that hold cases. */
export const CASE_HOLDER_ROLES = ['COUNSELLOR', 'TEAM_LEAD'] as const

/** The people of `teamId` who may receive one of its cases (Prisma `where` of User). */
export function assignableWhere(teamId: string) {
  return { teamId, active: true, role: { in: [...CASE_HOLDER_ROLES] } } satisfies Prisma.UserWhereInput
}

const ROLES_SQL = Prisma.raw(CASE_HOLDER_ROLES.map((role) => `'${role}'`).join(', '))

/**
 * The same condition as SQL over "User" (`alias` its alias in the statement, or none), in the very text the raw
 * statements wrote by hand before (the team's value behind a unary plus), so that their plans stay as they were.
 */
export function assignableSql(teamId: string, alias?: string) {
  const column = (name: string) => Prisma.raw(alias ? `${alias}."${name}"` : `"${name}"`)
  return Prisma.sql`${column('teamId')} = +${teamId} AND ${column('active')} = 1 AND ${column('role')} IN (${ROLES_SQL})`
}

/**
 * Whether `userId` may be given a case of `teamId` now — the people `listAssignableUsers` offers; asked inside the
 * transaction that assigns (`db` that transaction), so that a person deactivated or moved between the form's check
 * and the write (their open work handed over in that change's transaction, decision 203) does not receive the case
 * after their handover, where only /team's orphaned cases would show it.
 */
export async function mayReceiveCase(db: TransactionClient, teamId: string, userId: string) {
  const person = await db.user.findFirst({
    where: { id: userId, ...assignableWhere(teamId) },
    select: { id: true },
  })
  return person !== null
}
