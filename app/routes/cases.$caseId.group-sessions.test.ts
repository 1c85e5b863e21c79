import { describe, expect, test } from 'vitest'
import { today } from '#app/domain/follow-up.ts'
import { getSubjectAccessFile } from '#app/models/subject-access.server.ts'
import { getTimeline } from '#app/models/timeline.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { catalogueId, createTestCase, createUser, getTeams, inRequest, requestAs, settle, statusOf } from '#tests/factories.ts'
import { loader as viewLoader } from './cases.$caseId.group-sessions.$sessionId.tsx'
import { action as createAction, loader as newLoader } from './cases.$caseId.group-sessions.new.tsx'

type Reply = { data: { result: { error: Record<string, string[]>; initialValue: Record<string, unknown> } } }

async function setup() {
  const { eae, rostock } = await getTeams()
  const anna = await createUser({ teamId: eae.id, displayName: 'Anna Beraterin' })
  const ben = await createUser({ teamId: eae.id, displayName: 'Ben Berater' })
  const lead = await createUser({ teamId: eae.id, role: 'TEAM_LEAD', displayName: 'Lea Leitung' })
  const openedAt = new Date(Date.now() - 30 * 86_400_000)
  const annaCase = await createTestCase({ teamId: eae.id, counsellorId: anna.id, openedAt })
  const annaSecond = await createTestCase({ teamId: eae.id, counsellorId: anna.id, openedAt })
  const benCase = await createTestCase({ teamId: eae.id, counsellorId: ben.id, openedAt })
  const foreignCase = await createTestCase({ teamId: rostock.id, openedAt })
  const housing = String(await catalogueId('TOPIC', 'HOUSING'))
  return { eae, anna, ben, lead, annaCase, annaSecond, benCase, foreignCase, housing }
}

function sessionForm(overrides: Record<string, string | string[]> = {}) {
  return { date: today().day, startTime: '10:00', durationMinutes: '90', mode: 'OFFICE', topicIds: [] as string[], description: 'Wohnungssuche in Rostock', anonymousParticipants: '3', otherCaseIds: [] as string[], ...overrides }
}

async function create(userId: string, caseId: string, form: Record<string, string | string[]>) {
  const request = await requestAs(userId, `/cases/${caseId}/group-sessions/new`, { form })
  const { result } = await inRequest(() => settle(createAction({ request, params: { caseId }, context: {} })), { method: 'POST' })
  return result
}

async function view(userId: string, caseId: string, sessionId: string) {
  const request = await requestAs(userId, `/cases/${caseId}/group-sessions/${sessionId}`)
  return inRequest(() => settle(viewLoader({ request, params: { caseId, sessionId }, context: {} }))).then(({ result }) => result)
}

describe('recording a group session', () => {
  test('once, with this case, further cases and anonymous participants; in every participant timeline; audited per case', async () => {
    const { anna, annaCase, annaSecond, housing } = await setup()
    const result = await create(anna.id, annaCase.id, sessionForm({ topicIds: [housing], otherCaseIds: [annaSecond.id] }))
    expect(statusOf(result)).toBe(302)
    const location = (result as Response).headers.get('Location')!
    expect(location).toMatch(new RegExp(`^/cases/${annaCase.id}/group-sessions/\\w+\\?done=saved$`))
    const sessions = await prisma.groupSession.findMany({ select: { id: true, teamId: true, programme: true, durationMinutes: true, anonymousParticipants: true, date: true, participants: { select: { caseId: true } } } })
    expect(sessions).toHaveLength(1)
    const [session] = sessions
    expect(session!.date.toISOString()).toBe(`${today().day}T00:00:00.000Z`)
    expect(session).toMatchObject({ teamId: annaCase.teamId, programme: 'MBE', durationMinutes: 90, anonymousParticipants: 3 })
    expect(session!.participants.map((row) => row.caseId).sort()).toEqual([annaCase.id, annaSecond.id].sort())
    // no per-case contact rows: the session is the one record
    expect(await prisma.contact.count({ where: { caseId: { in: [annaCase.id, annaSecond.id] } } })).toBe(0)
    for (const caseId of [annaCase.id, annaSecond.id]) {
      const { entries } = await getTimeline(caseId, { language: 'de' })
      const entry = entries.find((item) => item.kind === 'group')
      expect(entry).toMatchObject({ kind: 'group', groupSessionId: session!.id, durationMinutes: 90, participants: 5, topics: ['Wohnen'] })
    }
    const events = await prisma.auditEvent.findMany({ where: { action: 'group-session.create' }, select: { caseId: true, entityId: true, userId: true } })
    expect(events.map((event) => event.caseId).sort()).toEqual([annaCase.id, annaSecond.id].sort())
    expect(events.every((event) => event.entityId === session!.id && event.userId === anna.id)).toBe(true)
  })

  test('the participant choice lists only open cases the user may write, never this case or another team’s', async () => {
    const { anna, annaCase, annaSecond, benCase, foreignCase } = await setup()
    const closed = await createTestCase({ teamId: annaCase.teamId, counsellorId: anna.id, status: 'CLOSED' })
    const request = await requestAs(anna.id, `/cases/${annaCase.id}/group-sessions/new`)
    const { result } = await inRequest(() => settle(newLoader({ request, params: { caseId: annaCase.id }, context: {} })))
    const ids = (result as { others: Array<{ value: string }> }).others.map((option) => option.value)
    expect(ids).toContain(annaSecond.id)
    for (const hidden of [annaCase.id, benCase.id, foreignCase.id, closed.id]) expect(ids).not.toContain(hidden)
  })

  test('a case of another team, a colleague’s case and an unknown id are refused next to the field alike, values kept, nothing saved', async () => {
    const { anna, annaCase, benCase, foreignCase, housing } = await setup()
    const answers: string[] = []
    for (const other of [foreignCase.id, benCase.id, `c${'0'.repeat(24)}`]) {
      const result = await create(anna.id, annaCase.id, sessionForm({ topicIds: [housing], otherCaseIds: [other] }))
      expect(statusOf(result)).toBe(400)
      const reply = (result as unknown as Reply).data.result
      expect(reply.error.otherCaseIds).toEqual(['groupSessions:errors.participant'])
      expect(reply.initialValue.description).toBe('Wohnungssuche in Rostock')
      answers.push(JSON.stringify(reply.error))
    }
    expect(new Set(answers).size).toBe(1)
    expect(await prisma.groupSession.count()).toBe(0)
    expect(await prisma.auditEvent.count({ where: { action: 'case.write', outcome: 'DENIED', userId: anna.id } })).toBe(3)
  })

  test('a closed case cannot take part, neither as a further participant nor as the case it is recorded from', async () => {
    const { anna, annaCase, annaSecond, housing } = await setup()
    await prisma.case.update({ where: { id: annaSecond.id }, data: { status: 'CLOSED', closedAt: new Date() } })
    const refused = await create(anna.id, annaCase.id, sessionForm({ topicIds: [housing], otherCaseIds: [annaSecond.id] }))
    expect(statusOf(refused)).toBe(400)
    expect((refused as unknown as Reply).data.result.error.otherCaseIds).toEqual(['groupSessions:errors.participantClosed'])
    const fromClosed = await create(anna.id, annaSecond.id, sessionForm({ topicIds: [housing] }))
    expect(statusOf(fromClosed)).toBe(409)
    expect(await prisma.groupSession.count()).toBe(0)
  })

  test('bad input is answered next to each field, translated keys, nothing saved', async () => {
    const { anna, annaCase } = await setup()
    const result = await create(anna.id, annaCase.id, sessionForm({ description: '  ', anonymousParticipants: '-1', startTime: '25:00', durationMinutes: '0' }))
    expect(statusOf(result)).toBe(400)
    const { error } = (result as unknown as Reply).data.result
    expect(error).toMatchObject({
      description: ['groupSessions:errors.description'],
      anonymousParticipants: ['groupSessions:errors.anonymous'],
      startTime: ['groupSessions:errors.startTime'],
      durationMinutes: ['contacts:errors.duration'],
      topicIds: ['contacts:errors.topicsRequired'],
    })
    expect(await prisma.groupSession.count()).toBe(0)
  })

  test('a participant’s counsellor sees the session and the number of participants, the codes only of cases they may open', async () => {
    const { anna, ben, lead, annaCase, benCase, housing } = await setup()
    const result = await create(lead.id, annaCase.id, sessionForm({ topicIds: [housing], otherCaseIds: [benCase.id], anonymousParticipants: '1' }))
    expect(statusOf(result)).toBe(302)
    const { id } = await prisma.groupSession.findFirstOrThrow({ select: { id: true } })
    const benCode = (await prisma.case.findUniqueOrThrow({ where: { id: benCase.id }, select: { client: { select: { pseudonymCode: true } } } })).client.pseudonymCode
    const annaSight = (await view(anna.id, annaCase.id, id)) as { session: { participants: number; otherCasesShown: unknown[]; otherCasesHidden: number } }
    expect(annaSight.session).toMatchObject({ participants: 3, otherCasesShown: [], otherCasesHidden: 1 })
    expect(JSON.stringify(annaSight)).not.toContain(benCode)
    const leadSight = (await view(lead.id, annaCase.id, id)) as { session: { otherCasesShown: Array<{ code: string }>; otherCasesHidden: number } }
    expect(leadSight.session.otherCasesShown.map((other) => other.code)).toEqual([benCode])
    expect(await prisma.auditEvent.count({ where: { action: 'group-session.read', entityId: id } })).toBe(2)
    // through a case that did not take part, or a foreign one, the session does not exist
    const { annaSecond } = { annaSecond: await createTestCase({ teamId: annaCase.teamId, counsellorId: anna.id }) }
    expect(statusOf(await view(anna.id, annaSecond.id, id))).toBe(404)
    expect(statusOf(await view(ben.id, annaCase.id, id))).toBe(404)
  })

  test('the subject-access file (Art. 15) lists the session with its number of participants, never the other participants', async () => {
    const { anna, annaCase, annaSecond, housing } = await setup()
    expect(statusOf(await create(anna.id, annaCase.id, sessionForm({ topicIds: [housing], otherCaseIds: [annaSecond.id] })))).toBe(302)
    const { result: file } = await inRequest(() => getSubjectAccessFile({ actor: { id: anna.id, role: 'COUNSELLOR', teamId: annaCase.teamId }, caseId: annaSecond.id, language: 'de', format: 'json' }))
    expect(file.cases[0]!.groupSessions).toEqual([
      { date: `${today().day}T00:00:00.000Z`, startTime: '10:00', durationMinutes: 90, mode: 'OFFICE', topics: ['Wohnen'], description: 'Wohnungssuche in Rostock', participants: 5 },
    ])
    const otherCode = (await prisma.case.findUniqueOrThrow({ where: { id: annaCase.id }, select: { client: { select: { pseudonymCode: true } } } })).client.pseudonymCode
    expect(JSON.stringify(file)).not.toContain(otherCode)
    expect(JSON.stringify(file)).not.toContain(annaCase.id)
  })

  test('parallel saves of two sessions keep both, each counted once', async () => {
    const { anna, annaCase, annaSecond, housing } = await setup()
    const results = await Promise.all([1, 2].map(() => create(anna.id, annaCase.id, sessionForm({ topicIds: [housing], otherCaseIds: [annaSecond.id] }))))
    expect(results.map(statusOf)).toEqual([302, 302])
    expect(await prisma.groupSession.count()).toBe(2)
    expect(await prisma.groupSessionParticipant.count()).toBe(4)
  })
})
