// The administrator's user form (create and edit), in the browser (Conform) and in the actions.
import { z } from 'zod'
import { ROLES } from '#app/domain/codes.ts'
import { EmailSchema, LanguagesSchema } from '#app/forms/fields.ts'

export const UserFormSchema = z.object({
  email: EmailSchema,
  displayName: z
    .string({ required_error: 'admin:users.errors.displayName' })
    .trim()
    .min(2, 'admin:users.errors.displayName')
    .max(100, 'admin:users.errors.displayName'),
  role: z.enum(ROLES, { errorMap: () => ({ message: 'admin:users.errors.role' }) }),
  teamId: z.string({ required_error: 'admin:users.errors.team' }).min(1, 'admin:users.errors.team').max(100),
  languages: LanguagesSchema,
})
