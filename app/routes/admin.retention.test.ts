import { describe, expect, test } from 'vitest'
import { officeYear } from '#app/domain/follow-up.ts'
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
    const page = (await loader({ request: await requestAs(admin.id, '/admin/retention'), params: {}, context: {} })) as { plan: { clients: number; heldBack: { clients: number } }; regime: string }
    // expired, but the years it counts in are not frozen: held back (next test)
    expect(page.plan.clients).toBe(0)
    expect(page.plan.heldBack.clients).toBe(1)
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
    expect(ran.headers.get('Location')).toBe('/admin/retention?ran=1&clients=0&cases=0&heldBack=1')
    expect(await prisma.client.count({ where: { anonymisedAt: { not: null } } })).toBe(0)
  })

  test('the dry run lists the years to freeze; freezing one from the page (confirmed, audited) lets the run go ahead', async () => {
    const { eae } = await getTeams()
    const admin = await createUser({ role: 'ADMIN', teamId: eae.id, displayName: 'Ada Admin' })
    const kase = await createTestCase({ teamId: eae.id, openedAt: new Date('2015-02-02T10:00:00Z') })
    await closeCase(kase.id, new Date('2015-05-05T10:00:00Z'))
    const load = async () => (await loader({ request: await requestAs(admin.id, '/admin/retention'), params: {}, context: {} })) as Exclude<Awaited<ReturnType<typeof loader>>, Response>
    const post = async (form: Record<string, string>) => settle(action({ request: await requestAs(admin.id, '/admin/retention', { form }), params: {}, context: {} }))

    const before = await load()
    expect(before.plan.clients).toBe(0)
    expect(before.plan.heldBack).toEqual({ clients: 1, cases: 1, groups: [{ years: [2015], clients: 1, cases: 1 }], years: [{ year: 2015, clients: 1, cases: 1, finished: true }] })

    expect(statusOf(await post({ intent: 'freeze', year: '2015' }))).toBe(400)
    expect(await prisma.statisticsSnapshot.count()).toBe(0)
    const frozen = (await post({ intent: 'freeze', year: '2015', confirm: 'on' })) as Response
    expect(frozen.headers.get('Location')).toBe('/admin/retention?frozen=2015')
    expect(await prisma.statisticsSnapshot.count({ where: { year: 2015, scopeKey: 'org' } })).toBe(1)
    expect(await prisma.auditEvent.count({ where: { action: 'statistics.freeze', userId: admin.id, entityId: '2015' } })).toBe(1)
    // freezing again would recompute published figures: refused, nothing changes
    const again = await post({ intent: 'freeze', year: '2015', confirm: 'on' })
    expect(statusOf(again)).toBe(400)
    expect((again as { data: { result: { error: Record<string, string[]> } } }).data.result.error['']).toEqual(['privacy:retention.alreadyFrozen'])
    expect(statusOf(await post({ intent: 'freeze', year: String(officeYear(new Date())), confirm: 'on' }))).toBe(400)

    const after = await load()
    expect(after.plan).toMatchObject({ clients: 1, cases: 1, heldBack: { clients: 0 } })
    const ran = (await post({ intent: 'run', confirm: 'on' })) as Response
    expect(ran.headers.get('Location')).toBe('/admin/retention?ran=1&clients=1&cases=1&heldBack=0')
  })
})
