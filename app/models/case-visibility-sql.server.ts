// The need-to-know filter of visibleCasesWhere (case-access.server.ts) as SQL, for the overviews
// that read with one raw statement instead of the ORM. Only the shapes visibleCasesWhere produces
// are translated; anything else throws, so the two cannot drift apart silently. Tests compare
// the raw overviews with the ORM filter for every role and relation
// (app/models/case-visibility-sql.server.test.ts).
import { Prisma } from '#app/generated/prisma/client.ts'

export type VisibleCasesSql =
  | { kind: 'none' }
  /**
   * `sql` is a condition on the case table under the alias `c`; `wholeTeam` when it is the team
   * alone (a team lead: every case of the team), not a counsellor's own and shared cases;
   * `counsellorIds` the counsellors whose cases are seen besides the shared ones (null: the whole team).
   */
  | { kind: 'team'; teamId: string; wholeTeam: boolean; counsellorIds: string[] | null; sql: Prisma.Sql }

type ParsedVisibility = { kind: 'none' } | { kind: 'team'; teamId: string; counsellorIds: string[] | null }

function parseVisibility(visible: Prisma.CaseWhereInput): ParsedVisibility {
  const keys = Object.keys(visible).sort().join(',')
  if (
    keys === 'id' &&
    Array.isArray((visible.id as { in?: unknown })?.in) &&
    (visible.id as { in: unknown[] }).in.length === 0
  )
    return { kind: 'none' }
  if (typeof visible.teamId === 'string') {
    const teamId = visible.teamId
    if (keys === 'teamId') return { kind: 'team', teamId, counsellorIds: null }
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
      return { kind: 'team', teamId, counsellorIds: ids as string[] }
  }
  throw new Error(`visibleCasesSql: unsupported case filter ${JSON.stringify(visible)}`)
}

function render(visible: ParsedVisibility, team: Prisma.Sql, counsellor: Prisma.Sql, shared: Prisma.Sql): VisibleCasesSql {
  if (visible.kind === 'none') return visible
  const { teamId, counsellorIds } = visible
  return {
    kind: 'team',
    teamId,
    wholeTeam: counsellorIds === null,
    counsellorIds,
    sql:
      // Bound as `+?` (decision 146, appendix): a plain `?` on an indexed column is read by the planner
      // (STAT4) and SQLite then compiles the whole statement anew at every run. The plans of the
      // statements that use this filter are the same with and without the values (plan tests).
      counsellorIds === null
        ? Prisma.sql`${team} = +${teamId}`
        : Prisma.sql`${team} = +${teamId} AND (${counsellor} IN (${Prisma.join(counsellorIds, ', +', '+')}) OR ${shared} = 1)`,
  }
}

export function visibleCasesSql(visible: Prisma.CaseWhereInput): VisibleCasesSql {
  return render(parseVisibility(visible), Prisma.raw('c."teamId"'), Prisma.raw('c."counsellorId"'), Prisma.raw('c."sharedForSubstitution"'))
}

/**
 * The same filter on the copies of the case's columns that Referral and LanguageMediation carry
 * (caseTeamId, caseCounsellorId, caseShared; kept by triggers), under the table alias given: the
 * overviews read one team's records from one index without looking up each record's case.
 */
export function visibleCaseCopiesSql(visible: Prisma.CaseWhereInput, alias: 'r' | 'm'): VisibleCasesSql {
  return render(
    parseVisibility(visible),
    Prisma.raw(`${alias}."caseTeamId"`),
    Prisma.raw(`${alias}."caseCounsellorId"`),
    Prisma.raw(`${alias}."caseShared"`),
  )
}
