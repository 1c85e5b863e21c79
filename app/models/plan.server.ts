import { type GOAL_STATUSES } from '#app/domain/codes.ts'
import { parseDay } from '#app/domain/follow-up.ts'
import { type CaseAccess } from '#app/models/case-access.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { catalogueLabel } from '#app/utils/format.ts'

type Actor = { id: string }
export type GoalStatus = (typeof GOAL_STATUSES)[number]

export async function getCaseKind(caseId: string) {
  const kase = await prisma.case.findUnique({ where: { id: caseId }, select: { kind: true, status: true } })
  return kase
}

/** The case plan with its goals (topic labels in the user's language), or null before it is set up. */
export async function getPlan(caseId: string, language: string) {
  const plan = await prisma.casePlan.findUnique({
    where: { caseId },
    select: {
      id: true,
      agreedAt: true,
      closedAt: true,
      goals: {
        select: {
          id: true,
          text: true,
          dueDate: true,
          status: true,
          topicId: true,
          topic: { select: { labelDe: true, labelEn: true } },
        },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      },
    },
  })
  if (!plan) return null
  return {
    id: plan.id,
    agreedAt: plan.agreedAt,
    closedAt: plan.closedAt,
    goals: plan.goals.map((goal) => ({
      id: goal.id,
      text: goal.text,
      dueDate: goal.dueDate,
      status: goal.status,
      topic: catalogueLabel(goal.topic, language),
    })),
  }
}

export type PlanResult =
  | { ok: true }
  | { ok: false; reason: 'exists' | 'missing' | 'closed' | 'stale' | 'topic' }

export async function createPlan({
  actor,
  kase,
  agreedAt,
}: {
  actor: Actor
  kase: CaseAccess
  agreedAt: string
}): Promise<PlanResult> {
  return prisma.$transaction(async (tx) => {
    const existing = await tx.casePlan.findUnique({ where: { caseId: kase.id }, select: { id: true } })
    if (existing) return { ok: false, reason: 'exists' }
    const plan = await tx.casePlan.create({
      data: { caseId: kase.id, agreedAt: parseDay(agreedAt) },
      select: { id: true },
    })
    await audit(
      {
        userId: actor.id,
        action: 'plan.create',
        entity: 'plan',
        entityId: plan.id,
        caseId: kase.id,
        details: ['agreedAt'],
      },
      tx,
    )
    return { ok: true }
  })
}

/** A new goal starts OPEN (the timeline shows it from the goal row; change rows record later status changes). */
export async function addGoal({
  actor,
  kase,
  goal,
}: {
  actor: Actor
  kase: CaseAccess
  goal: { topicId: number; text: string; dueDate?: string }
}): Promise<PlanResult> {
  const topic = await prisma.catalogueEntry.findFirst({
    where: { id: goal.topicId, catalogue: 'TOPIC', active: true },
    select: { id: true },
  })
  if (!topic) return { ok: false, reason: 'topic' }
  return prisma.$transaction(async (tx) => {
    const plan = await tx.casePlan.findUnique({
      where: { caseId: kase.id },
      select: { id: true, closedAt: true },
    })
    if (!plan) return { ok: false, reason: 'missing' }
    if (plan.closedAt) return { ok: false, reason: 'closed' }
    const created = await tx.planGoal.create({
      data: {
        planId: plan.id,
        topicId: goal.topicId,
        text: goal.text,
        dueDate: goal.dueDate ? parseDay(goal.dueDate) : null,
      },
      select: { id: true },
    })
    const fields = ['topicId', 'text', ...(goal.dueDate ? ['dueDate'] : [])]
    await audit(
      {
        userId: actor.id,
        action: 'plan.goal-create',
        entity: 'plan-goal',
        entityId: created.id,
        caseId: kase.id,
        details: fields,
      },
      tx,
    )
    return { ok: true }
  })
}

/**
 * Changes a goal's status if it still has the status the user saw (`fromStatus`): two people
 * judging the same goal at once must not overwrite each other silently.
 */
export async function changeGoalStatus({
  actor,
  kase,
  goalId,
  fromStatus,
  toStatus,
}: {
  actor: Actor
  kase: CaseAccess
  goalId: string
  fromStatus: GoalStatus
  toStatus: GoalStatus
}): Promise<PlanResult> {
  return prisma.$transaction(async (tx) => {
    const goal = await tx.planGoal.findFirst({
      where: { id: goalId, plan: { caseId: kase.id } },
      select: { id: true, status: true, plan: { select: { closedAt: true } } },
    })
    if (!goal) return { ok: false, reason: 'missing' }
    if (goal.plan.closedAt) return { ok: false, reason: 'closed' }
    if (goal.status !== fromStatus) return { ok: false, reason: 'stale' }
    if (fromStatus === toStatus) return { ok: true }
    await tx.planGoal.update({ where: { id: goal.id }, data: { status: toStatus } })
    await tx.planGoalChange.create({ data: { goalId: goal.id, fromStatus, toStatus, byUserId: actor.id } })
    await audit(
      {
        userId: actor.id,
        action: 'plan.goal-status',
        entity: 'plan-goal',
        entityId: goal.id,
        caseId: kase.id,
        details: { fromStatus, toStatus },
      },
      tx,
    )
    return { ok: true }
  })
}

export async function closePlan({
  actor,
  kase,
  closedAt,
}: {
  actor: Actor
  kase: CaseAccess
  closedAt: string
}): Promise<PlanResult> {
  return prisma.$transaction(async (tx) => {
    const plan = await tx.casePlan.findUnique({
      where: { caseId: kase.id },
      select: { id: true, closedAt: true },
    })
    if (!plan) return { ok: false, reason: 'missing' }
    if (plan.closedAt) return { ok: false, reason: 'closed' }
    await tx.casePlan.update({ where: { id: plan.id }, data: { closedAt: parseDay(closedAt) } })
    await audit(
      {
        userId: actor.id,
        action: 'plan.close',
        entity: 'plan',
        entityId: plan.id,
        caseId: kase.id,
        details: ['closedAt'],
      },
      tx,
    )
    return { ok: true }
  })
}

export async function auditPlanRead(actor: Actor, caseId: string) {
  await audit({ userId: actor.id, action: 'plan.read', entity: 'plan', caseId })
}
