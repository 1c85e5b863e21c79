import { decode, encode } from 'turbo-stream'
import { describe, expect, test } from 'vitest'
import { officeYear } from '#app/domain/follow-up.ts'
import { prisma } from '#app/utils/db.server.ts'
import { catalogueId, createUser, getTeams, inRequest, requestAs, settle, statusOf } from '#tests/factories.ts'
import { VALID_MASTER_DATA } from '#tests/fixtures/case-form.ts'
import * as listRoute from './cases._index.tsx'
import { action, loader } from './cases.new.tsx'

async function form(overrides: Record<string, string | string[]> = {}) {
  return {
    ...VALID_MASTER_DATA,
    countryOfOrigin: 'SY',
    languages: ['arb', 'apc', ''],
    residenceStatusId: String(await catalogueId('RESIDENCE_STATUS', 'GESTATTUNG')),
    residenceStatusSince: '2026-01-15',
    districtId: '',
    legalBasisId: '',
    privacyInfoGivenAt: '',
    privacyInfoLanguage: '',
    privacyInfoForm: '',
    ...overrides,
  }
}

async function post(userId: string, body: Record<string, string | string[]>) {
  const request = await requestAs(userId, '/cases/new', { form: body })
  return settle(action({ request, params: {}, context: {} }))
}

function fieldErrorsOf(result: unknown) {
  return (result as { data: { result: { error?: Record<string, string[]> } } }).data.result.error ?? {}
}

describe('/cases/new', () => {
  test('a document leaves the whole lists to the markup, its render still reads them; a `.data` answer carries them (decision 101)', async () => {
    const { eae } = await getTeams()
    const counsellor = await createUser({ teamId: eae.id })
    type Loaded = {
      languages: { common: unknown[]; all?: string }
      spokenLanguages: Array<{ key: string; options?: string }>
      countries: Record<'nationality' | 'countryOfOrigin', { frequent: unknown[]; common: unknown[]; all?: string }>
    }
    const load = async (dataRequest: boolean) => {
      const { result } = await inRequest(async () => (await loader({ request: await requestAs(counsellor.id, '/cases/new'), params: {}, context: {} })) as Loaded, { dataRequest })
      // As Remix sends loader data to the browser (turbo-stream), and as the browser reads it.
      return { result, sent: (await decode(encode(result))).value as Loaded }
    }
    const data = await load(true)
    const document = await load(false)
    // What the server renders from is the same.
    expect(data.result.languages.all!.split('\n').length).toBeGreaterThan(600)
    expect(data.result.countries.nationality.all!.split('\n').length).toBeGreaterThan(200)
    expect(document.result.languages.all).toBe(data.result.languages.all)
    expect(document.result.spokenLanguages.map((group) => group.options)).toEqual(data.result.spokenLanguages.map((group) => group.options))
    expect(document.result.countries.nationality.all).toBe(data.result.countries.nationality.all)
    expect(document.result.countries.countryOfOrigin.all).toBe(data.result.countries.countryOfOrigin.all)
    // A `.data` answer carries every list.
    expect(data.sent.languages.all).toBe(data.result.languages.all)
    expect(data.sent.spokenLanguages.at(-1)).toEqual({ key: 'others', options: data.result.languages.all })
    expect(data.sent.countries).toEqual(data.result.countries)
    // A document's hydration data leaves the whole lists out and keeps the rest.
    expect(document.sent.languages).toEqual({ common: data.result.languages.common })
    expect(document.sent.spokenLanguages.at(-1)).toEqual({ key: 'others' })
    expect(document.sent.spokenLanguages.slice(0, -1)).toEqual(data.sent.spokenLanguages.slice(0, -1))
    for (const field of ['nationality', 'countryOfOrigin'] as const)
      expect(document.sent.countries[field]).toEqual({ frequent: data.result.countries[field].frequent, common: data.result.countries[field].common })
    const { languages: _l1, spokenLanguages: _s1, countries: _c1, ...dataRest } = data.sent
    const { languages: _l2, spokenLanguages: _s2, countries: _c2, ...documentRest } = document.sent
    expect(documentRest).toEqual(dataRest)
    expect(JSON.stringify(document.sent).length).toBeLessThan(JSON.stringify(data.sent).length - 10_000)
  })

  test('a counsellor creates a case and is sent to it with ?created=1', async () => {
    const { eae } = await getTeams()
    const counsellor = await createUser({ teamId: eae.id })
    const { rostock } = await getTeams()
    // a tampered form naming another counsellor or team changes nothing: the case is the actor's
    const result = await post(counsellor.id, { ...(await form()), counsellorId: 'tampered-id', teamId: rostock.id })
    expect(statusOf(result)).toBe(302)
    const location = (result as Response).headers.get('Location')!
    expect(location).toMatch(/^\/cases\/[^/?]+\?created=1$/)
    const caseId = location.split('/')[2]!.split('?')[0]!
    const kase = await prisma.case.findUniqueOrThrow({ where: { id: caseId }, select: { counsellorId: true, teamId: true, sharedForSubstitution: true } })
    // the counsellor's own case, whatever the form said
    expect(kase).toEqual({ counsellorId: counsellor.id, teamId: eae.id, sharedForSubstitution: false })
    const languages = await prisma.clientLanguage.findMany({ select: { languageCode: true }, orderBy: { languageCode: 'asc' } })
    expect(languages.map((language) => language.languageCode)).toEqual(['apc', 'arb'])
  })

  test('bad input answers 400 with field errors and keeps the values; nothing is saved', async () => {
    const { eae, rostock } = await getTeams()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const foreign = await createUser({ teamId: rostock.id })
    const tooYoung = String(officeYear(new Date()) + 1)
    const result = await post(lead.id, await form({ birthYear: tooYoung, gender: '', programme: 'NOPE', privacyInfoForm: 'ORAL', householdChildren: '-1' }))
    expect(statusOf(result)).toBe(400)
    expect(fieldErrorsOf(result)).toMatchObject({
      birthYear: ['cases:errors.birthYear'],
      gender: ['cases:errors.choose'],
      programme: ['cases:errors.choose'],
      householdChildren: ['cases:errors.count'],
    })
    const kept = (result as { data: { result: { initialValue?: Record<string, unknown> } } }).data.result.initialValue
    expect(kept).toMatchObject({ birthYear: tooYoung, nationality: 'SY' })

    const privacy = await post(lead.id, await form({ privacyInfoForm: 'ORAL' }))
    expect(fieldErrorsOf(privacy)).toEqual({ privacyInfoGivenAt: ['cases:errors.privacyDate'] })

    // passes the schema, refused by the model: unknown catalogue id, counsellor of another team
    const refused = await post(lead.id, await form({ residenceStatusId: '999999', counsellorId: foreign.id }))
    expect(statusOf(refused)).toBe(400)
    expect(fieldErrorsOf(refused)).toEqual({ residenceStatusId: ['cases:errors.catalogue'], counsellorId: ['cases:errors.counsellor'] })
    expect(await prisma.case.count()).toBe(0)
  })

  test('administrators get 403 for the form and the list', async () => {
    const admin = await createUser({ role: 'ADMIN' })
    expect(statusOf(await settle(loader({ request: await requestAs(admin.id, '/cases/new'), params: {}, context: {} as never })))).toBe(403)
    expect(statusOf(await post(admin.id, await form()))).toBe(403)
    expect(statusOf(await settle(listRoute.loader({ request: await requestAs(admin.id, '/cases'), params: {}, context: {} as never })))).toBe(403)
    expect(await prisma.case.count()).toBe(0)
    expect('action' in listRoute).toBe(false)
  })

  test('the form offers the team lead the team as assignees and the team default for substitution', async () => {
    const { eae } = await getTeams()
    await prisma.team.update({ where: { id: eae.id }, data: { defaultSharedForSubstitution: true } })
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id, displayName: 'Lea Lead' })
    const counsellor = await createUser({ teamId: eae.id, displayName: 'Cem Counsellor' })
    await createUser({ role: 'ADMIN', teamId: eae.id, displayName: 'Ada Admin' })
    const result = (await loader({ request: await requestAs(lead.id, '/cases/new'), params: {}, context: {} as never })) as Awaited<ReturnType<typeof loader>>
    expect(result.counsellors.map((option) => option.label)).toEqual(['Cem Counsellor', 'Lea Lead'])
    expect(result.counsellors.map((option) => option.value)).toContain(counsellor.id)
    expect(result.defaults).toMatchObject({ sharedForSubstitution: true, startPlace: 'EAE' })
    expect(result.residenceStatuses.map((group) => group.group)).toEqual(['A', 'B', 'C', 'D'])
    expect(result.languages.common.length).toBeGreaterThan(10)
  })
})
