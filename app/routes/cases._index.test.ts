import { decode, encode } from 'turbo-stream'
import { describe, expect, test } from 'vitest'
import { createTestCase, createUser, getTeams, inRequest, requestAs, settle, statusOf } from '#tests/factories.ts'
import { loader } from './cases._index.tsx'

async function list(userId: string, query = '') {
  return (await loader({ request: await requestAs(userId, `/cases${query}`), params: {}, context: {} })) as Awaited<
    ReturnType<typeof loader>
  >
}

describe('/cases', () => {
  test('a document leaves the rows to the markup; a `.data` answer carries them; an empty list stays in both (decision 171)', async () => {
    const { eae } = await getTeams()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const counsellor = await createUser({ teamId: eae.id })
    await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })
    await createTestCase({ teamId: eae.id })
    const load = async (dataRequest: boolean, query = '') => {
      const { result } = await inRequest(async () => list(lead.id, query), { dataRequest })
      // As Remix sends loader data to the browser (turbo-stream), and as the browser reads it.
      return { result, sent: (await decode(encode(result))).value as typeof result }
    }
    const data = await load(true)
    const document = await load(false)
    // The server's render reads the same rows from both.
    expect(document.result.cases).toEqual(data.result.cases)
    expect(data.result.cases.length).toBeGreaterThanOrEqual(2)
    expect(data.sent).toEqual(data.result)
    // (toEqual passes over keys that are not enumerable: the rows themselves, as the browser gets them)
    expect(data.sent.cases).toEqual(data.result.cases)
    // A document's hydration data: everything but the rows (the filters' options, the counts, the search stay).
    const { cases: _cases, ...rest } = data.result
    expect(document.sent).toEqual(rest)
    expect(document.sent.filters).toEqual(data.result.filters)
    // No rows, no table to read them back from: the empty list is sent.
    const empty = await load(false, '?q=ZZZZ-ZZZZ-Z')
    expect(empty.result.cases).toEqual([])
    expect(empty.sent.cases).toEqual([])
  })

  test('administrators get 403', async () => {
    const admin = await createUser({ role: 'ADMIN' })
    expect(statusOf(await settle(loader({ request: await requestAs(admin.id, '/cases'), params: {}, context: {} })))).toBe(403)
  })
})
