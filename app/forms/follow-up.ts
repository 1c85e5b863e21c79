// A manual follow-up (Wiedervorlage without a contact) on a case: when, what — briefly and without
// names (the case file is pseudonymised) — and for whom. In the browser and in the action.
import { z } from 'zod'
import { parseDay } from '#app/domain/follow-up.ts'
import { freeText } from '#app/forms/fields.ts'

export const FOLLOW_UP_NOTE_MAX = 120
/** How far ahead a follow-up may be set: two years. */
export const FOLLOW_UP_MAX_DAYS_AHEAD = 730

/** `todayDay` and `latestDay` are office days (YYYY-MM-DD); the server passes its own. */
export function manualFollowUpSchema({ todayDay, latestDay }: { todayDay: string; latestDay: string }) {
  return z.object({
    intent: z.literal('create'),
    dueDate: z
      .string({ required_error: 'contacts:followUps.errors.dueDate' })
      .refine((value) => parseDay(value) !== null, 'contacts:followUps.errors.dueDate')
      .refine((value) => value >= todayDay, 'contacts:followUps.errors.dueDatePast')
      .refine((value) => value <= latestDay, 'contacts:followUps.errors.dueDateFar'),
    note: z
      .string({ required_error: 'contacts:followUps.errors.note' })
      .pipe(freeText(FOLLOW_UP_NOTE_MAX))
      .pipe(z.string().min(1, 'contacts:followUps.errors.note'))
      // One line: a reminder, not a note; line breaks would invite a case history in the wrong place.
      .refine((value) => !/[\r\n]/.test(value), 'contacts:followUps.errors.noteOneLine'),
    assigneeId: z.string().max(100).optional(),
  })
}

export const FollowUpDoneSchema = z.object({
  intent: z.literal('done'),
  followUpId: z.string().min(1).max(100),
})

/**
 * The body of the 404 that "Erledigt" answers on a follow-up the person may not act on (`followUpNotInList`): the
 * follow-up pages' error boundary tells it apart from any other 404 and explains it.
 */
export const FOLLOW_UP_NOT_IN_LIST = { followUp: 'not-in-list' } as const

/** Where "Erledigt" on a case's follow-up tab sends the person when the follow-up is no longer theirs to act on. */
export const FOLLOW_UP_NOT_IN_LIST_PAGE = '/follow-ups/not-in-list'
