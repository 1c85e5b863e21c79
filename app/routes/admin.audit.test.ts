import { describe, expect, test } from 'vitest'
import { today } from '#app/domain/follow-up.ts'
import { audit } from '#app/utils/audit.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createUser, getTeams, requestAs, settle, statusOf } from '#tests/factories.ts'
import { loader as exportLoader } from './admin.audit.export[.]csv.ts'
import { loader } from './admin.audit.tsx'

type Page = { total: number; page: number; pages: number; events: Array<{ id: number; action: string; emergency: boolean; userName: string | null }> }

async function view(userId: string, query = '') {
  const request = await requestAs(userId, `/admin/audit${query}`)
  return settle(loader({ request, params: {}, context: {} }))
}

describe('audit viewer', () => {
  test('filters, paginates newest first and highlights emergency accesses', async () => {
    const { eae } = await getTeams()
    const admin = await createUser({ role: 'ADMIN', teamId: eae.id })
    const counsellor = await createUser({ teamId: eae.id, displayName: 'Carla Counsellor' })
    for (let index = 0; index < 60; index += 1) await audit({ userId: counsellor.id, action: 'case.read', entity: 'case', entityId: `c${index}`, caseId: `c${index}` })
    await audit({ userId: counsellor.id, action: 'case.emergency-access', entity: 'case', caseId: 'c7', emergency: true })
    await audit({ userId: counsellor.id, action: 'case.read', entity: 'case', caseId: 'c8', outcome: 'DENIED' })

    const first = (await view(admin.id, `?user=${counsellor.id}`)) as Page
    expect(first.total).toBe(62)
    expect(first.pages).toBe(2)
    expect(first.events).toHaveLength(50)
    expect(first.events[0]!.action).toBe('case.read')
    expect(first.events[1]).toMatchObject({ action: 'case.emergency-access', emergency: true, userName: 'Carla Counsellor' })
    const ids = first.events.map((event) => event.id)
    expect([...ids].sort((a, b) => b - a)).toEqual(ids)

    const second = (await view(admin.id, `?user=${counsellor.id}&page=2`)) as Page
    expect(second.events).toHaveLength(12)

    expect(((await view(admin.id, '?emergency=on')) as Page).total).toBe(1)
    expect(((await view(admin.id, '?caseId=c8')) as Page).total).toBe(2)
    expect(((await view(admin.id, '?caseId=c8&outcome=DENIED')) as Page).total).toBe(1)
    // the filter's days are days in Germany: just after midnight there, the UTC date is still yesterday's
    const day = today().day
    expect(((await view(admin.id, `?user=${counsellor.id}&from=${day}&to=${day}`)) as Page).total).toBe(62)
    expect(((await view(admin.id, `?user=${counsellor.id}&to=2000-01-01`)) as Page).total).toBe(0)
    // Malformed parameters are ignored, not an error page.
    expect(statusOf(await view(admin.id, '?page=abc&outcome=MAYBE&from=yesterday'))).toBe(200)
  })

  test('only administrators; the CSV export is audited', async () => {
    const { eae } = await getTeams()
    const admin = await createUser({ role: 'ADMIN', teamId: eae.id })
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    expect(statusOf(await view(lead.id))).toBe(403)
    await audit({ userId: lead.id, action: 'case.read', entity: 'case', caseId: 'x1', details: { fields: ['a;b'] } })

    const request = await requestAs(admin.id, `/admin/audit/export.csv?user=${lead.id}`)
    const response = (await settle(exportLoader({ request, params: {}, context: {} }))) as Response
    expect(response.headers.get('Content-Type')).toContain('text/csv')
    const bytes = Buffer.from(await response.arrayBuffer())
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.subarray(3).toString('utf8')
    expect(text.startsWith('id;at;userId')).toBe(true)
    const lines = text.trim().split('\r\n')
    // header, then newest first: the case read, the lead's denied page view
    expect(lines).toHaveLength(3)
    expect(lines[1]).toContain('case.read')
    expect(lines[2]).toContain('access.denied')
    const exported = await prisma.auditEvent.findFirstOrThrow({ where: { action: 'audit.export' } })
    expect(JSON.parse(exported.details!)).toEqual({ rows: 2, filters: ['userId'] })

    const leadRequest = await requestAs(lead.id, '/admin/audit/export.csv')
    expect(statusOf(await settle(exportLoader({ request: leadRequest, params: {}, context: {} })))).toBe(403)
  })
})
