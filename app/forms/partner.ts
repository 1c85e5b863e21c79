// The partner-directory form (create and edit), in the browser and in the partner model.
import { z } from 'zod'
import { REFERRAL_KINDS } from '#app/domain/codes.ts'
import { freeText, LanguagesSchema } from '#app/forms/fields.ts'

const optionalText = (max: number) =>
  freeText(max)
    .optional()
    .transform((value) => (value ? value : null))

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
  languages: LanguagesSchema,
})
