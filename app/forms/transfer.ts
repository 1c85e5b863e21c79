// The transfer forms (transfer or request a transfer to another team; confirm or reject one).
import { z } from 'zod'
import { TRANSFER_REASONS } from '#app/domain/codes.ts'
import { freeText } from '#app/forms/fields.ts'

export const HANDOVER_NOTE_MAX = 2000

export const TransferSchema = z.object({
  intent: z.enum(['transfer', 'request']),
  toTeamId: z.string({ required_error: 'referrals:transfer.errors.team' }).max(40, 'referrals:transfer.errors.team'),
  reason: z.enum(TRANSFER_REASONS, { errorMap: () => ({ message: 'referrals:transfer.errors.reason' }) }),
  handoverNote: freeText(HANDOVER_NOTE_MAX).optional(),
  version: z.number({ required_error: 'referrals:transfer.errors.version' }).int().min(1),
})

export const DecisionSchema = z.object({
  intent: z.enum(['confirm', 'reject']),
  transferId: z.string().min(1).max(40),
  version: z.number().int().min(1),
})
