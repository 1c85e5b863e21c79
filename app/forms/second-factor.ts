// Form schemas of the second factor — the sign-in code step, the user's own settings
// (/settings/security) and the administrator's reset — shared by browser and server. Messages are
// locale keys (auth, admin). The organisation's policy form is in security.ts.
import { z } from 'zod'
import { RedirectToSchema } from './fields.ts'

const CodeField = z
  .string({ required_error: 'auth:secondFactor.errors.codeRequired' })
  .trim()
  .max(20, 'auth:secondFactor.errors.codeFormat')
  .refine((value) => /^\d{6}$/.test(value.replace(/[\s-]/g, '')), 'auth:secondFactor.errors.codeFormat')

export const SignInCodeSchema = z.object({ code: CodeField, redirectTo: RedirectToSchema })

export const RecoveryCodeSchema = z.object({
  recoveryCode: z.string({ required_error: 'auth:secondFactor.errors.recoveryRequired' }).trim().max(40, 'auth:secondFactor.errors.recoveryFormat'),
  redirectTo: RedirectToSchema,
})

/** Confirming an enrolment, new recovery codes, switching the second factor off: all need a current code. */
export const CurrentCodeSchema = z.object({ code: CodeField, redirectTo: RedirectToSchema })

export const ResetSecondFactorSchema = z.object({
  confirm: z.literal('on', { errorMap: () => ({ message: 'admin:users.secondFactor.confirmRequired' }) }),
})
