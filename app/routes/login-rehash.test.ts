// Decision 172: a stored password hash of a lower bcrypt cost than the app's is replaced at the next right
// password, in the sign-in's transaction, audited without the hash; a wrong password, a locked or an
// inactive account never rehashes; parallel sign-ins store one new hash, and a password changed meanwhile
// is never overwritten. The other test files keep their fixture hashes at cost 4 (BCRYPT_MIN_COST=4 in
// tests/setup/setup-test-env.ts); this file asks for the app's cost before anything reads the environment.
import bcrypt from 'bcryptjs'
import { describe, expect, test, vi } from 'vitest'
import { SECOND_FACTOR_SETTING_KEY } from '#app/domain/second-factor.ts'
import { changePassword, login } from '#app/utils/auth.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { getEnv, parseEnv } from '#app/utils/env.server.ts'
import { BCRYPT_COST, bcryptCost, needsRehash, verifyPassword } from '#app/utils/password.server.ts'
import { secondFactorRequiredFor } from '#app/models/second-factor.server.ts'
import {
  createUser,
  enrolSecondFactor,
  inRequest,
  settle,
  statusOf,
  TEST_PASSWORD,
} from '#tests/factories.ts'
import { action } from './login.tsx'

vi.hoisted(() => {
  process.env.BCRYPT_MIN_COST = '12'
})

let addressCounter = 0
async function signIn(email: string, password: string) {
  addressCounter += 1
  const clientIp = `203.0.113.${addressCounter}`
  const request = new Request('http://localhost/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password, redirectTo: '/' }),
  })
  const { result } = await inRequest(() => settle(action({ request, params: {}, context: { clientIp } })), {
    method: 'POST',
    clientIp,
  })
  return statusOf(result)
}

/** A counsellor (no second factor required of them) whose stored hash is at `cost`. */
async function userWithHashAt(cost: number, options: { active?: boolean } = {}) {
  await prisma.setting.upsert({
    where: { key: SECOND_FACTOR_SETTING_KEY },
    create: { key: SECOND_FACTOR_SETTING_KEY, value: 'PRIVILEGED' },
    update: { value: 'PRIVILEGED' },
  })
  const user = await createUser(options)
  const hash = await bcrypt.hash(TEST_PASSWORD, cost)
  await prisma.password.update({ where: { userId: user.id }, data: { hash } })
  return { ...user, hash }
}

const storedHash = async (userId: string) =>
  (await prisma.password.findUniqueOrThrow({ where: { userId }, select: { hash: true } })).hash
const rehashEvents = (userId: string) =>
  prisma.auditEvent.findMany({
    where: { userId, action: 'auth.password-rehash' },
    select: { entity: true, entityId: true, outcome: true, details: true },
  })

describe('a weaker stored hash is replaced at sign-in (decision 172)', () => {
  test('the setting: this file at the app cost; the test setups at 4; production mode refuses less than the app cost', () => {
    expect(getEnv().BCRYPT_MIN_COST).toBe(BCRYPT_COST)
    expect(parseEnv({}).BCRYPT_MIN_COST).toBe(12)
    expect(parseEnv({ BCRYPT_MIN_COST: '4' }).BCRYPT_MIN_COST).toBe(4)
    expect(() => parseEnv({ BCRYPT_MIN_COST: '3' })).toThrow(/BCRYPT_MIN_COST/)
    expect(() => parseEnv({ BCRYPT_MIN_COST: '13' })).toThrow(/BCRYPT_MIN_COST/)
    const production = {
      APP_MODE: 'production',
      SESSION_SECRET: 'a-production-secret-that-is-long-enough-0123',
    }
    expect(parseEnv(production).BCRYPT_MIN_COST).toBe(12)
    expect(() => parseEnv({ ...production, BCRYPT_MIN_COST: '4' })).toThrow(
      /BCRYPT_MIN_COST below 12 is for tests only/,
    )
    expect(bcryptCost('$2b$04$' + 'a'.repeat(53))).toBe(4)
    expect(bcryptCost('$2a$10$' + 'a'.repeat(53))).toBe(10)
    expect(bcryptCost('not a hash')).toBeNull()
    expect(needsRehash('$2b$11$' + 'a'.repeat(53), 12)).toBe(true)
    expect(needsRehash('$2b$12$' + 'a'.repeat(53), 12)).toBe(false)
    expect(needsRehash('$2b$13$' + 'a'.repeat(53), 12)).toBe(false)
    expect(needsRehash('not a hash', 12)).toBe(false)
  })

  test('a right password stores a hash at the app cost, audited with the costs and no hash; the next sign-in keeps it', async () => {
    const user = await userWithHashAt(4)
    expect(await signIn(user.email, TEST_PASSWORD)).toBe(302)
    const renewed = await storedHash(user.id)
    expect(bcryptCost(renewed)).toBe(BCRYPT_COST)
    expect(await verifyPassword(TEST_PASSWORD, renewed)).toBe(true)
    expect(await verifyPassword(`${TEST_PASSWORD}x`, renewed)).toBe(false)
    const events = await rehashEvents(user.id)
    expect(events).toEqual([
      {
        entity: 'user',
        entityId: user.id,
        outcome: 'SUCCESS',
        details: JSON.stringify({ fromCost: 4, toCost: BCRYPT_COST }),
      },
    ])
    // nothing of either hash in the audit log
    const logged = await prisma.auditEvent.findMany({ where: { userId: user.id }, select: { details: true } })
    for (const { details } of logged)
      for (const hash of [user.hash, renewed]) expect(details ?? '').not.toContain(hash.slice(7))
    // the sign-in itself as before
    expect(
      await prisma.auditEvent.count({ where: { userId: user.id, action: 'auth.login', outcome: 'SUCCESS' } }),
    ).toBe(1)
    expect(await signIn(user.email, TEST_PASSWORD)).toBe(302)
    expect(await storedHash(user.id)).toBe(renewed)
    expect(await rehashEvents(user.id)).toHaveLength(1)
  }, 30_000)

  test('a right password with a second step pending rehashes too (the password was proven)', async () => {
    const user = await userWithHashAt(5)
    await enrolSecondFactor(user.id)
    const result = await login({
      email: user.email,
      password: TEST_PASSWORD,
      secondFactorRequired: secondFactorRequiredFor,
    })
    expect(result).toMatchObject({ ok: true, pendingStep: 'TOTP' })
    expect(bcryptCost(await storedHash(user.id))).toBe(BCRYPT_COST)
    expect(await rehashEvents(user.id)).toHaveLength(1)
  }, 30_000)

  test('a wrong password, an inactive and a locked account keep the stored hash, and nothing is audited as a rehash', async () => {
    const wrong = await userWithHashAt(4)
    expect(await signIn(wrong.email, 'Not-The-Password-1')).toBe(400)
    const inactive = await userWithHashAt(4, { active: false })
    expect(await signIn(inactive.email, TEST_PASSWORD)).toBe(400)
    const locked = await userWithHashAt(4)
    await prisma.user.update({
      where: { id: locked.id },
      data: { lockedUntil: new Date(Date.now() + 60_000) },
    })
    expect(await signIn(locked.email, TEST_PASSWORD)).toBe(400)
    for (const user of [wrong, inactive, locked]) {
      expect(await storedHash(user.id)).toBe(user.hash)
      expect(await rehashEvents(user.id)).toEqual([])
    }
  })

  test('parallel sign-ins with the right password: each signs in, one new hash is stored and audited', async () => {
    const user = await userWithHashAt(4)
    const statuses = await Promise.all(Array.from({ length: 3 }, () => signIn(user.email, TEST_PASSWORD)))
    expect(statuses).toEqual([302, 302, 302])
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(3)
    const renewed = await storedHash(user.id)
    expect(bcryptCost(renewed)).toBe(BCRYPT_COST)
    expect(await verifyPassword(TEST_PASSWORD, renewed)).toBe(true)
    expect(await rehashEvents(user.id)).toHaveLength(1)
  }, 60_000)

  test('a password changed while a sign-in rehashes stays changed, and the old password keeps no session', async () => {
    const user = await userWithHashAt(4)
    const session = await prisma.session.create({
      data: { id: crypto.randomUUID(), userId: user.id, expiresAt: new Date(Date.now() + 3_600_000) },
      select: { id: true },
    })
    const newPassword = 'Ein-neues-Passwort-2026'
    const [signedIn, changed] = await Promise.all([
      login({ email: user.email, password: TEST_PASSWORD, secondFactorRequired: secondFactorRequiredFor }),
      changePassword({
        userId: user.id,
        currentPassword: TEST_PASSWORD,
        newPassword,
        keepSessionId: session.id,
      }),
    ])
    expect(changed).toBe('changed')
    // In either order no session of the old password survives: a sign-in that committed first was signed out
    // by the change; one whose transaction came after the change was refused.
    if (!signedIn.ok) expect(signedIn).toEqual({ ok: false, reason: 'invalid' })
    expect((await prisma.session.findMany({ where: { userId: user.id }, select: { id: true } })).map(({ id }) => id)).toEqual([session.id])
    expect(await verifyPassword(newPassword, await storedHash(user.id))).toBe(true)
    expect(await verifyPassword(TEST_PASSWORD, await storedHash(user.id))).toBe(false)
  }, 60_000)
})
