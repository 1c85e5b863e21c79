import { describe, expect, inject, test } from 'vitest'
import { secondFactorRequiredFor } from '#app/models/second-factor.server.ts'
import { login } from '#app/utils/auth.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { BCRYPT_COST, hashPassword, verifyPassword } from '#app/utils/password.server.ts'
import { createUser } from '#tests/factories.ts'
import { TEST_PASSWORD, TEST_PASSWORD_COST } from '#tests/test-password.ts'

// The fixture users' hash is made at bcrypt's lowest cost (tests/test-password.ts); the app's own
// hashes keep the app's cost, and both are checked by the same comparison.
describe('passwords: the fixture users and the app', () => {
  test("the app hashes at its own cost (12), the fixture users' hash is at the lowest", async () => {
    expect(BCRYPT_COST).toBe(12)
    const hash = await hashPassword('Ein-anderes-Passwort-1')
    expect(hash).toMatch(/^\$2[aby]\$12\$.{53}$/)
    expect(await verifyPassword('Ein-anderes-Passwort-1', hash)).toBe(true)
    expect(TEST_PASSWORD_COST).toBe(4)
    expect(inject('testPasswordHash')).toMatch(/^\$2[aby]\$04\$.{53}$/)
  })

  test('a fixture hash is checked by the same comparison: the right password only; no hash, no match', async () => {
    const fixture = inject('testPasswordHash')
    expect(await verifyPassword(TEST_PASSWORD, fixture)).toBe(true)
    expect(await verifyPassword(`${TEST_PASSWORD} `, fixture)).toBe(false)
    expect(await verifyPassword(TEST_PASSWORD, null)).toBe(false)
  })

  // Decision 172 rehashes a stored hash below BCRYPT_MIN_COST at sign-in; the test setups set it to the
  // fixture hashes' cost, so a fixture user's sign-in keeps the cheap hash (app/routes/login-rehash.test.ts
  // checks the rehash at the app's cost).
  test("a fixture user's sign-in keeps the fixture hash: the test setups' minimum cost is the fixture cost", async () => {
    expect(getEnv().BCRYPT_MIN_COST).toBe(TEST_PASSWORD_COST)
    const user = await createUser()
    expect(
      await login({
        email: user.email,
        password: TEST_PASSWORD,
        secondFactorRequired: secondFactorRequiredFor,
      }),
    ).toMatchObject({ ok: true })
    expect(
      await prisma.password.findUniqueOrThrow({ where: { userId: user.id }, select: { hash: true } }),
    ).toEqual({ hash: inject('testPasswordHash') })
  })
})
