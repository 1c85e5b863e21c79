// The case status form (a lifecycle step, with the closure reason when closing).
import { z } from 'zod'
import { CASE_STATUSES } from '#app/domain/codes.ts'

export const StatusSchema = z.object({
  fromStatus: z.enum(CASE_STATUSES),
  toStatus: z.enum(CASE_STATUSES, { errorMap: () => ({ message: 'caseFile:status.errors.invalidTransition' }) }),
  closureReasonId: z.number({ invalid_type_error: 'caseFile:status.errors.closureReasonRequired' }).int().positive().optional(),
})
