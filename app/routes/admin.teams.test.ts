import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { createUser, getTeams, requestAs, settle, statusOf } from '#tests/factories.ts'
import { action } from './admin.teams.$teamId.tsx'

describe('/admin/teams/:teamId', () => {
  test('a saved team redirects to its page with the success message; bad input answers 400 and changes nothing', async () => {
    const { rostock } = await getTeams()
    const admin = await createUser({ role: 'ADMIN', teamId: rostock.id })
    const post = (form: Record<string, string>) => requestAs(admin.id, `/admin/teams/${rostock.id}`, { form })
    const bad = await settle(action({ request: await post({ name: 'x', kind: 'COUNSELLING_CENTRE', active: 'on' }), params: { teamId: rostock.id }, context: {} }))
    expect(statusOf(bad)).toBe(400)
    expect((await prisma.team.findUniqueOrThrow({ where: { id: rostock.id } })).name).toBe(rostock.name)
    const team = await prisma.team.findUniqueOrThrow({ where: { id: rostock.id } })
    const saved = await settle(action({ request: await post({ name: 'Beratungsstelle Rostock-Mitte', kind: team.kind, active: 'on' }), params: { teamId: rostock.id }, context: {} }))
    expect(saved instanceof Response ? [saved.status, saved.headers.get('Location')] : saved).toEqual([302, `/admin/teams/${rostock.id}?done=saved`])
    expect((await prisma.team.findUniqueOrThrow({ where: { id: rostock.id } })).name).toBe('Beratungsstelle Rostock-Mitte')
  })
})
