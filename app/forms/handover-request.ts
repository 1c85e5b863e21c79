// Transfer requests across teams (issue 14, item 1, decision 043): the request from a duplicate-check
// match, and the holding team lead's grant (a transfer, confirmed on a second step) or decline.
// Messages are locale keys (privacy namespace).
import { z } from 'zod'
import { TRANSFER_REASONS } from '#app/domain/codes.ts'
import { freeText } from '#app/forms/fields.ts'
import { HANDOVER_NOTE_MAX } from '#app/forms/transfer.ts'

export const HANDOVER_REASON_MAX = 300

// A short text without names; control characters are refused rather than silently dropped.
const shortReason = z
  .string({ required_error: 'privacy:handover.errors.reason' })
  .trim()
  .min(3, 'privacy:handover.errors.reason')
  .max(HANDOVER_REASON_MAX, 'common:form.tooLong')
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u001F\u007F]*$/, 'privacy:handover.errors.reason')

export const HandoverRequestSchema = z.object({
  intent: z.literal('handover-request'),
  token: z.string({ required_error: 'privacy:handover.refused.expired' }).min(1).max(400),
  reason: shortReason,
})

export const HandoverGrantSchema = z.object({
  intent: z.literal('grant'),
  reason: z.enum(TRANSFER_REASONS, { errorMap: () => ({ message: 'referrals:transfer.errors.reason' }) }),
  handoverNote: freeText(HANDOVER_NOTE_MAX).optional(),
  version: z.coerce.number().int().min(1),
})

export const HandoverDeclineSchema = z.object({
  intent: z.literal('decline'),
  declineReason: shortReason,
})
