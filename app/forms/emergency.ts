// Form schemas for emergency access ("break glass"), shared by browser and server.
import { z } from 'zod'
import { freeText } from '#app/forms/fields.ts'

export const EMERGENCY_REASON_CODES = ['CRISIS', 'COUNSELLOR_UNAVAILABLE', 'DEADLINE', 'AUTHORITY_REQUEST', 'OTHER'] as const

export const EmergencyLookupSchema = z.object({
  code: z
    .string({ required_error: 'privacy:errors.code' })
    .trim()
    .min(4, 'privacy:errors.code')
    .max(20, 'privacy:errors.code'),
})

// As with revealing an identity: the category goes into the audit log, the explanation (required
// for "other") is read by nobody but the person typing it and is not stored — free text in an
// append-only log could never be anonymised.
export const EmergencyRequestSchema = z
  .object({
    reason: z.enum(EMERGENCY_REASON_CODES, { errorMap: () => ({ message: 'privacy:errors.reason' }) }),
    note: freeText(500).optional(),
    confirm: z.literal('on', { errorMap: () => ({ message: 'privacy:errors.confirmEmergency' }) }),
  })
  .superRefine((value, ctx) => {
    if (value.reason === 'OTHER' && (value.note ?? '').length < 10) {
      ctx.addIssue({ code: 'custom', path: ['note'], message: 'privacy:errors.noteRequired' })
    }
  })
