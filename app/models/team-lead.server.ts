import { addDays, parseDay, today } from '#app/domain/follow-up.ts'
import { OPEN_REFERRAL_STATUSES } from '#app/domain/referral-lifecycle.ts'
import { buildWorkload, longestWaiting, waitingDays, type Counsellor, type WorkloadFigures, type WorkloadSortKey } from '#app/domain/workload.ts'
import { assignableSql, mayReceiveCase } from '#app/models/assignable.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { prisma, readRowArrays, storedDateTime, type TransactionClient } from '#app/utils/db.server.ts'

// /team leaves its rows out of a document's hydration data (decision 113). Passed on from here, a
// module the page imports already: an import of iso.server.ts of its own would give the page's
// browser build one more (empty) chunk to load.
export { inMarkupOnly } from '#app/utils/iso.server.ts'


const toDate = (value: Date | string) => (value instanceof Date ? value : new Date(value))

// /team's statements write every bound value as `+${value}` (`+?`): a value SQLite's planner cannot
// look at. With a plain `?` compared to an indexed column, SQLite (built with STAT4, as
// better-sqlite3 is) plans for the value bound and marks the statement to be prepared again at every
// binding — every run: ≈ 0.6 ms of /team's CPU per view went to parsing and planning its statements
// anew (decision 148). The unary plus changes neither the value nor its affinity; the plans are the
// ones SQLite chose with the values (`team-lead-queue-plan.server.test.ts`), and literals keep
// their statistics.

/** Today as a stored calendar day (UTC midnight of the office's day; decision 029). */
function startOfToday(now: Date) {
  return today(now).date
}

/** A case's assignment and its last 50 assignment changes (the team lead's reassignment page); audited. */
export async function getAssignmentHistory(caseId: string, actor: { id: string }) {
  const kase = await prisma.case.findUniqueOrThrow({
    where: { id: caseId },
    select: {
      version: true,
      counsellor: { select: { id: true, displayName: true } },
      assignments: {
        select: { id: true, at: true, note: true, fromUser: { select: { displayName: true } }, toUser: { select: { displayName: true } }, assignedBy: { select: { displayName: true } } },
        orderBy: { at: 'desc' },
        take: 50,
      },
    },
  })
  await audit({ userId: actor.id, action: 'assignment.read', entity: 'case', entityId: caseId, caseId })
  return kase
}

/**
 * Active counsellors and team leads of the team: the people cases can be assigned to, by name, with
 * the end of an absence running today. One statement, the absence as a subquery (the ORM read the
 * people, then their absences with a statement of its own: ≈ 1 ms of its JavaScript on every /team):
 * the latest end of the absences running today, as `MAX` (an `ORDER BY … DESC LIMIT 1` gave the same
 * value with a sorter set up per person).
 * `id` after the name only makes the order total.
 */
export async function listAssignableUsers(teamId: string, now = new Date()) {
  const users = await readRowArrays<AssignableUserRow[]>`${assignablePeople(teamId, now)}`
  return users.map(assignableUserOf)
}

/**
 * The assignable people (`listAssignableUsers`: the same filter, order and running absence) each with the number of
 * open cases /team's workload shows for them — the same sub-select on the kept counts (`CounsellorCaseCount`) as
 * `getWorkloadAndAssignable`'s, without the workload's other figures: /team/queue's assignee select names each
 * person's load (decision 225). No kept row: 0.
 */
export async function listAssignableWithOpenCases(teamId: string, now = new Date()) {
  const { day } = today(now)
  const tomorrow = storedDateTime(parseDay(addDays(day, 1))!)
  const ahead = storedDateTime(parseDay(addDays(day, ABSENCE_AHEAD_DAYS))!)
  const rows = await readRowArrays<AssignableWithOpenCasesRow[]>`${assignablePeople(
    teamId,
    now,
    Prisma.sql`,
      (SELECT SUM(CASE WHEN "status" <> 'CLOSED' THEN "n" END) FROM "CounsellorCaseCount" WHERE "teamId" = +${teamId} AND "counsellorId" = u."id") AS openCases,
      (SELECT MIN(a."startsOn") FROM "Absence" a WHERE a."userId" = u."id" AND a."startsOn" >= +${tomorrow} AND a."startsOn" <= +${ahead}) AS absentFrom`,
  )}`
  const people = []
  for (const row of rows)
    people.push({ ...assignableUserOf(row), openCases: Number(row[5] ?? 0), absentFrom: row[6] === null ? null : toDate(row[6]) })
  return people
}

/**
 * How far ahead /team/queue's assignee select names an absence that has not begun ("abwesend ab 14.12.2026"): two
 * weeks, so that a lead does not give new cases to someone whose leave starts on Monday. An absence running today
 * is named by its end ("abwesend bis …", as on /team); a person back before the next one has both.
 */
export const ABSENCE_AHEAD_DAYS = 14

/**
 * The statement of the assignable people (listAssignableUsers), with `figures` — further columns
 * per person (`u` the person), each after a comma — read in the same statement (/team's workload).
 */
function assignablePeople(teamId: string, now: Date, figures: Prisma.Sql = Prisma.empty) {
  const day = storedDateTime(startOfToday(now))
  return Prisma.sql`
    SELECT u."id", u."displayName", u."role", u."languages",
      (SELECT MAX(a."endsOn") FROM "Absence" a WHERE a."userId" = u."id" AND a."startsOn" <= +${day} AND a."endsOn" >= +${day}) AS absentUntil${figures}
    FROM "User" u
    WHERE ${assignableSql(teamId, 'u')}
    ORDER BY u."displayName" ASC, u."id" ASC`
}

const assignableUserOf = ([id, displayName, role, languages, absentUntil]: AssignableUserRow | WorkloadPersonRow | AssignableWithOpenCasesRow) => ({
  id,
  displayName,
  role,
  languages: languages.split(',').filter(Boolean),
  absentUntil: absentUntil === null ? null : toDate(absentUntil),
})

// Per row, module-level functions rather than arrows made per call: a callback made per call loses its
// optimised code at every full garbage collection and is compiled again (session 19).
function counsellorOf({ id, displayName, languages, absentUntil }: ReturnType<typeof assignableUserOf>): Counsellor {
  return { id, displayName, languages, absentUntil }
}

// The rows as arrays of their columns in the statement's order (`readRowArrays`, decision 189).
type AssignableUserRow = [id: string, displayName: string, role: string, languages: string, absentUntil: Date | string | null]

type AssignableWithOpenCasesRow = [...AssignableUserRow, openCases: bigint | number | null, absentFrom: Date | string | null]

type WorkloadPersonRow = [
  ...AssignableUserRow,
  /** the open cases and the active case-management cases, as `"<open> <active>"` (see below) */
  cases: string | null,
  /** the contacts and their minutes, as `"<contacts> <minutes>"` */
  contacts: string | null,
  overdue: bigint | number,
  referrals: bigint | number | null,
]

/**
 * The team's workload per counsellor. Open cases, contacts and open referrals come from the figures
 * that triggers keep on every write of a case, a contact or a referral (decisions 058, 072): a few
 * hundred rows instead of the ≈ 5,000 open cases and ≈ 9,000 contacts of the month.
 */
export async function getWorkload(teamId: string, sort: WorkloadSortKey, direction: 'asc' | 'desc', now = new Date()) {
  return (await getWorkloadAndAssignable(teamId, sort, direction, now)).workload
}

/**
 * The assignable people (`listAssignableUsers`' statement itself: the same filter, order and running
 * absence) and the workload of each, in one statement: each figure is a sub-select per person on
 * its kept table or index — the same rows the four grouped reads with an `IN` list of the people
 * read before (session 18), without four more statements, their `IN` lists and the merging of their
 * rows. A person with no kept rows gets NULL (no figure: 0), as when a grouped read had no row for
 * them; counts of people no longer assignable are not read. Two figures of the same kept rows come
 * from one sub-select, as one text of both sums (a sub-select gives one value): the open and the
 * active case-management cases (the second empty when no row counts for it; the first is NULL only
 * when no case is open, and then no case is active either), the contacts and their minutes (NULL
 * together) — each person's rows are read once instead of twice: ≈ 0.08 of the statement's
 * ≈ 0.44 ms for the 28 people of the biggest team (session 25).
 */
export async function getWorkloadAndAssignable(teamId: string, sort: WorkloadSortKey, direction: 'asc' | 'desc', now = new Date()) {
  // Contact dates are calendar days (decision 029): the last 30 office days, today included. The kept
  // rows carry the contact's stored day itself, so this range selects the same contacts as on "Contact".
  const todayDay = today(now).day
  const since = parseDay(addDays(todayDay, -29))!
  const until = parseDay(todayDay)!
  const rows = await readRowArrays<WorkloadPersonRow[]>`${assignablePeople(
    teamId,
    now,
    Prisma.sql`,
      (SELECT SUM(CASE WHEN "status" <> 'CLOSED' THEN "n" END) || ' ' || IFNULL(SUM(CASE WHEN "status" = 'ACTIVE' AND "kind" = 'CASE_MANAGEMENT' THEN "n" END), '')
        FROM "CounsellorCaseCount" WHERE "teamId" = +${teamId} AND "counsellorId" = u."id") AS cases,
      (SELECT SUM("n") || ' ' || SUM("minutes") FROM "ContactDayCount" WHERE "authorId" = u."id" AND "date" >= +${since} AND "date" <= +${until}) AS contacts,
      (SELECT COUNT(*) FROM "FollowUp" WHERE "assigneeId" = u."id" AND "doneAt" IS NULL AND "dueDate" < +${startOfToday(now)}) AS overdue,
      (SELECT SUM("n") FROM "CounsellorReferralCount" WHERE "teamId" = +${teamId} AND "counsellorId" = u."id" AND "status" IN (${OPEN_STATUSES})) AS referrals`,
  )}`
  const assignable = rows.map(assignableUserOf)
  const figures = new Map<string, Partial<WorkloadFigures>>()
  for (const row of rows) {
    const [id, , , , , cases, contacts, overdue, referrals] = row
    const entry: Partial<WorkloadFigures> = {}
    if (cases !== null) {
      const [open, activeCm] = cases.split(' ') as [string, string]
      entry.openCases = Number(open)
      if (activeCm !== '') entry.activeCaseManagement = Number(activeCm)
    }
    // By assignee alone, without a join to the case: an open follow-up is always for someone who may read its case
    // (decision 203 — every writer keeps it, not only moveOpenFollowUps), so this equals the person's start page and
    // /follow-ups. Follow-ups of closed cases are done (closing closes them, decision 030).
    entry.overdueFollowUps = Number(overdue)
    if (contacts !== null) {
      const [contactCount, minutes] = contacts.split(' ') as [string, string]
      entry.contacts30d = Number(contactCount)
      entry.minutes30d = Number(minutes)
    }
    // By the case's team and counsellor as copied onto each referral, counted per status by triggers.
    if (referrals !== null) entry.openReferrals = Number(referrals)
    figures.set(id, entry)
  }
  const counsellors = assignable.map(counsellorOf)
  return { assignable, workload: buildWorkload(counsellors, figures, sort, direction) }
}

// each status a value the planner does not look at (`+?`, as every value of /team's statements)
const OPEN_STATUSES = Prisma.join(OPEN_REFERRAL_STATUSES.map(unplanned))

function unplanned(value: string) {
  return Prisma.sql`+${value}`
}

export const QUEUE_PAGE_SIZE = 50

/** The queue's index (migration 20261206175046_case_queue_since): a team's queued cases in waiting order. */
const QUEUE_INDEX = Prisma.raw('"Case_teamId_queueSince_openedAt_id_idx"')
/** The 50th queued case's offset, written into the SQL (decision 146): no parameter for the planner to read. */
const NTH_OFFSET = Prisma.raw(String(QUEUE_PAGE_SIZE - 1))

/**
 * When the 50th longest wait began less than this many hours ago, the whole queue is read: an office
 * day is at most 25 hours long (the night the clocks go back), so such a wait may be of today, where
 * every later case ties with it at 0 days.
 */
const QUEUE_TIE_HOURS = 26
/**
 * An instant no earlier than the end of the office day (Europe/Berlin, decision 029) of the stored
 * instant `since`: 23:00 UTC of the UTC day of `since` + 2 hours. The office's offset is one or two
 * hours (winter, summer), so its day D runs from D − 1 at 22:00 or 23:00 UTC to D at 22:00 or 23:00
 * UTC: `since` + 2 hours falls on UTC day D or D + 1, and 23:00 of that day is at or after D's end,
 * also on the days of 23 and 25 hours when the clocks change. It is at most an hour after that end,
 * but for a `since` from 23:00 to midnight in winter (then a day after it). The queue's read stops
 * there rather than 26 hours after `since` (decision 189): the ties of the 50th wait are the cases
 * whose wait began on its office day; the next day's were read for nothing (10 of 65 rows in the
 * biggest team of the bench file). `queue-since.server.test.ts` compares the bound with the office
 * day's end found by Intl at every hour's first and last instant of 13 months (three clock changes).
 */
export function officeDayEndBound(since: Prisma.Sql) {
  return Prisma.sql`strftime('%Y-%m-%dT23:00:00.000+00:00', ${since}, '+2 hours')`
}

/**
 * Later than any stored instant, written as one: a number-like text such as '9999' would be compared
 * as the number 9999 (the column's DATETIME affinity), below every stored instant.
 */
const QUEUE_NO_BOUND = '9999-12-31T23:59:59.999+00:00'

/**
 * /team's summary of the queue (decision 225): how many cases wait, the longest wait in days and how many came by
 * transfer. One aggregate over the team's range of the queue's index — `queueSince` and `id` are its columns, so no
 * case row is read. The longest wait is the earliest `queueSince` counted as /team/queue counts each row's wait
 * (`waitingDays`, office days). A case came by transfer when it has a completed transfer into the team — the rule of
 * the row's sending team on /team/queue (`lastTransferIn`), whatever its dates (decision 240: a case re-dated after
 * its transfer waits from its opening and still came by transfer); one look-up in the transfers by case per queued
 * case.
 */
export async function getQueueSummary(teamId: string, now = new Date()) {
  const [row] = await readRowArrays<Array<[total: bigint | number, earliest: Date | string | null, transferred: bigint | number | null]>>`
    SELECT COUNT(*), MIN(c."queueSince"), SUM(EXISTS (
      SELECT 1 FROM "Transfer" t INDEXED BY "Transfer_caseId_at_idx"
      WHERE t."caseId" = c."id" AND t."toTeamId" = +${teamId} AND +t."status" = 'DONE'))
    FROM "Case" c INDEXED BY ${QUEUE_INDEX}
    WHERE c."teamId" = +${teamId} AND c."queueSince" IS NOT NULL`
  const [total, earliest, transferred] = row!
  const since = earliest === null ? null : toDate(earliest)
  return {
    total: Number(total),
    longestWaitDays: since === null ? null : waitingDays(since, since, now),
    transferred: Number(transferred ?? 0),
  }
}

/** A queued case's columns in the statement's order (`readRowArrays`, decision 189). */
type QueueRow = [
  id: string,
  queueSince: Date | string,
  programme: string,
  kind: string,
  startPlace: string,
  code: string,
  birthYear: number | bigint,
  languages: string | null,
  districtDe: string | null,
  districtEn: string | null,
  transferredFrom: string | null,
  requeued: bigint | number,
  total: bigint | number,
]

/** The id of the case's last completed transfer into the team (a sub-select; `caseId` names the case). */
function lastTransferIn(caseId: Prisma.Sql, teamId: string) {
  // `+"status"`: the look-up goes by case (Transfer_caseId_at_idx) even before SQLite has statistics
  // of Transfer (a new installation); without them it would walk Transfer_status_at_idx's DONE
  // transfers per case.
  return Prisma.sql`(
    SELECT "id" FROM "Transfer" WHERE "caseId" = ${caseId} AND "toTeamId" = +${teamId} AND +"status" = 'DONE' ORDER BY "at" DESC LIMIT 1)`
}

/**
 * Unassigned, not closed cases of the team, the 50 that have waited longest (of all of them,
 * decision 143), with their number. Never confidential notes. A case waits since `Case.queueSince`,
 * which triggers keep: the latest of its opening, its last completed transfer into the team and its last return to
 * the queue (`requeuedAt`, shown as the row's mark, decision 245). One
 * statement reads the cases in waiting order from the queue's index, each with its client,
 * languages, district and sending team, and stops after the 50th longest wait and the cases whose
 * wait began on the same office day (ties, which keep the order of opening); the total is a range
 * count of the same index. When the 50th case began to wait less than 26 hours ago (it may have
 * waited 0 days, where every later case ties with it) the whole queue is read.
 */
export async function getQueue(teamId: string, now = new Date()) {
  // `INDEXED BY`: the team's queue as a range of its index whatever SQLite's statistics say (an
  // earlier read of the queue walked the team's whole (team, openedAt) index with the statistics of
  // a 100,000-case file: docs/performance.md, "Team", session 14; `team-lead-queue-plan.server.test.ts`).
  const nthSince = Prisma.sql`(
    SELECT "queueSince" FROM "Case" INDEXED BY ${QUEUE_INDEX}
    WHERE "teamId" = +${teamId} AND "queueSince" IS NOT NULL ORDER BY "queueSince" LIMIT 1 OFFSET ${NTH_OFFSET})`
  const recent = storedDateTime(new Date(now.getTime() - QUEUE_TIE_HOURS * 3_600_000))
  const rows = await readRowArrays<QueueRow[]>`
    SELECT c."id", c."queueSince", c."programme", c."kind", c."startPlace",
      cl."pseudonymCode" AS code, cl."birthYear",
      (SELECT group_concat("languageCode", ',') FROM "ClientLanguage" WHERE "clientId" = cl."id") AS languages,
      d."labelDe" AS districtDe, d."labelEn" AS districtEn, ft."name" AS transferredFrom, c."requeuedAt" IS NOT NULL AS requeued,
      (SELECT COUNT(*) FROM "Case" INDEXED BY ${QUEUE_INDEX} WHERE "teamId" = +${teamId} AND "queueSince" IS NOT NULL) AS total
    FROM "Case" c INDEXED BY ${QUEUE_INDEX}
    JOIN "Client" cl ON cl."id" = c."clientId"
    LEFT JOIN "CatalogueEntry" d ON d."id" = cl."districtId"
    LEFT JOIN "Transfer" t ON t."id" = ${lastTransferIn(Prisma.sql`c."id"`, teamId)}
    LEFT JOIN "Team" ft ON ft."id" = t."fromTeamId"
    WHERE c."teamId" = +${teamId} AND c."queueSince" IS NOT NULL AND c."queueSince" < CASE
      WHEN ${nthSince} < +${recent} THEN ${officeDayEndBound(nthSince)}
      ELSE +${QUEUE_NO_BOUND} END
    ORDER BY c."openedAt", c."id"`
  const todayDay = today(now).day
  const queued: QueuedRow[] = []
  for (const row of rows) queued.push(queuedCaseOf(row))
  // Stable: equal waits keep the order of opening (the rows' order).
  const page = longestWaiting(queued, QUEUE_PAGE_SIZE, now, todayDay)
  return { rows: queueRowsOf(page, Number(todayDay.slice(0, 4))), total: Number(rows[0]?.[12] ?? 0) }
}

type QueuedRow = { openedAt: Date; transferredInAt: Date; details: QueueRow }

// `queueSince` is never before the opening (the triggers write the later of the two), so the waiting
// days count from it: it is given as both, one Date per case — the opening itself is not read
// (`longestWaiting` takes the later of the two, here the same instant).
function queuedCaseOf(row: QueueRow): QueuedRow {
  const since = toDate(row[1])
  return { openedAt: since, transferredInAt: since, details: row }
}

/** The page's cases in the queue's order, each with its details (`year`: the office day's). */
function queueRowsOf(page: Array<{ row: QueuedRow; waitingDays: number }>, year: number) {
  const rows = []
  for (const { row: { details: row }, waitingDays } of page) {
    const [id, , programme, kind, startPlace, code, birthYear, languages, districtDe, districtEn, transferredFrom, requeued] = row
    rows.push({
      id,
      code,
      programme,
      kind,
      startPlace,
      age: year - Number(birthYear),
      languages: languagesOf(languages),
      district: districtDe !== null && districtEn !== null ? { labelDe: districtDe, labelEn: districtEn } : null,
      transferredFrom,
      requeued: Number(requeued) > 0,
      waitingDays,
    })
  }
  return rows
}

/**
 * A client's languages (`group_concat`'s list) in the order `sort()` gives: one language needs no sort,
 * a few are put in order in place by comparing them as `sort()` compares strings (by UTF-16 code
 * units) — the array's `sort` allocated ≈ 18 kB of work arrays a view for the queue's two- and
 * three-language clients (session 28's allocation profile).
 */
export function languagesOf(list: string | null): string[] {
  if (!list) return []
  if (!list.includes(',')) return [list]
  const codes = list.split(',')
  for (let index = 1; index < codes.length; index++) {
    const code = codes[index]!
    let place = index
    for (; place > 0 && codes[place - 1]! > code; place--) codes[place] = codes[place - 1]!
    codes[place] = code
  }
  return codes
}

/** Open follow-ups go with the case to its new counsellor (none: they wait for the next one). */
export async function moveOpenFollowUps(tx: TransactionClient, caseId: string, counsellorId: string | null) {
  await tx.followUp.updateMany({ where: { caseId, doneAt: null }, data: { assigneeId: counsellorId } })
}

export type AssignOutcome = { assigned: string[]; alreadyAssigned: string[]; notInTeam: string[]; assigneeUnavailable: boolean }

/**
 * Whether `userId` may be given a case of the team now: an active counsellor or team lead of it — the people
 * `listAssignableUsers` offers; also the target of a handover or a bulk reassignment (staff-change.server.ts). Asked
 * inside the assignment's transaction (which holds the write lock,
 * `BEGIN IMMEDIATE`): the form's own check ran before it, and a person deactivated or moved to another team in
 * between (their open work handed over in that change's transaction, decision 203) would otherwise receive the
 * case after their handover, where only /team's orphaned cases would show it.
 */
export async function assigneeAvailable(tx: TransactionClient, teamId: string, userId: string) {
  return mayReceiveCase(tx, teamId, userId)
}

/**
 * Assigns queued cases. Each case is taken only if it is still unassigned in this team — when
 * someone else assigned it a moment ago, it is reported, never assigned twice.
 */
export async function assignFromQueue(
  { teamId, caseIds, counsellorId, note }: { teamId: string; caseIds: string[]; counsellorId: string; note: string | null },
  actorId: string,
): Promise<AssignOutcome> {
  return prisma.$transaction(async (tx) => {
    const outcome: AssignOutcome = { assigned: [], alreadyAssigned: [], notInTeam: [], assigneeUnavailable: false }
    if (!(await assigneeAvailable(tx, teamId, counsellorId))) return { ...outcome, assigneeUnavailable: true }
    for (const caseId of caseIds) {
      const { count } = await tx.case.updateMany({
        where: { id: caseId, teamId, counsellorId: null, status: { not: 'CLOSED' } },
        data: { counsellorId, version: { increment: 1 }, updatedById: actorId },
      })
      if (count === 0) {
        const exists = await tx.case.findFirst({ where: { id: caseId, teamId }, select: { id: true } })
        ;(exists ? outcome.alreadyAssigned : outcome.notInTeam).push(caseId)
        continue
      }
      await tx.assignment.create({ data: { caseId, toUserId: counsellorId, assignedById: actorId, note, readAt: counsellorId === actorId ? new Date() : null } })
      await moveOpenFollowUps(tx, caseId, counsellorId)
      await audit({ userId: actorId, action: 'case.assign', entity: 'case', entityId: caseId, caseId, details: { toUserId: counsellorId, note: note ? 'given' : 'none' } }, tx)
      outcome.assigned.push(caseId)
    }
    return outcome
  })
}

/**
 * Why a reassignment changed nothing: `stale`, the case changed since the form was loaded (version check, or it left
 * the team); `assignee-unavailable`, the chosen person is no longer an active counsellor or team lead of the team
 * (checked in the transaction, `assigneeAvailable`).
 */
export type ReassignRefusal = 'stale' | 'assignee-unavailable'

/** A reassignment's result: done, or refused with its reason and nothing changed. */
export type ReassignResult = { ok: true } | { ok: false; reason: ReassignRefusal }

/**
 * Reassigns one case from its page; version-checked against concurrent edits. The caller must look at `ok` (and at
 * `reason` when it is false): the result is an object, so it cannot be mistaken for a success by a truthiness test.
 */
export async function reassignCase(
  { caseId, teamId, version, counsellorId, note }: { caseId: string; teamId: string; version: number; counsellorId: string | null; note: string | null },
  actorId: string,
): Promise<ReassignResult> {
  return prisma.$transaction(async (tx): Promise<ReassignResult> => {
    if (counsellorId && !(await assigneeAvailable(tx, teamId, counsellorId))) return { ok: false, reason: 'assignee-unavailable' }
    const current = await tx.case.findUniqueOrThrow({ where: { id: caseId }, select: { counsellorId: true } })
    const { count } = await tx.case.updateMany({
      where: { id: caseId, teamId, version },
      data: { counsellorId, version: { increment: 1 }, updatedById: actorId },
    })
    if (count === 0) return { ok: false, reason: 'stale' }
    await tx.assignment.create({
      data: { caseId, fromUserId: current.counsellorId, toUserId: counsellorId, assignedById: actorId, note, readAt: counsellorId === actorId || !counsellorId ? new Date() : null },
    })
    await moveOpenFollowUps(tx, caseId, counsellorId)
    await audit({ userId: actorId, action: 'case.assign', entity: 'case', entityId: caseId, caseId, details: { fromUserId: current.counsellorId, toUserId: counsellorId } }, tx)
    return { ok: true }
  })
}

export async function listAbsences(teamId: string, now = new Date()) {
  return prisma.absence.findMany({
    where: { user: { teamId }, endsOn: { gte: startOfToday(now) } },
    select: { id: true, startsOn: true, endsOn: true, user: { select: { id: true, displayName: true } }, substitute: { select: { id: true, displayName: true } } },
    orderBy: { startsOn: 'asc' },
  })
}

export async function createAbsence(
  { userId, substituteId, startsOn, endsOn }: { userId: string; substituteId: string; startsOn: Date; endsOn: Date },
  actorId: string,
) {
  return prisma.$transaction(async (tx) => {
    const absence = await tx.absence.create({ data: { userId, substituteId, startsOn, endsOn, createdById: actorId }, select: { id: true } })
    await audit({ userId: actorId, action: 'absence.create', entity: 'absence', entityId: absence.id, details: { userId, substituteId } }, tx)
    return absence
  })
}

/** Ends an absence now: the substitute loses access at once. */
export async function endAbsence({ absenceId, teamId }: { absenceId: string; teamId: string }, actorId: string, now = new Date()) {
  return prisma.$transaction(async (tx) => {
    const absence = await tx.absence.findFirst({ where: { id: absenceId, user: { teamId } }, select: { id: true, startsOn: true, userId: true } })
    if (!absence) return false
    // One that has not begun, or began today, disappears; a running one ends with yesterday.
    if (absence.startsOn >= startOfToday(now)) await tx.absence.delete({ where: { id: absence.id } })
    else await tx.absence.update({ where: { id: absence.id }, data: { endsOn: parseDay(addDays(today(now).day, -1))! } })
    await audit({ userId: actorId, action: 'absence.end', entity: 'absence', entityId: absence.id, details: { userId: absence.userId } }, tx)
    return true
  })
}

/**
 * The team's own settings, by its team lead. The audit event names each changed setting with its
 * old and new value (team settings, no personal data): turning sharing for substitution on widens
 * who reads the team's new cases, so it must be traceable to the person and the day.
 */
export async function updateTeamSettings(
  teamId: string,
  settings: { referralWaitThresholdDays: number; defaultSharedForSubstitution: boolean },
  actorId: string,
) {
  await prisma.$transaction(async (tx) => {
    const before = await tx.team.findUniqueOrThrow({ where: { id: teamId }, select: { referralWaitThresholdDays: true, defaultSharedForSubstitution: true } })
    const changed = (Object.keys(settings) as Array<keyof typeof settings>).filter((key) => before[key] !== settings[key])
    await tx.team.update({ where: { id: teamId }, data: settings })
    const details = Object.fromEntries(changed.map((key) => [key, { from: before[key], to: settings[key] }]))
    await audit({ userId: actorId, action: 'team.settings', entity: 'team', entityId: teamId, details }, tx)
  })
}
