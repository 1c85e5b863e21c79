import { audit } from '#app/utils/audit.server.ts'
import { prisma } from '#app/utils/db.server.ts'

export async function listTeams({ activeOnly = false } = {}) {
  return prisma.team.findMany({
    where: activeOnly ? { active: true } : undefined,
    select: {
      id: true,
      name: true,
      kind: true,
      active: true,
      district: { select: { id: true, labelDe: true, labelEn: true } },
      _count: { select: { users: { where: { active: true } } } },
    },
    orderBy: { name: 'asc' },
  })
}

/** Every team by name, for a choice of team (statistics). */
export async function teamChoices() {
  return prisma.team.findMany({ select: { id: true, name: true }, orderBy: { name: 'asc' } })
}

/** The name of the team a page asks for; a team that does not exist answers 404. */
export async function requireTeamName(teamId: string | null) {
  if (!teamId) return null
  const team = await prisma.team.findUnique({ where: { id: teamId }, select: { name: true } })
  if (!team) throw new Response('Not found', { status: 404 })
  return team.name
}

export async function getTeam(id: string) {
  return prisma.team.findUnique({
    where: { id },
    select: { id: true, name: true, kind: true, active: true, districtId: true, referralWaitThresholdDays: true, defaultSharedForSubstitution: true },
  })
}

export async function teamNameTaken(name: string, exceptId?: string) {
  const existing = await prisma.team.findUnique({ where: { name }, select: { id: true } })
  return Boolean(existing && existing.id !== exceptId)
}

export type TeamInput = { name: string; kind: string; districtId: number | null }

export async function createTeam(input: TeamInput, actorId: string) {
  return prisma.$transaction(async (tx) => {
    const team = await tx.team.create({ data: input, select: { id: true } })
    await audit({ userId: actorId, action: 'team.create', entity: 'team', entityId: team.id }, tx)
    return team
  })
}

export async function updateTeam(id: string, input: TeamInput & { active: boolean }, actorId: string) {
  await prisma.$transaction(async (tx) => {
    await tx.team.update({ where: { id }, data: input })
    await audit({ userId: actorId, action: 'team.update', entity: 'team', entityId: id, details: Object.keys(input) }, tx)
  })
}
