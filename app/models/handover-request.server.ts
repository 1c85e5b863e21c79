// Transfer requests across teams (issue 14, item 1, decision 043). The duplicate check found the
// person in a team the user cannot read; the user may ask that team to hand the case over. Nothing of
// the case is shown before the holding team's lead grants the request: the check's answer carries a
// signed token instead of the case id, the request names the holding team only, and a decline reaches
// the requester without any case reference. A grant is a normal transfer (transferInTransaction): the
// holding team loses access the moment it commits, the case arrives in the requesting team — assigned
// to the requester when a counsellor asked — and its confidential notes stay hidden as after any
// transfer. Of parallel grants and declines exactly one wins: each claims the OPEN request first.
import crypto from 'node:crypto'
import { type Actor } from '#app/domain/access-policy.ts'
import { visibleCasesWhere } from '#app/models/case-access.server.ts'
import { moveOpenFollowUps } from '#app/models/team-lead.server.ts'
import { transferInTransaction, type TransferReason } from '#app/models/transfer.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import { prisma, readRows, type TransactionClient } from '#app/utils/db.server.ts'
import { getSessionSecrets } from '#app/utils/env.server.ts'

/** How long a duplicate check's answer can be turned into a request. */
export const HANDOVER_TOKEN_MINUTES = 30

const sign = (payload: string, secret: string) => crypto.createHmac('sha256', secret).update(`handover-request|${payload}`).digest('base64url')

/**
 * The token a duplicate check hands out for a match in another team: it names the case for the
 * server only, binds it to the user who checked and expires. The case id inside is not case data,
 * but it is not written into the page as such: the page shows the holding team's name only.
 */
export function handoverToken(caseId: string, userId: string, now = new Date()): string {
  const payload = Buffer.from(JSON.stringify({ c: caseId, u: userId, e: now.getTime() + HANDOVER_TOKEN_MINUTES * 60_000 })).toString('base64url')
  return `${payload}.${sign(payload, getSessionSecrets()[0]!)}`
}

/** The case id of a valid token of this user, else null (forged, someone else's or expired). */
export function readHandoverToken(token: string, userId: string, now = new Date()): string | null {
  const [payload, signature, ...rest] = token.split('.')
  if (!payload || !signature || rest.length) return null
  const given = Buffer.from(signature)
  const valid = getSessionSecrets().some((secret) => {
    const expected = Buffer.from(sign(payload, secret))
    return expected.length === given.length && crypto.timingSafeEqual(expected, given)
  })
  if (!valid) return null
  try {
    const { c, u, e } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { c?: unknown; u?: unknown; e?: unknown }
    if (typeof c !== 'string' || u !== userId || typeof e !== 'number' || e < now.getTime()) return null
    return c
  } catch {
    return null
  }
}

export type HandoverRequestResult = { ok: true; requestId: string } | { ok: false; reason: 'expired' | 'already-requested' }

/**
 * A counsellor or lead asks the team holding the case to hand it over. A token that is invalid,
 * expired, or names a case that is now in the user's own team answers 'expired' (check again); the
 * holding team's leads are notified with the case id (their own case).
 */
export async function requestHandover(actor: Actor, { token, reason }: { token: string; reason: string }, now = new Date()): Promise<HandoverRequestResult> {
  const caseId = readHandoverToken(token, actor.id, now)
  if (!caseId) return { ok: false, reason: 'expired' }
  return prisma.$transaction(async (tx) => {
    const kase = await tx.case.findUnique({ where: { id: caseId }, select: { id: true, teamId: true } })
    if (!kase || kase.teamId === actor.teamId) return { ok: false as const, reason: 'expired' as const }
    const open = await tx.handoverRequest.findFirst({ where: { caseId, toTeamId: actor.teamId, status: 'OPEN' }, select: { id: true } })
    if (open) return { ok: false as const, reason: 'already-requested' as const }
    const request = await tx.handoverRequest.create({
      data: { caseId, fromTeamId: kase.teamId, toTeamId: actor.teamId, requestedById: actor.id, reason, at: now },
      select: { id: true },
    })
    const leads = await tx.user.findMany({ where: { teamId: kase.teamId, role: 'TEAM_LEAD', active: true }, select: { id: true } })
    if (leads.length) {
      await tx.notification.createMany({ data: leads.map((lead) => ({ userId: lead.id, kind: 'HANDOVER_REQUEST', caseId, subjectUserId: actor.id, createdAt: now })) })
    }
    await audit(
      { userId: actor.id, action: 'case.handover-request', entity: 'handover-request', entityId: request.id, caseId, details: { fromTeamId: kase.teamId, toTeamId: actor.teamId, notified: leads.length } },
      tx,
    )
    return { ok: true as const, requestId: request.id }
  })
}

async function teamNames(ids: string[]) {
  const teams = await prisma.team.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, name: true } })
  return new Map(teams.map((team) => [team.id, team.name]))
}

async function userNames(ids: string[]) {
  const users = await prisma.user.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, displayName: true } })
  return new Map(users.map((user) => [user.id, user.displayName]))
}

/**
 * The user's own requests, newest first, with their answers. A granted request links its case only
 * while the user may read it; an open, declined or superseded one names the holding team and nothing
 * of the case. Showing them reads the user's answer notices.
 */
export async function listOwnHandoverRequests(actor: Actor, limit = 50) {
  const requests = await prisma.handoverRequest.findMany({
    where: { requestedById: actor.id },
    select: { id: true, caseId: true, fromTeamId: true, reason: true, status: true, at: true, decidedAt: true, declineReason: true },
    orderBy: { at: 'desc' },
    take: limit,
  })
  const granted = requests.filter((request) => request.status === 'GRANTED').map((request) => request.caseId)
  const [teams, readable] = await Promise.all([
    teamNames(requests.map((request) => request.fromTeamId)),
    granted.length
      ? prisma.case.findMany({ where: { AND: [await visibleCasesWhere(actor), { id: { in: granted } }] }, select: { id: true, client: { select: { pseudonymCode: true } } } })
      : [],
  ])
  const codes = new Map(readable.map((kase) => [kase.id, kase.client.pseudonymCode]))
  const rows = requests.map((request) => {
    const code = request.status === 'GRANTED' ? (codes.get(request.caseId) ?? null) : null
    return {
      id: request.id,
      team: teams.get(request.fromTeamId) ?? null,
      reason: request.reason,
      status: request.status as 'OPEN' | 'GRANTED' | 'DECLINED' | 'SUPERSEDED',
      at: request.at,
      decidedAt: request.decidedAt,
      declineReason: request.status === 'DECLINED' ? request.declineReason : null,
      caseId: code ? request.caseId : null,
      code,
    }
  })
  await prisma.notification.updateMany({ where: { userId: actor.id, kind: 'HANDOVER_ANSWERED', readAt: null }, data: { readAt: new Date() } })
  return rows
}

/** Open requests for the team's cases, oldest first, for its lead (/team and the start page). */
export async function listOpenHandoverRequests(teamId: string) {
  // One statement with the case's code, the asking team and the requester joined: the ORM read each
  // relation with a statement of its own (≈ 1 ms CPU each on /team, also when none is open).
  // `+${teamId}`: a value the planner does not look at, so the statement is not prepared again at
  // every run (decision 148).
  const rows = await readRows<OpenHandoverRow[]>`
    SELECT h."id", h."at", h."caseId", h."reason", cl."pseudonymCode" AS code, tt."name" AS toTeam, u."displayName" AS requestedBy
    FROM "HandoverRequest" h
    JOIN "Case" c ON c."id" = h."caseId"
    JOIN "Client" cl ON cl."id" = c."clientId"
    LEFT JOIN "Team" tt ON tt."id" = h."toTeamId"
    LEFT JOIN "User" u ON u."id" = h."requestedById"
    WHERE h."fromTeamId" = +${teamId} AND h."status" = 'OPEN' AND c."teamId" = +${teamId}
    ORDER BY h."at", h."id"`
  return rows.map((row) => ({
    id: row.id,
    at: row.at instanceof Date ? row.at : new Date(row.at),
    caseId: row.caseId,
    code: row.code,
    toTeam: row.toTeam,
    requestedBy: row.requestedBy,
    reason: row.reason,
  }))
}

type OpenHandoverRow = { id: string; at: Date | string; caseId: string; reason: string; code: string; toTeam: string | null; requestedBy: string | null }

/**
 * One request as the holding team's lead decides it; null for a request of another team (the page
 * answers 404). An answered request shows its answer only — the case may have left the team.
 */
export async function getHandoverRequestForLead(actor: Actor, requestId: string) {
  const request = await prisma.handoverRequest.findFirst({
    where: { id: requestId, fromTeamId: actor.teamId },
    select: { id: true, caseId: true, toTeamId: true, requestedById: true, reason: true, status: true, at: true, decidedAt: true, declineReason: true },
  })
  if (!request) return null
  const [teams, users] = await Promise.all([teamNames([request.toTeamId]), userNames([request.requestedById])])
  const base = {
    id: request.id,
    status: request.status as 'OPEN' | 'GRANTED' | 'DECLINED' | 'SUPERSEDED',
    toTeam: teams.get(request.toTeamId) ?? null,
    requestedBy: users.get(request.requestedById) ?? null,
    reason: request.reason,
    at: request.at,
    decidedAt: request.decidedAt,
    declineReason: request.declineReason,
  }
  const kase =
    request.status === 'OPEN'
      ? await prisma.case.findFirst({
          where: { id: request.caseId, teamId: actor.teamId },
          select: { id: true, version: true, status: true, client: { select: { pseudonymCode: true } }, counsellor: { select: { displayName: true } }, _count: { select: { followUps: { where: { doneAt: null } } } } },
        })
      : null
  await audit({ userId: actor.id, action: 'handover-request.read', entity: 'handover-request', entityId: request.id, caseId: kase ? request.caseId : null })
  return {
    ...base,
    case: kase ? { id: kase.id, version: kase.version, status: kase.status, code: kase.client.pseudonymCode, counsellor: kase.counsellor?.displayName ?? null, openFollowUps: kase._count.followUps } : null,
  }
}

export type HandoverDecision = { ok: true; caseId: string } | { ok: false; reason: 'answered' | 'stale' | 'inactive-team' }

/** Rolls the claimed request back with the transaction when the transfer cannot happen. */
class GrantRefused extends Error {
  constructor(readonly reason: 'stale' | 'inactive-team') {
    super(reason)
  }
}

async function notifyRequester(tx: TransactionClient, requestedById: string, caseId: string | null, now: Date) {
  await tx.notification.create({ data: { userId: requestedById, kind: 'HANDOVER_ANSWERED', caseId, createdAt: now } })
}

async function readLeadNoticesWhenSettled(tx: TransactionClient, caseId: string, now: Date) {
  const stillOpen = await tx.handoverRequest.count({ where: { caseId, status: 'OPEN' } })
  if (stillOpen === 0) await tx.notification.updateMany({ where: { caseId, kind: 'HANDOVER_REQUEST', readAt: null }, data: { readAt: now } })
}

/**
 * The holding team's lead grants a request: claims it, transfers the case to the requesting team at
 * the version the lead saw (the confirm step's summary), assigns it to the requester when a
 * counsellor of that team asked, answers the other open requests for the case (SUPERSEDED) and
 * notifies the requesters — one transaction, audited. `dryRun` checks without writing.
 */
export async function grantHandoverRequest(
  actor: Actor,
  { requestId, version, reason, handoverNote }: { requestId: string; version: number; reason: TransferReason; handoverNote?: string | null },
  { dryRun = false, now = new Date() }: { dryRun?: boolean; now?: Date } = {},
): Promise<HandoverDecision> {
  return prisma
    .$transaction(async (tx) => {
      const request = await tx.handoverRequest.findFirst({ where: { id: requestId, fromTeamId: actor.teamId, status: 'OPEN' }, select: { id: true, caseId: true, toTeamId: true, requestedById: true } })
      if (!request) return { ok: false as const, reason: 'answered' as const }
      if (dryRun) {
        const kase = await tx.case.findFirst({ where: { id: request.caseId, teamId: actor.teamId, version }, select: { id: true } })
        const target = await tx.team.findUnique({ where: { id: request.toTeamId }, select: { active: true } })
        if (!target?.active) return { ok: false as const, reason: 'inactive-team' as const }
        return kase ? { ok: true as const, caseId: request.caseId } : { ok: false as const, reason: 'stale' as const }
      }
      const claimed = await tx.handoverRequest.updateMany({ where: { id: request.id, status: 'OPEN' }, data: { status: 'GRANTED', decidedById: actor.id, decidedAt: now } })
      if (claimed.count === 0) return { ok: false as const, reason: 'answered' as const }
      const moved = await transferInTransaction(tx, {
        caseId: request.caseId,
        fromTeamId: actor.teamId,
        actor,
        input: { toTeamId: request.toTeamId, reason, handoverNote: handoverNote || null, version },
      })
      if (!moved.ok) throw new GrantRefused(moved.reason === 'inactive-team' ? 'inactive-team' : 'stale')
      await tx.handoverRequest.update({ where: { id: request.id }, data: { transferId: moved.transferId } })
      // The counsellor who asked gets the case; a lead who asked finds it in the team's queue.
      const requester = await tx.user.findFirst({ where: { id: request.requestedById, teamId: request.toTeamId, active: true, role: 'COUNSELLOR' }, select: { id: true } })
      if (requester) {
        await tx.case.update({ where: { id: request.caseId }, data: { counsellorId: requester.id, version: { increment: 1 }, updatedById: actor.id } })
        await tx.assignment.create({ data: { caseId: request.caseId, toUserId: requester.id, assignedById: actor.id, note: 'handover-request', at: now } })
        await moveOpenFollowUps(tx, request.caseId, requester.id)
        await audit({ userId: actor.id, action: 'case.assign', entity: 'case', entityId: request.caseId, caseId: request.caseId, details: { toUserId: requester.id, via: 'handover-request', requestId: request.id } }, tx)
      }
      const others = await tx.handoverRequest.findMany({ where: { caseId: request.caseId, status: 'OPEN' }, select: { id: true, requestedById: true } })
      if (others.length) {
        await tx.handoverRequest.updateMany({ where: { id: { in: others.map((other) => other.id) } }, data: { status: 'SUPERSEDED', decidedById: actor.id, decidedAt: now } })
        for (const other of others) await notifyRequester(tx, other.requestedById, null, now)
      }
      await notifyRequester(tx, request.requestedById, request.caseId, now)
      await readLeadNoticesWhenSettled(tx, request.caseId, now)
      await audit(
        {
          userId: actor.id,
          action: 'case.handover-request-grant',
          entity: 'handover-request',
          entityId: request.id,
          caseId: request.caseId,
          details: { toTeamId: request.toTeamId, transferId: moved.transferId, assigned: Boolean(requester), superseded: others.length },
        },
        tx,
      )
      return { ok: true as const, caseId: request.caseId }
    })
    .catch((error: unknown) => {
      if (error instanceof GrantRefused) return { ok: false as const, reason: error.reason }
      throw error
    })
}

/** The holding team's lead declines a request with a reason; the case stays, the requester is told. */
export async function declineHandoverRequest(actor: Actor, { requestId, declineReason }: { requestId: string; declineReason: string }, now = new Date()) {
  return prisma.$transaction(async (tx) => {
    const request = await tx.handoverRequest.findFirst({ where: { id: requestId, fromTeamId: actor.teamId, status: 'OPEN' }, select: { id: true, caseId: true, requestedById: true } })
    if (!request) return false
    const declined = await tx.handoverRequest.updateMany({ where: { id: request.id, status: 'OPEN' }, data: { status: 'DECLINED', decidedById: actor.id, decidedAt: now, declineReason } })
    if (declined.count === 0) return false
    // No case reference in the requester's notice: the requesting team learns nothing of the case.
    await notifyRequester(tx, request.requestedById, null, now)
    await readLeadNoticesWhenSettled(tx, request.caseId, now)
    await audit({ userId: actor.id, action: 'case.handover-request-decline', entity: 'handover-request', entityId: request.id, caseId: request.caseId }, tx)
    return true
  })
}
