import { redirect } from '@remix-run/node'
import { type Role } from '#app/domain/codes.ts'
import { audit, type AuditEventInput } from './audit.server.ts'
import { prisma, readRows, type TransactionClient } from './db.server.ts'
import { oncePerRequest, setRequestUser } from './request-context.server.ts'
import { safeRedirect } from './safe-redirect.ts'
import { getEnv } from './env.server.ts'
import { BCRYPT_COST, bcryptCost, hashPassword, needsRehash, verifyPassword } from './password.server.ts'
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
/** A session waiting for its second factor (or its enrolment) ends after this. */
export const PENDING_SESSION_MS = 15 * 60 * 1000

/**
 * What a session still lacks after the password: the code of the user's authenticator (TOTP), or —
 * when a second factor is required and none is set up — its enrolment (ENROL). null: signed in.
 */
export type PendingStep = 'TOTP' | 'ENROL'

export type SessionUser = {
  id: string
  email: string
  displayName: string
  role: Role
  teamId: string
  mustChangePassword: boolean
  /** signed in with the password only: a second factor must be set up before anything else */
  enrolmentPending: boolean
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
  pendingStep: string | null
  teamName: string
  teamKind: string
}

// Every request reads its session (a page view up to three times: root, layout and page loader);
// one joined statement instead of the ORM's three, and once per page view (request-context.server.ts);
// straight from the connection (`readRows`, decision 067): every request pays it, `/about` too.
// CROSS JOIN fixes the order (SQLite keeps a CROSS JOIN's left table outside): the session by its
// key first. With statistics taken while Session held a handful of rows, the planner otherwise
// scanned every user and looked up each one's sessions; with statistics taken while it held one
// row (a quiet installation's start-up optimize), it scanned Session itself, on every request until
// the next optimize. The session is read in a subquery of the Session table alone, which SQLite
// answers by the unique key whatever its statistics say (its planner's short cut for an equality
// on a whole unique key); its LIMIT keeps SQLite from merging it into the join, where the costs
// would decide again (session-plan.server.test.ts). Until session 24 INDEXED BY named the key's
// index, `sqlite_autoindex_Session_1`: a name SQLite derives from the order of the table's
// constraints, which a migration's rebuild may change.
// The key is bound as `+?` (decision 146): a plain `?` on the key is read by the planner (STAT4),
// and SQLite then compiles the statement anew at every run, i.e. on every request.
async function findSession(sessionId: string) {
  const [row] = await readRows<SessionRow[]>`
    SELECT s."id", s."expiresAt", s."lastSeenAt", s."pendingStep", u."id" AS userId, u."email", u."displayName", u."role", u."teamId",
      u."active", u."mustChangePassword", t."name" AS teamName, t."kind" AS teamKind
    FROM (SELECT "id", "expiresAt", "lastSeenAt", "pendingStep", "userId" FROM "Session" WHERE "id" = +${sessionId} LIMIT 1) s
      CROSS JOIN "User" u ON u."id" = s."userId" CROSS JOIN "Team" t ON t."id" = u."teamId"`
  if (!row) return null
  return {
    id: row.id,
    expiresAt: new Date(row.expiresAt),
    lastSeenAt: new Date(row.lastSeenAt),
    pendingStep: row.pendingStep === 'TOTP' || row.pendingStep === 'ENROL' ? (row.pendingStep as PendingStep) : null,
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

type SessionState =
  | { kind: 'none' }
  /** the password was right; the code of the authenticator is still due */
  | { kind: 'code-pending'; sessionId: string; userId: string; email: string }
  | { kind: 'user'; user: SessionUser }

function getSessionState(request: Request): Promise<SessionState> {
  return oncePerRequest(`session:${request.headers.get('cookie') ?? ''}`, () => lookUpSession(request))
}

/** The signed-in user, or null (an expired or revoked session clears the cookie). */
export function getUser(request: Request): Promise<SessionUser | null> {
  return oncePerRequest(`user:${request.headers.get('cookie') ?? ''}`, async () => {
    const state = await getSessionState(request)
    return state.kind === 'user' ? state.user : null
  })
}

async function lookUpSession(request: Request): Promise<SessionState> {
  const cookieSession = await getCookieSession(request)
  const sessionId = cookieSession.get(SESSION_ID_KEY)
  if (typeof sessionId !== 'string') return { kind: 'none' }
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
  if (session.pendingStep === 'TOTP') return { kind: 'code-pending', sessionId: session.id, userId: session.user.id, email: session.user.email }
  if (now - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await prisma.session.update({ where: { id: session.id }, data: { lastSeenAt: new Date(now) } })
  }
  const { active: _active, ...user } = session.user
  setRequestUser(user.id)
  return { kind: 'user', user: { ...user, enrolmentPending: session.pendingStep === 'ENROL', sessionId: session.id } }
}

function pathOf(request: Request) {
  const url = new URL(request.url)
  return `${url.pathname}${url.search}`
}

/**
 * The signed-in user; everyone else is sent where they must go first: to the sign-in page, to the
 * code of their authenticator, to a forced password change, or to setting up a second factor (a
 * session with the password alone grants nothing else).
 */
export async function requireUser(request: Request, { allowPasswordChange = false, allowEnrolment = false } = {}) {
  const state = await getSessionState(request)
  // Only a redirect needs the address back: a case page asks twice per view (layout and page), and
  // each `request.url` serialises the URL anew.
  const redirectTo = () => new URLSearchParams({ redirectTo: pathOf(request) })
  if (state.kind === 'code-pending') throw redirect(`/login/verify?${redirectTo()}`)
  if (state.kind === 'none') throw redirect(`/login?${redirectTo()}`)
  const { user } = state
  if (user.mustChangePassword && !allowPasswordChange) throw redirect(`/settings/password?${redirectTo()}`)
  // the password comes first: a forced change may happen before the enrolment
  if (user.enrolmentPending && !allowEnrolment && !allowPasswordChange) throw redirect(`/settings/security?${redirectTo()}`)
  return user
}

/** The session of someone whose password was right and whose code is due (the /login/verify page). */
export async function requireCodePending(request: Request) {
  const state = await getSessionState(request)
  if (state.kind === 'code-pending') return state
  throw redirect(state.kind === 'user' ? '/' : '/login')
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
    // someone half-way through (code due) may start again with the password
    const user = await getUser(request).catch(() => null)
    if (user) throw redirect('/')
  }
}

export type LoginResult =
  | { ok: true; sessionId: string; userId: string; mustChangePassword: boolean; pendingStep: PendingStep | null }
  | { ok: false; reason: 'invalid' | 'locked' }

type FailureCount = { failures: number; locked: boolean; lockedNow: boolean }

/**
 * Counts one wrong password (or second-factor code) against the account in a single statement, and sets the lock in the
 * same statement when the count reaches MAX_FAILED_LOGINS. Reading the count, adding one and
 * writing it back lost updates under parallel requests: ten parallel wrong passwords left the count
 * at 2–4 and no lock (issue 12, finding 7). After a lock has run out the count starts again at 1;
 * failures that raced past the lock check while it was being set still count.
 */
async function countFailedSignIn(userId: string, now: Date): Promise<FailureCount> {
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
 * Replaces a stored hash of a lower cost by the one made from the right password at the app's cost
 * (decision 172), in the sign-in's transaction and only if the stored hash is still the one the password
 * was checked against: a parallel sign-in that rehashed first, or a password changed meanwhile, is kept
 * (no lost update). Audited like a credential change, with the costs and never a hash.
 */
async function rehashPassword(tx: TransactionClient, userId: string, rehash: { from: string; to: string } | null) {
  if (!rehash) return
  const { count } = await tx.password.updateMany({ where: { userId, hash: rehash.from }, data: { hash: rehash.to } })
  if (count !== 1) return
  await audit({ userId, action: 'auth.password-rehash', entity: 'user', entityId: userId, details: { fromCost: bcryptCost(rehash.from), toCost: BCRYPT_COST } }, tx)
}

/**
 * What a user still needs after the right password: their code, an enrolment (when the
 * organisation's policy requires a second factor of them), or nothing.
 */
async function stepAfterPassword(db: TransactionClient, userId: string, enrolmentRequired: boolean): Promise<PendingStep | null> {
  const credential = await db.totpCredential.findUnique({ where: { userId }, select: { confirmedAt: true } })
  if (credential?.confirmedAt) return 'TOTP'
  return enrolmentRequired ? 'ENROL' : null
}

/** The sign-in's transaction found the password changed since it was checked. */
const PASSWORD_CHANGED = 'password-changed' as const

/**
 * Checks the password and opens a session. One generic failure for unknown address, wrong password,
 * inactive or locked account, so the answer reveals nothing about accounts. The caller has reserved
 * an attempt for the client's address (login-throttle.server.ts) before this checks any hash.
 * `secondFactorRequired` answers the organisation's policy for a role (secondFactorRequiredFor in
 * app/models/second-factor.server.ts; passed in, as utils do not apply domain rules).
 */
export async function login({ email, password, secondFactorRequired }: { email: string; password: string; secondFactorRequired: (role: Role) => Promise<boolean> }): Promise<LoginResult> {
  const user = await prisma.user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { id: true, role: true, active: true, lockedUntil: true, mustChangePassword: true, password: { select: { hash: true } } },
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
    const count = await countFailedSignIn(user.id, now)
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
  const enrolmentRequired = await secondFactorRequired(user.role as Role)
  // A hash of a lower cost than the app's is made anew from the right password (≈ 0.25 s of a core at
  // cost 12), before the transaction, which then holds the write lock only for the statements.
  const stored = user.password!.hash
  const rehash = needsRehash(stored, getEnv().BCRYPT_MIN_COST) ? { from: stored, to: await hashPassword(password) } : null
  const session = await prisma.$transaction(async (tx) => {
    // The password was checked before the transaction. A password changed since then signs the old one out
    // everywhere, so the old password must not open a session now: the stored hash must still be the one
    // checked, or else (a parallel sign-in's renewal) one the password matches too. Checked again only when the
    // hash changed meanwhile, which is rare; then the write lock is held for one more comparison (≈ 0.25 s).
    const current = await tx.password.findUnique({ where: { userId: user.id }, select: { hash: true } })
    if (current?.hash !== stored && !(await verifyPassword(password, current?.hash))) return PASSWORD_CHANGED
    const pendingStep = await stepAfterPassword(tx, user.id, enrolmentRequired)
    if (pendingStep) {
      // Half signed in: the failure count stays until the second step succeeds, so that a right
      // password cannot reset the count of wrong codes (the lock would never come). A lock set
      // meanwhile by parallel failures refuses, as below.
      const current = await tx.user.findUniqueOrThrow({ where: { id: user.id }, select: { lockedUntil: true } })
      if (current.lockedUntil && current.lockedUntil > now) return null
      await rehashPassword(tx, user.id, rehash)
      const created = await tx.session.create({
        data: { id: crypto.randomUUID(), userId: user.id, lastSeenAt: now, expiresAt: new Date(now.getTime() + PENDING_SESSION_MS), pendingStep },
        select: { id: true },
      })
      await audit({ userId: user.id, action: 'auth.password', entity: 'user', entityId: user.id, details: { next: pendingStep } }, tx)
      return { ...created, pendingStep }
    }
    if (!(await clearFailuresUnlessLocked(user.id, now, tx, { lastLoginAt: now }))) return null
    await rehashPassword(tx, user.id, rehash)
    const created = await tx.session.create({
      data: { id: crypto.randomUUID(), userId: user.id, lastSeenAt: now, expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS) },
      select: { id: true },
    })
    await audit({ userId: user.id, action: 'auth.login', entity: 'user', entityId: user.id }, tx)
    return { ...created, pendingStep: null }
  })
  if (session === PASSWORD_CHANGED) {
    // Not counted as a failure: the password was right until a change a moment ago.
    await audit({ userId: user.id, action: 'auth.login', entity: 'user', entityId: user.id, outcome: 'FAILED', details: { reason: 'password-changed' } })
    return { ok: false, reason: 'invalid' }
  }
  if (!session) return deniedAsLocked()
  return { ok: true, sessionId: session.id, userId: user.id, mustChangePassword: user.mustChangePassword, pendingStep: session.pendingStep }
}

export type SecondFactorMethod = 'totp' | 'recovery-code' | 'enrolment'

/**
 * Completes a sign-in after its second step: the pending session is replaced by a new, full one
 * (a new id, so that an id seen before the second step is worth nothing), the failure count is
 * cleared and the sign-in audited. Returns the new session id, or null when the pending session is
 * gone or a lock was set meanwhile.
 */
export async function completeSignIn({ pendingSessionId, userId, method }: { pendingSessionId: string; userId: string; method: SecondFactorMethod }) {
  const now = new Date()
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.session.deleteMany({ where: { id: pendingSessionId, userId, pendingStep: { not: null } } })
    if (count !== 1) return null
    if (!(await clearFailuresUnlessLocked(userId, now, tx, { lastLoginAt: now }))) return null
    const created = await tx.session.create({
      data: { id: crypto.randomUUID(), userId, lastSeenAt: now, expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS) },
      select: { id: true },
    })
    await audit({ userId, action: 'auth.login', entity: 'user', entityId: userId, details: { secondFactor: method } }, tx)
    return created.id
  })
}

/**
 * Counts a wrong second factor against the account like a wrong password (the same single
 * statement, so parallel wrong codes each count) and locks it at MAX_FAILED_LOGINS. A lock ends
 * every session of the user, the pending one included.
 */
export async function recordFailedSecondFactor({ userId, reason }: { userId: string; reason: 'code' | 'replay' | 'recovery-code' }) {
  const { failures, locked, lockedNow } = await countFailedSignIn(userId, new Date())
  await prisma.$transaction(async (tx) => {
    if (locked) await tx.session.deleteMany({ where: { userId } })
    await audit({ userId, action: lockedNow ? 'auth.lock' : 'auth.second-factor', entity: 'user', entityId: userId, outcome: 'FAILED', details: { reason, failures } }, tx)
  })
  return { locked, failures }
}

/** Whether the account is locked right now (a wrong password or code count reached the limit). */
export async function isLocked(userId: string, now = new Date()) {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { lockedUntil: true } })
  return Boolean(user?.lockedUntil && user.lockedUntil > now)
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
    const count = await countFailedSignIn(userId, now)
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
