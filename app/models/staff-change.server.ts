// Staff changes (issue 14, item 5; decision 038). A counsellor who is deactivated, moves to another
// team or becomes an administrator (decision 203) leaves no case behind: their open cases and follow-ups go to a named colleague of the team or
// to the team's unassigned queue (the team's leads are notified per case), in the same transaction as
// the account change, audited per case. The administrator sees how much work is open, never which
// client it concerns (administrators see no case contents, PRODUCT.md §1).
import { today } from '#app/domain/follow-up.ts'
import { audit } from '#app/utils/audit.server.ts'
import { prisma, readRows, type TransactionClient } from '#app/utils/db.server.ts'
import { assignableWhere, mayReceiveCase } from './assignable.server.ts'
import { rehomeUnreadableFollowUps } from './follow-up.server.ts'
import { moveOpenFollowUps } from './team-lead.server.ts'

/**
 * How much open work a person holds: their not-closed cases (by status) and open follow-ups. Counted by assignee:
 * an open follow-up is always for someone who may read its case (decision 203), so these are the follow-ups the
 * person's own pages show.
 */
export async function getOpenWork(userId: string, now = new Date()) {
  const [cases, followUps, overdue] = await Promise.all([
    prisma.case.groupBy({ by: ['status'], where: { counsellorId: userId, status: { not: 'CLOSED' } }, _count: { _all: true } }),
    prisma.followUp.count({ where: { assigneeId: userId, doneAt: null, case: { status: { not: 'CLOSED' } } } }),
    prisma.followUp.count({ where: { assigneeId: userId, doneAt: null, case: { status: { not: 'CLOSED' } }, dueDate: { lt: today(now).date } } }),
  ])
  const byStatus = Object.fromEntries(cases.map((row) => [row.status, row._count._all]))
  return { cases: cases.reduce((sum, row) => sum + row._count._all, 0), byStatus, followUps, overdue }
}

export type OpenWork = Awaited<ReturnType<typeof getOpenWork>>

/** Colleagues of the team who can take the cases: active counsellors and team leads, not the person leaving. */
export async function listHandoverColleagues(teamId: string, leavingUserId: string) {
  return prisma.user.findMany({
    where: { ...assignableWhere(teamId), id: { not: leavingUserId } },
    select: { id: true, displayName: true },
    orderBy: { displayName: 'asc' },
  })
}

/** `null`: the team's unassigned queue. */
export type HandoverTarget = string | null

/**
 * Hands a person's open work over inside the caller's transaction (the account change). Cases of
 * their team go to `target` (a colleague of that team, checked here) or to the queue; a case of
 * another team they still held goes to that team's queue. Each case gets an assignment record and an
 * audit event; its open follow-ups go with it; the remaining open follow-ups assigned to the person
 * (on cases of colleagues) go to each case's counsellor, or to nobody when that counsellor may not hold them
 * (decision 203), each audited as `follow-up.reassign`. Team leads are told of every case that
 * lands in their queue. Returns the number of cases handed over.
 */
export async function handOverOpenWork(
  tx: TransactionClient,
  { userId, teamId, target, actorId, reason }: { userId: string; teamId: string; target: HandoverTarget; actorId: string; reason: 'deactivated' | 'team-change' | 'role-change' },
) {
  if (target) {
    if (target === userId || !(await mayReceiveCase(tx, teamId, target))) throw new HandoverTargetUnavailable()
  }
  const now = new Date()
  const cases = await tx.case.findMany({ where: { counsellorId: userId, status: { not: 'CLOSED' } }, select: { id: true, teamId: true, version: true } })
  const leadsByTeam = new Map<string, string[]>()
  const leadsOf = async (caseTeamId: string) => {
    if (!leadsByTeam.has(caseTeamId)) {
      const leads = await tx.user.findMany({ where: { teamId: caseTeamId, role: 'TEAM_LEAD', active: true, id: { not: userId } }, select: { id: true } })
      leadsByTeam.set(caseTeamId, leads.map((lead) => lead.id))
    }
    return leadsByTeam.get(caseTeamId)!
  }
  for (const kase of cases) {
    const to = kase.teamId === teamId ? target : null
    // Versioned like every reassignment: a case changed in between would fail the whole handover.
    const { count } = await tx.case.updateMany({
      where: { id: kase.id, counsellorId: userId, version: kase.version },
      data: { counsellorId: to, version: { increment: 1 }, updatedById: actorId },
    })
    if (count === 0) throw new HandoverConflict()
    await tx.assignment.create({ data: { caseId: kase.id, fromUserId: userId, toUserId: to, assignedById: actorId, note: 'staff-change', at: now, readAt: to ? null : now } })
    await moveOpenFollowUps(tx, kase.id, to)
    const event = await audit({ userId: actorId, action: 'case.assign', entity: 'case', entityId: kase.id, caseId: kase.id, details: { fromUserId: userId, toUserId: to, via: 'staff-change', reason } }, tx)
    if (!to) {
      const leads = await leadsOf(kase.teamId)
      if (leads.length) await tx.notification.createMany({ data: leads.map((lead) => ({ userId: lead, kind: 'QUEUED', caseId: kase.id, auditEventId: event.id, createdAt: now })) })
    }
  }
  // The rest (on colleagues' cases) go to each case's counsellor when the counsellor may hold them, else to nobody,
  // each audited (decision 203): not to a counsellor who has left or moved.
  await rehomeUnreadableFollowUps(tx, { assigneeId: userId, leaving: true }, { actorId, reason })
  return cases.length
}

/** The chosen colleague is no longer active in the team: nothing is changed. */
export class HandoverTargetUnavailable extends Error {}
/** A case changed while it was handed over: nothing is changed. */
export class HandoverConflict extends Error {}

/**
 * Cases of the team whose counsellor can no longer work on them — deactivated, now in another team, or
 * made administrator (who reads no case; data from before decision 203, which hands the work over at that
 * change) — for the team lead's overview (/team): they appear on nobody's worklist until reassigned.
 * The oldest 200 by opening. One statement: those counsellors first (CROSS JOIN keeps SQLite on a
 * few of the organisation's users), then their cases by index (teamId, counsellorId, status) —
 * filtering on the counsellor through the join walked every open case of the team (≈ 30,000 at
 * 100,000 cases, 85 ms) whenever fewer than 200 were orphaned, and ORDER BY … LIMIT on the case
 * made SQLite walk the team's cases in date order (index teamId, openedAt). The ORM needed three
 * statements (the people, the cases' ids and dates, then the page's details), ≈ 1 ms of its
 * JavaScript on every /team even when none is orphaned. Sorted here, as before: few rows. The code
 * is the case's copy (`clientCode`, kept by triggers, decision 045): a departed counsellor's ≈ 2,000
 * cases are read before the 200 are chosen, without a look-up of each client. `+${teamId}`: a value
 * the planner does not look at, so the statement is not prepared again at every run (decision 148).
 */
export async function listOrphanedCases(teamId: string) {
  const found = await readRows<OrphanedCaseRow[]>`
    SELECT c."id", c."openedAt", c."clientCode" AS code, u."displayName" AS counsellor, u."active", u."role" = 'ADMIN' AS "administrator"
    FROM "User" u
      CROSS JOIN "Case" c ON c."teamId" = +${teamId} AND c."counsellorId" = u."id" AND c."status" <> 'CLOSED'
    WHERE u."active" = 0 OR u."teamId" <> +${teamId} OR u."role" = 'ADMIN'`
  return found.map(orphanedDated).sort(byOpeningThenId).slice(0, 200).map(orphanedCaseOf)
}

type OrphanedCaseRow = { id: string; openedAt: Date | string; code: string; counsellor: string; active: boolean | number | bigint; administrator: boolean | number | bigint }
type DatedOrphanedCase = OrphanedCaseRow & { openedAt: Date }

// Module-level, not arrows made per call: /team runs them on every view, and V8 drops a per-request
// callback's optimised code at every full collection (decisions 137, 139).
function orphanedDated(row: OrphanedCaseRow): DatedOrphanedCase {
  return { ...row, openedAt: row.openedAt instanceof Date ? row.openedAt : new Date(row.openedAt) }
}

function byOpeningThenId(a: DatedOrphanedCase, b: DatedOrphanedCase) {
  return a.openedAt.getTime() - b.openedAt.getTime() || a.id.localeCompare(b.id)
}

function orphanedCaseOf(row: DatedOrphanedCase) {
  return {
    id: row.id,
    code: row.code,
    counsellor: row.counsellor,
    why: !Number(row.active) ? ('inactive' as const) : Number(row.administrator) ? ('administrator' as const) : ('other-team' as const),
  }
}

/** A counsellor's open cases in the team, for the team lead's bulk reassignment (/team/reassign); audited as one list read. */
export async function listCasesToReassign(teamId: string, counsellorId: string, actorId: string) {
  const cases = await prisma.case.findMany({
    where: { teamId, counsellorId, status: { not: 'CLOSED' } },
    select: { id: true, version: true, status: true, programme: true, openedAt: true, client: { select: { pseudonymCode: true } } },
    orderBy: { openedAt: 'asc' },
    take: 500,
  })
  await audit({ userId: actorId, action: 'team.reassign-list', entity: 'user', entityId: counsellorId, details: { shown: cases.length } })
  return cases.map((kase) => ({ id: kase.id, version: kase.version, status: kase.status, programme: kase.programme, openedAt: kase.openedAt, code: kase.client.pseudonymCode }))
}

export type BulkReassignResult = { ok: true; moved: number } | { ok: false; reason: 'stale'; changed: number } | { ok: false; reason: 'target' }

/**
 * Moves the chosen cases of one counsellor to another in one transaction, audited per case. Each case
 * moves only if it is still this counsellor's, in this team, at the version the team lead saw; if any
 * one changed in between (another reassignment, an edit), nothing moves and the lead is told — so
 * with parallel requests a case is never lost or assigned twice. A case sent twice as the same `id:version` (a
 * doubled form field) moves once, not as "changed in between" by its own first copy.
 */
export async function bulkReassign(
  { teamId, fromId, toId, cases }: { teamId: string; fromId: string; toId: string; cases: Array<{ id: string; version: number }> },
  actorId: string,
): Promise<BulkReassignResult> {
  return prisma
    .$transaction(async (tx) => {
      if (toId === fromId || !(await mayReceiveCase(tx, teamId, toId))) return { ok: false as const, reason: 'target' as const }
      const now = new Date()
      const chosen = [...new Map(cases.map((kase) => [`${kase.id}:${kase.version}`, kase])).values()]
      let changed = 0
      for (const kase of chosen) {
        const { count } = await tx.case.updateMany({
          where: { id: kase.id, teamId, counsellorId: fromId, version: kase.version, status: { not: 'CLOSED' } },
          data: { counsellorId: toId, version: { increment: 1 }, updatedById: actorId },
        })
        if (count === 0) {
          changed += 1
          continue
        }
        await tx.assignment.create({ data: { caseId: kase.id, fromUserId: fromId, toUserId: toId, assignedById: actorId, note: 'bulk', at: now, readAt: toId === actorId ? now : null } })
        await moveOpenFollowUps(tx, kase.id, toId)
        await audit({ userId: actorId, action: 'case.assign', entity: 'case', entityId: kase.id, caseId: kase.id, details: { fromUserId: fromId, toUserId: toId, via: 'bulk' } }, tx)
      }
      if (changed > 0) throw new StaleBulk(changed)
      return { ok: true as const, moved: chosen.length }
    })
    .catch((error: unknown) => {
      if (error instanceof StaleBulk) return { ok: false as const, reason: 'stale' as const, changed: error.changed }
      throw error
    })
}

/** Thrown inside the transaction so that the cases already moved are rolled back with it. */
class StaleBulk extends Error {
  constructor(readonly changed: number) {
    super('stale')
  }
}

/** The name of the person whose cases are being reassigned (they may be inactive or in another team by now). */
export async function findCaseHolder(userId: string) {
  return prisma.user.findUnique({ where: { id: userId }, select: { id: true, displayName: true } })
}
