// Erasure on request (GDPR Art. 17), four eyes: the assigned counsellor requests, a team lead of the
// case's team confirms, then the client and all their cases are deleted (the schema cascades). A
// team lead who is the assigned counsellor may request (roles combine) but never confirm their own
// request: another team lead of the team must.
// The pending state needs no table of its own: it is the latest of the client's erasure events in
// the append-only audit log (request → pending; withdraw or reject → not pending). What remains
// afterwards is audit events with ids and counts — no personal data.
import { type Actor } from '#app/domain/access-policy.ts'
import { deleteDocumentRowsOfCases, removeDocumentFiles } from '#app/models/document.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import { prisma } from '#app/utils/db.server.ts'

const STATE_ACTIONS = ['client.erasure-request', 'client.erasure-withdraw', 'client.erasure-reject'] as const

export type ErasureState = { pending: false } | { pending: true; requestedAt: Date; requestedBy: string | null; requestedById: string | null }

export async function getErasureState(clientId: string): Promise<ErasureState> {
  const latest = await prisma.auditEvent.findFirst({
    where: { entity: 'client', entityId: clientId, action: { in: [...STATE_ACTIONS] }, outcome: 'SUCCESS' },
    select: { action: true, at: true, userId: true },
    orderBy: { id: 'desc' },
  })
  if (latest?.action !== 'client.erasure-request') return { pending: false }
  const user = latest.userId ? await prisma.user.findUnique({ where: { id: latest.userId }, select: { displayName: true } }) : null
  return { pending: true, requestedAt: latest.at, requestedBy: user?.displayName ?? null, requestedById: latest.userId }
}

/** Other teams' cases of the same client: a team lead may not delete what their team cannot see. */
export async function casesOutsideTeam(clientId: string, teamId: string) {
  return prisma.case.count({ where: { clientId, teamId: { not: teamId } } })
}

export async function requestErasure({ actor, caseId, clientId }: { actor: Actor; caseId: string; clientId: string }) {
  if ((await getErasureState(clientId)).pending) return false
  await prisma.$transaction(async (tx) => {
    const kase = await tx.case.findUniqueOrThrow({ where: { id: caseId }, select: { teamId: true } })
    const leads = await tx.user.findMany({ where: { teamId: kase.teamId, role: 'TEAM_LEAD', active: true, id: { not: actor.id } }, select: { id: true } })
    await audit({ userId: actor.id, action: 'client.erasure-request', entity: 'client', entityId: clientId, caseId, details: { notified: leads.length } }, tx)
    if (leads.length) await tx.notification.createMany({ data: leads.map((lead) => ({ userId: lead.id, kind: 'ERASURE_REQUESTED', caseId })) })
  })
  return true
}

export async function closeErasureRequest({
  actor,
  caseId,
  clientId,
  outcome,
}: {
  actor: Actor
  caseId: string
  clientId: string
  outcome: 'withdraw' | 'reject'
}) {
  if (!(await getErasureState(clientId)).pending) return false
  await audit({ userId: actor.id, action: `client.erasure-${outcome}`, entity: 'client', entityId: clientId, caseId })
  return true
}

export type ErasureResult = { ok: true; cases: number } | { ok: false; error: 'not-pending' | 'other-teams' | 'own-request' }

/** Why this team lead may not confirm the erasure now, or null. */
async function erasureProblem(actor: Actor, clientId: string): Promise<Exclude<ErasureResult, { ok: true }>['error'] | null> {
  const state = await getErasureState(clientId)
  if (!state.pending) return 'not-pending'
  if (state.requestedById === actor.id) return 'own-request'
  if ((await casesOutsideTeam(clientId, actor.teamId)) > 0) return 'other-teams'
  return null
}

/**
 * What a confirmed erasure would delete, for the summary the team lead sees before confirming
 * (counts only; nothing is changed). Answers the same refusals as confirmErasure.
 */
export async function previewErasure({ actor, clientId }: { actor: Actor; clientId: string }) {
  const problem = await erasureProblem(actor, clientId)
  if (problem) return { ok: false as const, error: problem }
  const ofClient = { case: { clientId } }
  const [client, cases, contacts, consents, referrals, documents] = await Promise.all([
    prisma.client.findUniqueOrThrow({ where: { id: clientId }, select: { pseudonymCode: true } }),
    prisma.case.count({ where: { clientId } }),
    prisma.contact.count({ where: ofClient }),
    prisma.consent.count({ where: ofClient }),
    prisma.referral.count({ where: ofClient }),
    prisma.document.count({ where: ofClient }),
  ])
  return { ok: true as const, summary: { code: client.pseudonymCode, cases, contacts, consents, referrals, documents } }
}

/**
 * Deletes the client with every case, contact, plan, referral, consent, mediation, identity key and
 * document; the documents' encrypted files are removed once the deletion has committed.
 */
export async function confirmErasure({ actor, caseId, clientId }: { actor: Actor; caseId: string; clientId: string }): Promise<ErasureResult> {
  const problem = await erasureProblem(actor, clientId)
  if (problem) return { ok: false, error: problem }
  const { files, ...result } = await prisma.$transaction(async (tx) => {
    const caseIds = (await tx.case.findMany({ where: { clientId }, select: { id: true } })).map((kase) => kase.id)
    const files = await deleteDocumentRowsOfCases(tx, caseIds)
    await tx.client.delete({ where: { id: clientId } })
    await audit({ userId: actor.id, action: 'client.erase', entity: 'client', entityId: clientId, caseId, details: { cases: caseIds.length, documents: files.length } }, tx)
    return { ok: true as const, cases: caseIds.length, files }
  })
  removeDocumentFiles(files)
  return result
}
