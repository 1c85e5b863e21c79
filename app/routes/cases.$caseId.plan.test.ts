import { describe, expect, test } from 'vitest'
import { addDays, today } from '#app/domain/follow-up.ts'
import { prisma } from '#app/utils/db.server.ts'
import {
  catalogueId,
  createTestCase,
  createUser,
  getTeams,
  requestAs,
  settle,
  statusOf,
} from '#tests/factories.ts'
import { action, loader } from './cases.$caseId.plan.tsx'

async function setup(kind = 'CASE_MANAGEMENT') {
  const { eae } = await getTeams()
  const counsellor = await createUser({ teamId: eae.id })
  const kase = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id, kind })
  const post = async (form: Record<string, string>, userId = counsellor.id) =>
    settle(
      action({
        request: await requestAs(userId, `/cases/${kase.id}/plan`, { form }),
        params: { caseId: kase.id },
        context: {},
      }),
    )
  return { eae, counsellor, kase, post }
}

describe('case plan', () => {
  test('create the plan, add a goal, change its status (recorded as a change), close the plan', async () => {
    const { counsellor, kase, post } = await setup()
    expect(statusOf(await post({ intent: 'create-plan', agreedAt: today().day }))).toBe(302)
    expect(statusOf(await post({ intent: 'create-plan', agreedAt: today().day }))).toBe(409)
    const work = String(await catalogueId('TOPIC', 'WORK'))
    expect(
      statusOf(
        await post({
          intent: 'add-goal',
          topicId: work,
          text: 'Arbeitserlaubnis klären',
          dueDate: addDays(today().day, 60),
        }),
      ),
    ).toBe(302)
    const goal = await prisma.planGoal.findFirstOrThrow({ select: { id: true, status: true } })
    expect(goal.status).toBe('OPEN')

    expect(
      statusOf(
        await post({
          intent: 'goal-status',
          goalId: goal.id,
          fromStatus: 'OPEN',
          toStatus: 'PARTLY_ACHIEVED',
        }),
      ),
    ).toBe(302)
    const changes = await prisma.planGoalChange.findMany({
      where: { goalId: goal.id },
      select: { fromStatus: true, toStatus: true, byUserId: true },
    })
    expect(changes).toEqual([{ fromStatus: 'OPEN', toStatus: 'PARTLY_ACHIEVED', byUserId: counsellor.id }])
    const event = await prisma.auditEvent.findFirstOrThrow({
      where: { action: 'plan.goal-status', entityId: goal.id },
      select: { caseId: true, details: true },
    })
    expect(event.caseId).toBe(kase.id)
    expect(event.details).not.toContain('Arbeitserlaubnis')

    // Someone who still sees the old status cannot overwrite the newer one.
    expect(
      statusOf(
        await post({ intent: 'goal-status', goalId: goal.id, fromStatus: 'OPEN', toStatus: 'DROPPED' }),
      ),
    ).toBe(409)
    expect(
      (await prisma.planGoal.findUniqueOrThrow({ where: { id: goal.id }, select: { status: true } })).status,
    ).toBe('PARTLY_ACHIEVED')

    // The first POST only summarises (issue 14, item 7); the plan closes on the confirmation.
    const summary = await post({ intent: 'close-plan', closedAt: today().day })
    expect(statusOf(summary)).toBe(200)
    expect((summary as unknown as { data: { confirm: { closedAt: string } } }).data.confirm.closedAt).toBe(today().day)
    expect((await prisma.casePlan.findFirstOrThrow({ where: { caseId: kase.id }, select: { closedAt: true } })).closedAt).toBeNull()
    expect(statusOf(await post({ intent: 'close-plan', closedAt: today().day, confirmed: 'yes' }))).toBe(302)
    expect(
      statusOf(
        await post({
          intent: 'goal-status',
          goalId: goal.id,
          fromStatus: 'PARTLY_ACHIEVED',
          toStatus: 'ACHIEVED',
        }),
      ),
    ).toBe(400)
    expect(statusOf(await post({ intent: 'add-goal', topicId: work, text: 'Noch ein Ziel' }))).toBe(400)
    const page = await loader({
      request: await requestAs(counsellor.id, `/cases/${kase.id}/plan`),
      params: { caseId: kase.id },
      context: {},
    })
    expect(page.plan?.closedAt).not.toBeNull()
    expect(page.plan?.goals).toHaveLength(1)
  })

  test('goal input is validated next to the fields', async () => {
    const { post } = await setup()
    await post({ intent: 'create-plan', agreedAt: today().day })
    expect(statusOf(await post({ intent: 'add-goal', topicId: '999999', text: 'Ziel' }))).toBe(400)
    expect(
      statusOf(
        await post({ intent: 'add-goal', topicId: String(await catalogueId('TOPIC', 'WORK')), text: '   ' }),
      ),
    ).toBe(400)
    expect(
      statusOf(
        await post({
          intent: 'add-goal',
          topicId: String(await catalogueId('TOPIC', 'WORK')),
          text: 'x'.repeat(501),
        }),
      ),
    ).toBe(400)
    expect(statusOf(await post({ intent: 'create-plan', agreedAt: addDays(today().day, 5) }))).toBe(400)
    expect(await prisma.planGoal.count()).toBe(0)
  })

  test('a goal of another case cannot be changed through this case', async () => {
    const { eae, counsellor, post } = await setup()
    const other = await createTestCase({ teamId: eae.id, counsellorId: counsellor.id })
    const plan = await prisma.casePlan.create({ data: { caseId: other.id }, select: { id: true } })
    const goal = await prisma.planGoal.create({
      data: { planId: plan.id, topicId: await catalogueId('TOPIC', 'WORK'), text: 'x' },
      select: { id: true },
    })
    await post({ intent: 'create-plan', agreedAt: today().day })
    expect(
      statusOf(
        await post({ intent: 'goal-status', goalId: goal.id, fromStatus: 'OPEN', toStatus: 'ACHIEVED' }),
      ),
    ).toBe(400)
    expect(
      (await prisma.planGoal.findUniqueOrThrow({ where: { id: goal.id }, select: { status: true } })).status,
    ).toBe('OPEN')
  })

  test('a short counselling case has no plan: explanation only, writes refused', async () => {
    const { counsellor, kase, post } = await setup('SHORT')
    const page = await loader({
      request: await requestAs(counsellor.id, `/cases/${kase.id}/plan`),
      params: { caseId: kase.id },
      context: {},
    })
    expect(page).toMatchObject({ kind: 'SHORT', plan: null })
    expect(statusOf(await post({ intent: 'create-plan', agreedAt: today().day }))).toBe(400)
    expect(await prisma.casePlan.count()).toBe(0)
  })

  test('another team gets 404 for the page and for writes', async () => {
    const { kase, post } = await setup()
    const { rostock } = await getTeams()
    const stranger = await createUser({ role: 'TEAM_LEAD', teamId: rostock.id })
    expect(
      statusOf(
        await settle(
          loader({
            request: await requestAs(stranger.id, `/cases/${kase.id}/plan`),
            params: { caseId: kase.id },
            context: {},
          }),
        ),
      ),
    ).toBe(404)
    expect(statusOf(await post({ intent: 'create-plan', agreedAt: today().day }, stranger.id))).toBe(404)
    expect(await prisma.casePlan.count()).toBe(0)
  })
})
