import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams, requestAs, settle, statusOf } from '#tests/factories.ts'
import { closeCase } from '#tests/privacy-fixtures.ts'
import { action, loader } from './admin.retention.tsx'

describe('/admin/retention', () => {
  test('administrators see the dry run, change the settings and run it with confirmation', async () => {
    const { eae } = await getTeams()
    const admin = await createUser({ role: 'ADMIN', teamId: eae.id })
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const kase = await createTestCase({ teamId: eae.id })
    await closeCase(kase.id, new Date('2015-05-05T10:00:00Z'))

    expect(statusOf(await settle(loader({ request: await requestAs(lead.id, '/admin/retention'), params: {}, context: {} })))).toBe(403)
    const page = (await loader({ request: await requestAs(admin.id, '/admin/retention'), params: {}, context: {} })) as { plan: { clients: number }; regime: string }
    expect(page.plan.clients).toBe(1)
    expect(page.regime).toBe('GDPR_BDSG')

    const post = async (form: Record<string, string>) => settle(action({ request: await requestAs(admin.id, '/admin/retention', { form }), params: {}, context: {} }))
    expect(statusOf(await post({ intent: 'settings', years: '0', regime: 'KDG' }))).toBe(400)
    expect(statusOf(await post({ intent: 'settings', years: '4', regime: 'NONE' }))).toBe(400)
    expect(statusOf(await post({ intent: 'settings', years: '4', regime: 'DSG_EKD' }))).toBe(302)
    expect(await prisma.setting.findMany({ select: { key: true, value: true }, orderBy: { key: 'asc' } })).toEqual([
      { key: 'privacy.regime', value: 'DSG_EKD' },
      { key: 'retention.years', value: '4' },
    ])

    expect(statusOf(await post({ intent: 'run' }))).toBe(400)
    expect(await prisma.client.count({ where: { anonymisedAt: { not: null } } })).toBe(0)
    const ran = (await post({ intent: 'run', confirm: 'on' })) as Response
    expect(ran.headers.get('Location')).toBe('/admin/retention?ran=1&clients=1&cases=1')
    expect(await prisma.client.count({ where: { anonymisedAt: { not: null } } })).toBe(1)
  })
})
