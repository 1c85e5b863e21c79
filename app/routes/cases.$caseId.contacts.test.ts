import { decode, encode } from 'turbo-stream'
import { describe, expect, test } from 'vitest'
import { addDays, dayOf, today } from '#app/domain/follow-up.ts'
import { prisma } from '#app/utils/db.server.ts'
import {
  catalogueId,
  createTestCase,
  createUser,
  getTeams,
  inRequest,
  requestAs,
  settle,
  statusOf,
} from '#tests/factories.ts'
import { action as editAction, loader as viewLoader } from './cases.$caseId.contacts.$contactId.tsx'
import { action as createAction, loader as newLoader } from './cases.$caseId.contacts.new.tsx'

async function setup() {
  const { eae } = await getTeams()
  const counsellor = await createUser({ teamId: eae.id, displayName: 'Berta Beraterin' })
  // opened a month ago: contacts may be dated back to the opening (issue 14)
  const kase = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id, languages: ['prs'], openedAt: new Date(Date.now() - 30 * 86_400_000) })
  const housing = String(await catalogueId('TOPIC', 'HOUSING'))
  const health = String(await catalogueId('TOPIC', 'HEALTH'))
  return { eae, counsellor, kase, housing, health }
}

function contactForm(overrides: Record<string, string | string[]> = {}) {
  return {
    date: today().day,
    durationMinutes: '45',
    mode: 'OFFICE',
    setting: 'INDIVIDUAL',
    personsPresent: '2',
    languageCode: 'prs',
    interpreting: 'NONE',
    topicIds: [] as string[],
    nextStep: 'Termin beim Jobcenter vorbereiten',
    confidentialNote: 'Sehr persönliche Angaben',
    ...overrides,
  }
}

async function create(userId: string, caseId: string, form: Record<string, string | string[]>) {
  const request = await requestAs(userId, `/cases/${caseId}/contacts/new`, { form })
  return settle(createAction({ request, params: { caseId }, context: {} }))
}

describe('recording a contact', () => {
  test('quick entry defaults: today, and the client language until a contact exists, then the last mode and language', async () => {
    const { counsellor, kase, housing } = await setup()
    const load = async () => {
      const request = await requestAs(counsellor.id, `/cases/${kase.id}/contacts/new`)
      return (await newLoader({ request, params: { caseId: kase.id }, context: {} })) as Exclude<
        Awaited<ReturnType<typeof newLoader>>,
        Response
      >
    }
    const first = await load()
    expect(first.defaults).toMatchObject({ date: today().day, languageCode: 'prs', mode: undefined })
    await create(
      counsellor.id,
      kase.id,
      contactForm({ topicIds: [housing], mode: 'PHONE', languageCode: 'fas' }),
    )
    const second = await load()
    expect(second.defaults).toMatchObject({ date: today().day, languageCode: 'fas', mode: 'PHONE' })
  })

  test('a document leaves the language lists to the select’s markup; a `.data` answer carries them (decisions 101, 188)', async () => {
    const { counsellor, kase } = await setup()
    const load = async (dataRequest: boolean) => {
      const { result } = await inRequest(async () => {
        const request = await requestAs(counsellor.id, `/cases/${kase.id}/contacts/new`)
        return (await newLoader({ request, params: { caseId: kase.id }, context: {} })) as { languages: { common?: unknown[]; all?: string }; topics?: unknown[]; mediations?: unknown[] }
      }, { dataRequest })
      // As Remix sends loader data to the browser (turbo-stream), and as the browser reads it.
      return { result, sent: (await decode(encode(result))).value as typeof result }
    }
    const data = await load(true)
    const document = await load(false)
    expect(document.result.languages.all).toBe(data.result.languages.all)
    expect(data.result.languages.all!.split('\n').length).toBeGreaterThan(600)
    expect(data.sent.languages).toEqual(data.result.languages)
    expect(document.result.languages.common).toBe(data.result.languages.common)
    expect(data.result.languages.common!.length).toBeGreaterThan(10)
    // The common languages too (decision 188): the page reads them from the select's first option group.
    expect(document.sent.languages).toEqual({})
    const { languages: _dataLanguages, topics: _dataTopics, mediations: _dataMediations, ...dataRest } = data.sent
    const { languages: _documentLanguages, ...documentRest } = document.sent
    expect(documentRest).toEqual(dataRest)
  })

  test('a document leaves the topics and the mediation requests to the form’s markup; a `.data` answer carries them (decision 204)', async () => {
    const { counsellor, kase } = await setup()
    for (const [languageCode, daysAgo] of [['fas', 2], ['tir', 9]] as const)
      await prisma.languageMediation.create({
        data: { caseId: kase.id, languageCode, mode: 'ON_SITE', providerKind: 'FREELANCE', requestedAt: new Date(Date.now() - daysAgo * 86_400_000) },
      })
    type Loaded = { topics?: Array<{ value: string; label: string }>; mediations?: Array<{ value: string; label: string }> }
    const load = async (dataRequest: boolean) => {
      const { result } = await inRequest(async () => {
        const request = await requestAs(counsellor.id, `/cases/${kase.id}/contacts/new`)
        return (await newLoader({ request, params: { caseId: kase.id }, context: {} })) as Loaded
      }, { dataRequest })
      return { result, sent: (await decode(encode(result))).value as Loaded }
    }
    const data = await load(true)
    const document = await load(false)
    // the server's render reads the same lists; the browser reads them back from the markup
    expect(document.result.topics).toEqual(data.result.topics)
    expect(document.result.mediations).toEqual(data.result.mediations)
    expect(data.result.topics!.length).toBeGreaterThan(10)
    expect(data.result.mediations!.map((option) => option.label.split(' · ')[1])).toEqual(['Persisch (Farsi)', 'Tigrinya'])
    expect(data.sent.topics).toEqual(data.result.topics)
    expect(data.sent.mediations).toEqual(data.result.mediations)
    expect('topics' in document.sent).toBe(false)
    expect('mediations' in document.sent).toBe(false)
  })

  test('saves the contact, its topics and follow-up in one go; the case dates follow and the first contact makes it active', async () => {
    const { counsellor, kase, housing, health } = await setup()
    const followUpDate = addDays(today().day, 14)
    const result = await create(
      counsellor.id,
      kase.id,
      contactForm({ topicIds: [housing, health], followUpDate }),
    )
    expect(statusOf(result)).toBe(302)
    const contact = await prisma.contact.findFirstOrThrow({
      where: { caseId: kase.id },
      select: {
        id: true,
        durationMinutes: true,
        personsPresent: true,
        authorId: true,
        topics: { select: { topicId: true } },
        followUps: { select: { dueDate: true, source: true, assigneeId: true } },
      },
    })
    expect((result as Response).headers.get('Location')).toBe(
      `/cases/${kase.id}/contacts/${contact.id}?done=saved`,
    )
    expect(contact).toMatchObject({ durationMinutes: 45, personsPresent: 2, authorId: counsellor.id })
    expect(contact.topics.map((topic) => String(topic.topicId)).sort()).toEqual([housing, health].sort())
    expect(contact.followUps).toHaveLength(1)
    expect(contact.followUps[0]).toMatchObject({ source: 'CONTACT', assigneeId: counsellor.id })
    expect(dayOf(contact.followUps[0]!.dueDate)).toBe(followUpDate)
    const after = await prisma.case.findUniqueOrThrow({
      where: { id: kase.id },
      select: { status: true, firstContactAt: true, lastContactAt: true },
    })
    expect(after.status).toBe('ACTIVE')
    expect(dayOf(after.firstContactAt!)).toBe(today().day)
    expect(dayOf(after.lastContactAt!)).toBe(today().day)
    const event = await prisma.auditEvent.findFirstOrThrow({
      where: { action: 'contact.create', entityId: contact.id },
      select: { details: true, caseId: true },
    })
    expect(event.caseId).toBe(kase.id)
    expect(JSON.parse(event.details!)).toEqual(
      expect.arrayContaining(['date', 'durationMinutes', 'confidentialNote', 'topicIds', 'followUpDate']),
    )
    expect(event.details).not.toContain('persönlich')
    expect(event.details).not.toContain('Jobcenter')
  })

  test('a team lead records a contact on an unassigned case: the follow-up goes to the team lead', async () => {
    const { eae, housing } = await setup()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const kase = await createTestCase({ teamId: eae.id, counsellorId: null })
    await create(
      lead.id,
      kase.id,
      contactForm({ topicIds: [housing], followUpDate: addDays(today().day, 1) }),
    )
    const followUp = await prisma.followUp.findFirstOrThrow({
      where: { caseId: kase.id },
      select: { assigneeId: true },
    })
    expect(followUp.assigneeId).toBe(lead.id)
  })

  test.each([
    ['a date two days ahead', { date: addDays(today().day, 2) }, 'date'],
    ['no date', { date: '' }, 'date'],
    ['31 February', { date: '2026-02-31' }, 'date'],
    ['0 minutes', { durationMinutes: '0' }, 'durationMinutes'],
    ['601 minutes', { durationMinutes: '601' }, 'durationMinutes'],
    ['fractional minutes', { durationMinutes: '12.5' }, 'durationMinutes'],
    ['0 persons present', { personsPresent: '0' }, 'personsPresent'],
    ['51 persons present', { personsPresent: '51' }, 'personsPresent'],
    ['an unknown mode', { mode: 'PIGEON' }, 'mode'],
    ['an unknown topic id', { topicIds: ['999999'] }, 'topicIds'],
    ['no topic', { topicIds: [] }, 'topicIds'],
    ['an unknown language', { languageCode: 'qqq' }, 'languageCode'],
    ['a follow-up before the contact', { followUpDate: addDays(today().day, -3) }, 'followUpDate'],
    ['a note over 5000 characters', { confidentialNote: 'x'.repeat(5001) }, 'confidentialNote'],
  ])('%s is refused next to the field and nothing is saved', async (_label, overrides, field) => {
    const { counsellor, kase, housing } = await setup()
    const form = contactForm({ topicIds: [housing], ...overrides })
    const result = await create(counsellor.id, kase.id, form)
    expect(statusOf(result)).toBe(400)
    const reply = (
      result as unknown as {
        data: { result: { error: Record<string, string[]>; initialValue: Record<string, unknown> } }
      }
    ).data.result
    expect(Object.keys(reply.error)).toContain(field)
    expect(reply.initialValue.nextStep).toBe(form.nextStep)
    expect(await prisma.contact.count()).toBe(0)
    expect(await prisma.followUp.count()).toBe(0)
  })

  test('a contact dated before the case was opened is refused next to the date, and nothing is saved (issue 14)', async () => {
    const { counsellor, housing } = await setup()
    const { eae } = await getTeams()
    const fresh = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id, openedAt: new Date(Date.now() - 2 * 86_400_000) })
    const before = await create(counsellor.id, fresh.id, contactForm({ topicIds: [housing], date: addDays(today().day, -3) }))
    expect(statusOf(before)).toBe(400)
    expect(JSON.stringify(before)).toContain('clients:errors.contactBeforeOpening')
    expect(await prisma.contact.count({ where: { caseId: fresh.id } })).toBe(0)
    // the opening day itself is fine
    expect(statusOf(await create(counsellor.id, fresh.id, contactForm({ topicIds: [housing], date: addDays(today().day, -2) })))).toBe(302)
  })

  test('tomorrow is still allowed (late entries after midnight)', async () => {
    const { counsellor, kase, housing } = await setup()
    expect(
      statusOf(
        await create(
          counsellor.id,
          kase.id,
          contactForm({ topicIds: [housing], date: addDays(today().day, 1) }),
        ),
      ),
    ).toBe(302)
  })

  test('a language mediation record of another case cannot be linked', async () => {
    const { eae, counsellor, kase, housing } = await setup()
    const other = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })
    const mediation = await prisma.languageMediation.create({
      data: {
        caseId: other.id,
        languageCode: 'arb',
        mode: 'PHONE',
        providerKind: 'POOL',
        requestedAt: new Date(),
      },
      select: { id: true },
    })
    const result = await create(
      counsellor.id,
      kase.id,
      contactForm({ topicIds: [housing], interpreting: 'POOL', languageMediationId: mediation.id }),
    )
    expect(statusOf(result)).toBe(400)
    expect(await prisma.contact.count()).toBe(0)
    const own = await prisma.languageMediation.create({
      data: {
        caseId: kase.id,
        languageCode: 'arb',
        mode: 'PHONE',
        providerKind: 'POOL',
        requestedAt: new Date(),
      },
      select: { id: true },
    })
    expect(
      statusOf(
        await create(
          counsellor.id,
          kase.id,
          contactForm({ topicIds: [housing], interpreting: 'POOL', languageMediationId: own.id }),
        ),
      ),
    ).toBe(302)
    expect(
      await prisma.contact.findFirst({ where: { languageMediationId: own.id }, select: { id: true } }),
    ).not.toBeNull()
  })

  test("a case of another team answers 404 and nothing is saved, also for that team's case id in the URL", async () => {
    const { counsellor, housing } = await setup()
    const { rostock } = await getTeams()
    const foreign = await createTestCase({ teamId: rostock.id })
    const result = await create(counsellor.id, foreign.id, contactForm({ topicIds: [housing] }))
    expect(statusOf(result)).toBe(404)
    const request = await requestAs(counsellor.id, `/cases/${foreign.id}/contacts/new`)
    expect(statusOf(await settle(newLoader({ request, params: { caseId: foreign.id }, context: {} })))).toBe(
      404,
    )
    expect(await prisma.contact.count()).toBe(0)
    expect(
      await prisma.auditEvent.count({ where: { caseId: foreign.id, outcome: 'DENIED' } }),
    ).toBeGreaterThan(0)
  })

  test('read-only access (case shared for substitution) shows the contact but refuses to save', async () => {
    const { eae, counsellor, housing } = await setup()
    const colleague = await createUser({ teamId: eae.id })
    const shared = await createTestCase({
      teamId: eae.id,
      counsellorId: counsellor.id,
      sharedForSubstitution: true,
    })
    await create(counsellor.id, shared.id, contactForm({ topicIds: [housing] }))
    const contact = await prisma.contact.findFirstOrThrow({
      where: { caseId: shared.id },
      select: { id: true },
    })
    const request = await requestAs(colleague.id, `/cases/${shared.id}/contacts/${contact.id}`)
    const view = await viewLoader({
      request,
      params: { caseId: shared.id, contactId: contact.id },
      context: {},
    })
    expect(view).toMatchObject({ canWrite: false, form: null })
    expect(
      await prisma.auditEvent.count({
        where: { action: 'contact.read', entityId: contact.id, userId: colleague.id },
      }),
    ).toBe(1)
    expect(statusOf(await create(colleague.id, shared.id, contactForm({ topicIds: [housing] })))).toBe(404)
  })
})

describe('editing a contact', () => {
  async function withContact() {
    const context = await setup()
    await create(
      context.counsellor.id,
      context.kase.id,
      contactForm({ topicIds: [context.housing], followUpDate: addDays(today().day, 5) }),
    )
    const contact = await prisma.contact.findFirstOrThrow({
      where: { caseId: context.kase.id },
      select: { id: true, version: true },
    })
    return { ...context, contact }
  }

  async function edit(
    userId: string,
    caseId: string,
    contactId: string,
    form: Record<string, string | string[]>,
  ) {
    const request = await requestAs(userId, `/cases/${caseId}/contacts/${contactId}`, { form })
    return settle(editAction({ request, params: { caseId, contactId }, context: {} }))
  }

  test('topics: an unknown id, another catalogue\'s entry and a retired topic are refused; a retired topic the contact has stays', async () => {
    const { counsellor, kase, contact, housing, health } = await withContact()
    const refused = async (result: unknown) => {
      expect(statusOf(result)).toBe(400)
      expect(JSON.stringify(result)).toContain('contacts:errors.topic')
    }
    const place = String((await prisma.catalogueEntry.findFirstOrThrow({ where: { catalogue: 'PLACE' }, select: { id: true } })).id)
    await refused(await create(counsellor.id, kase.id, contactForm({ topicIds: [housing, '987654'] })))
    await refused(await create(counsellor.id, kase.id, contactForm({ topicIds: [place] })))
    // the contact of withContact has `housing`; retired now, it may stay on that contact but not be chosen anew
    await prisma.catalogueEntry.update({ where: { id: Number(housing) }, data: { active: false } })
    await refused(await create(counsellor.id, kase.id, contactForm({ topicIds: [housing] })))
    expect(await prisma.contact.count({ where: { caseId: kase.id } })).toBe(1)
    expect(statusOf(await edit(counsellor.id, kase.id, contact.id, contactForm({ topicIds: [housing, health], version: '1' })))).toBe(302)
    expect(statusOf(await create(counsellor.id, kase.id, contactForm({ topicIds: [health] })))).toBe(302)
  })

  test('saves changed fields, bumps the version, audits the field names and moves the follow-up', async () => {
    const { counsellor, kase, contact, housing, health } = await withContact()
    const newFollowUp = addDays(today().day, 10)
    const result = await edit(
      counsellor.id,
      kase.id,
      contact.id,
      contactForm({ topicIds: [health], durationMinutes: '60', followUpDate: newFollowUp, version: '1' }),
    )
    expect(statusOf(result)).toBe(302)
    const after = await prisma.contact.findUniqueOrThrow({
      where: { id: contact.id },
      select: { version: true, durationMinutes: true, topics: { select: { topicId: true } } },
    })
    expect(after.version).toBe(2)
    expect(after.durationMinutes).toBe(60)
    expect(after.topics.map((topic) => String(topic.topicId))).toEqual([health])
    expect(housing).not.toBe(health)
    const followUps = await prisma.followUp.findMany({
      where: { contactId: contact.id },
      select: { dueDate: true },
    })
    expect(followUps.map((row) => dayOf(row.dueDate))).toEqual([newFollowUp])
    const event = await prisma.auditEvent.findFirstOrThrow({
      where: { action: 'contact.update', entityId: contact.id },
      select: { details: true },
    })
    expect(JSON.parse(event.details!).sort()).toEqual(['durationMinutes', 'followUpDate', 'topicIds'])
  })

  test('clearing the follow-up date removes the open follow-up', async () => {
    const { counsellor, kase, contact, housing } = await withContact()
    expect(
      statusOf(
        await edit(counsellor.id, kase.id, contact.id, contactForm({ topicIds: [housing], version: '1' })),
      ),
    ).toBe(302)
    expect(await prisma.followUp.count({ where: { contactId: contact.id } })).toBe(0)
  })

  test('a stale version is refused with 409, names who changed what, and changes nothing', async () => {
    const { eae, counsellor, kase, contact, housing } = await withContact()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id, displayName: 'Lea Leitung' })
    expect(
      statusOf(
        await edit(
          lead.id,
          kase.id,
          contact.id,
          contactForm({
            topicIds: [housing],
            durationMinutes: '90',
            followUpDate: addDays(today().day, 5),
            version: '1',
          }),
        ),
      ),
    ).toBe(302)
    const result = await edit(
      counsellor.id,
      kase.id,
      contact.id,
      contactForm({
        topicIds: [housing],
        durationMinutes: '30',
        followUpDate: addDays(today().day, 5),
        version: '1',
      }),
    )
    expect(statusOf(result)).toBe(409)
    const payload = (
      result as unknown as {
        data: {
          conflict: { changedBy: string; fields: string[] }
          result: { initialValue: Record<string, unknown> }
        }
      }
    ).data
    expect(payload.conflict.changedBy).toBe('Lea Leitung')
    expect(payload.conflict.fields).toEqual(['durationMinutes'])
    expect(payload.result.initialValue.durationMinutes).toBe('30')
    const after = await prisma.contact.findUniqueOrThrow({
      where: { id: contact.id },
      select: { durationMinutes: true, version: true },
    })
    expect(after).toEqual({ durationMinutes: 90, version: 2 })
  })

  test('a contact id from another case answers 404', async () => {
    const { eae, counsellor, contact, housing } = await withContact()
    const otherCase = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })
    const request = await requestAs(counsellor.id, `/cases/${otherCase.id}/contacts/${contact.id}`)
    expect(
      statusOf(
        await settle(
          viewLoader({ request, params: { caseId: otherCase.id, contactId: contact.id }, context: {} }),
        ),
      ),
    ).toBe(404)
    expect(
      statusOf(
        await edit(
          counsellor.id,
          otherCase.id,
          contact.id,
          contactForm({ topicIds: [housing], version: '1' }),
        ),
      ),
    ).toBe(404)
  })
})

describe('the confidential note (decision 015)', () => {
  async function view(userId: string, caseId: string, contactId: string) {
    const request = await requestAs(userId, `/cases/${caseId}/contacts/${contactId}`)
    return viewLoader({ request, params: { caseId, contactId }, context: {} })
  }

  test('a team lead who is not the counsellor records contacts without a note and never reads one', async () => {
    const { eae, counsellor, kase, housing } = await setup()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    expect(statusOf(await create(lead.id, kase.id, contactForm({ topicIds: [housing] })))).toBe(302)
    const byLead = await prisma.contact.findFirstOrThrow({ where: { caseId: kase.id }, select: { id: true, confidentialNote: true, nextStep: true } })
    // the posted note is not written (the form does not offer it); everything else is
    expect(byLead).toMatchObject({ confidentialNote: null, nextStep: 'Termin beim Jobcenter vorbereiten' })
    const created = await prisma.auditEvent.findFirstOrThrow({ where: { action: 'contact.create', entityId: byLead.id }, select: { details: true } })
    expect(JSON.parse(created.details!)).not.toContain('confidentialNote')

    await create(counsellor.id, kase.id, contactForm({ topicIds: [housing], date: addDays(today().day, -1) }))
    const byCounsellor = await prisma.contact.findFirstOrThrow({ where: { caseId: kase.id, authorId: counsellor.id }, select: { id: true } })
    const asLead = await view(lead.id, kase.id, byCounsellor.id)
    expect(asLead.contact).toMatchObject({ confidentialNote: null, hasConfidentialNote: true })
    expect(asLead.confidential).toEqual({ mayEdit: false, mayRequestEmergency: false })
    expect(asLead.form?.defaults.confidentialNote).toBeUndefined()
    expect(JSON.stringify(asLead)).not.toContain('Sehr persönliche Angaben')
    const read = await prisma.auditEvent.findFirstOrThrow({ where: { action: 'contact.read', userId: lead.id, entityId: byCounsellor.id }, select: { details: true, emergency: true } })
    expect(read).toEqual({ details: JSON.stringify({ confidentialNote: 'withheld' }), emergency: false })

    const asCounsellor = await view(counsellor.id, kase.id, byCounsellor.id)
    expect(asCounsellor.contact.confidentialNote).toBe('Sehr persönliche Angaben')
    expect(asCounsellor.form?.defaults.confidentialNote).toBe('Sehr persönliche Angaben')
  })

  test('a team lead who is the assigned counsellor reads and writes the notes of that case (roles combine)', async () => {
    const { eae, housing } = await setup()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const own = await createTestCase({ teamId: eae.id, counsellorId: lead.id })
    await create(lead.id, own.id, contactForm({ topicIds: [housing] }))
    const contact = await prisma.contact.findFirstOrThrow({ where: { caseId: own.id }, select: { id: true, confidentialNote: true } })
    expect(contact.confidentialNote).toBe('Sehr persönliche Angaben')
    const page = await view(lead.id, own.id, contact.id)
    expect(page.contact.confidentialNote).toBe('Sehr persönliche Angaben')
    expect(page.confidential.mayEdit).toBe(true)
  })
})
