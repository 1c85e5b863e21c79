import { today } from '#app/domain/follow-up.ts'
import { allowedActions, caseVisibility, relationsTo, type Actor, type CaseAction, type CaseRelation } from '#app/domain/access-policy.ts'
import { audit } from '#app/utils/audit.server.ts'
import { prisma, type Prisma } from '#app/utils/db.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { oncePerRequest } from '#app/utils/request-context.server.ts'

/** Emergency ("break glass") access lasts this long after the reason was given. */
export const EMERGENCY_ACCESS_MS = 8 * 60 * 60 * 1000

/**
 * Colleagues the actor substitutes for today (absences are calendar days, both inclusive; decision
 * 029). A team lead can be the substitute too, and then holds the substitute's rights besides their own.
 */
export async function getSubstitutesFor(actor: Actor, now = new Date()): Promise<string[]> {
  if (actor.role === 'ADMIN') return []
  const absences = await prisma.absence.findMany({
    where: { substituteId: actor.id, startsOn: { lte: today(now).date }, endsOn: { gte: today(now).date } },
    select: { userId: true },
  })
  return absences.map((absence) => absence.userId)
}

async function hasEmergencyGrant(actor: Actor, caseId: string, now = new Date()) {
  if (actor.role !== 'COUNSELLOR') return false
  const grant = await prisma.auditEvent.findFirst({
    where: { userId: actor.id, caseId, action: 'case.emergency-access', outcome: 'SUCCESS', at: { gte: new Date(now.getTime() - EMERGENCY_ACCESS_MS) } },
    select: { id: true },
  })
  return Boolean(grant)
}

/** The Prisma filter for every list, search and count of cases: what the actor may read. */
export async function visibleCasesWhere(actor: Actor): Promise<Prisma.CaseWhereInput> {
  const visibility = caseVisibility(actor, { substitutesFor: await getSubstitutesFor(actor) })
  switch (visibility.kind) {
    case 'none':
      return { id: { in: [] } }
    case 'team':
      return { teamId: visibility.teamId }
    case 'counsellor':
      return { teamId: visibility.teamId, OR: [{ counsellorId: { in: visibility.counsellorIds } }, { sharedForSubstitution: true }] }
  }
}

export type CaseAccess = {
  id: string
  teamId: string
  counsellorId: string | null
  sharedForSubstitution: boolean
  version: number
  status: string
  /** the closest relation (for display) */
  relation: CaseRelation
  /** what the actor may do with the case: the union over all their relations to it */
  allowed: readonly CaseAction[]
}

/**
 * Loads the case facts and checks the policy. A case the actor may not see answers 404 — never
 * 403, which would confirm that it exists — and the refusal is audited.
 */
export async function requireCaseAccess(actor: Actor, caseId: string | undefined, action: CaseAction): Promise<CaseAccess> {
  const facts = caseId ? await accessFacts(actor, caseId) : null
  const allowed = facts ? allowedActions(actor, facts.kase, facts.relation) : []
  if (facts && allowed.includes(action)) {
    return { ...facts.kase, relation: relationsTo(actor, facts.kase, facts.relation)[0]!, allowed }
  }
  await audit({ userId: actor.id, action: `case.${action}`, entity: 'case', entityId: caseId ?? null, caseId: facts?.kase.id ?? null, outcome: 'DENIED' })
  throw new Response('Not found', { status: 404 })
}

/**
 * The opening of every case page's loader and action: who is signed in (else off to the sign-in),
 * and the case of the route's `caseId` they may act on this way (else 404, audited).
 */
export async function requireCaseForRoute({ request, params }: { request: Request; params: { caseId?: string } }, action: CaseAction) {
  const user = await requireUser(request)
  const kase = await requireCaseAccess(user, params.caseId, action)
  return { user, kase }
}

/**
 * The case and the actor's relation to it. A page view's layout and page loaders check the same
 * case (often for different actions): the lookups are made once per view (request-context.server.ts).
 */
function accessFacts(actor: Actor, caseId: string) {
  return oncePerRequest(`case-access:${actor.id}:${caseId}`, async () => {
    const kase = await prisma.case.findUnique({
      where: { id: caseId },
      select: { id: true, teamId: true, counsellorId: true, sharedForSubstitution: true, version: true, status: true },
    })
    if (!kase) return null
    const relation = { substitutesFor: await getSubstitutesFor(actor), emergencyGrant: await hasEmergencyGrant(actor, kase.id) }
    return { kase, relation }
  })
}
