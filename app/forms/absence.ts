// The team lead's absence form (who is away, who substitutes, from when to when).
import { z } from 'zod'
import { parseDay } from '#app/domain/follow-up.ts'

// A calendar day (decision 029): UTC midnight of the day typed, whatever the server's zone. The
// last day is stored as that day too and counts in full (inclusive).
const isoDate = z
  .string({ required_error: 'team:absences.errors.date' })
  .refine((value) => parseDay(value) !== null, 'team:absences.errors.date')
  .transform((value) => parseDay(value)!)

export const AbsenceSchema = z.object({
  intent: z.literal('create'),
  userId: z.string().min(1).max(100),
  substituteId: z.string({ required_error: 'team:absences.errors.substitute' }).min(1, 'team:absences.errors.substitute').max(100),
  startsOn: isoDate,
  endsOn: isoDate,
})
