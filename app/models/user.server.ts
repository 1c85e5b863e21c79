import crypto from 'node:crypto'
import { type Role } from '#app/domain/codes.ts'
import { audit } from '#app/utils/audit.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { hashPassword } from '#app/utils/password.server.ts'

const listSelect = {
  id: true,
  email: true,
  displayName: true,
  role: true,
  active: true,
  lastLoginAt: true,
  lockedUntil: true,
  team: { select: { id: true, name: true } },
} as const

export async function listUsers({ teamId, role, active }: { teamId?: string; role?: string; active?: boolean }) {
  return prisma.user.findMany({
    where: { teamId: teamId || undefined, role: role || undefined, active },
    select: listSelect,
    orderBy: [{ team: { name: 'asc' } }, { displayName: 'asc' }],
  })
}

export async function getUserForAdmin(id: string) {
  return prisma.user.findUnique({
    where: { id },
    select: {
      ...listSelect,
      teamId: true,
      languages: true,
      mustChangePassword: true,
      failedLoginCount: true,
      createdAt: true,
      _count: { select: { sessions: true } },
    },
  })
}

export async function emailTaken(email: string, exceptId?: string) {
  const existing = await prisma.user.findUnique({ where: { email }, select: { id: true } })
  return Boolean(existing && existing.id !== exceptId)
}

/** A temporary password the user must change at first sign-in: 4 groups of 4 unambiguous symbols. */
export function generateTemporaryPassword() {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789'
  const symbols = Array.from(crypto.randomBytes(16), (byte) => alphabet[byte % alphabet.length])
  return [0, 4, 8, 12].map((start) => symbols.slice(start, start + 4).join('')).join('-')
}

export type UserInput = { email: string; displayName: string; role: Role; teamId: string; languages: string[] }

export async function createUser(input: UserInput, actorId: string) {
  const temporaryPassword = generateTemporaryPassword()
  const hash = await hashPassword(temporaryPassword)
  const user = await prisma.$transaction(async (tx) => {
    const created = await tx.user.create({
      data: {
        email: input.email,
        displayName: input.displayName,
        role: input.role,
        teamId: input.teamId,
        languages: input.languages.join(','),
        mustChangePassword: true,
        password: { create: { hash } },
      },
      select: { id: true },
    })
    await audit({ userId: actorId, action: 'user.create', entity: 'user', entityId: created.id, details: { role: input.role, teamId: input.teamId } }, tx)
    return created
  })
  return { id: user.id, temporaryPassword }
}

export async function updateUser(id: string, input: UserInput, actorId: string) {
  const before = await prisma.user.findUniqueOrThrow({ where: { id }, select: { email: true, displayName: true, role: true, teamId: true, languages: true } })
  const after = { ...input, languages: input.languages.join(',') }
  const changed = (Object.keys(after) as Array<keyof typeof after>).filter((key) => before[key] !== after[key])
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id }, data: after })
    // A changed role or team changes what the user may see: end their sessions so the new rights
    // apply from the next sign-in, with no stale page open.
    if (changed.includes('role') || changed.includes('teamId')) await tx.session.deleteMany({ where: { userId: id } })
    await audit({ userId: actorId, action: 'user.update', entity: 'user', entityId: id, details: { changed, role: input.role, teamId: input.teamId } }, tx)
  })
  return changed
}

export async function setUserActive(id: string, active: boolean, actorId: string) {
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id }, data: { active } })
    if (!active) await tx.session.deleteMany({ where: { userId: id } })
    await audit({ userId: actorId, action: active ? 'user.activate' : 'user.deactivate', entity: 'user', entityId: id }, tx)
  })
}

export async function resetPassword(id: string, actorId: string) {
  const temporaryPassword = generateTemporaryPassword()
  const hash = await hashPassword(temporaryPassword)
  await prisma.$transaction(async (tx) => {
    await tx.password.upsert({ where: { userId: id }, update: { hash }, create: { userId: id, hash } })
    await tx.user.update({ where: { id }, data: { mustChangePassword: true, failedLoginCount: 0, lockedUntil: null } })
    await tx.session.deleteMany({ where: { userId: id } })
    await audit({ userId: actorId, action: 'user.reset-password', entity: 'user', entityId: id }, tx)
  })
  return temporaryPassword
}

export async function revokeSessions(id: string, actorId: string) {
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.session.deleteMany({ where: { userId: id } })
    await audit({ userId: actorId, action: 'user.revoke-sessions', entity: 'user', entityId: id, details: { count } }, tx)
  })
}

export async function unlockUser(id: string, actorId: string) {
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id }, data: { failedLoginCount: 0, lockedUntil: null } })
    await audit({ userId: actorId, action: 'user.unlock', entity: 'user', entityId: id }, tx)
  })
}

/** At least one active administrator must remain, or nobody could manage the organisation. */
export async function isLastActiveAdmin(id: string) {
  const admins = await prisma.user.findMany({ where: { role: 'ADMIN', active: true }, select: { id: true } })
  return admins.length === 1 && admins[0]!.id === id
}
