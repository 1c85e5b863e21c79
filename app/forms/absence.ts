// The team lead's absence form (who is away, who substitutes, from when to when).
import { z } from 'zod'

const isoDate = z
  .string({ required_error: 'team:absences.errors.date' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'team:absences.errors.date')
  .transform((value) => new Date(`${value}T00:00:00`))
  .refine((date) => !Number.isNaN(date.getTime()), 'team:absences.errors.date')

export const AbsenceSchema = z.object({
  intent: z.literal('create'),
  userId: z.string().min(1).max(100),
  substituteId: z.string({ required_error: 'team:absences.errors.substitute' }).min(1, 'team:absences.errors.substitute').max(100),
  startsOn: isoDate,
  endsOn: isoDate,
})
