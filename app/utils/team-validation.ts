import { z } from 'zod'

// Schemas of the team lead's forms (browser and server).

const id = z.string().min(1).max(100)
const isoDate = z
  .string({ required_error: 'team:absences.errors.date' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'team:absences.errors.date')
  .transform((value) => new Date(`${value}T00:00:00`))
  .refine((date) => !Number.isNaN(date.getTime()), 'team:absences.errors.date')

const note = z
  .string()
  .trim()
  .max(500, 'team:assign.noteTooLong')
  .optional()
  .transform((value) => value || null)

export const BulkAssignSchema = z.object({
  intent: z.literal('assign'),
  caseId: z.array(id, { required_error: 'team:assign.noneSelected' }).min(1, 'team:assign.noneSelected').max(200),
  counsellorId: id.or(z.undefined()).refine((value) => Boolean(value), 'team:assign.counsellor'),
  note,
})

export const ReassignSchema = z.object({
  counsellorId: z.string().max(100).optional(),
  version: z.coerce.number().int().min(1),
  note,
})

export const AbsenceSchema = z.object({
  intent: z.literal('create'),
  userId: id,
  substituteId: z.string({ required_error: 'team:absences.errors.substitute' }).min(1, 'team:absences.errors.substitute').max(100),
  startsOn: isoDate,
  endsOn: isoDate,
})

export const TeamSettingsSchema = z.object({
  referralWaitThresholdDays: z.coerce
    .number({ invalid_type_error: 'team:settings.thresholdError', required_error: 'team:settings.thresholdError' })
    .int('team:settings.thresholdError')
    .min(1, 'team:settings.thresholdError')
    .max(365, 'team:settings.thresholdError'),
  defaultSharedForSubstitution: z.boolean().optional(),
})
