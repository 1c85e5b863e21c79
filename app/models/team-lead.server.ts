import { OPEN_REFERRAL_STATUSES } from '#app/domain/referral-lifecycle.ts'
import { buildWorkload, waitingDays, type Counsellor, type WorkloadFigures, type WorkloadSortKey } from '#app/domain/workload.ts'
import { audit } from '#app/utils/audit.server.ts'
import { Prisma } from '#app/generated/prisma/client.ts'
import { prisma, type TransactionClient } from '#app/utils/db.server.ts'

const DAY_MS = 86_400_000

function startOfToday(now: Date) {
  const day = new Date(now)
  day.setHours(0, 0, 0, 0)
  return day
}

/** Active counsellors and team leads of the team: the people cases can be assigned to. */
export async function listAssignableUsers(teamId: string, now = new Date()) {
  const users = await prisma.user.findMany({
    where: { teamId, active: true, role: { in: ['COUNSELLOR', 'TEAM_LEAD'] } },
    select: {
      id: true,
      displayName: true,
      role: true,
      languages: true,
      absences: { where: { startsOn: { lte: now }, endsOn: { gte: startOfToday(now) } }, select: { endsOn: true }, orderBy: { endsOn: 'desc' }, take: 1 },
    },
    orderBy: { displayName: 'asc' },
  })
  return users.map((user) => ({
    id: user.id,
    displayName: user.displayName,
    role: user.role,
    languages: user.languages.split(',').filter(Boolean),
    absentUntil: user.absences[0]?.endsOn ?? null,
  }))
}

/** The team's workload per counsellor; five grouped queries on indexed columns. */
export async function getWorkload(teamId: string, sort: WorkloadSortKey, direction: 'asc' | 'desc', now = new Date()) {
  const users = await listAssignableUsers(teamId, now)
  const ids = users.map((user) => user.id)
  const since = new Date(now.getTime() - 30 * DAY_MS)
  const [open, activeCm, contacts, overdue, referrals] = await Promise.all([
    prisma.case.groupBy({ by: ['counsellorId'], where: { teamId, counsellorId: { in: ids }, status: { not: 'CLOSED' } }, _count: { _all: true } }),
    prisma.case.groupBy({ by: ['counsellorId'], where: { teamId, counsellorId: { in: ids }, status: 'ACTIVE', kind: 'CASE_MANAGEMENT' }, _count: { _all: true } }),
    prisma.contact.groupBy({ by: ['authorId'], where: { authorId: { in: ids }, date: { gte: since, lte: now } }, _count: { _all: true }, _sum: { durationMinutes: true } }),
    // Follow-ups move with their case (moveOpenFollowUps), so the assignee alone decides; no join.
    prisma.followUp.groupBy({ by: ['assigneeId'], where: { assigneeId: { in: ids }, doneAt: null, dueDate: { lt: startOfToday(now) } }, _count: { _all: true } }),
    // Grouped by the case's counsellor, which the ORM cannot group by across the join. CROSS JOIN
    // fixes the order: the organisation's open referrals are far fewer than the team's cases.
    prisma.$queryRaw<Array<{ counsellorId: string; n: bigint }>>`
      SELECT c."counsellorId" AS counsellorId, COUNT(*) AS n
      FROM "Referral" r CROSS JOIN "Case" c ON c."id" = r."caseId"
      WHERE c."teamId" = ${teamId} AND c."counsellorId" IS NOT NULL AND r."status" IN (${Prisma.join([...OPEN_REFERRAL_STATUSES])})
      GROUP BY c."counsellorId"`,
  ])
  const figures = new Map<string, Partial<WorkloadFigures>>()
  const add = (id: string | null, key: keyof WorkloadFigures, value: number) => {
    if (!id) return
    const entry = figures.get(id) ?? {}
    entry[key] = (entry[key] ?? 0) + value
    figures.set(id, entry)
  }
  for (const row of open) add(row.counsellorId, 'openCases', row._count._all)
  for (const row of activeCm) add(row.counsellorId, 'activeCaseManagement', row._count._all)
  for (const row of contacts) {
    add(row.authorId, 'contacts30d', row._count._all)
    add(row.authorId, 'minutes30d', row._sum.durationMinutes ?? 0)
  }
  for (const row of overdue) add(row.assigneeId, 'overdueFollowUps', row._count._all)
  for (const row of referrals) add(row.counsellorId, 'openReferrals', Number(row.n))
  const counsellors: Counsellor[] = users.map(({ id, displayName, languages, absentUntil }) => ({ id, displayName, languages, absentUntil }))
  return buildWorkload(counsellors, figures, sort, direction)
}

export const QUEUE_PAGE_SIZE = 50

/** Unassigned, not closed cases of the team, longest waiting first. Never confidential notes. */
export async function getQueue(teamId: string, now = new Date()) {
  const where: Prisma.CaseWhereInput = { teamId, counsellorId: null, status: { not: 'CLOSED' } }
  const [cases, total] = await Promise.all([
    prisma.case.findMany({
      where,
      select: {
        id: true,
        openedAt: true,
        programme: true,
        kind: true,
        status: true,
        startPlace: true,
        version: true,
        client: {
          select: {
            pseudonymCode: true,
            birthYear: true,
            languages: { select: { languageCode: true } },
            district: { select: { labelDe: true, labelEn: true } },
          },
        },
        transfers: { where: { toTeamId: teamId, status: 'DONE' }, select: { completedAt: true, at: true, fromTeam: { select: { name: true } } }, orderBy: { at: 'desc' }, take: 1 },
      },
      orderBy: { openedAt: 'asc' },
      take: 500,
    }),
    prisma.case.count({ where }),
  ])
  const rows = cases.map((kase) => {
    const transfer = kase.transfers[0]
    const transferredInAt = transfer ? (transfer.completedAt ?? transfer.at) : null
    return {
      id: kase.id,
      code: kase.client.pseudonymCode,
      programme: kase.programme,
      kind: kase.kind,
      status: kase.status,
      startPlace: kase.startPlace,
      version: kase.version,
      age: now.getFullYear() - kase.client.birthYear,
      languages: kase.client.languages.map((language) => language.languageCode),
      district: kase.client.district,
      transferredFrom: transfer?.fromTeam.name ?? null,
      waitingDays: waitingDays(kase.openedAt, transferredInAt, now),
    }
  })
  rows.sort((a, b) => b.waitingDays - a.waitingDays)
  return { rows: rows.slice(0, QUEUE_PAGE_SIZE), total }
}

/** Open follow-ups go with the case to its new counsellor (none: they wait for the next one). */
export async function moveOpenFollowUps(tx: TransactionClient, caseId: string, counsellorId: string | null) {
  await tx.followUp.updateMany({ where: { caseId, doneAt: null }, data: { assigneeId: counsellorId } })
}

export type AssignOutcome = { assigned: string[]; alreadyAssigned: string[]; notInTeam: string[] }

/**
 * Assigns queued cases. Each case is taken only if it is still unassigned in this team — when
 * someone else assigned it a moment ago, it is reported, never assigned twice.
 */
export async function assignFromQueue(
  { teamId, caseIds, counsellorId, note }: { teamId: string; caseIds: string[]; counsellorId: string; note: string | null },
  actorId: string,
  requestId?: string,
): Promise<AssignOutcome> {
  return prisma.$transaction(async (tx) => {
    const outcome: AssignOutcome = { assigned: [], alreadyAssigned: [], notInTeam: [] }
    for (const caseId of caseIds) {
      const { count } = await tx.case.updateMany({
        where: { id: caseId, teamId, counsellorId: null, status: { not: 'CLOSED' } },
        data: { counsellorId, version: { increment: 1 }, updatedById: actorId },
      })
      if (count === 0) {
        const exists = await tx.case.findFirst({ where: { id: caseId, teamId }, select: { id: true } })
        ;(exists ? outcome.alreadyAssigned : outcome.notInTeam).push(caseId)
        continue
      }
      await tx.assignment.create({ data: { caseId, toUserId: counsellorId, assignedById: actorId, note, readAt: counsellorId === actorId ? new Date() : null } })
      await moveOpenFollowUps(tx, caseId, counsellorId)
      await audit({ userId: actorId, action: 'case.assign', entity: 'case', entityId: caseId, caseId, details: { toUserId: counsellorId, note: note ? 'given' : 'none' }, requestId }, tx)
      outcome.assigned.push(caseId)
    }
    return outcome
  })
}

/** Reassigns one case from its page; version-checked against concurrent edits. */
export async function reassignCase(
  { caseId, teamId, version, counsellorId, note }: { caseId: string; teamId: string; version: number; counsellorId: string | null; note: string | null },
  actorId: string,
  requestId?: string,
) {
  return prisma.$transaction(async (tx) => {
    const current = await tx.case.findUniqueOrThrow({ where: { id: caseId }, select: { counsellorId: true } })
    const { count } = await tx.case.updateMany({
      where: { id: caseId, teamId, version },
      data: { counsellorId, version: { increment: 1 }, updatedById: actorId },
    })
    if (count === 0) return false
    await tx.assignment.create({
      data: { caseId, fromUserId: current.counsellorId, toUserId: counsellorId, assignedById: actorId, note, readAt: counsellorId === actorId || !counsellorId ? new Date() : null },
    })
    await moveOpenFollowUps(tx, caseId, counsellorId)
    await audit({ userId: actorId, action: 'case.assign', entity: 'case', entityId: caseId, caseId, details: { fromUserId: current.counsellorId, toUserId: counsellorId }, requestId }, tx)
    return true
  })
}

export async function listAbsences(teamId: string, now = new Date()) {
  return prisma.absence.findMany({
    where: { user: { teamId }, endsOn: { gte: startOfToday(now) } },
    select: { id: true, startsOn: true, endsOn: true, user: { select: { id: true, displayName: true } }, substitute: { select: { id: true, displayName: true } } },
    orderBy: { startsOn: 'asc' },
  })
}

export async function createAbsence(
  { userId, substituteId, startsOn, endsOn }: { userId: string; substituteId: string; startsOn: Date; endsOn: Date },
  actorId: string,
  requestId?: string,
) {
  return prisma.$transaction(async (tx) => {
    const absence = await tx.absence.create({ data: { userId, substituteId, startsOn, endsOn, createdById: actorId }, select: { id: true } })
    await audit({ userId: actorId, action: 'absence.create', entity: 'absence', entityId: absence.id, details: { userId, substituteId }, requestId }, tx)
    return absence
  })
}

/** Ends an absence now: the substitute loses access at once. */
export async function endAbsence({ absenceId, teamId }: { absenceId: string; teamId: string }, actorId: string, requestId?: string, now = new Date()) {
  return prisma.$transaction(async (tx) => {
    const absence = await tx.absence.findFirst({ where: { id: absenceId, user: { teamId } }, select: { id: true, startsOn: true, userId: true } })
    if (!absence) return false
    // One that has not begun, or began today, disappears; a running one ends with yesterday.
    if (absence.startsOn >= startOfToday(now)) await tx.absence.delete({ where: { id: absence.id } })
    else await tx.absence.update({ where: { id: absence.id }, data: { endsOn: new Date(startOfToday(now).getTime() - 1) } })
    await audit({ userId: actorId, action: 'absence.end', entity: 'absence', entityId: absence.id, details: { userId: absence.userId }, requestId }, tx)
    return true
  })
}

export async function updateTeamSettings(
  teamId: string,
  settings: { referralWaitThresholdDays: number; defaultSharedForSubstitution: boolean },
  actorId: string,
  requestId?: string,
) {
  await prisma.$transaction(async (tx) => {
    await tx.team.update({ where: { id: teamId }, data: settings })
    await audit({ userId: actorId, action: 'team.settings', entity: 'team', entityId: teamId, details: Object.keys(settings), requestId }, tx)
  })
}
