import { today } from '#app/domain/follow-up.ts'
import { allowedActions, caseVisibility, relationsTo, visibilityDependsOnSubstitutes, type Actor, type CaseAction, type CaseRelation } from '#app/domain/access-policy.ts'
import { audit } from '#app/utils/audit.server.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { readRows, storedDateTime } from '#app/utils/db.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { onceInRequest, oncePerRequest } from '#app/utils/request-context.server.ts'

/** Emergency ("break glass") access lasts this long after the reason was given. */
export const EMERGENCY_ACCESS_MS = 8 * 60 * 60 * 1000

/**
 * Colleagues the actor substitutes for today (absences are calendar days, both inclusive; decision
 * 029). A team lead can be the substitute too, and then holds the substitute's rights besides their own.
 */
export async function getSubstitutesFor(actor: Actor, now = new Date()): Promise<string[]> {
  if (actor.role === 'ADMIN') return []
  // A start page asks up to four times (follow-ups, open cases, inbox, waiting cases); the answer
  // is the same for the whole office day of one page view (GET only, like every oncePerRequest).
  const day = today(now)
  return oncePerRequest(`substitutes:${actor.id}:${day.day}`, async () => {
    // Straight from the connection (decision 067): a counsellor's every list and start page asks.
    // The ORM's statement had the same condition on the index Absence(substituteId, …) and no order.
    const absences = await readRows<Array<{ userId: string }>>`
      SELECT a."userId" FROM "Absence" a
      WHERE a."substituteId" = ${actor.id} AND a."startsOn" <= ${day.date} AND a."endsOn" >= ${day.date}`
    return absences.map((absence) => absence.userId)
  })
}


/** The actor's substitutions today (getSubstitutesFor), looked up on the first call only. */
export type Substitutions = () => Promise<string[]>

/**
 * The substitutions of one action's reads: a page view shares them through its cache (GET only), an
 * action — a search, a refused save — has none, and reads that each asked getSubstitutesFor ran its
 * statement once each (the group-session form's, session 24).
 */
export function substitutionsOf(actor: Actor): Substitutions {
  let substitutesFor: Promise<string[]> | undefined
  return () => (substitutesFor ??= getSubstitutesFor(actor))
}

/** The Prisma filter for every list, search and count of cases: what the actor may read. */
export async function visibleCasesWhere(actor: Actor, substitutions: Substitutions = () => getSubstitutesFor(actor)): Promise<Prisma.CaseWhereInput> {
  // A team lead's list is the team's whatever their absences say: no look-up of them (an ORM
  // statement on every list a team lead opens).
  const substitutesFor = visibilityDependsOnSubstitutes(actor) ? await substitutions() : []
  const visibility = caseVisibility(actor, { substitutesFor })
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
 * The case file's `case.read` event, written once per request whoever asks first (decision 244): the layout's
 * header, and every page under the layout whose loader shows case data of its own (the timeline, the forms'
 * defaults, the erasure request's state, a further case's form). A page view runs both loaders and so still
 * writes one event — also a form's page answered to a refused POST without JavaScript, whose request has no page
 * view's cache (`onceInRequest`, not `oncePerRequest`); a `.data` request naming one page's route alone
 * (`?_routes=…`, which a browser does not send but a tool can) skips the layout's loader and is audited by the
 * page's. Emergency access is marked as such.
 */
export function auditCaseRead(actor: Pick<Actor, 'id'>, access: { id: string; relation: CaseRelation | string }) {
  return onceInRequest(`case-read:${actor.id}:${access.id}`, () =>
    audit({ userId: actor.id, action: 'case.read', entity: 'case', entityId: access.id, caseId: access.id, emergency: access.relation === 'emergency' }),
  )
}

/**
 * The case and the actor's relation to it. A page view's layout and page loaders check the same
 * case (often for different actions): the lookups are made once per view (request-context.server.ts).
 */
function accessFacts(actor: Actor, caseId: string, now = new Date()) {
  return oncePerRequest(`case-access:${actor.id}:${caseId}`, async () => {
    // One statement instead of three (the case, the actor's substitutions today, a recent emergency
    // grant): every case page pays this check, often twice (layout and page). The same conditions
    // as getSubstitutesFor and the ORM filters it replaced; a substitution only counts for others
    // than an administrator, an emergency grant only for a counsellor (the policy ignores the rest).
    const day = storedDateTime(today(now).date)
    const substitutes =
      actor.role === 'ADMIN'
        ? Prisma.sql`'[]'`
        : Prisma.sql`(SELECT json_group_array(a."userId") FROM "Absence" a WHERE a."substituteId" = +${actor.id} AND a."startsOn" <= +${day} AND a."endsOn" >= +${day})`
    const emergency =
      actor.role === 'COUNSELLOR'
        ? // By the index on (action, at): the few emergency accesses of the last hours. The unary `+`
          // keeps SQLite off the indexes by case and by user, whose recent rows grow with every
          // audited read of the case (each page view writes some).
          Prisma.sql`EXISTS (SELECT 1 FROM "AuditEvent" e WHERE +e."userId" = +${actor.id} AND +e."caseId" = c."id" AND e."action" = 'case.emergency-access' AND e."outcome" = 'SUCCESS' AND e."at" >= +${storedDateTime(new Date(now.getTime() - EMERGENCY_ACCESS_MS))})`
        : Prisma.sql`0`
    // Straight from the connection (decision 067): every case page pays this check. The case's key
    // is bound as `+?` (decision 146): the planner reads a plain `?` on a key (STAT4) and SQLite then
    // compiles the statement anew at every run. The same for every value here: the substitution's
    // day and the emergency grant's time too (the grant's range is read either way by the index on
    // (action, at), the only one left to it; case-access plan test).
    const [row] = await readRows<AccessFactsRow[]>`
      SELECT c."id", c."teamId", c."counsellorId", c."sharedForSubstitution", c."version", c."status",
        ${substitutes} AS "substitutesFor", ${emergency} AS "emergencyGrant"
      FROM "Case" c WHERE c."id" = +${caseId}`
    if (!row) return null
    const kase = {
      id: row.id,
      teamId: row.teamId,
      counsellorId: row.counsellorId,
      sharedForSubstitution: Boolean(Number(row.sharedForSubstitution)),
      version: Number(row.version),
      status: row.status,
    }
    const relation = { substitutesFor: JSON.parse(row.substitutesFor) as string[], emergencyGrant: Boolean(Number(row.emergencyGrant)) }
    return { kase, relation }
  })
}

type AccessFactsRow = {
  id: string
  teamId: string
  counsellorId: string | null
  sharedForSubstitution: bigint
  version: bigint
  status: string
  /** JSON array of user ids */
  substitutesFor: string
  emergencyGrant: bigint
}
