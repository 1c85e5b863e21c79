// The second factor (issue 17, decision 024): TOTP enrolment, the code at sign-in with replay
// protection, single-use recovery codes, the organisation's policy and the administrator's reset
// with a four-eyes notice. The only place that reads or writes TotpCredential and RecoveryCode.
import crypto from 'node:crypto'
import { type Role } from '#app/domain/codes.ts'
import {
  formatRecoveryCode,
  isSecondFactorRequired,
  normaliseRecoveryCode,
  parseSecondFactorPolicy,
  RECOVERY_CODE_COUNT,
  SECOND_FACTOR_SETTING_KEY,
  type SecondFactorPolicy,
} from '#app/domain/second-factor.ts'
import { notifyAccessChange } from '#app/models/access-notice.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import { completeSignIn, isLocked, recordFailedSecondFactor, type SecondFactorMethod } from '#app/utils/auth.server.ts'
import { prisma, type TransactionClient } from '#app/utils/db.server.ts'
import { matchingTotpStep, newTotpSecret } from '#app/utils/totp.server.ts'

export async function getSecondFactorPolicy(): Promise<SecondFactorPolicy> {
  const setting = await prisma.setting.findUnique({ where: { key: SECOND_FACTOR_SETTING_KEY }, select: { value: true } })
  return parseSecondFactorPolicy(setting?.value)
}

/** Whether the organisation's policy requires a second factor of someone with this role (for login()). */
export async function secondFactorRequiredFor(role: Role) {
  return isSecondFactorRequired(role, await getSecondFactorPolicy())
}

export async function saveSecondFactorPolicy({ userId, policy }: { userId: string; policy: SecondFactorPolicy }) {
  await prisma.$transaction(async (tx) => {
    await tx.setting.upsert({ where: { key: SECOND_FACTOR_SETTING_KEY }, create: { key: SECOND_FACTOR_SETTING_KEY, value: policy }, update: { value: policy } })
    await audit({ userId, action: 'settings.second-factor', entity: 'setting', details: { policy } }, tx)
  })
}

export type SecondFactorStatus = {
  required: boolean
  enrolled: boolean
  confirmedAt: Date | null
  /** an enrolment started but not confirmed: its secret is shown until the first code confirms it */
  pendingSecret: string | null
  recoveryCodesLeft: number
}

export async function getSecondFactorStatus(user: { id: string; role: Role }): Promise<SecondFactorStatus> {
  const [credential, recoveryCodesLeft, policy] = await Promise.all([
    prisma.totpCredential.findUnique({ where: { userId: user.id }, select: { secret: true, confirmedAt: true } }),
    prisma.recoveryCode.count({ where: { userId: user.id, usedAt: null } }),
    getSecondFactorPolicy(),
  ])
  return {
    required: isSecondFactorRequired(user.role, policy),
    enrolled: Boolean(credential?.confirmedAt),
    confirmedAt: credential?.confirmedAt ?? null,
    pendingSecret: credential && !credential.confirmedAt ? credential.secret : null,
    recoveryCodesLeft,
  }
}

/**
 * Starts (or restarts) an enrolment with a fresh secret, kept on the server until the first code
 * confirms it. A confirmed factor is not replaced here: that needs its current code (replaceFactor).
 */
export async function startEnrolment({ userId }: { userId: string }) {
  const secret = newTotpSecret()
  const started = await prisma.$transaction(async (tx) => {
    const existing = await tx.totpCredential.findUnique({ where: { userId }, select: { confirmedAt: true } })
    if (existing?.confirmedAt) return false
    await tx.totpCredential.upsert({ where: { userId }, create: { userId, secret }, update: { secret, lastUsedStep: null } })
    await audit({ userId, action: 'auth.second-factor-enrolment-start', entity: 'user', entityId: userId }, tx)
    return true
  })
  return started ? secret : null
}

function hashRecoveryCode(normalised: string) {
  return crypto.createHash('sha256').update(normalised, 'utf8').digest('hex')
}

/** Ten new codes replace all earlier ones; only their hashes are kept, the codes are shown once. */
async function issueRecoveryCodes(tx: TransactionClient, userId: string) {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => formatRecoveryCode(crypto.randomBytes(16)))
  await tx.recoveryCode.deleteMany({ where: { userId } })
  await tx.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: hashRecoveryCode(normaliseRecoveryCode(code)!) })) })
  return codes
}

/**
 * Records the step a code belongs to, only if it is newer than the last one accepted: one statement,
 * so that the same code sent twice at once is accepted once (RFC 6238 §5.2).
 */
async function claimStep(db: TransactionClient | typeof prisma, userId: string, step: number, { confirmed }: { confirmed: boolean }) {
  const { count } = await db.totpCredential.updateMany({
    where: { userId, confirmedAt: confirmed ? { not: null } : null, OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: step } }] },
    data: { lastUsedStep: step },
  })
  return count === 1
}

export type EnrolmentResult = { ok: true; recoveryCodes: string[]; sessionId: string | null } | { ok: false; error: 'code' | 'not-started' }

/**
 * Confirms an enrolment with the first code from the app. Issues the recovery codes; a session that
 * was waiting for this enrolment becomes a full one (its new id is returned for the cookie).
 */
export async function confirmEnrolment({
  userId,
  code,
  session,
}: {
  userId: string
  code: string
  session: { id: string; enrolmentPending: boolean }
}): Promise<EnrolmentResult> {
  const credential = await prisma.totpCredential.findUnique({ where: { userId }, select: { secret: true, confirmedAt: true } })
  if (!credential || credential.confirmedAt) return { ok: false, error: 'not-started' }
  const step = await matchingTotpStep(credential.secret, code)
  if (step === null) {
    await audit({ userId, action: 'auth.second-factor-enrol', entity: 'user', entityId: userId, outcome: 'FAILED', details: { reason: 'code' } })
    return { ok: false, error: 'code' }
  }
  const recoveryCodes = await prisma.$transaction(async (tx) => {
    if (!(await claimStep(tx, userId, step, { confirmed: false }))) return null
    await tx.totpCredential.update({ where: { userId }, data: { confirmedAt: new Date() } })
    const issued = await issueRecoveryCodes(tx, userId)
    await audit({ userId, action: 'auth.second-factor-enrol', entity: 'user', entityId: userId }, tx)
    return issued
  })
  if (!recoveryCodes) return { ok: false, error: 'code' }
  const sessionId = session.enrolmentPending ? await completeSignIn({ pendingSessionId: session.id, userId, method: 'enrolment' }) : null
  return { ok: true, recoveryCodes, sessionId }
}

export type SignInCodeResult = { ok: true; sessionId: string; recoveryCodesLeft: number | null } | { ok: false; error: 'invalid' | 'locked' }

/**
 * The second step of a sign-in: a code of the authenticator (not used before) or an unused recovery
 * code. Every failure — a wrong, expired or replayed code, a used recovery code — counts toward the
 * account lock exactly like a wrong password.
 */
export async function verifySignIn({
  userId,
  pendingSessionId,
  method,
  code,
}: {
  userId: string
  pendingSessionId: string
  method: Exclude<SecondFactorMethod, 'enrolment'>
  code: string
}): Promise<SignInCodeResult> {
  if (await isLocked(userId)) return { ok: false, error: 'locked' }
  let accepted = false
  let reason: 'code' | 'replay' | 'recovery-code' = method === 'totp' ? 'code' : 'recovery-code'
  if (method === 'totp') {
    const credential = await prisma.totpCredential.findUnique({ where: { userId }, select: { secret: true, confirmedAt: true } })
    const step = credential?.confirmedAt ? await matchingTotpStep(credential.secret, code) : null
    if (step !== null) {
      accepted = await claimStep(prisma, userId, step, { confirmed: true })
      if (!accepted) reason = 'replay'
    }
  } else {
    const normalised = normaliseRecoveryCode(code)
    if (normalised) {
      const { count } = await prisma.recoveryCode.updateMany({ where: { userId, codeHash: hashRecoveryCode(normalised), usedAt: null }, data: { usedAt: new Date() } })
      accepted = count === 1
    }
  }
  if (!accepted) {
    const { locked } = await recordFailedSecondFactor({ userId, reason })
    return { ok: false, error: locked ? 'locked' : 'invalid' }
  }
  const sessionId = await completeSignIn({ pendingSessionId, userId, method })
  // the pending session was ended meanwhile (a lock from parallel wrong codes): no sign-in
  if (!sessionId) return { ok: false, error: 'locked' }
  const recoveryCodesLeft = method === 'recovery-code' ? await prisma.recoveryCode.count({ where: { userId, usedAt: null } }) : null
  return { ok: true, sessionId, recoveryCodesLeft }
}

/** Checks a current code of a signed-in user (new recovery codes, switching off, a new authenticator). */
async function checkCurrentCode(userId: string, code: string) {
  const credential = await prisma.totpCredential.findUnique({ where: { userId }, select: { secret: true, confirmedAt: true } })
  if (!credential?.confirmedAt) return false
  const step = await matchingTotpStep(credential.secret, code)
  return step !== null && (await claimStep(prisma, userId, step, { confirmed: true }))
}

export type CodeCheckedResult<T> = { ok: true; value: T } | { ok: false; error: 'code' | 'locked' | 'required' | 'not-enrolled' }

async function withCurrentCode<T>(userId: string, code: string, run: () => Promise<T>): Promise<CodeCheckedResult<T>> {
  // without a factor there is nothing to guess, so nothing to count
  if (!(await prisma.totpCredential.findFirst({ where: { userId, confirmedAt: { not: null } }, select: { userId: true } }))) return { ok: false, error: 'not-enrolled' }
  if (!(await checkCurrentCode(userId, code))) {
    const { locked } = await recordFailedSecondFactor({ userId, reason: 'code' })
    return { ok: false, error: locked ? 'locked' : 'code' }
  }
  return { ok: true, value: await run() }
}

export function regenerateRecoveryCodes({ userId, code }: { userId: string; code: string }) {
  return withCurrentCode(userId, code, () =>
    prisma.$transaction(async (tx) => {
      const codes = await issueRecoveryCodes(tx, userId)
      await audit({ userId, action: 'auth.recovery-codes', entity: 'user', entityId: userId }, tx)
      return codes
    }),
  )
}

/** A new authenticator (a new phone): the current code proves the old one, then enrolment starts afresh. */
export function replaceFactor({ userId, code }: { userId: string; code: string }) {
  return withCurrentCode(userId, code, async () => {
    const secret = newTotpSecret()
    await prisma.$transaction(async (tx) => {
      await tx.totpCredential.update({ where: { userId }, data: { secret, confirmedAt: null, lastUsedStep: null } })
      await tx.recoveryCode.deleteMany({ where: { userId } })
      await audit({ userId, action: 'auth.second-factor-replace', entity: 'user', entityId: userId }, tx)
    })
    return secret
  })
}

/** Switching the second factor off: only where it is not required, and with a current code. */
export async function disableSecondFactor({ user, code }: { user: { id: string; role: Role }; code: string }): Promise<CodeCheckedResult<true>> {
  if (isSecondFactorRequired(user.role, await getSecondFactorPolicy())) return { ok: false, error: 'required' }
  return withCurrentCode(user.id, code, async () => {
    await prisma.$transaction(async (tx) => {
      await tx.totpCredential.deleteMany({ where: { userId: user.id } })
      await tx.recoveryCode.deleteMany({ where: { userId: user.id } })
      await audit({ userId: user.id, action: 'auth.second-factor-disable', entity: 'user', entityId: user.id }, tx)
    })
    return true as const
  })
}

export type ResetResult = { ok: true; notified: number } | { ok: false; error: 'self' | 'not-found' | 'nothing' }

/**
 * An administrator resets a user's second factor (a lost phone and no recovery code). Four eyes by
 * notice: the team lead(s) of the user's team and the user are told who did it and when; the user's
 * sessions end, and the next sign-in leads to a new enrolment. An administrator never resets their own.
 */
export async function resetSecondFactor({ admin, userId }: { admin: { id: string }; userId: string }): Promise<ResetResult> {
  if (admin.id === userId) return { ok: false, error: 'self' }
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, role: true, teamId: true } })
    if (!user) return { ok: false as const, error: 'not-found' as const }
    const { count } = await tx.totpCredential.deleteMany({ where: { userId } })
    const { count: codes } = await tx.recoveryCode.deleteMany({ where: { userId } })
    if (count === 0 && codes === 0) return { ok: false as const, error: 'nothing' as const }
    await tx.session.deleteMany({ where: { userId } })
    const role = user.role as Role
    // role and team in the details, as for the other access grants: the notice shows them
    const event = await audit({ userId: admin.id, action: 'auth.second-factor-reset', entity: 'user', entityId: userId, details: { role, teamId: user.teamId } }, tx)
    // four eyes (decision 018): the team lead(s) and the person are told, in this transaction
    const notified = await notifyAccessChange(tx, { change: { kind: 'second-factor-reset', role, teamId: user.teamId }, subjectUserId: userId, actorId: admin.id, auditEventId: event.id })
    return { ok: true as const, notified }
  })
}

/** Per role: how many active users have a second factor (the administration's overview). */
export async function secondFactorOverview() {
  const users = await prisma.user.findMany({ where: { active: true }, select: { role: true, totp: { select: { confirmedAt: true } } } })
  const byRole = new Map<string, { role: string; users: number; enrolled: number }>()
  for (const user of users) {
    const entry = byRole.get(user.role) ?? { role: user.role, users: 0, enrolled: 0 }
    entry.users += 1
    if (user.totp?.confirmedAt) entry.enrolled += 1
    byRole.set(user.role, entry)
  }
  return [...byRole.values()].sort((a, b) => a.role.localeCompare(b.role))
}

/** Demo mode only: enrols a demo account with its published secret (README), unless it has a factor. */
export async function enrolDemoAccount(userId: string, secret: string) {
  const existing = await prisma.totpCredential.findUnique({ where: { userId }, select: { userId: true } })
  if (existing) return false
  await prisma.totpCredential.create({ data: { userId, secret, confirmedAt: new Date() } })
  return true
}
