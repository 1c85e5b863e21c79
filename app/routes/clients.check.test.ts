import { describe, expect, test } from 'vitest'
import { saveIdentityKey } from '#app/models/identity-key.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams, requestAs, settle, statusOf } from '#tests/factories.ts'
import { action, loader } from './clients.check.tsx'

async function check(userId: string, name: string, dateOfBirth: string) {
  const request = await requestAs(userId, '/clients/check', { form: { name, dateOfBirth } })
  const result = await settle(action({ request, params: {}, context: {} }))
  return { status: statusOf(result), data: (result as { data?: { outcome: unknown; limited: boolean } }).data }
}

describe('duplicate check', () => {
  test('finds a client across teams, names only the team; links cases the user may read', async () => {
    const { eae, rostock } = await getTeams()
    const rostockCounsellor = await createUser({ teamId: rostock.id })
    const eaeCounsellor = await createUser({ teamId: eae.id })
    const kase = await createTestCase({ teamId: rostock.id, counsellorId: rostockCounsellor.id })
    await saveIdentityKey({
      actor: { id: rostockCounsellor.id, role: 'COUNSELLOR', teamId: rostock.id },
      caseId: kase.id,
      clientId: kase.clientId,
      identity: { name: 'Amina Al-Hassan', dateOfBirth: '1990-04-12', phone: '' },
    })

    const foreign = await check(eaeCounsellor.id, 'al hassan amina', '1990-04-12')
    expect(foreign.status).toBe(200)
    // Across teams the match offers a transfer request (decision 043): a token, no case data.
    expect(foreign.data?.outcome).toEqual({ kind: 'match', readable: [], teams: ['Beratungsstelle Rostock'], requestable: [{ team: 'Beratungsstelle Rostock', token: expect.any(String) }] })
    expect(JSON.stringify(foreign.data)).not.toContain(kase.pseudonymCode)

    const own = await check(rostockCounsellor.id, 'Amina Al-Hassan', '1990-04-12')
    // a running case: no "Neuer Fall für diese Person" (issue 14)
    expect(own.data?.outcome).toEqual({ kind: 'match', readable: [{ id: kase.id, pseudonymCode: kase.pseudonymCode, newCase: false }], teams: [], requestable: [] })

    const none = await check(eaeCounsellor.id, 'Amina Al-Hassan', '1990-04-13')
    expect(none.data?.outcome).toEqual({ kind: 'none' })

    const events = await prisma.auditEvent.findMany({ where: { action: 'identity.match-check' }, select: { details: true, userId: true } })
    expect(events.map((event) => event.details)).toEqual(['{"result":"match"}', '{"result":"match"}', '{"result":"none"}'])
    expect(JSON.stringify(events)).not.toMatch(/Amina|1990/)
  })

  test('is limited per user and hour; administrators have no access', async () => {
    const { eae } = await getTeams()
    const counsellor = await createUser({ teamId: eae.id })
    const admin = await createUser({ role: 'ADMIN', teamId: eae.id })
    for (let index = 0; index < 20; index += 1) expect((await check(counsellor.id, 'Test Person', '1980-01-01')).status).toBe(200)
    const limited = await check(counsellor.id, 'Test Person', '1980-01-01')
    expect(limited.status).toBe(429)
    expect(limited.data?.limited).toBe(true)
    expect(await prisma.auditEvent.count({ where: { action: 'identity.match-check' } })).toBe(20)
    const request = await requestAs(admin.id, '/clients/check')
    expect(statusOf(await settle(loader({ request, params: {}, context: {} })))).toBe(403)
  })

  test('invalid input answers 400 and is not counted', async () => {
    const { eae } = await getTeams()
    const counsellor = await createUser({ teamId: eae.id })
    expect((await check(counsellor.id, '', 'yesterday')).status).toBe(400)
    expect(await prisma.auditEvent.count({ where: { action: 'identity.match-check' } })).toBe(0)
  })
})
