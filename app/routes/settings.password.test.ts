import { describe, expect, test } from 'vitest'
import { MAX_FAILED_LOGINS } from '#app/utils/auth.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createUser, inRequest, requestAs, settle, statusOf, TEST_PASSWORD } from '#tests/factories.ts'
import { action } from './settings.password.tsx'

describe('change password', () => {
  test('a forced change redirects to the target and clears the flag; other sessions end', async () => {
    const user = await createUser()
    await prisma.user.update({ where: { id: user.id }, data: { mustChangePassword: true } })
    const other = await prisma.session.create({
      data: { id: 'other', userId: user.id, expiresAt: new Date(Date.now() + 3600_000) },
    })
    const request = await requestAs(user.id, '/settings/password', {
      form: {
        currentPassword: TEST_PASSWORD,
        newPassword: 'a much better passphrase',
        confirmPassword: 'a much better passphrase',
        redirectTo: '/',
      },
    })
    const result = await settle(action({ request, params: {}, context: {} }))
    expect(result).toBeInstanceOf(Response)
    expect((result as Response).headers.get('Location')).toBe('/')
    const updated = await prisma.user.findUniqueOrThrow({
      where: { id: user.id },
      select: { mustChangePassword: true },
    })
    expect(updated.mustChangePassword).toBe(false)
    expect(await prisma.session.findUnique({ where: { id: other.id } })).toBeNull()
  })

  test('a wrong current password is a field error and changes nothing', async () => {
    const user = await createUser()
    const before = await prisma.password.findUniqueOrThrow({ where: { userId: user.id } })
    const request = await requestAs(user.id, '/settings/password', {
      form: {
        currentPassword: 'wrong wrong wrong',
        newPassword: 'a much better passphrase',
        confirmPassword: 'a much better passphrase',
      },
    })
    const result = await settle(action({ request, params: {}, context: {} }))
    expect(statusOf(result)).toBe(400)
    const after = await prisma.password.findUniqueOrThrow({ where: { userId: user.id } })
    expect(after.hash).toBe(before.hash)
  })
})

describe('wrong current passwords count toward the lock (issue 12, finding 8)', () => {
  const wrongAttempt = async (userId: string) => {
    const request = await requestAs(userId, '/settings/password', {
      form: {
        currentPassword: 'not my password at all',
        newPassword: 'a much better passphrase',
        confirmPassword: 'a much better passphrase',
      },
    })
    const { result } = await inRequest(() => settle(action({ request, params: {}, context: {} })), {
      method: 'POST',
      requestId: 'req-change',
    })
    return result
  }

  test('each one is counted and audited; the fifth locks the account and signs it out everywhere', async () => {
    const user = await createUser()
    const hashBefore = (await prisma.password.findUniqueOrThrow({ where: { userId: user.id } })).hash
    for (let attempt = 1; attempt < MAX_FAILED_LOGINS; attempt += 1) {
      expect(statusOf(await wrongAttempt(user.id))).toBe(400)
      expect(
        (await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { failedLoginCount: true } }))
          .failedLoginCount,
      ).toBe(attempt)
    }
    const audited = await prisma.auditEvent.findMany({
      where: { entityId: user.id, action: 'auth.password-change', outcome: 'FAILED' },
      select: { requestId: true, details: true },
    })
    expect(audited).toHaveLength(MAX_FAILED_LOGINS - 1)
    expect(audited[0]).toEqual({
      requestId: 'req-change',
      details: JSON.stringify({ reason: 'password', via: 'password-change', failures: 1 }),
    })

    await prisma.session.create({
      data: { id: 'elsewhere', userId: user.id, expiresAt: new Date(Date.now() + 3600_000) },
    })
    const locking = (await wrongAttempt(user.id)) as Response
    expect(locking.status).toBe(302)
    expect(locking.headers.get('Location')).toBe('/login?reason=locked')
    expect(locking.headers.get('Set-Cookie')).toMatch(/^wb_session=;.*Expires=Thu, 01 Jan 1970/)
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0)
    const locked = await prisma.user.findUniqueOrThrow({
      where: { id: user.id },
      select: { lockedUntil: true, failedLoginCount: true },
    })
    expect(locked.failedLoginCount).toBe(MAX_FAILED_LOGINS)
    expect(locked.lockedUntil!.getTime()).toBeGreaterThan(Date.now())
    expect(
      await prisma.auditEvent.count({ where: { entityId: user.id, action: 'auth.lock', outcome: 'FAILED' } }),
    ).toBe(1)

    // Even the right password changes nothing while the lock lasts: a fresh session is refused too.
    const right = (await settle(
      action({
        request: await requestAs(user.id, '/settings/password', {
          form: {
            currentPassword: TEST_PASSWORD,
            newPassword: 'a much better passphrase',
            confirmPassword: 'a much better passphrase',
          },
        }),
        params: {},
        context: {},
      }),
    )) as Response
    expect(right.headers.get('Location')).toBe('/login?reason=locked')
    expect((await prisma.password.findUniqueOrThrow({ where: { userId: user.id } })).hash).toBe(hashBefore)
    expect(
      await prisma.auditEvent.count({
        where: { entityId: user.id, action: 'auth.password-change', outcome: 'DENIED' },
      }),
    ).toBe(1)
  })

  test('the right current password clears the count', async () => {
    const user = await createUser()
    await wrongAttempt(user.id)
    const request = await requestAs(user.id, '/settings/password', {
      form: {
        currentPassword: TEST_PASSWORD,
        newPassword: 'a much better passphrase',
        confirmPassword: 'a much better passphrase',
      },
    })
    expect(statusOf(await settle(action({ request, params: {}, context: {} })))).toBe(200)
    expect(
      (await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { failedLoginCount: true } }))
        .failedLoginCount,
    ).toBe(0)
  })

  test('a forced change with a hostile target ends on the start page', async () => {
    const user = await createUser()
    await prisma.user.update({ where: { id: user.id }, data: { mustChangePassword: true } })
    const request = await requestAs(user.id, '/settings/password', {
      form: {
        currentPassword: TEST_PASSWORD,
        newPassword: 'a much better passphrase',
        confirmPassword: 'a much better passphrase',
        redirectTo: '/%09/evil.example',
      },
    })
    const result = (await settle(action({ request, params: {}, context: {} }))) as Response
    expect(result.headers.get('Location')).toBe('/')
  })
})
