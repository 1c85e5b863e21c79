import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { catalogueId, createTestCase, createUser, getTeams } from '#tests/factories.ts'
import { mergeTimeline, TIMELINE_KINDS, type TimelineEntry } from '#app/domain/timeline.ts'
import { privacyInfoSummary } from './consent-template.server.ts'
import { getTimeline, getTimelineAndPrivacyInfo, isoOfStored } from './timeline.server.ts'
import { expectBoundOutsideThePlanner, plansOf, primaryKeyIndex } from '#tests/statement-plans.ts'

const day = (iso: string) => new Date(`${iso}T09:00:00.000Z`)

describe('timeline merging', () => {
  test('newest first across sources; ties are ordered by kind then id, stably', () => {
    const a: TimelineEntry = { kind: 'programme', id: 'programme-1', at: '2026-01-02T00:00:00.000Z', programme: 'MBE' }
    const b: TimelineEntry = { kind: 'status', id: 'status-1', at: '2026-01-02T00:00:00.000Z', fromStatus: null, toStatus: 'OPEN', closureReason: null, byName: null }
    const c: TimelineEntry = { kind: 'programme', id: 'programme-2', at: '2026-03-01T00:00:00.000Z', programme: 'JMD' }
    const merged = mergeTimeline([[c, a], [b]], 10)
    expect(merged.entries.map((entry) => entry.id)).toEqual(['programme-2', 'status-1', 'programme-1'])
    expect(merged.hasMore).toBe(false)
    expect(mergeTimeline([[c, a], [b]], 2)).toMatchObject({ hasMore: true, entries: [{ id: 'programme-2' }, { id: 'status-1' }] })
  })

  test('within a day the date-only entries come first, then the timed ones newest first; the day of a timed entry is the German one', () => {
    const contact: TimelineEntry = { kind: 'contact', id: 'contact-1', contactId: 'c1', at: '2026-03-10T00:00:00.000Z', durationMinutes: 30, mode: 'OFFICE', topics: [], authorName: null, hasConfidentialNote: false }
    const morning: TimelineEntry = { kind: 'status', id: 'status-1', at: '2026-03-10T08:00:00.000Z', fromStatus: 'OPEN', toStatus: 'ACTIVE', closureReason: null, byName: null }
    const afternoon: TimelineEntry = { kind: 'assignment', id: 'assignment-1', at: '2026-03-10T13:00:00.000Z', fromName: null, toName: 'B', byName: 'L' }
    // 00:30 on 11 March in Germany is still 10 March in UTC: it belongs to the 11th.
    const afterMidnight: TimelineEntry = { kind: 'status', id: 'status-2', at: '2026-03-10T23:30:00.000Z', fromStatus: 'ACTIVE', toStatus: 'PAUSED', closureReason: null, byName: null }
    const nextDayContact: TimelineEntry = { ...contact, id: 'contact-2', contactId: 'c2', at: '2026-03-11T00:00:00.000Z' }
    const merged = mergeTimeline([[afterMidnight, afternoon, morning], [nextDayContact, contact]], 10)
    expect(merged.entries.map((entry) => entry.id)).toEqual(['contact-2', 'status-2', 'contact-1', 'assignment-1', 'status-1'])
  })
})

describe('case timeline', () => {
  async function arrange() {
    const teams = await getTeams()
    const counsellor = await createUser({ teamId: teams.eae.id, displayName: 'Clara Counsellor' })
    const kase = await createTestCase({ teamId: teams.eae.id, counsellorId: counsellor.id, openedAt: day('2026-01-05') })
    const topic = await catalogueId('TOPIC', 'HOUSING')
    await prisma.contact.create({
      data: {
        caseId: kase.id,
        authorId: counsellor.id,
        date: day('2026-02-10'),
        durationMinutes: 45,
        mode: 'PHONE',
        setting: 'INDIVIDUAL',
        confidentialNote: 'very private',
        topics: { create: [{ topicId: topic }] },
      },
    })
    await prisma.caseStatusChange.create({ data: { caseId: kase.id, fromStatus: 'OPEN', toStatus: 'ACTIVE', at: day('2026-02-01'), byUserId: counsellor.id } })
    await prisma.programmePeriod.create({ data: { caseId: kase.id, programme: 'JMD', validFrom: day('2026-03-01') } })
    const plan = await prisma.casePlan.create({ data: { caseId: kase.id } })
    const goal = await prisma.planGoal.create({ data: { planId: plan.id, topicId: topic, text: 'Find a flat', createdAt: day('2026-02-15') } })
    await prisma.planGoalChange.create({ data: { goalId: goal.id, fromStatus: 'OPEN', toStatus: 'ACHIEVED', at: day('2026-04-01'), byUserId: counsellor.id } })
    await prisma.assignment.create({ data: { caseId: kase.id, toUserId: counsellor.id, at: day('2026-01-06') } })
    const consent = await prisma.consent.create({
      data: { caseId: kase.id, purpose: 'Referral', dataCategories: 'HEALTH', form: 'WRITTEN', givenAt: day('2026-02-20'), withdrawnAt: day('2026-05-01'), recipientKind: 'PSYCHOSOCIAL_CENTRE' },
    })
    const referral = await prisma.referral.create({ data: { caseId: kase.id, kind: 'PSYCHOSOCIAL_CENTRE', urgency: 'REGULAR', sentAt: day('2026-02-21'), consentId: consent.id } })
    await prisma.referralTransition.create({ data: { referralId: referral.id, fromStatus: null, toStatus: 'INQUIRY', at: day('2026-02-21') } })
    const mediation = await prisma.languageMediation.create({ data: { caseId: kase.id, languageCode: 'arb', mode: 'PHONE', providerKind: 'POOL', requestedAt: day('2026-02-09') } })
    await prisma.mediationTransition.create({ data: { mediationId: mediation.id, fromStatus: 'REQUESTED', toStatus: 'DONE', at: day('2026-02-10') } })
    return { kase, counsellor }
  }

  test('merges every source newest first, with only the fact that a confidential note exists', async () => {
    const { kase } = await arrange()
    const { entries, hasMore } = await getTimeline(kase.id, { language: 'en' })
    expect(hasMore).toBe(false)
    expect(entries.map((entry) => `${entry.at.slice(0, 10)} ${entry.kind}`)).toEqual([
      '2026-05-01 consent',
      '2026-04-01 plan',
      '2026-03-01 programme',
      '2026-02-21 referral',
      '2026-02-20 consent',
      '2026-02-15 plan',
      '2026-02-10 contact',
      '2026-02-10 mediation',
      '2026-02-01 status',
      '2026-01-06 assignment',
      '2026-01-05 residence',
      '2026-01-05 status',
      '2026-01-05 programme',
    ])
    expect(JSON.stringify(entries)).not.toContain('very private')
    const contact = entries.find((entry) => entry.kind === 'contact')
    expect(contact).toMatchObject({ durationMinutes: 45, mode: 'PHONE', topics: ['Housing'], authorName: 'Clara Counsellor', hasConfidentialNote: true })
    expect(entries.find((entry) => entry.kind === 'status' && entry.toStatus === 'ACTIVE')).toMatchObject({ byName: 'Clara Counsellor' })
    expect(entries.find((entry) => entry.kind === 'mediation')).toMatchObject({ language: 'Arabic (Standard)' })
  })

  test('filters by kind and caps with a "more" flag', async () => {
    const { kase } = await arrange()
    const consents = await getTimeline(kase.id, { kinds: ['consent'] })
    expect(consents.entries.map((entry) => (entry.kind === 'consent' ? entry.event : entry.kind))).toEqual(['withdrawn', 'given'])
    const capped = await getTimeline(kase.id, { limit: 1 })
    expect(capped.entries).toHaveLength(1)
    expect(capped.hasMore).toBe(true)
  })

  test('the case file reads the privacy summary in the timeline\'s statement: both as read on their own', async () => {
    const { kase } = await arrange()
    const template = await prisma.consentTemplate.upsert({ where: { kind_languageCode: { kind: 'PRIVACY', languageCode: 'tir' } }, create: { kind: 'PRIVACY', languageCode: 'tir' }, update: {} })
    const version = (number: number, reviewedAt: Date | null) =>
      prisma.consentTemplateVersion.create({ data: { templateId: template.id, version: number, body: '<b>"&', source: 'EDITED', reviewedAt } })
    const draft = await version(9107, null)
    const reviewed = await version(9108, day('2026-03-03'))
    const expectBothAsAlone = async (caseId: string) => {
      for (const options of [{}, { language: 'en', limit: 1 }, { kinds: ['consent'] as const }, { kinds: ['transfer'] as const }]) {
        const both = await getTimelineAndPrivacyInfo(caseId, options)
        expect(both.timeline).toEqual(await getTimeline(caseId, options))
        expect(both.privacy).toEqual(await privacyInfoSummary(caseId))
      }
      return (await getTimelineAndPrivacyInfo(caseId)).privacy
    }
    // none given, then given without a text, with a draft and with a reviewed text
    await prisma.case.update({ where: { id: kase.id }, data: { privacyInfoGivenAt: null, privacyInfoForm: null, privacyInfoLanguage: null } })
    expect(await expectBothAsAlone(kase.id)).toBeNull()
    await prisma.case.update({ where: { id: kase.id }, data: { privacyInfoGivenAt: new Date('2026-02-03T23:30:00.000Z'), privacyInfoForm: 'ORAL', privacyInfoLanguage: 'tir' } })
    expect(await expectBothAsAlone(kase.id)).toEqual({ givenAt: '2026-02-03T23:30:00.000Z', form: 'ORAL', clientLanguage: 'tir', text: null })
    await prisma.privacyInformationText.create({ data: { caseId: kase.id, versionId: draft.id, germanVersionId: draft.id } })
    expect(await expectBothAsAlone(kase.id)).toMatchObject({ text: { language: 'tir', version: 9107, reviewed: false } })
    await prisma.privacyInformationText.update({ where: { caseId: kase.id }, data: { versionId: reviewed.id } })
    expect(await expectBothAsAlone(kase.id)).toMatchObject({ text: { language: 'tir', version: 9108, reviewed: true } })
    // given without a form or language
    await prisma.case.update({ where: { id: kase.id }, data: { privacyInfoForm: null, privacyInfoLanguage: null } })
    expect(await expectBothAsAlone(kase.id)).toMatchObject({ form: null, clientLanguage: null })
    // an unknown case: neither a timeline entry nor a summary
    expect(await getTimelineAndPrivacyInfo('no-such-case')).toEqual({ timeline: { entries: [], hasMore: false, limit: 50 }, privacy: null })
  })

  test('the statement binds every value the planner could read as `+?`, with the same rows as `?` (decision 146)', async () => {
    const { kase } = await arrange()
    await prisma.case.update({ where: { id: kase.id }, data: { privacyInfoGivenAt: day('2026-01-07'), privacyInfoForm: 'WRITTEN' } })
    const caught = await plansOf(async () => {
      for (const options of [{}, { limit: 1 }, { kinds: ['consent', 'plan'] as const }]) await getTimelineAndPrivacyInfo(kase.id, options)
    }, 'json_array(')
    expect(caught).toHaveLength(3)
    await expectBoundOutsideThePlanner(caught, /(?<=json_array\()\?(?=, json_array\()/g)
  })

  test('the rows read as one JSON text keep texts JSON must escape, every entry of every source, and no row at all (decision 201)', async () => {
    const { kase, counsellor } = await arrange()
    const awkward = ['quote " backslash \\ slash /', 'line\nbreak\ttab\r', 'control \u0001\u001f', 'separators \u2028\u2029', 'outside the BMP 🦉', '</script><b>&amp;', '', ' ', ',]"[', "'; --"]
    await prisma.user.update({ where: { id: counsellor.id }, data: { displayName: awkward.join('|') } })
    const goal = await prisma.planGoal.findFirstOrThrow({ where: { plan: { caseId: kase.id } } })
    for (const text of awkward) {
      await prisma.planGoal.update({ where: { id: goal.id }, data: { text } })
      const { entries } = await getTimeline(kase.id, { language: 'de' })
      expect(entries).toHaveLength(13)
      expect(entries.find((entry) => entry.kind === 'plan' && entry.event === 'goalCreated')).toMatchObject({ text })
      expect(entries.find((entry) => entry.kind === 'contact')).toMatchObject({ authorName: awkward.join('|'), topics: ['Wohnen'] })
    }
    // each source's own filter: the rows of that source only, as many as stored
    const expected = { contact: 1, status: 2, residence: 1, programme: 2, plan: 2, assignment: 1, referral: 1, consent: 2, mediation: 1, group: 0, transfer: 0 }
    for (const [kind, count] of Object.entries(expected)) {
      const { entries, hasMore } = await getTimeline(kase.id, { kinds: [kind as TimelineEntry['kind']] })
      expect(entries.map((entry) => entry.kind), kind).toEqual(Array.from({ length: count }, () => kind))
      expect(hasMore).toBe(false)
    }
  })
})

// Session 28: the merge's awkward cases against an order computed here, on its own: equal times across
// sources, date-only and timed entries on one German day (the timed ones after midnight in Germany but
// before it in UTC), a source with exactly `limit` rows, one kind alone, and a case with nothing.
describe('the timeline\'s order and "more" against an order computed in the test', () => {
  const germanDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' })
  const kindRank = ['contact', 'group', 'status', 'residence', 'programme', 'plan', 'assignment', 'transfer', 'referral', 'consent', 'mediation']
  const dateOnly = (entry: TimelineEntry) => ['contact', 'group', 'residence'].includes(entry.kind) || (entry.kind === 'consent' && entry.event === 'given')
  const dayOf = (entry: TimelineEntry) => (dateOnly(entry) ? entry.at.slice(0, 10) : germanDay.format(new Date(entry.at)))
  const expectedOrder = (entries: TimelineEntry[]) =>
    [...entries].sort(
      (a, b) =>
        dayOf(b).localeCompare(dayOf(a)) ||
        Number(dateOnly(b)) - Number(dateOnly(a)) ||
        b.at.localeCompare(a.at) ||
        kindRank.indexOf(a.kind) - kindRank.indexOf(b.kind) ||
        (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
    )

  test('equal times across sources, a day shared by date-only and timed entries, every limit', async () => {
    const teams = await getTeams()
    const counsellor = await createUser({ teamId: teams.eae.id })
    const kase = await createTestCase({ teamId: teams.eae.id, counsellorId: counsellor.id, openedAt: day('2020-01-06') })
    // 00:30 on 30 March 2026 in Germany (summer time since the 29th), still the 29th in UTC
    const at = new Date('2026-03-29T22:30:00.000Z')
    for (let i = 0; i < 2; i++) {
      await prisma.caseStatusChange.create({ data: { caseId: kase.id, fromStatus: 'OPEN', toStatus: 'ACTIVE', at } })
      await prisma.assignment.create({ data: { caseId: kase.id, toUserId: counsellor.id, at } })
    }
    await prisma.programmePeriod.create({ data: { caseId: kase.id, programme: 'JMD', validFrom: at } })
    const plan = await prisma.casePlan.create({ data: { caseId: kase.id } })
    await prisma.planGoal.create({ data: { planId: plan.id, topicId: await catalogueId('TOPIC', 'HOUSING'), text: 'Wohnung', createdAt: at } })
    for (const date of ['2026-03-30', '2026-03-30', '2026-03-29', '2026-03-29', '2026-03-29'])
      await prisma.contact.create({ data: { caseId: kase.id, authorId: counsellor.id, date: new Date(`${date}T00:00:00.000Z`), durationMinutes: 20, mode: 'OFFICE', setting: 'INDIVIDUAL' } })

    const all = (await getTimeline(kase.id, { limit: 1000 })).entries
    // the 11 rows above and the three the case was opened with
    expect(all).toHaveLength(14)
    const expected = expectedOrder(all).map((entry) => entry.id)
    expect(all.map((entry) => entry.id)).toEqual(expected)
    // the contacts of the 30th first, then the six entries at 00:30 that day, then the 29th
    expect(all.slice(0, 8).map((entry) => entry.kind)).toEqual(['contact', 'contact', 'status', 'status', 'programme', 'plan', 'assignment', 'assignment'])
    for (let limit = 1; limit <= all.length + 1; limit++) {
      const { entries, hasMore } = await getTimeline(kase.id, { limit })
      expect(entries.map((entry) => entry.id), `limit ${limit}`).toEqual(expected.slice(0, limit))
      expect(hasMore, `limit ${limit}`).toBe(all.length > limit)
    }
    // one kind alone, and a source with exactly `limit` rows: no "more"
    const contacts = expected.filter((id) => id.startsWith('contact-'))
    for (const [limit, more] of [[4, true], [5, false], [6, false]] as const) {
      const { entries, hasMore } = await getTimeline(kase.id, { kinds: ['contact'], limit })
      expect(entries.map((entry) => entry.id)).toEqual(contacts.slice(0, limit))
      expect(hasMore, `contacts, limit ${limit}`).toBe(more)
    }
    const statuses = await getTimeline(kase.id, { kinds: ['status'], limit: 3 })
    expect(statuses).toMatchObject({ hasMore: false })
    expect(statuses.entries.map((entry) => entry.id)).toEqual(expected.filter((id) => id.startsWith('status-')))
  })

  test('a case with nothing: no entry and no "more" for every kind and limit', async () => {
    for (const limit of [1, 50, 51, 1000])
      for (const kinds of [undefined, ...TIMELINE_KINDS.map((kind) => [kind])]) expect(await getTimeline('no-such-case', { kinds, limit })).toEqual({ entries: [], hasMore: false, limit })
  })
})

// Session 28: a contact's and a group session's topics come as their labels in the reader's language,
// chosen by SQLite, and in the order of their ids — the order of the topics' primary-key index, which
// the statement reads without sorting each row's topics.
describe('the topics of a contact and a group session', () => {
  test('are the labels in the reader\'s language, in the order of their ids whatever order they were saved in', async () => {
    const teams = await getTeams()
    const counsellor = await createUser({ teamId: teams.eae.id })
    const kase = await createTestCase({ teamId: teams.eae.id, counsellorId: counsellor.id, openedAt: day('2026-01-05') })
    const topics = await prisma.catalogueEntry.findMany({ where: { catalogue: 'TOPIC' }, orderBy: { id: 'asc' }, take: 4, select: { id: true, labelDe: true, labelEn: true } })
    expect(topics).toHaveLength(4)
    expect(new Set(topics.map((topic) => topic.labelDe)).size).toBe(4)
    const saved = [topics[2]!, topics[0]!, topics[3]!, topics[1]!] // neither the ids' order nor its reverse
    await prisma.contact.create({
      data: { caseId: kase.id, authorId: counsellor.id, date: day('2026-02-10'), durationMinutes: 30, mode: 'OFFICE', setting: 'INDIVIDUAL' },
    })
    const contact = await prisma.contact.findFirstOrThrow({ where: { caseId: kase.id } })
    for (const topic of saved) await prisma.contactTopic.create({ data: { contactId: contact.id, topicId: topic.id } })
    const session = await prisma.groupSession.create({
      data: { teamId: teams.eae.id, programme: 'MBE', date: day('2026-02-11'), durationMinutes: 60, mode: 'OFFICE', description: 'Gruppe' },
    })
    await prisma.groupSessionParticipant.create({ data: { groupSessionId: session.id, caseId: kase.id } })
    for (const topic of [...saved].reverse()) await prisma.groupSessionTopic.create({ data: { groupSessionId: session.id, topicId: topic.id } })
    // a contact without topics
    await prisma.contact.create({ data: { caseId: kase.id, authorId: counsellor.id, date: day('2026-02-09'), durationMinutes: 30, mode: 'OFFICE', setting: 'INDIVIDUAL' } })
    for (const language of ['de', 'en', 'fr']) {
      const expected = topics.map((topic) => (language === 'en' ? topic.labelEn : topic.labelDe))
      const { entries } = await getTimeline(kase.id, { kinds: ['contact', 'group'], language })
      expect(entries.map((entry) => (entry.kind === 'contact' || entry.kind === 'group' ? entry.topics : null)), language).toEqual([expected, expected, []])
    }
  })

  test('are read from their primary-key index in its order, with no sorting per row', async () => {
    const { kase } = await (async () => {
      const teams = await getTeams()
      const counsellor = await createUser({ teamId: teams.eae.id })
      return { kase: await createTestCase({ teamId: teams.eae.id, counsellorId: counsellor.id }) }
    })()
    const contactTopics = await primaryKeyIndex('ContactTopic')
    const sessionTopics = await primaryKeyIndex('GroupSessionTopic')
    for (const analysed of [false, true]) {
      if (analysed) await prisma.$executeRawUnsafe('ANALYZE')
      const caught = await plansOf(() => getTimelineAndPrivacyInfo(kase.id, { language: 'en' }), 'json_array(')
      expect(caught).toHaveLength(1)
      const { plan } = caught[0]!
      expect(plan).toContain(`SEARCH t USING COVERING INDEX ${contactTopics} (contactId=?)`)
      expect(plan).toContain(`SEARCH t USING COVERING INDEX ${sessionTopics} (groupSessionId=?)`)
      expect(plan).not.toMatch(/TEMP B-TREE FOR json_group_array/)
    }
  })
})

// Session 22: a stored DateTime's text is rewritten as text where Date reads it as written; the
// entries' ISO strings must be exactly what Date made of every stored text (or fail where it failed).
// Decision 230: a case's newest contacts come from the index (case, date, id) in the order asked (date, then
// id, newest first) — before, the index (case, date) left each day's contacts to be sorted by id.
describe("the timeline's contacts", () => {
  test('are read in their order from the index (case, date, id), with no sort', async () => {
    const { eae } = await getTeams()
    const kase = await createTestCase({ teamId: eae.id })
    for (const analysed of [false, true]) {
      if (analysed) await prisma.$executeRawUnsafe('ANALYZE')
      const caught = await plansOf(() => getTimelineAndPrivacyInfo(kase.id, { kinds: ['contact'] }), 'json_array(')
      expect(caught).toHaveLength(1)
      const { plan } = caught[0]!
      expect(plan).toContain('SEARCH c USING INDEX Contact_caseId_date_id_idx (caseId=?)')
      expect(plan).not.toContain('TEMP B-TREE')
    }
  })
})

describe('a stored DateTime as the entries\' ISO string', () => {
  const throughDate = (value: unknown) => {
    try {
      return new Date(value as string).toISOString()
    } catch (error) {
      return String(error)
    }
  }
  const ours = (value: unknown) => {
    try {
      return isoOfStored(value)
    } catch (error) {
      return String(error)
    }
  }

  test('every day of a leap year and a common year, at several times, as Date reads them', () => {
    const times = ['00:00:00.000', '00:59:59.999', '01:00:00.000', '12:34:56.789', '23:59:59.999']
    let compared = 0
    for (const year of [2024, 2026]) {
      for (let day = new Date(Date.UTC(year, 0, 1)); day.getUTCFullYear() === year; day = new Date(day.getTime() + 86_400_000)) {
        for (const time of times) {
          const stored = `${day.toISOString().slice(0, 10)}T${time}+00:00`
          expect(ours(stored), stored).toBe(throughDate(stored))
          compared += 1
        }
      }
    }
    expect(compared).toBe((366 + 365) * times.length)
  })

  test('texts Date reads otherwise, or not at all, go through Date', () => {
    for (const stored of [
      '2026-02-29T10:00:00.000+00:00', // rolls over to 1 March
      '2026-02-30T00:00:00.000+00:00',
      '2026-04-31T00:00:00.000+00:00',
      '2026-12-01T24:00:00.000+00:00', // the next day
      '2026-12-01T23:60:00.000+00:00',
      '2026-12-01T23:59:60.000+00:00',
      '2026-13-01T00:00:00.000+00:00',
      '2026-00-10T00:00:00.000+00:00',
      '2026-12-00T00:00:00.000+00:00',
      '2026-12-01T10:00:00.000+01:00',
      '2026-12-01T10:00:00.000Z',
      '2026-12-01T10:00:00+00:00',
      '2026-12-01 10:00:00',
      '2026-12-01',
      '0001-01-01T00:00:00.000+00:00',
      '9999-12-28T23:59:59.999+00:00',
      ' 2026-12-01T10:00:00.000+00:00',
      '2026-12-01T10:00:00.000+00:00\n',
      'nonsense',
      '',
      1_733_000_000_000,
    ])
      expect(ours(stored), String(stored)).toBe(throughDate(stored))
  })
})
