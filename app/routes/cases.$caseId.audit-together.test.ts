// Decision 235: a case page's view runs the layout's loader and the page's at once (as Remix does); their
// read events are written by one INSERT. No event may be lost: a page loader that answers 404 after the
// layout's event was queued, a refusal by both, a request for one loader only (a `.data` request).
import { expect, test } from 'vitest'
import { auditInsertsWritten } from '#app/utils/audit.server.ts'
import { readRows } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams, inRequest, requestAs, settle, statusOf } from '#tests/factories.ts'
import { loader as contactLoader } from './cases.$caseId.contacts.$contactId.tsx'
import { loader as contactFormLoader } from './cases.$caseId.contacts.new.tsx'
import { loader as editLoader } from './cases.$caseId.edit.tsx'
import { loader as layoutLoader } from './cases.$caseId.tsx'
import { loader as timelineLoader } from './cases.$caseId._index.tsx'

async function arrange() {
  const teams = await getTeams()
  const counsellor = await createUser({ role: 'COUNSELLOR', teamId: teams.eae.id })
  const kase = await createTestCase({ teamId: teams.eae.id, counsellorId: counsellor.id })
  return { teams, counsellor, kase }
}

async function eventsOf(requestId: string) {
  return readRows<Array<{ id: bigint; action: string; caseId: string | null; userId: string | null; outcome: string }>>`
    SELECT "id", "action", "caseId", "userId", "outcome" FROM "AuditEvent" WHERE "requestId" = ${requestId} ORDER BY "id"`
}

test('the master-data form: the layout’s case.read and the page’s case.master-data.read, one INSERT, consecutive ids', async () => {
  const { counsellor, kase } = await arrange()
  const args = async (path: string) => ({ request: await requestAs(counsellor.id, path), params: { caseId: kase.id }, context: {} })
  const [layoutArgs, editArgs] = [await args(`/cases/${kase.id}/edit`), await args(`/cases/${kase.id}/edit`)]
  const before = auditInsertsWritten()
  const { context } = await inRequest(() => Promise.all([layoutLoader(layoutArgs), editLoader(editArgs)]), { userId: counsellor.id })
  expect(auditInsertsWritten() - before).toBe(1)
  const events = await eventsOf(context.requestId)
  expect(events.map(({ action, caseId, userId, outcome }) => ({ action, caseId, userId, outcome }))).toEqual([
    { action: 'case.read', caseId: kase.id, userId: counsellor.id, outcome: 'SUCCESS' },
    { action: 'case.master-data.read', caseId: kase.id, userId: counsellor.id, outcome: 'SUCCESS' },
  ])
  expect(Number(events[1]!.id)).toBe(Number(events[0]!.id) + 1)
})

test('a page loader that answers 404 after the layout’s event was queued: the layout’s read is still written', async () => {
  const { counsellor, kase } = await arrange()
  const request = await requestAs(counsellor.id, `/cases/${kase.id}/contacts/unknown`)
  const { result, context } = await inRequest(
    () =>
      Promise.all([
        layoutLoader({ request, params: { caseId: kase.id }, context: {} }),
        settle(contactLoader({ request, params: { caseId: kase.id, contactId: 'unknown' }, context: {} })),
      ]),
    { userId: counsellor.id },
  )
  expect(statusOf(result[1])).toBe(404)
  expect((await eventsOf(context.requestId)).map((event) => event.action)).toEqual(['case.read'])
})

test('refused by both loaders: both refusals are written', async () => {
  const { teams, kase } = await arrange()
  const foreign = await createUser({ role: 'COUNSELLOR', teamId: teams.rostock.id })
  const request = await requestAs(foreign.id, `/cases/${kase.id}/edit`)
  const { result, context } = await inRequest(
    () =>
      Promise.all([
        settle(layoutLoader({ request, params: { caseId: kase.id }, context: {} })),
        settle(editLoader({ request, params: { caseId: kase.id }, context: {} })),
      ]),
    { userId: foreign.id },
  )
  expect(result.map(statusOf)).toEqual([404, 404])
  expect((await eventsOf(context.requestId)).map(({ action, outcome }) => [action, outcome])).toEqual([
    ['case.read', 'DENIED'],
    ['case.write', 'DENIED'],
  ])
})

test('one loader alone (a .data request for the page only): its event, one INSERT', async () => {
  const { counsellor, kase } = await arrange()
  const request = await requestAs(counsellor.id, `/cases/${kase.id}/edit`)
  const before = auditInsertsWritten()
  const { context } = await inRequest(() => editLoader({ request, params: { caseId: kase.id }, context: {} }), { userId: counsellor.id })
  expect(auditInsertsWritten() - before).toBe(1)
  expect((await eventsOf(context.requestId)).map((event) => event.action)).toEqual(['case.master-data.read'])
})

test('decision 244: a page under the layout that shows case data writes case.read once with the layout, and alone when asked alone', async () => {
  const { counsellor, kase } = await arrange()
  const path = `/cases/${kase.id}`
  const args = async () => ({ request: await requestAs(counsellor.id, path), params: { caseId: kase.id }, context: {} })
  const [layoutArgs, timelineArgs] = [await args(), await args()]
  // a page view: both loaders at once, in either order of their start
  const pageViews: Array<() => Promise<unknown>> = [
    () => Promise.all([layoutLoader(layoutArgs), timelineLoader(timelineArgs)]),
    async () => Promise.all([timelineLoader(await args()), layoutLoader(await args())]),
  ]
  for (const both of pageViews) {
    const { context } = await inRequest(both, { userId: counsellor.id })
    expect((await eventsOf(context.requestId)).map(({ action, caseId, userId, outcome }) => ({ action, caseId, userId, outcome }))).toEqual([
      { action: 'case.read', caseId: kase.id, userId: counsellor.id, outcome: 'SUCCESS' },
    ])
  }
  // the timeline's route alone (`?_routes=routes/cases.$caseId._index`): its own case.read
  const alone = await inRequest(async () => timelineLoader(await args()), { userId: counsellor.id })
  expect((await eventsOf(alone.context.requestId)).map((event) => event.action)).toEqual(['case.read'])
})

// A form posted without JavaScript and refused (400) is answered with the page itself: Remix runs the action and then
// the layout's and the page's loaders in the same request, a POST, which has no page view's cache (an action's
// writes must be read afresh). The case file's `case.read` is still written once for that view (decision 244).
test('decision 244: a refused post answered with the page (a POST request) writes one case.read for the layout and the form', async () => {
  const { counsellor, kase } = await arrange()
  const path = `/cases/${kase.id}/contacts/new`
  const args = async () => ({ request: await requestAs(counsellor.id, path), params: { caseId: kase.id }, context: {} })
  const [layoutArgs, formArgs] = [await args(), await args()]
  const { context } = await inRequest(() => Promise.all([layoutLoader(layoutArgs), contactFormLoader(formArgs)]), {
    userId: counsellor.id,
    method: 'POST',
  })
  expect((await eventsOf(context.requestId)).filter((event) => event.action === 'case.read')).toHaveLength(1)
})
