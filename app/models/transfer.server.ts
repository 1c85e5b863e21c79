// Transfer of a case between teams (PRODUCT.md §2, workflow 3). A team lead transfers directly; the
// assigned counsellor may only request it, and their team lead confirms or rejects the request.
// Access follows Case.teamId, so the sending team loses access the moment the transfer commits;
// the Transfer and Assignment rows keep the history with the case. Sharing for substitution is a
// decision of the team that holds the case: a transfer resets it to the receiving team's default
// (off unless that team's lead turned it on, decision 015).
import { type TRANSFER_REASONS } from '#app/domain/codes.ts'
import { audit } from '#app/utils/audit.server.ts'
import { prisma, readRows, type TransactionClient } from '#app/utils/db.server.ts'
import { moveOpenFollowUps } from './team-lead.server.ts'

type Actor = { id: string; teamId: string }
export type TransferReason = (typeof TRANSFER_REASONS)[number]

export type TransferInput = { toTeamId: string; reason: TransferReason; handoverNote?: string | null; version: number }

/** Active teams a case of `fromTeamId` can move to. */
export async function transferTargets(fromTeamId: string) {
  return prisma.team.findMany({
    where: { active: true, id: { not: fromTeamId } },
    select: { id: true, name: true },
    orderBy: { name: 'asc' },
  })
}

/** Everything the transfer page shows: the case's place, the pending request and the history. */
export async function getTransferPage(caseId: string, actor: { id: string }) {
  const kase = await prisma.case.findUniqueOrThrow({
    where: { id: caseId },
    select: {
      id: true,
      version: true,
      teamId: true,
      team: { select: { name: true } },
      counsellor: { select: { displayName: true } },
      transfers: {
        select: {
          id: true,
          status: true,
          reason: true,
          handoverNote: true,
          at: true,
          completedAt: true,
          fromTeam: { select: { name: true } },
          toTeam: { select: { id: true, name: true } },
          requestedById: true,
          confirmedById: true,
        },
        orderBy: { at: 'desc' },
      },
    },
  })
  const userIds = [...new Set(kase.transfers.flatMap((transfer) => [transfer.requestedById, transfer.confirmedById]).filter((id): id is string => Boolean(id)))]
  const users = await prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, displayName: true } })
  const names = new Map(users.map((user) => [user.id, user.displayName]))
  await audit({ userId: actor.id, action: 'transfer.read', entity: 'case', entityId: caseId, caseId })
  const transfers = kase.transfers.map((transfer) => ({
    ...transfer,
    requestedBy: transfer.requestedById ? (names.get(transfer.requestedById) ?? null) : null,
    confirmedBy: transfer.confirmedById ? (names.get(transfer.confirmedById) ?? null) : null,
  }))
  return {
    caseId: kase.id,
    version: kase.version,
    teamId: kase.teamId,
    teamName: kase.team.name,
    counsellorName: kase.counsellor?.displayName ?? null,
    pending: transfers.find((transfer) => transfer.status === 'REQUESTED') ?? null,
    transfers,
  }
}

/**
 * Open transfer requests of a team's cases, for the team lead's overview (/team). Only the
 * pseudonym code identifies the case; the handover note stays on the case's transfer page.
 */
export async function listPendingTransferRequests(teamId: string) {
  // One statement with the case's code, the receiving team and the requester joined: the ORM read
  // each relation with a statement of its own (≈ 1 ms CPU each on /team, also when none is pending).
  // `+${teamId}`: a value the planner does not look at, so the statement is not prepared again at
  // every run (decision 148).
  const rows = await readRows<PendingTransferRow[]>`
    SELECT t."id", t."caseId", t."reason", t."at", cl."pseudonymCode", tt."id" AS toTeamId, tt."name" AS toTeamName,
      u."displayName" AS requestedBy
    FROM "Transfer" t
    JOIN "Case" c ON c."id" = t."caseId"
    JOIN "Client" cl ON cl."id" = c."clientId"
    JOIN "Team" tt ON tt."id" = t."toTeamId"
    LEFT JOIN "User" u ON u."id" = t."requestedById"
    WHERE t."status" = 'REQUESTED' AND c."teamId" = +${teamId}
    ORDER BY t."at", t."id"`
  return rows.map((row) => ({
    id: row.id,
    caseId: row.caseId,
    pseudonymCode: row.pseudonymCode,
    reason: row.reason,
    at: row.at instanceof Date ? row.at : new Date(row.at),
    toTeam: { id: row.toTeamId, name: row.toTeamName },
    requestedBy: row.requestedBy,
  }))
}

type PendingTransferRow = {
  id: string
  caseId: string
  reason: string
  at: Date | string
  pseudonymCode: string
  toTeamId: string
  toTeamName: string
  requestedBy: string | null
}

export type TransferConflict = { by: string | null; at: Date; teamName: string; counsellorName: string | null; moved: boolean }

export type TransferResult =
  | { ok: true; transferId: string }
  | { ok: false; reason: 'same-team' | 'inactive-team' | 'no-pending' | 'pending-exists' }
  | { ok: false; reason: 'stale'; conflict: TransferConflict }

/** The case as it is now and who changed it last — the answer to a stale version. */
async function describeCaseConflict(caseId: string, expectedTeamId: string): Promise<TransferConflict> {
  const kase = await prisma.case.findUniqueOrThrow({
    where: { id: caseId },
    select: { teamId: true, updatedAt: true, updatedById: true, team: { select: { name: true } }, counsellor: { select: { displayName: true } } },
  })
  const by = kase.updatedById ? await prisma.user.findUnique({ where: { id: kase.updatedById }, select: { displayName: true } }) : null
  return { by: by?.displayName ?? null, at: kase.updatedAt, teamName: kase.team.name, counsellorName: kase.counsellor?.displayName ?? null, moved: kase.teamId !== expectedTeamId }
}

async function checkTarget(tx: TransactionClient, fromTeamId: string, toTeamId: string) {
  if (toTeamId === fromTeamId) return { refused: 'same-team' as const }
  const target = await tx.team.findUnique({ where: { id: toTeamId }, select: { active: true, defaultSharedForSubstitution: true } })
  if (!target?.active) return { refused: 'inactive-team' as const }
  return { refused: null, sharedForSubstitution: target.defaultSharedForSubstitution }
}

/** A counsellor asks their team lead to transfer the case; nothing moves yet. */
export async function requestTransfer({ caseId, fromTeamId, actor, input }: { caseId: string; fromTeamId: string; actor: Actor; input: TransferInput }): Promise<TransferResult> {
  const result = await prisma.$transaction(async (tx): Promise<TransferResult | { ok: false; reason: 'stale-pending' }> => {
    const { refused } = await checkTarget(tx, fromTeamId, input.toTeamId)
    if (refused) return { ok: false, reason: refused }
    const kase = await tx.case.findUnique({ where: { id: caseId }, select: { version: true, teamId: true } })
    if (!kase || kase.version !== input.version || kase.teamId !== fromTeamId) return { ok: false, reason: 'stale-pending' }
    const pending = await tx.transfer.findFirst({ where: { caseId, status: 'REQUESTED' }, select: { id: true } })
    if (pending) return { ok: false, reason: 'pending-exists' }
    const transfer = await tx.transfer.create({
      data: { caseId, fromTeamId, toTeamId: input.toTeamId, reason: input.reason, handoverNote: input.handoverNote || null, status: 'REQUESTED', requestedById: actor.id },
      select: { id: true },
    })
    await audit({ userId: actor.id, action: 'case.transfer-request', entity: 'transfer', entityId: transfer.id, caseId, details: { toTeamId: input.toTeamId, reason: input.reason } }, tx)
    return { ok: true, transferId: transfer.id }
  })
  if (!result.ok && result.reason === 'stale-pending') return { ok: false, reason: 'stale', conflict: await describeCaseConflict(caseId, fromTeamId) }
  return result as TransferResult
}

/**
 * Moves the case to the receiving team in one transaction: the case lands in that team's
 * unassigned queue, the history records the handover and the receiving team leads are notified
 * (the notice carries no client data). With `transferId` it completes a counsellor's request,
 * whose target and reason the team lead may adjust.
 */
export async function completeTransfer({
  caseId,
  fromTeamId,
  actor,
  input,
  transferId,
  dryRun = false,
}: {
  caseId: string
  fromTeamId: string
  actor: Actor
  input: TransferInput
  transferId?: string
  /** Checks the target and the version and writes nothing: the summary before the transfer. */
  dryRun?: boolean
}): Promise<TransferResult> {
  const result = await prisma.$transaction(async (tx) => {
    if (dryRun) {
      const target = await checkTarget(tx, fromTeamId, input.toTeamId)
      if (target.refused) return { ok: false as const, reason: target.refused }
      const kase = await tx.case.findUnique({ where: { id: caseId }, select: { teamId: true, version: true } })
      return kase && kase.teamId === fromTeamId && kase.version === input.version ? { ok: true as const, transferId: '' } : { ok: false as const, reason: 'stale-pending' as const }
    }
    return transferInTransaction(tx, { caseId, fromTeamId, actor, input, transferId })
  }).catch((error: unknown) => {
    if (error instanceof NoPendingRequest) return { ok: false as const, reason: 'no-pending' as const }
    throw error
  })
  if (!result.ok && result.reason === 'stale-pending') return { ok: false, reason: 'stale', conflict: await describeCaseConflict(caseId, fromTeamId) }
  return result as TransferResult
}

/**
 * The transfer itself, inside the caller's transaction (a granted handover request claims the request
 * and moves the case in one transaction). 'stale-pending' when the case is no longer in `fromTeamId`
 * at `input.version`; throws NoPendingRequest when `transferId` is no longer open.
 */
export async function transferInTransaction(
  tx: TransactionClient,
  { caseId, fromTeamId, actor, input, transferId }: { caseId: string; fromTeamId: string; actor: Actor; input: TransferInput; transferId?: string },
): Promise<TransferResult | { ok: false; reason: 'stale-pending' }> {
  const target = await checkTarget(tx, fromTeamId, input.toTeamId)
  if (target.refused) return { ok: false, reason: target.refused }
  const kase = await tx.case.findUnique({ where: { id: caseId }, select: { counsellorId: true, teamId: true, version: true } })
  if (!kase) return { ok: false, reason: 'stale-pending' }
  const now = new Date()
  const moved = await tx.case.updateMany({
    where: { id: caseId, teamId: fromTeamId, version: input.version },
    data: { teamId: input.toTeamId, counsellorId: null, sharedForSubstitution: target.sharedForSubstitution, version: { increment: 1 }, updatedById: actor.id },
  })
  if (moved.count === 0) return { ok: false, reason: 'stale-pending' }
  const data = {
    toTeamId: input.toTeamId,
    reason: input.reason,
    handoverNote: input.handoverNote || null,
    status: 'DONE',
    confirmedById: actor.id,
    completedAt: now,
  }
  let id: string
  if (transferId) {
    const confirmed = await tx.transfer.updateMany({ where: { id: transferId, caseId, status: 'REQUESTED' }, data })
    if (confirmed.count === 0) throw new NoPendingRequest()
    id = transferId
  } else {
    const created = await tx.transfer.create({ data: { ...data, caseId, fromTeamId, requestedById: actor.id, at: now }, select: { id: true } })
    id = created.id
  }
  // A request still open for this case is answered by the transfer that just happened.
  await tx.transfer.updateMany({ where: { caseId, status: 'REQUESTED', id: { not: id } }, data: { status: 'REJECTED', confirmedById: actor.id, completedAt: now } })
  await tx.assignment.create({ data: { caseId, fromUserId: kase.counsellorId, toUserId: null, assignedById: actor.id, note: 'transfer', at: now } })
  await moveOpenFollowUps(tx, caseId, null)
  const leads = await tx.user.findMany({ where: { teamId: input.toTeamId, role: 'TEAM_LEAD', active: true }, select: { id: true } })
  const event = await audit(
    {
      userId: actor.id,
      action: 'case.transfer',
      entity: 'case',
      entityId: caseId,
      caseId,
      details: {
        fromTeamId,
        toTeamId: input.toTeamId,
        reason: input.reason,
        transferId: id,
        handoverNote: Boolean(input.handoverNote),
        notified: leads.length,
        sharedForSubstitution: target.sharedForSubstitution,
      },
    },
    tx,
  )
  // The notice names its event: /privacy/notices reads who sent the case and why from it.
  if (leads.length) {
    await tx.notification.createMany({ data: leads.map((lead) => ({ userId: lead.id, kind: 'TRANSFER_IN', caseId, auditEventId: event.id, createdAt: now })) })
  }
  return { ok: true, transferId: id }
}

/** Thrown inside the transaction so that the case move is rolled back with it. */
class NoPendingRequest extends Error {}

/** The team lead turns a counsellor's request down; the case stays. */
export async function rejectTransferRequest({ caseId, transferId, actor }: { caseId: string; transferId: string; actor: Actor }) {
  return prisma.$transaction(async (tx) => {
    const rejected = await tx.transfer.updateMany({
      where: { id: transferId, caseId, status: 'REQUESTED' },
      data: { status: 'REJECTED', confirmedById: actor.id, completedAt: new Date() },
    })
    if (rejected.count === 0) return false
    await audit({ userId: actor.id, action: 'case.transfer-reject', entity: 'transfer', entityId: transferId, caseId }, tx)
    return true
  })
}

/** A case's open transfer request, as the team lead confirms it. */
export async function getPendingRequest(caseId: string, transferId: string) {
  return prisma.transfer.findFirst({
    where: { id: transferId, caseId, status: 'REQUESTED' },
    select: { id: true, toTeamId: true, reason: true, handoverNote: true },
  })
}
