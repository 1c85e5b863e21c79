// An attacker's and an auditor's pass over the team lead's and the counsellors' queue pages (session 30): what the
// route tests of /team, /team/queue and /team/waiting leave open — a repeated or over-long field, a foreign id, two
// requests at once — answered without a server error, with the form's own error, nothing half-saved and the counts
// exact.
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams, requestAs, settle, statusOf } from '#tests/factories.ts'
import { action as teamAction } from './team._index.tsx'
import { action as queueAction } from './team.queue.tsx'
import { action as reassignAction } from './team.reassign.tsx'
import { action as waitingAction } from './team.waiting.tsx'

async function arrange() {
  const { rostock, greifswald } = await getTeams()
  const lead = await createUser({ role: 'TEAM_LEAD', teamId: rostock.id })
  const secondLead = await createUser({ role: 'TEAM_LEAD', teamId: rostock.id })
  const anna = await createUser({ teamId: rostock.id })
  const otherLead = await createUser({ role: 'TEAM_LEAD', teamId: greifswald.id })
  const otherCounsellor = await createUser({ teamId: greifswald.id })
  const queued = await createTestCase({ teamId: rostock.id })
  const foreign = await createTestCase({ teamId: greifswald.id })
  return { rostock, greifswald, lead, secondLead, anna, otherLead, otherCounsellor, queued, foreign }
}

async function assign(userId: string, form: Record<string, string | string[]>) {
  return settle(
    queueAction({
      request: await requestAs(userId, '/team/queue', { form: { intent: 'assign', ...form } }),
      params: {},
      context: {},
    }),
  )
}

const errorsOf = (answer: unknown) =>
  (answer as { data: { result: { error: Record<string, string[]> } } }).data.result.error

describe('/team/queue under hostile input', () => {
  test("an over-long note: the form's own error next to the note, nothing assigned, nothing audited", async () => {
    const { lead, anna, queued } = await arrange()
    const answer = await assign(lead.id, {
      caseId: [queued.id],
      counsellorId: anna.id,
      note: 'x'.repeat(501),
    })
    expect(statusOf(answer)).toBe(400)
    expect(errorsOf(answer).note).toEqual(['team:assign.noteTooLong'])
    expect(
      await prisma.case.findUniqueOrThrow({
        where: { id: queued.id },
        select: { counsellorId: true, version: true },
      }),
    ).toEqual({ counsellorId: null, version: queued.version })
    expect(await prisma.assignment.count({ where: { caseId: queued.id } })).toBe(0)
    expect(await prisma.auditEvent.count({ where: { action: 'case.assign', caseId: queued.id } })).toBe(0)
  })

  test('ids of 5,000 characters, 201 cases at once, or an id that is no case: a 400 or nothing assigned, never a 500', async () => {
    const { lead, anna, queued } = await arrange()
    expect(statusOf(await assign(lead.id, { caseId: ['x'.repeat(5000)], counsellorId: anna.id }))).toBe(400)
    expect(statusOf(await assign(lead.id, { caseId: [queued.id], counsellorId: 'x'.repeat(5000) }))).toBe(400)
    const tooMany = await assign(lead.id, {
      caseId: Array.from({ length: 201 }, () => queued.id),
      counsellorId: anna.id,
    })
    expect(statusOf(tooMany)).toBe(400)
    // a translated reason, not zod's English default
    expect(JSON.stringify((tooMany as { data?: unknown }).data)).toContain('team:assign.tooMany')
    const none = await assign(lead.id, { caseId: ['c000000000000000000000000'], counsellorId: anna.id })
    expect(statusOf(none)).toBe(200)
    expect((none as { outcome: unknown }).outcome).toEqual({ assigned: 0, alreadyAssigned: 0 })
    expect(
      await prisma.case.findUniqueOrThrow({ where: { id: queued.id }, select: { counsellorId: true } }),
    ).toEqual({ counsellorId: null })
  })

  // A repeated case id (a tampered form, or a double click that doubled the checkbox's value) assigns the case once —
  // and the page must not tell the lead that someone else assigned it meanwhile (BulkAssignSchema drops the
  // repeated ids; before, the second copy counted as "already assigned").
  test('a repeated case id assigns once and reports no case as assigned by someone else', async () => {
    const { lead, anna, queued } = await arrange()
    const answer = await assign(lead.id, { caseId: [queued.id, queued.id], counsellorId: anna.id })
    expect(await prisma.assignment.count({ where: { caseId: queued.id } })).toBe(1)
    expect((answer as { outcome: unknown }).outcome).toEqual({ assigned: 1, alreadyAssigned: 0 })
  })

  test('two leads assigning the same case to two people at once: one wins, the case has one assignment and one audit event', async () => {
    const { lead, secondLead, anna, rostock, queued } = await arrange()
    const bert = await createUser({ teamId: rostock.id })
    const answers = await Promise.all([
      assign(lead.id, { caseId: [queued.id], counsellorId: anna.id }),
      assign(secondLead.id, { caseId: [queued.id], counsellorId: bert.id }),
    ])
    const outcomes = answers.map(
      (answer) => (answer as { outcome: { assigned: number; alreadyAssigned: number } }).outcome,
    )
    expect(outcomes.map((outcome) => outcome.assigned).sort()).toEqual([0, 1])
    expect(await prisma.assignment.count({ where: { caseId: queued.id } })).toBe(1)
    expect(await prisma.auditEvent.count({ where: { action: 'case.assign', caseId: queued.id } })).toBe(1)
  })
})

describe("/team/waiting and /team's takeover decisions", () => {
  test('a counsellor asking twice at once: one open request, one notice per lead, one audit event', async () => {
    const { anna, lead, secondLead, queued } = await arrange()
    const ask = async () =>
      settle(
        waitingAction({
          request: await requestAs(anna.id, '/team/waiting', {
            form: { intent: 'request', caseId: queued.id },
          }),
          params: {},
          context: {},
        }),
      )
    const answers = await Promise.all([ask(), ask()])
    expect(answers.map(statusOf).sort()).toEqual([302, 409])
    expect(
      await prisma.takeoverRequest.count({
        where: { caseId: queued.id, requestedById: anna.id, status: 'OPEN' },
      }),
    ).toBe(1)
    for (const person of [lead, secondLead])
      expect(
        await prisma.notification.count({
          where: { userId: person.id, kind: 'TAKEOVER_REQUEST', caseId: queued.id },
        }),
      ).toBe(1)
    expect(
      await prisma.auditEvent.count({ where: { action: 'case.takeover-request', caseId: queued.id } }),
    ).toBe(1)
  })

  test("a lead deciding another team's request: refused like a request that does not exist, nothing of it in the answer, nothing changed", async () => {
    const { lead, otherCounsellor, foreign } = await arrange()
    const request = await prisma.takeoverRequest.create({
      data: { caseId: foreign.id, requestedById: otherCounsellor.id },
      select: { id: true },
    })
    const decide = async (requestId: string, intent: string) =>
      settle(
        teamAction({
          request: await requestAs(lead.id, '/team', {
            form: { intent, requestId, version: String(foreign.version) },
          }),
          params: {},
          context: {},
        }),
      )
    for (const intent of ['takeover-confirm', 'takeover-decline']) {
      const [theirs, none] = [
        await decide(request.id, intent),
        await decide('c000000000000000000000000', intent),
      ]
      expect(statusOf(theirs), intent).toBe(409)
      expect(JSON.stringify(theirs)).toBe(JSON.stringify(none))
      expect(JSON.stringify(theirs)).not.toContain(foreign.id)
    }
    expect(
      await prisma.takeoverRequest.findUniqueOrThrow({ where: { id: request.id }, select: { status: true } }),
    ).toEqual({ status: 'OPEN' })
    expect(
      await prisma.case.findUniqueOrThrow({ where: { id: foreign.id }, select: { counsellorId: true } }),
    ).toEqual({ counsellorId: null })
  })

  test("a counsellor asking for another team's case, or with an id of 5,000 characters: a 404 or a 400, nothing written", async () => {
    const { anna, foreign } = await arrange()
    const ask = async (caseId: string) =>
      settle(
        waitingAction({
          request: await requestAs(anna.id, '/team/waiting', { form: { intent: 'request', caseId } }),
          params: {},
          context: {},
        }),
      )
    expect(statusOf(await ask(foreign.id))).toBe(404)
    expect(statusOf(await ask('x'.repeat(5000)))).toBe(400)
    expect(await prisma.takeoverRequest.count({ where: { requestedById: anna.id } })).toBe(0)
  })
})

describe('/team/reassign under hostile input', () => {
  test('a case sent twice (a doubled form field) moves once, with one assignment and one audit event', async () => {
    const { lead, anna, rostock } = await arrange()
    const bert = await createUser({ teamId: rostock.id })
    const held = await createTestCase({ teamId: rostock.id, counsellorId: anna.id })
    const value = `${held.id}:${held.version}`
    const answer = await settle(
      reassignAction({
        request: await requestAs(lead.id, '/team/reassign', {
          form: { fromId: anna.id, toId: bert.id, case: [value, value], confirmed: 'yes' },
        }),
        params: {},
        context: {},
      }),
    )
    expect(statusOf(answer)).toBe(302)
    expect(
      await prisma.case.findUniqueOrThrow({
        where: { id: held.id },
        select: { counsellorId: true, version: true },
      }),
    ).toEqual({ counsellorId: bert.id, version: held.version + 1 })
    expect(await prisma.assignment.count({ where: { caseId: held.id } })).toBe(1)
    expect(await prisma.auditEvent.count({ where: { action: 'case.assign', caseId: held.id } })).toBe(1)
  })

  test("another team's case, or one at a version the lead did not see: nothing moves, the lead is told how many changed", async () => {
    const { lead, anna, rostock, foreign } = await arrange()
    const bert = await createUser({ teamId: rostock.id })
    const held = await createTestCase({ teamId: rostock.id, counsellorId: anna.id })
    const post = async (cases: string[]) =>
      settle(
        reassignAction({
          request: await requestAs(lead.id, '/team/reassign', {
            form: { fromId: anna.id, toId: bert.id, case: cases, confirmed: 'yes' },
          }),
          params: {},
          context: {},
        }),
      )
    for (const cases of [
      [`${held.id}:${held.version}`, `${foreign.id}:${foreign.version}`],
      [`${held.id}:${held.version + 5}`],
    ]) {
      const answer = await post(cases)
      expect(statusOf(answer)).toBe(409)
      expect((answer as { data: { stale: number } }).data.stale).toBe(1)
      expect(JSON.stringify(answer)).not.toContain(foreign.id)
    }
    expect(
      await prisma.case.findUniqueOrThrow({
        where: { id: held.id },
        select: { counsellorId: true, version: true },
      }),
    ).toEqual({ counsellorId: anna.id, version: held.version })
    expect(await prisma.assignment.count({ where: { caseId: { in: [held.id, foreign.id] } } })).toBe(0)
  })
})
