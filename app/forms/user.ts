// The administrator's user form (create and edit), in the browser (Conform) and in the actions.
import { z } from 'zod'
import { ROLES } from '#app/domain/codes.ts'
import { EmailSchema } from '#app/forms/fields.ts'

const languageList = z
  .string()
  .max(200, 'admin:users.errors.languages')
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(/[\s,;]+/)
      .map((code) => code.trim().toLowerCase())
      .filter(Boolean),
  )
  .refine((codes) => codes.every((code) => /^[a-z]{3}$/.test(code)), 'admin:users.errors.languages')
  .transform((codes) => [...new Set(codes)])

export const UserFormSchema = z.object({
  email: EmailSchema,
  displayName: z
    .string({ required_error: 'admin:users.errors.displayName' })
    .trim()
    .min(2, 'admin:users.errors.displayName')
    .max(100, 'admin:users.errors.displayName'),
  role: z.enum(ROLES, { errorMap: () => ({ message: 'admin:users.errors.role' }) }),
  teamId: z.string({ required_error: 'admin:users.errors.team' }).min(1, 'admin:users.errors.team').max(100),
  languages: languageList,
})
