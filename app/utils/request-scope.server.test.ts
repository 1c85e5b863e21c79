import { expect, test } from 'vitest'
import { requireCaseAccess } from '#app/models/case-access.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams, requestAs, settle, statusOf } from '#tests/factories.ts'
import { getUser } from './auth.server.ts'
import { oncePerRequest, requestScope } from './request-scope.server.ts'

test('inside a scope a lookup runs once per key; outside every call runs', async () => {
  let runs = 0
  const compute = async () => ++runs
  await requestScope.run(new Map(), async () => {
    expect(await oncePerRequest('a', compute)).toBe(1)
    expect(await oncePerRequest('a', compute)).toBe(1)
    expect(await oncePerRequest('b', compute)).toBe(2)
  })
  expect(await oncePerRequest('a', compute)).toBe(3)
  expect(await oncePerRequest('a', compute)).toBe(4)
})

test('the loaders of one page view share the signed-in user and the case lookup (each Request object is new)', async () => {
  const { eae } = await getTeams()
  const counsellor = await createUser({ teamId: eae.id })
  const kase = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })
  const root = await requestAs(counsellor.id, `/cases/${kase.id}`)
  const page = new Request(root.url, { headers: root.headers })
  await requestScope.run(new Map(), async () => {
    const [first, second] = [getUser(root), getUser(page)]
    expect(first).toBe(second)
    const user = (await first)!
    const read = await requireCaseAccess(user, kase.id, 'read')
    // Assigned elsewhere meanwhile: this page view still answers from its one lookup …
    const other = await createUser({ teamId: eae.id })
    await prisma.case.update({ where: { id: kase.id }, data: { counsellorId: other.id } })
    expect((await requireCaseAccess(user, kase.id, 'write')).id).toBe(read.id)
  })
  // … the next request sees the change.
  const user = (await getUser(page))!
  expect(statusOf(await settle(requireCaseAccess(user, kase.id, 'read')))).toBe(404)
})

test('a denial inside a scope is still refused and audited', async () => {
  const { eae, rostock } = await getTeams()
  const outsider = await createUser({ teamId: rostock.id })
  const kase = await createTestCase({ teamId: eae.id })
  const request = await requestAs(outsider.id, `/cases/${kase.id}`)
  await requestScope.run(new Map(), async () => {
    const user = (await getUser(request))!
    expect(statusOf(await settle(requireCaseAccess(user, kase.id, 'read')))).toBe(404)
    expect(statusOf(await settle(requireCaseAccess(user, kase.id, 'write')))).toBe(404)
  })
  const denials = await prisma.auditEvent.count({ where: { userId: outsider.id, caseId: kase.id, outcome: 'DENIED' } })
  expect(denials).toBe(2)
})
