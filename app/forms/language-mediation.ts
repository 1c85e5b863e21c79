// The language-mediation form (request and update, with its status transitions), in the browser
// and in the action.
import { z } from 'zod'
import { COST_BEARERS, MEDIATION_MODES, MEDIATION_STATUSES, PROVIDER_KINDS } from '#app/domain/codes.ts'
import { parseDay } from '#app/domain/follow-up.ts'
import { missingForTransition } from '#app/domain/mediation-lifecycle.ts'
import { parseEuroToCents, type MoneyLanguage } from '#app/domain/money.ts'
import { freeText } from '#app/forms/fields.ts'

export const DIALECT_MAX = 60
export const MAX_MINUTES = 24 * 60

const day = (message: string) =>
  z
    .string({ required_error: message })
    .transform((value, ctx) => {
      const date = parseDay(value)
      if (!date) {
        ctx.addIssue({ code: 'custom', message })
        return z.NEVER
      }
      return date
    })

const minutes = (message: string) =>
  z.number({ invalid_type_error: message }).int(message).min(0, message).max(MAX_MINUTES, message).optional()

const MISSING_MESSAGES: Record<string, string> = {
  performedAt: 'referrals:mediation.errors.performedRequired',
  billedMinutes: 'referrals:mediation.errors.billedRequired',
  costCents: 'referrals:mediation.errors.costRequired',
  costBearer: 'referrals:mediation.errors.costBearerRequired',
}
const FIELD_OF: Record<string, string> = { costCents: 'cost' }

/**
 * One schema for requesting and for updating a mediation, in the browser and in the action. The
 * cost is typed as the user writes money in their language and becomes integer cents here.
 * `to` is the status a transition button asks for; a transition checks its required fields.
 */
export function mediationFormSchema({ language, maxDay }: { language: MoneyLanguage; maxDay: string }) {
  return z
    .object({
      languageCode: z.string({ required_error: 'referrals:mediation.errors.language' }).regex(/^[a-z]{3}$/, 'referrals:mediation.errors.language'),
      dialect: freeText(DIALECT_MAX).optional(),
      mode: z.enum(MEDIATION_MODES, { errorMap: () => ({ message: 'referrals:mediation.errors.mode' }) }),
      providerId: z.string().max(40, 'referrals:mediation.errors.provider').optional(),
      providerKind: z.enum(PROVIDER_KINDS, { errorMap: () => ({ message: 'referrals:mediation.errors.providerKind' }) }),
      // A short code such as "SM-0412" that the provider's own list resolves; it must contain a
      // digit so that nobody types an interpreter's name here.
      interpreterRef: z
        .string()
        .trim()
        .regex(/^(?=.*\d)[A-Za-z0-9-]{2,16}$/, 'referrals:mediation.errors.interpreterRef')
        .transform((value) => value.toUpperCase())
        .optional(),
      requestedAt: day('referrals:mediation.errors.requestedAt'),
      performedAt: day('referrals:mediation.errors.performedAt').optional(),
      billedMinutes: minutes('referrals:mediation.errors.minutes'),
      travelMinutes: minutes('referrals:mediation.errors.minutes'),
      cost: z
        .string()
        .transform((value, ctx) => {
          const parsed = parseEuroToCents(value, language)
          if (!parsed.ok) {
            ctx.addIssue({ code: 'custom', message: parsed.reason === 'negative' ? 'referrals:mediation.errors.costNegative' : 'referrals:mediation.errors.cost' })
            return z.NEVER
          }
          return parsed.cents
        })
        .optional(),
      costBearer: z.enum(COST_BEARERS, { errorMap: () => ({ message: 'referrals:mediation.errors.costBearer' }) }).optional(),
      to: z.enum(MEDIATION_STATUSES, { errorMap: () => ({ message: 'referrals:mediation.errors.transition' }) }).optional(),
      version: z.number().int().min(1).optional(),
      returnTo: z.string().max(2000).optional(),
    })
    .superRefine((value, ctx) => {
      const maxDate = parseDay(maxDay)
      if (value.performedAt && maxDate && value.performedAt > maxDate) {
        ctx.addIssue({ code: 'custom', path: ['performedAt'], message: 'referrals:mediation.errors.performedFuture' })
      }
      if (value.performedAt && value.performedAt < value.requestedAt) {
        ctx.addIssue({ code: 'custom', path: ['performedAt'], message: 'referrals:mediation.errors.performedBeforeRequested' })
      }
      if (value.to) {
        const missing = missingForTransition(value.to, { performedAt: value.performedAt, billedMinutes: value.billedMinutes, costCents: value.cost, costBearer: value.costBearer })
        for (const field of missing) {
          ctx.addIssue({ code: 'custom', path: [FIELD_OF[field] ?? field], message: MISSING_MESSAGES[field]! })
        }
      }
    })
}

export type MediationFormValues = z.infer<ReturnType<typeof mediationFormSchema>>
