// Form schemas for identity keys and the duplicate check, shared by browser and server.
// Messages are locale keys (privacy namespace).
import { z } from 'zod'
import { officeDay } from '#app/domain/follow-up.ts'
import { freeText } from '#app/forms/fields.ts'

export const REVEAL_REASON_CODES = ['AUTHORITY_CONTACT', 'APPOINTMENT', 'REFERRAL', 'CLIENT_REQUEST', 'OTHER'] as const

const NameSchema = z
  .string({ required_error: 'privacy:errors.nameRequired' })
  .pipe(freeText(200))
  .pipe(z.string().min(2, 'privacy:errors.nameRequired'))

/** A real calendar date, not in the future, not before 1900. */
export const DateOfBirthSchema = z
  .string({ required_error: 'privacy:errors.dateOfBirth' })
  .trim()
  .refine((value) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
    const date = new Date(`${value}T00:00:00Z`)
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value && value >= '1900-01-01' && value <= officeDay(new Date())
  }, 'privacy:errors.dateOfBirth')

export const IdentitySchema = z.object({
  name: NameSchema,
  dateOfBirth: DateOfBirthSchema,
  phone: z
    .string()
    .trim()
    .max(40, 'privacy:errors.phone')
    .regex(/^[0-9+()/\s.-]*$/, 'privacy:errors.phone')
    .optional()
    .transform((value) => value ?? ''),
})

// Only the category is stored in the audit log. The note makes the person pause and say why; it is
// required for "other" and then deliberately discarded, because free text in an append-only log
// could hold personal data that anonymisation can never remove.
export const RevealSchema = z
  .object({
    reason: z.enum(REVEAL_REASON_CODES, { errorMap: () => ({ message: 'privacy:errors.reason' }) }),
    note: freeText(500).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.reason === 'OTHER' && (value.note ?? '').length < 10) {
      ctx.addIssue({ code: 'custom', path: ['note'], message: 'privacy:errors.noteRequired' })
    }
  })

export const DeleteIdentitySchema = z.object({
  confirm: z.literal('on', { errorMap: () => ({ message: 'privacy:errors.confirmDelete' }) }),
})

export const DuplicateCheckSchema = z.object({
  name: NameSchema,
  dateOfBirth: DateOfBirthSchema,
})
