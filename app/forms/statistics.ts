// The statistics settings (suppression rule) and the freezing or reopening of a year.
import { z } from 'zod'
import { MAX_K, MIN_K, SUPPRESSION_METHODS } from '#app/domain/statistics/suppression.ts'

export const SettingsSchema = z.object({
  intent: z.literal('settings'),
  k: z.number({ required_error: 'statistics:errors.kInvalid', invalid_type_error: 'statistics:errors.kInvalid' }).int('statistics:errors.kInvalid').min(MIN_K, 'statistics:errors.kInvalid').max(MAX_K, 'statistics:errors.kInvalid'),
  method: z.enum(SUPPRESSION_METHODS, { errorMap: () => ({ message: 'statistics:errors.methodInvalid' }) }),
})

export const YearActionSchema = z.object({ intent: z.enum(['freeze', 'reopen']), year: z.coerce.number().int().min(2000).max(9999) })
