// The request context through the production server (decision 019): the built app and
// server/index.js share one AsyncLocalStorage (`#request-context`), so every audit event written by
// a request carries that request's id — the X-Request-Id the browser got — also when requests overlap.
import { afterAll, expect, test } from 'vitest'
import { scaledAtStart } from '#tests/setup/slowdown.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams, sessionCookieFor } from '#tests/factories.ts'
import { startServerProcess, type ServerProcess } from './setup/server-process.ts'

globalThis.wbShareDatabaseInFile = true

let server: ServerProcess | undefined
afterAll(async () => {
  await server?.stop()
})

test('each request audits under its own request id, also when requests run at the same time', { timeout: scaledAtStart(90_000) }, async () => {
  const { eae, rostock } = await getTeams()
  const counsellors = await Promise.all([createUser({ teamId: eae.id }), createUser({ teamId: eae.id }), createUser({ teamId: rostock.id })])
  const cases = await Promise.all(counsellors.map((user) => createTestCase({ teamId: user.teamId, counsellorId: user.id })))
  const cookies = await Promise.all(counsellors.map((user) => sessionCookieFor(user.id)))
  await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL')
  server = await startServerProcess(process.env.DATABASE_URL!.replace(/^file:/, ''))

  // Each counsellor opens their own case file and tries a foreign one, all at once, several times.
  const visits = Array.from({ length: 4 }, () =>
    counsellors.flatMap((user, index) => [
      { user, caseId: cases[index]!.id, cookie: cookies[index]! },
      { user, caseId: cases[(index + 1) % cases.length]!.id, cookie: cookies[index]! },
    ]),
  ).flat()
  const answers = await Promise.all(
    visits.map(async (visit) => {
      const response = await fetch(`${server!.origin}/cases/${visit.caseId}`, { headers: { Cookie: visit.cookie }, redirect: 'manual' })
      await response.arrayBuffer()
      return { ...visit, status: response.status, requestId: response.headers.get('x-request-id') }
    }),
  )
  await server.stop()

  const requestIds = answers.map((answer) => answer.requestId)
  expect(new Set(requestIds).size).toBe(visits.length)
  for (const answer of answers) {
    const events = await prisma.auditEvent.findMany({ where: { requestId: answer.requestId }, select: { userId: true, caseId: true, action: true, outcome: true } })
    // own case: the read of the case file; the foreign case (same team, not shared, or another team): the refusal
    const expected = answer.caseId === cases[counsellors.indexOf(answer.user)]!.id
      ? { status: 200, event: { userId: answer.user.id, caseId: answer.caseId, action: 'case.read', outcome: 'SUCCESS' } }
      : { status: 404, event: { userId: answer.user.id, action: 'case.read', outcome: 'DENIED' } }
    // a 500 under load says why only in the server's log
    expect(answer.status, server.output()).toBe(expected.status)
    expect(events).toContainEqual(expect.objectContaining(expected.event))
    expect(events.every((event) => event.userId === answer.user.id)).toBe(true)
  }
})
