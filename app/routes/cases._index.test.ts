import { describe, expect, test } from 'vitest'
import { createTestCase, createUser, getTeams, inRequest, requestAs, settle, statusOf } from '#tests/factories.ts'
import { asTheBrowserReads, expectLeftToTheMarkup } from '#tests/rows-in-markup.ts'
import { languageCookie } from '#app/utils/i18n.server.ts'
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
      return { result, sent: await asTheBrowserReads(result) }
    }
    // the counts and the search stay in a document's hydration data; the filters' choices are left to the
    // markup too (read back from the selects, decision 101), and a `.data` answer carries them
    const { data } = await expectLeftToTheMarkup(load, ['cases', 'filters'])
    expect(data.result.cases.length).toBeGreaterThanOrEqual(2)
    expect(data.result.filters.counsellors.map((option) => option.value)).toEqual(expect.arrayContaining([lead.id, counsellor.id]))
    expect(data.result.filters.topics.length).toBeGreaterThan(0)
    // No rows, no table to read them back from: the empty list is sent; the choices are in the selects still.
    const empty = await load(false, '?q=ZZZZ-ZZZZ-Z')
    expect(empty.result.cases).toEqual([])
    expect(empty.sent.cases).toEqual([])
    expect(empty.sent).not.toHaveProperty('filters')
    expect(empty.result.filters).toEqual(data.result.filters)
  })

  test("a lead's counsellor filter marks the team's former case holders, in the page's language (decision 247)", async () => {
    const { eae, rostock } = await getTeams()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const left = await createUser({ teamId: eae.id, active: false, displayName: 'Greta Gegangen' })
    const moved = await createUser({ teamId: rostock.id, displayName: 'Mira Gewechselt' })
    await createTestCase({ teamId: eae.id, counsellorId: left.id, status: 'CLOSED' })
    await createTestCase({ teamId: eae.id, counsellorId: moved.id, status: 'CLOSED' })
    const choices = async (language: 'de' | 'en') => {
      const request = await requestAs(lead.id, '/cases')
      request.headers.set('Cookie', `${request.headers.get('Cookie')}; ${await languageCookie.serialize(language)}`)
      const { result } = await inRequest(async () => (await loader({ request, params: {}, context: {} })) as Awaited<ReturnType<typeof loader>>)
      return result.filters.counsellors.filter((option) => option.value === left.id || option.value === moved.id)
    }
    expect(await choices('de')).toEqual([
      { value: left.id, label: 'Greta Gegangen (deaktiviert)' },
      { value: moved.id, label: 'Mira Gewechselt (ehemals im Team)' },
    ])
    expect(await choices('en')).toEqual([
      { value: left.id, label: 'Greta Gegangen (deactivated)' },
      { value: moved.id, label: 'Mira Gewechselt (formerly in the team)' },
    ])
  })

  test('administrators get 403', async () => {
    const admin = await createUser({ role: 'ADMIN' })
    expect(statusOf(await settle(loader({ request: await requestAs(admin.id, '/cases'), params: {}, context: {} })))).toBe(403)
  })
})
