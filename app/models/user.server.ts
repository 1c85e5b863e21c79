import { type Role } from '#app/domain/codes.ts'
import { audit } from '#app/utils/audit.server.ts'
import { prisma, type TransactionClient } from '#app/utils/db.server.ts'
import { notifyAccessChange } from './access-notice.server.ts'
import { rehomeUnreadableFollowUps } from './follow-up.server.ts'
import { issuePasswordSetCode } from './password-set-code.server.ts'

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
      // whether a password is set (never its hash), and until when an unused one-time code works
      password: { select: { updatedAt: true } },
      passwordSetCodes: { where: { usedAt: null }, select: { expiresAt: true }, orderBy: { createdAt: 'desc' }, take: 1 },
    },
  })
}

export async function emailTaken(email: string, exceptId?: string) {
  const existing = await prisma.user.findUnique({ where: { email }, select: { id: true } })
  return Boolean(existing && existing.id !== exceptId)
}

export type UserInput = { email: string; displayName: string; role: Role; teamId: string; languages: string[] }

/**
 * Creates an account without a password: the person sets one with the one-time code returned here
 * (shown once to the administrator; decision 018). The team's leads and the person are told.
 */
export async function createUser(input: UserInput, actorId: string) {
  return prisma.$transaction(async (tx) => {
    const created = await tx.user.create({
      data: { email: input.email, displayName: input.displayName, role: input.role, teamId: input.teamId, languages: input.languages.join(',') },
      select: { id: true },
    })
    const event = await audit({ userId: actorId, action: 'user.create', entity: 'user', entityId: created.id, details: { role: input.role, teamId: input.teamId } }, tx)
    const { code, expiresAt } = await issuePasswordSetCode(tx, { userId: created.id, purpose: 'ACCOUNT_CREATED', createdById: actorId })
    await notifyAccessChange(tx, { change: { kind: 'created', role: input.role, teamId: input.teamId }, subjectUserId: created.id, actorId, auditEventId: event.id })
    return { id: created.id, code, expiresAt }
  })
}

/** Work done in the same transaction as an account change: the handover of open cases (staff-change.server.ts). */
export type AlongWith = (tx: TransactionClient) => Promise<unknown>

export async function updateUser(id: string, input: UserInput, actorId: string, alongWith?: AlongWith) {
  const before = await prisma.user.findUniqueOrThrow({ where: { id }, select: { email: true, displayName: true, role: true, teamId: true, languages: true } })
  const after = { ...input, languages: input.languages.join(',') }
  const changed = (Object.keys(after) as Array<keyof typeof after>).filter((key) => before[key] !== after[key])
  await prisma.$transaction(async (tx) => {
    if (alongWith) await alongWith(tx)
    await tx.user.update({ where: { id }, data: after })
    // A changed role or team changes what the user may see: end their sessions so the new rights
    // apply from the next sign-in, with no stale page open.
    if (changed.includes('role') || changed.includes('teamId')) {
      await tx.session.deleteMany({ where: { userId: id } })
      // Open follow-ups the person may no longer read (a team lead made counsellor: colleagues' unshared cases)
      // go to each case's counsellor, in this transaction (decision 203). A move to another team or to the
      // administrator's role has handed the person's open work over already (`alongWith`, decision 038); this
      // catches what no handover was needed for.
      await rehomeUnreadableFollowUps(tx, { assigneeId: id }, { actorId, reason: changed.includes('role') ? 'role-change' : 'team-change' })
    }
    const event = await audit(
      {
        userId: actorId,
        action: 'user.update',
        entity: 'user',
        entityId: id,
        details: { changed, role: input.role, teamId: input.teamId, previousRole: before.role, previousTeamId: before.teamId },
      },
      tx,
    )
    await notifyAccessChange(tx, {
      change: { kind: 'updated', before: { role: before.role as Role, teamId: before.teamId }, after: { role: input.role, teamId: input.teamId } },
      subjectUserId: id,
      actorId,
      auditEventId: event.id,
    })
  })
  return changed
}

export async function setUserActive(id: string, active: boolean, actorId: string, alongWith?: AlongWith) {
  await prisma.$transaction(async (tx) => {
    if (alongWith) await alongWith(tx)
    await tx.user.update({ where: { id }, data: { active } })
    if (!active) await tx.session.deleteMany({ where: { userId: id } })
    await audit({ userId: actorId, action: active ? 'user.activate' : 'user.deactivate', entity: 'user', entityId: id }, tx)
  })
}

/**
 * Resets a password: the old one stops working at once and every session ends; the person sets a new
 * one with the one-time code returned here. The administrator never learns a password, and the
 * team's leads and the person are told (decision 018).
 */
export async function resetPassword(id: string, actorId: string) {
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.update({ where: { id }, data: { failedLoginCount: 0, lockedUntil: null }, select: { role: true, teamId: true } })
    await tx.password.deleteMany({ where: { userId: id } })
    await tx.session.deleteMany({ where: { userId: id } })
    const event = await audit({ userId: actorId, action: 'user.reset-password', entity: 'user', entityId: id, details: { role: user.role, teamId: user.teamId } }, tx)
    const issued = await issuePasswordSetCode(tx, { userId: id, purpose: 'PASSWORD_RESET', createdById: actorId })
    await notifyAccessChange(tx, { change: { kind: 'password-reset', role: user.role as Role, teamId: user.teamId }, subjectUserId: id, actorId, auditEventId: event.id })
    return issued
  })
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
