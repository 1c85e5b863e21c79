// Issue 14, items 1–3 (decision 027): returning clients keep one record and code, links between
// family members grant no access, team leads merge two records of one person, and the opening day
// of a case (go-live) is a calendar day that contacts cannot precede.
import { describe, expect, test } from 'vitest'
import { addDays, officeYear, today } from '#app/domain/follow-up.ts'
import { generatePseudonymCode } from '#app/domain/pseudonym-code.ts'
import { parseCaseListQuery } from '#app/domain/case-list-query.ts'
import { requireCaseAccess } from '#app/models/case-access.server.ts'
import { listCases } from '#app/models/case.server.ts'
import { checkForDuplicate } from '#app/models/identity-key.server.ts'
import { computeAggregates } from '#app/models/statistics.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { encryptIdentity, identityMatchHash } from '#app/utils/identity-crypto.server.ts'
import { catalogueId, createTestCase, createUser, getTeams, requestAs, settle, statusOf } from '#tests/factories.ts'
import { action as newCaseAction } from './cases.new.tsx'
import { action as returningAction, loader as returningLoader } from './cases.$caseId.new-case.tsx'
import { action as personAction, loader as personLoader } from './cases.$caseId.person.tsx'

/** A case whose client carries a real pseudonym code (the factory's codes have no check symbol). */
async function caseWithCode(options: Parameters<typeof createTestCase>[0]) {
  const kase = await createTestCase(options)
  const pseudonymCode = generatePseudonymCode()
  await prisma.client.update({ where: { id: kase.clientId }, data: { pseudonymCode } })
  return { ...kase, pseudonymCode }
}

async function closeCase(caseId: string, closedAt = new Date()) {
  await prisma.case.update({ where: { id: caseId }, data: { status: 'CLOSED', closedAt } })
}

const returningForm = (overrides: Record<string, string> = {}) => ({
  programme: 'MBE',
  accessRoute: 'WORD_OF_MOUTH',
  germanLevel: 'A2',
  startPlace: 'OWN_FLAT',
  kind: 'SHORT',
  familyMembersCounselled: '0',
  ...overrides,
})

async function postReturning(userId: string, caseId: string, form: Record<string, string>) {
  const request = await requestAs(userId, `/cases/${caseId}/new-case`, { form })
  return settle(returningAction({ request, params: { caseId }, context: {} }))
}

async function person(userId: string, caseId: string) {
  const request = await requestAs(userId, `/cases/${caseId}/person`)
  return (await personLoader({ request, params: { caseId }, context: {} })) as Exclude<Awaited<ReturnType<typeof personLoader>>, Response>
}

async function postPerson(userId: string, caseId: string, form: Record<string, string>) {
  const request = await requestAs(userId, `/cases/${caseId}/person`, { form })
  return settle(personAction({ request, params: { caseId }, context: {} }))
}

function createdCaseId(result: unknown) {
  const location = (result as Response).headers.get('Location')!
  return location.split('/')[2]!.split('?')[0]!
}

describe('one client, many cases', () => {
  test('a closed case offers a new case for the same person: same client and code, counted once as a person and twice as cases', async () => {
    const { eae } = await getTeams()
    const counsellor = await createUser({ teamId: eae.id })
    const year = officeYear(new Date())
    const first = await caseWithCode({ teamId: eae.id, counsellorId: counsellor.id, openedAt: new Date(Date.UTC(year, 0, 5)) })
    // while the case runs, no second one
    expect((await person(counsellor.id, first.id)).newCase).toBe('notClosed')
    expect(statusOf(await postReturning(counsellor.id, first.id, returningForm()))).toBe(409)

    await closeCase(first.id, new Date(Date.UTC(year, 0, 20)))
    const page = await person(counsellor.id, first.id)
    expect(page.newCase).toBeNull()
    const result = await postReturning(counsellor.id, first.id, returningForm())
    expect(statusOf(result)).toBe(302)
    const secondId = createdCaseId(result)
    const second = await prisma.case.findUniqueOrThrow({ where: { id: secondId }, select: { clientId: true, status: true, counsellorId: true, kind: true, teamId: true } })
    expect(second).toEqual({ clientId: first.clientId, status: 'OPEN', counsellorId: counsellor.id, kind: 'SHORT', teamId: eae.id })
    expect(await prisma.client.count({ where: { id: first.clientId } })).toBe(1)
    const audited = await prisma.auditEvent.findFirstOrThrow({ where: { action: 'case.create', caseId: secondId }, select: { details: true } })
    expect(JSON.parse(audited.details!)).toMatchObject({ returning: true, fromCaseId: first.id, assigned: 'self' })

    // the statistics count the person once and the cases twice (docs/statistics.md, `clients`)
    const figures = await computeAggregates(year, { teamId: eae.id, programme: null })
    expect(figures.keyFigures).toMatchObject({ clients: 1, cases: 2 })

    // the second case is running now: a further one is refused, and the page says why
    expect((await person(counsellor.id, first.id)).newCase).toBe('running')
    expect(statusOf(await postReturning(counsellor.id, first.id, returningForm()))).toBe(409)
    // each case file lists the other
    expect((await person(counsellor.id, secondId)).otherCases.map((kase) => kase.id)).toEqual([first.id])
  })

  test('bad input: an opening day in the future or before the year of birth; a case of another team answers 404', async () => {
    const { eae, rostock } = await getTeams()
    const counsellor = await createUser({ teamId: eae.id })
    const first = await caseWithCode({ teamId: eae.id, counsellorId: counsellor.id, birthYear: 1990, status: 'CLOSED' })
    const future = await postReturning(counsellor.id, first.id, returningForm({ openedOn: addDays(today().day, 2) }))
    expect(statusOf(future)).toBe(400)
    expect(JSON.stringify(future)).toContain('clients:errors.openedFuture')
    const beforeBirth = await postReturning(counsellor.id, first.id, returningForm({ openedOn: '1985-03-01' }))
    expect(JSON.stringify(beforeBirth)).toContain('clients:errors.openedBeforeBirth')
    expect(await prisma.case.count({ where: { clientId: first.clientId } })).toBe(1)

    const foreign = await createUser({ teamId: rostock.id })
    expect(statusOf(await postReturning(foreign.id, first.id, returningForm()))).toBe(404)
    const loaded = await settle(returningLoader({ request: await requestAs(foreign.id, `/cases/${first.id}/new-case`), params: { caseId: first.id }, context: {} }))
    expect(statusOf(loaded)).toBe(404)
  })

  test('the duplicate check offers a new case for a closed case of the own team, not for another team', async () => {
    const { eae, rostock } = await getTeams()
    const counsellor = await createUser({ teamId: eae.id })
    const own = await caseWithCode({ teamId: eae.id, counsellorId: counsellor.id, status: 'CLOSED' })
    const identity = { name: 'Amina Test', dateOfBirth: '1990-04-01', phone: '' }
    await prisma.identityKey.create({ data: { clientId: own.clientId, ...encryptIdentity(own.clientId, identity), matchHash: identityMatchHash(identity.name, identity.dateOfBirth) } })
    const outcome = await checkForDuplicate({ actor: counsellor, name: identity.name, dateOfBirth: identity.dateOfBirth })
    expect(outcome).toMatchObject({ kind: 'match', readable: [{ id: own.id, newCase: true }] })
    const elsewhere = await createUser({ teamId: rostock.id })
    const foreign = await checkForDuplicate({ actor: elsewhere, name: identity.name, dateOfBirth: identity.dateOfBirth })
    expect(foreign).toMatchObject({ kind: 'match', readable: [], teams: [eae.name] })
  })
})

describe('the opening day (go-live)', () => {
  test('the new-case form takes a day in the past; the case, its first programme period and status change start on that day', async () => {
    const { eae } = await getTeams()
    const counsellor = await createUser({ teamId: eae.id })
    const form = {
      birthYear: '1980',
      gender: 'MALE',
      residenceStatusId: String(await catalogueId('RESIDENCE_STATUS', 'GESTATTUNG')),
      residenceStatusSince: '2024-01-15',
      householdAdults: '1',
      householdChildren: '0',
      programme: 'MBE',
      accessRoute: 'WORD_OF_MOUTH',
      germanLevel: 'A1',
      startPlace: 'OWN_FLAT',
      kind: 'CASE_MANAGEMENT',
      familyMembersCounselled: '0',
      openedOn: '2024-03-11',
    }
    const post = async (body: Record<string, string>) => settle(newCaseAction({ request: await requestAs(counsellor.id, '/cases/new', { form: body }), params: {}, context: {} }))
    const result = await post(form)
    expect(statusOf(result)).toBe(302)
    const caseId = createdCaseId(result)
    const kase = await prisma.case.findUniqueOrThrow({
      where: { id: caseId },
      select: { openedAt: true, programmes: { select: { validFrom: true } }, statusChanges: { select: { at: true } } },
    })
    expect(kase.openedAt.toISOString()).toBe('2024-03-11T00:00:00.000Z')
    expect(kase.programmes[0]!.validFrom.toISOString()).toBe('2024-03-11T00:00:00.000Z')
    expect(kase.statusChanges[0]!.at.toISOString()).toBe('2024-03-11T00:00:00.000Z')

    const future = await post({ ...form, openedOn: addDays(today().day, 1) })
    expect(statusOf(future)).toBe(400)
    expect(JSON.stringify(future)).toContain('clients:errors.openedFuture')
    const beforeBirth = await post({ ...form, openedOn: '1979-12-31' })
    expect(statusOf(beforeBirth)).toBe(400)
    expect(JSON.stringify(beforeBirth)).toContain('clients:errors.openedBeforeBirth')
    const notADay = await post({ ...form, openedOn: '2024-02-30' })
    expect(statusOf(notADay)).toBe(400)
    // left out: today, as before
    const now = await post({ ...form, openedOn: '' })
    expect(statusOf(now)).toBe(302)
    const opened = await prisma.case.findUniqueOrThrow({ where: { id: createdCaseId(now) }, select: { openedAt: true } })
    expect(Date.now() - opened.openedAt.getTime()).toBeLessThan(60_000)
    expect(await prisma.case.count({ where: { teamId: eae.id } })).toBe(2)
  })
})

describe('families and households', () => {
  test('linking shows the linked cases the user may see and only counts the others; a link never grants access', async () => {
    const { eae } = await getTeams()
    const anna = await createUser({ teamId: eae.id })
    const ben = await createUser({ teamId: eae.id })
    const mother = await caseWithCode({ teamId: eae.id, counsellorId: anna.id })
    const daughter = await caseWithCode({ teamId: eae.id, counsellorId: anna.id })
    const partner = await caseWithCode({ teamId: eae.id, counsellorId: ben.id })

    // Anna links mother and daughter (she reads both)
    expect(statusOf(await postPerson(anna.id, mother.id, { intent: 'link', code: daughter.pseudonymCode.toLowerCase(), relation: 'PARENT_CHILD' }))).toBe(302)
    // Anna cannot link a person whose case she may not read: the same answer as an unknown code
    const refused = await postPerson(anna.id, mother.id, { intent: 'link', code: partner.pseudonymCode, relation: 'PARTNER' })
    expect(statusOf(refused)).toBe(400)
    expect(JSON.stringify(refused)).toContain('clients:errors.unknownCode')
    // Ben links his client with the mother? He cannot see her case either.
    expect(JSON.stringify(await postPerson(ben.id, partner.id, { intent: 'link', code: mother.pseudonymCode, relation: 'PARTNER' }))).toContain('clients:errors.unknownCode')
    // A team lead, who reads both, links the partner
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    expect(statusOf(await postPerson(lead.id, partner.id, { intent: 'link', code: mother.pseudonymCode, relation: 'PARTNER' }))).toBe(302)
    // twice is refused
    expect(JSON.stringify(await postPerson(lead.id, partner.id, { intent: 'link', code: mother.pseudonymCode, relation: 'OTHER' }))).toContain('clients:errors.alreadyLinked')

    const annaView = await person(anna.id, mother.id)
    expect(annaView.linked.map((link) => [link.relation, link.pseudonymCode])).toEqual([['PARENT_CHILD', daughter.pseudonymCode]])
    expect(annaView.hiddenLinked).toBe(1)
    expect(JSON.stringify(annaView)).not.toContain(partner.pseudonymCode)
    const benView = await person(ben.id, partner.id)
    expect(benView.linked).toEqual([])
    expect(benView.hiddenLinked).toBe(1)
    // the link grants nothing: Ben still gets 404 for the mother's case
    await expect(requireCaseAccess(ben, mother.id, 'read')).rejects.toMatchObject({ status: 404 })

    const events = await prisma.auditEvent.findMany({ where: { action: 'client.link' }, select: { outcome: true, details: true } })
    expect(events.filter((event) => event.outcome === 'SUCCESS')).toHaveLength(2)
    expect(events.filter((event) => event.outcome === 'DENIED').length).toBeGreaterThanOrEqual(2)

    // unlink: Anna removes the daughter link; the link to the partner she cannot see is not hers to remove
    const linkId = annaView.linked[0]!.linkId
    expect(statusOf(await postPerson(anna.id, mother.id, { intent: 'unlink', linkId }))).toBe(302)
    const hiddenLink = await prisma.clientLink.findFirstOrThrow({ select: { id: true } })
    expect(JSON.stringify(await postPerson(anna.id, mother.id, { intent: 'unlink', linkId: hiddenLink.id }))).toContain('clients:errors.unknownLink')
    expect(await prisma.clientLink.count()).toBe(1)
    expect(await prisma.auditEvent.count({ where: { action: 'client.unlink', outcome: 'SUCCESS' } })).toBe(1)
  })
})

describe('merging two records of one person', () => {
  test('a team lead merges after a summary: cases move with their history, the old code resolves to the kept one with a note', async () => {
    const { eae } = await getTeams()
    const counsellor = await createUser({ teamId: eae.id })
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const kept = await caseWithCode({ teamId: eae.id, counsellorId: counsellor.id, birthYear: 1990, languages: ['arb'] })
    const twice = await caseWithCode({ teamId: eae.id, counsellorId: counsellor.id, birthYear: 1991, languages: ['fas'] })
    const contactDate = new Date()
    await prisma.contact.create({ data: { caseId: twice.id, date: contactDate, durationMinutes: 30, mode: 'OFFICE', setting: 'INDIVIDUAL' } })

    // counsellors cannot merge
    expect(JSON.stringify(await postPerson(counsellor.id, kept.id, { intent: 'merge', code: twice.pseudonymCode }))).toContain('clients:errors.mergeRole')
    // first the summary, nothing changed yet
    const preview = await postPerson(lead.id, kept.id, { intent: 'merge', code: twice.pseudonymCode })
    expect(statusOf(preview)).toBe(200)
    expect(preview).toMatchObject({
      preview: { kept: { pseudonymCode: kept.pseudonymCode, cases: 1, birthYear: 1990 }, merged: { pseudonymCode: twice.pseudonymCode, cases: 1, birthYear: 1991 }, differences: ['birthYear'] },
    })
    expect(await prisma.client.count({ where: { id: twice.clientId } })).toBe(1)
    // confirmed
    expect(statusOf(await postPerson(lead.id, kept.id, { intent: 'merge', code: twice.pseudonymCode, confirm: 'yes' }))).toBe(302)
    expect(await prisma.client.count({ where: { id: twice.clientId } })).toBe(0)
    const moved = await prisma.case.findUniqueOrThrow({ where: { id: twice.id }, select: { clientId: true, contacts: { select: { id: true } } } })
    expect(moved.clientId).toBe(kept.clientId)
    expect(moved.contacts).toHaveLength(1)
    const languages = await prisma.clientLanguage.findMany({ where: { clientId: kept.clientId }, select: { languageCode: true }, orderBy: { languageCode: 'asc' } })
    expect(languages.map((language) => language.languageCode)).toEqual(['arb', 'fas'])
    expect(await prisma.auditEvent.count({ where: { action: 'client.merge', userId: lead.id } })).toBe(1)
    expect(await prisma.auditEvent.count({ where: { action: 'case.client-merged', caseId: twice.id } })).toBe(1)

    // the merged code leads to the kept person, with a note, in the list search and on the case file
    const list = await listCases(counsellor, parseCaseListQuery(new URLSearchParams({ q: twice.pseudonymCode })))
    expect(list.search).toMatchObject({ kind: 'exact', mergedInto: kept.pseudonymCode })
    expect(list.cases.map((kase) => kase.id).sort()).toEqual([kept.id, twice.id].sort())
    expect((await person(counsellor.id, kept.id)).mergedCodes).toEqual([twice.pseudonymCode])
    // someone who sees none of the cases learns nothing about the merge
    const stranger = await createUser({ teamId: eae.id })
    const hidden = await listCases(stranger, parseCaseListQuery(new URLSearchParams({ q: twice.pseudonymCode })))
    expect(hidden.total).toBe(0)
    expect(hidden.search).not.toHaveProperty('mergedInto')
    // merging again, or with itself, is refused
    expect(JSON.stringify(await postPerson(lead.id, kept.id, { intent: 'merge', code: twice.pseudonymCode }))).toContain('clients:errors.alreadyMerged')
    expect(JSON.stringify(await postPerson(lead.id, kept.id, { intent: 'merge', code: kept.pseudonymCode }))).toContain('clients:errors.selfMerge')
  })

  test('a person with a case in another team is not merged', async () => {
    const { eae, rostock } = await getTeams()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const kept = await caseWithCode({ teamId: eae.id })
    const other = await caseWithCode({ teamId: eae.id })
    await createTestCase({ teamId: rostock.id }).then((extra) => prisma.case.update({ where: { id: extra.id }, data: { clientId: other.clientId } }))
    expect(JSON.stringify(await postPerson(lead.id, kept.id, { intent: 'merge', code: other.pseudonymCode, confirm: 'yes' }))).toContain('clients:errors.mergeOtherTeam')
    expect(await prisma.client.count({ where: { id: other.clientId } })).toBe(1)
  })
})
