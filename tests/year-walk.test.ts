// One case walked through a whole year across every seam (issue 12): created in the EAE with a
// confidential note, shared for substitution, opened in an emergency, transferred to Rostock,
// assigned, covered by a substitute, edited by the team lead, closed, reopened, closed again, and
// finally retention with unfrozen and frozen years. At each step: who reads the note's text, who
// sees only that there is one, who cannot open the case at all — through the same loaders that
// answer the page and its `?_data=` requests. A second walk (session 30) takes a case through the team's queue:
// transferred in, assigned from /team/queue, handed back when its counsellor leaves, assigned again — who sees it on
// /team, /team/queue, /team/waiting and the case lists, how long it has waited, and what the year's figures count.
import { afterEach, describe, expect, test, vi } from 'vitest'
import { scaledAtStart } from '#tests/setup/slowdown.ts'
import { freezeYearForRetention, runRetention } from '#app/models/retention.server.ts'
import { getAggregates } from '#app/models/statistics.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { catalogueId, createTestCase, createUser, getTeams, requestAs, settle, statusOf } from '#tests/factories.ts'
import { loader as timelineLoader } from '#app/routes/cases.$caseId._index.tsx'
import { action as assignAction } from '#app/routes/cases.$caseId.assign.tsx'
import { action as editContactAction, loader as contactLoader } from '#app/routes/cases.$caseId.contacts.$contactId.tsx'
import { action as newContactAction } from '#app/routes/cases.$caseId.contacts.new.tsx'
import { action as statusAction } from '#app/routes/cases.$caseId.status.tsx'
import { action as transferAction } from '#app/routes/cases.$caseId.transfer.tsx'
import { loader as layoutLoader } from '#app/routes/cases.$caseId.tsx'
import { action as emergencyAction } from '#app/routes/cases.$caseId_.emergency.tsx'
import { unpackQueueRows } from '#app/components/team-rows.ts'
import { action as adminUserAction } from '#app/routes/admin.users.$userId.tsx'
import { loader as casesLoader } from '#app/routes/cases._index.tsx'
import { loader as teamLoader } from '#app/routes/team._index.tsx'
import { action as teamQueueAction, loader as teamQueueLoader } from '#app/routes/team.queue.tsx'
import { loader as waitingLoader } from '#app/routes/team.waiting.tsx'

const NOTE = 'Berichtet von Schlafstörungen und Albträumen'

type Sight = 'text' | 'exists' | 'no access'

/**
 * What the user gets of the note: its text, only the fact that there is one, or a 404 for the
 * case. The layout, the timeline and the contact page are asked, as a page view (and each of its
 * `?_data=` requests) would; the text must not appear in any of them unless the answer is 'text'.
 */
async function sightOf(userId: string, caseId: string, contactId: string): Promise<Sight> {
  const params = { caseId, contactId }
  const answers = await Promise.all([
    settle(layoutLoader({ request: await requestAs(userId, `/cases/${caseId}`), params, context: {} })),
    settle(timelineLoader({ request: await requestAs(userId, `/cases/${caseId}`), params, context: {} })),
    settle(contactLoader({ request: await requestAs(userId, `/cases/${caseId}/contacts/${contactId}`), params, context: {} })),
  ])
  if (answers.every((answer) => statusOf(answer) === 404)) return 'no access'
  expect(answers.map(statusOf)).toEqual([200, 200, 200])
  const [, timeline, contact] = answers as [unknown, { entries: Array<{ kind: string; hasConfidentialNote?: boolean }> }, { contact: { confidentialNote: string | null; hasConfidentialNote: boolean } }]
  expect(timeline.entries.find((entry) => entry.kind === 'contact')?.hasConfidentialNote).toBe(true)
  expect(contact.contact.hasConfidentialNote).toBe(true)
  const [layout, timelineText] = [JSON.stringify(answers[0]), JSON.stringify(timeline)]
  expect(layout).not.toContain(NOTE)
  expect(timelineText).not.toContain(NOTE)
  if (contact.contact.confidentialNote === null) {
    expect(JSON.stringify(contact)).not.toContain(NOTE)
    return 'exists'
  }
  expect(contact.contact.confidentialNote).toBe(NOTE)
  return 'text'
}

async function sights(people: Record<string, string>, caseId: string, contactId: string) {
  const result: Record<string, Sight> = {}
  for (const [name, id] of Object.entries(people)) result[name] = await sightOf(id, caseId, contactId)
  return result
}

async function version(caseId: string) {
  return String((await prisma.case.findUniqueOrThrow({ where: { id: caseId }, select: { version: true } })).version)
}

/** The walk runs on the calendar of 2025/26 (only Date is faked; timers stay real). */
function itIsNow(iso: string) {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date(iso))
}

afterEach(() => {
  vi.useRealTimers()
})

describe('a year of one case: who reads the confidential note', () => {
  test('created, shared, emergency, transferred, assigned, substituted, edited, closed, reopened, retention', { timeout: scaledAtStart(180_000) }, async () => {
    itIsNow('2025-02-10T10:00:00Z')
    const { eae, rostock } = await getTeams()
    const eaeCounsellor = await createUser({ teamId: eae.id, displayName: 'Esra EAE' })
    const eaeColleague = await createUser({ teamId: eae.id, displayName: 'Emil EAE' })
    const eaeLead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id, displayName: 'Elke Leitung EAE' })
    const rostockLead = await createUser({ role: 'TEAM_LEAD', teamId: rostock.id, displayName: 'Rita Leitung Rostock' })
    const rostockCounsellor = await createUser({ teamId: rostock.id, displayName: 'Rosa Rostock' })
    const rostockColleague = await createUser({ teamId: rostock.id, displayName: 'Rolf Rostock' })
    const admin = await createUser({ role: 'ADMIN', teamId: eae.id, displayName: 'Ada Admin' })
    const people = { eaeCounsellor: eaeCounsellor.id, eaeColleague: eaeColleague.id, eaeLead: eaeLead.id, rostockLead: rostockLead.id, rostockCounsellor: rostockCounsellor.id, rostockColleague: rostockColleague.id, admin: admin.id }
    const nobodyElse = { eaeCounsellor: 'no access', eaeColleague: 'no access', eaeLead: 'no access', rostockLead: 'no access', rostockCounsellor: 'no access', rostockColleague: 'no access', admin: 'no access' } as const

    // Created in the EAE; the counsellor records a contact with a confidential note.
    const openedAt = new Date('2025-02-03T09:00:00Z')
    const kase = await createTestCase({ teamId: eae.id, counsellorId: eaeCounsellor.id, openedAt, birthYear: 1991 })
    const topic = String(await catalogueId('TOPIC', 'HEALTH'))
    const created = await settle(
      newContactAction({
        request: await requestAs(eaeCounsellor.id, `/cases/${kase.id}/contacts/new`, {
          form: { date: '2025-02-10', durationMinutes: '50', mode: 'OFFICE', setting: 'INDIVIDUAL', personsPresent: '1', interpreting: 'NONE', topicIds: [topic], confidentialNote: NOTE },
        }),
        params: { caseId: kase.id },
        context: {},
      }),
    )
    expect(statusOf(created)).toBe(302)
    const contactId = (await prisma.contact.findFirstOrThrow({ where: { caseId: kase.id }, select: { id: true } })).id
    expect(await sights(people, kase.id, contactId)).toEqual({ ...nobodyElse, eaeCounsellor: 'text', eaeLead: 'exists' })

    // Shared for substitution: the colleagues read the file, not the note.
    await prisma.case.update({ where: { id: kase.id }, data: { sharedForSubstitution: true } })
    expect(await sights(people, kase.id, contactId)).toEqual({ ...nobodyElse, eaeCounsellor: 'text', eaeColleague: 'exists', eaeLead: 'exists' })

    // Emergency access: the colleague states a reason and then reads the note; the read is marked.
    const emergency = await settle(
      emergencyAction({ request: await requestAs(eaeColleague.id, `/cases/${kase.id}/emergency`, { form: { reason: 'CRISIS', confirm: 'on' } }), params: { caseId: kase.id }, context: {} }),
    )
    expect(statusOf(emergency)).toBe(302)
    expect(await sightOf(eaeColleague.id, kase.id, contactId)).toBe('text')
    expect(await prisma.auditEvent.count({ where: { action: 'contact.read', userId: eaeColleague.id, emergency: true, details: { contains: '"shown"' } } })).toBe(1)
    expect(await prisma.notification.count({ where: { userId: eaeLead.id, kind: 'EMERGENCY_ACCESS', caseId: kase.id } })).toBe(1)

    // Transferred to Rostock by the EAE's lead: sharing goes back to Rostock's default (off).
    const transferred = await settle(
      transferAction({
        request: await requestAs(eaeLead.id, `/cases/${kase.id}/transfer`, { form: { intent: 'transfer', toTeamId: rostock.id, reason: 'DISTRIBUTION', version: await version(kase.id), confirmed: 'yes' } }),
        params: { caseId: kase.id },
        context: {},
      }),
    )
    expect(statusOf(transferred)).toBe(302)
    expect(await prisma.case.findUniqueOrThrow({ where: { id: kase.id }, select: { sharedForSubstitution: true, counsellorId: true } })).toEqual({ sharedForSubstitution: false, counsellorId: null })
    // the EAE's emergency grant ends with the team; the receiving lead sees that a note exists
    expect(await sights(people, kase.id, contactId)).toEqual({ ...nobodyElse, rostockLead: 'exists' })

    // Assigned in Rostock: the new counsellor is the counselling relationship now.
    const assigned = await settle(
      assignAction({
        request: await requestAs(rostockLead.id, `/cases/${kase.id}/assign`, { form: { counsellorId: rostockCounsellor.id, version: await version(kase.id) } }),
        params: { caseId: kase.id },
        context: {},
      }),
    )
    expect(statusOf(assigned)).toBe(302)
    expect(await sights(people, kase.id, contactId)).toEqual({ ...nobodyElse, rostockLead: 'exists', rostockCounsellor: 'text' })

    // An absence: the substitute reads the note while it lasts.
    const yesterday = new Date(Date.now() - 86_400_000)
    const absence = await prisma.absence.create({ data: { userId: rostockCounsellor.id, substituteId: rostockColleague.id, startsOn: yesterday, endsOn: new Date(Date.now() + 3 * 86_400_000) } })
    expect(await sightOf(rostockColleague.id, kase.id, contactId)).toBe('text')
    await prisma.absence.update({ where: { id: absence.id }, data: { endsOn: new Date(yesterday.getTime() - 86_400_000), startsOn: new Date(yesterday.getTime() - 3 * 86_400_000) } })
    expect(await sightOf(rostockColleague.id, kase.id, contactId)).toBe('no access')

    // The team lead corrects the contact's duration: the note they cannot read survives the save.
    const edited = await settle(
      editContactAction({
        request: await requestAs(rostockLead.id, `/cases/${kase.id}/contacts/${contactId}`, {
          form: { date: '2025-02-10', durationMinutes: '55', mode: 'OFFICE', setting: 'INDIVIDUAL', personsPresent: '1', interpreting: 'NONE', topicIds: [topic], version: '1' },
        }),
        params: { caseId: kase.id, contactId },
        context: {},
      }),
    )
    expect(statusOf(edited)).toBe(302)
    expect(await prisma.contact.findUniqueOrThrow({ where: { id: contactId }, select: { durationMinutes: true, confidentialNote: true } })).toEqual({ durationMinutes: 55, confidentialNote: NOTE })

    // Closed in November, reopened next spring (the client came back), closed again in June: the
    // file and its note stay with the counselling relationship throughout.
    const reason = await catalogueId('CLOSURE_REASON', 'GOALS_ACHIEVED')
    const setStatus = async (fromStatus: string, toStatus: string) =>
      statusOf(
        await settle(
          statusAction({
            request: await requestAs(rostockCounsellor.id, `/cases/${kase.id}/status`, { form: { fromStatus, toStatus, ...(toStatus === 'CLOSED' ? { closureReasonId: String(reason), confirmed: 'yes' } : {}) } }),
            params: { caseId: kase.id },
            context: {},
          }),
        ),
      )
    itIsNow('2025-11-20T10:00:00Z')
    // The first contact made the case active (decision 030).
    expect(await setStatus('ACTIVE', 'CLOSED')).toBe(302)
    expect(await sights(people, kase.id, contactId)).toEqual({ ...nobodyElse, rostockLead: 'exists', rostockCounsellor: 'text' })
    itIsNow('2026-03-02T10:00:00Z')
    expect(await setStatus('CLOSED', 'ACTIVE')).toBe(302)
    expect(await sights(people, kase.id, contactId)).toEqual({ ...nobodyElse, rostockLead: 'exists', rostockCounsellor: 'text' })
    itIsNow('2026-06-15T10:00:00Z')
    expect(await setStatus('ACTIVE', 'CLOSED')).toBe(302)

    // Retention years later (closed 2026 + 3 years): held back while 2025 and 2026 — the years the
    // case counts in — are not frozen; still held back with one of them frozen …
    itIsNow('2030-02-01T10:00:00Z')
    const org = { teamId: null, programme: null }
    expect(await runRetention()).toMatchObject({ clients: 0, heldBack: 1 })
    expect(await sightOf(rostockCounsellor.id, kase.id, contactId)).toBe('text')
    expect(await freezeYearForRetention(2025, admin)).toEqual({ ok: true })
    const frozen2025 = (await getAggregates(2025, org)).aggregates
    expect(await runRetention()).toMatchObject({ clients: 0, heldBack: 1 })
    expect(await freezeYearForRetention(2026, admin)).toEqual({ ok: true })
    const frozen2026 = (await getAggregates(2026, org)).aggregates
    // … and anonymised once both are: the note is gone for everyone, the frozen figures stay.
    expect(await runRetention()).toMatchObject({ clients: 1, heldBack: 0 })
    expect(await prisma.contact.findUniqueOrThrow({ where: { id: contactId }, select: { confidentialNote: true } })).toEqual({ confidentialNote: null })
    const after = await settle(contactLoader({ request: await requestAs(rostockCounsellor.id, `/cases/${kase.id}/contacts/${contactId}`), params: { caseId: kase.id, contactId }, context: {} }))
    expect((after as { contact: { hasConfidentialNote: boolean } }).contact.hasConfidentialNote).toBe(false)
    expect((await getAggregates(2025, org)).aggregates).toEqual(frozen2025)
    expect((await getAggregates(2026, org)).aggregates).toEqual(frozen2026)
  })
})

type QueueSight = {
  summary: { total: number; transferred: number; longestWaitDays: number | null }
  /** the case on /team/queue (the lead), on /team/waiting (each counsellor of the team), unassigned on /cases?counsellor=none */
  queueRow: boolean
  waitingRow: Record<string, boolean>
  unassignedList: boolean
  /** the case on each person's /cases */
  lists: Record<string, boolean>
  /** the year's figures of the receiving team, the sending team and the organisation (cases, new cases) */
  statistics: string
}

/** Who sees the case, through the loaders that answer the pages (and their `.data` requests). */
async function queueSight(caseId: string, lead: string, counsellors: Record<string, string>, people: Record<string, string>, teams: { from: string; to: string }): Promise<QueueSight> {
  const get = async <T,>(loader: (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<unknown>, userId: string, url: string) =>
    (await settle(loader({ request: await requestAs(userId, url), params: {}, context: {} }))) as T
  const team = await get<{ queue: QueueSight['summary'] }>(teamLoader, lead, '/team')
  const queue = await get<{ queue: { rows: Parameters<typeof unpackQueueRows>[0] } }>(teamQueueLoader, lead, '/team/queue')
  const unassigned = await get<{ cases: Array<{ id: string }> }>(casesLoader, lead, '/cases?counsellor=none')
  const waitingRow: Record<string, boolean> = {}
  for (const [name, id] of Object.entries(counsellors)) {
    // a person who has left is sent to the sign-in: they see nothing
    const waiting = await get<{ waiting: { rows: Array<{ id: string }> } } | Response>(waitingLoader, id, '/team/waiting')
    waitingRow[name] = waiting instanceof Response ? false : waiting.waiting.rows.some((row) => row.id === caseId)
  }
  const lists: Record<string, boolean> = {}
  for (const [name, id] of Object.entries(people)) {
    const answer = await get<{ cases: Array<{ id: string }> } | Response>(casesLoader, id, '/cases')
    lists[name] = answer instanceof Response ? false : answer.cases.some((row) => row.id === caseId)
  }
  const figures = async (teamId: string | null) => {
    const { keyFigures } = (await getAggregates(2025, { teamId, programme: null })).aggregates
    return `${keyFigures.cases}/${keyFigures.newCases}`
  }
  return {
    summary: { total: team.queue.total, transferred: team.queue.transferred, longestWaitDays: team.queue.longestWaitDays },
    queueRow: unpackQueueRows(queue.queue.rows).some((row) => row.id === caseId),
    waitingRow,
    unassignedList: unassigned.cases.some((row) => row.id === caseId),
    lists,
    statistics: `to ${await figures(teams.to)} · from ${await figures(teams.from)} · all ${await figures(null)}`,
  }
}

describe('a year of one case through the team\'s queue (session 30)', () => {
  test('transferred in and queued, assigned from /team/queue, its counsellor leaving hands it back, assigned again: who sees it at each step', { timeout: scaledAtStart(180_000) }, async () => {
    itIsNow('2025-02-10T10:00:00Z')
    const { eae, rostock } = await getTeams()
    const eaeCounsellor = await createUser({ teamId: eae.id, displayName: 'Esra EAE' })
    const eaeLead = await createUser({ role: 'TEAM_LEAD', teamId: eae.id, displayName: 'Elke Leitung EAE' })
    const rita = await createUser({ role: 'TEAM_LEAD', teamId: rostock.id, displayName: 'Rita Leitung Rostock' })
    const rosa = await createUser({ teamId: rostock.id, displayName: 'Rosa Rostock' })
    const rolf = await createUser({ teamId: rostock.id, displayName: 'Rolf Rostock' })
    const admin = await createUser({ role: 'ADMIN', teamId: eae.id, displayName: 'Ada Admin' })
    const people = { eaeCounsellor: eaeCounsellor.id, rosa: rosa.id, rolf: rolf.id }
    const teams = { from: eae.id, to: rostock.id }
    const kase = await createTestCase({ teamId: eae.id, counsellorId: eaeCounsellor.id, openedAt: new Date('2025-02-03T09:00:00Z') })
    const look = () => queueSight(kase.id, rita.id, { rosa: rosa.id, rolf: rolf.id }, people, teams)
    const before = await look()
    expect(before).toMatchObject({ queueRow: false, unassignedList: false, waitingRow: { rosa: false, rolf: false }, lists: { eaeCounsellor: true, rosa: false, rolf: false } })
    // the year's figures count the case where it is now: the EAE's, until the transfer
    expect(before.statistics).toBe('to 0/0 · from 1/1 · all 1/1')
    const queueBefore = before.summary

    // Transferred to Rostock by the EAE's lead: it waits in Rostock's queue, from the transfer's day, marked as transferred.
    const transferred = await settle(
      transferAction({
        request: await requestAs(eaeLead.id, `/cases/${kase.id}/transfer`, { form: { intent: 'transfer', toTeamId: rostock.id, reason: 'DISTRIBUTION', version: await version(kase.id), confirmed: 'yes' } }),
        params: { caseId: kase.id },
        context: {},
      }),
    )
    expect(statusOf(transferred)).toBe(302)
    itIsNow('2025-02-17T10:00:00Z')
    const queued = await look()
    // from here on the year's figures are Rostock's, and no assignment, handover or queue changes them
    const statistics = 'to 1/1 · from 0/0 · all 1/1'
    expect(queued).toEqual({
      summary: { total: queueBefore.total + 1, transferred: queueBefore.transferred + 1, longestWaitDays: expect.any(Number) },
      queueRow: true,
      waitingRow: { rosa: true, rolf: true },
      unassignedList: true,
      lists: { eaeCounsellor: false, rosa: false, rolf: false },
      statistics,
    })

    // Assigned to Rosa from /team/queue: it leaves the queue, the waiting list and the unassigned list; it is on Rosa's list only.
    const assigned = await settle(
      teamQueueAction({ request: await requestAs(rita.id, '/team/queue', { form: { intent: 'assign', caseId: [kase.id], counsellorId: rosa.id, note: '' } }), params: {}, context: {} }),
    )
    expect((assigned as { outcome: unknown }).outcome).toEqual({ assigned: 1, alreadyAssigned: 0 })
    expect(await look()).toEqual({
      summary: queueBefore,
      queueRow: false,
      waitingRow: { rosa: false, rolf: false },
      unassignedList: false,
      lists: { eaeCounsellor: false, rosa: true, rolf: false },
      statistics,
    })

    // Another case comes into Rostock's queue in May, opened there and not assigned.
    itIsNow('2025-05-05T09:00:00Z')
    const waitingSinceMay = await createTestCase({ teamId: rostock.id, openedAt: new Date('2025-05-05T09:00:00Z') })
    // a case of Rostock's year as well: one more case and new case there and in all (nothing else changes them)
    const statisticsFromMay = 'to 2/2 · from 0/0 · all 2/2'

    // Rosa leaves in June: the administrator hands her open work to the team's queue. The case waits again — on
    // /team, /team/queue, the waiting list and the unassigned list — and is on nobody's list.
    itIsNow('2025-06-02T10:00:00Z')
    const left = await settle(
      adminUserAction({ request: await requestAs(admin.id, `/admin/users/${rosa.id}`, { form: { intent: 'deactivate', confirmed: 'yes', handover: 'queue' } }), params: { userId: rosa.id }, context: {} }),
    )
    expect(statusOf(left)).toBe(302)
    const back = await look()
    expect(back).toEqual({
      summary: { total: queueBefore.total + 2, transferred: queueBefore.transferred + 1, longestWaitDays: expect.any(Number) },
      queueRow: true,
      waitingRow: { rolf: true, rosa: false },
      unassignedList: true,
      lists: { eaeCounsellor: false, rosa: false, rolf: false },
      statistics: statisticsFromMay,
    })
    // Its wait is counted from the handover (decision 245: the latest of opening, last transfer in and last return to
    // the queue), not from the transfer in February (which made it 112 days at once until session 31): 0 days, marked
    // as back in the queue and still as transferred; the team's longest wait is the May case's 28 days, which ranks
    // first. It waited 7 days after the transfer.
    expect([queued.summary.longestWaitDays, back.summary.longestWaitDays]).toEqual([7, 28])
    const queueRows = async () => {
      const queue = (await settle(teamQueueLoader({ request: await requestAs(rita.id, '/team/queue'), params: {}, context: {} }))) as { queue: { rows: Parameters<typeof unpackQueueRows>[0] } }
      return unpackQueueRows(queue.queue.rows)
        .filter((row) => row.id === kase.id || row.id === waitingSinceMay.id)
        .map((row) => ({ id: row.id, waitingDays: row.waitingDays, requeued: row.requeued, transferredFrom: row.transferredFrom }))
    }
    expect(await queueRows()).toEqual([
      { id: waitingSinceMay.id, waitingDays: 28, requeued: false, transferredFrom: null },
      { id: kase.id, waitingDays: 0, requeued: true, transferredFrom: eae.name },
    ])
    // three office days later it has waited three days, on the lead's queue and on the counsellors' waiting list
    itIsNow('2025-06-05T10:00:00Z')
    expect(await queueRows()).toEqual([
      { id: waitingSinceMay.id, waitingDays: 31, requeued: false, transferredFrom: null },
      { id: kase.id, waitingDays: 3, requeued: true, transferredFrom: eae.name },
    ])
    const waitingList = (await settle(waitingLoader({ request: await requestAs(rolf.id, '/team/waiting'), params: {}, context: {} }))) as { waiting: { rows: Array<{ id: string; waitingDays: number; requeued: boolean }> } }
    expect(waitingList.waiting.rows.find((row) => row.id === kase.id)).toMatchObject({ waitingDays: 3, requeued: true })
    expect((await look()).summary).toEqual({ total: queueBefore.total + 2, transferred: queueBefore.transferred + 1, longestWaitDays: 31 })
    expect(await prisma.notification.count({ where: { userId: rita.id, kind: 'QUEUED', caseId: kase.id } })).toBe(1)

    // Assigned again, to Rolf: on his list alone; Rosa, gone, holds nothing.
    const again = await settle(
      teamQueueAction({ request: await requestAs(rita.id, '/team/queue', { form: { intent: 'assign', caseId: [kase.id], counsellorId: rolf.id, note: '' } }), params: {}, context: {} }),
    )
    expect((again as { outcome: unknown }).outcome).toEqual({ assigned: 1, alreadyAssigned: 0 })
    expect(await look()).toEqual({
      summary: { total: queueBefore.total + 1, transferred: queueBefore.transferred, longestWaitDays: 31 },
      queueRow: false,
      waitingRow: { rosa: false, rolf: false },
      unassignedList: false,
      lists: { eaeCounsellor: false, rosa: false, rolf: true },
      statistics: statisticsFromMay,
    })
    expect(await prisma.case.count({ where: { counsellorId: rosa.id, status: { not: 'CLOSED' } } })).toBe(0)
    // The case's assignments over the year, each audited: the transfer left it to the queue, then Rosa, the queue, Rolf.
    const name = (id: string | null) => (id === null ? 'queue' : (Object.entries(people).find(([, person]) => person === id)?.[0] ?? id))
    const history = await prisma.assignment.findMany({ where: { caseId: kase.id }, orderBy: { at: 'asc' }, select: { fromUserId: true, toUserId: true } })
    expect(history.map((row) => `${row.fromUserId ? name(row.fromUserId) : '-'}→${name(row.toUserId)}`)).toEqual(['eaeCounsellor→queue', '-→rosa', 'rosa→queue', '-→rolf'])
    expect(await prisma.auditEvent.count({ where: { action: 'case.assign', caseId: kase.id } })).toBe(3)
  })
})
