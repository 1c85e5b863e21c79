import { type Actor } from '#app/domain/access-policy.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { visibleCasesWhere } from '#app/models/case-access.server.ts'
import { visibleCasesSql } from '#app/models/case-visibility-sql.server.ts'
import { ALL_NOTICE_KINDS } from '#app/models/privacy-notice.server.ts'
import { readRows } from '#app/utils/db.server.ts'

export type StartPageCounts = {
  /** the actor's own open cases, through the same need-to-know filter as the case list */
  openCases: number
  /** unread privacy and access notices (privacy-notice.server.ts) */
  privacyNotices: number
  /** the team's open cases without a counsellor (a counsellor's start page; 0 for other roles) */
  waitingInTeam: number
  /** open transfer requests for the team's cases (a team lead's start page; 0 for other roles) */
  handoverRequests: number
  /** unread answers to the actor's transfer requests */
  handoverAnswers: number
}

/**
 * The start page's five figures in one statement: the ORM counted each with a statement of its own,
 * and every ORM call compiles its query (≈ 0.3 ms CPU for a one-table count against ≈ 0.15 ms for a
 * raw statement; docs/performance.md, session 11). Each figure is a subquery on the index the ORM's
 * count used; the need-to-know filter of the open cases is visibleCasesSql's, as in getMyFollowUps.
 */
export async function getStartPageCounts(actor: Actor): Promise<StartPageCounts> {
  const visible = visibleCasesSql(await visibleCasesWhere(actor))
  const zero = Prisma.sql`0`
  // When the filter lets every case of its team through whose counsellor is the actor (a team lead's
  // filter is the team; a counsellor's names the actor among its counsellors), the actor's open cases
  // are counted from the index alone (notClosedCount): `sharedForSubstitution`, not in the index, is
  // not read — the busiest counsellor's 272 open cases were 272 look-ups in the case table (session 25).
  const openCases =
    visible.kind === 'none'
      ? zero
      : visible.counsellorIds === null || visible.counsellorIds.includes(actor.id)
        ? notClosedCount(visible.teamId, Prisma.sql`= +${actor.id}`)
        : // The index named: with the values unplanned (`+?`) and statistics of a small table, SQLite
          // scanned a covering index of every case instead (daily-page-statements test).
          Prisma.sql`(SELECT COUNT(*) FROM "Case" c INDEXED BY "Case_teamId_counsellorId_status_openedAt_id_kind_programme_idx"
          WHERE ${visible.sql} AND c."counsellorId" = +${actor.id} AND c."status" <> 'CLOSED')`
  const waitingInTeam = actor.role === 'COUNSELLOR' ? notClosedCount(actor.teamId, Prisma.sql`IS NULL`) : zero
  // A request counts for the team that holds the case now (a case moved on is not the lead's to decide).
  const handoverRequests =
    actor.role === 'TEAM_LEAD'
      ? // CROSS JOIN keeps the team's open requests first: with the values unplanned (`+?`) and
        // statistics of a small table, SQLite started from the team's cases instead.
        Prisma.sql`(SELECT COUNT(*) FROM "HandoverRequest" h CROSS JOIN "Case" c ON c."id" = h."caseId"
          WHERE h."fromTeamId" = +${actor.teamId} AND h."status" = 'OPEN' AND c."teamId" = +${actor.teamId})`
      : zero
  // Straight from the connection (decision 067): the counts arrive as bigint. Every value is bound as
  // `+?` (decision 146): the planner reads none, so SQLite compiles the statement once.
  const [row] = await readRows<Record<keyof StartPageCounts, bigint>[]>`
    SELECT ${openCases} AS "openCases",
      (SELECT COUNT(*) FROM "Notification" n
        WHERE n."userId" = +${actor.id} AND n."kind" IN (${Prisma.join(ALL_NOTICE_KINDS, ', +', '+')})
          AND n."readAt" IS NULL) AS "privacyNotices",
      ${waitingInTeam} AS "waitingInTeam",
      ${handoverRequests} AS "handoverRequests",
      (SELECT COUNT(*) FROM "Notification" n
        WHERE n."userId" = +${actor.id} AND n."kind" = 'HANDOVER_ANSWERED' AND n."readAt" IS NULL) AS "handoverAnswers"`
  return {
    openCases: Number(row!.openCases),
    privacyNotices: Number(row!.privacyNotices),
    waitingInTeam: Number(row!.waitingInTeam),
    handoverRequests: Number(row!.handoverRequests),
    handoverAnswers: Number(row!.handoverAnswers),
  }
}

/**
 * The team's cases not closed whose counsellor matches `counsellor` (`= +?` or `IS NULL`), counted on
 * the index (team, counsellor, status, …) as its two ranges around 'CLOSED' — the same cases as
 * `status <> 'CLOSED'` (the status is a text, never NULL), without walking the closed ones: 2,110
 * index entries for the busiest counsellor's 272 open cases. The index is named: with the values
 * unplanned (`+?`) and statistics of a small table, SQLite scanned a covering index of every case
 * instead (daily-page-statements test). With the open cases' look-ups above, ≈ 0.2 ms less of
 * SQLite's time per start page of the busiest counsellor (session 25).
 */
function notClosedCount(teamId: string, counsellor: Prisma.Sql) {
  return Prisma.sql`(${statusRangeCount(teamId, counsellor, Prisma.sql`< 'CLOSED'`)} + ${statusRangeCount(teamId, counsellor, Prisma.sql`> 'CLOSED'`)})`
}

function statusRangeCount(teamId: string, counsellor: Prisma.Sql, status: Prisma.Sql) {
  return Prisma.sql`(SELECT COUNT(*) FROM "Case" c INDEXED BY "Case_teamId_counsellorId_status_openedAt_id_kind_programme_idx"
          WHERE c."teamId" = +${teamId} AND c."counsellorId" ${counsellor} AND c."status" ${status})`
}
