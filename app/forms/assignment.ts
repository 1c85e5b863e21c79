// The team lead's assignment forms: several queued cases at once, or one case reassigned.
import { z } from 'zod'

const id = z.string().min(1).max(100)

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
