import { decode, encode } from 'turbo-stream'
import { describe, expect, test } from 'vitest'
import { rowsForRender, unpackFollowUpRows } from '#app/components/follow-up-rows.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams, inRequest, requestAs } from '#tests/factories.ts'
import { loader } from './_index.tsx'

type Loaded = Awaited<ReturnType<typeof loader>>

describe('the start page', () => {
  test('a document leaves the follow-up buckets with rows to the markup; a `.data` answer carries them; an empty bucket stays in both (decision 171)', async () => {
    const { eae } = await getTeams()
    const counsellor = await createUser({ teamId: eae.id })
    const kase = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })
    // one overdue follow-up and one in the next days; none today
    for (const days of [-3, 4])
      await prisma.followUp.create({
        data: { caseId: kase.id, assigneeId: counsellor.id, source: 'MANUAL', note: 'Termin <Amt> & Co.', dueDate: new Date(Date.now() + days * 86_400_000) },
      })
    const load = async (dataRequest: boolean) => {
      const { result } = await inRequest(
        async () => (await loader({ request: await requestAs(counsellor.id, '/'), params: {}, context: {} })) as Loaded,
        { dataRequest },
      )
      // As Remix sends loader data to the browser (turbo-stream), and as the browser reads it.
      return { result, sent: (await decode(encode(result))).value as Loaded }
    }
    const data = await load(true)
    const document = await load(false)
    const given = data.result.work!.followUps
    // The server's render reads the same buckets from both (a document's are not enumerable), but for a
    // document's buckets with rows, whose packed text is neither sent nor read (session 26): an empty text
    // stands in, which no JSON parser takes for rows.
    expect(document.result.work!.followUps.today).toBe(given.today)
    expect(document.result.work!.followUps.counts).toEqual(given.counts)
    expect(given.counts).toEqual({ overdue: 1, today: 0, upcoming: 1 })
    for (const bucket of ['overdue', 'upcoming'] as const) {
      expect(document.result.work!.followUps[bucket]).toBe('')
      expect(() => unpackFollowUpRows(document.result.work!.followUps[bucket])).toThrow()
    }
    expect(JSON.parse(given.overdue)).toHaveLength(1)
    expect(JSON.parse(given.upcoming)).toHaveLength(1)
    expect(given.today).toBe('[]')
    expect(data.sent).toEqual(data.result)
    // (toEqual passes over keys that are not enumerable: the buckets themselves, as the browser gets them)
    for (const bucket of ['overdue', 'today', 'upcoming'] as const) expect(data.sent.work!.followUps[bucket]).toBe(given[bucket])
    expect(data.sent.work!.followUps.counts).toEqual(given.counts)
    // A document's hydration data: the start page without the two buckets with rows; the empty one and
    // the counts stay.
    const { overdue: _overdue, upcoming: _upcoming, ...rest } = given
    expect(document.sent).toEqual({ ...data.result, work: { ...data.result.work, followUps: rest } })
    expect(document.sent.work!.followUps.today).toBe('[]')
    // The server's render takes the loader's rows themselves (session 25): each bucket's kept rows are what its
    // packed text unpacks to, for a document and a `.data` answer; what the browser decodes keeps none.
    for (const loaded of [document, data])
      for (const bucket of ['overdue', 'today', 'upcoming'] as const)
        expect(rowsForRender(loaded.result.work!.followUps, bucket)).toEqual(unpackFollowUpRows(given[bucket]))
    expect(rowsForRender(document.sent.work!.followUps, 'overdue')).toBeUndefined()
    expect(rowsForRender(data.sent.work!.followUps, 'overdue')).toBeUndefined()
  })
})
