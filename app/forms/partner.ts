// The partner-directory form (create and edit), in the browser and in the partner model.
import { z } from 'zod'
import { REFERRAL_KINDS } from '#app/domain/codes.ts'
import { freeText } from '#app/forms/fields.ts'
import { LANGUAGE_CODE_PATTERN } from '#app/utils/iso.ts'

const optionalText = (max: number) =>
  freeText(max)
    .optional()
    .transform((value) => (value ? value : null))

/** "arb, fas prs" → ['arb', 'fas', 'prs'] */
export function splitCodes(value: string | undefined) {
  return (value ?? '')
    .toLowerCase()
    .split(/[\s,;]+/)
    .filter(Boolean)
}

export const PartnerSchema = z.object({
  name: z
    .string({ required_error: 'referrals:partners.errors.name' })
    .pipe(freeText(200))
    .pipe(z.string().min(1, 'referrals:partners.errors.name')),
  kind: z.enum(REFERRAL_KINDS, { errorMap: () => ({ message: 'referrals:partners.errors.kind' }) }),
  districtId: z.coerce.number().int().positive().optional(),
  address: optionalText(300),
  phone: optionalText(60).pipe(
    z
      .string()
      .regex(/^[0-9+()/\s.-]*$/, 'referrals:partners.errors.phone')
      .nullable(),
  ),
  email: optionalText(254).pipe(z.string().email('referrals:partners.errors.email').nullable()),
  website: optionalText(300).pipe(
    z
      .string()
      .regex(/^https?:\/\/[^\s]+$/i, 'referrals:partners.errors.website')
      .nullable(),
  ),
  languages: z.array(z.string().regex(LANGUAGE_CODE_PATTERN)).optional().default([]),
  otherLanguages: z
    .string()
    .max(200, 'referrals:partners.errors.languages')
    .optional()
    .refine(
      (value) => splitCodes(value).every((code) => LANGUAGE_CODE_PATTERN.test(code)),
      'referrals:partners.errors.languages',
    ),
})
