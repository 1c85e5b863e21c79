// The consent forms (release from confidentiality: record, withdraw), in the browser and in the actions.
import { z } from 'zod'
import { CONSENT_FORMS, DATA_CATEGORIES, REFERRAL_KINDS } from '#app/domain/codes.ts'
import { DateInputSchema, freeText } from '#app/forms/fields.ts'
import { LANGUAGE_CODE_PATTERN } from '#app/utils/iso.ts'

export const ConsentSchema = z
  .object({
    recipientType: z.enum(['partner', 'kind'], {
      errorMap: () => ({ message: 'referrals:consents.errors.recipientType' }),
    }),
    recipientPartnerId: z.string().max(40).optional(),
    recipientKind: z.enum(REFERRAL_KINDS).optional(),
    purpose: z
      .string({ required_error: 'referrals:consents.errors.purpose' })
      .pipe(freeText(500))
      .pipe(z.string().min(1, 'referrals:consents.errors.purpose')),
    dataCategories: z
      .array(z.enum(DATA_CATEGORIES), { required_error: 'referrals:consents.errors.categories' })
      .min(1, 'referrals:consents.errors.categories'),
    form: z.enum(CONSENT_FORMS, { errorMap: () => ({ message: 'referrals:consents.errors.form' }) }),
    languageCode: z.string().regex(LANGUAGE_CODE_PATTERN, 'referrals:consents.errors.language').optional(),
    givenAt: DateInputSchema('referrals:consents.errors.givenAt'),
    validUntil: DateInputSchema('referrals:consents.errors.validUntil').optional(),
    paperOnFile: z.boolean().optional().default(false),
  })
  .superRefine((value, ctx) => {
    if (value.recipientType === 'partner' && !value.recipientPartnerId)
      ctx.addIssue({
        code: 'custom',
        path: ['recipientPartnerId'],
        message: 'referrals:consents.errors.recipientPartner',
      })
    if (value.recipientType === 'kind' && !value.recipientKind)
      ctx.addIssue({
        code: 'custom',
        path: ['recipientKind'],
        message: 'referrals:consents.errors.recipientKind',
      })
    if (value.validUntil && value.validUntil < value.givenAt)
      ctx.addIssue({
        code: 'custom',
        path: ['validUntil'],
        message: 'referrals:consents.errors.validUntilBeforeGiven',
      })
    if (value.paperOnFile && value.form !== 'WRITTEN')
      ctx.addIssue({
        code: 'custom',
        path: ['paperOnFile'],
        message: 'referrals:consents.errors.paperOnlyWritten',
      })
  })

export const WithdrawSchema = z.object({ withdrawnAt: DateInputSchema('referrals:consents.errors.withdrawnAt') })
