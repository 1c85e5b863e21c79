import { decode, encode } from 'turbo-stream'
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams, inRequest, requestAs, settle, statusOf } from '#tests/factories.ts'
import { loader as exportLoader } from './language-mediation.export[.]csv.ts'
import { loader as overviewLoader } from './language-mediation.tsx'
import { action as detailAction, loader as detailLoader } from './cases.$caseId.mediation.$mediationId.tsx'
import { loader as listLoader } from './cases.$caseId.mediation._index.tsx'
import { action as newAction } from './cases.$caseId.mediation.new.tsx'

async function setup() {
  const teams = await getTeams()
  const counsellor = await createUser({ role: 'COUNSELLOR', teamId: teams.eae.id })
  const kase = await createTestCase({ teamId: teams.eae.id, counsellorId: counsellor.id })
  const provider = await prisma.partnerOrganisation.create({ data: { name: 'Sprachmittlungspool Test', kind: 'LANGUAGE_MEDIATION_SERVICE' }, select: { id: true } })
  return { teams, counsellor, kase, provider }
}

const request = (overrides: Record<string, string> = {}) => ({
  languageCode: 'arb',
  mode: 'PHONE',
  providerKind: 'POOL',
  requestedAt: '2026-03-02',
  ...overrides,
})

async function createRequest(userId: string, caseId: string, form: Record<string, string>) {
  return settle(newAction({ request: await requestAs(userId, `/cases/${caseId}/mediation/new`, { form }), params: { caseId }, context: {} }))
}

describe('language mediation of a case', () => {
  test('a request is saved with its first transition and audited; returnTo leads back to the contact form', async () => {
    const { counsellor, kase, provider } = await setup()
    const result = await createRequest(counsellor.id, kase.id, request({ providerId: provider.id, interpreterRef: 'sm-0412', dialect: 'syrisch', returnTo: `/cases/${kase.id}/contacts/new` }))
    expect(result).toBeInstanceOf(Response)
    const location = (result as Response).headers.get('Location')!
    const saved = await prisma.languageMediation.findFirstOrThrow({ where: { caseId: kase.id }, select: { id: true, status: true, interpreterRef: true, providerId: true, transitions: { select: { toStatus: true } } } })
    expect(location).toBe(`/cases/${kase.id}/contacts/new?mediationId=${saved.id}`)
    expect(saved).toMatchObject({ status: 'REQUESTED', interpreterRef: 'SM-0412', providerId: provider.id, transitions: [{ toStatus: 'REQUESTED' }] })
    expect(await prisma.auditEvent.count({ where: { action: 'mediation.create', entityId: saved.id, caseId: kase.id } })).toBe(1)
  })

  test('a foreign or off-site returnTo is ignored', async () => {
    const { counsellor, kase } = await setup()
    for (const returnTo of ['https://evil.example/', '//evil.example/x', '/cases/other-case/contacts/new']) {
      const result = await createRequest(counsellor.id, kase.id, request({ returnTo }))
      expect((result as Response).headers.get('Location')).toMatch(new RegExp(`^/cases/${kase.id}/mediation/[^/?]+\\?done=saved$`))
    }
  })

  test('negative minutes or cost, or minutes beyond a day, are refused and nothing is saved', async () => {
    const { counsellor, kase } = await setup()
    await createRequest(counsellor.id, kase.id, request())
    const mediation = await prisma.languageMediation.findFirstOrThrow({ where: { caseId: kase.id }, select: { id: true, version: true, updatedAt: true } })
    const path = `/cases/${kase.id}/mediation/${mediation.id}`
    const bads: Array<Record<string, string>> = [{ billedMinutes: '-5' }, { travelMinutes: '1441' }, { cost: '-12,50' }, { cost: '12.50' }]
    for (const bad of bads) {
      const form = { ...request(), version: String(mediation.version), performedAt: '2026-03-03', billedMinutes: '30', ...bad }
      const result = await settle(detailAction({ request: await requestAs(counsellor.id, path, { form }), params: { caseId: kase.id, mediationId: mediation.id }, context: {} }))
      expect(statusOf(result)).toBe(400)
    }
    const after = await prisma.languageMediation.findUniqueOrThrow({ where: { id: mediation.id }, select: { version: true, billedMinutes: true, costCents: true } })
    expect(after).toEqual({ version: mediation.version, billedMinutes: null, costCents: null })
  })

  test('done needs date and minutes; cost in German is stored in cents; transitions follow the table', async () => {
    const { counsellor, kase } = await setup()
    await createRequest(counsellor.id, kase.id, request())
    const { id } = await prisma.languageMediation.findFirstOrThrow({ where: { caseId: kase.id }, select: { id: true } })
    const path = `/cases/${kase.id}/mediation/${id}`
    const post = async (form: Record<string, string>) =>
      settle(detailAction({ request: await requestAs(counsellor.id, path, { form }), params: { caseId: kase.id, mediationId: id }, context: {} }))

    expect(statusOf(await post({ ...request(), version: '1', to: 'DONE' }))).toBe(400)
    const done = await post({ ...request(), version: '1', to: 'DONE', performedAt: '2026-03-02', billedMinutes: '30', cost: '22,50' })
    expect((done as Response).headers.get('Location')).toBe(`${path}?done=saved`)
    // INVOICED needs a cost bearer; CONFIRMED is no longer reachable from DONE.
    expect(statusOf(await post({ ...request(), version: '2', to: 'INVOICED', performedAt: '2026-03-02', billedMinutes: '30', cost: '22,50' }))).toBe(400)
    expect(statusOf(await post({ ...request(), version: '2', to: 'CONFIRMED', performedAt: '2026-03-02', billedMinutes: '30' }))).toBe(409)
    // INVOICED ends the mediation: a summary first, saved on confirmation (issue 14, item 7).
    const summary = await post({ ...request(), version: '2', to: 'INVOICED', performedAt: '2026-03-02', billedMinutes: '30', cost: '22,50', costBearer: 'LAND' })
    expect(statusOf(summary)).toBe(200)
    expect((summary as unknown as { data: { confirm: { to: string } } }).data.confirm.to).toBe('INVOICED')
    expect((await prisma.languageMediation.findUniqueOrThrow({ where: { id }, select: { status: true } })).status).toBe('DONE')
    const invoiced = await post({ ...request(), version: '2', to: 'INVOICED', performedAt: '2026-03-02', billedMinutes: '30', cost: '22,50', costBearer: 'LAND', confirmed: 'yes' })
    expect(statusOf(invoiced)).toBe(302)
    const saved = await prisma.languageMediation.findUniqueOrThrow({
      where: { id },
      select: { status: true, version: true, costCents: true, billedMinutes: true, transitions: { select: { fromStatus: true, toStatus: true }, orderBy: { at: 'asc' } } },
    })
    expect(saved).toMatchObject({ status: 'INVOICED', version: 3, costCents: 2250, billedMinutes: 30 })
    expect(saved.transitions.map((row) => `${row.fromStatus}→${row.toStatus}`)).toEqual(['null→REQUESTED', 'REQUESTED→DONE', 'DONE→INVOICED'])
  })

  test('a stale version is refused with who changed what, and nothing is overwritten', async () => {
    const { teams, counsellor, kase } = await setup()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: teams.eae.id, displayName: 'Lea Leitung' })
    await createRequest(counsellor.id, kase.id, request())
    const { id } = await prisma.languageMediation.findFirstOrThrow({ where: { caseId: kase.id }, select: { id: true } })
    const path = `/cases/${kase.id}/mediation/${id}`
    const first = await settle(detailAction({ request: await requestAs(lead.id, path, { form: { ...request(), version: '1', travelMinutes: '20' } }), params: { caseId: kase.id, mediationId: id }, context: {} }))
    expect(statusOf(first)).toBe(302)
    const second = await settle(detailAction({ request: await requestAs(counsellor.id, path, { form: { ...request(), version: '1', travelMinutes: '45' } }), params: { caseId: kase.id, mediationId: id }, context: {} }))
    expect(statusOf(second)).toBe(409)
    const conflict = (second as unknown as { data: { conflict: { by: string; fields: string[] } } }).data.conflict
    expect(conflict).toMatchObject({ by: 'Lea Leitung', fields: ['travelMinutes'] })
    expect((await prisma.languageMediation.findUniqueOrThrow({ where: { id }, select: { travelMinutes: true } })).travelMinutes).toBe(20)
  })

  test('another team gets 404 for the list, the record and the form; reads are audited', async () => {
    const { teams, counsellor, kase } = await setup()
    await createRequest(counsellor.id, kase.id, request())
    const { id } = await prisma.languageMediation.findFirstOrThrow({ where: { caseId: kase.id }, select: { id: true } })
    const stranger = await createUser({ role: 'TEAM_LEAD', teamId: teams.rostock.id })
    const params = { caseId: kase.id, mediationId: id }
    expect(statusOf(await settle(listLoader({ request: await requestAs(stranger.id, `/cases/${kase.id}/mediation`), params, context: {} })))).toBe(404)
    expect(statusOf(await settle(detailLoader({ request: await requestAs(stranger.id, `/cases/${kase.id}/mediation/${id}`), params, context: {} })))).toBe(404)
    const form = { ...request(), version: '1', travelMinutes: '5' }
    expect(statusOf(await settle(detailAction({ request: await requestAs(stranger.id, `/cases/${kase.id}/mediation/${id}`, { form }), params, context: {} })))).toBe(404)
    // A record id from another case is not found through this case either.
    const other = await createTestCase({ teamId: teams.eae.id, counsellorId: counsellor.id })
    expect(statusOf(await settle(detailLoader({ request: await requestAs(counsellor.id, `/cases/${other.id}/mediation/${id}`), params: { caseId: other.id, mediationId: id }, context: {} })))).toBe(404)

    const list = await settle(listLoader({ request: await requestAs(counsellor.id, `/cases/${kase.id}/mediation`), params, context: {} }))
    expect(statusOf(list)).toBe(200)
    expect(await prisma.auditEvent.count({ where: { action: 'mediation.list', caseId: kase.id, userId: counsellor.id } })).toBe(1)
  })
})

describe('language mediation overview and export', () => {
  async function billable(caseId: string, fields: Partial<{ languageCode: string; mode: string; billedMinutes: number; costCents: number; costBearer: string; performedAt: Date; status: string }>) {
    return prisma.languageMediation.create({
      data: {
        caseId,
        languageCode: 'arb',
        mode: 'PHONE',
        providerKind: 'POOL',
        requestedAt: new Date('2026-02-01T00:00:00Z'),
        performedAt: new Date('2026-02-03T00:00:00Z'),
        status: 'DONE',
        billedMinutes: 30,
        costCents: 2250,
        costBearer: 'LAND',
        interpreterRef: 'SM-0001',
        ...fields,
      },
    })
  }

  test('sums per month and split, only for visible cases; CSV for German spreadsheets without codes', async () => {
    const { teams, counsellor, kase } = await setup()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: teams.eae.id })
    await billable(kase.id, {})
    await billable(kase.id, { mode: 'ON_SITE', billedMinutes: 90, costCents: 10050, performedAt: new Date('2026-02-20T00:00:00Z') })
    await billable(kase.id, { status: 'CANCELLED_LATE', performedAt: undefined, billedMinutes: 0, costCents: 3000, costBearer: 'PROJECT' })
    await billable(kase.id, { status: 'CANCELLED_IN_TIME', costCents: 999 }) // not billable: not counted
    await billable(kase.id, { status: 'REQUESTED', performedAt: undefined, billedMinutes: undefined, costCents: undefined }) // open request
    await billable(kase.id, { performedAt: new Date('2025-12-30T00:00:00Z') }) // other year
    const foreign = await createTestCase({ teamId: teams.rostock.id })
    await billable(foreign.id, { languageCode: 'rus' })
    // A label that looks like a formula would be neutralised by the CSV writer; dialects are free text and never exported.
    await prisma.languageMediation.updateMany({ where: { caseId: kase.id }, data: { dialect: '=HYPERLINK("x")' } })

    const page = (await overviewLoader({ request: await requestAs(lead.id, '/language-mediation?year=2026'), params: {}, context: {} })) as Awaited<ReturnType<typeof overviewLoader>>
    expect(page.overview.total).toMatchObject({ count: 3, minutes: 120, costCents: 15300 })
    expect(page.overview.months[1]).toMatchObject({ key: '02', count: 3 })
    expect(page.overview.byLanguage.map((row) => row.key)).toEqual(['arb'])
    expect(page.overview.byMode.find((row) => row.key === 'ON_SITE')).toMatchObject({ count: 1, minutes: 90, costCents: 10050 })
    expect(page.open).toHaveLength(1)

    const counsellorPage = (await overviewLoader({ request: await requestAs(counsellor.id, '/language-mediation?year=2026'), params: {}, context: {} })) as Awaited<ReturnType<typeof overviewLoader>>
    expect(counsellorPage.overview.total.count).toBe(3)
    const other = await createUser({ role: 'COUNSELLOR', teamId: teams.eae.id })
    const otherPage = (await overviewLoader({ request: await requestAs(other.id, '/language-mediation?year=2026'), params: {}, context: {} })) as Awaited<ReturnType<typeof overviewLoader>>
    expect(otherPage.overview.total.count).toBe(0)

    const response = (await exportLoader({ request: await requestAs(lead.id, '/language-mediation/export.csv?year=2026'), params: {}, context: {} })) as Response
    expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
    const bytes = new Uint8Array(await response.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '')
    const lines = text.trimEnd().split('\r\n')
    expect(lines[0]).toBe('Monat;Sprache;Sprachcode (ISO 639-3);Form;Kostenträger;Einsätze;Stunden;Kosten (EUR)')
    expect(lines).toContain('2026-02;Arabisch (Hocharabisch);arb;vor Ort;Land;1;1,50;100,50')
    expect(lines.at(-1)).toBe('Summe;;;;;3;2,00;153,00')
    expect(text).not.toContain(kase.pseudonymCode)
    expect(text).not.toContain('SM-0001')
    expect(text).not.toContain('HYPERLINK')
    expect(await prisma.auditEvent.count({ where: { action: 'mediation.export', userId: lead.id } })).toBe(1)
  })

  test('open requests: 50 per page, every request on exactly one page in a stable order, the total exact, odd page values answered', async () => {
    const { teams, counsellor, kase } = await setup()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: teams.eae.id })
    const second = await createTestCase({ teamId: teams.eae.id, counsellorId: counsellor.id })
    // 121 open requests (three pages), many on the same day so that the id decides among them, and
    // records that are not open or belong to another team, which no page may show.
    const days = ['2026-01-05', '2026-01-05', '2026-01-06', '2026-02-10', '2026-01-05']
    await prisma.languageMediation.createMany({
      data: Array.from({ length: 121 }, (_, i) => ({
        caseId: i % 3 === 0 ? second.id : kase.id,
        languageCode: i % 2 ? 'arb' : 'fas',
        mode: 'PHONE',
        providerKind: 'POOL',
        requestedAt: new Date(`${days[i % days.length]}T00:00:00Z`),
        status: i % 4 === 0 ? 'CONFIRMED' : 'REQUESTED',
      })),
    })
    await billable(kase.id, {})
    await billable(kase.id, { status: 'CANCELLED_IN_TIME' })
    const foreign = await createTestCase({ teamId: teams.rostock.id })
    await billable(foreign.id, { status: 'REQUESTED', performedAt: undefined })
    const expected = await prisma.languageMediation.findMany({
      where: { case: { teamId: teams.eae.id }, status: { in: ['REQUESTED', 'CONFIRMED'] } },
      select: { id: true },
      orderBy: [{ requestedAt: 'asc' }, { id: 'asc' }],
    })
    expect(expected).toHaveLength(121)

    const view = async (query: string) =>
      (await overviewLoader({ request: await requestAs(lead.id, `/language-mediation${query}`), params: {}, context: {} })) as Awaited<ReturnType<typeof overviewLoader>>
    const seen: string[] = []
    for (let page = 1; page <= 3; page += 1) {
      const result = await view(`?year=2026&page=${page}`)
      expect(result).toMatchObject({ openTotal: 121, openPage: page, openPages: 3 })
      expect(result.open).toHaveLength(page < 3 ? 50 : 21)
      seen.push(...result.open.map((row) => row.id))
    }
    expect(seen).toEqual(expected.map((row) => row.id))

    // Missing, text, zero, negative, fractional and too large: the first, the nearest or the last page, never an error.
    for (const [query, page] of [['', 1], ['?page=abc', 1], ['?page=0', 1], ['?page=-4', 1], ['?page=2.7', 2], ['?page=99', 3], ['?page=1e400', 1], ['?page=', 1]] as const) {
      const result = await view(query)
      expect(result.openPage, query).toBe(page)
      expect(result.open[0]?.id, query).toBe(expected[(page - 1) * 50]!.id)
    }

    // A counsellor sees the requests of their own cases only, with their own total.
    const other = await createUser({ role: 'COUNSELLOR', teamId: teams.eae.id })
    const otherCase = await createTestCase({ teamId: teams.eae.id, counsellorId: other.id })
    await billable(otherCase.id, { status: 'REQUESTED', performedAt: undefined })
    const own = (await overviewLoader({ request: await requestAs(other.id, '/language-mediation?page=2'), params: {}, context: {} })) as Awaited<ReturnType<typeof overviewLoader>>
    expect(own).toMatchObject({ openTotal: 1, openPage: 1, openPages: 1 })
    expect(own.open.map((row) => row.caseId)).toEqual([otherCase.id])
  })

  test('a document leaves the tables\' rows to the markup; a `.data` answer carries them; what no table shows stays (decision 161)', async () => {
    const { teams, kase } = await setup()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: teams.eae.id })
    await billable(kase.id, {})
    await billable(kase.id, { status: 'REQUESTED', performedAt: undefined, billedMinutes: undefined, costCents: undefined })
    const load = async (dataRequest: boolean, year: number) => {
      const { result } = await inRequest(
        async () => (await overviewLoader({ request: await requestAs(lead.id, `/language-mediation?year=${year}`), params: {}, context: {} })) as Awaited<ReturnType<typeof overviewLoader>>,
        { dataRequest },
      )
      // As Remix sends loader data to the browser (turbo-stream), and as the browser reads it.
      return { result, sent: (await decode(encode(result))).value as typeof result }
    }
    const data = await load(true, 2026)
    const document = await load(false, 2026)
    // The server's render reads the same values from both.
    expect(document.result.open).toEqual(data.result.open)
    for (const key of ['months', 'byLanguage', 'byMode', 'byCostBearer'] as const) expect(document.result.overview[key]).toEqual(data.result.overview[key])
    expect(data.result.open).toHaveLength(1)
    expect(data.result.overview.byLanguage).toHaveLength(1)
    expect(data.sent).toEqual(data.result)
    // A document's hydration data: everything but the five tables' rows.
    const { open: _open, overview, ...rest } = data.result
    expect(document.sent).toEqual({ ...rest, overview: { total: overview.total } })
    // A year without assignments: the breakdowns are not shown, so they stay (empty); the monthly table is read back.
    const quiet = await load(false, 2020)
    expect(quiet.result.overview.total.count).toBe(0)
    expect(Object.keys(quiet.sent.overview).sort()).toEqual(['byCostBearer', 'byLanguage', 'byMode', 'total'])
    // The open requests do not depend on the year: left out as before.
    expect('open' in quiet.sent).toBe(false)
  })

  test('administrators have no overview (403)', async () => {
    const admin = await createUser({ role: 'ADMIN' })
    expect(statusOf(await settle(overviewLoader({ request: await requestAs(admin.id, '/language-mediation'), params: {}, context: {} })))).toBe(403)
    expect(statusOf(await settle(exportLoader({ request: await requestAs(admin.id, '/language-mediation/export.csv'), params: {}, context: {} })))).toBe(403)
  })
})
