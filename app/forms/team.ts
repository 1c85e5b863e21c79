// The team forms: the administrator's team record (create and edit) and the team lead's settings.
import { z } from 'zod'
import { TEAM_KINDS } from '#app/domain/codes.ts'

export const TeamFormSchema = z.object({
  name: z.string({ required_error: 'admin:teams.errors.name' }).trim().min(2, 'admin:teams.errors.name').max(100, 'admin:teams.errors.name'),
  kind: z.enum(TEAM_KINDS, { errorMap: () => ({ message: 'admin:teams.errors.kind' }) }),
  districtId: z.coerce.number({ invalid_type_error: 'admin:teams.errors.district' }).int().positive().optional(),
  active: z.boolean().optional(),
})

export const TeamSettingsSchema = z.object({
  referralWaitThresholdDays: z.coerce
    .number({ invalid_type_error: 'team:settings.thresholdError', required_error: 'team:settings.thresholdError' })
    .int('team:settings.thresholdError')
    .min(1, 'team:settings.thresholdError')
    .max(365, 'team:settings.thresholdError'),
  defaultSharedForSubstitution: z.boolean().optional(),
})
