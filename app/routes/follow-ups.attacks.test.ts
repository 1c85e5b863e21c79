// An attacker's and an auditor's pass over /follow-ups' "Erledigt" (session 30): two clicks at once mark a follow-up
// done once, with one audit event; an id that is missing, too long or repeated answers without a server error and
// changes nothing; another team's follow-up answers like one that does not exist.
import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { createTestCase, createUser, getTeams, requestAs, settle, statusOf } from '#tests/factories.ts'
import { action } from './follow-ups.tsx'

async function arrange() {
  const { rostock, greifswald } = await getTeams()
  const anna = await createUser({ teamId: rostock.id })
  const other = await createUser({ teamId: greifswald.id })
  const kase = await createTestCase({ teamId: rostock.id, counsellorId: anna.id })
  const foreignCase = await createTestCase({ teamId: greifswald.id, counsellorId: other.id })
  const due = new Date(Date.now() - 86_400_000)
  const mine = await prisma.followUp.create({
    data: { caseId: kase.id, source: 'MANUAL', note: 'Termin', dueDate: due, assigneeId: anna.id },
    select: { id: true },
  })
  const theirs = await prisma.followUp.create({
    data: { caseId: foreignCase.id, source: 'MANUAL', note: 'Termin', dueDate: due, assigneeId: other.id },
    select: { id: true },
  })
  return { anna, mine, theirs }
}

async function done(userId: string, followUpId: string | string[]) {
  return settle(
    action({
      request: await requestAs(userId, '/follow-ups?due=overdue', {
        form: { intent: 'follow-up-done', followUpId },
      }),
      params: {},
      context: {},
    }),
  )
}

describe('/follow-ups: "Erledigt" under hostile input', () => {
  test('two clicks at once: done once, one audit event, both answered with the page', async () => {
    const { anna, mine } = await arrange()
    const answers = await Promise.all([done(anna.id, mine.id), done(anna.id, mine.id)])
    expect(answers.map(statusOf)).toEqual([302, 302])
    expect(await prisma.auditEvent.count({ where: { action: 'follow-up.done', entityId: mine.id } })).toBe(1)
    expect(
      (await prisma.followUp.findUniqueOrThrow({ where: { id: mine.id }, select: { doneAt: true } })).doneAt,
    ).not.toBeNull()
  })

  test("another team's follow-up answers like a missing one, audited as a refusal, and stays open", async () => {
    const { anna, theirs } = await arrange()
    const shape = (answer: unknown) => ({
      status: statusOf(answer),
      location: answer instanceof Response ? answer.headers.get('Location') : null,
    })
    const [other, missing] = [
      shape(await done(anna.id, theirs.id)),
      shape(await done(anna.id, `c${'0'.repeat(24)}`)),
    ]
    expect(other).toEqual(missing)
    expect(other.status).not.toBe(200)
    expect(
      (await prisma.followUp.findUniqueOrThrow({ where: { id: theirs.id }, select: { doneAt: true } }))
        .doneAt,
    ).toBeNull()
    expect(
      await prisma.auditEvent.count({ where: { userId: anna.id, outcome: 'DENIED', action: 'case.write' } }),
    ).toBe(1)
  })

  test('an id that is empty, 5,000 characters long, or sent twice: a 400 or done once, never a 500', async () => {
    const { anna, mine } = await arrange()
    expect(statusOf(await done(anna.id, ''))).toBe(400)
    expect(statusOf(await done(anna.id, 'x'.repeat(5000)))).toBe(400)
    const twice = await done(anna.id, [mine.id, mine.id])
    expect([302, 400]).toContain(statusOf(twice))
    expect(
      await prisma.auditEvent.count({ where: { action: 'follow-up.done', entityId: mine.id } }),
    ).toBeLessThanOrEqual(1)
  })
})
