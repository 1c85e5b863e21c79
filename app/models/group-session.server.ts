// Group sessions (Gruppenangebote, issue 15, decision 041): recorded once with their participant
// cases and a number of participants without a case file; shown in every participant's timeline;
// counted once in the statistics (docs/statistics.md R18).
import { allowedActions, type Actor } from '#app/domain/access-policy.ts'
import { dayOf, officeDay, parseDay } from '#app/domain/follow-up.ts'
import { getSubstitutesFor, requireCaseAccess, visibleCasesWhere, type CaseAccess } from '#app/models/case-access.server.ts'
import { CaseClosedError } from '#app/models/contact.server.ts'
import { auditMany, audit } from '#app/utils/audit.server.ts'
import { prisma, type TransactionClient } from '#app/utils/db.server.ts'
import { catalogueLabel } from '#app/utils/format.ts'
import { type Option } from '#app/utils/options.ts'
import { type GroupSessionFormValues } from '#app/forms/group-session.ts'

/** How many cases the participant choice lists at most (a team lead's team can be large). */
const PARTICIPANT_CHOICES_MAX = 300

/**
 * The cases the actor may add besides this one: cases they may write (the same right as recording a
 * contact), not closed, ordered by pseudonym code. Only cases the actor may open are listed.
 */
export async function participantOptions(actor: Actor, caseId: string): Promise<Option[]> {
  const [visible, substitutesFor] = await Promise.all([visibleCasesWhere(actor), getSubstitutesFor(actor)])
  const cases = await prisma.case.findMany({
    where: { AND: [visible, { id: { not: caseId } }, { status: { not: 'CLOSED' } }] },
    select: { id: true, teamId: true, counsellorId: true, sharedForSubstitution: true, client: { select: { pseudonymCode: true } } },
    orderBy: { client: { pseudonymCode: 'asc' } },
    take: PARTICIPANT_CHOICES_MAX,
  })
  return cases
    .filter((kase) => allowedActions(actor, kase, { substitutesFor }).includes('write'))
    .map((kase) => ({ value: kase.id, label: kase.client.pseudonymCode }))
}

export type GroupSessionFieldErrors = Partial<Record<keyof GroupSessionFormValues, string[]>>

/**
 * What Zod cannot know: the topics exist and are active; every further participant is a case the
 * actor may write (a foreign or unknown id gets the same message, so nothing tells whether it
 * exists; the refusal is audited by requireCaseAccess) and is not closed; the day is not before any
 * participant's opening (as for a contact).
 */
export async function checkGroupSession(actor: Actor, kase: CaseAccess, value: GroupSessionFormValues): Promise<GroupSessionFieldErrors> {
  const errors: GroupSessionFieldErrors = {}
  const topicIds = [...new Set(value.topicIds)]
  const topics = await prisma.catalogueEntry.count({ where: { id: { in: topicIds }, catalogue: 'TOPIC', active: true } })
  if (topics !== topicIds.length) errors.topicIds = ['contacts:errors.topic']
  const others = otherParticipants(kase, value)
  const participantErrors = new Set<string>()
  const writable: string[] = [kase.id]
  for (const id of others) {
    const access = await requireCaseAccess(actor, id, 'write').catch((error: unknown) => {
      if (error instanceof Response) return null
      throw error
    })
    if (!access) participantErrors.add('groupSessions:errors.participant')
    else if (access.status === 'CLOSED') participantErrors.add('groupSessions:errors.participantClosed')
    else writable.push(access.id)
  }
  if (participantErrors.size) errors.otherCaseIds = [...participantErrors]
  const openings = await prisma.case.findMany({ where: { id: { in: writable } }, select: { openedAt: true } })
  if (openings.some((row) => value.date < officeDay(row.openedAt))) errors.date = ['groupSessions:errors.beforeOpening']
  return errors
}

function otherParticipants(kase: Pick<CaseAccess, 'id'>, value: Pick<GroupSessionFormValues, 'otherCaseIds'>) {
  return [...new Set(value.otherCaseIds)].filter((id) => id && id !== kase.id)
}

/** R17: the programme in force on the day for the case the session is recorded from (R4's fallbacks). */
async function programmeOnDay(tx: TransactionClient, caseId: string, day: string) {
  const periods = await tx.programmePeriod.findMany({ where: { caseId }, select: { programme: true, validFrom: true }, orderBy: { validFrom: 'asc' } })
  const inForce = periods.filter((period) => dayOf(period.validFrom) <= day).at(-1) ?? periods[0]
  if (inForce) return inForce.programme
  const kase = await tx.case.findUniqueOrThrow({ where: { id: caseId }, select: { programme: true } })
  return kase.programme
}

/**
 * Records the session once, with this case and the further participants (checked before by
 * checkGroupSession). The team is the team of the case it is recorded from (the team that held the
 * session); every participant case must still be open when the transaction runs.
 */
export async function createGroupSession({ actor, kase, value }: { actor: Actor; kase: CaseAccess; value: GroupSessionFormValues }) {
  const caseIds = [kase.id, ...otherParticipants(kase, value)]
  return prisma.$transaction(async (tx) => {
    const closed = await tx.case.count({ where: { id: { in: caseIds }, status: 'CLOSED' } })
    if (closed > 0) throw new CaseClosedError()
    const session = await tx.groupSession.create({
      data: {
        teamId: kase.teamId,
        programme: await programmeOnDay(tx, kase.id, value.date),
        date: parseDay(value.date)!,
        startTime: value.startTime ?? null,
        durationMinutes: value.durationMinutes,
        mode: value.mode,
        description: value.description,
        anonymousParticipants: value.anonymousParticipants,
        createdById: actor.id,
        participants: { create: caseIds.map((caseId) => ({ caseId })) },
        topics: { create: [...new Set(value.topicIds)].map((topicId) => ({ topicId })) },
      },
      select: { id: true },
    })
    // One event per participant case: each case's audit trail shows the session written into it.
    await auditMany(
      caseIds.map((caseId) => ({
        userId: actor.id,
        action: 'group-session.create',
        entity: 'group-session',
        entityId: session.id,
        caseId,
        details: { cases: caseIds.length, anonymous: value.anonymousParticipants },
      })),
      tx,
    )
    return session
  })
}

/**
 * A session as a participant case's reader sees it: the session, the number of participants, and
 * the pseudonym codes of those participant cases the reader may open — never the others'. A
 * session this case did not take part in answers null, like a missing one. The read is audited.
 */
export async function getGroupSession(actor: Actor, kase: Pick<CaseAccess, 'id' | 'relation'>, sessionId: string | undefined, language: string) {
  if (!sessionId) return null
  const session = await prisma.groupSession.findFirst({
    where: { id: sessionId, participants: { some: { caseId: kase.id } } },
    select: {
      id: true,
      date: true,
      startTime: true,
      durationMinutes: true,
      mode: true,
      programme: true,
      description: true,
      anonymousParticipants: true,
      createdAt: true,
      createdById: true,
      team: { select: { name: true } },
      topics: { select: { topic: { select: { labelDe: true, labelEn: true } } } },
      participants: { select: { caseId: true } },
    },
  })
  if (!session) return null
  const otherIds = session.participants.map((row) => row.caseId).filter((id): id is string => id !== null && id !== kase.id)
  const readable = otherIds.length
    ? await prisma.case.findMany({
        where: { AND: [await visibleCasesWhere(actor), { id: { in: otherIds } }] },
        select: { id: true, client: { select: { pseudonymCode: true } } },
        orderBy: { client: { pseudonymCode: 'asc' } },
      })
    : []
  const author = session.createdById ? await prisma.user.findUnique({ where: { id: session.createdById }, select: { displayName: true } }) : null
  await audit({
    userId: actor.id,
    action: 'group-session.read',
    entity: 'group-session',
    entityId: session.id,
    caseId: kase.id,
    details: { shownCases: readable.length },
    emergency: kase.relation === 'emergency',
  })
  return {
    id: session.id,
    date: dayOf(session.date),
    startTime: session.startTime,
    durationMinutes: session.durationMinutes,
    mode: session.mode,
    programme: session.programme,
    description: session.description,
    teamName: session.team.name,
    authorName: author?.displayName ?? null,
    topics: session.topics.map((row) => catalogueLabel(row.topic, language)),
    participants: groupParticipantCount(session),
    anonymousParticipants: session.anonymousParticipants,
    otherCasesShown: readable.map((row) => ({ caseId: row.id, code: row.client.pseudonymCode })),
    otherCasesHidden: session.participants.length - 1 - readable.length,
  }
}

/** Everybody who took part: the participant cases (also erased ones, whose row stays) and the anonymous. */
export function groupParticipantCount(session: { participants: readonly unknown[]; anonymousParticipants: number }) {
  return session.participants.length + session.anonymousParticipants
}
