import { redirect } from '@remix-run/node'
import { type Role } from '#app/domain/codes.ts'
import { audit, type AuditEventInput } from './audit.server.ts'
import { prisma, type TransactionClient } from './db.server.ts'
import { oncePerRequest, setRequestUser } from './request-context.server.ts'
import { safeRedirect } from './safe-redirect.ts'
import { hashPassword, verifyPassword } from './password.server.ts'
import {
  SESSION_ABSOLUTE_MS,
  SESSION_ID_KEY,
  SESSION_IDLE_MS,
  getCookieSession,
  getSessionStorage,
  isSecureRequest,
} from './session.server.ts'

export const MAX_FAILED_LOGINS = 5
export const LOCK_MS = 15 * 60 * 1000
/** lastSeenAt is refreshed at most this often, so reads do not each cause a write. */
const TOUCH_INTERVAL_MS = 60 * 1000

export type SessionUser = {
  id: string
  email: string
  displayName: string
  role: Role
  teamId: string
  mustChangePassword: boolean
  team: { id: string; name: string; kind: string }
  sessionId: string
}

/** A Set-Cookie header that removes the session cookie. */
export async function destroySessionCookie(request: Request) {
  const session = await getCookieSession(request)
  return getSessionStorage().destroySession(session, { secure: isSecureRequest(request) })
}

type SessionRow = {
  id: string
  expiresAt: Date | string
  lastSeenAt: Date | string
  userId: string
  email: string
  displayName: string
  role: string
  teamId: string
  active: boolean | number | bigint
  mustChangePassword: boolean | number | bigint
  teamName: string
  teamKind: string
}

// Every request reads its session (a page view up to three times: root, layout and page loader);
// one joined statement instead of the ORM's three, and once per page view (request-context.server.ts).
async function findSession(sessionId: string) {
  const [row] = await prisma.$queryRaw<SessionRow[]>`
    SELECT s."id", s."expiresAt", s."lastSeenAt", u."id" AS userId, u."email", u."displayName", u."role", u."teamId",
      u."active", u."mustChangePassword", t."name" AS teamName, t."kind" AS teamKind
    FROM "Session" s JOIN "User" u ON u."id" = s."userId" JOIN "Team" t ON t."id" = u."teamId"
    WHERE s."id" = ${sessionId}`
  if (!row) return null
  return {
    id: row.id,
    expiresAt: new Date(row.expiresAt),
    lastSeenAt: new Date(row.lastSeenAt),
    user: {
      id: row.userId,
      email: row.email,
      displayName: row.displayName,
      role: row.role as Role,
      teamId: row.teamId,
      active: Boolean(Number(row.active)),
      mustChangePassword: Boolean(Number(row.mustChangePassword)),
      team: { id: row.teamId, name: row.teamName, kind: row.teamKind },
    },
  }
}

/** The signed-in user, or null (an expired or revoked session clears the cookie). */
export function getUser(request: Request): Promise<SessionUser | null> {
  return oncePerRequest(`user:${request.headers.get('cookie') ?? ''}`, () => lookUpUser(request))
}

async function lookUpUser(request: Request): Promise<SessionUser | null> {
  const cookieSession = await getCookieSession(request)
  const sessionId = cookieSession.get(SESSION_ID_KEY)
  if (typeof sessionId !== 'string') return null
  const session = await findSession(sessionId)
  const now = Date.now()
  const expired =
    !session ||
    session.expiresAt.getTime() <= now ||
    session.lastSeenAt.getTime() + SESSION_IDLE_MS <= now ||
    !session.user.active
  if (expired) {
    if (session) await prisma.session.deleteMany({ where: { id: session.id } })
    const reason = session ? 'expired' : 'revoked'
    throw redirect(`/login?${new URLSearchParams({ reason, redirectTo: pathOf(request) })}`, {
      headers: { 'Set-Cookie': await destroySessionCookie(request) },
    })
  }
  if (now - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await prisma.session.update({ where: { id: session.id }, data: { lastSeenAt: new Date(now) } })
  }
  const { active: _active, ...user } = session.user
  setRequestUser(user.id)
  return { ...user, sessionId: session.id }
}

function pathOf(request: Request) {
  const url = new URL(request.url)
  return `${url.pathname}${url.search}`
}

export async function requireUser(request: Request, { allowPasswordChange = false } = {}) {
  const user = await getUser(request)
  if (!user) {
    throw redirect(`/login?${new URLSearchParams({ redirectTo: pathOf(request) })}`)
  }
  if (user.mustChangePassword && !allowPasswordChange) {
    throw redirect(`/settings/password?${new URLSearchParams({ redirectTo: pathOf(request) })}`)
  }
  return user
}

/** Throws 403 for a signed-in user without one of the roles (pages, not case data — those answer 404). */
export async function requireRole(request: Request, roles: Role | Role[]) {
  const user = await requireUser(request)
  const allowed = Array.isArray(roles) ? roles : [roles]
  if (!allowed.includes(user.role)) {
    await audit({ userId: user.id, action: 'access.denied', entity: 'route', entityId: new URL(request.url).pathname, outcome: 'DENIED' })
    throw new Response('Forbidden', { status: 403 })
  }
  return user
}

export async function requireAnonymous(request: Request) {
  const cookieSession = await getCookieSession(request)
  const sessionId = cookieSession.get(SESSION_ID_KEY)
  if (typeof sessionId === 'string') {
    const user = await getUser(request).catch(() => null)
    if (user) throw redirect('/')
  }
}

export type LoginResult =
  | { ok: true; sessionId: string; userId: string; mustChangePassword: boolean }
  | { ok: false; reason: 'invalid' | 'locked' }

type FailureCount = { failures: number; locked: boolean; lockedNow: boolean }

/**
 * Counts one wrong password against the account in a single statement, and sets the lock in the
 * same statement when the count reaches MAX_FAILED_LOGINS. Reading the count, adding one and
 * writing it back lost updates under parallel requests: ten parallel wrong passwords left the count
 * at 2–4 and no lock (issue 12, finding 7). After a lock has run out the count starts again at 1;
 * failures that raced past the lock check while it was being set still count.
 */
async function countFailedPassword(userId: string, now: Date): Promise<FailureCount> {
  const lockUntil = new Date(now.getTime() + LOCK_MS)
  const [row] = await prisma.$queryRaw<Array<{ failedLoginCount: number | bigint; lockedUntil: string | Date | null }>>`
    UPDATE "User" SET
      "failedLoginCount" = CASE WHEN "lockedUntil" <= ${now} THEN 1 ELSE "failedLoginCount" + 1 END,
      "lockedUntil" = CASE
        WHEN "lockedUntil" > ${now} THEN "lockedUntil"
        WHEN (CASE WHEN "lockedUntil" <= ${now} THEN 1 ELSE "failedLoginCount" + 1 END) >= ${MAX_FAILED_LOGINS} THEN ${lockUntil}
        ELSE NULL
      END
    WHERE "id" = ${userId}
    RETURNING "failedLoginCount", "lockedUntil"`
  const failures = Number(row?.failedLoginCount ?? 0)
  const locked = Boolean(row?.lockedUntil) && new Date(row!.lockedUntil!).getTime() > now.getTime()
  // The count passes the threshold exactly once per lock: that statement set the lock.
  return { failures, locked, lockedNow: locked && failures === MAX_FAILED_LOGINS }
}

/**
 * Clears the failure count when the password was right — unless a lock was set meanwhile by
 * parallel failures, in which case nothing changes and the caller refuses. Returns whether it cleared.
 */
async function clearFailuresUnlessLocked(userId: string, now: Date, db: TransactionClient | typeof prisma, extra: { lastLoginAt?: Date } = {}) {
  const lastLoginAt = extra.lastLoginAt ?? null
  const changed = await db.$executeRaw`
    UPDATE "User" SET "failedLoginCount" = 0, "lockedUntil" = NULL, "lastLoginAt" = COALESCE(${lastLoginAt}, "lastLoginAt")
    WHERE "id" = ${userId} AND ("lockedUntil" IS NULL OR "lockedUntil" <= ${now})`
  return changed === 1
}

/**
 * Checks the password and opens a session. One generic failure for unknown address, wrong password,
 * inactive or locked account, so the answer reveals nothing about accounts. The caller has reserved
 * an attempt for the client's address (login-throttle.server.ts) before this checks any hash.
 */
export async function login({ email, password }: { email: string; password: string }): Promise<LoginResult> {
  const user = await prisma.user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { id: true, active: true, lockedUntil: true, mustChangePassword: true, password: { select: { hash: true } } },
  })
  const passwordMatches = await verifyPassword(password, user?.password?.hash)
  if (!user) {
    await audit({ action: 'auth.login', entity: 'user', outcome: 'FAILED', details: { reason: 'unknown' } })
    return { ok: false, reason: 'invalid' }
  }
  const now = new Date()
  const deniedAsLocked = async () => {
    await audit({ userId: user.id, action: 'auth.login', entity: 'user', entityId: user.id, outcome: 'DENIED', details: { reason: 'locked' } })
    return { ok: false, reason: 'locked' } as const
  }
  if (user.lockedUntil && user.lockedUntil > now) return deniedAsLocked()
  if (!passwordMatches || !user.active) {
    const count = await countFailedPassword(user.id, now)
    await audit({
      userId: user.id,
      action: count.lockedNow ? 'auth.lock' : 'auth.login',
      entity: 'user',
      entityId: user.id,
      outcome: 'FAILED',
      details: { reason: user.active ? 'password' : 'inactive', failures: count.failures },
    })
    return { ok: false, reason: count.locked ? 'locked' : 'invalid' }
  }
  const session = await prisma.$transaction(async (tx) => {
    if (!(await clearFailuresUnlessLocked(user.id, now, tx, { lastLoginAt: now }))) return null
    const created = await tx.session.create({
      data: { id: crypto.randomUUID(), userId: user.id, lastSeenAt: now, expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS) },
      select: { id: true },
    })
    await audit({ userId: user.id, action: 'auth.login', entity: 'user', entityId: user.id }, tx)
    return created
  })
  if (!session) return deniedAsLocked()
  return { ok: true, sessionId: session.id, userId: user.id, mustChangePassword: user.mustChangePassword }
}

export async function createSessionCookie(request: Request, sessionId: string) {
  const storage = getSessionStorage()
  const cookieSession = await storage.getSession()
  cookieSession.set(SESSION_ID_KEY, sessionId)
  return storage.commitSession(cookieSession, { secure: isSecureRequest(request) })
}

export async function logout(request: Request, redirectTo = '/login') {
  const cookieSession = await getCookieSession(request)
  const sessionId = cookieSession.get(SESSION_ID_KEY)
  if (typeof sessionId === 'string') {
    const session = await prisma.session.findUnique({ where: { id: sessionId }, select: { userId: true } })
    await prisma.session.deleteMany({ where: { id: sessionId } })
    if (session) await audit({ userId: session.userId, action: 'auth.logout', entity: 'user', entityId: session.userId })
  }
  throw redirect(safeRedirect(redirectTo, '/login'), {
    headers: { 'Set-Cookie': await destroySessionCookie(request) },
  })
}

export type PasswordChangeResult = 'changed' | 'wrong' | 'locked'

/**
 * Changes the signed-in user's password. A wrong current password counts toward the account lock
 * and is audited exactly like a failed sign-in; otherwise the form would be an unlimited password
 * oracle for whoever holds a session (issue 12, finding 8). A locked account is signed out
 * everywhere: the person at the keyboard evidently does not know the password.
 */
export async function changePassword({
  userId,
  currentPassword,
  newPassword,
  keepSessionId,
}: {
  userId: string
  currentPassword: string
  newPassword: string
  keepSessionId: string
}): Promise<PasswordChangeResult> {
  const now = new Date()
  const record = await prisma.user.findUnique({ where: { id: userId }, select: { lockedUntil: true, password: { select: { hash: true } } } })
  const signOutLocked = async (event: Pick<AuditEventInput, 'action' | 'outcome' | 'details'>) => {
    await prisma.$transaction(async (tx) => {
      await tx.session.deleteMany({ where: { userId } })
      await audit({ ...event, userId, entity: 'user', entityId: userId }, tx)
    })
    return 'locked' as const
  }
  const refuseLocked = () => signOutLocked({ action: 'auth.password-change', outcome: 'DENIED', details: { reason: 'locked' } })
  if (!record || (record.lockedUntil && record.lockedUntil > now)) return refuseLocked()
  if (!(await verifyPassword(currentPassword, record.password?.hash))) {
    const count = await countFailedPassword(userId, now)
    const failure = {
      action: count.lockedNow ? 'auth.lock' : 'auth.password-change',
      outcome: 'FAILED',
      details: { reason: 'password', via: 'password-change', failures: count.failures },
    } as const
    if (count.locked) return signOutLocked(failure)
    await audit({ ...failure, userId, entity: 'user', entityId: userId })
    return 'wrong'
  }
  const hash = await hashPassword(newPassword)
  const changed = await prisma.$transaction(async (tx) => {
    if (!(await clearFailuresUnlessLocked(userId, now, tx))) return false
    await tx.password.upsert({ where: { userId }, update: { hash }, create: { userId, hash } })
    await tx.user.update({ where: { id: userId }, data: { mustChangePassword: false } })
    // Other sessions end: whoever knew the old password is signed out everywhere else.
    await tx.session.deleteMany({ where: { userId, id: { not: keepSessionId } } })
    await audit({ userId, action: 'auth.password-change', entity: 'user', entityId: userId }, tx)
    return true
  })
  return changed ? 'changed' : refuseLocked()
}
