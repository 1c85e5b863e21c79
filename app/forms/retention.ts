// Form schemas for /admin/retention ("Datenschutz & Aufbewahrung"), shared by browser and server.
import { z } from 'zod'
import { PRIVACY_REGIMES, RETENTION_MAX_YEARS, RETENTION_MIN_YEARS } from '#app/domain/retention.ts'

export const PrivacySettingsSchema = z.object({
  years: z.coerce
    .number({ invalid_type_error: 'privacy:errors.years', required_error: 'privacy:errors.years' })
    .int('privacy:errors.years')
    .min(RETENTION_MIN_YEARS, 'privacy:errors.years')
    .max(RETENTION_MAX_YEARS, 'privacy:errors.years'),
  regime: z.enum(PRIVACY_REGIMES, { errorMap: () => ({ message: 'privacy:errors.regime' }) }),
})

export const RunRetentionSchema = z.object({
  confirm: z.literal('on', { errorMap: () => ({ message: 'privacy:errors.confirmRetention' }) }),
})

export const FreezeYearSchema = z.object({
  year: z.coerce.number({ invalid_type_error: 'privacy:errors.freezeYear' }).int('privacy:errors.freezeYear').min(2000, 'privacy:errors.freezeYear').max(9999, 'privacy:errors.freezeYear'),
  confirm: z.literal('on', { errorMap: () => ({ message: 'privacy:errors.confirmFreeze' }) }),
})
