// The residence-status history form (a new dated entry).
import { z } from 'zod'
import { officeDay } from '#app/domain/follow-up.ts'

const dateField = (message: string) =>
  z
    .string({ required_error: message })
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'caseFile:edit.errors.date')
    .refine((value) => !Number.isNaN(Date.parse(value)) && value >= '1950-01-01' && value <= '2100-12-31', 'caseFile:edit.errors.date')

export const ResidenceSchema = z
  .object({
    statusId: z.number({ required_error: 'caseFile:residence.errors.status', invalid_type_error: 'caseFile:residence.errors.status' }).int().positive(),
    validFrom: dateField('caseFile:residence.errors.validFrom'),
    expiresAt: dateField('caseFile:edit.errors.date').optional(),
  })
  .superRefine((value, ctx) => {
    if (value.validFrom > officeDay(new Date())) {
      ctx.addIssue({ code: 'custom', path: ['validFrom'], message: 'caseFile:edit.errors.future' })
    }
    if (value.expiresAt && value.expiresAt <= value.validFrom) {
      ctx.addIssue({ code: 'custom', path: ['expiresAt'], message: 'caseFile:residence.errors.expiryBeforeStart' })
    }
  })
