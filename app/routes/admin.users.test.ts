import { describe, expect, test } from 'vitest'
import { secondFactorRequiredFor } from '#app/models/second-factor.server.ts'
import { login } from '#app/utils/auth.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createUser, getTeams, requestAs, settle, statusOf, TEST_PASSWORD } from '#tests/factories.ts'
import { action as editAction, loader as editLoader } from './admin.users.$userId.tsx'
import { loader as listLoader } from './admin.users._index.tsx'
import { action as newAction } from './admin.users.new.tsx'
import { loader as noticesLoader } from './privacy.notices.tsx'

const context = {}
const HOUR = 3600 * 1000
type Created = { id: string; code: string; expiresAt: string; address: string }

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

  test('creates a user without a password, with a one-time code; audited', async () => {
    const admin = await createUser({ role: 'ADMIN' })
    const { rostock } = await getTeams()
    const request = await requestAs(admin.id, '/admin/users/new', {
      form: { intent: 'save', email: 'New.Person@Example.org', displayName: 'Neue Person', role: 'COUNSELLOR', teamId: rostock.id, languages: ['deu', 'arb', 'deu'] },
    })
    const result = (await newAction({ request, params: {}, context })) as unknown as { created: Created }
    expect(result.created.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/)
    expect(result.created.address).toBe('http://localhost/password/set')
    expect(new Date(result.created.expiresAt).getTime() - Date.now()).toBeGreaterThan(24 * HOUR - 60_000)
    const user = await prisma.user.findUniqueOrThrow({
      where: { id: result.created.id },
      select: { email: true, mustChangePassword: true, languages: true, password: { select: { userId: true } }, passwordSetCodes: { select: { codeHash: true, purpose: true, createdById: true } } },
    })
    expect(user).toMatchObject({ email: 'new.person@example.org', mustChangePassword: false, languages: 'deu,arb', password: null })
    // only a hash of the code is kept
    expect(user.passwordSetCodes).toEqual([{ codeHash: expect.stringMatching(/^[0-9a-f]{64}$/), purpose: 'ACCOUNT_CREATED', createdById: admin.id }])
    expect(JSON.stringify(await prisma.passwordSetCode.findMany())).not.toContain(result.created.code.replace(/-/g, ''))
    expect(await prisma.auditEvent.count({ where: { action: 'user.create', entityId: result.created.id } })).toBe(1)
  })

  test('an unknown language code is refused next to the field, the chosen ones kept; at most ten languages', async () => {
    const admin = await createUser({ role: 'ADMIN' })
    const { rostock } = await getTeams()
    const before = await prisma.user.count()
    const form = { intent: 'save', email: 'lang.person@example.org', displayName: 'Sprach Person', role: 'COUNSELLOR', teamId: rostock.id }
    const unknown = await settle(newAction({ request: await requestAs(admin.id, '/admin/users/new', { form: { ...form, languages: ['deu', 'qqq'] } }), params: {}, context }))
    expect(statusOf(unknown)).toBe(400)
    const reply = (unknown as unknown as { data: { result: { error: Record<string, string[]>; initialValue: Record<string, unknown> } } }).data.result
    expect(reply.error).toEqual({ languages: ['common:languageChoice.errors.unknown'] })
    expect(reply.initialValue.languages).toEqual(['deu', 'qqq'])
    const eleven = ['arb', 'fas', 'prs', 'pus', 'kmr', 'tir', 'som', 'rus', 'ukr', 'tur', 'eng']
    const tooMany = await settle(newAction({ request: await requestAs(admin.id, '/admin/users/new', { form: { ...form, languages: eleven } }), params: {}, context }))
    expect((tooMany as unknown as { data: { result: { error: Record<string, string[]> } } }).data.result.error).toEqual({ languages: ['common:languageChoice.errors.tooMany'] })
    expect(await prisma.user.count()).toBe(before)
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
    const deactivate = await settle(editAction({ request: await requestAs(admin.id, `/admin/users/${counsellor.id}`, { form: { intent: 'deactivate' } }), params: { userId: counsellor.id }, context }))
    expect(statusOf(deactivate)).toBe(302)
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
    const saved = await settle(
      editAction({
        request: await requestAs(admin.id, `/admin/users/${counsellor.id}`, {
          form: { intent: 'save', email: counsellor.email, displayName: counsellor.displayName, role: 'COUNSELLOR', teamId: greifswald.id },
        }),
        params: { userId: counsellor.id },
        context,
      }),
    )
    // the page again, with its success message: a reload does not post again
    expect(saved instanceof Response ? [saved.status, saved.headers.get('Location')] : saved).toEqual([302, `/admin/users/${counsellor.id}?done=saved`])
    const moved = await prisma.user.findUniqueOrThrow({ where: { id: counsellor.id }, select: { teamId: true, _count: { select: { sessions: true } } } })
    expect(moved).toEqual({ teamId: greifswald.id, _count: { sessions: 0 } })
  })

  test('an unknown user id answers 404', async () => {
    const admin = await createUser({ role: 'ADMIN' })
    const result = await settle(editLoader({ request: await requestAs(admin.id, '/admin/users/nope'), params: { userId: 'nope' }, context }))
    expect(statusOf(result)).toBe(404)
  })
})

/** Who was told what about whose account: [recipient, kind, subject] per notice, sorted. */
async function noticesAbout(subjectUserId: string) {
  const rows = await prisma.notification.findMany({ where: { subjectUserId }, select: { userId: true, kind: true, subjectUserId: true, auditEventId: true } })
  for (const row of rows) expect(row.auditEventId).not.toBeNull()
  return rows.map((row) => `${row.userId} ${row.kind}`).sort()
}

describe('four eyes on access grants (issue 12, finding 10)', () => {
  test('a new account with case access is told to the active team leads of its team and to the person', async () => {
    const admin = await createUser({ role: 'ADMIN' })
    const { rostock } = await getTeams()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: rostock.id })
    await createUser({ role: 'TEAM_LEAD', teamId: rostock.id, active: false })
    const otherLead = await createUser({ role: 'TEAM_LEAD' })
    const request = await requestAs(admin.id, '/admin/users/new', {
      form: { intent: 'save', email: 'lead2@example.org', displayName: 'Zweite Leitung', role: 'TEAM_LEAD', teamId: rostock.id },
    })
    const { created } = (await newAction({ request, params: {}, context })) as unknown as { created: Created }
    expect(await noticesAbout(created.id)).toEqual([`${created.id} ACCOUNT_CREATED`, `${lead.id} ACCOUNT_CREATED`].sort())
    expect(await prisma.notification.count({ where: { userId: otherLead.id } })).toBe(0)
  })

  test('a new administrator reaches no cases: only the person is told', async () => {
    const admin = await createUser({ role: 'ADMIN' })
    const { rostock } = await getTeams()
    await createUser({ role: 'TEAM_LEAD', teamId: rostock.id })
    const request = await requestAs(admin.id, '/admin/users/new', { form: { intent: 'save', email: 'admin2@example.org', displayName: 'Zweite Administration', role: 'ADMIN', teamId: rostock.id } })
    const { created } = (await newAction({ request, params: {}, context })) as unknown as { created: Created }
    expect(await noticesAbout(created.id)).toEqual([`${created.id} ACCOUNT_CREATED`])
  })

  test('promotion, moving to another team and demotion: who is told', async () => {
    const admin = await createUser({ role: 'ADMIN' })
    const { eae, greifswald } = await getTeams()
    const eaeLead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const greifswaldLead = await createUser({ role: 'TEAM_LEAD', teamId: greifswald.id })
    const person = await createUser({ teamId: eae.id })
    const save = async (role: string, teamId: string) =>
      settle(
        editAction({
          request: await requestAs(admin.id, `/admin/users/${person.id}`, { form: { intent: 'save', email: person.email, displayName: person.displayName, role, teamId } }),
          params: { userId: person.id },
          context,
        }),
      )

    await save('TEAM_LEAD', eae.id)
    expect(await noticesAbout(person.id)).toEqual([`${eaeLead.id} ROLE_GRANTED`, `${person.id} ROLE_GRANTED`].sort())

    await prisma.notification.deleteMany({ where: { subjectUserId: person.id } })
    await save('TEAM_LEAD', greifswald.id)
    expect(await noticesAbout(person.id)).toEqual([`${eaeLead.id} TEAM_CHANGED`, `${greifswaldLead.id} TEAM_CHANGED`, `${person.id} TEAM_CHANGED`].sort())
    const lead = (await noticesLoader({ request: await requestAs(greifswaldLead.id, '/privacy/notices'), params: {}, context })) as unknown as {
      accessNotices: Array<{ kind: string; ownAccount: boolean; subject: { displayName: string } | null; by: string | null; team: string | null; previousTeam: string | null }>
    }
    expect(lead.accessNotices).toEqual([
      expect.objectContaining({ kind: 'TEAM_CHANGED', ownAccount: false, subject: { displayName: person.displayName, email: person.email }, by: admin.displayName, team: greifswald.name, previousTeam: eae.name }),
    ])

    await prisma.notification.deleteMany({ where: { subjectUserId: person.id } })
    await save('COUNSELLOR', greifswald.id)
    expect(await noticesAbout(person.id)).toEqual([])
  })

  test('a team without an active lead: the other administrators are told instead', async () => {
    const { greifswald } = await getTeams()
    const actor = await createUser({ role: 'ADMIN' })
    const otherAdmin = await createUser({ role: 'ADMIN' })
    const request = await requestAs(actor.id, '/admin/users/new', { form: { intent: 'save', email: 'alone@example.org', displayName: 'Allein', role: 'TEAM_LEAD', teamId: greifswald.id } })
    const { created } = (await newAction({ request, params: {}, context })) as unknown as { created: Created }
    expect(await noticesAbout(created.id)).toEqual([`${created.id} ACCOUNT_CREATED`, `${otherAdmin.id} ACCOUNT_CREATED`].sort())
  })

  test('a password reset: the old password stops working, sessions end, a one-time code instead of a password; leads and the person are told', async () => {
    const admin = await createUser({ role: 'ADMIN' })
    const { rostock } = await getTeams()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: rostock.id })
    const person = await createUser({ teamId: rostock.id })
    await requestAs(person.id, '/')
    await prisma.user.update({ where: { id: person.id }, data: { failedLoginCount: 5, lockedUntil: new Date(Date.now() + HOUR) } })
    const reset = async () =>
      (await editAction({ request: await requestAs(admin.id, `/admin/users/${person.id}`, { form: { intent: 'reset-password' } }), params: { userId: person.id }, context })) as unknown as {
        message: { key: string; setCode: Omit<Created, 'id'> }
      }
    const first = await reset()
    expect(first.message.key).toBe('users.messages.passwordReset')
    expect(first.message.setCode.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/)
    expect(JSON.stringify(first)).not.toMatch(/password"?:\s*"/i)
    expect(await login({ email: person.email, password: TEST_PASSWORD, secondFactorRequired: secondFactorRequiredFor })).toMatchObject({ ok: false })
    const after = await prisma.user.findUniqueOrThrow({ where: { id: person.id }, select: { lockedUntil: true, password: true, _count: { select: { sessions: true } } } })
    expect(after).toEqual({ lockedUntil: null, password: null, _count: { sessions: 0 } })
    expect(await noticesAbout(person.id)).toEqual([`${lead.id} PASSWORD_RESET`, `${person.id} PASSWORD_RESET`].sort())
    expect(await prisma.auditEvent.count({ where: { action: 'user.reset-password', entityId: person.id, userId: admin.id } })).toBe(1)
    // a second reset replaces the first code
    const second = await reset()
    expect(second.message.setCode.code).not.toBe(first.message.setCode.code)
    expect(await prisma.passwordSetCode.count({ where: { userId: person.id, usedAt: null } })).toBe(1)
  })
})

test('administrators change their own password themselves, not by a reset', async () => {
  const admin = await createUser({ role: 'ADMIN' })
  const result = await settle(editAction({ request: await requestAs(admin.id, `/admin/users/${admin.id}`, { form: { intent: 'reset-password' } }), params: { userId: admin.id }, context }))
  expect(statusOf(result)).toBe(400)
  expect(await prisma.password.count({ where: { userId: admin.id } })).toBe(1)
  expect(await prisma.passwordSetCode.count()).toBe(0)
})
