// The case-plan forms (create, add a goal, change a goal's status, close), in the browser and in the action.
import { z } from 'zod'
import { GOAL_STATUSES } from '#app/domain/codes.ts'
import { parseDay } from '#app/domain/follow-up.ts'
import { freeText } from '#app/forms/fields.ts'

export const GOAL_TEXT_MAX = 500

function dayNotAfter(maxDay: string, message: string) {
  return z
    .string({ required_error: message })
    .refine((value) => parseDay(value) !== null, message)
    .refine((value) => value <= maxDay, 'contacts:errors.dateFuture')
}

export const createPlanSchema = (maxDay: string) =>
  z.object({ intent: z.literal('create-plan'), agreedAt: dayNotAfter(maxDay, 'contacts:errors.date') })

export const addGoalSchema = z.object({
  intent: z.literal('add-goal'),
  topicId: z
    .number({
      required_error: 'contacts:plan.errors.topic',
      invalid_type_error: 'contacts:plan.errors.topic',
    })
    .int()
    .positive(),
  text: freeText(GOAL_TEXT_MAX).pipe(z.string().min(1, 'contacts:plan.errors.text')),
  dueDate: z
    .string()
    .refine((value) => parseDay(value) !== null, 'contacts:plan.errors.dueDate')
    .optional(),
})

export const goalStatusSchema = z.object({
  intent: z.literal('goal-status'),
  goalId: z.string().min(1).max(40),
  fromStatus: z.enum(GOAL_STATUSES),
  toStatus: z.enum(GOAL_STATUSES, { errorMap: () => ({ message: 'contacts:plan.errors.status' }) }),
})

export const closePlanSchema = (maxDay: string) =>
  z.object({ intent: z.literal('close-plan'), closedAt: dayNotAfter(maxDay, 'contacts:errors.date') })
