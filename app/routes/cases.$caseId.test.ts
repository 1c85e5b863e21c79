import { decode, encode } from 'turbo-stream'
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { catalogueId, createTestCase, createUser, getTeams, inRequest, requestAs, settle, statusOf } from '#tests/factories.ts'
import { action as editAction, loader as editLoader } from './cases.$caseId.edit.tsx'
import { action as residenceAction } from './cases.$caseId.residence.tsx'
import { action as statusAction } from './cases.$caseId.status.tsx'
import { loader as layoutLoader } from './cases.$caseId.tsx'

async function arrange() {
  const teams = await getTeams()
  const counsellor = await createUser({ role: 'COUNSELLOR', teamId: teams.eae.id, displayName: 'Clara Counsellor' })
  const lead = await createUser({ role: 'TEAM_LEAD', teamId: teams.eae.id, displayName: 'Lena Lead' })
  const kase = await createTestCase({ teamId: teams.eae.id, counsellorId: counsellor.id })
  return { teams, counsellor, lead, kase }
}

async function readAudit(caseId: string, action: string) {
  return prisma.auditEvent.findMany({ where: { caseId, action }, select: { userId: true, outcome: true, details: true } })
}

/** The edit form as the browser posts it after loading the page. */
async function editForm(userId: string, caseId: string, changes: Record<string, string | string[]>) {
  const loaded = (await editLoader({ request: await requestAs(userId, `/cases/${caseId}/edit`), params: { caseId }, context: {} })) as {
    version: number
    values: Record<string, string | string[]>
  }
  const values: Record<string, string | string[]> = { ...loaded.values, ...changes }
  const form: Record<string, string | string[]> = { version: String(loaded.version), base: JSON.stringify(loaded.values) }
  for (const [key, value] of Object.entries(values)) {
    if (key === 'sharedForSubstitution') {
      if (value === 'true' || value === 'on') form[key] = 'on'
    } else if (value !== '' && !(Array.isArray(value) && value.length === 0)) form[key] = value
  }
  return form
}

describe('case file layout', () => {
  test('the assigned counsellor reads the header; the read is audited once', async () => {
    const { counsellor, kase } = await arrange()
    const result = await layoutLoader({ request: await requestAs(counsellor.id, `/cases/${kase.id}`), params: { caseId: kase.id }, context: {} })
    expect(result.header.pseudonymCode).toBe(kase.pseudonymCode)
    expect(result.header.counsellorName).toBe('Clara Counsellor')
    expect(result.header.missingLegalBasis).toBe(true)
    expect(result.relation).toBe('assigned')
    expect(result.allowed).toContain('write')
    expect(await readAudit(kase.id, 'case.read')).toEqual([{ userId: counsellor.id, outcome: 'SUCCESS', details: null }])
  })

  test('a counsellor of another team and an administrator get 404, and the refusal is audited', async () => {
    const { teams, kase } = await arrange()
    const foreign = await createUser({ role: 'COUNSELLOR', teamId: teams.rostock.id })
    const foreignLead = await createUser({ role: 'TEAM_LEAD', teamId: teams.rostock.id })
    const admin = await createUser({ role: 'ADMIN', teamId: teams.eae.id })
    for (const user of [foreign, foreignLead, admin]) {
      const result = await settle(layoutLoader({ request: await requestAs(user.id, `/cases/${kase.id}`), params: { caseId: kase.id }, context: {} }))
      expect(statusOf(result)).toBe(404)
    }
    expect((await readAudit(kase.id, 'case.read')).map((event) => event.outcome)).toEqual(['DENIED', 'DENIED', 'DENIED'])
  })

  test('a substitute and an emergency reader see their marker; the emergency read is flagged in the audit log', async () => {
    const { teams, counsellor, kase } = await arrange()
    const substitute = await createUser({ role: 'COUNSELLOR', teamId: teams.eae.id })
    const now = Date.now()
    await prisma.absence.create({ data: { userId: counsellor.id, substituteId: substitute.id, startsOn: new Date(now - 86_400_000), endsOn: new Date(now + 86_400_000) } })
    const asSubstitute = await layoutLoader({ request: await requestAs(substitute.id, `/cases/${kase.id}`), params: { caseId: kase.id }, context: {} })
    expect(asSubstitute.relation).toBe('substitute')

    const colleague = await createUser({ role: 'COUNSELLOR', teamId: teams.eae.id })
    await prisma.auditEvent.create({ data: { userId: colleague.id, action: 'case.emergency-access', entity: 'case', entityId: kase.id, caseId: kase.id } })
    const inEmergency = await layoutLoader({ request: await requestAs(colleague.id, `/cases/${kase.id}`), params: { caseId: kase.id }, context: {} })
    expect(inEmergency.relation).toBe('emergency')
    expect(inEmergency.allowed).toEqual(['read', 'read-confidential'])
    const reads = await prisma.auditEvent.findMany({ where: { caseId: kase.id, action: 'case.read' }, select: { userId: true, emergency: true }, orderBy: { id: 'asc' } })
    expect(reads).toEqual([
      { userId: substitute.id, emergency: false },
      { userId: colleague.id, emergency: true },
    ])
  })

  test('an unknown case id is 404 too', async () => {
    const { counsellor } = await arrange()
    const result = await settle(layoutLoader({ request: await requestAs(counsellor.id, '/cases/nope'), params: { caseId: 'nope' }, context: {} }))
    expect(statusOf(result)).toBe(404)
  })
})

describe('master data edit', () => {
  test('the loader data holds the language list once: the spoken languages’ others group is the privacy picker’s list (decision 088)', async () => {
    const { counsellor, kase } = await arrange()
    const load = async () =>
      (await editLoader({ request: await requestAs(counsellor.id, `/cases/${kase.id}/edit`), params: { caseId: kase.id }, context: {} })) as {
        languages: { all: string }
        spokenLanguages: Array<{ key: string; options: string }>
      }
    const loaded = await load()
    expect(loaded.spokenLanguages.at(-1)!.key).toBe('others')
    expect(loaded.spokenLanguages.at(-1)!.options).toBe(loaded.languages.all)
    // A spoken language outside the named list (Ghotuo) is in both lists.
    await prisma.clientLanguage.create({ data: { clientId: kase.clientId, languageCode: 'aaa' } })
    const recorded = await load()
    expect(recorded.languages.all).toContain('aaa\tGhotuo (aaa)')
    expect(recorded.spokenLanguages.at(-1)!.options).toBe(recorded.languages.all)
  })

  test('a document leaves the whole lists, the common languages, districts and legal bases to the markup, its render still reads them; a `.data` answer carries them (decisions 101, 188)', async () => {
    const { counsellor, kase } = await arrange()
    type Loaded = {
      districts?: Array<{ value: string; label: string }>
      legalBases?: Array<{ value: string; label: string }>
      languages: { common?: unknown[]; all?: string }
      spokenLanguages: Array<{ key: string; options?: string }>
      countries: Record<'nationality' | 'countryOfOrigin', { frequent: unknown[]; common: unknown[]; all?: string }>
    }
    const load = async (dataRequest: boolean) => {
      const { result } = await inRequest(
        async () => (await editLoader({ request: await requestAs(counsellor.id, `/cases/${kase.id}/edit`), params: { caseId: kase.id }, context: {} })) as Loaded,
        { dataRequest },
      )
      // As Remix sends loader data to the browser (turbo-stream), and as the browser reads it.
      const sent = (await decode(encode(result))).value as Loaded
      return { result, sent }
    }
    const data = await load(true)
    const document = await load(false)
    // What the server renders from is the same.
    expect(document.result.languages.all).toBe(data.result.languages.all)
    expect(document.result.spokenLanguages.map((group) => group.options)).toEqual(data.result.spokenLanguages.map((group) => group.options))
    expect(document.result.countries.nationality.all).toBe(data.result.countries.nationality.all)
    expect(document.result.countries.countryOfOrigin.all).toBe(data.result.countries.countryOfOrigin.all)
    expect(document.result.languages.common).toBe(data.result.languages.common)
    expect(document.result.districts).toEqual(data.result.districts)
    expect(document.result.legalBases).toEqual(data.result.legalBases)
    expect(data.result.districts!.length).toBeGreaterThan(0)
    expect(data.result.legalBases!.length).toBeGreaterThan(0)
    // A `.data` answer carries every list.
    expect(data.sent.languages).toEqual(data.result.languages)
    expect(data.sent.districts).toEqual(data.result.districts)
    expect(data.sent.legalBases).toEqual(data.result.legalBases)
    expect(data.sent.spokenLanguages.at(-1)).toEqual({ key: 'others', options: data.result.languages.all })
    expect(data.sent.countries.nationality.all).toBe(data.result.countries.nationality.all)
    // A document's hydration data leaves the whole lists out, the common languages, the districts and the
    // legal bases too (decision 188), and keeps the rest.
    expect(document.sent.languages).toEqual({})
    expect('districts' in document.sent || 'legalBases' in document.sent).toBe(false)
    const { districts: _dataDistricts, legalBases: _dataLegalBases, languages: _dataLanguages, spokenLanguages: _dataSpoken, countries: _dataCountries, ...dataRest } = data.sent
    const { languages: _documentLanguages, spokenLanguages: _documentSpoken, countries: _documentCountries, ...documentRest } = document.sent
    expect(documentRest).toEqual(dataRest)
    expect(document.sent.spokenLanguages.at(-1)).toEqual({ key: 'others' })
    expect(document.sent.spokenLanguages.slice(0, -1)).toEqual(data.sent.spokenLanguages.slice(0, -1))
    // The frequent and the common countries too (session 26), each group that has countries; an empty one stays,
    // so that the page knows which option group holds the next.
    const shownGroupsLeftOut = (groups: Loaded['countries']['nationality']) => ({
      ...(groups.frequent.length === 0 ? { frequent: [] } : {}),
      ...(groups.common.length === 0 ? { common: [] } : {}),
    })
    expect(document.sent.countries.nationality).toEqual(shownGroupsLeftOut(data.result.countries.nationality))
    expect(document.sent.countries.countryOfOrigin).toEqual(shownGroupsLeftOut(data.result.countries.countryOfOrigin))
    expect(data.result.countries.nationality.common.length).toBeGreaterThan(0)
    expect(data.sent.countries).toEqual(data.result.countries)
    for (const field of ['nationality', 'countryOfOrigin'] as const)
      for (const group of ['frequent', 'common'] as const) expect(document.result.countries[field][group]).toEqual(data.result.countries[field][group])
    expect(JSON.stringify(document.sent).length).toBeLessThan(JSON.stringify(data.sent).length - 10_000)
    // A spoken language outside the named list that the privacy picker's list lacks: that group's list
    // differs from the picker's and stays in the data (the page could not read it back from the picker).
    await prisma.clientLanguage.create({ data: { clientId: kase.clientId, languageCode: 'aaa' } })
    await prisma.case.update({ where: { id: kase.id }, data: { privacyInfoLanguage: 'zzj' } })
    const outside = await load(false)
    expect(outside.sent.languages.all).toBeUndefined()
    expect(outside.result.languages.all).toContain('zzj\t')
    expect(outside.sent.spokenLanguages.at(-1)!.options).toBe(outside.result.spokenLanguages.at(-1)!.options)
    expect(outside.sent.spokenLanguages.at(-1)!.options).toContain('aaa\tGhotuo (aaa)')
  })

  test('a save updates client and case, adds a programme period and audits the field names only', async () => {
    const { counsellor, kase } = await arrange()
    const form = await editForm(counsellor.id, kase.id, { germanLevel: 'B1', programme: 'JMD', languages: ['arb', 'fas'], householdChildren: '2' })
    const result = await settle(editAction({ request: await requestAs(counsellor.id, `/cases/${kase.id}/edit`, { form }), params: { caseId: kase.id }, context: {} }))
    expect(statusOf(result)).toBe(302)
    const saved = await prisma.case.findUniqueOrThrow({
      where: { id: kase.id },
      select: { germanLevel: true, programme: true, version: true, updatedById: true, client: { select: { householdChildren: true, languages: { select: { languageCode: true } } } } },
    })
    expect(saved).toMatchObject({ germanLevel: 'B1', programme: 'JMD', version: 2, updatedById: counsellor.id, client: { householdChildren: 2 } })
    expect(saved.client.languages.map((language) => language.languageCode).sort()).toEqual(['arb', 'fas'])
    const periods = await prisma.programmePeriod.findMany({ where: { caseId: kase.id }, select: { programme: true }, orderBy: { validFrom: 'asc' } })
    expect(periods.map((period) => period.programme)).toEqual(['MBE', 'JMD'])
    const [event] = await readAudit(kase.id, 'case.update')
    expect(JSON.parse(event!.details!)).toEqual({ fields: ['languages', 'householdChildren', 'programme', 'germanLevel'], rebased: false })
  })

  test('a stale save is refused with 409 naming the field, who and the new version; nothing is saved', async () => {
    const { counsellor, lead, kase } = await arrange()
    const first = await editForm(lead.id, kase.id, { germanLevel: 'A2' })
    const second = await editForm(counsellor.id, kase.id, { germanLevel: 'C1', householdAdults: '2' })
    expect(statusOf(await settle(editAction({ request: await requestAs(lead.id, `/cases/${kase.id}/edit`, { form: first }), params: { caseId: kase.id }, context: {} })))).toBe(302)

    const result = await settle(editAction({ request: await requestAs(counsellor.id, `/cases/${kase.id}/edit`, { form: second }), params: { caseId: kase.id }, context: {} }))
    expect(statusOf(result)).toBe(409)
    const body = (result as unknown as { data: { conflict: { changedFields: string[]; changedByName: string; version: number; current: Record<string, string> } } }).data
    expect(body.conflict).toMatchObject({ changedFields: ['germanLevel'], changedByName: 'Lena Lead', version: 2 })
    expect(body.conflict.current.germanLevel).toBe('A2')
    const stored = await prisma.case.findUniqueOrThrow({ where: { id: kase.id }, select: { germanLevel: true, version: true, client: { select: { householdAdults: true } } } })
    expect(stored).toEqual({ germanLevel: 'A2', version: 2, client: { householdAdults: 1 } })

    // The second save, based on the values shown with the conflict, applies the user's input.
    const retry = { ...second, version: String(body.conflict.version), base: JSON.stringify(body.conflict.current) }
    expect(statusOf(await settle(editAction({ request: await requestAs(counsellor.id, `/cases/${kase.id}/edit`, { form: retry }), params: { caseId: kase.id }, context: {} })))).toBe(302)
    expect(await prisma.case.findUniqueOrThrow({ where: { id: kase.id }, select: { germanLevel: true, version: true } })).toEqual({ germanLevel: 'C1', version: 3 })
  })

  test('a stale version with none of the form fields changed (only the status) still saves', async () => {
    const { counsellor, kase } = await arrange()
    const form = await editForm(counsellor.id, kase.id, { germanLevel: 'B2' })
    await prisma.case.update({ where: { id: kase.id }, data: { status: 'ACTIVE', version: { increment: 1 } } })
    const result = await settle(editAction({ request: await requestAs(counsellor.id, `/cases/${kase.id}/edit`, { form }), params: { caseId: kase.id }, context: {} }))
    expect(statusOf(result)).toBe(302)
    expect(await prisma.case.findUniqueOrThrow({ where: { id: kase.id }, select: { germanLevel: true, version: true, status: true } })).toEqual({
      germanLevel: 'B2',
      version: 3,
      status: 'ACTIVE',
    })
  })

  test('bad input answers 400 with field errors and saves nothing', async () => {
    const { counsellor, kase } = await arrange()
    const cases: Array<Record<string, string | string[]>> = [
      { birthYear: '1850' },
      { nationality: 'QQ' },
      { languages: ['zzz'] },
      { districtId: '99999' },
      { privacyInfoGivenAt: '2999-01-01' },
    ]
    for (const changes of cases) {
      const form = await editForm(counsellor.id, kase.id, { germanLevel: 'C2', ...changes })
      const result = await settle(editAction({ request: await requestAs(counsellor.id, `/cases/${kase.id}/edit`, { form }), params: { caseId: kase.id }, context: {} }))
      expect(statusOf(result), JSON.stringify(changes)).toBe(400)
      const field = Object.keys(changes)[0]!
      const reply = (result as unknown as { data: { result: { error: Record<string, string[]> } } }).data.result
      expect(reply.error[field], field).toBeTruthy()
    }
    expect(await prisma.case.findUniqueOrThrow({ where: { id: kase.id }, select: { germanLevel: true, version: true } })).toEqual({ germanLevel: 'NONE', version: 1 })
    expect(await readAudit(kase.id, 'case.update')).toEqual([])
  })

  test('a read-only viewer (case shared for substitution) cannot open or save the edit page', async () => {
    const { teams, kase } = await arrange()
    await prisma.case.update({ where: { id: kase.id }, data: { sharedForSubstitution: true } })
    const colleague = await createUser({ role: 'COUNSELLOR', teamId: teams.eae.id })
    const layout = await layoutLoader({ request: await requestAs(colleague.id, `/cases/${kase.id}`), params: { caseId: kase.id }, context: {} })
    expect(layout.relation).toBe('team-shared')
    expect(layout.allowed).not.toContain('write')
    expect(statusOf(await settle(editLoader({ request: await requestAs(colleague.id, `/cases/${kase.id}/edit`), params: { caseId: kase.id }, context: {} })))).toBe(404)
    const result = await settle(editAction({ request: await requestAs(colleague.id, `/cases/${kase.id}/edit`, { form: { version: '1' } }), params: { caseId: kase.id }, context: {} }))
    expect(statusOf(result)).toBe(404)
  })
})

describe('status lifecycle', () => {
  async function post(userId: string, caseId: string, form: Record<string, string>) {
    return settle(statusAction({ request: await requestAs(userId, `/cases/${caseId}/status`, { form }), params: { caseId }, context: {} }))
  }

  test('close with a reason, then reopen: history kept, closure cleared', async () => {
    const { counsellor, kase } = await arrange()
    const reason = await catalogueId('CLOSURE_REASON', 'GOALS_ACHIEVED')
    expect(statusOf(await post(counsellor.id, kase.id, { fromStatus: 'OPEN', toStatus: 'CLOSED' }))).toBe(400)
    expect(statusOf(await post(counsellor.id, kase.id, { fromStatus: 'OPEN', toStatus: 'PAUSED' }))).toBe(400)
    // First the summary (issue 14, item 7): nothing changes until it is confirmed.
    await prisma.followUp.create({ data: { caseId: kase.id, source: 'MANUAL', note: 'Termin', dueDate: new Date('2026-12-18T00:00:00Z'), assigneeId: counsellor.id } })
    const summary = await post(counsellor.id, kase.id, { fromStatus: 'OPEN', toStatus: 'CLOSED', closureReasonId: String(reason) })
    expect(statusOf(summary)).toBe(200)
    const confirm = (summary as unknown as { data: { confirm: { reason: string; openFollowUps: Array<{ note: string }>; fields: Array<[string, string]> } } }).data.confirm
    expect(confirm.reason).toBeTruthy()
    expect(confirm.openFollowUps.map((followUp) => followUp.note)).toEqual(['Termin'])
    expect(confirm.fields).toEqual(expect.arrayContaining([['toStatus', 'CLOSED'], ['closureReasonId', String(reason)]]))
    expect((await prisma.case.findUniqueOrThrow({ where: { id: kase.id }, select: { status: true } })).status).toBe('OPEN')
    expect(statusOf(await post(counsellor.id, kase.id, { ...Object.fromEntries(confirm.fields), confirmed: 'yes' }))).toBe(302)
    expect(await prisma.followUp.count({ where: { caseId: kase.id, doneAt: null } })).toBe(0)
    const closed = await prisma.case.findUniqueOrThrow({ where: { id: kase.id }, select: { status: true, closedAt: true, closureReasonId: true, version: true } })
    expect(closed).toMatchObject({ status: 'CLOSED', closureReasonId: reason, version: 2 })
    expect(closed.closedAt).toBeInstanceOf(Date)

    expect(statusOf(await post(counsellor.id, kase.id, { fromStatus: 'CLOSED', toStatus: 'ACTIVE' }))).toBe(302)
    expect(await prisma.case.findUniqueOrThrow({ where: { id: kase.id }, select: { status: true, closedAt: true, closureReasonId: true } })).toEqual({
      status: 'ACTIVE',
      closedAt: null,
      closureReasonId: null,
    })
    const history = await prisma.caseStatusChange.findMany({ where: { caseId: kase.id }, select: { fromStatus: true, toStatus: true, closureReasonId: true }, orderBy: { at: 'asc' } })
    expect(history).toEqual([
      { fromStatus: null, toStatus: 'OPEN', closureReasonId: null },
      { fromStatus: 'OPEN', toStatus: 'CLOSED', closureReasonId: reason },
      { fromStatus: 'CLOSED', toStatus: 'ACTIVE', closureReasonId: null },
    ])
    expect((await readAudit(kase.id, 'case.status')).map((event) => JSON.parse(event.details!))).toEqual([
      { from: 'OPEN', to: 'CLOSED', closedFollowUps: 1 },
      { from: 'CLOSED', to: 'ACTIVE' },
    ])
  })

  test('a decision on a status that changed meanwhile is refused with 409', async () => {
    const { counsellor, lead, kase } = await arrange()
    expect(statusOf(await post(lead.id, kase.id, { fromStatus: 'OPEN', toStatus: 'ACTIVE' }))).toBe(302)
    const result = await post(counsellor.id, kase.id, { fromStatus: 'OPEN', toStatus: 'ACTIVE' })
    expect(statusOf(result)).toBe(409)
    expect((result as unknown as { data: { conflict: { currentStatus: string; changedByName: string } } }).data.conflict).toMatchObject({
      currentStatus: 'ACTIVE',
      changedByName: 'Lena Lead',
    })
    expect(await prisma.caseStatusChange.count({ where: { caseId: kase.id } })).toBe(2)
  })

  test('a retired closure reason is refused', async () => {
    const { counsellor, kase } = await arrange()
    const reason = await catalogueId('CLOSURE_REASON', 'DEATH')
    await prisma.catalogueEntry.update({ where: { id: reason }, data: { active: false } })
    expect(statusOf(await post(counsellor.id, kase.id, { fromStatus: 'OPEN', toStatus: 'CLOSED', closureReasonId: String(reason) }))).toBe(400)
    expect((await prisma.case.findUniqueOrThrow({ where: { id: kase.id }, select: { status: true } })).status).toBe('OPEN')
  })
})

describe('residence status history', () => {
  test('an entry with an expiry date creates a follow-up for the counsellor six weeks ahead', async () => {
    const { counsellor, kase } = await arrange()
    const statusId = await catalogueId('RESIDENCE_STATUS', 'P25_2_REFUGEE')
    const expires = new Date(Date.now() + 365 * 24 * 3600 * 1000).toISOString().slice(0, 10)
    const form = { statusId: String(statusId), validFrom: '2025-03-01', expiresAt: expires }
    const result = await settle(residenceAction({ request: await requestAs(counsellor.id, `/cases/${kase.id}/residence`, { form }), params: { caseId: kase.id }, context: {} }))
    expect(statusOf(result)).toBe(302)
    const followUp = await prisma.followUp.findFirstOrThrow({ where: { caseId: kase.id }, select: { source: true, assigneeId: true, dueDate: true } })
    expect(followUp.source).toBe('RESIDENCE_EXPIRY')
    expect(followUp.assigneeId).toBe(counsellor.id)
    expect(followUp.dueDate.toISOString().slice(0, 10)).toBe(new Date(new Date(`${expires}T00:00:00Z`).getTime() - 42 * 24 * 3600 * 1000).toISOString().slice(0, 10))
    expect(await readAudit(kase.id, 'residence.create')).toHaveLength(1)
  })

  test('an expiry before the start is a field error; nothing is saved', async () => {
    const { counsellor, kase } = await arrange()
    const statusId = await catalogueId('RESIDENCE_STATUS', 'DULDUNG')
    const form = { statusId: String(statusId), validFrom: '2025-03-01', expiresAt: '2025-02-01' }
    const result = await settle(residenceAction({ request: await requestAs(counsellor.id, `/cases/${kase.id}/residence`, { form }), params: { caseId: kase.id }, context: {} }))
    expect(statusOf(result)).toBe(400)
    expect(await prisma.residenceStatusEntry.count({ where: { client: { cases: { some: { id: kase.id } } } } })).toBe(1)
    expect(await prisma.followUp.count({ where: { caseId: kase.id } })).toBe(0)
  })
})
