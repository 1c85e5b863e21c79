import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { createUser, requestAs, settle, statusOf, TEST_PASSWORD } from '#tests/factories.ts'
import { action } from './settings.password.tsx'

describe('change password', () => {
  test('a forced change redirects to the target and clears the flag; other sessions end', async () => {
    const user = await createUser()
    await prisma.user.update({ where: { id: user.id }, data: { mustChangePassword: true } })
    const other = await prisma.session.create({ data: { id: 'other', userId: user.id, expiresAt: new Date(Date.now() + 3600_000) } })
    const request = await requestAs(user.id, '/settings/password', {
      form: { currentPassword: TEST_PASSWORD, newPassword: 'a much better passphrase', confirmPassword: 'a much better passphrase', redirectTo: '/' },
    })
    const result = await settle(action({ request, params: {}, context: {} }))
    expect(result).toBeInstanceOf(Response)
    expect((result as Response).headers.get('Location')).toBe('/')
    const updated = await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { mustChangePassword: true } })
    expect(updated.mustChangePassword).toBe(false)
    expect(await prisma.session.findUnique({ where: { id: other.id } })).toBeNull()
  })

  test('a wrong current password is a field error and changes nothing', async () => {
    const user = await createUser()
    const before = await prisma.password.findUniqueOrThrow({ where: { userId: user.id } })
    const request = await requestAs(user.id, '/settings/password', {
      form: { currentPassword: 'wrong wrong wrong', newPassword: 'a much better passphrase', confirmPassword: 'a much better passphrase' },
    })
    const result = await settle(action({ request, params: {}, context: {} }))
    expect(statusOf(result)).toBe(400)
    const after = await prisma.password.findUniqueOrThrow({ where: { userId: user.id } })
    expect(after.hash).toBe(before.hash)
  })
})
