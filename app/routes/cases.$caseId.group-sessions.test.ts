import { describe, expect, test } from 'vitest'
import { type LoaderFunctionArgs } from '@remix-run/node'
import { dayOf, officeYear, parseDay, today } from '#app/domain/follow-up.ts'
import { refreshContactDates } from '#app/models/contact.server.ts'
import { getSubjectAccessFile } from '#app/models/subject-access.server.ts'
import { getTimeline } from '#app/models/timeline.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { catalogueId, createTestCase, createUser, getTeams, inRequest, requestAs, settle, statusOf } from '#tests/factories.ts'
import { plansOf } from '#tests/statement-plans.ts'
import { action as viewAction, loader as viewLoader } from './cases.$caseId.group-sessions.$sessionId.tsx'
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

/**
 * 300 more open cases in the team, and one of them with the last code of all (`ZZZZ-ZZZZ-Z`; the factory's
 * codes are not in the written 4-4-1 form): a case the participant choice's first 300 do not list.
 */
async function caseBeyondTheChoice(teamId: string) {
  for (let start = 0; start < 300; start += 30)
    await Promise.all(Array.from({ length: 30 }, () => createTestCase({ teamId, status: 'ACTIVE' })))
  const newest = await prisma.case.findFirstOrThrow({ where: { teamId, status: 'ACTIVE', counsellorId: null }, select: { id: true, clientId: true } })
  await prisma.client.update({ where: { id: newest.clientId }, data: { pseudonymCode: 'ZZZZ-ZZZZ-Z' } })
  return newest
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

  test('a team lead’s choice, cut at 300, counts every open case of the team: the new and the edit form alike', async () => {
    const { eae, lead, annaCase, annaSecond, housing } = await setup()
    for (let start = 0; start < 300; start += 30)
      await Promise.all(Array.from({ length: 30 }, () => createTestCase({ teamId: eae.id, status: 'ACTIVE' })))
    const total = await prisma.case.count({ where: { teamId: eae.id, status: { not: 'CLOSED' }, id: { not: annaCase.id } } })
    expect(total).toBeGreaterThan(300)
    const request = await requestAs(lead.id, `/cases/${annaCase.id}/group-sessions/new`)
    const { result } = await inRequest(() => settle(newLoader({ request, params: { caseId: annaCase.id }, context: {} })))
    const fresh = result as { others: unknown[]; othersTotal: number }
    expect(fresh.others).toHaveLength(300)
    expect(fresh.othersTotal).toBe(total)
    const created = await create(lead.id, annaCase.id, sessionForm({ topicIds: [housing], otherCaseIds: [annaSecond.id] }))
    expect(statusOf(created)).toBe(302)
    const id = (await prisma.groupSession.findFirstOrThrow({ select: { id: true } })).id
    const { edit } = (await view(lead.id, annaCase.id, id)) as { edit: { others: Array<{ value: string }>; othersShown: number; othersTotal: number } }
    expect(edit.othersShown).toBe(300)
    expect(edit.othersTotal).toBe(total)
    // the participant first, then the open cases not yet chosen
    expect(edit.others[0]!.value).toBe(annaSecond.id)
  }, 120_000)

  test('the participant search reaches a case past the 300 by its code, keeps every value and ticked case, saves nothing; then the case is saved with it — new and edit form', async () => {
    const { eae, lead, annaCase, annaSecond, housing } = await setup()
    const newest = await caseBeyondTheChoice(eae.id)
    const last = await prisma.case.findFirstOrThrow({
      where: { teamId: eae.id, status: { not: 'CLOSED' }, id: { not: annaCase.id } },
      orderBy: [{ clientCode: 'desc' }, { id: 'desc' }],
      select: { id: true, clientCode: true },
    })
    expect(last).toEqual({ id: newest.id, clientCode: 'ZZZZ-ZZZZ-Z' })
    const request = await requestAs(lead.id, `/cases/${annaCase.id}/group-sessions/new`)
    const { result: fresh } = await inRequest(() => settle(newLoader({ request, params: { caseId: annaCase.id }, context: {} })))
    expect((fresh as { others: Array<{ value: string }> }).others.map((option) => option.value)).not.toContain(last.id)
    // typed in small letters without dashes, half a form filled in (no topic yet), one case ticked
    const typed = last.clientCode!.replaceAll('-', '').toLowerCase()
    const searched = await create(lead.id, annaCase.id, sessionForm({ description: 'Sprachcafé', otherCaseIds: [annaSecond.id], participantCode: typed, intent: 'find-participants' }))
    expect(statusOf(searched)).toBe(200)
    const answer = searched as unknown as {
      result: { initialValue: Record<string, unknown>; error?: unknown; status?: string }
      found: { options: Array<{ value: string; label: string }>; kept: Array<{ value: string }>; total: number; search: { code: string; found: number; invalid: boolean } }
    }
    expect(answer.result.error).toBeUndefined()
    expect(answer.result.status).toBeUndefined()
    expect(answer.result.initialValue).toMatchObject({ description: 'Sprachcafé', durationMinutes: '90', anonymousParticipants: '3', otherCaseIds: annaSecond.id })
    expect(answer.found.options).toEqual([{ value: last.id, label: last.clientCode }])
    expect(answer.found.kept.map((option) => option.value)).toEqual([annaSecond.id])
    expect(answer.found.search).toEqual({ code: last.clientCode, found: 1, invalid: false })
    expect(await prisma.groupSession.count()).toBe(0)
    // saved with the case found
    const saved = await create(lead.id, annaCase.id, sessionForm({ topicIds: [housing], otherCaseIds: [annaSecond.id, last.id] }))
    expect(statusOf(saved)).toBe(302)
    const session = await prisma.groupSession.findFirstOrThrow({ select: { id: true, participants: { select: { caseId: true } } } })
    expect(session.participants.map((row) => row.caseId).sort()).toEqual([annaCase.id, annaSecond.id, last.id].sort())
    // the edit form's search: its participants stay first, the cases found after them
    const editRequest = await requestAs(lead.id, `/cases/${annaCase.id}/group-sessions/${session.id}`, {
      form: { ...sessionForm({ topicIds: [housing], otherCaseIds: [annaSecond.id, last.id] }), version: '1', participantCode: 'ü', intent: 'find-participants' },
    })
    const { result: edited } = await inRequest(() => settle(viewAction({ request: editRequest, params: { caseId: annaCase.id, sessionId: session.id }, context: {} })), { method: 'POST' })
    expect(statusOf(edited)).toBe(200)
    const editAnswer = edited as unknown as { found: { search: { invalid: boolean; found: null } }; result: { initialValue: Record<string, unknown> } }
    expect(editAnswer.found.search).toEqual({ code: 'ü', found: null, invalid: true })
    expect(editAnswer.result.initialValue.otherCaseIds).toEqual([annaSecond.id, last.id])
    expect(await prisma.groupSession.findUniqueOrThrow({ where: { id: session.id }, select: { version: true } })).toEqual({ version: 1 })
  }, 120_000)

  test('a refused save keeps a ticked case that a search found past the 300 listed (the choice comes back as the form showed it) — new and edit form', async () => {
    const { eae, lead, annaCase, annaSecond, housing } = await setup()
    const newest = await caseBeyondTheChoice(eae.id)
    const listed = (choice: { options: Array<{ value: string }>; kept: Array<{ value: string }> }) => [...choice.options, ...choice.kept].map((option) => option.value)
    type Refused = Reply & { data: { result: { initialValue: Record<string, unknown> }; found: { options: Array<{ value: string }>; kept: Array<{ value: string }> } } }
    // found by a search, ticked, then saved without a topic: refused by the schema
    const noTopic = await create(lead.id, annaCase.id, sessionForm({ otherCaseIds: [annaSecond.id, newest.id], participantCode: 'ZZZZ', participantCodeSearched: 'ZZZZ' }))
    expect(statusOf(noTopic)).toBe(400)
    const refused = (noTopic as unknown as Refused).data
    expect(refused.result.initialValue.otherCaseIds).toEqual([annaSecond.id, newest.id])
    expect(listed(refused.found)).toEqual(expect.arrayContaining([annaSecond.id, newest.id]))
    // without a search: the first 300, and the ticked case past them after them
    const plain = await create(lead.id, annaCase.id, sessionForm({ otherCaseIds: [newest.id] }))
    expect(statusOf(plain)).toBe(400)
    const plainChoice = (plain as unknown as Refused).data.found
    expect(plainChoice.options).toHaveLength(300)
    expect(plainChoice.kept.map((option) => option.value)).toEqual([newest.id])
    expect(await prisma.groupSession.count()).toBe(0)
    // the edit form: a save of a stale version is refused with the ticked case still listed
    const saved = await create(lead.id, annaCase.id, sessionForm({ topicIds: [housing], otherCaseIds: [annaSecond.id] }))
    expect(statusOf(saved)).toBe(302)
    const session = await prisma.groupSession.findFirstOrThrow({ select: { id: true } })
    const editRequest = await requestAs(lead.id, `/cases/${annaCase.id}/group-sessions/${session.id}`, {
      form: { ...sessionForm({ topicIds: [housing], otherCaseIds: [annaSecond.id, newest.id] }), version: '7' },
    })
    const { result: stale } = await inRequest(() => settle(viewAction({ request: editRequest, params: { caseId: annaCase.id, sessionId: session.id }, context: {} })), { method: 'POST' })
    expect(statusOf(stale)).toBe(409)
    expect(listed((stale as unknown as Refused).data.found)).toContain(newest.id)
  }, 120_000)

  test('a save with a code typed and not yet searched is a search (Enter in the field without JavaScript); with the searched code still there it saves', async () => {
    const { anna, annaCase, annaSecond, housing } = await setup()
    const { clientId } = await prisma.case.findUniqueOrThrow({ where: { id: annaSecond.id }, select: { clientId: true } })
    await prisma.client.update({ where: { id: clientId }, data: { pseudonymCode: 'ZZZZ-ZZZ9-0' } })
    const complete = sessionForm({ topicIds: [housing], otherCaseIds: [] })
    for (const searched of [undefined, '', 'ZZZZ-ZZZ1']) {
      const result = await create(anna.id, annaCase.id, { ...complete, intent: 'save', participantCode: 'zzzz zzz9', ...(searched === undefined ? {} : { participantCodeSearched: searched }) })
      expect(statusOf(result), String(searched)).toBe(200)
      expect((result as unknown as { found: { options: Array<{ value: string }> } }).found.options.map((option) => option.value)).toEqual([annaSecond.id])
    }
    expect(await prisma.groupSession.count()).toBe(0)
    // the searched code in the field, as typed or as read: a save
    for (const typed of ['ZZZZ-ZZZ9', 'zzzzzzz9']) {
      const saved = await create(anna.id, annaCase.id, { ...complete, intent: 'save', participantCode: typed, participantCodeSearched: 'ZZZZ-ZZZ9', otherCaseIds: [annaSecond.id] })
      expect(statusOf(saved), typed).toBe(302)
    }
    // an empty field, or a text that is no code and was searched as such: a save
    expect(statusOf(await create(anna.id, annaCase.id, { ...complete, participantCode: '  ' }))).toBe(302)
    expect(statusOf(await create(anna.id, annaCase.id, { ...complete, participantCode: ' ü', participantCodeSearched: 'ü' }))).toBe(302)
    expect(await prisma.groupSession.count()).toBe(4)
  })

  // Session 24: the form's reads asked for the user's substitutions twice (the visible cases' filter and
  // the write check each looked them up): without a page view's cache — a search or a refused save is a
  // POST — the statement ran twice, and the edit form's twice more for its participants.
  test('the substitutions are read once per form view and per search, new and edit form, for a substitute and a team lead', async () => {
    const { eae, anna, ben, lead, annaCase, annaSecond, benCase, housing } = await setup()
    await prisma.absence.create({ data: { userId: ben.id, substituteId: anna.id, startsOn: parseDay(today().day)!, endsOn: parseDay(today().day)! } })
    const saved = await create(anna.id, annaCase.id, sessionForm({ topicIds: [housing], otherCaseIds: [annaSecond.id, benCase.id] }))
    expect(statusOf(saved)).toBe(302)
    const session = await prisma.groupSession.findFirstOrThrow({ select: { id: true } })
    const substitutionReads = (work: () => Promise<unknown>) => plansOf(work, 'SELECT a."userId" FROM "Absence" a').then((caught) => caught.length)
    const search = { participantCode: 'zz', intent: 'find-participants' }
    for (const user of [anna, lead]) {
      const newForm = `/cases/${annaCase.id}/group-sessions/new`
      const editForm = `/cases/${annaCase.id}/group-sessions/${session.id}`
      const params = { caseId: annaCase.id, sessionId: session.id }
      type Handler = (args: LoaderFunctionArgs) => Promise<unknown>
      const run = async (url: string, handler: Handler, form?: Record<string, string | string[]>) => {
        const request = await requestAs(user.id, url, form ? { form } : {})
        let status: number | undefined
        const reads = await substitutionReads(async () => {
          const { result } = await inRequest(() => settle(handler({ request, params, context: {} })), { method: form ? 'POST' : 'GET' })
          status = statusOf(result)
        })
        expect(status, url).toBe(200)
        return reads
      }
      expect(await run(newForm, newLoader), `${user.displayName}: new form`).toBe(1)
      expect(await run(newForm, createAction, sessionForm(search)), `${user.displayName}: new form's search`).toBe(1)
      expect(await run(editForm, viewLoader), `${user.displayName}: edit form`).toBe(1)
      expect(await run(editForm, viewAction, { ...sessionForm({ topicIds: [housing], otherCaseIds: [annaSecond.id, benCase.id] }), version: '1', ...search }), `${user.displayName}: edit form's search`).toBe(1)
    }
    // the substitution still counts: Anna may add Ben's case, as before
    const request = await requestAs(anna.id, `/cases/${annaCase.id}/group-sessions/new`)
    const { result } = await inRequest(() => settle(newLoader({ request, params: { caseId: annaCase.id }, context: {} })))
    expect((result as { others: Array<{ value: string }> }).others.map((option) => option.value)).toContain(benCase.id)
    expect(eae.id).toBe(annaCase.teamId)
  })

  test('a counsellor’s search shows no case they may not write, also when its code is typed whole; a foreign case’s form answers 404 to a search', async () => {
    const { anna, ben, annaCase, benCase, foreignCase } = await setup()
    const benShared = await createTestCase({ teamId: annaCase.teamId, counsellorId: ben.id, sharedForSubstitution: true })
    // each with a code in the written form, typed whole and as its start; and one of Anna's own, found
    const mine = await createTestCase({ teamId: annaCase.teamId, counsellorId: anna.id })
    for (const [index, other] of [benCase, benShared, foreignCase, mine].entries()) {
      const code = `ZZZZ-ZZZ${index + 1}-0`
      const { clientId } = await prisma.case.findUniqueOrThrow({ where: { id: other.id }, select: { clientId: true } })
      await prisma.client.update({ where: { id: clientId }, data: { pseudonymCode: code } })
      for (const typed of [code, code.slice(0, 8)]) {
        const result = await create(anna.id, annaCase.id, sessionForm({ participantCode: typed, otherCaseIds: [other.id], intent: 'find-participants' }))
        const { found } = result as unknown as { found: { options: Array<{ value: string }>; kept: Array<{ value: string }>; search: { invalid: boolean } } }
        expect(found.search.invalid).toBe(false)
        const listed = [...found.options, ...found.kept].map((option) => option.value)
        if (other === mine) expect(listed).toEqual([mine.id])
        else expect(listed).toEqual([])
      }
    }
    const foreign = await requestAs(anna.id, `/cases/${foreignCase.id}/group-sessions/new`, { form: sessionForm({ participantCode: 'K', intent: 'find-participants' }) })
    const { result } = await inRequest(() => settle(createAction({ request: foreign, params: { caseId: foreignCase.id }, context: {} })), { method: 'POST' })
    expect(statusOf(result)).toBe(404)
  })

  test('a case of another team, a colleague’s case, a colleague’s shared case (readable, not writable) and an unknown id are refused next to the field alike, values kept, nothing saved', async () => {
    const { anna, annaCase, ben, benCase, foreignCase, housing } = await setup()
    const benShared = await createTestCase({ teamId: annaCase.teamId, counsellorId: ben.id, sharedForSubstitution: true })
    const answers: string[] = []
    for (const other of [foreignCase.id, benCase.id, benShared.id, `c${'0'.repeat(24)}`]) {
      const result = await create(anna.id, annaCase.id, sessionForm({ topicIds: [housing], otherCaseIds: [other] }))
      expect(statusOf(result)).toBe(400)
      const reply = (result as unknown as Reply).data.result
      expect(reply.error.otherCaseIds).toEqual(['groupSessions:errors.participant'])
      expect(reply.initialValue.description).toBe('Wohnungssuche in Rostock')
      answers.push(JSON.stringify(reply.error))
    }
    expect(new Set(answers).size).toBe(1)
    expect(await prisma.groupSession.count()).toBe(0)
    expect(await prisma.auditEvent.count({ where: { action: 'case.write', outcome: 'DENIED', userId: anna.id } })).toBe(4)
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

async function change(userId: string, caseId: string, sessionId: string, form: Record<string, string | string[]>) {
  const request = await requestAs(userId, `/cases/${caseId}/group-sessions/${sessionId}`, { form })
  const { result } = await inRequest(() => settle(viewAction({ request, params: { caseId, sessionId }, context: {} })), { method: 'POST' })
  return result
}

/** Records a session as `userId` from `caseId` and answers its id and version. */
async function recorded(userId: string, caseId: string, form: Record<string, string | string[]>) {
  expect(statusOf(await create(userId, caseId, form))).toBe(302)
  return prisma.groupSession.findFirstOrThrow({ orderBy: { createdAt: 'desc' }, select: { id: true, version: true } })
}

const lifeOf = (id: string) => prisma.case.findUniqueOrThrow({ where: { id }, select: { status: true, firstContactAt: true, lastContactAt: true } })
const groupEntries = async (caseId: string) => (await getTimeline(caseId, { language: 'de' })).entries.filter((entry) => entry.kind === 'group')
const daysAgo = (days: number) => dayOf(new Date(parseDay(today().day)!.getTime() - days * 86_400_000))

describe('a group session in the life of its participant cases (decision 046)', () => {
  test('it is a contact for first/last contact and turns an "offen" case "aktiv" with a status history row', async () => {
    const { anna, annaCase, annaSecond, housing } = await setup()
    await prisma.case.update({ where: { id: annaSecond.id }, data: { status: 'ACTIVE' } })
    await recorded(anna.id, annaCase.id, sessionForm({ date: daysAgo(3), topicIds: [housing], otherCaseIds: [annaSecond.id] }))
    for (const id of [annaCase.id, annaSecond.id]) {
      const life = await lifeOf(id)
      expect(life.status).toBe('ACTIVE')
      expect(dayOf(life.firstContactAt!)).toBe(daysAgo(3))
      expect(dayOf(life.lastContactAt!)).toBe(daysAgo(3))
    }
    // only the "offen" case got a status change, marked as caused by the session
    const changes = await prisma.caseStatusChange.findMany({ where: { caseId: { in: [annaCase.id, annaSecond.id] }, fromStatus: { not: null } }, select: { caseId: true, fromStatus: true, toStatus: true } })
    expect(changes).toEqual([{ caseId: annaCase.id, fromStatus: 'OPEN', toStatus: 'ACTIVE' }])
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: 'case.status', caseId: annaCase.id }, select: { details: true } })
    expect(JSON.parse(event.details!)).toEqual({ from: 'OPEN', to: 'ACTIVE', reason: 'group-session' })
    // a later contact moves the last contact on, an earlier session stays the first
    await prisma.$transaction(async (tx) => {
      await tx.contact.create({ data: { caseId: annaCase.id, authorId: anna.id, date: parseDay(daysAgo(1))!, durationMinutes: 30, mode: 'OFFICE', setting: 'INDIVIDUAL', personsPresent: 1, interpreting: 'NONE' } })
      await refreshContactDates(tx, annaCase.id)
    })
    const life = await lifeOf(annaCase.id)
    expect([dayOf(life.firstContactAt!), dayOf(life.lastContactAt!)]).toEqual([daysAgo(3), daysAgo(1)])
  })
})

describe('correcting a group session', () => {
  test('the author changes the facts and the participants: a removed case loses it, an added one gains it, the dates follow; audited without values', async () => {
    const { anna, annaCase, annaSecond, housing } = await setup()
    const annaThird = await createTestCase({ teamId: annaCase.teamId, counsellorId: anna.id, openedAt: new Date(Date.now() - 30 * 86_400_000) })
    const health = String(await catalogueId('TOPIC', 'HEALTH'))
    const { id, version } = await recorded(anna.id, annaCase.id, sessionForm({ date: daysAgo(5), topicIds: [housing], otherCaseIds: [annaSecond.id] }))
    const result = await change(anna.id, annaCase.id, id, sessionForm({ version: String(version), date: daysAgo(2), durationMinutes: '120', topicIds: [health], description: 'Arztbesuch vorbereiten', anonymousParticipants: '0', otherCaseIds: [annaThird.id] }))
    expect(statusOf(result)).toBe(302)
    expect((result as Response).headers.get('Location')).toBe(`/cases/${annaCase.id}/group-sessions/${id}?done=saved`)
    const stored = await prisma.groupSession.findUniqueOrThrow({ where: { id }, select: { date: true, durationMinutes: true, description: true, anonymousParticipants: true, version: true, topics: { select: { topicId: true } }, participants: { select: { caseId: true } } } })
    expect(stored).toMatchObject({ durationMinutes: 120, description: 'Arztbesuch vorbereiten', anonymousParticipants: 0, version: 2, topics: [{ topicId: Number(health) }] })
    expect(dayOf(stored.date)).toBe(daysAgo(2))
    expect(stored.participants.map((row) => row.caseId).sort()).toEqual([annaCase.id, annaThird.id].sort())
    expect(await groupEntries(annaSecond.id)).toEqual([])
    expect(await groupEntries(annaThird.id)).toHaveLength(1)
    expect(await lifeOf(annaSecond.id)).toMatchObject({ firstContactAt: null, lastContactAt: null })
    const third = await lifeOf(annaThird.id)
    expect(third.status).toBe('ACTIVE')
    expect(dayOf(third.lastContactAt!)).toBe(daysAgo(2))
    expect(dayOf((await lifeOf(annaCase.id)).lastContactAt!)).toBe(daysAgo(2))
    const events = await prisma.auditEvent.findMany({ where: { action: 'group-session.update', entityId: id }, select: { caseId: true, details: true } })
    expect(events.map((event) => event.caseId).sort()).toEqual([annaCase.id, annaSecond.id, annaThird.id].sort())
    expect(JSON.parse(events[0]!.details!)).toEqual({ changed: ['date', 'durationMinutes', 'topicIds', 'description', 'anonymousParticipants', 'otherCaseIds'], addedCases: 1, removedCases: 1 })
    expect(events.some((event) => event.details!.includes('Arzt'))).toBe(false)
  })

  test('a participant the editor may not open stays a participant untouched; naming it answers like an unknown id', async () => {
    const { anna, ben, annaCase, annaSecond, housing } = await setup()
    const { id, version } = await recorded(anna.id, annaCase.id, sessionForm({ topicIds: [housing], otherCaseIds: [annaSecond.id] }))
    await prisma.case.update({ where: { id: annaSecond.id }, data: { counsellorId: ben.id } })
    const page = (await view(anna.id, annaCase.id, id)) as { edit: { unchangeable: number; others: Array<{ value: string }> } }
    expect(page.edit.unchangeable).toBe(1)
    expect(page.edit.others.map((option) => option.value)).not.toContain(annaSecond.id)
    const named = await change(anna.id, annaCase.id, id, sessionForm({ version: String(version), topicIds: [housing], otherCaseIds: [annaSecond.id] }))
    const unknown = await change(anna.id, annaCase.id, id, sessionForm({ version: String(version), topicIds: [housing], otherCaseIds: [`c${'1'.repeat(24)}`] }))
    expect([statusOf(named), statusOf(unknown)]).toEqual([400, 400])
    expect((named as unknown as Reply).data.result.error).toEqual((unknown as unknown as Reply).data.result.error)
    expect(statusOf(await change(anna.id, annaCase.id, id, sessionForm({ version: String(version), topicIds: [housing], durationMinutes: '60', otherCaseIds: [] })))).toBe(302)
    const participants = await prisma.groupSessionParticipant.findMany({ where: { groupSessionId: id }, select: { caseId: true } })
    expect(participants.map((row) => row.caseId).sort()).toEqual([annaCase.id, annaSecond.id].sort())
  })

  test('two parallel saves of the same version: one is saved, the other gets a clear conflict with its values kept', async () => {
    const { anna, annaCase, housing } = await setup()
    const { id, version } = await recorded(anna.id, annaCase.id, sessionForm({ topicIds: [housing] }))
    const results = await Promise.all(['45', '75'].map((minutes) => change(anna.id, annaCase.id, id, sessionForm({ version: String(version), topicIds: [housing], durationMinutes: minutes }))))
    expect(results.map(statusOf).sort()).toEqual([302, 409])
    const stale = results.find((result) => statusOf(result) === 409) as unknown as Reply & { data: { result: { error: Record<string, string[]> } } }
    expect(stale.data.result.error['']).toEqual(['groupSessions:errors.conflict'])
    const kept = stale.data.result.initialValue.durationMinutes
    const stored = await prisma.groupSession.findUniqueOrThrow({ where: { id }, select: { durationMinutes: true, version: true } })
    expect(stored.version).toBe(version + 1)
    expect(String(stored.durationMinutes)).not.toBe(kept)
    expect(await prisma.auditEvent.count({ where: { action: 'group-session.update', entityId: id } })).toBe(1)
  })

  test('only the author and the team lead of the session’s team may change it; anybody else gets 404, also one who may write the case', async () => {
    const { anna, ben, lead, annaCase, annaSecond, benCase, housing } = await setup()
    const { id, version } = await recorded(anna.id, annaCase.id, sessionForm({ topicIds: [housing], otherCaseIds: [annaSecond.id] }))
    // Ben stands in for Anna: he may write her case, but the session is not his
    await prisma.absence.create({ data: { userId: anna.id, substituteId: ben.id, startsOn: parseDay(daysAgo(1))!, endsOn: parseDay(daysAgo(-1))! } })
    const form = sessionForm({ version: String(version), topicIds: [housing], otherCaseIds: [annaSecond.id], durationMinutes: '30' })
    expect(statusOf(await change(ben.id, annaCase.id, id, form))).toBe(404)
    const substituteView = (await view(ben.id, annaCase.id, id)) as { edit: unknown }
    expect(substituteView.edit).toBeNull()
    // through a case that did not take part, the session does not exist
    expect(statusOf(await change(ben.id, benCase.id, id, form))).toBe(404)
    const rostockLead = await createUser({ teamId: (await getTeams()).rostock.id, role: 'TEAM_LEAD' })
    expect(statusOf(await change(rostockLead.id, annaCase.id, id, form))).toBe(404)
    expect(statusOf(await change(lead.id, annaCase.id, id, form))).toBe(302)
    expect((await prisma.groupSession.findUniqueOrThrow({ where: { id }, select: { durationMinutes: true } })).durationMinutes).toBe(30)
  })

  test('a closed case is not added, a closed participant may stay; a new date before a participant’s opening is refused', async () => {
    const { anna, annaCase, annaSecond, housing } = await setup()
    const { id, version } = await recorded(anna.id, annaCase.id, sessionForm({ topicIds: [housing], otherCaseIds: [annaSecond.id] }))
    const closed = await createTestCase({ teamId: annaCase.teamId, counsellorId: anna.id, status: 'CLOSED' })
    await prisma.case.update({ where: { id: annaSecond.id }, data: { status: 'CLOSED', closedAt: new Date() } })
    const refused = await change(anna.id, annaCase.id, id, sessionForm({ version: String(version), topicIds: [housing], otherCaseIds: [annaSecond.id, closed.id] }))
    expect(statusOf(refused)).toBe(400)
    expect((refused as unknown as Reply).data.result.error.otherCaseIds).toEqual(['groupSessions:errors.participantClosed'])
    const early = await change(anna.id, annaCase.id, id, sessionForm({ version: String(version), date: daysAgo(60), topicIds: [housing], otherCaseIds: [annaSecond.id] }))
    expect((early as unknown as Reply).data.result.error.date).toEqual(['groupSessions:errors.beforeOpening'])
    expect(statusOf(await change(anna.id, annaCase.id, id, sessionForm({ version: String(version), topicIds: [housing], durationMinutes: '50', otherCaseIds: [annaSecond.id] })))).toBe(302)
    expect(await prisma.groupSessionParticipant.count({ where: { groupSessionId: id } })).toBe(2)
  })

  test('a session dated in a frozen year is neither changed nor deleted, and none is moved into a frozen year', async () => {
    const { anna, annaCase, housing } = await setup()
    const lastYear = officeYear(new Date()) - 1
    await prisma.case.update({ where: { id: annaCase.id }, data: { openedAt: new Date(Date.UTC(lastYear, 0, 2)) } })
    const old = await recorded(anna.id, annaCase.id, sessionForm({ date: `${lastYear}-03-10`, topicIds: [housing] }))
    const current = await recorded(anna.id, annaCase.id, sessionForm({ topicIds: [housing] }))
    await prisma.statisticsSnapshot.create({ data: { year: lastYear, scopeKey: 'org', data: '{}' } })
    const page = (await view(anna.id, annaCase.id, old.id)) as { edit: unknown; frozen: boolean }
    expect(page).toMatchObject({ edit: null, frozen: true })
    const edit = await change(anna.id, annaCase.id, old.id, sessionForm({ version: String(old.version), date: `${lastYear}-03-10`, topicIds: [housing], durationMinutes: '10' }))
    expect(statusOf(edit)).toBe(409)
    const remove = await change(anna.id, annaCase.id, old.id, { intent: 'delete', version: String(old.version), confirmed: 'yes' })
    expect(statusOf(remove)).toBe(409)
    expect(await prisma.groupSession.findUnique({ where: { id: old.id }, select: { durationMinutes: true } })).toEqual({ durationMinutes: 90 })
    const moved = await change(anna.id, annaCase.id, current.id, sessionForm({ version: String(current.version), date: `${lastYear}-06-01`, topicIds: [housing] }))
    expect(statusOf(moved)).toBe(400)
    expect((moved as unknown as Reply).data.result.error.date).toEqual(['groupSessions:errors.frozenYear'])
  })
})

describe('deleting a group session', () => {
  test('after a confirmation step; gone from every timeline, the contact dates recomputed, the status kept, audited per case', async () => {
    const { anna, annaCase, annaSecond, housing } = await setup()
    const { id, version } = await recorded(anna.id, annaCase.id, sessionForm({ date: daysAgo(2), topicIds: [housing], otherCaseIds: [annaSecond.id] }))
    const first = await change(anna.id, annaCase.id, id, { intent: 'delete', version: String(version) })
    expect(statusOf(first)).toBe(200)
    expect((first as unknown as { data: { confirm: { fields: Array<[string, string]> } } }).data.confirm.fields).toEqual([['intent', 'delete'], ['version', String(version)]])
    expect(await prisma.groupSession.count({ where: { id } })).toBe(1)
    const second = await change(anna.id, annaCase.id, id, { intent: 'delete', version: String(version), confirmed: 'yes' })
    expect(statusOf(second)).toBe(302)
    expect((second as Response).headers.get('Location')).toBe(`/cases/${annaCase.id}?done=groupSessionDeleted`)
    expect(await prisma.groupSession.count({ where: { id } })).toBe(0)
    expect(await prisma.groupSessionParticipant.count({ where: { groupSessionId: id } })).toBe(0)
    for (const caseId of [annaCase.id, annaSecond.id]) {
      expect(await groupEntries(caseId)).toEqual([])
      expect(await lifeOf(caseId)).toEqual({ status: 'ACTIVE', firstContactAt: null, lastContactAt: null })
    }
    const events = await prisma.auditEvent.findMany({ where: { action: 'group-session.delete', entityId: id }, select: { caseId: true, details: true } })
    expect(events.map((event) => event.caseId).sort()).toEqual([annaCase.id, annaSecond.id].sort())
    expect(JSON.parse(events[0]!.details!)).toEqual({ cases: 2, anonymous: 3 })
  })

  test('a delete after someone else’s correction is refused as stale; nothing is lost', async () => {
    const { anna, lead, annaCase, housing } = await setup()
    const { id, version } = await recorded(anna.id, annaCase.id, sessionForm({ topicIds: [housing] }))
    expect(statusOf(await change(lead.id, annaCase.id, id, sessionForm({ version: String(version), topicIds: [housing], durationMinutes: '30' })))).toBe(302)
    const stale = await change(anna.id, annaCase.id, id, { intent: 'delete', version: String(version), confirmed: 'yes' })
    expect(statusOf(stale)).toBe(409)
    expect(await prisma.groupSession.findUnique({ where: { id }, select: { durationMinutes: true } })).toEqual({ durationMinutes: 30 })
  })
})
