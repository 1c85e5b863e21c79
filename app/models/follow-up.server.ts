import {
  addDays,
  bucketOf,
  dayOf,
  FOLLOW_UP_PAGE_BUCKETS,
  officeDay,
  parseDay,
  upcomingWindowEnd,
  UPCOMING_DAYS,
  type FollowUpBucket,
  type FollowUpPageBucket,
} from '#app/domain/follow-up.ts'
import { type Actor, type CaseFacts } from '#app/domain/access-policy.ts'
import { mayHoldFollowUpSql } from '#app/domain/follow-up-assignee.ts'
import { getSubstitutesFor, requireCaseAccess, visibleCasesWhere, type CaseAccess } from '#app/models/case-access.server.ts'
import { visibleCasesSql, type VisibleCasesSql } from '#app/models/case-visibility-sql.server.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { FOLLOW_UP_NOT_IN_LIST } from '#app/forms/follow-up.ts'
import { audit } from '#app/utils/audit.server.ts'
import { prisma, readRows, storedDateTime, type TransactionClient } from '#app/utils/db.server.ts'

export { inMarkupOnly, isDocumentRequest } from '#app/utils/iso.server.ts'

/** Without limits given: at most this many rows a bucket (the rows' read stays bounded; the counts are exact). */
const MAX_FOLLOW_UPS = 200
const NO_LIMITS = { overdue: MAX_FOLLOW_UPS, today: MAX_FOLLOW_UPS, upcoming: MAX_FOLLOW_UPS } as const satisfies Record<FollowUpBucket, number>

/**
 * The actor's open follow-ups (assigned to them, or unassigned on their own cases) up to the end of the upcoming window, grouped into overdue, today
 * and the next days: each bucket's first `limits` rows and its exact count (`counts`; `truncated` when a bucket has
 * more than it shows). Only cases the actor may still read: a follow-up of a case transferred away
 * disappears here even though its assignee column still names the actor.
 */
export async function getMyFollowUps(actor: Actor, now: Date = new Date(), limits: Readonly<Record<FollowUpBucket, number>> = NO_LIMITS) {
  const { visible, absent } = await followUpReaders(actor, now)
  const todayDay = officeDay(now)
  const lastUpcomingDay = addDays(todayDay, UPCOMING_DAYS)
  // One statement with the case, its code and the contact's next step joined, instead of the ORM's
  // four (the follow-ups, then their cases, codes and contacts by id): the start page of a busy
  // counsellor. CROSS JOIN keeps SQLite starting from the actor's open follow-ups (index
  // FollowUp(assigneeId, doneAt, dueDate, …)); left to itself it walked every case of the team (≈ 0.7 s
  // in the 100,000-case bench). `id` last makes the order total (due date and creation time may tie).
  // The follow-ups and their cases are read from covering indexes and the code from the case's copy
  // of it (decision 059): no row of FollowUp, Case or Client is read, only the contact's next step.
  // Straight from the connection (decision 067): the due date arrives as its stored text. Every value
  // is bound as `+?` and the limits written in (decision 146): the planner reads none, so SQLite
  // compiles the statement once.
  // The rows arrive as one JSON text of arrays (decision 193): better-sqlite3 makes an object with a
  // string per column for every row, which cost more than SQLite's own work (the busiest counsellor's
  // 72 rows: 0.41 ms of CPU as objects, 0.32 as one text parsed by the engine's JSON, session 26). The
  // aggregate names its order, the page's: an aggregate's order is SQLite's to choose otherwise.
  // Each follow-up's bucket from its stored text (a day is stored as its UTC midnight, decision 029; the window's end
  // is compared so since session 15): overdue before today's midnight, today before tomorrow's. Every follow-up of the
  // window is counted, and only each bucket's first rows (`rank`) are sent, with the contact's next step read for
  // them alone (decision 199: the busiest counsellor's 72 rows were ≈ 17 µs of CPU each per view).
  const [read] =
    visible.kind === 'none'
      ? []
      : await readRows<Array<{ rows: string; overdue: number; today: number; upcoming: number } & Partial<Record<StandInCount, number>>>>`
          SELECT json_group_array(json_array(f."id", f."dueDate", f."source", f."contactId",
                -- What is to be done: the contact's "Nächster Schritt", or a manual follow-up's own text (the
                -- page shows only this, so the note itself is not sent: the loader data carries what the
                -- page shows, decision 080).
                COALESCE((SELECT ct."nextStep" FROM "Contact" ct WHERE ct."id" = f."contactId"), f."note"),
                f."caseId", f."caseCode"${standInColumn(absent)})
              ORDER BY f."dueDate" ASC, f."createdAt" ASC, f."id" ASC)
              FILTER (WHERE f."rank" <= CASE f."bucket" WHEN 0 THEN ${Prisma.raw(String(limits.overdue))} WHEN 1 THEN ${Prisma.raw(String(limits.today))} ELSE ${Prisma.raw(String(limits.upcoming))} END) AS "rows",
            count(*) FILTER (WHERE f."bucket" = 0) AS "overdue",
            count(*) FILTER (WHERE f."bucket" = 1) AS "today",
            count(*) FILTER (WHERE f."bucket" = 2) AS "upcoming"${standInCounts(absent, 3)}
          FROM (
            SELECT f.*, row_number() OVER (PARTITION BY f."bucket" ORDER BY f."dueDate" ASC, f."createdAt" ASC, f."id" ASC) AS "rank"
            FROM (
              SELECT f."id", f."dueDate", f."createdAt", f."source", f."contactId", f."note",
                c."id" AS "caseId", c."clientCode" AS "caseCode"${standInOf(actor, absent)},
                CASE WHEN f."dueDate" < +${storedDateTime(parseDay(todayDay)!)} THEN 0
                  WHEN f."dueDate" < +${storedDateTime(parseDay(addDays(todayDay, 1))!)} THEN 1 ELSE 2 END AS "bucket"
              FROM "FollowUp" f
                CROSS JOIN "Case" c ON c."id" = f."caseId"
              WHERE f."dueDate" <= +${storedDateTime(upcomingWindowEnd(now))} AND ${openFollowUpsOf(actor, visible, absent)}
            ) f
          ) f`
  const rows = read === undefined || read.rows === null ? [] : (JSON.parse(read.rows) as MyFollowUpRow[])
  const counts: Record<FollowUpBucket, number> = {
    overdue: Number(read?.overdue ?? 0),
    today: Number(read?.today ?? 0),
    upcoming: Number(read?.upcoming ?? 0),
  }
  // Each follow-up with its due day (YYYY-MM-DD), taken from the stored text once and put into its
  // bucket by that day (`bucketOf`, as groupFollowUps does): no Date per row, and no second and third
  // reading of one for the bucket and the packed rows (≈ 0.15 ms of the busiest counsellor's start
  // page, session 25).
  const groups: Record<FollowUpBucket, MyFollowUp[]> = { overdue: [], today: [], upcoming: [] }
  for (const row of rows) {
    const item = myFollowUpOf(row)
    const bucket = bucketOf(item.dueDate, todayDay, lastUpcomingDay)
    if (bucket) groups[bucket].push(item)
  }
  const truncated = counts.overdue > groups.overdue.length || counts.today > groups.today.length || counts.upcoming > groups.upcoming.length
  // How many of each bucket's follow-ups are absent colleagues' (decision 211); null without a substitution today.
  const standIn: Record<FollowUpBucket, number> | null =
    absent.length === 0
      ? null
      : { overdue: Number(read?.standIn0 ?? 0), today: Number(read?.standIn1 ?? 0), upcoming: Number(read?.standIn2 ?? 0) }
  return { ...groups, counts, standIn, truncated }
}

/**
 * What the start page's and /follow-ups' statements need to know about the actor today: the cases they may read
 * (the need-to-know filter) and the colleagues they stand in for (`getSubstitutesFor`, decision 211). A counsellor's
 * visible cases depend on the same substitutions and are built from this one look-up (the request asks once, as
 * before); a team lead's do not, so a lead's view asks for their substitutions once more (an index look-up).
 */
async function followUpReaders(actor: Actor, now: Date) {
  const absent = await getSubstitutesFor(actor, now)
  const visible = visibleCasesSql(await visibleCasesWhere(actor, () => Promise.resolve(absent)))
  return { visible, absent }
}

type StandInCount = 'standIn0' | 'standIn1' | 'standIn2' | 'standIn3'

/**
 * Whose a row's follow-up is when it is an absent colleague's (decision 211): the colleague's id (`standInFor`), else
 * null; the rows sent carry the colleague's display name as their eighth field (`standInColumn`), looked up for them
 * alone, not for every follow-up counted. Only in a substitute's statement: without a substitution today the
 * statement and its rows are exactly those before (the start page is a daily page, decision 199).
 */
function standInOf(actor: Actor, absent: readonly string[]) {
  if (absent.length === 0) return Prisma.empty
  return Prisma.sql`, CASE WHEN COALESCE(f."assigneeId", c."counsellorId") <> +${actor.id} THEN COALESCE(f."assigneeId", c."counsellorId") END AS "standInFor"`
}

function standInColumn(absent: readonly string[]) {
  return absent.length === 0 ? Prisma.empty : Prisma.sql`, (SELECT u."displayName" FROM "User" u WHERE u."id" = f."standInFor")`
}

/** Each bucket's count of absent colleagues' follow-ups (`standIn0`, …), in a substitute's statement only. */
function standInCounts(absent: readonly string[], buckets: number) {
  if (absent.length === 0) return Prisma.empty
  return Prisma.raw(
    Array.from({ length: buckets }, (_, bucket) => `,\n            count(*) FILTER (WHERE f."bucket" = ${bucket} AND f."standInFor" IS NOT NULL) AS "standIn${bucket}"`).join(''),
  )
}

/**
 * The actor's open follow-ups among `FollowUp f CROSS JOIN "Case" c`, for the start page and /follow-ups alike (one
 * condition, so that the two never show different follow-ups; session 26's review): not done, of a case the actor may
 * read (`visible`, the need-to-know filter), not closed, and assigned to the actor or unassigned on the actor's case;
 * for a substitute also the absent colleagues' (`withStandIns`, decision 211). Without a substitution today the
 * condition is the one before decision 211, word for word.
 */
function openFollowUpsOf(actor: Actor, visible: Extract<VisibleCasesSql, { kind: 'team' }>, absent: readonly string[]) {
  return Prisma.sql`f."doneAt" IS NULL
    AND ${visible.sql}
    -- Follow-ups of closed cases never show (decision 030); closing also marks them done.
    AND c."status" <> 'CLOSED'
    -- A follow-up raised while the case had no counsellor (e.g. a residence permit expiring)
    -- has no assignee; it belongs to whoever holds the case now.
    AND ${absent.length === 0 ? Prisma.sql`(f."assigneeId" = +${actor.id} OR (f."assigneeId" IS NULL AND c."counsellorId" = +${actor.id}))` : withStandIns(actor, visible, absent)}`
}

/**
 * The assignee condition of a substitute (decision 211): their own follow-ups and those of the colleagues they stand
 * in for today — the ones each holds, and the unassigned ones on their cases — the colleagues' only on a case the
 * actor may write: a counsellor's own and the absent colleagues' cases (the policy's `substitute`), a team lead's every
 * case of the team (already the `visible` filter). Not reassigned: once the absence is over they show only to their
 * holder again. Two terms, each a range of the index FollowUp(assigneeId, doneAt, dueDate, …): written as four, the
 * planner read every follow-up (session 27).
 */
function withStandIns(actor: Actor, visible: Extract<VisibleCasesSql, { kind: 'team' }>, absent: readonly string[]) {
  const ids = Prisma.join([actor.id, ...absent], ', +', '+')
  const writable = visible.wholeTeam ? Prisma.empty : Prisma.sql`
    AND (f."assigneeId" = +${actor.id} OR c."counsellorId" IN (${ids}))`
  return Prisma.sql`(f."assigneeId" IN (${ids}) OR (f."assigneeId" IS NULL AND c."counsellorId" IN (${ids})))${writable}`
}

/** Rows a page of /follow-ups shows. */
export const FOLLOW_UP_PAGE_SIZE = 50
const FOLLOW_UP_PAGE_SIZE_SQL = Prisma.raw(String(FOLLOW_UP_PAGE_SIZE))

/**
 * A page of all the actor's open follow-ups (/follow-ups, decision 199): the same follow-ups as the start page's
 * (the same need-to-know and assignee conditions as `getMyFollowUps`), without its window's end, in the same order,
 * `FOLLOW_UP_PAGE_SIZE` a page; `due` keeps one group. Each group's exact count comes with the page. A page beyond
 * the last is the last.
 */
export async function getFollowUpPage(
  actor: Actor,
  { due, page, whose = 'all' }: { due: FollowUpPageBucket | null; page: number; whose?: FollowUpWhose },
  now: Date = new Date(),
) {
  const { visible, absent } = await followUpReaders(actor, now)
  // Only a substitute's list has two kinds of rows to keep apart; anyone else's is their own.
  const kept: FollowUpWhose = absent.length === 0 ? 'all' : whose
  const todayDay = officeDay(now)
  const lastUpcomingDay = addDays(todayDay, UPCOMING_DAYS)
  const selected = due === null ? -1 : FOLLOW_UP_PAGE_BUCKETS.indexOf(due)
  const read = async (wanted: number) => {
    if (visible.kind === 'none') return undefined
    const offset = (wanted - 1) * FOLLOW_UP_PAGE_SIZE
    const [row] = await readRows<Array<{ rows: string | null; overdue: number; today: number; upcoming: number; later: number } & Partial<Record<StandInCount, number>>>>`
      SELECT json_group_array(json_array(f."id", f."dueDate", f."source", f."contactId",
            COALESCE((SELECT ct."nextStep" FROM "Contact" ct WHERE ct."id" = f."contactId"), f."note"),
            f."caseId", f."caseCode"${standInColumn(absent)})
          ORDER BY f."dueDate" ASC, f."createdAt" ASC, f."id" ASC)
          FILTER (WHERE (+${selected} < 0 OR f."bucket" = +${selected}) AND f."place" > +${offset} AND f."place" <= +${offset} + ${FOLLOW_UP_PAGE_SIZE_SQL}) AS "rows",
        count(*) FILTER (WHERE f."bucket" = 0) AS "overdue",
        count(*) FILTER (WHERE f."bucket" = 1) AS "today",
        count(*) FILTER (WHERE f."bucket" = 2) AS "upcoming",
        count(*) FILTER (WHERE f."bucket" = 3) AS "later"${standInCounts(absent, 4)}
      FROM (
        SELECT f.*, row_number() OVER (PARTITION BY CASE WHEN +${selected} < 0 THEN 0 ELSE f."bucket" END
          ORDER BY f."dueDate" ASC, f."createdAt" ASC, f."id" ASC) AS "place"
        FROM (
          SELECT f."id", f."dueDate", f."createdAt", f."source", f."contactId", f."note",
            c."id" AS "caseId", c."clientCode" AS "caseCode"${standInOf(actor, absent)},
            CASE WHEN f."dueDate" < +${storedDateTime(parseDay(todayDay)!)} THEN 0
              WHEN f."dueDate" < +${storedDateTime(parseDay(addDays(todayDay, 1))!)} THEN 1
              WHEN f."dueDate" <= +${storedDateTime(upcomingWindowEnd(now))} THEN 2 ELSE 3 END AS "bucket"
          FROM "FollowUp" f
            CROSS JOIN "Case" c ON c."id" = f."caseId"
          WHERE ${openFollowUpsOf(actor, visible, absent)}${whoseCondition(actor, kept)}
        ) f
      ) f`
    return row
  }
  const countsOf = (row: Awaited<ReturnType<typeof read>>): Record<FollowUpPageBucket, number> => ({
    overdue: Number(row?.overdue ?? 0),
    today: Number(row?.today ?? 0),
    upcoming: Number(row?.upcoming ?? 0),
    later: Number(row?.later ?? 0),
  })
  // How many of each group's follow-ups are absent colleagues' (decision 211); null without a substitution today.
  const standInOfRow = (row: Awaited<ReturnType<typeof read>>): Record<FollowUpPageBucket, number> | null =>
    absent.length === 0
      ? null
      : { overdue: Number(row?.standIn0 ?? 0), today: Number(row?.standIn1 ?? 0), upcoming: Number(row?.standIn2 ?? 0), later: Number(row?.standIn3 ?? 0) }
  const wanted = Number.isInteger(page) && page >= 1 ? page : 1
  let row = await read(wanted)
  let counts = countsOf(row)
  const total = due === null ? counts.overdue + counts.today + counts.upcoming + counts.later : counts[due]
  const pages = Math.max(1, Math.ceil(total / FOLLOW_UP_PAGE_SIZE))
  let shown = wanted
  if (wanted > pages) {
    shown = pages
    row = await read(pages)
    counts = countsOf(row)
  }
  const groups: Record<FollowUpPageBucket, MyFollowUp[]> = { overdue: [], today: [], upcoming: [], later: [] }
  for (const item of (row?.rows ? (JSON.parse(row.rows) as MyFollowUpRow[]) : []).map(myFollowUpOf))
    groups[bucketOf(item.dueDate, todayDay, lastUpcomingDay) ?? 'later'].push(item)
  return {
    groups,
    counts,
    standIn: standInOfRow(row),
    whose: kept,
    due,
    page: shown,
    pages,
    total: due === null ? counts.overdue + counts.today + counts.upcoming + counts.later : counts[due],
  }
}

/** Whose follow-ups a substitute's /follow-ups keeps: all, their own, or the absent colleagues' (`?whose=`, decision 223). */
export type FollowUpWhose = 'all' | 'mine' | 'stand-in'

/**
 * `?whose=` of /follow-ups as one of its three choices; anything else is all of them. Client-safe callers read the
 * same list from the page's data.
 */
export function followUpWhoseOf(value: string | null): FollowUpWhose {
  return value === 'mine' || value === 'stand-in' ? value : 'all'
}

/**
 * The filter of a substitute's /follow-ups on the rows of `openFollowUpsOf`: a row is an absent colleague's exactly
 * when its holder — the assignee, or the case's counsellor for an unassigned one — is not the actor (`standInOf`'s
 * own test), so the rows, the page's places and every count (the groups' and the stand-in counts) follow the filter.
 */
function whoseCondition(actor: Actor, whose: FollowUpWhose) {
  if (whose === 'all') return Prisma.empty
  return whose === 'mine'
    ? Prisma.sql` AND COALESCE(f."assigneeId", c."counsellorId") = +${actor.id}`
    : Prisma.sql` AND COALESCE(f."assigneeId", c."counsellorId") <> +${actor.id}`
}

type MyFollowUp = {
  id: string
  dueDate: string
  source: string
  contactId: string | null
  nextStep: string | null
  caseId: string
  caseCode: string
  /** an absent colleague's follow-up, seen by their substitute (decision 211): the colleague's name; absent on one's own */
  standInFor?: string
}

// module-level, not an arrow made per call: V8 keeps its optimised code (decision 137)
function myFollowUpOf([id, dueDate, source, contactId, nextStep, caseId, caseCode, standInFor]: MyFollowUpRow): MyFollowUp {
  // the due day (decision 029: a calendar day, stored as its UTC midnight)
  if (standInFor != null) return { id, dueDate: dueDayOf(dueDate), source, contactId, nextStep, caseId, caseCode, standInFor }
  return { id, dueDate: dueDayOf(dueDate), source, contactId, nextStep, caseId, caseCode }
}

/** A stored instant's text as written by `storedDateTime` for a day's UTC midnight. */
const STORED_MIDNIGHT = /^\d{4}-\d{2}-\d{2}T00:00:00\.000\+00:00$/

/** The UTC day (`dayOf`) of a stored due date: the text's first ten characters when it is a UTC midnight as stored. */
function dueDayOf(stored: string) {
  return STORED_MIDNIGHT.test(stored) ? stored.slice(0, 10) : dayOf(stored)
}

/**
 * A row of the statement's JSON text: the follow-up's id, stored due date, source, contact, next step, case and code;
 * in a substitute's statement also whom it is for when it is an absent colleague's (null on one's own).
 */
type MyFollowUpRow = [id: string, dueDate: string, source: string, contactId: string | null, nextStep: string | null, caseId: string, caseCode: string, standInFor?: string | null]

export type FollowUpItem = Awaited<ReturnType<typeof getMyFollowUps>>['overdue'][number]

/**
 * The answer to "Erledigt" on a follow-up the actor may not act on: 404, with a marker the pages' error boundary
 * turns into "this follow-up is no longer in your list" (a stand-in that ended at midnight, a case reassigned since
 * the list was shown). The same answer for a follow-up that was never the actor's, for one of a case they may not
 * see and for one that does not exist: it tells nothing about the follow-up (decision 223).
 */
export function followUpNotInList(): never {
  throw Response.json(FOLLOW_UP_NOT_IN_LIST, { status: 404 })
}

/** A refused access check's 404 as `followUpNotInList`; anything else as it was thrown. */
export function notInListOnNotFound(error: unknown): never {
  if (error instanceof Response && error.status === 404) followUpNotInList()
  throw error
}

/**
 * "Erledigt": only by someone who may write the case; marking twice changes nothing. Anything else answers
 * `followUpNotInList` (404).
 */
export async function markFollowUpDone(
  actor: Actor,
  followUpId: string,
  now: Date = new Date(),
  /** From a case page: a follow-up of another case answers as a missing one. */
  caseId?: string,
) {
  const followUp = await prisma.followUp.findUnique({
    where: { id: followUpId },
    select: { id: true, caseId: true, doneAt: true },
  })
  if (!followUp || (caseId !== undefined && followUp.caseId !== caseId)) followUpNotInList()
  // The check's own 404 (audited as a refused access) becomes the follow-up's answer.
  await requireCaseAccess(actor, followUp.caseId, 'write').catch(notInListOnNotFound)
  await prisma.$transaction(async (tx) => {
    const updated = await tx.followUp.updateMany({
      where: { id: followUp.id, doneAt: null },
      data: { doneAt: now },
    })
    if (updated.count === 1) {
      await audit(
        {
          userId: actor.id,
          action: 'follow-up.done',
          entity: 'follow-up',
          entityId: followUp.id,
          caseId: followUp.caseId,
        },
        tx,
      )
    }
  })
}

// ---------------------------------------------------------------- one case's follow-ups

/**
 * The case's follow-ups for its file (/cases/<id>/follow-ups): all open ones, due first, and the
 * last 20 done. Audited as a read of the case's follow-ups.
 */
export async function getCaseFollowUps(caseId: string, actor: Actor) {
  const select = {
    id: true,
    dueDate: true,
    source: true,
    contactId: true,
    note: true,
    doneAt: true,
    assignee: { select: { id: true, displayName: true } },
  } as const
  const [open, done] = await Promise.all([
    prisma.followUp.findMany({ where: { caseId, doneAt: null }, select, orderBy: [{ dueDate: 'asc' }, { createdAt: 'asc' }], take: 200 }),
    prisma.followUp.findMany({ where: { caseId, doneAt: { not: null } }, select, orderBy: { doneAt: 'desc' }, take: 20 }),
  ])
  await audit({ userId: actor.id, action: 'follow-up.read', entity: 'case', entityId: caseId, caseId })
  const shape = (row: (typeof open)[number]) => ({
    id: row.id,
    dueDate: row.dueDate.toISOString(),
    source: row.source,
    contactId: row.contactId,
    note: row.note,
    doneAt: row.doneAt?.toISOString() ?? null,
    assignee: row.assignee?.displayName ?? null,
  })
  return { open: open.map(shape), done: done.map(shape) }
}

/**
 * Who a manual follow-up can be for (decision 203): the active people of the case's team who may read it for good —
 * its counsellor, the team's leads and, when it is shared for substitution, the team's counsellors. Not a colleague
 * who would never see it, nor someone who reads it only through an emergency access or an absence.
 */
export async function followUpAssignees(kase: Pick<CaseFacts, 'teamId' | 'counsellorId' | 'sharedForSubstitution'>) {
  return prisma.user.findMany({
    where: { teamId: kase.teamId, active: true, ...followUpHolderWhere(kase) },
    select: { id: true, displayName: true },
    orderBy: { displayName: 'asc' },
  })
}

function followUpHolderWhere(kase: Pick<CaseFacts, 'counsellorId' | 'sharedForSubstitution'>) {
  if (kase.sharedForSubstitution) return { role: { in: ['COUNSELLOR', 'TEAM_LEAD'] } }
  return {
    OR: [{ role: 'TEAM_LEAD' }, ...(kase.counsellorId ? [{ id: kase.counsellorId, role: { in: ['COUNSELLOR', 'TEAM_LEAD'] } }] : [])],
  }
}

export type ManualFollowUpResult = { ok: true; id: string } | { ok: false; reason: 'closed' | 'assignee' }

/**
 * A manual follow-up (decision 030): due on a calendar day, a short text, for someone who may read the case
 * (`followUpAssignees`, decision 203) — by default the case's counsellor, else the one who writes it. The choice is
 * checked against the case as it is in the same transaction as the insert (sharing may have been switched off
 * since the form was shown). A closed case takes none (its follow-ups were closed with it).
 */
export async function createManualFollowUp(
  actor: Actor,
  kase: CaseAccess,
  { dueDate, note, assigneeId }: { dueDate: string; note: string; assigneeId?: string },
): Promise<ManualFollowUpResult> {
  return prisma.$transaction(async (tx) => {
    const current = await tx.case.findUniqueOrThrow({ where: { id: kase.id }, select: { status: true, teamId: true, counsellorId: true, sharedForSubstitution: true } })
    if (current.status === 'CLOSED') return { ok: false, reason: 'closed' } as const
    const assignee = assigneeId || current.counsellorId || actor.id
    const eligible = await tx.user.findFirst({
      where: { id: assignee, teamId: current.teamId, active: true, ...followUpHolderWhere(current) },
      select: { id: true },
    })
    if (!eligible) return { ok: false, reason: 'assignee' } as const
    const followUp = await tx.followUp.create({
      data: { caseId: kase.id, source: 'MANUAL', dueDate: parseDay(dueDate)!, note, assigneeId: eligible.id },
      select: { id: true },
    })
    await audit(
      { userId: actor.id, action: 'follow-up.create', entity: 'follow-up', entityId: followUp.id, caseId: kase.id, details: { source: 'MANUAL', assigneeId: eligible.id } },
      tx,
    )
    return { ok: true, id: followUp.id } as const
  })
}

/**
 * Whom a new follow-up of a case is for, read inside the writer's transaction (decision 203): the case's counsellor
 * as the case is now, when that person may hold it (active, of the case's team, not an administrator); `null` when
 * the case has none or its counsellor has left (an orphaned case: its follow-ups wait unassigned for its
 * reassignment), with `counsellorId` telling which of the two. Also the case's team.
 */
export async function followUpHolderOf(caseId: string) {
  const [row] = await readRows<Array<{ holder: string | null; counsellorId: string | null; teamId: string }>>`
    SELECT CASE WHEN ${Prisma.raw(mayHoldFollowUpSql('u', 'c'))} THEN c."counsellorId" END AS "holder", c."counsellorId", c."teamId"
    FROM "Case" c LEFT JOIN "User" u ON u."id" = c."counsellorId"
    WHERE c."id" = ${caseId}`
  return row ?? null
}

/** Why open follow-ups changed hands outside an assignment of their case (the audit event's `reason`). */
export type FollowUpRehoming = 'sharing-off' | 'role-change' | 'team-change' | 'deactivated'

/**
 * Gives the open follow-ups (of cases not closed) that their assignee may no longer hold (decision 203) to each
 * case's counsellor — to nobody when the case has none or its counsellor may not hold them either — inside the
 * caller's transaction, one audit event per follow-up. `caseId`: those of one case (sharing switched off);
 * `assigneeId`: those of one person (a change of role or team); with `leaving`, all of that person's, whether they
 * may still hold them or not (the staff handover, decision 038: it runs before the account changes).
 */
export async function rehomeUnreadableFollowUps(
  tx: TransactionClient,
  scope: { caseId: string } | { assigneeId: string; leaving?: boolean },
  { actorId, reason }: { actorId: string; reason: FollowUpRehoming },
) {
  const filter = 'caseId' in scope ? Prisma.sql`f."caseId" = ${scope.caseId}` : Prisma.sql`f."assigneeId" = ${scope.assigneeId}`
  const unreadable = 'leaving' in scope && scope.leaving ? Prisma.empty : Prisma.sql`AND NOT ${Prisma.raw(mayHoldFollowUpSql('u', 'c'))}`
  const moving = await tx.$queryRaw<Array<{ id: string; caseId: string; fromUserId: string; toUserId: string | null }>>`
    SELECT f."id", f."caseId", f."assigneeId" AS "fromUserId",
      CASE WHEN ${Prisma.raw(mayHoldFollowUpSql('cu', 'c'))} AND c."counsellorId" IS NOT f."assigneeId" THEN c."counsellorId" END AS "toUserId"
    FROM "FollowUp" f
      JOIN "Case" c ON c."id" = f."caseId"
      JOIN "User" u ON u."id" = f."assigneeId"
      LEFT JOIN "User" cu ON cu."id" = c."counsellorId"
    WHERE ${filter} AND f."doneAt" IS NULL AND c."status" <> 'CLOSED' ${unreadable}
    ORDER BY f."id"`
  for (const followUp of moving) {
    await tx.followUp.update({ where: { id: followUp.id }, data: { assigneeId: followUp.toUserId } })
    await audit(
      {
        userId: actorId,
        action: 'follow-up.reassign',
        entity: 'follow-up',
        entityId: followUp.id,
        caseId: followUp.caseId,
        details: { fromUserId: followUp.fromUserId, toUserId: followUp.toUserId, reason },
      },
      tx,
    )
  }
  return moving.length
}
