import { describe, expect, test } from 'vitest'
import { saveSecondFactorPolicy, secondFactorRequiredFor as secondFactorRequired } from '#app/models/second-factor.server.ts'
import { createUser, enrolSecondFactor, getTeams, TEST_PASSWORD } from '#tests/factories.ts'
import { LOCK_MS, MAX_FAILED_LOGINS, login } from './auth.server.ts'
import { prisma } from './db.server.ts'

describe('login', () => {
  test('opens a session with the right password and audits it (no second factor required)', async () => {
    const admin = await createUser({ role: 'ADMIN' })
    await saveSecondFactorPolicy({ userId: admin.id, policy: 'PRIVILEGED' })
    const user = await createUser()
    const result = await login({ email: user.email.toUpperCase(), password: TEST_PASSWORD, secondFactorRequired })
    expect(result).toMatchObject({ ok: true, pendingStep: null })
    expect(await prisma.session.findMany({ where: { userId: user.id }, select: { pendingStep: true } })).toEqual([{ pendingStep: null }])
    expect(await prisma.auditEvent.count({ where: { userId: user.id, action: 'auth.login', outcome: 'SUCCESS' } })).toBe(1)
  })

  test('the right password alone opens only a pending session: the code, or the enrolment, is due', async () => {
    const counsellor = await createUser()
    const lead = await createUser({ role: 'TEAM_LEAD' })
    await enrolSecondFactor(lead.id)
    expect(await login({ email: counsellor.email, password: TEST_PASSWORD, secondFactorRequired })).toMatchObject({ ok: true, pendingStep: 'ENROL' })
    expect(await login({ email: lead.email, password: TEST_PASSWORD, secondFactorRequired })).toMatchObject({ ok: true, pendingStep: 'TOTP' })
    const sessions = await prisma.session.findMany({ where: { userId: { in: [counsellor.id, lead.id] } }, select: { pendingStep: true, expiresAt: true } })
    expect(sessions.map((session) => session.pendingStep).sort()).toEqual(['ENROL', 'TOTP'])
    for (const session of sessions) expect(session.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 15 * 60_000)
    expect(await prisma.auditEvent.count({ where: { action: 'auth.login' } })).toBe(0)
    expect(await prisma.auditEvent.count({ where: { action: 'auth.password' } })).toBe(2)
  })

  test('gives the same answer for an unknown address and a wrong password', async () => {
    const user = await createUser()
    expect(await login({ email: 'nobody@test.example', password: TEST_PASSWORD, secondFactorRequired })).toEqual({ ok: false, reason: 'invalid' })
    expect(await login({ email: user.email, password: 'wrong-password-123', secondFactorRequired })).toEqual({ ok: false, reason: 'invalid' })
  })

  test(`locks the account for 15 minutes after ${MAX_FAILED_LOGINS} failures, even for the right password`, async () => {
    const user = await createUser()
    for (let attempt = 1; attempt < MAX_FAILED_LOGINS; attempt++) {
      expect((await login({ email: user.email, password: 'wrong-password-123', secondFactorRequired })).ok).toBe(false)
    }
    expect(await login({ email: user.email, password: 'wrong-password-123', secondFactorRequired })).toEqual({ ok: false, reason: 'locked' })
    const locked = await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { lockedUntil: true } })
    expect(locked.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + LOCK_MS - 60_000)
    expect(await login({ email: user.email, password: TEST_PASSWORD, secondFactorRequired })).toEqual({ ok: false, reason: 'locked' })
  })

  test('refuses inactive users', async () => {
    const { rostock } = await getTeams()
    const user = await createUser({ teamId: rostock.id, active: false })
    expect((await login({ email: user.email, password: TEST_PASSWORD, secondFactorRequired })).ok).toBe(false)
  })
})

describe('audit log', () => {
  test('is append-only: the database refuses UPDATE and DELETE', async () => {
    await prisma.auditEvent.create({ data: { action: 'test', entity: 'test' } })
    await expect(prisma.$executeRawUnsafe(`UPDATE "AuditEvent" SET action = 'x'`)).rejects.toThrow(/append-only/)
    await expect(prisma.$executeRawUnsafe(`DELETE FROM "AuditEvent"`)).rejects.toThrow(/append-only/)
  })
})
