import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams, requestAs, settle, statusOf } from '#tests/factories.ts'
import { action, loader } from './cases.$caseId.identity.tsx'

const identity = { name: 'Amina Al-Hassan', dateOfBirth: '1990-04-12', phone: '+49 381 1234567' }

async function arrange() {
  const { eae, rostock } = await getTeams()
  const assigned = await createUser({ teamId: eae.id })
  const substitute = await createUser({ teamId: eae.id })
  const colleague = await createUser({ teamId: eae.id })
  const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
  const admin = await createUser({ role: 'ADMIN', teamId: eae.id })
  const otherTeam = await createUser({ teamId: rostock.id })
  const kase = await createTestCase({ teamId: eae.id, counsellorId: assigned.id, sharedForSubstitution: true })
  const yesterday = new Date(Date.now() - 86_400_000)
  const nextWeek = new Date(Date.now() + 7 * 86_400_000)
  await prisma.absence.create({ data: { userId: assigned.id, substituteId: substitute.id, startsOn: yesterday, endsOn: nextWeek } })
  return { assigned, substitute, colleague, lead, admin, otherTeam, kase }
}

async function post(userId: string, caseId: string, form: Record<string, string>) {
  const request = await requestAs(userId, `/cases/${caseId}/identity`, { form })
  return settle(action({ request, params: { caseId }, context: {} }))
}

function revealedOf(result: unknown) {
  return (result as { data?: { revealed?: unknown } }).data?.revealed ?? null
}

describe('identity key page', () => {
  test('the assigned counsellor stores, reveals (audited without values) and deletes', async () => {
    const { assigned, kase } = await arrange()
    const saved = await post(assigned.id, kase.id, { intent: 'save', ...identity })
    expect(statusOf(saved)).toBe(302)
    const stored = await prisma.identityKey.findUniqueOrThrow({ where: { clientId: kase.clientId } })
    expect(stored.ciphertext).not.toContain('Amina')
    expect(stored.matchHash).toMatch(/^[0-9a-f]{64}$/)

    const revealed = await post(assigned.id, kase.id, { intent: 'reveal', reason: 'APPOINTMENT' })
    expect(statusOf(revealed)).toBe(200)
    expect(revealedOf(revealed)).toEqual(identity)
    const response = revealed as { init?: { headers?: Record<string, string> } }
    expect(response.init?.headers?.['Cache-Control']).toBe('no-store')

    const events = await prisma.auditEvent.findMany({ where: { caseId: kase.id, action: { startsWith: 'identity.' } }, orderBy: { id: 'asc' } })
    expect(events.map((event) => [event.action, event.outcome])).toEqual([
      ['identity.create', 'SUCCESS'],
      ['identity.reveal', 'SUCCESS'],
    ])
    expect(JSON.parse(events[1]!.details!)).toEqual({ reason: 'APPOINTMENT' })
    for (const event of events) expect(event.details ?? '').not.toMatch(/Amina|1990-04-12|1234567/)

    expect(statusOf(await post(assigned.id, kase.id, { intent: 'delete' }))).toBe(400)
    expect(statusOf(await post(assigned.id, kase.id, { intent: 'delete', confirm: 'on' }))).toBe(302)
    expect(await prisma.identityKey.count({ where: { clientId: kase.clientId } })).toBe(0)
  })

  test('"other" needs an explanation, which is not stored', async () => {
    const { assigned, kase } = await arrange()
    await post(assigned.id, kase.id, { intent: 'save', ...identity })
    expect(statusOf(await post(assigned.id, kase.id, { intent: 'reveal', reason: 'OTHER', note: 'short' }))).toBe(400)
    const note = 'Rückfrage der Ausländerbehörde zu Frau Al-Hassan'
    const ok = await post(assigned.id, kase.id, { intent: 'reveal', reason: 'OTHER', note })
    expect(revealedOf(ok)).toEqual(identity)
    const events = await prisma.auditEvent.findMany({ where: { action: 'identity.reveal' }, select: { details: true } })
    expect(events.map((event) => event.details)).toEqual([JSON.stringify({ reason: 'OTHER' })])
  })

  test('bad input keeps the values and saves nothing', async () => {
    const { assigned, kase } = await arrange()
    const result = await post(assigned.id, kase.id, { intent: 'save', name: 'A', dateOfBirth: '2999-01-01', phone: 'call me' })
    expect(statusOf(result)).toBe(400)
    const reply = (result as { data: { result: { error: Record<string, string[]> } } }).data.result
    expect(Object.keys(reply.error).sort()).toEqual(['dateOfBirth', 'name', 'phone'])
    expect(await prisma.identityKey.count()).toBe(0)
  })

  test('reveal rights: assigned and active substitute only', async () => {
    const { assigned, substitute, colleague, lead, admin, otherTeam, kase } = await arrange()
    await post(assigned.id, kase.id, { intent: 'save', ...identity })
    expect(revealedOf(await post(substitute.id, kase.id, { intent: 'reveal', reason: 'REFERRAL' }))).toEqual(identity)
    for (const user of [colleague, lead, admin, otherTeam]) {
      const result = await post(user.id, kase.id, { intent: 'reveal', reason: 'REFERRAL' })
      expect({ role: user.role, status: statusOf(result) }).toEqual({ role: user.role, status: 404 })
    }
    // The colleague (case shared for substitution) and the team lead may open the page, without forms.
    for (const user of [colleague, lead]) {
      const request = await requestAs(user.id, `/cases/${kase.id}/identity`)
      const result = (await settle(loader({ request, params: { caseId: kase.id }, context: {} }))) as { data: { canManage: boolean; hasKey: boolean } }
      expect(result.data).toMatchObject({ canManage: false, hasKey: true })
    }
    for (const user of [admin, otherTeam]) {
      const request = await requestAs(user.id, `/cases/${kase.id}/identity`)
      expect(statusOf(await settle(loader({ request, params: { caseId: kase.id }, context: {} })))).toBe(404)
    }
  })

  test('a tampered record is refused with a clear error and nothing shown', async () => {
    const { assigned, kase } = await arrange()
    await post(assigned.id, kase.id, { intent: 'save', ...identity })
    const record = await prisma.identityKey.findUniqueOrThrow({ where: { clientId: kase.clientId } })
    const bytes = Buffer.from(record.ciphertext, 'base64')
    bytes[3] = bytes[3]! ^ 0xff
    await prisma.identityKey.update({ where: { clientId: kase.clientId }, data: { ciphertext: bytes.toString('base64') } })
    const result = await post(assigned.id, kase.id, { intent: 'reveal', reason: 'APPOINTMENT' })
    expect(statusOf(result)).toBe(409)
    expect(revealedOf(result)).toBeNull()
    expect((result as { data: { revealError: string } }).data.revealError).toBe('tampered')
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: 'identity.reveal' } })
    expect(event.outcome).toBe('FAILED')
  })
})
