// Handovers that arrive (issue 14, item 6): a case transferred in, or opened without a counsellor,
// waits in its team's unassigned queue. A counsellor of the team may ask to take it ("Übernahme
// anfragen") — seeing only what the team's waiting list shows, never the file — and the team lead
// confirms with one click, which assigns the requester. Several may ask for the same case, and two
// team leads may confirm at once: the case is taken only while it is still unassigned at the
// version the lead saw, so exactly one request wins and the others are SUPERSEDED.
import { type Actor } from '#app/domain/access-policy.ts'
import { officeDay } from '#app/domain/follow-up.ts'
import { waitingPageSlices } from '#app/domain/waiting-page.ts'
import { longestWaiting, waitingDays } from '#app/domain/workload.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { assignableWhere } from '#app/models/assignable.server.ts'
import { requireCaseAccess } from '#app/models/case-access.server.ts'
import { moveOpenFollowUps } from '#app/models/team-lead.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import { prisma, readRows } from '#app/utils/db.server.ts'

/** Rows per page of the counsellors' waiting list (decision 145; the lead's queue shows 50 too). */
export const WAITING_PAGE_SIZE = 50

/** The queue's index (migration 20261206175046_case_queue_since): a team's queued cases in waiting order. */
const QUEUE_INDEX = Prisma.raw('"Case_teamId_queueSince_openedAt_id_idx"')

type WaitingKeyRow = { total: number | bigint | null; id: string | null; openedAt: Date | string | null; queueSince: Date | string | null }
type WaitingRow = {
  id: string
  openedAt: Date | string
  queueSince: Date | string
  programme: string
  kind: string
  code: string
  languages: string | null
  transferredFrom: string | null
  requeued: number | bigint
  requested: number | bigint
}
type TransferredKey = { id: string; openedAt: Date; transferredInAt: Date }

const toDate = (value: Date | string) => (value instanceof Date ? value : new Date(value))

/**
 * The team's unassigned open cases as a counsellor of the team may see them before being assigned:
 * pseudonym code, programme, kind, the client's languages, the waiting time and where a transferred
 * case came from — the columns of the team lead's queue, nothing from the file. Every queued case,
 * a page of 50 at a time (decision 145): first the cases whose wait began after their opening, with a
 * transfer into the team or a return to the queue (`queueSince` later than the opening, decision 245), longest wait first; then the others, longest wait
 * first; equal waits in the order of opening. Waits are office days from `Case.queueSince`, which
 * triggers keep (decision 143), computed by `waitingDays` as for the lead's queue. Two statements:
 * the total and the transferred-in cases' keys from the queue's index alone; then the page's rows,
 * the others' slice as a range of the same index. Audited as one read of the list.
 */
export async function listWaitingCases(actor: Actor, { page = 1 }: { page?: number } = {}, now = new Date()) {
  if (actor.role !== 'COUNSELLOR') return { rows: [], total: 0, page: 1, pages: 1 }
  const teamId = actor.teamId
  // `INDEXED BY`: the team's queue as a range of its index whatever SQLite's statistics say (decision
  // 143). The row without an id carries the total (NULLs sort first).
  const keys = await readRows<WaitingKeyRow[]>`
    SELECT c."id", c."openedAt", c."queueSince", NULL AS total FROM "Case" c INDEXED BY ${QUEUE_INDEX}
    WHERE c."teamId" = ${teamId} AND c."queueSince" IS NOT NULL AND c."queueSince" > c."openedAt"
    UNION ALL
    SELECT NULL, NULL, NULL, COUNT(*) FROM "Case" INDEXED BY ${QUEUE_INDEX} WHERE "teamId" = ${teamId} AND "queueSince" IS NOT NULL
    ORDER BY 2, 1`
  let total = 0
  const transferred: TransferredKey[] = []
  for (const key of keys) {
    if (key.id === null) total = Number(key.total ?? 0)
    else transferred.push({ id: key.id, openedAt: toDate(key.openedAt!), transferredInAt: toDate(key.queueSince!) })
  }
  const todayDay = officeDay(now)
  const slices = waitingPageSlices({ total, transferred: transferred.length, page, size: WAITING_PAGE_SIZE })
  // Ranked only as far as the page reaches (the first n of the ranking are the same for any n, and
  // the walk stops early); stable: equal waits keep the order of opening (the keys' order).
  const transferredShown = slices.transferred.count
    ? longestWaiting(transferred, slices.transferred.from + slices.transferred.count, now, todayDay).slice(slices.transferred.from)
    : []
  const { from: othersFrom, count: othersShown } = slices.others
  const rows: WaitingCase[] = []
  if (transferredShown.length + othersShown > 0) {
    // The page's cases: the transferred-in ones by id ('' matches none: an IN list may not be
    // empty) and the others' slice of the queue's index; CROSS JOIN keeps SQLite starting from them
    // (with no statistics it would rather walk "Case" for the OR of the two). `+`: the check that
    // each is still the team's and queued (it may have been assigned since the first statement)
    // must not become an index walk of its own. The sending team is the last completed transfer into
    // the team, by case (the index is named: on a small Transfer table's statistics SQLite scans it).
    const byId = Prisma.join(transferredShown.length ? transferredShown.map(({ row }) => row.id) : [''])
    const found = await readRows<WaitingRow[]>`
      SELECT c."id", c."openedAt", c."queueSince", c."programme", c."kind", cl."pseudonymCode" AS code,
        (SELECT group_concat("languageCode", ',') FROM "ClientLanguage" WHERE "clientId" = cl."id") AS languages,
        (SELECT ft."name" FROM "Transfer" t INDEXED BY "Transfer_caseId_at_idx" CROSS JOIN "Team" ft ON ft."id" = t."fromTeamId"
          WHERE t."caseId" = c."id" AND t."toTeamId" = ${teamId} AND +t."status" = 'DONE' ORDER BY t."at" DESC LIMIT 1) AS transferredFrom,
        c."requeuedAt" IS NOT NULL AS requeued,
        EXISTS (SELECT 1 FROM "TakeoverRequest" WHERE "caseId" = c."id" AND "status" = 'OPEN' AND "requestedById" = ${actor.id}) AS requested
      FROM (
        SELECT "id" FROM "Case" WHERE "id" IN (${byId})
        UNION ALL
        SELECT "id" FROM (SELECT "id" FROM "Case" INDEXED BY ${QUEUE_INDEX}
          WHERE "teamId" = ${teamId} AND "queueSince" IS NOT NULL AND "queueSince" = "openedAt"
          ORDER BY "queueSince", "openedAt", "id" LIMIT ${othersShown} OFFSET ${othersFrom})) p
      CROSS JOIN "Case" c ON c."id" = p."id"
      CROSS JOIN "Client" cl ON cl."id" = c."clientId"
      WHERE +c."teamId" = ${teamId} AND +c."queueSince" IS NOT NULL
      ORDER BY c."openedAt", c."id"`
    const rowById = new Map<string, WaitingRow>()
    for (const row of found) rowById.set(row.id, row)
    // The transferred-in cases in their ranked order, then the others in the index's order (opening, id).
    for (const { row: key, waitingDays: days } of transferredShown) {
      const row = rowById.get(key.id)
      if (!row) continue // assigned between the two statements
      rowById.delete(key.id)
      rows.push(waitingCaseOf(row, days))
    }
    for (const row of rowById.values()) rows.push(waitingCaseOf(row, waitingDays(toDate(row.openedAt), toDate(row.queueSince), now, todayDay)))
  }
  await audit({ userId: actor.id, action: 'takeover.list', entity: 'team', entityId: teamId, details: { shown: rows.length, page: slices.page } })
  return { rows, total, page: slices.page, pages: slices.pages }
}

type WaitingCase = {
  id: string
  code: string
  programme: string
  kind: string
  languages: string[]
  transferredFrom: string | null
  requeued: boolean
  waitingDays: number
  requested: boolean
}

function waitingCaseOf(row: WaitingRow, days: number): WaitingCase {
  return {
    id: row.id,
    code: row.code,
    programme: row.programme,
    kind: row.kind,
    languages: row.languages ? row.languages.split(',').sort() : [],
    transferredFrom: row.transferredFrom,
    requeued: Number(row.requeued) > 0,
    waitingDays: days,
    requested: Number(row.requested) > 0,
  }
}

export type TakeoverRequestResult = { ok: true; requestId: string } | { ok: false; reason: 'already-requested' | 'taken' }

/**
 * A counsellor asks to take an unassigned case of their team. The policy decides (`request-takeover`:
 * a case of another team, an assigned one or a closed one answers 404 like any case one may not
 * see). The team's active leads are notified; the notice carries the case id only.
 */
export async function requestTakeover(actor: Actor, caseId: string): Promise<TakeoverRequestResult> {
  const access = await requireCaseAccess(actor, caseId, 'request-takeover')
  if (access.status === 'CLOSED') throw new Response('Not found', { status: 404 })
  return prisma.$transaction(async (tx) => {
    const kase = await tx.case.findFirst({ where: { id: access.id, teamId: actor.teamId, counsellorId: null, status: { not: 'CLOSED' } }, select: { id: true } })
    if (!kase) return { ok: false as const, reason: 'taken' as const }
    const open = await tx.takeoverRequest.findFirst({ where: { caseId: kase.id, requestedById: actor.id, status: 'OPEN' }, select: { id: true } })
    if (open) return { ok: false as const, reason: 'already-requested' as const }
    const request = await tx.takeoverRequest.create({ data: { caseId: kase.id, requestedById: actor.id }, select: { id: true, at: true } })
    const leads = await tx.user.findMany({ where: { teamId: actor.teamId, role: 'TEAM_LEAD', active: true }, select: { id: true } })
    if (leads.length) {
      await tx.notification.createMany({ data: leads.map((lead) => ({ userId: lead.id, kind: 'TAKEOVER_REQUEST', caseId: kase.id, subjectUserId: actor.id, createdAt: request.at })) })
    }
    await audit({ userId: actor.id, action: 'case.takeover-request', entity: 'takeover-request', entityId: request.id, caseId: kase.id, details: { notified: leads.length } }, tx)
    return { ok: true as const, requestId: request.id }
  })
}

/**
 * Open takeover requests of the team's cases for its lead (/team), oldest first. One statement,
 * starting from the organisation's open requests (a handful, index status, at; CROSS JOIN keeps it
 * there) and looking up each one's case: filtering on the case's team first let SQLite walk the
 * team's 38,000 cases for their requests (11 ms per page at 100,000 cases with no request open).
 * The ORM needed up to three statements (the open requests, their cases, the requesters' names).
 * `+${teamId}`: a value the planner does not look at, so the statement is not prepared again at
 * every run (decision 148).
 */
export async function listOpenTakeoverRequests(teamId: string) {
  const rows = await readRows<OpenTakeoverRow[]>`
    SELECT r."id", r."at", r."caseId", c."version", c."clientCode" AS code, u."displayName" AS requestedBy
    FROM "TakeoverRequest" r
      CROSS JOIN "Case" c ON c."id" = r."caseId"
      LEFT JOIN "User" u ON u."id" = r."requestedById"
    WHERE r."status" = 'OPEN' AND c."teamId" = +${teamId}
    ORDER BY r."at" ASC, r."id" ASC`
  return rows.map((row) => ({
    id: row.id,
    at: row.at instanceof Date ? row.at : new Date(row.at),
    caseId: row.caseId,
    code: row.code,
    version: Number(row.version),
    requestedBy: row.requestedBy,
  }))
}

type OpenTakeoverRow = { id: string; at: Date | string; caseId: string; version: number | bigint; code: string; requestedBy: string | null }

export type TakeoverDecision = { ok: true; caseId: string } | { ok: false; reason: 'no-request' | 'taken' | 'requester-unavailable' }

/**
 * The team lead confirms a request: the requester is assigned, the case's open follow-ups go with it,
 * the other requests for the case are answered (SUPERSEDED) and the leads' notices about it are read
 * — one transaction, audited. `version` is the case's version the lead saw: if anyone assigned or
 * changed the case since, nothing happens and the lead is told.
 */
export async function confirmTakeover(actor: Actor, { requestId, version }: { requestId: string; version: number }, now = new Date()): Promise<TakeoverDecision> {
  return prisma.$transaction(async (tx) => {
    const request = await tx.takeoverRequest.findFirst({
      where: { id: requestId, status: 'OPEN', case: { teamId: actor.teamId } },
      select: { id: true, caseId: true, requestedById: true },
    })
    if (!request) return { ok: false as const, reason: 'no-request' as const }
    const requester = await tx.user.findFirst({ where: { id: request.requestedById, ...assignableWhere(actor.teamId) }, select: { id: true } })
    if (!requester) return { ok: false as const, reason: 'requester-unavailable' as const }
    const { count } = await tx.case.updateMany({
      where: { id: request.caseId, teamId: actor.teamId, counsellorId: null, status: { not: 'CLOSED' }, version },
      data: { counsellorId: requester.id, version: { increment: 1 }, updatedById: actor.id },
    })
    if (count === 0) return { ok: false as const, reason: 'taken' as const }
    await tx.takeoverRequest.update({ where: { id: request.id }, data: { status: 'ACCEPTED', decidedById: actor.id, decidedAt: now } })
    await tx.takeoverRequest.updateMany({ where: { caseId: request.caseId, status: 'OPEN' }, data: { status: 'SUPERSEDED', decidedById: actor.id, decidedAt: now } })
    await tx.assignment.create({ data: { caseId: request.caseId, toUserId: requester.id, assignedById: actor.id, note: 'takeover', at: now } })
    await moveOpenFollowUps(tx, request.caseId, requester.id)
    await tx.notification.updateMany({ where: { caseId: request.caseId, kind: 'TAKEOVER_REQUEST', readAt: null }, data: { readAt: now } })
    await audit({ userId: actor.id, action: 'case.assign', entity: 'case', entityId: request.caseId, caseId: request.caseId, details: { toUserId: requester.id, via: 'takeover', requestId: request.id } }, tx)
    return { ok: true as const, caseId: request.caseId }
  })
}

/** The team lead declines a request; the case stays in the queue. */
export async function declineTakeover(actor: Actor, requestId: string, now = new Date()) {
  return prisma.$transaction(async (tx) => {
    const request = await tx.takeoverRequest.findFirst({ where: { id: requestId, status: 'OPEN', case: { teamId: actor.teamId } }, select: { id: true, caseId: true } })
    if (!request) return false
    await tx.takeoverRequest.update({ where: { id: request.id }, data: { status: 'DECLINED', decidedById: actor.id, decidedAt: now } })
    await audit({ userId: actor.id, action: 'case.takeover-decline', entity: 'takeover-request', entityId: request.id, caseId: request.caseId }, tx)
    return true
  })
}

/**
 * What the receiving team lead's start page shows: how many cases wait for a counsellor, the ones
 * that arrived by transfer first (newest handover first), and the open takeover requests. Three
 * statements, the transfers with the sending team and the case's code joined and the requests
 * counted from the organisation's open ones (index status, at; CROSS JOIN keeps SQLite there, as
 * in listOpenTakeoverRequests): the ORM needed six, four of them for the transfers. Read straight
 * from the connection (`readRows`, decision 067), the team bound as `+${teamId}` (decision 146:
 * with a plain value the planner reads it and SQLite compiles the statement anew at every run; the
 * plans are the same without it). The transfers' statement names the plan the planner chose when it
 * saw the team on 100,000 cases (the team's DONE transfers from their index, then each one's case
 * by key; INDEXED BY and CROSS JOIN): without the value, a small table's statistics let it start
 * from the team's waiting cases or scan the three teams, and with it scan every transfer. The
 * sending team's name by its key in a subquery of the Team table alone, which SQLite answers by the
 * unique key whatever its statistics say (every transfer has its sending team: a required foreign
 * key), without naming the key's index (`sqlite_autoindex_Team_1`, a name SQLite derives from the
 * order of the table's constraints; session 24).
 */
export async function getArrivals(teamId: string) {
  const [[waiting], transferredIn, [requests]] = await Promise.all([
    readRows<Array<{ n: number | bigint }>>`
      SELECT COUNT(*) AS n FROM "Case" WHERE "teamId" = +${teamId} AND "counsellorId" IS NULL AND "status" <> 'CLOSED'`,
    readRows<ArrivalRow[]>`
      SELECT t."caseId", t."at", t."completedAt", (SELECT ft."name" FROM "Team" ft WHERE ft."id" = t."fromTeamId") AS fromTeam, c."clientCode" AS code
      FROM "Transfer" t INDEXED BY "Transfer_toTeamId_status_idx"
        CROSS JOIN "Case" c ON c."id" = t."caseId"
      WHERE t."toTeamId" = +${teamId} AND t."status" = 'DONE'
        AND c."teamId" = +${teamId} AND c."counsellorId" IS NULL AND c."status" <> 'CLOSED'
      ORDER BY t."at" DESC, t."id" DESC
      LIMIT 20`,
    readRows<Array<{ n: number | bigint }>>`
      SELECT COUNT(*) AS n FROM "TakeoverRequest" r CROSS JOIN "Case" c ON c."id" = r."caseId"
      WHERE r."status" = 'OPEN' AND c."teamId" = +${teamId}`,
  ])
  const toDate = (value: Date | string) => (value instanceof Date ? value : new Date(value))
  // A case moved back and forth has several transfers into the team: the newest one counts.
  const transfers = new Map<string, { caseId: string; code: string; fromTeam: string; at: Date }>()
  for (const transfer of transferredIn) {
    if (transfers.has(transfer.caseId)) continue
    transfers.set(transfer.caseId, { caseId: transfer.caseId, code: transfer.code, fromTeam: transfer.fromTeam, at: toDate(transfer.completedAt ?? transfer.at) })
  }
  return { waiting: Number(waiting?.n ?? 0), transfers: [...transfers.values()], requests: Number(requests?.n ?? 0) }
}

type ArrivalRow = { caseId: string; at: Date | string; completedAt: Date | string | null; fromTeam: string; code: string }

/**
 * The handover note of the transfer that brought the case into its team, while the case waits for
 * a counsellor there (the banner on the case overview); null once someone is assigned.
 */
export async function getArrivingHandover(access: { id: string; teamId: string; counsellorId: string | null }) {
  if (access.counsellorId) return null
  const last = await prisma.transfer.findFirst({
    where: { caseId: access.id, status: 'DONE' },
    select: { toTeamId: true, reason: true, handoverNote: true, at: true, completedAt: true, fromTeam: { select: { name: true } } },
    orderBy: { at: 'desc' },
  })
  if (!last || last.toTeamId !== access.teamId) return null
  return { fromTeam: last.fromTeam.name, reason: last.reason, handoverNote: last.handoverNote, at: last.completedAt ?? last.at }
}
