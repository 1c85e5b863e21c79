import bcrypt from 'bcryptjs'
import { describe, expect, test, vi } from 'vitest'
import { scaledAtStart } from '#tests/setup/slowdown.ts'
import { MAX_FAILED_LOGINS } from '#app/utils/auth.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { SECOND_FACTOR_SETTING_KEY } from '#app/domain/second-factor.ts'
import { createUser as createAnyUser, enrolSecondFactor, inRequest, settle, statusOf, TEST_PASSWORD } from '#tests/factories.ts'
import { action } from './login.tsx'

/**
 * A counsellor whose sign-in ends with the password: the organisation requires the second factor only
 * of administrators and team leads. The code step's own redirects and counts are tested below and in
 * login_.verify.test.ts.
 */
async function createUser() {
  await prisma.setting.upsert({ where: { key: SECOND_FACTOR_SETTING_KEY }, create: { key: SECOND_FACTOR_SETTING_KEY, value: 'PRIVILEGED' }, update: { value: 'PRIVILEGED' } })
  return createAnyUser()
}

let addressCounter = 0
/** A fresh client address per test: the per-IP throttle lives in memory for the whole file. */
function newAddress() {
  addressCounter += 1
  return `198.51.100.${addressCounter}`
}

function loginRequest(fields: Record<string, string>) {
  return new Request('http://localhost/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  })
}

/** Signs in as the server runs the action: inside a request context that carries the client address. */
async function signIn(fields: Record<string, string>, clientIp = newAddress()) {
  const { result } = await inRequest(
    () => settle(action({ request: loginRequest(fields), params: {}, context: { clientIp } })),
    { method: 'POST', clientIp },
  )
  return result
}

/** Holds every caller of `arrive` until `count` have called it; later callers go on at once. */
function barrier(count: number) {
  let arrived = 0
  let release!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  return {
    arrive() {
      arrived += 1
      if (arrived === count) release()
      return released
    },
    arrived: () => arrived,
  }
}

describe('sign-in redirects (issue 12, finding 5)', () => {
  // `/login?redirectTo=/%09/evil.example` puts "/\t/evil.example" into the form's hidden field.
  test.each([
    ['/\t/evil.example'],
    ['/%09/evil.example'],
    ['/\n/evil.example'],
    ['/%0a/evil.example'],
    ['/\r\n/evil.example'],
    ['/\\evil.example'],
    ['//evil.example'],
    ['https://evil.example/'],
  ])('a hostile target %j leads to the start page, never elsewhere and never a 500', async (redirectTo) => {
    const user = await createUser()
    const result = await signIn({ email: user.email, password: TEST_PASSWORD, redirectTo })
    expect(result).toBeInstanceOf(Response)
    expect((result as Response).status).toBe(302)
    expect((result as Response).headers.get('Location')).toBe('/')
  })

  test('with a code due, a hostile target is cleaned before the code step', async () => {
    const user = await createAnyUser()
    await enrolSecondFactor(user.id)
    const result = (await signIn({ email: user.email, password: TEST_PASSWORD, redirectTo: '/%09/evil.example' })) as Response
    expect(result.headers.get('Location')).toBe('/login/verify?redirectTo=%2F')
  })

  test('a target of this site is kept, also through the forced password change', async () => {
    const user = await createUser()
    const result = (await signIn({
      email: user.email,
      password: TEST_PASSWORD,
      redirectTo: '/cases?status=OPEN',
    })) as Response
    expect(result.headers.get('Location')).toBe('/cases?status=OPEN')
    await prisma.user.update({ where: { id: user.id }, data: { mustChangePassword: true } })
    const forced = (await signIn({
      email: user.email,
      password: TEST_PASSWORD,
      redirectTo: '/\n/evil.example',
    })) as Response
    expect(forced.headers.get('Location')).toBe('/settings/password?redirectTo=%2F')
  })
})

describe('account lock under parallel requests (issue 12, finding 7)', () => {
  test(
    '10 parallel wrong passwords count exactly 10 and lock the account at the 5th',
    { timeout: scaledAtStart(120_000) },
    async () => {
      const user = await createUser()
      // The ten requests in flight together: each one's password check waits until all ten have reached it (every
      // request has looked the account up), and its answer until all ten have one (all ten go on to count at
      // once). A count read and written back in two steps, before or after the check, then loses updates
      // whatever the hash costs: the fixtures' cost-4 hash takes ≈ 1 ms (tests/test-password.ts), and ten
      // requests no longer overlap by themselves (decision 160).
      const compare = bcrypt.compare.bind(bcrypt) as (password: string, hash: string) => Promise<boolean>
      const allLookedUp = barrier(10)
      const allChecked = barrier(10)
      vi.spyOn(bcrypt, 'compare').mockImplementation((async (password: string, hash: string) => {
        await allLookedUp.arrive()
        const matches = await compare(password, hash)
        await allChecked.arrive()
        return matches
      }) as typeof bcrypt.compare)
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          signIn({ email: user.email, password: `wrong password ${index}` }, newAddress()),
        ),
      )
      expect([allLookedUp.arrived(), allChecked.arrived()]).toEqual([10, 10])
      expect(results.map(statusOf)).toEqual(Array(10).fill(400))
      const after = await prisma.user.findUniqueOrThrow({
        where: { id: user.id },
        select: { failedLoginCount: true, lockedUntil: true },
      })
      expect(after.failedLoginCount).toBe(10)
      expect(after.lockedUntil!.getTime()).toBeGreaterThan(Date.now())
      const failures = await prisma.auditEvent.findMany({
        where: { entityId: user.id, outcome: 'FAILED' },
        select: { action: true, details: true },
        orderBy: { id: 'asc' },
      })
      expect(failures).toHaveLength(10)
      const counts = failures.map((event) => (JSON.parse(event.details!) as { failures: number }).failures)
      expect([...counts].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
      // The lock was set once, by the statement that counted the fifth failure.
      expect(
        failures
          .filter((event) => event.action === 'auth.lock')
          .map((event) => JSON.parse(event.details!).failures),
      ).toEqual([MAX_FAILED_LOGINS])

      const right = await signIn({ email: user.email, password: TEST_PASSWORD })
      expect(statusOf(right)).toBe(400)
      expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0)
    },
  )

  test('a lock that has run out starts the count again', async () => {
    const user = await createUser()
    await prisma.user.update({
      where: { id: user.id },
      data: { failedLoginCount: 7, lockedUntil: new Date(Date.now() - 1000) },
    })
    await signIn({ email: user.email, password: 'wrong password' })
    expect(
      await prisma.user.findUniqueOrThrow({
        where: { id: user.id },
        select: { failedLoginCount: true, lockedUntil: true },
      }),
    ).toEqual({
      failedLoginCount: 1,
      lockedUntil: null,
    })
    expect(statusOf(await signIn({ email: user.email, password: TEST_PASSWORD }))).toBe(302)
    expect(
      (await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { failedLoginCount: true } }))
        .failedLoginCount,
    ).toBe(0)
  })
})

describe('per-address throttle under parallel requests (issue 12, finding 7)', () => {
  test(
    '26 parallel failures from one address get at most the limit of password checks',
    { timeout: scaledAtStart(180_000) },
    async () => {
      const limit = getEnv().LOGIN_IP_MAX_FAILURES
      const users = [await createUser(), await createUser(), await createUser()]
      const compare = vi.spyOn(bcrypt, 'compare')
      const address = newAddress()
      const results = await Promise.all(
        Array.from({ length: 26 }, (_, index) =>
          signIn({ email: users[index % 3]!.email, password: `wrong password ${index}` }, address),
        ),
      )
      expect(compare).toHaveBeenCalledTimes(limit)
      const statuses = results.map(statusOf)
      expect(statuses.filter((status) => status === 400)).toHaveLength(limit)
      expect(statuses.filter((status) => status === 429)).toHaveLength(26 - limit)
      // Also the right password waits now; another address does not.
      expect(statusOf(await signIn({ email: users[0]!.email, password: TEST_PASSWORD }, address))).toBe(429)
      const other = await createUser()
      expect(statusOf(await signIn({ email: other.email, password: TEST_PASSWORD }))).toBe(302)
    },
  )
})
