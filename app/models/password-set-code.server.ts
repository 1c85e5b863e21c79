// One-time set-password codes (decision 018): issued when an administrator creates an account or
// resets its password, redeemed by the person on /password/set. Only a hash is stored.
import crypto from 'node:crypto'
import { formatSetCode, normaliseSetCode, SET_CODE_SYMBOLS, SET_CODE_VALID_MS } from '#app/domain/password-set-code.ts'
import { audit } from '#app/utils/audit.server.ts'
import { prisma, type TransactionClient } from '#app/utils/db.server.ts'
import { hashPassword } from '#app/utils/password.server.ts'

export type SetCodePurpose = 'ACCOUNT_CREATED' | 'PASSWORD_RESET'

// A fast hash is enough: the code carries 100 random bits, so there is nothing to guess from a hash.
function hashOf(symbols: string) {
  return crypto.createHash('sha256').update(`wegbegleiter:set-password:${symbols}`).digest('hex')
}

/**
 * A new code for the user, valid for 24 hours; any earlier unused code of the user stops working.
 * Runs in the caller's transaction, next to the change and its audit event.
 */
export async function issuePasswordSetCode(
  tx: TransactionClient,
  { userId, purpose, createdById, now = new Date() }: { userId: string; purpose: SetCodePurpose; createdById: string | null; now?: Date },
) {
  const code = formatSetCode(crypto.randomBytes(SET_CODE_SYMBOLS))
  const expiresAt = new Date(now.getTime() + SET_CODE_VALID_MS)
  await tx.passwordSetCode.deleteMany({ where: { userId, usedAt: null } })
  await tx.passwordSetCode.create({ data: { userId, codeHash: hashOf(normaliseSetCode(code)!), purpose, createdById, createdAt: now, expiresAt } })
  return { code, expiresAt }
}

export type RedeemResult = { ok: true; userId: string } | { ok: false; reason: 'unknown' | 'used' | 'expired' | 'inactive' }

/**
 * Sets the password with a code: once, before it expires, for an active account. The code is claimed
 * in the same transaction that stores the password (two parallel uses: one wins). The account's
 * other sessions end and a lock is lifted: the person has just proved they hold the code.
 * Every attempt is audited; a failed one names its reason, never the code.
 */
export async function redeemPasswordSetCode({ code, newPassword, now = new Date() }: { code: string; newPassword: string; now?: Date }): Promise<RedeemResult> {
  const symbols = normaliseSetCode(code)
  const record = symbols
    ? await prisma.passwordSetCode.findUnique({
        where: { codeHash: hashOf(symbols) },
        select: { id: true, userId: true, purpose: true, expiresAt: true, usedAt: true, user: { select: { active: true } } },
      })
    : null
  const fail = async (reason: Exclude<RedeemResult, { ok: true }>['reason']) => {
    await audit({ userId: record?.userId ?? null, action: 'auth.password-set', entity: 'user', entityId: record?.userId ?? null, outcome: 'FAILED', details: { reason } })
    return { ok: false, reason } as const
  }
  if (!record) return fail('unknown')
  if (record.usedAt) return fail('used')
  if (record.expiresAt <= now) return fail('expired')
  if (!record.user.active) return fail('inactive')
  const hash = await hashPassword(newPassword)
  const stored = await prisma.$transaction(async (tx) => {
    const claimed = await tx.passwordSetCode.updateMany({ where: { id: record.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } })
    if (claimed.count !== 1) return false
    await tx.password.upsert({ where: { userId: record.userId }, update: { hash }, create: { userId: record.userId, hash } })
    await tx.user.update({ where: { id: record.userId }, data: { mustChangePassword: false, failedLoginCount: 0, lockedUntil: null } })
    await tx.session.deleteMany({ where: { userId: record.userId } })
    await audit({ userId: record.userId, action: 'auth.password-set', entity: 'user', entityId: record.userId, details: { purpose: record.purpose } }, tx)
    return true
  })
  return stored ? { ok: true, userId: record.userId } : fail('used')
}
