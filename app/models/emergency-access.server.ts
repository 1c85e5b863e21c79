// Emergency access ("break glass"): a counsellor of the case's team who may not read a case opens
// it by stating a reason. The audit event `case.emergency-access` (emergency = true) is itself the
// grant — requireCaseAccess treats one from the last 8 hours as read access — and every active
// team lead of the team is notified (no client data in the notice).
import { allowedActions, type Actor } from '#app/domain/access-policy.ts'
import { normalizeCode } from '#app/domain/pseudonym-code.ts'
import { getSubstitutesFor } from '#app/models/case-access.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { type EMERGENCY_REASON_CODES } from '#app/forms/emergency.ts'

export type EmergencyReason = (typeof EMERGENCY_REASON_CODES)[number]

export async function grantEmergencyAccess({
  actor,
  caseId,
  reason,
}: {
  actor: Actor
  caseId: string
  reason: EmergencyReason
}) {
  return prisma.$transaction(async (tx) => {
    const kase = await tx.case.findUniqueOrThrow({ where: { id: caseId }, select: { teamId: true } })
    const leads = await tx.user.findMany({ where: { teamId: kase.teamId, role: 'TEAM_LEAD', active: true }, select: { id: true } })
    await audit(
      {
        userId: actor.id,
        action: 'case.emergency-access',
        entity: 'case',
        entityId: caseId,
        caseId,
        emergency: true,
        details: { reason, notified: leads.length },
      },
      tx,
    )
    if (leads.length > 0) {
      await tx.notification.createMany({ data: leads.map((lead) => ({ userId: lead.id, kind: 'EMERGENCY_ACCESS', caseId })) })
    }
    return { notified: leads.length }
  })
}

export type EmergencyLookup = { kind: 'readable'; caseId: string } | { kind: 'emergency'; caseId: string } | { kind: 'not-found' }

/**
 * Finds a case by pseudonym code within the actor's own team only. The answer for another team's
 * code is the same as for an unknown one, so the form reveals nothing outside the team.
 */
export async function findTeamCaseByCode({ actor, code }: { actor: Actor; code: string }): Promise<EmergencyLookup> {
  const normalised = normalizeCode(code)
  const candidates = [...new Set([code.trim().toUpperCase(), normalised].filter((value): value is string => Boolean(value)))]
  const kase = await prisma.case.findFirst({
    where: { teamId: actor.teamId, client: { pseudonymCode: { in: candidates } } },
    select: { id: true, teamId: true, counsellorId: true, sharedForSubstitution: true },
    orderBy: { openedAt: 'desc' },
  })
  let result: EmergencyLookup = { kind: 'not-found' }
  if (kase) {
    const allowed = allowedActions(actor, kase, { substitutesFor: await getSubstitutesFor(actor) })
    if (allowed.includes('read')) result = { kind: 'readable', caseId: kase.id }
    else if (allowed.includes('request-emergency')) result = { kind: 'emergency', caseId: kase.id }
  }
  await audit({
    userId: actor.id,
    action: 'case.emergency-lookup',
    entity: 'case',
    entityId: result.kind === 'not-found' ? null : result.caseId,
    caseId: result.kind === 'not-found' ? null : result.caseId,
    outcome: result.kind === 'not-found' ? 'FAILED' : 'SUCCESS',
  })
  return result
}
