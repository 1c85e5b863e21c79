// The sign-in and password-change forms, in the browser and in the actions.
import { z } from 'zod'
import { EmailSchema, PasswordSchema, RedirectToSchema } from '#app/forms/fields.ts'

export const LoginSchema = z.object({
  email: EmailSchema,
  password: z.string({ required_error: 'auth:login.passwordRequired' }).max(1024, 'auth:login.invalid'),
  redirectTo: RedirectToSchema,
})

export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string({ required_error: 'auth:password.currentWrong' }).max(1024),
    newPassword: PasswordSchema,
    confirmPassword: z.string({ required_error: 'auth:password.mismatch' }),
    redirectTo: RedirectToSchema,
  })
  .superRefine((value, ctx) => {
    if (value.newPassword !== value.confirmPassword) {
      ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: 'auth:password.mismatch' })
    }
    if (value.newPassword === value.currentPassword) {
      ctx.addIssue({ code: 'custom', path: ['newPassword'], message: 'auth:password.sameAsOld' })
    }
  })
