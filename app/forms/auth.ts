// The sign-in, password-change and set-password forms, in the browser and in the actions.
import { z } from 'zod'
import { normaliseSetCode } from '#app/domain/password-set-code.ts'
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

// /password/set: the one-time code an administrator gave (decision 018) and the new password.
export const SetPasswordSchema = z
  .object({
    code: z
      .string({ required_error: 'auth:setPassword.codeMissing' })
      .max(100, 'auth:setPassword.codeFormat')
      .refine((value) => normaliseSetCode(value) !== null, 'auth:setPassword.codeFormat'),
    newPassword: PasswordSchema,
    confirmPassword: z.string({ required_error: 'auth:password.mismatch' }),
  })
  .superRefine((value, ctx) => {
    if (value.newPassword !== value.confirmPassword) {
      ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: 'auth:password.mismatch' })
    }
  })
