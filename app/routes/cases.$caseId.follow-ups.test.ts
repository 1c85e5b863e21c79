// Issue 14, items 4 and 10 (decision 030): manual follow-ups on a case; closing a case closes its
// follow-ups; a new follow-up from a contact replaces the earlier one unless kept; a closed case
// takes no contact; the first contact makes an "offen" case "aktiv".
import { describe, expect, test } from 'vitest'
import { type Actor } from '#app/domain/access-policy.ts'
import { addDays, dayOf, parseDay, today } from '#app/domain/follow-up.ts'
import { changeCaseStatus } from '#app/models/case-file.server.ts'
import { getMyFollowUps } from '#app/models/follow-up.server.ts'
import { getWorkload } from '#app/models/team-lead.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createI18nInstance } from '#app/utils/i18n.server.ts'
import { catalogueId, createTestCase, createUser, getTeams, requestAs, settle, statusOf } from '#tests/factories.ts'
import { action as createContactAction, loader as newContactLoader } from './cases.$caseId.contacts.new.tsx'
import { action, loader } from './cases.$caseId.follow-ups.tsx'

async function setup(status = 'ACTIVE') {
  const { eae } = await getTeams()
  const counsellor = await createUser({ teamId: eae.id })
  const colleague = await createUser({ teamId: eae.id })
  const kase = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id, status })
  const topic = String(await catalogueId('TOPIC', 'HOUSING'))
  return { eae, counsellor, colleague, kase, topic }
}

async function post(userId: string, caseId: string, form: Record<string, string>) {
  const request = await requestAs(userId, `/cases/${caseId}/follow-ups`, { form })
  return settle(action({ request, params: { caseId }, context: {} }))
}

async function load(userId: string, caseId: string) {
  const request = await requestAs(userId, `/cases/${caseId}/follow-ups`)
  return (await loader({ request, params: { caseId }, context: {} })) as Exclude<Awaited<ReturnType<typeof loader>>, Response>
}

async function recordContact(userId: string, caseId: string, topic: string, extra: Record<string, string> = {}) {
  const form = { date: today().day, durationMinutes: '30', mode: 'OFFICE', setting: 'INDIVIDUAL', personsPresent: '1', interpreting: 'NONE', topicIds: topic, ...extra }
  const request = await requestAs(userId, `/cases/${caseId}/contacts/new`, { form })
  return settle(createContactAction({ request, params: { caseId }, context: {} }))
}

const openFollowUps = (caseId: string) =>
  prisma.followUp.findMany({ where: { caseId, doneAt: null }, select: { id: true, source: true, contactId: true, dueDate: true }, orderBy: { dueDate: 'asc' } })

describe('manual follow-ups (item 10)', () => {
  test('due date, short text, assignee defaulting to the counsellor; listed on the case, the start page and the workload; closable', async () => {
    const { eae, counsellor, kase } = await setup()
    const due = today().day
    const created = await post(counsellor.id, kase.id, { intent: 'create', dueDate: due, note: 'Bescheid nachfragen' })
    expect(statusOf(created)).toBe(302)
    expect((created as Response).headers.get('Location')).toBe(`/cases/${kase.id}/follow-ups?done=created`)
    const [stored] = await openFollowUps(kase.id)
    expect(stored).toMatchObject({ source: 'MANUAL', contactId: null })
    expect(dayOf(stored!.dueDate)).toBe(due)
    const row = await prisma.followUp.findUniqueOrThrow({ where: { id: stored!.id }, select: { assigneeId: true, note: true } })
    expect(row).toEqual({ assigneeId: counsellor.id, note: 'Bescheid nachfragen' })
    const page = await load(counsellor.id, kase.id)
    expect(page.open).toHaveLength(1)
    expect(page.open[0]).toMatchObject({ source: 'MANUAL', note: 'Bescheid nachfragen' })
    const mine = await getMyFollowUps(counsellor as Actor)
    expect(mine.today.map((item) => item.id)).toEqual([stored!.id])
    // Overdue in the workload once its day has passed.
    const workload = await getWorkload(eae.id, 'name', 'asc', new Date(Date.now() + 2 * 86_400_000))
    expect(workload.rows.find((r) => r.id === counsellor.id)?.overdueFollowUps).toBe(1)
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: 'follow-up.create', entityId: stored!.id }, select: { details: true } })
    expect(audit.details).not.toContain('Bescheid')
    const done = await post(counsellor.id, kase.id, { intent: 'done', followUpId: stored!.id })
    expect((done as Response).headers.get('Location')).toBe(`/cases/${kase.id}/follow-ups?done=closed`)
    expect(await openFollowUps(kase.id)).toHaveLength(0)
  })

  test('another assignee who may read the case; a person of another team, a past day, an empty or multi-line text are refused', async () => {
    const { eae, counsellor, kase } = await setup()
    const { rostock } = await getTeams()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const foreign = await createUser({ teamId: rostock.id })
    const tomorrow = addDays(today().day, 1)
    expect(statusOf(await post(counsellor.id, kase.id, { intent: 'create', dueDate: tomorrow, note: 'Termin', assigneeId: lead.id }))).toBe(302)
    const row = await prisma.followUp.findFirstOrThrow({ where: { caseId: kase.id }, select: { assigneeId: true } })
    expect(row.assigneeId).toBe(lead.id)
    for (const form of [
      { intent: 'create', dueDate: tomorrow, note: 'Termin', assigneeId: foreign.id } as Record<string, string>,
      { intent: 'create', dueDate: addDays(today().day, -1), note: 'Termin' },
      { intent: 'create', dueDate: tomorrow, note: '   ' },
      { intent: 'create', dueDate: tomorrow, note: 'Zeile 1\nZeile 2' },
      { intent: 'create', dueDate: '2026-02-30', note: 'Termin' },
    ]) {
      expect(statusOf(await post(counsellor.id, kase.id, form))).toBe(400)
    }
    expect(await prisma.followUp.count({ where: { caseId: kase.id } })).toBe(1)
  })

  test('only people who may read the case are offered and accepted (decision 203): a colleague only while the case is shared', async () => {
    const { eae, counsellor, colleague, kase } = await setup()
    const lead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id })
    const admin = await createUser({ role: 'ADMIN', teamId: eae.id })
    const gone = await createUser({ teamId: eae.id, active: false })
    const offered = async () => (await load(counsellor.id, kase.id)).people.map((person) => person.value).sort()
    expect(await offered()).toEqual([counsellor.id, lead.id].sort())
    const tomorrow = addDays(today().day, 1)
    for (const assigneeId of [colleague.id, admin.id, gone.id]) {
      const refused = await post(counsellor.id, kase.id, { intent: 'create', dueDate: tomorrow, note: 'Termin', assigneeId })
      expect(statusOf(refused)).toBe(400)
      // The error stands at the field, the values typed are kept.
      const reply = (refused as unknown as { data: { result: { error: Record<string, string[]>; initialValue: Record<string, string> } } }).data.result
      expect(reply.error).toEqual({ assigneeId: ['contacts:followUps.errors.assignee'] })
      expect(reply.initialValue).toMatchObject({ dueDate: tomorrow, note: 'Termin', assigneeId })
    }
    expect(await prisma.followUp.count({ where: { caseId: kase.id } })).toBe(0)
    // The lead writes one for a colleague of an unshared case: refused as well.
    expect(statusOf(await post(lead.id, kase.id, { intent: 'create', dueDate: tomorrow, note: 'Termin', assigneeId: colleague.id }))).toBe(400)

    await prisma.case.update({ where: { id: kase.id }, data: { sharedForSubstitution: true } })
    expect(await offered()).toEqual([counsellor.id, colleague.id, lead.id].sort())
    expect(statusOf(await post(counsellor.id, kase.id, { intent: 'create', dueDate: tomorrow, note: 'Termin', assigneeId: colleague.id }))).toBe(302)
    expect(await prisma.followUp.findFirstOrThrow({ where: { caseId: kase.id }, select: { assigneeId: true } })).toEqual({ assigneeId: colleague.id })
  })

  test('the refusal reads in German and in English', async () => {
    for (const [lng, words] of [['de', 'nicht lesen'], ['en', 'cannot read']] as const) {
      const i18n = await createI18nInstance(lng)
      expect(i18n.t('contacts:followUps.errors.assignee')).toContain(words)
    }
  })

  test('a follow-up of another case cannot be closed through this case', async () => {
    const { counsellor, kase } = await setup()
    const other = await createTestCase({ teamId: kase.teamId, counsellorId: counsellor.id, status: 'ACTIVE' })
    const followUp = await prisma.followUp.create({ data: { caseId: other.id, source: 'MANUAL', dueDate: today().date, assigneeId: counsellor.id } })
    // answered as any follow-up not in one's list: the page that says so, which answers 404 (session 28)
    const answer = await post(counsellor.id, kase.id, { intent: 'done', followUpId: followUp.id })
    expect(statusOf(answer)).toBe(302)
    expect((answer as Response).headers.get('Location')).toBe('/follow-ups/not-in-list')
    expect((await prisma.followUp.findUniqueOrThrow({ where: { id: followUp.id } })).doneAt).toBeNull()
  })
})

describe('closure and follow-ups (item 4)', () => {
  test('closing a case closes its open follow-ups; they leave the start page and the workload', async () => {
    const { eae, counsellor, kase } = await setup()
    const overdue = parseDay(addDays(today().day, -3))!
    await prisma.followUp.createMany({
      data: [
        { caseId: kase.id, source: 'MANUAL', dueDate: overdue, assigneeId: counsellor.id },
        { caseId: kase.id, source: 'RESIDENCE_EXPIRY', dueDate: today().date, assigneeId: counsellor.id },
      ],
    })
    const before = await getWorkload(eae.id, 'name', 'asc')
    expect(before.rows.find((r) => r.id === counsellor.id)?.overdueFollowUps).toBe(1)
    const reason = await prisma.catalogueEntry.findFirstOrThrow({ where: { catalogue: 'CLOSURE_REASON', active: true }, select: { id: true } })
    const result = await changeCaseStatus({ caseId: kase.id, actor: counsellor, fromStatus: 'ACTIVE', toStatus: 'CLOSED', closureReasonId: reason.id })
    expect(result.ok).toBe(true)
    expect(await openFollowUps(kase.id)).toHaveLength(0)
    const mine = await getMyFollowUps(counsellor as Actor)
    expect([...mine.overdue, ...mine.today]).toHaveLength(0)
    const after = await getWorkload(eae.id, 'name', 'asc')
    expect(after.rows.find((r) => r.id === counsellor.id)).toMatchObject({ overdueFollowUps: 0, openCases: 0 })
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: 'case.status', caseId: kase.id }, select: { details: true } })
    expect(JSON.parse(event.details!)).toMatchObject({ to: 'CLOSED', closedFollowUps: 2 })
  })

  test('a follow-up still open on a closed case (older data) never shows on the start page', async () => {
    const { counsellor, kase } = await setup('CLOSED')
    await prisma.followUp.create({ data: { caseId: kase.id, source: 'CONTACT', dueDate: today().date, assigneeId: counsellor.id } })
    const mine = await getMyFollowUps(counsellor as Actor)
    expect(mine.today).toHaveLength(0)
  })

  test('a contact on a closed case is refused with "Fall zuerst wieder öffnen"; no manual follow-up either', async () => {
    const { counsellor, kase, topic } = await setup('CLOSED')
    const request = await requestAs(counsellor.id, `/cases/${kase.id}/contacts/new`)
    const page = (await newContactLoader({ request, params: { caseId: kase.id }, context: {} })) as unknown as { closed: boolean }
    expect(page.closed).toBe(true)
    const result = await recordContact(counsellor.id, kase.id, topic)
    expect(statusOf(result)).toBe(409)
    expect(await prisma.contact.count({ where: { caseId: kase.id } })).toBe(0)
    expect(statusOf(await post(counsellor.id, kase.id, { intent: 'create', dueDate: today().day, note: 'Termin' }))).toBe(409)
  })

  test('the first contact moves an "offen" case to "aktiv", in the status history; the workload counts it', async () => {
    const { eae, counsellor, kase, topic } = await setup('OPEN')
    const before = await getWorkload(eae.id, 'name', 'asc')
    expect(before.rows.find((r) => r.id === counsellor.id)?.activeCaseManagement).toBe(0)
    expect(statusOf(await recordContact(counsellor.id, kase.id, topic))).toBe(302)
    const after = await prisma.case.findUniqueOrThrow({ where: { id: kase.id }, select: { status: true, statusChanges: { select: { fromStatus: true, toStatus: true, byUserId: true } } } })
    expect(after.status).toBe('ACTIVE')
    expect(after.statusChanges).toContainEqual({ fromStatus: 'OPEN', toStatus: 'ACTIVE', byUserId: counsellor.id })
    const workload = await getWorkload(eae.id, 'name', 'asc')
    expect(workload.rows.find((r) => r.id === counsellor.id)).toMatchObject({ activeCaseManagement: 1, contacts30d: 1 })
    // A second contact changes nothing more.
    expect(statusOf(await recordContact(counsellor.id, kase.id, topic))).toBe(302)
    expect(await prisma.caseStatusChange.count({ where: { caseId: kase.id, toStatus: 'ACTIVE' } })).toBe(1)
  })

  test('the workload counts the last 30 office days, today included, also shortly after midnight in Germany', async () => {
    const { eae, counsellor, kase } = await setup()
    const night = new Date('2026-12-04T23:30:00Z') // 00:30 on 5 December in Germany
    const contact = (day: string) =>
      prisma.contact.create({ data: { caseId: kase.id, authorId: counsellor.id, date: parseDay(day)!, durationMinutes: 30, mode: 'OFFICE', setting: 'INDIVIDUAL', personsPresent: 1, interpreting: 'NONE' } })
    // today, the 30th day back (counted) and the 31st (not counted)
    await Promise.all([contact('2026-12-05'), contact('2026-11-06'), contact('2026-11-05')])
    const workload = await getWorkload(eae.id, 'name', 'asc', night)
    expect(workload.rows.find((r) => r.id === counsellor.id)).toMatchObject({ contacts30d: 2, minutes30d: 60 })
  })

  test('a new follow-up from a contact replaces the earlier open one from a contact, unless both are kept', async () => {
    const { counsellor, kase, topic } = await setup()
    const first = addDays(today().day, 7)
    const second = addDays(today().day, 14)
    const third = addDays(today().day, 21)
    await recordContact(counsellor.id, kase.id, topic, { followUpDate: first })
    const manual = await prisma.followUp.create({ data: { caseId: kase.id, source: 'MANUAL', dueDate: today().date, assigneeId: counsellor.id } })
    await recordContact(counsellor.id, kase.id, topic, { followUpDate: second })
    let open = await openFollowUps(kase.id)
    // The manual one stays; of the contacts' ones only the newer.
    expect(open.map((f) => f.source)).toEqual(['MANUAL', 'CONTACT'])
    expect(dayOf(open[1]!.dueDate)).toBe(second)
    expect(open.map((f) => f.id)).toContain(manual.id)
    await recordContact(counsellor.id, kase.id, topic, { followUpDate: third, keepEarlierFollowUp: 'on' })
    open = await openFollowUps(kase.id)
    expect(open.filter((f) => f.source === 'CONTACT').map((f) => dayOf(f.dueDate))).toEqual([second, third])
  })
})
