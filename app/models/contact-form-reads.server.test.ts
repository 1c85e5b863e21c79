// The contact form's reads went straight on the connection (issue 19, session 13: `readRows`,
// decision 067): the latest contact's mode and language, the case's earlier open follow-up, its
// language mediations and the topic catalogue. Each must give exactly what the ORM's reading gave —
// values, types (dates as Date, ids as numbers, the flag as boolean), nulls and order, ties included.
import { describe, expect, test } from 'vitest'
import { getCatalogue } from '#app/models/catalogue.server.ts'
import { earlierContactFollowUp, mediationOptions, quickEntryDefaults, topicOptions } from '#app/models/contact.server.ts'
import { catalogueLabel, formatDate } from '#app/utils/format.ts'
import { prisma } from '#app/utils/db.server.ts'
import { languageName } from '#app/utils/iso.server.ts'
import { createTestCase, createUser, getTeams } from '#tests/factories.ts'

// The former readings (contact.server.ts and catalogue.server.ts before session 13).
async function ormLatestContact(caseId: string) {
  return prisma.contact.findFirst({ where: { caseId }, select: { mode: true, languageCode: true }, orderBy: [{ date: 'desc' }, { createdAt: 'desc' }] })
}
async function ormEarlierFollowUp(caseId: string, contactId?: string) {
  return prisma.followUp.findFirst({
    where: { caseId, source: 'CONTACT', doneAt: null, ...(contactId ? { NOT: { contactId } } : {}) },
    select: { id: true, dueDate: true },
    orderBy: { dueDate: 'asc' },
  })
}
async function ormMediationOptions(caseId: string, language: string) {
  const mediations = await prisma.languageMediation.findMany({
    where: { caseId },
    select: { id: true, languageCode: true, mode: true, requestedAt: true, performedAt: true },
    orderBy: { requestedAt: 'desc' },
    take: 100,
  })
  return mediations.map((mediation) => ({
    value: mediation.id,
    label: `${formatDate(mediation.performedAt ?? mediation.requestedAt, language)} · ${languageName(mediation.languageCode, language)}`,
  }))
}
async function ormCatalogue(catalogue: 'TOPIC' | 'PLACE', language: string, includeRetired: boolean) {
  const entries = await prisma.catalogueEntry.findMany({
    where: { catalogue, active: includeRetired ? undefined : true },
    select: { id: true, code: true, labelDe: true, labelEn: true, group: true, active: true },
    orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
  })
  return entries.map((entry) => ({ id: entry.id, code: entry.code, label: catalogueLabel(entry, language), group: entry.group, active: entry.active }))
}

async function twoCases() {
  const { eae } = await getTeams()
  const counsellor = await createUser({ teamId: eae.id })
  const busy = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })
  const other = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id, languages: [] })
  return { busy, other }
}

const contact = (caseId: string, date: string, createdAt: string, mode: string, languageCode: string | null) =>
  prisma.contact.create({
    data: { caseId, date: new Date(date), createdAt: new Date(createdAt), durationMinutes: 30, mode, setting: 'INDIVIDUAL', languageCode },
    select: { id: true },
  })

describe('the contact form reads what the ORM read', () => {
  test('the latest contact: by day, then by creation; nulls kept', async () => {
    const { busy, other } = await twoCases()
    expect(await quickEntryDefaults(other.id)).toEqual({ mode: undefined, languageCode: null, setting: 'INDIVIDUAL', interpreting: 'NONE' })
    await contact(busy.id, '2026-11-02T00:00:00.000Z', '2026-11-02T09:00:00.000Z', 'OFFICE', 'ukr')
    // Same day: the later created wins; its language is null.
    // (inserted first, so that the storage order alone would give the other one)
    await contact(busy.id, '2026-11-03T00:00:00.000Z', '2026-11-03T10:00:00.000Z', 'VIDEO', null)
    await contact(busy.id, '2026-11-03T00:00:00.000Z', '2026-11-03T08:00:00.000Z', 'PHONE', 'arb')
    // Created last but an earlier day.
    await contact(busy.id, '2026-10-01T00:00:00.000Z', '2026-11-04T10:00:00.000Z', 'EMAIL', 'deu')
    const orm = await ormLatestContact(busy.id)
    expect(orm).toEqual({ mode: 'VIDEO', languageCode: null })
    expect(await quickEntryDefaults(busy.id)).toEqual({ ...orm, setting: 'INDIVIDUAL', interpreting: 'NONE' })
    await contact(busy.id, '2026-11-05T00:00:00.000Z', '2026-11-05T10:00:00.000Z', 'OUTREACH', 'fas')
    expect(await quickEntryDefaults(busy.id)).toEqual({ ...(await ormLatestContact(busy.id)), setting: 'INDIVIDUAL', interpreting: 'NONE' })
    expect((await quickEntryDefaults(busy.id)).mode).toBe('OUTREACH')
  })

  test('the earlier open follow-up: the earliest open one from a contact, another contact’s only when asked', async () => {
    const { busy, other } = await twoCases()
    expect(await earlierContactFollowUp(busy.id)).toBeNull()
    expect(await ormEarlierFollowUp(busy.id)).toBeNull()
    const first = await contact(busy.id, '2026-11-02T00:00:00.000Z', '2026-11-02T09:00:00.000Z', 'OFFICE', 'ukr')
    const second = await contact(busy.id, '2026-11-03T00:00:00.000Z', '2026-11-03T09:00:00.000Z', 'OFFICE', 'ukr')
    const followUp = (contactId: string | null, dueDate: string, source = 'CONTACT', doneAt: Date | null = null, caseId = busy.id) =>
      prisma.followUp.create({ data: { caseId, contactId, source, dueDate: new Date(dueDate), doneAt }, select: { id: true } })
    await followUp(first.id, '2026-12-20T00:00:00.000Z')
    await followUp(second.id, '2026-12-24T00:00:00.000Z')
    // Not counted: done, another source, no contact (for the NOT), another case.
    await followUp(second.id, '2026-12-01T00:00:00.000Z', 'CONTACT', new Date())
    await followUp(null, '2026-12-02T00:00:00.000Z', 'MANUAL')
    await followUp(null, '2026-12-03T00:00:00.000Z', 'CONTACT')
    await followUp(null, '2026-12-04T00:00:00.000Z', 'CONTACT', null, other.id)
    for (const contactId of [undefined, first.id, second.id, 'unknown']) {
      const read = await earlierContactFollowUp(busy.id, contactId)
      expect(read).toEqual(await ormEarlierFollowUp(busy.id, contactId))
      expect(read?.dueDate).toBeInstanceOf(Date)
    }
    // The data reach what is compared: without a contact the follow-up without one comes first,
    // excluding the first contact's leaves the second's (the NOT leaves out the one without a contact).
    expect((await earlierContactFollowUp(busy.id))?.dueDate.toISOString()).toBe('2026-12-03T00:00:00.000Z')
    expect((await earlierContactFollowUp(busy.id, first.id))?.dueDate.toISOString()).toBe('2026-12-24T00:00:00.000Z')
  })

  test('the language mediations: newest request first, performed date before requested, ties and nulls', async () => {
    const { busy, other } = await twoCases()
    expect(await mediationOptions(busy.id, 'de')).toEqual([])
    const mediation = (requestedAt: string, performedAt: string | null, languageCode: string, caseId = busy.id) =>
      prisma.languageMediation.create({
        data: { caseId, languageCode, mode: 'ON_SITE', providerKind: 'POOL', requestedAt: new Date(requestedAt), performedAt: performedAt ? new Date(performedAt) : null },
        select: { id: true },
      })
    await mediation('2026-10-01T08:00:00.000Z', '2026-10-05T10:00:00.000Z', 'ukr')
    await mediation('2026-11-01T08:00:00.000Z', null, 'kmr')
    await mediation('2026-11-01T08:00:00.000Z', '2026-11-02T23:30:00.000Z', 'arb')
    await mediation('2026-09-01T08:00:00.000Z', null, 'xyz')
    await mediation('2026-12-01T08:00:00.000Z', null, 'fas', other.id)
    for (const language of ['de', 'en']) {
      const read = await mediationOptions(busy.id, language)
      expect(read).toEqual(await ormMediationOptions(busy.id, language))
      expect(read).toHaveLength(4)
    }
  })

  test('the catalogue: active entries, or all with the retired ones; sort order, then id', async () => {
    const topics = await prisma.catalogueEntry.findMany({ where: { catalogue: 'TOPIC' }, select: { id: true }, orderBy: { id: 'asc' } })
    await prisma.catalogueEntry.updateMany({ where: { id: { in: [topics[0]!.id, topics[3]!.id] } }, data: { active: false } })
    await prisma.catalogueEntry.updateMany({ where: { id: { in: [topics[1]!.id, topics[2]!.id, topics[4]!.id] } }, data: { sortOrder: 5 } })
    for (const language of ['de', 'en'])
      for (const includeRetired of [false, true])
        for (const catalogue of ['TOPIC', 'PLACE'] as const) {
          const read = await getCatalogue(catalogue, language, { includeRetired })
          expect(read).toEqual(await ormCatalogue(catalogue, language, includeRetired))
          expect(read.length).toBeGreaterThan(1)
        }
    expect((await getCatalogue('TOPIC', 'de', { includeRetired: true })).filter((entry) => !entry.active)).toHaveLength(2)
    // The form's topics: active ones and the retired ones chosen.
    const options = await topicOptions('de', [topics[0]!.id])
    expect(options.map((option) => option.value)).toContain(String(topics[0]!.id))
    expect(options.map((option) => option.value)).not.toContain(String(topics[3]!.id))
  })
})
