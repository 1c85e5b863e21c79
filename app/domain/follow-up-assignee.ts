// Who an open follow-up may be for (decision 203, docs/data-model.md "Who a follow-up is for"), as SQL text over a
// person's and a case's columns, written once for the writers that re-home follow-ups, the migration's test, the
// generator's test and the walk through a case's year. It is the access policy's `read` (access-policy.ts) without
// the ties that end on their own — an emergency grant and a dated absence: the case's counsellor, a team lead of the
// case's team, or a counsellor of the team when the case is shared for substitution; active, and not an
// administrator.

/**
 * The person (`user`, an alias of "User") may read the case (`kase`, an alias of "Case") for good. Never NULL for a
 * person row that exists (`IS` compares with a case without a counsellor), so `NOT` of it is safe.
 */
export function mayHoldFollowUpSql(user: string, kase: string) {
  return `(${user}."active" = 1 AND ${user}."teamId" = ${kase}."teamId" AND ${user}."role" IN ('COUNSELLOR', 'TEAM_LEAD')
    AND (${user}."id" IS ${kase}."counsellorId" OR ${user}."role" = 'TEAM_LEAD' OR ${kase}."sharedForSubstitution" = 1))`
}

/**
 * The open follow-ups of cases not closed that break the rule: assigned to someone who may not hold them, or
 * unassigned on a case that has a counsellor. Rows: the follow-up's id, its case and assignee.
 */
export const FOLLOW_UPS_NOBODY_SHOULD_HOLD_SQL = `
  SELECT f."id", f."caseId", f."assigneeId"
  FROM "FollowUp" f
    JOIN "Case" c ON c."id" = f."caseId"
    LEFT JOIN "User" u ON u."id" = f."assigneeId"
  WHERE f."doneAt" IS NULL AND c."status" <> 'CLOSED'
    AND (CASE WHEN f."assigneeId" IS NULL THEN c."counsellorId" IS NOT NULL ELSE NOT COALESCE(${mayHoldFollowUpSql('u', 'c')}, 0) END)
  ORDER BY f."id"`
