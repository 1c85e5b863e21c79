// Form schemas of the second factor, shared by browser and server. Messages are locale keys (auth).
import { z } from 'zod'
import { RedirectToSchema } from '#app/utils/validation.ts'
import { SECOND_FACTOR_POLICIES } from './second-factor.ts'

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

export const SecondFactorPolicySchema = z.object({
  policy: z.enum(SECOND_FACTOR_POLICIES, { errorMap: () => ({ message: 'admin:security.errors.policy' }) }),
})

export const ResetSecondFactorSchema = z.object({
  confirm: z.literal('on', { errorMap: () => ({ message: 'admin:users.secondFactor.confirmRequired' }) }),
})
