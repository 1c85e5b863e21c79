import { decode, encode } from 'turbo-stream'
import { describe, expect, test } from 'vitest'
import {
  createTestCase,
  createUser,
  getTeams,
  inRequest,
  requestAs,
  settle,
  statusOf,
} from '#tests/factories.ts'
import { loader } from './cases.$caseId._index.tsx'

type Loaded = Awaited<ReturnType<typeof loader>>

async function arrange() {
  const teams = await getTeams()
  const counsellor = await createUser({ role: 'COUNSELLOR', teamId: teams.eae.id })
  const kase = await createTestCase({ teamId: teams.eae.id, counsellorId: counsellor.id })
  return { teams, counsellor, kase }
}

/** The loader as a document or a `.data` request runs it: what the server renders from, and what the browser gets. */
async function load(userId: string, path: string, caseId: string, dataRequest: boolean) {
  const { result } = await inRequest(
    async () =>
      (await loader({ request: await requestAs(userId, path), params: { caseId }, context: {} })) as Loaded,
    {
      dataRequest,
    },
  )
  // As Remix sends loader data to the browser (turbo-stream), and as the browser reads it.
  const sent = (await decode(encode(result))).value as Partial<Loaded>
  return { result, sent }
}

describe('case timeline page', () => {
  test("a document leaves the entries to the list's markup, its render still reads them; a `.data` answer carries them (decision 109)", async () => {
    const { counsellor, kase } = await arrange()
    for (const path of [
      `/cases/${kase.id}`,
      `/cases/${kase.id}?kind=programme`,
      `/cases/${kase.id}?limit=100`,
    ]) {
      const data = await load(counsellor.id, path, kase.id, true)
      const document = await load(counsellor.id, path, kase.id, false)
      expect(data.result.entries.length).toBeGreaterThan(0)
      // What the server renders from is the same.
      expect(document.result.entries).toEqual(data.result.entries)
      // A `.data` answer carries the entries (client navigation, "show more", the filter, a revalidation).
      expect(data.sent).toEqual(data.result)
      // (toEqual passes over keys that are not enumerable: the entries themselves, as the browser gets them)
      expect(data.sent.entries).toEqual(data.result.entries)
      // A document's hydration data lacks exactly the entries.
      const { entries, ...rest } = data.result
      expect(entries).toBeDefined()
      expect(document.sent).toEqual(rest)
      expect('entries' in document.sent).toBe(false)
    }
  })

  test('a timeline without entries keeps its empty list in a document (the page shows the empty note)', async () => {
    const { counsellor, kase } = await arrange()
    const document = await load(counsellor.id, `/cases/${kase.id}?kind=transfer`, kase.id, false)
    expect(document.result.entries).toEqual([])
    expect(document.sent.entries).toEqual([])
  })

  test('a case of another team is not found, as a document and as `.data`', async () => {
    const { teams, kase } = await arrange()
    const stranger = await createUser({ role: 'COUNSELLOR', teamId: teams.rostock.id })
    for (const dataRequest of [false, true]) {
      const request = await requestAs(stranger.id, `/cases/${kase.id}`)
      const { result } = await inRequest(
        () => settle(loader({ request, params: { caseId: kase.id }, context: {} })),
        { dataRequest },
      )
      expect(statusOf(result)).toBe(404)
    }
  })
})
