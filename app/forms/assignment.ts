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
  // a case sent twice (a doubled field, a hand-made post) is one case: assigned once and counted once
  caseId: z
    .array(id, { required_error: 'team:assign.noneSelected' })
    .min(1, 'team:assign.noneSelected')
    .max(200, 'team:assign.tooMany')
    .transform((ids) => [...new Set(ids)]),
  // the select's empty choice arrives as no value (Conform): the same words as an unknown person
  counsellorId: z.string({ required_error: 'team:assign.counsellor' }).min(1, 'team:assign.counsellor').max(100),
  note,
})

export const ReassignSchema = z.object({
  counsellorId: z.string().max(100).optional(),
  version: z.coerce.number().int().min(1),
  note,
})

/** A case as the team lead saw it: `<id>:<version>` (the version guards against parallel changes). */
const versionedCase = z
  .string()
  .max(60)
  .regex(/^[^:]{1,40}:\d{1,9}$/)
  .transform((value) => {
    const [id, version] = value.split(':') as [string, string]
    return { id, version: Number(version) }
  })

export const BulkReassignSchema = z.object({
  fromId: id,
  toId: z.string({ required_error: 'team:reassign.errors.to' }).min(1, 'team:reassign.errors.to').max(100),
  case: z.array(versionedCase, { required_error: 'team:reassign.errors.none' }).min(1, 'team:reassign.errors.none').max(500),
})
