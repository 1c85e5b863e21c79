import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { createUser, getTeams, requestAs, settle, statusOf } from '#tests/factories.ts'
import { action as editAction, loader as editLoader } from './admin.users.$userId.tsx'
import { loader as listLoader } from './admin.users._index.tsx'
import { action as newAction } from './admin.users.new.tsx'

const context = {}

describe('administration of users', () => {
  test('only administrators may open it (403 for counsellors and team leads)', async () => {
    const counsellor = await createUser({ role: 'COUNSELLOR' })
    const lead = await createUser({ role: 'TEAM_LEAD' })
    for (const user of [counsellor, lead]) {
      const result = await settle(listLoader({ request: await requestAs(user.id, '/admin/users'), params: {}, context }))
      expect(statusOf(result)).toBe(403)
    }
    expect(await prisma.auditEvent.count({ where: { action: 'access.denied' } })).toBe(2)
  })

  test('creates a user with a temporary password that must be changed, audited', async () => {
    const admin = await createUser({ role: 'ADMIN' })
    const { rostock } = await getTeams()
    const request = await requestAs(admin.id, '/admin/users/new', {
      form: { intent: 'save', email: 'New.Person@Example.org', displayName: 'Neue Person', role: 'COUNSELLOR', teamId: rostock.id, languages: 'deu, ARB' },
    })
    const result = (await newAction({ request, params: {}, context })) as { created: { id: string; temporaryPassword: string } }
    expect(result.created.temporaryPassword).toMatch(/^\w{4}-\w{4}-\w{4}-\w{4}$/)
    const user = await prisma.user.findUniqueOrThrow({ where: { id: result.created.id }, select: { email: true, mustChangePassword: true, languages: true } })
    expect(user).toEqual({ email: 'new.person@example.org', mustChangePassword: true, languages: 'deu,arb' })
    expect(await prisma.auditEvent.count({ where: { action: 'user.create', entityId: result.created.id } })).toBe(1)
  })

  test('refuses a taken email, an unknown team and bad languages without saving', async () => {
    const admin = await createUser({ role: 'ADMIN' })
    const before = await prisma.user.count()
    const request = await requestAs(admin.id, '/admin/users/new', {
      form: { intent: 'save', email: admin.email, displayName: 'X', role: 'GOD', teamId: 'no-such-team', languages: 'german' },
    })
    const result = await settle(newAction({ request, params: {}, context }))
    expect(statusOf(result)).toBe(400)
    expect(await prisma.user.count()).toBe(before)
  })

  test('deactivating ends the sessions; the last administrator stays', async () => {
    const admin = await createUser({ role: 'ADMIN' })
    const counsellor = await createUser()
    await requestAs(counsellor.id, '/') // opens a session for the counsellor
    const deactivate = await editAction({ request: await requestAs(admin.id, `/admin/users/${counsellor.id}`, { form: { intent: 'deactivate' } }), params: { userId: counsellor.id }, context })
    expect(statusOf(deactivate)).toBe(200)
    expect(await prisma.session.count({ where: { userId: counsellor.id } })).toBe(0)

    const demote = await settle(
      editAction({
        request: await requestAs(admin.id, `/admin/users/${admin.id}`, { form: { intent: 'save', email: admin.email, displayName: 'Admin', role: 'COUNSELLOR', teamId: admin.teamId } }),
        params: { userId: admin.id },
        context,
      }),
    )
    expect(statusOf(demote)).toBe(400)
    expect((await prisma.user.findUniqueOrThrow({ where: { id: admin.id }, select: { role: true } })).role).toBe('ADMIN')
  })

  test('moving a user to another team ends their sessions (new rights apply)', async () => {
    const admin = await createUser({ role: 'ADMIN' })
    const counsellor = await createUser()
    const { greifswald } = await getTeams()
    await requestAs(counsellor.id, '/')
    await editAction({
      request: await requestAs(admin.id, `/admin/users/${counsellor.id}`, {
        form: { intent: 'save', email: counsellor.email, displayName: counsellor.displayName, role: 'COUNSELLOR', teamId: greifswald.id },
      }),
      params: { userId: counsellor.id },
      context,
    })
    const moved = await prisma.user.findUniqueOrThrow({ where: { id: counsellor.id }, select: { teamId: true, _count: { select: { sessions: true } } } })
    expect(moved).toEqual({ teamId: greifswald.id, _count: { sessions: 0 } })
  })

  test('an unknown user id answers 404', async () => {
    const admin = await createUser({ role: 'ADMIN' })
    const result = await settle(editLoader({ request: await requestAs(admin.id, '/admin/users/nope'), params: { userId: 'nope' }, context }))
    expect(statusOf(result)).toBe(404)
  })
})
