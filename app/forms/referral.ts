// The referral forms (send a referral, move it through its lifecycle), in the browser and in the actions.
import { z } from 'zod'
import { DATA_CATEGORIES, REFERRAL_KINDS, REFERRAL_STATUSES, URGENCIES } from '#app/domain/codes.ts'
import { DateInputSchema, freeText } from '#app/forms/fields.ts'
import { LANGUAGE_CODE_PATTERN } from '#app/utils/iso.ts'

export const ReferralSchema = z
  .object({
    partnerId: z.string({ required_error: 'referrals:errors.partnerRequired' }).max(40),
    kind: z.enum(REFERRAL_KINDS, { errorMap: () => ({ message: 'referrals:errors.kind' }) }),
    urgency: z.enum(URGENCIES, { errorMap: () => ({ message: 'referrals:errors.urgency' }) }),
    reason: freeText(1000).optional(),
    mode: z.enum(['anonymous', 'withData'], { errorMap: () => ({ message: 'referrals:errors.mode' }) }),
    dataCategories: z.array(z.enum(DATA_CATEGORIES)).optional().default([]),
    consentId: z.string().max(40).optional(),
    interpreterNeeded: z.boolean().optional().default(false),
    interpreterLanguage: z
      .string()
      .regex(LANGUAGE_CODE_PATTERN, 'referrals:errors.interpreterLanguage')
      .optional(),
    sentAt: DateInputSchema('referrals:errors.sentAt'),
  })
  .superRefine((value, ctx) => {
    if (value.mode === 'anonymous' && value.dataCategories.length > 0)
      ctx.addIssue({ code: 'custom', path: ['dataCategories'], message: 'referrals:errors.anonymousNoData' })
    if (value.mode === 'withData' && value.dataCategories.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['dataCategories'],
        message: 'referrals:errors.categoriesRequired',
      })
    if (value.mode === 'withData' && !value.consentId)
      ctx.addIssue({ code: 'custom', path: ['consentId'], message: 'referrals:errors.consentRequired' })
    if (value.interpreterNeeded && !value.interpreterLanguage)
      ctx.addIssue({
        code: 'custom',
        path: ['interpreterLanguage'],
        message: 'referrals:errors.interpreterLanguage',
      })
  })

export const TransitionSchema = z.object({
  intent: z.literal('transition'),
  to: z.enum(REFERRAL_STATUSES, { errorMap: () => ({ message: 'referrals:errors.transitionTarget' }) }),
  at: DateInputSchema('referrals:errors.transitionDate'),
  version: z.coerce.number().int(),
})

export const AttachConsentSchema = z.object({
  intent: z.literal('attach-consent'),
  consentId: z.string({ required_error: 'referrals:errors.consentRequired' }).max(40, 'referrals:errors.consentRequired'),
  dataCategories: z
    .array(z.enum(DATA_CATEGORIES, { errorMap: () => ({ message: 'referrals:errors.categoriesRequired' }) }), {
      required_error: 'referrals:errors.categoriesRequired',
    })
    .min(1, 'referrals:errors.categoriesRequired'),
  version: z.coerce.number().int(),
})

export const FeedbackSchema = z.object({
  intent: z.literal('feedback'),
  feedbackReceived: z.literal('on').optional(),
  version: z.coerce.number().int(),
})
