import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams } from './factories.ts'

describe('factories', () => {
  test('createTestCase creates a client with a case in the given team', async () => {
    const { rostock } = await getTeams()
    const counsellor = await createUser({ teamId: rostock.id })
    const kase = await createTestCase({ teamId: rostock.id, counsellorId: counsellor.id })
    const stored = await prisma.case.findUniqueOrThrow({ where: { id: kase.id }, select: { teamId: true, client: { select: { residenceStatuses: true } } } })
    expect(stored.teamId).toBe(rostock.id)
    expect(stored.client.residenceStatuses).toHaveLength(1)
  })
})
