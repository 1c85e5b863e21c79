// The contact form (new and edit) and the anonymous inquiry, which shares its basic fields; in the
// browser and in the action.
import { z } from 'zod'
import { CONTACT_MODES, CONTACT_SETTINGS, INTERPRETING } from '#app/domain/codes.ts'
import { parseDay } from '#app/domain/follow-up.ts'
import { freeText } from '#app/forms/fields.ts'
import { LANGUAGE_CODE_PATTERN } from '#app/utils/iso.ts'

export const CONFIDENTIAL_NOTE_MAX = 5000
export const NEXT_STEP_MAX = 300
export const MAX_DURATION_MINUTES = 600
export const MAX_PERSONS_PRESENT = 50

const day = (message: string) =>
  z.string({ required_error: message }).refine((value) => parseDay(value) !== null, message)

/**
 * The fields a contact and an anonymous inquiry share: when, how long, how, in which language,
 * about what. `maxDay` is the latest allowed date (tomorrow in the office); the server passes its own.
 */
function contactBasics(maxDay: string) {
  return {
    date: day('contacts:errors.date').refine((value) => value <= maxDay, 'contacts:errors.dateFuture'),
    durationMinutes: z
      .number({
        required_error: 'contacts:errors.duration',
        invalid_type_error: 'contacts:errors.duration',
      })
      .int('contacts:errors.duration')
      .min(1, 'contacts:errors.duration')
      .max(MAX_DURATION_MINUTES, 'contacts:errors.duration'),
    mode: z.enum(CONTACT_MODES, { errorMap: () => ({ message: 'contacts:errors.mode' }) }),
    languageCode: z
      .string()
      .regex(LANGUAGE_CODE_PATTERN, 'contacts:errors.language')
      .optional(),
    interpreting: z.enum(INTERPRETING, { errorMap: () => ({ message: 'contacts:errors.interpreting' }) }),
    topicIds: z
      .array(
        z
          .string()
          .regex(/^\d{1,9}$/, 'contacts:errors.topic')
          .transform(Number),
        { required_error: 'contacts:errors.topicsRequired' },
      )
      .min(1, 'contacts:errors.topicsRequired')
      .max(30, 'contacts:errors.topic'),
  }
}

let cachedSchema: { maxDay: string; schema: ReturnType<typeof buildContactFormSchema> } | undefined

/**
 * One schema for the contact form (new and edit), in the browser and in the action. It depends only
 * on `maxDay`, so the last one built is reused (building it costs about half a millisecond a request).
 */
export function contactFormSchema({ maxDay }: { maxDay: string }) {
  if (cachedSchema?.maxDay !== maxDay) cachedSchema = { maxDay, schema: buildContactFormSchema(maxDay) }
  return cachedSchema.schema
}

function buildContactFormSchema(maxDay: string) {
  return z
    .object({
      ...contactBasics(maxDay),
      setting: z.enum(CONTACT_SETTINGS, { errorMap: () => ({ message: 'contacts:errors.setting' }) }),
      personsPresent: z
        .number({ required_error: 'contacts:errors.persons', invalid_type_error: 'contacts:errors.persons' })
        .int('contacts:errors.persons')
        .min(1, 'contacts:errors.persons')
        .max(MAX_PERSONS_PRESENT, 'contacts:errors.persons'),
      languageMediationId: z.string().max(40, 'contacts:errors.mediation').optional(),
      nextStep: freeText(NEXT_STEP_MAX).optional(),
      followUpDate: day('contacts:errors.followUpDate').optional(),
      // A new follow-up replaces the case's earlier open one from a contact unless this is ticked
      // (decision 030); the form offers it only when there is such an earlier one.
      keepEarlierFollowUp: z.boolean().optional(),
      confidentialNote: freeText(CONFIDENTIAL_NOTE_MAX).optional(),
      version: z.number().int().min(1).optional(),
    })
    .superRefine((value, ctx) => {
      if (value.languageMediationId && value.interpreting === 'NONE') {
        ctx.addIssue({
          code: 'custom',
          path: ['languageMediationId'],
          message: 'contacts:errors.mediationWithoutInterpreting',
        })
      }
      if (value.followUpDate && value.followUpDate < value.date) {
        ctx.addIssue({
          code: 'custom',
          path: ['followUpDate'],
          message: 'contacts:errors.followUpBeforeContact',
        })
      }
    })
}

export type ContactFormValues = z.infer<ReturnType<typeof contactFormSchema>>

// Deliberately no free-text field: an anonymous inquiry must never be able to identify anybody.
export function inquirySchema(maxDay: string) {
  return z.object(contactBasics(maxDay))
}
