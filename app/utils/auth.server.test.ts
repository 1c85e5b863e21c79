import { describe, expect, test } from 'vitest'
import { createUser, getTeams, TEST_PASSWORD } from '#tests/factories.ts'
import { LOCK_MS, MAX_FAILED_LOGINS, login } from './auth.server.ts'
import { prisma } from './db.server.ts'

describe('login', () => {
  test('opens a session with the right password and audits it', async () => {
    const user = await createUser()
    const result = await login({ email: user.email.toUpperCase(), password: TEST_PASSWORD })
    expect(result.ok).toBe(true)
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1)
    expect(await prisma.auditEvent.count({ where: { userId: user.id, action: 'auth.login', outcome: 'SUCCESS' } })).toBe(1)
  })

  test('gives the same answer for an unknown address and a wrong password', async () => {
    const user = await createUser()
    expect(await login({ email: 'nobody@test.example', password: TEST_PASSWORD })).toEqual({ ok: false, reason: 'invalid' })
    expect(await login({ email: user.email, password: 'wrong-password-123' })).toEqual({ ok: false, reason: 'invalid' })
  })

  test(`locks the account for 15 minutes after ${MAX_FAILED_LOGINS} failures, even for the right password`, async () => {
    const user = await createUser()
    for (let attempt = 1; attempt < MAX_FAILED_LOGINS; attempt++) {
      expect((await login({ email: user.email, password: 'wrong-password-123' })).ok).toBe(false)
    }
    expect(await login({ email: user.email, password: 'wrong-password-123' })).toEqual({ ok: false, reason: 'locked' })
    const locked = await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { lockedUntil: true } })
    expect(locked.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + LOCK_MS - 60_000)
    expect(await login({ email: user.email, password: TEST_PASSWORD })).toEqual({ ok: false, reason: 'locked' })
  })

  test('refuses inactive users', async () => {
    const { rostock } = await getTeams()
    const user = await createUser({ teamId: rostock.id, active: false })
    expect((await login({ email: user.email, password: TEST_PASSWORD })).ok).toBe(false)
  })
})

describe('audit log', () => {
  test('is append-only: the database refuses UPDATE and DELETE', async () => {
    await prisma.auditEvent.create({ data: { action: 'test', entity: 'test' } })
    await expect(prisma.$executeRawUnsafe(`UPDATE "AuditEvent" SET action = 'x'`)).rejects.toThrow(/append-only/)
    await expect(prisma.$executeRawUnsafe(`DELETE FROM "AuditEvent"`)).rejects.toThrow(/append-only/)
  })
})
