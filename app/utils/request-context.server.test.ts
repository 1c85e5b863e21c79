import { expect, test } from 'vitest'
import { requireCaseAccess } from '#app/models/case-access.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams, inRequest, requestAs, settle, statusOf } from '#tests/factories.ts'
import { audit } from './audit.server.ts'
import { getUser } from './auth.server.ts'
import { currentRequest, oncePerRequest } from './request-context.server.ts'

test('inside a page view a lookup runs once per key; in a write and outside a request every call runs', async () => {
  let runs = 0
  const compute = async () => ++runs
  await inRequest(async () => {
    expect(await oncePerRequest('a', compute)).toBe(1)
    expect(await oncePerRequest('a', compute)).toBe(1)
    expect(await oncePerRequest('b', compute)).toBe(2)
  })
  await inRequest(
    async () => {
      expect(await oncePerRequest('a', compute)).toBe(3)
      expect(await oncePerRequest('a', compute)).toBe(4)
    },
    { method: 'POST' },
  )
  expect(currentRequest()).toBeUndefined()
  expect(await oncePerRequest('a', compute)).toBe(5)
  expect(await oncePerRequest('a', compute)).toBe(6)
})

test('the loaders of one page view share the signed-in user and the case lookup (each Request object is new)', async () => {
  const { eae } = await getTeams()
  const counsellor = await createUser({ teamId: eae.id })
  const kase = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })
  const root = await requestAs(counsellor.id, `/cases/${kase.id}`)
  const page = new Request(root.url, { headers: root.headers })
  await inRequest(async () => {
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

test('a denial inside a page view is still refused and audited, with the request id', async () => {
  const { eae, rostock } = await getTeams()
  const outsider = await createUser({ teamId: rostock.id })
  const kase = await createTestCase({ teamId: eae.id })
  const request = await requestAs(outsider.id, `/cases/${kase.id}`)
  const { context } = await inRequest(async () => {
    const user = (await getUser(request))!
    expect(statusOf(await settle(requireCaseAccess(user, kase.id, 'read')))).toBe(404)
    expect(statusOf(await settle(requireCaseAccess(user, kase.id, 'write')))).toBe(404)
  })
  const denials = await prisma.auditEvent.findMany({ where: { userId: outsider.id, caseId: kase.id, outcome: 'DENIED' }, select: { requestId: true } })
  expect(denials).toEqual([{ requestId: context.requestId }, { requestId: context.requestId }])
})

test('the audit log takes the request id and the signed-in user from the request context', async () => {
  const { eae } = await getTeams()
  const signedIn = await createUser({ teamId: eae.id })
  const other = await createUser({ teamId: eae.id })
  const request = await requestAs(signedIn.id, '/')
  const { context } = await inRequest(
    async () => {
      await getUser(request)
      await audit({ action: 'test.implicit', entity: 'test' })
      await audit({ userId: other.id, action: 'test.explicit', entity: 'test' })
      await audit({ userId: null, action: 'test.nobody', entity: 'test' })
    },
    { method: 'POST' },
  )
  expect(context.userId).toBe(signedIn.id)
  await audit({ action: 'test.outside', entity: 'test' })
  const events = await prisma.auditEvent.findMany({ where: { entity: 'test' }, select: { action: true, userId: true, requestId: true }, orderBy: { at: 'asc' } })
  expect(Object.fromEntries(events.map((event) => [event.action, event]))).toEqual({
    'test.implicit': { action: 'test.implicit', userId: signedIn.id, requestId: context.requestId },
    'test.explicit': { action: 'test.explicit', userId: other.id, requestId: context.requestId },
    'test.nobody': { action: 'test.nobody', userId: null, requestId: context.requestId },
    'test.outside': { action: 'test.outside', userId: null, requestId: null },
  })
})
