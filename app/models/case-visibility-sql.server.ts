// The need-to-know filter of visibleCasesWhere (case-access.server.ts) as SQL, for the overviews
// that read with one raw statement instead of the ORM. Only the shapes visibleCasesWhere produces
// are translated; anything else throws, so the two cannot drift apart silently. Tests compare
// the raw overviews with the ORM filter for every role and relation
// (app/models/case-visibility-sql.server.test.ts).
import { Prisma } from '#app/generated/prisma/client.ts'

export type VisibleCasesSql =
  | { kind: 'none' }
  /** `sql` is a condition on the case table under the alias `c`. */
  | { kind: 'team'; teamId: string; sql: Prisma.Sql }

export function visibleCasesSql(visible: Prisma.CaseWhereInput): VisibleCasesSql {
  const keys = Object.keys(visible).sort().join(',')
  if (
    keys === 'id' &&
    Array.isArray((visible.id as { in?: unknown })?.in) &&
    (visible.id as { in: unknown[] }).in.length === 0
  )
    return { kind: 'none' }
  if (typeof visible.teamId === 'string') {
    const teamId = visible.teamId
    if (keys === 'teamId') return { kind: 'team', teamId, sql: Prisma.sql`c."teamId" = ${teamId}` }
    const [own, shared, ...rest] = Array.isArray(visible.OR) ? visible.OR : []
    const ids = (own?.counsellorId as { in?: unknown } | undefined)?.in
    if (
      keys === 'OR,teamId' &&
      rest.length === 0 &&
      own &&
      Object.keys(own).join(',') === 'counsellorId' &&
      Array.isArray(ids) &&
      ids.length > 0 &&
      ids.every((id) => typeof id === 'string') &&
      shared &&
      Object.keys(shared).join(',') === 'sharedForSubstitution' &&
      shared.sharedForSubstitution === true
    )
      return {
        kind: 'team',
        teamId,
        sql: Prisma.sql`c."teamId" = ${teamId} AND (c."counsellorId" IN (${Prisma.join(ids as string[])}) OR c."sharedForSubstitution" = 1)`,
      }
  }
  throw new Error(`visibleCasesSql: unsupported case filter ${JSON.stringify(visible)}`)
}
