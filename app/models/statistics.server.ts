// The annual statistics' queries (docs/statistics.md is the specification; rule numbers R… refer
// to it), settings, frozen years and the published tables of a year. Aggregating SQL only: no identity
// key, no free text and no row per person ever leaves the database.
import { officeYear } from '#app/domain/follow-up.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { PROGRAMMES } from '#app/domain/codes.ts'
import {
  referralOutcome,
  type AgeBand,
  type Labelled,
  type MediationSection,
  type StatisticsAggregates,
  type StayBand,
} from '#app/domain/statistics/aggregates.ts'
import { publishStatistics, type PublishedTable } from '#app/domain/statistics/present.ts'
import { DEFAULT_K, isValidK, SUPPRESSION_METHODS, type SuppressionMethod, type SuppressionRule } from '#app/domain/statistics/suppression.ts'
import { FIRST_YEAR, scopeKey, type FrozenInfo, type StatisticsScope } from '#app/domain/statistics/scope.ts'
import { audit } from '#app/utils/audit.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { largeReads, type ReadStatement } from '#app/utils/read-worker.server.ts'
import { officeDaySql, officeYearStart } from './office-calendar.server.ts'
import { publishWithSolver } from '#app/utils/lp-solver.server.ts'

export const K_SETTING = 'statistics.k'
export const METHOD_SETTING = 'statistics.method'

/**
 * R1: the first instant of the office's year Y in Prisma's text form of a DateTime, so that bounds
 * compare with stored values as text; it serves calendar days and instants alike.
 */
const isoBound = officeYearStart

type Row = { dim: string; a: string | null; b: string | null; n: bigint | number | null; m: number | bigint | null; x: number | bigint | null }

const num = (value: bigint | number | null | undefined) => (value === null || value === undefined ? 0 : Number(value))

/** R16: a median row holds the sum (m) of its one or two middle values (x) and the count (n). */
function medianOf(row: Row | undefined) {
  return row && num(row.n) > 0 && num(row.x) > 0 ? { median: num(row.m) / num(row.x), n: num(row.n) } : { median: null, n: 0 }
}

/**
 * R18: the group sessions of Y credited to the scope, each once: sessions (n), minutes (m),
 * participant cases (x, rows also of erased cases) and anonymous participants (a). A query of its
 * own beside the main statement: sessions are not contacts and touch none of its figures.
 */
export function groupSessionsQuery(year: number, scope: StatisticsScope) {
  return Prisma.sql`SELECT count(*) AS n, coalesce(sum(g.durationMinutes), 0) AS m,
    coalesce(sum((SELECT count(*) FROM "GroupSessionParticipant" gp WHERE gp.groupSessionId = g.id)), 0) AS x,
    coalesce(sum(g.anonymousParticipants), 0) AS a
  FROM "GroupSession" g
  WHERE g.date >= ${isoBound(year)} AND g.date < ${isoBound(year + 1)}
    AND (${scope.teamId} IS NULL OR g.teamId = ${scope.teamId}) AND (${scope.programme} IS NULL OR g.programme = ${scope.programme})`
}

/**
 * The one statistics query: the cases of the year (R2) with their team (R3) and programme (R4)
 * materialised once, then every aggregate as rows of (dim, a, b, n, m, x) in a UNION ALL.
 * Exported so that the benchmark runs exactly this SQL through the plain driver.
 *
 * Shaped for cost (docs/performance.md, "Annual statistics"): the cases of the year and their
 * per-case facts (first contact of Y, R6, R2a, R4) are the rows of the trigger-kept facts
 * `CaseYear` (decision 047; their definitions are the migration's backfill and the recount in
 * tests/case-year.test.ts), the few transfers after Y are read once instead of per case, the
 * year's contacts are read index-only case by case, and topics are counted from one row per
 * (case, topic), read from the trigger-kept facts `CaseTopicYear` (decision 044).
 * R17's day-by-day credit (`credited`) runs only for the few cases transferred since the start of
 * Y (`moved`) or with a programme change inside Y (`programmeChanged`); every other case's work
 * has one team and one programme all year.
 *
 * A new work figure: a CTE of its items from `wc` filtered by `credited(<its date>)` (as `rf` and
 * `md`), added to `worked` if it makes a case one with work, and a `UNION ALL` row with its own
 * `dim` below, read by `computeAggregates`. A new case or person figure: a row over `scoped`.
 */
export function statisticsQuery(year: number, scope: StatisticsScope): Prisma.Sql {
  const { ctes, main } = statisticsParts(year, scope)
  return Prisma.sql`WITH\n${Prisma.join(ctes.map(cteSql), ',\n')}\n${Prisma.join(main, 'UNION ALL ')}`
}

/**
 * The same query as a read worker runs it (decision 057): every `MATERIALIZED` CTE becomes a
 * temporary table, created before the final SELECT in the same read transaction, and the final
 * SELECT reads them. SQLite gives each materialised CTE (an ephemeral B-tree) a page cache of the
 * driver's compiled-in 16 MB, so a CTE below that stays wholly in the thread's memory whatever
 * `cache_size` says; a temporary table lives in the connection's temp database, whose page cache
 * `temp.cache_size` bounds, and spills to a temporary file beyond it. The rows are the same (the
 * same SQL; a table created from a SELECT keeps its columns' names and affinities); the statement's
 * peak memory falls (docs/performance.md, "Memory", session 9).
 */
export function statisticsScript(year: number, scope: StatisticsScope): ReadStatement {
  const { ctes, main } = statisticsParts(year, scope)
  const inline: Cte[] = []
  const prelude: ReadStatement[] = []
  for (const cte of ctes) {
    if (cte.mode !== 'MATERIALIZED') {
      inline.push(cte)
      continue
    }
    // The CTEs SQLite inlines that come before it in the query, as they do there.
    const created = Prisma.sql`CREATE TEMP TABLE ${Prisma.raw(cte.name)} AS ${withClause(inline)}${cte.body}`
    prelude.push({ sql: created.sql, values: created.values })
    // SQLite looks a materialised CTE up through an automatic index; a table read by a correlated
    // sub-select it would scan per row instead, so the tables looked up by case get their index.
    if (cte.lookup) prelude.push({ sql: `CREATE INDEX temp.${cte.name}_lookup ON ${cte.name} (${cte.lookup})`, values: [] })
  }
  // The final SELECT's parts one after another, not joined by UNION ALL: SQLite keeps every sorter and
  // ephemeral B-tree of a statement (here 26 sorters and 12 B-trees: GROUP BY, count(DISTINCT), the
  // medians' windows) until the statement ends, so the one statement held them all at once (≈ 13 MB
  // more per thread at 100,000 cases); a statement per part frees each part's before the next. The
  // rows are the same and in the same order, typed by the first part's columns as the UNION ALL's
  // are (statistics.adapter.test.ts); the inline CTEs are evaluated per part as they are per reference.
  const [first, ...rest] = main.map((part) => Prisma.sql`${withClause(inline)}${part}`)
  return { sql: first!.sql, values: first!.values, prelude, followedBy: rest.map((part) => ({ sql: part.sql, values: part.values })) }
}

type CteMode = 'MATERIALIZED' | 'NOT MATERIALIZED' | ''
/** `lookup`: the columns by which other parts look the CTE's rows up (an index on its temporary table). */
type Cte = { name: string; mode: CteMode; body: Prisma.Sql; lookup?: string }

function cteSql(cte: Cte) {
  return Prisma.sql`${Prisma.raw(cte.name)} AS ${Prisma.raw(cte.mode ? `${cte.mode} ` : '')}(${cte.body})`
}

function withClause(ctes: Cte[]) {
  return ctes.length ? Prisma.sql`WITH\n${Prisma.join(ctes.map(cteSql), ',\n')}\n` : Prisma.empty
}

function statisticsParts(year: number, scope: StatisticsScope): { ctes: Cte[]; main: Prisma.Sql[] } {
  const ys = isoBound(year)
  const ye = isoBound(year + 1)
  // R1: the German calendar day of an instant (openings, transfers, programme changes); calendar
  // days (contacts, referrals, mediations) are compared as their stored day. The programme facts of
  // the year are CaseYear's (its triggers apply the same rule).
  const validFromDay = officeDaySql(Prisma.raw('p.validFrom'))
  const team = scope.teamId
  const programme = scope.programme
  // R17: is a work item of case w (a row of wc) dated `date` credited to the scope? The team on a
  // day is the source team of the first completed transfer on or after that calendar day, else the
  // current team; the programme is the period in force on that day (R4's fallbacks).
  const credited = (date: Prisma.Sql) => Prisma.sql`(${team} IS NULL OR NOT w.moved OR coalesce(
      (SELECT trs.fromTeamId FROM trs WHERE trs.caseId = w.caseId AND trs.day >= substr(${date}, 1, 10) ORDER BY trs.at LIMIT 1),
      w.currentTeam) = ${team})
    AND (${programme} IS NULL OR NOT w.programmeChanged OR coalesce(
      (SELECT p.programme FROM "ProgrammePeriod" p WHERE p.caseId = w.caseId AND ${validFromDay} <= substr(${date}, 1, 10) ORDER BY p.validFrom DESC LIMIT 1),
      (SELECT p.programme FROM "ProgrammePeriod" p WHERE p.caseId = w.caseId ORDER BY p.validFrom LIMIT 1),
      w.currentProgramme) = ${programme})`
  const ctMaterialized: CteMode = team === null && programme === null ? 'NOT MATERIALIZED' : 'MATERIALIZED'
  // R18: the case took part in a group session of Y credited to the scope (the session's own team and programme).
  const groupCredited = (caseId: Prisma.Sql) => Prisma.sql`EXISTS (SELECT 1 FROM "GroupSessionParticipant" gp
      CROSS JOIN "GroupSession" g ON g.id = gp.groupSessionId WHERE gp.caseId = ${caseId} AND g.date >= ${ys} AND g.date < ${ye}
      AND (${team} IS NULL OR g.teamId = ${team}) AND (${programme} IS NULL OR g.programme = ${programme}))`
  // A scope without a team (resp. programme) reads no figure that depends on `moved` (resp. the
  // programme facts): every use is guarded by "team (programme) IS NULL OR …", and the split of
  // `worked` by them counts the same cases either way (a case with a contact of Y counts in both
  // parts). So the transfer test runs only for a team scope (≈ 80 ms of the organisation's 2025
  // statement; docs/performance.md), and only a programme scope takes the programme facts, so
  // that the others keep every case with a contact of Y in the cheap first part of `worked`.
  const teamFacts = team === null ? Prisma.raw('0') : Prisma.sql`c.id IN (SELECT caseId FROM trs)`
  const programmeFacts =
    programme === null
      ? Prisma.raw('0 AS programmeChanged, NULL AS yearProgramme, NULL AS programme')
      : Prisma.raw('f.programmeChanged, f.yearProgramme, f.programme')
  const ctes: Cte[] = [
    {
      name: 'trs',
      mode: 'MATERIALIZED',
      lookup: 'caseId, at',
      body: Prisma.sql`
  -- R17: the completed transfers dated on or after 1 January of Y, with their calendar day (few rows).
  SELECT caseId, fromTeamId, coalesce(completedAt, at) AS at, ${officeDaySql(Prisma.raw('coalesce(completedAt, at)'))} AS day
  FROM "Transfer" WHERE status = 'DONE' AND coalesce(completedAt, at) >= ${ys}
`,
    },
    {
      name: 'tr',
      mode: 'MATERIALIZED',
      lookup: 'caseId',
      body: Prisma.sql`
  -- R3: the source team of each case's first completed transfer after the end of Y.
  SELECT caseId, fromTeamId, min(at) AS at FROM trs WHERE at >= ${ye} GROUP BY caseId
`,
    },
    {
      name: 'cy',
      mode: 'MATERIALIZED',
      body: Prisma.sql`
  -- R2: the cases of the year are the rows of the facts (decision 047, kept by triggers on every
  -- write); each brings its first contact of Y, R6's closure and reason, R2a and R4's programme
  -- facts, so a case costs one fact row and its case row instead of about 8 look-ups. A team scope can
  -- only hold, or have worked on, its own cases and cases transferred since the start of Y.
  SELECT c.id AS caseId, c.rowid AS caseRow, c.clientId, c.kind, c.startPlace, c.openedAt, c.familyMembersCounselled AS family,
    coalesce(tr.fromTeamId, c.teamId) AS teamId, f.firstContact, c.teamId AS currentTeam, c.programme AS currentProgramme,
    -- R17: only a case transferred since the start of Y or with a programme change inside Y needs
    -- the team or programme per work item; for all others one value holds for the whole year.
    ${teamFacts} AS moved,
    ${programmeFacts},
    f.closedInYear, f.reasonId, f.closureOnly
  FROM "CaseYear" f CROSS JOIN "Case" c ON c.id = f.caseId
  LEFT JOIN tr ON tr.caseId = f.caseId
  WHERE f.year = ${year} AND (${team} IS NULL OR c.teamId = ${team} OR c.id IN (SELECT caseId FROM trs))
`,
    },
    {
      name: 'scoped',
      mode: '',
      body: Prisma.sql`
  SELECT * FROM cy WHERE (${team} IS NULL OR teamId = ${team}) AND (${programme} IS NULL OR programme = ${programme})
`,
    },
    {
      name: 'wc',
      mode: '',
      body: Prisma.sql`
  -- R17: the cases of the year that can have work credited to the scope
  SELECT caseId, caseRow, firstContact, moved, programmeChanged, currentTeam, currentProgramme FROM cy
  WHERE (${team} IS NULL OR moved OR currentTeam = ${team})
    AND (${programme} IS NULL OR programmeChanged OR coalesce(yearProgramme, programme) = ${programme})
`,
    },
    {
      name: 'cl',
      mode: '',
      body: Prisma.sql`
  SELECT clientId, coalesce(substr(min(firstContact), 1, 10), ${officeDaySql(Prisma.raw('min(openedAt)'))}) AS refDay FROM scoped GROUP BY clientId
`,
    },
    {
      name: 'persons0',
      mode: '',
      body: Prisma.sql`
  SELECT cli.gender, ${year} - cli.birthYear AS age, coalesce(cli.nationality, 'XU') AS nationality,
    coalesce(d.code, 'UNKNOWN') AS district,
    coalesce(
      (SELECT ce."group" FROM "ResidenceStatusEntry" r JOIN "CatalogueEntry" ce ON ce.id = r.statusId
        WHERE r.clientId = cl.clientId AND substr(r.validFrom, 1, 10) <= cl.refDay ORDER BY r.validFrom DESC LIMIT 1),
      (SELECT ce."group" FROM "ResidenceStatusEntry" r JOIN "CatalogueEntry" ce ON ce.id = r.statusId
        WHERE r.clientId = cl.clientId ORDER BY r.validFrom LIMIT 1),
      'UNKNOWN') AS residence,
    CASE WHEN cli.arrivalMonth IS NULL OR length(cli.arrivalMonth) < 7 THEN NULL ELSE
      (CAST(substr(cl.refDay, 1, 4) AS INTEGER) * 12 + CAST(substr(cl.refDay, 6, 2) AS INTEGER))
      - (CAST(substr(cli.arrivalMonth, 1, 4) AS INTEGER) * 12 + CAST(substr(cli.arrivalMonth, 6, 2) AS INTEGER)) END AS months
  FROM cl JOIN "Client" cli ON cli.id = cl.clientId LEFT JOIN "CatalogueEntry" d ON d.id = cli.districtId
`,
    },
    {
      name: 'persons',
      mode: 'MATERIALIZED',
      body: Prisma.sql`
  SELECT gender, nationality, district, residence,
    CASE WHEN age < 12 THEN '0-11' WHEN age < 18 THEN '12-17' WHEN age < 27 THEN '18-26' WHEN age < 35 THEN '27-34'
      WHEN age < 45 THEN '35-44' WHEN age < 55 THEN '45-54' WHEN age < 65 THEN '55-64' ELSE '65+' END AS band,
    CASE WHEN months IS NULL OR months < 0 THEN 'UNKNOWN' WHEN months < 12 THEN 'LT1' WHEN months <= 36 THEN '1TO3' ELSE 'GT3' END AS stay
  FROM persons0
`,
    },
    {
      name: 'ct',
      mode: ctMaterialized,
      body: Prisma.sql`
  -- CROSS JOIN: case by case through Contact_statistics_idx (index-only), never the other way round.
  -- A team or programme reads it twice (topics and contacts by mode), so it is stored once; the
  -- organisation reads it only for the topics and counts its contacts from the mode index.
  SELECT k.id, w.caseRow, k.mode, k.setting, k.durationMinutes, k.interpreting
  FROM wc w CROSS JOIN "Contact" k ON k.caseId = w.caseId WHERE k.date >= ${ys} AND k.date < ${ye} AND ${credited(Prisma.sql`k.date`)}
`,
    },
    {
      name: 'pairs',
      mode: 'MATERIALIZED',
      body: Prisma.sql`
  -- one row per (case, topic) with its mentions: both topic figures are counted from these. A case
  -- whose work of Y is all credited to the scope reads its facts (CaseTopicYear, kept by triggers
  -- on every write, decision 044); only the few moved or programme-changed cases of a team or
  -- programme scope count their credited contacts one by one.
  SELECT w.caseRow, f.topicId, f.mentions AS n
  FROM wc w CROSS JOIN "CaseTopicYear" f ON f.year = ${year} AND f.caseId = w.caseId
  WHERE (${team} IS NULL OR NOT w.moved) AND (${programme} IS NULL OR NOT w.programmeChanged)
  UNION ALL
  SELECT w.caseRow, tp.topicId, count(*)
  FROM wc w CROSS JOIN "Contact" k ON k.caseId = w.caseId CROSS JOIN "ContactTopic" tp ON tp.contactId = k.id
  WHERE NOT ((${team} IS NULL OR NOT w.moved) AND (${programme} IS NULL OR NOT w.programmeChanged))
    AND k.date >= ${ys} AND k.date < ${ye} AND ${credited(Prisma.sql`k.date`)}
  GROUP BY w.caseRow, tp.topicId
`,
    },
    {
      name: 'pl',
      mode: 'MATERIALIZED',
      body: Prisma.sql`
  -- the plans of the cases in scope (at most one per case: CasePlan.caseId is unique)
  SELECT s.kind, p.createdAt, p.closedAt FROM scoped s CROSS JOIN "CasePlan" p ON p.caseId = s.caseId
`,
    },
    {
      name: 'rf',
      mode: 'MATERIALIZED',
      lookup: 'caseRow',
      body: Prisma.sql`
  SELECT w.caseRow, r.kind,
    coalesce((SELECT t.toStatus FROM "ReferralTransition" t WHERE t.referralId = r.id AND t.at < ${ye} ORDER BY t.at DESC LIMIT 1), r.status) AS status,
    -- whole calendar days as integers: the medians below are returned as integer sums (R16)
    CAST(round(julianday(substr(r.clearingAt, 1, 10)) - julianday(substr(r.sentAt, 1, 10))) AS INTEGER) AS toClearing,
    CAST(round(julianday(substr(r.admittedAt, 1, 10)) - julianday(substr(r.sentAt, 1, 10))) AS INTEGER) AS toAdmission
  FROM wc w CROSS JOIN "Referral" r ON r.caseId = w.caseId WHERE r.sentAt >= ${ys} AND r.sentAt < ${ye} AND ${credited(Prisma.sql`r.sentAt`)}
`,
    },
    {
      name: 'md',
      mode: 'MATERIALIZED',
      lookup: 'caseRow',
      body: Prisma.sql`
  SELECT w.caseRow, m.languageCode, m.mode, m.providerKind, coalesce(m.costBearer, 'UNKNOWN') AS bearer,
    coalesce(m.billedMinutes, 0) AS minutes, coalesce(m.costCents, 0) AS cost
  FROM wc w CROSS JOIN "LanguageMediation" m ON m.caseId = w.caseId
  WHERE m.status IN ('DONE', 'INVOICED') AND m.performedAt >= ${ys} AND m.performedAt < ${ye} AND ${credited(Prisma.sql`m.performedAt`)}
`,
    },
    {
      name: 'worked',
      mode: '',
      body: Prisma.sql`
  -- the cases with work credited to the scope (cases-with-work). A case of wc with one team and
  -- programme all year has all its work credited, so any contact of Y makes it count; the others
  -- (moved, programme changed, or without a contact) need a credited contact, referral or mediation.
  SELECT caseRow FROM wc WHERE firstContact IS NOT NULL AND NOT moved AND NOT programmeChanged
  UNION ALL
  SELECT w.caseRow FROM wc w WHERE (w.firstContact IS NULL OR w.moved OR w.programmeChanged) AND (
    (w.firstContact IS NOT NULL AND EXISTS (SELECT 1 FROM "Contact" k WHERE k.caseId = w.caseId AND k.date >= ${ys} AND k.date < ${ye} AND ${credited(Prisma.sql`k.date`)}))
    OR EXISTS (SELECT 1 FROM rf WHERE rf.caseRow = w.caseRow)
    OR EXISTS (SELECT 1 FROM md WHERE md.caseRow = w.caseRow)
    OR ${groupCredited(Prisma.sql`w.caseId`)})
  -- R18: a case of the year outside wc (no other work can be credited to the scope) counts with a
  -- participation in a group session credited to the scope; disjoint from the parts above
  UNION ALL
  SELECT y.caseRow FROM cy y WHERE NOT ((${team} IS NULL OR y.moved OR y.currentTeam = ${team})
      AND (${programme} IS NULL OR y.programmeChanged OR y.yearProgramme = ${programme}))
    AND ${groupCredited(Prisma.sql`y.caseId`)}
`,
    },
    {
      name: 'firstDays',
      mode: 'MATERIALIZED',
      body: Prisma.sql`
  SELECT CAST(round(julianday(substr((SELECT min(k.date) FROM "Contact" k WHERE k.caseId = s.caseId), 1, 10)) - julianday(${officeDaySql(Prisma.raw('s.openedAt'))})) AS INTEGER) AS days
  FROM scoped s WHERE s.openedAt >= ${ys}
`,
    },
  ]
  // The final SELECT's parts, one row set each: joined by UNION ALL into one statement
  // (statisticsQuery), or one statement after another in a read worker (statisticsScript).
  const main = [
    Prisma.sql`
SELECT 'cases' AS dim, NULL AS a, NULL AS b, count(*) AS n, sum(openedAt >= ${ys}) AS m, sum(closedInYear) AS x FROM scoped
`,
    Prisma.sql`
-- R2a: cases whose only activity in Y was their closure (a fact of the case's year)
SELECT 'cases.closure-only', NULL, NULL, sum(closureOnly), NULL, NULL FROM scoped
`,
    Prisma.sql`
SELECT 'cases.worked', NULL, NULL, count(*), NULL, NULL FROM worked
`,
    Prisma.sql`
SELECT 'clients', NULL, NULL, count(DISTINCT clientId), sum(family), NULL FROM scoped
`,
    Prisma.sql`
SELECT 'cases.kind', NULL, NULL, sum(kind = 'CASE_MANAGEMENT'), sum(openedAt >= ${ys} AND startPlace = 'EAE'),
  (SELECT count(*) FROM pl WHERE pl.kind = 'CASE_MANAGEMENT' AND pl.createdAt < ${ye}) FROM scoped
`,
    Prisma.sql`
SELECT 'plans.closed', NULL, NULL, count(*), NULL, NULL FROM pl WHERE closedAt >= ${ys} AND closedAt < ${ye}
`,
    Prisma.sql`
SELECT 'gender-age', gender, band, count(*), NULL, NULL FROM persons GROUP BY gender, band
`,
    Prisma.sql`
SELECT 'nationality', nationality, NULL, count(*), NULL, NULL FROM persons GROUP BY nationality
`,
    Prisma.sql`
SELECT 'residence', residence, NULL, count(*), NULL, NULL FROM persons GROUP BY residence
`,
    Prisma.sql`
SELECT 'stay', stay, NULL, count(*), NULL, NULL FROM persons GROUP BY stay
`,
    Prisma.sql`
SELECT 'district', district, NULL, count(*), NULL, NULL FROM persons GROUP BY district
`,
    Prisma.sql`
SELECT 'contacts', mode, setting, sum(n), sum(m), sum(x) FROM (
  -- The year's contacts in (mode, setting) order from Contact_statistics_mode_idx (a skip-scan:
  -- index-only, no sorting). Organisation: a contact of Y belongs to a case of the year exactly
  -- when its case was opened before the end of Y (R2), so all of them count except those of cases
  -- opened later, which are subtracted (found from those cases; normally none).
  SELECT k.mode, k.setting, count(*) AS n, sum(k.durationMinutes) AS m, sum(k.interpreting <> 'NONE') AS x
  FROM "Contact" k WHERE k.date >= ${ys} AND k.date < ${ye}
    AND ${team} IS NULL AND ${programme} IS NULL
  GROUP BY k.mode, k.setting
  UNION ALL
  -- a team or programme: the contacts credited to it (R17)
  SELECT mode, setting, count(*), sum(durationMinutes), sum(interpreting <> 'NONE') FROM ct
  WHERE ${team} IS NOT NULL OR ${programme} IS NOT NULL
  GROUP BY mode, setting
  UNION ALL
  SELECT k.mode, k.setting, -count(*), -sum(k.durationMinutes), -sum(k.interpreting <> 'NONE')
  FROM "Case" c CROSS JOIN "Contact" k ON k.caseId = c.id
  WHERE ${team} IS NULL AND ${programme} IS NULL AND c.openedAt >= ${ye} AND k.date >= ${ys} AND k.date < ${ye}
  GROUP BY k.mode, k.setting
) GROUP BY mode, setting HAVING sum(n) > 0
`,
    Prisma.sql`
-- pairs are distinct per (case, topic id), so count(*) per id is the number of cases; contact
-- topics are TOPIC entries (contact.server.ts), whose codes are unique, so per id = per code
SELECT 'topics', ce.code, NULL, sum(t.mentions), sum(t.cases), NULL
  FROM (SELECT topicId, sum(n) AS mentions, count(*) AS cases FROM pairs GROUP BY topicId) t
  JOIN "CatalogueEntry" ce ON ce.id = t.topicId GROUP BY ce.code
`,
    Prisma.sql`
SELECT 'topics.any', NULL, NULL, count(DISTINCT caseRow), NULL, NULL FROM pairs
`,
    Prisma.sql`
SELECT 'closure', coalesce(ce.code, 'UNKNOWN'), NULL, count(*), NULL, NULL
  FROM scoped s LEFT JOIN "CatalogueEntry" ce ON ce.id = s.reasonId WHERE s.closedInYear GROUP BY coalesce(ce.code, 'UNKNOWN')
`,
    Prisma.sql`
SELECT 'referrals', kind, status, count(*), NULL, NULL FROM rf GROUP BY kind, status
`,
    Prisma.sql`
-- Medians (R16) as n = number of values, m = sum of the middle value(s), x = how many middle values
-- (1 or 2), all integers: the driver types each column of this UNION ALL by its first row, and a
-- fractional median (avg) in a column typed as integer lost its .5 (statistics.adapter.test.ts).
SELECT 'wait.clearing', kind, NULL, max(cnt), sum(v), count(*) FROM (
  SELECT kind, toClearing AS v, row_number() OVER (PARTITION BY kind ORDER BY toClearing) AS rn, count(*) OVER (PARTITION BY kind) AS cnt
  FROM rf WHERE toClearing IS NOT NULL) WHERE rn IN ((cnt + 1) / 2, (cnt + 2) / 2) GROUP BY kind
`,
    Prisma.sql`
SELECT 'wait.clearing', NULL, NULL, max(cnt), sum(v), count(*) FROM (
  SELECT toClearing AS v, row_number() OVER (ORDER BY toClearing) AS rn, count(*) OVER () AS cnt
  FROM rf WHERE toClearing IS NOT NULL) WHERE rn IN ((cnt + 1) / 2, (cnt + 2) / 2)
`,
    Prisma.sql`
SELECT 'wait.admission', kind, NULL, max(cnt), sum(v), count(*) FROM (
  SELECT kind, toAdmission AS v, row_number() OVER (PARTITION BY kind ORDER BY toAdmission) AS rn, count(*) OVER (PARTITION BY kind) AS cnt
  FROM rf WHERE toAdmission IS NOT NULL) WHERE rn IN ((cnt + 1) / 2, (cnt + 2) / 2) GROUP BY kind
`,
    Prisma.sql`
SELECT 'wait.admission', NULL, NULL, max(cnt), sum(v), count(*) FROM (
  SELECT toAdmission AS v, row_number() OVER (ORDER BY toAdmission) AS rn, count(*) OVER () AS cnt
  FROM rf WHERE toAdmission IS NOT NULL) WHERE rn IN ((cnt + 1) / 2, (cnt + 2) / 2)
`,
    Prisma.sql`
SELECT 'first-days', NULL, NULL, max(cnt), sum(v), count(*) FROM (
  SELECT days AS v, row_number() OVER (ORDER BY days) AS rn, count(*) OVER () AS cnt
  FROM firstDays WHERE days IS NOT NULL) WHERE rn IN ((cnt + 1) / 2, (cnt + 2) / 2)
`,
    Prisma.sql`
SELECT 'med.language', languageCode, NULL, count(*), sum(minutes), sum(cost) FROM md GROUP BY languageCode
`,
    Prisma.sql`
SELECT 'med.mode', mode, NULL, count(*), sum(minutes), sum(cost) FROM md GROUP BY mode
`,
    Prisma.sql`
SELECT 'med.provider', providerKind, NULL, count(*), sum(minutes), sum(cost) FROM md GROUP BY providerKind
`,
    Prisma.sql`
SELECT 'med.bearer', bearer, NULL, count(*), sum(minutes), sum(cost) FROM md GROUP BY bearer
`,
  ]
  return { ctes, main }
}

export function inquiriesQuery(year: number, teamId: string | null) {
  return Prisma.sql`SELECT count(*) AS n FROM "AnonymousInquiry" WHERE date >= ${isoBound(year)} AND date < ${isoBound(year + 1)} AND (${teamId} IS NULL OR teamId = ${teamId})`
}

async function catalogueLabels(): Promise<StatisticsAggregates['catalogues']> {
  const entries = await prisma.catalogueEntry.findMany({
    where: { catalogue: { in: ['PLACE', 'TOPIC', 'CLOSURE_REASON'] }, active: true },
    select: { catalogue: true, code: true, labelDe: true, labelEn: true, group: true },
    orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
  })
  const pick = (catalogue: string, filter: (group: string | null) => boolean = () => true): Labelled[] =>
    entries.filter((e) => e.catalogue === catalogue && filter(e.group)).map((e) => ({ code: e.code, de: e.labelDe, en: e.labelEn }))
  return {
    district: pick('PLACE', (group) => group === 'DISTRICT' || group === 'OTHER'),
    topic: pick('TOPIC'),
    closureReason: pick('CLOSURE_REASON'),
  }
}

/** Adds labels of retired catalogue entries that occur in the figures, so that frozen years keep them. */
async function labelsFor(catalogue: string, codes: string[], known: Labelled[]): Promise<Labelled[]> {
  const missing = codes.filter((code) => code !== 'UNKNOWN' && !known.some((entry) => entry.code === code))
  if (!missing.length) return known
  const extra = await prisma.catalogueEntry.findMany({ where: { catalogue, code: { in: missing } }, select: { code: true, labelDe: true, labelEn: true } })
  return [...known, ...extra.map((e) => ({ code: e.code, de: e.labelDe, en: e.labelEn }))]
}

/** Computes the unsuppressed aggregates of one year and scope from the live data. */
export async function computeAggregates(year: number, scope: StatisticsScope): Promise<StatisticsAggregates> {
  const [rows, inquiries, catalogues, [groups]] = await Promise.all([
    // In a worker thread on its own read-only connection (decision 052): the server's event loop
    // stays free, and the previous year's statement runs at the same time in a second thread.
    largeReads.query<Row>(statisticsScript(year, scope)),
    scope.programme ? Promise.resolve(null) : prisma.$queryRaw<Array<{ n: bigint }>>(inquiriesQuery(year, scope.teamId)),
    catalogueLabels(),
    prisma.$queryRaw<Array<{ n: bigint | number; m: bigint | number; x: bigint | number; a: bigint | number }>>(groupSessionsQuery(year, scope)),
  ])
  const of = (dim: string) => rows.filter((row) => row.dim === dim)
  const one = (dim: string) => of(dim)[0]
  const cases = one('cases')
  const closureOnly = one('cases.closure-only')
  const worked = one('cases.worked')
  const clients = one('clients')
  const kinds = one('cases.kind')
  const contactRows = of('contacts')
  const wait = (dim: string, kind: string | null) => medianOf(of(dim).find((r) => r.a === kind))
  const referralKinds = [...new Set(of('referrals').map((row) => row.a!))]
  const outcomes = new Map<string, number>()
  for (const row of of('referrals')) {
    const key = `${row.a}|${referralOutcome(row.b ?? '')}`
    outcomes.set(key, (outcomes.get(key) ?? 0) + num(row.n))
  }
  const firstDays = one('first-days')
  const mediation = (['language', 'mode', 'provider', 'bearer'] as MediationSection[]).flatMap((section) =>
    of(`med.${section}`).map((row) => ({ section, code: row.a ?? 'UNKNOWN', assignments: num(row.n), minutes: num(row.m), costCents: num(row.x) })),
  )
  const topics = of('topics').map((row) => ({ code: row.a!, mentions: num(row.n), cases: num(row.m) }))
  const closureReasons = of('closure').map((row) => ({ code: row.a!, cases: num(row.n) }))
  const district = of('district').map((row) => ({ code: row.a!, clients: num(row.n) }))
  return {
    version: 1,
    year,
    keyFigures: {
      clients: num(clients?.n),
      cases: num(cases?.n),
      newCases: num(cases?.m),
      continuingCases: num(cases?.n) - num(cases?.m),
      closureOnlyCases: num(closureOnly?.n),
      casesWithWork: num(worked?.n),
      closedCases: num(cases?.x),
      familyMembers: num(clients?.m),
      contacts: contactRows.reduce((sum, row) => sum + num(row.n), 0),
      minutes: contactRows.reduce((sum, row) => sum + num(row.m), 0),
      anonymousInquiries: inquiries ? num(inquiries[0]?.n) : null,
      groupSessions: { sessions: num(groups?.n), minutes: num(groups?.m), participantCases: num(groups?.x), anonymousParticipants: num(groups?.a) },
    },
    genderAge: of('gender-age').map((row) => ({ gender: row.a!, band: row.b as AgeBand, clients: num(row.n) })),
    nationality: of('nationality').map((row) => ({ code: row.a!, clients: num(row.n) })),
    residenceGroup: of('residence').map((row) => ({ group: row.a!, clients: num(row.n) })),
    durationOfStay: of('stay').map((row) => ({ band: row.a as StayBand, clients: num(row.n) })),
    district,
    contacts: contactRows.map((row) => ({ mode: row.a!, setting: row.b!, contacts: num(row.n), minutes: num(row.m) })),
    topics,
    topicCasesAny: num(one('topics.any')?.n),
    closureReasons,
    referrals: [...outcomes].map(([key, count]) => {
      const [kind, outcome] = key.split('|') as [string, ReturnType<typeof referralOutcome>]
      return { kind, outcome, referrals: count }
    }),
    referralWaits: [null, ...referralKinds].map((kind) => ({ kind, toClearing: wait('wait.clearing', kind), toAdmission: wait('wait.admission', kind) })),
    mediation,
    further: {
      contactsInterpreted: contactRows.reduce((sum, row) => sum + num(row.x), 0),
      daysToFirstContact: medianOf(firstDays),
      newCasesEae: num(kinds?.m),
      cmCases: num(kinds?.n),
      cmCasesWithPlan: num(kinds?.x),
      plansClosed: num(one('plans.closed')?.n),
    },
    catalogues: {
      district: await labelsFor('PLACE', district.map((d) => d.code), catalogues.district),
      topic: await labelsFor('TOPIC', topics.map((d) => d.code), catalogues.topic),
      closureReason: await labelsFor('CLOSURE_REASON', closureReasons.map((d) => d.code), catalogues.closureReason),
    },
  }
}

// ---------------------------------------------------------------- rule in force

export async function getSuppressionRule(): Promise<SuppressionRule> {
  const settings = await prisma.setting.findMany({ where: { key: { in: [K_SETTING, METHOD_SETTING] } }, select: { key: true, value: true } })
  const k = Number(settings.find((s) => s.key === K_SETTING)?.value)
  const method = settings.find((s) => s.key === METHOD_SETTING)?.value
  return {
    k: isValidK(k) ? k : DEFAULT_K,
    method: (SUPPRESSION_METHODS as readonly string[]).includes(method ?? '') ? (method as SuppressionMethod) : 'suppress',
  }
}

export async function setSuppressionRule(rule: SuppressionRule, userId: string) {
  if (!isValidK(rule.k) || !SUPPRESSION_METHODS.includes(rule.method)) throw new Error('Invalid suppression rule')
  await prisma.$transaction(async (tx) => {
    for (const [key, value] of [[K_SETTING, String(rule.k)], [METHOD_SETTING, rule.method]] as const) {
      await tx.setting.upsert({ where: { key }, update: { value }, create: { key, value } })
    }
    await audit({ userId, action: 'statistics.settings', entity: 'setting', entityId: K_SETTING, details: { k: rule.k, method: rule.method } }, tx)
  })
}

// ---------------------------------------------------------------- frozen years

type SnapshotData = { aggregates: StatisticsAggregates; previous: StatisticsAggregates; frozenByName: string | null }
type YearFigures = { aggregates: StatisticsAggregates; previous: StatisticsAggregates | null; frozen: FrozenInfo | null }

async function readSnapshot(year: number, scope: StatisticsScope) {
  const snapshot = await prisma.statisticsSnapshot.findUnique({
    where: { year_scopeKey: { year, scopeKey: scopeKey(scope) } },
    select: { data: true, frozenAt: true },
  })
  return snapshot ? { data: JSON.parse(snapshot.data) as SnapshotData, frozenAt: snapshot.frozenAt } : null
}

/** A year's aggregates: from its snapshot when frozen (with the comparison year stored alongside), else live. */
export async function getAggregates(year: number, scope: StatisticsScope): Promise<YearFigures> {
  const snapshot = await readSnapshot(year, scope)
  if (snapshot) return frozenFigures(snapshot)
  return { aggregates: await computeAggregates(year, scope), previous: null, frozen: null }
}

function frozenFigures(snapshot: NonNullable<Awaited<ReturnType<typeof readSnapshot>>>): YearFigures {
  return { aggregates: snapshot.data.aggregates, previous: snapshot.data.previous, frozen: { at: snapshot.frozenAt.toISOString(), byName: snapshot.data.frozenByName } }
}

/** Every scope a page or export can ask for: the organisation and each team, alone and per programme. */
async function allScopes(): Promise<StatisticsScope[]> {
  const teams = await prisma.team.findMany({ select: { id: true }, orderBy: { name: 'asc' } })
  return [null, ...teams.map((team) => team.id)].flatMap((teamId) => [null, ...PROGRAMMES].map((programme) => ({ teamId, programme })))
}

export function isFreezableYear(year: number, now = new Date()) {
  return year < officeYear(now)
}

/** Year closing (docs/statistics.md §10): store the unsuppressed aggregates of every scope. */
export async function freezeYear(year: number, user: { id: string; displayName: string }) {
  if (!isFreezableYear(year)) throw new Error('Only a finished year can be frozen')
  const scopes = await allScopes()
  const computed: Array<{ scope: StatisticsScope; aggregates: StatisticsAggregates; previous: StatisticsAggregates }> = []
  for (const scope of scopes) {
    // The comparison column is frozen with the year, so that the whole page stays as published.
    const previous = (await getAggregates(year - 1, scope)).aggregates
    computed.push({ scope, aggregates: await computeAggregates(year, scope), previous })
  }
  await prisma.$transaction(async (tx) => {
    await tx.statisticsSnapshot.deleteMany({ where: { year } })
    for (const { scope, aggregates, previous } of computed) {
      const data: SnapshotData = { aggregates, previous, frozenByName: user.displayName }
      await tx.statisticsSnapshot.create({ data: { year, scopeKey: scopeKey(scope), teamId: scope.teamId, data: JSON.stringify(data), frozenById: user.id } })
    }
    await audit({ userId: user.id, action: 'statistics.freeze', entity: 'statistics', entityId: String(year), details: { year, scopes: computed.length } }, tx)
  })
  return computed.length
}

export async function reopenYear(year: number, userId: string) {
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.statisticsSnapshot.deleteMany({ where: { year } })
    await audit({ userId, action: 'statistics.reopen', entity: 'statistics', entityId: String(year), details: { year, scopes: count } }, tx)
  })
}

/** The years offered in the filter: from the first case or frozen year (at least the last five) to the current year. */
export async function availableYears(now = new Date()): Promise<number[]> {
  const current = officeYear(now)
  const [first, snapshot] = await Promise.all([
    prisma.case.findFirst({ select: { openedAt: true }, orderBy: { openedAt: 'asc' } }),
    prisma.statisticsSnapshot.findFirst({ select: { year: true }, orderBy: { year: 'asc' } }),
  ])
  const from = Math.max(FIRST_YEAR, Math.min(first?.openedAt.getUTCFullYear() ?? current, snapshot?.year ?? current, current - 4))
  return Array.from({ length: current - from + 1 }, (_, index) => current - index)
}

// ---------------------------------------------------------------- published statistics

export type StatisticsResult = {
  year: number
  scope: StatisticsScope
  rule: SuppressionRule
  frozen: FrozenInfo | null
  tables: PublishedTable[]
}

/** The published (suppressed) tables of a year and scope, with the previous year as comparison. */
export async function loadStatistics(year: number, scope: StatisticsScope): Promise<StatisticsResult> {
  const [snapshot, rule] = await Promise.all([readSnapshot(year, scope), getSuppressionRule()])
  // A frozen year brings its comparison year along; otherwise both years are computed at once, each
  // in its own read worker (decision 052: two statements, two snapshots of the database).
  const [current, previous] = snapshot
    ? [frozenFigures(snapshot), snapshot.data.previous]
    : await Promise.all([computeAggregates(year, scope).then((aggregates) => ({ aggregates, frozen: null })), getAggregates(year - 1, scope).then((figures) => figures.aggregates)])
  // HiGHS only when the suppression meets a group it has not solved before, loaded after the read
  // threads have delivered and not kept afterwards (decision 127).
  const tables = await publishWithSolver((solver) => publishStatistics(current.aggregates, previous, rule, solver))
  return { year, scope, rule, frozen: current.frozen, tables }
}

/** The published tables for a download: the page's figures, the export audited. */
export async function exportStatistics(userId: string, format: string, year: number, scope: StatisticsScope) {
  const result = await loadStatistics(year, scope)
  await audit({ userId, action: 'statistics.export', entity: 'statistics', entityId: String(year), details: { format, year, scope: scopeKey(scope) } })
  return result
}
