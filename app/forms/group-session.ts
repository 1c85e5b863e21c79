// The group session form (Gruppenangebot, issue 15): in the browser and in the action.
import { z } from 'zod'
import { CONTACT_MODES } from '#app/domain/codes.ts'
import { parseDay } from '#app/domain/follow-up.ts'
import { cleanText } from '#app/forms/fields.ts'
import { MAX_DURATION_MINUTES } from '#app/forms/contact.ts'

export const GROUP_DESCRIPTION_MAX = 200
export const MAX_ANONYMOUS_PARTICIPANTS = 200
export const MAX_GROUP_CASES = 50

export function groupSessionFormSchema({ maxDay }: { maxDay: string }) {
  return z.object({
    date: z
      .string({ required_error: 'contacts:errors.date' })
      .refine((value) => parseDay(value) !== null, 'contacts:errors.date')
      .refine((value) => value <= maxDay, 'contacts:errors.dateFuture'),
    startTime: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'groupSessions:errors.startTime')
      .optional(),
    durationMinutes: z
      .number({ required_error: 'contacts:errors.duration', invalid_type_error: 'contacts:errors.duration' })
      .int('contacts:errors.duration')
      .min(1, 'contacts:errors.duration')
      .max(MAX_DURATION_MINUTES, 'contacts:errors.duration'),
    mode: z.enum(CONTACT_MODES, { errorMap: () => ({ message: 'contacts:errors.mode' }) }),
    topicIds: z
      .array(z.string().regex(/^\d{1,9}$/, 'contacts:errors.topic').transform(Number), {
        required_error: 'contacts:errors.topicsRequired',
      })
      .min(1, 'contacts:errors.topicsRequired')
      .max(30, 'contacts:errors.topic'),
    // Say what the group was about, never who was there: the text is seen by every participant's counsellor.
    description: z
      .string({ required_error: 'groupSessions:errors.description' })
      .transform(cleanText)
      // Conform reads an empty result of the trim as missing: the same message either way.
      .pipe(
        z
          .string({ required_error: 'groupSessions:errors.description' })
          .min(1, 'groupSessions:errors.description')
          .max(GROUP_DESCRIPTION_MAX, 'common:form.tooLong'),
      ),
    anonymousParticipants: z
      .number({ invalid_type_error: 'groupSessions:errors.anonymous' })
      .int('groupSessions:errors.anonymous')
      .min(0, 'groupSessions:errors.anonymous')
      .max(MAX_ANONYMOUS_PARTICIPANTS, 'groupSessions:errors.anonymous')
      .default(0),
    otherCaseIds: z
      .array(z.string().max(40, 'groupSessions:errors.participant'))
      .max(MAX_GROUP_CASES, 'groupSessions:errors.tooMany')
      .default([]),
  })
}

export type GroupSessionFormValues = z.infer<ReturnType<typeof groupSessionFormSchema>>
