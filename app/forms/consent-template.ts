// Client-safe Zod schemas of the consent-template administration (issue 18). The placeholder rules
// run in the browser and in the action alike, so a refused text shows its error next to the field.
import { z } from 'zod'
import { type TemplateKind } from '#app/domain/consent-templates.ts'
import { templateProblems } from '#app/domain/template-markup.ts'
import { freeText } from '#app/forms/fields.ts'

export const TEMPLATE_BODY_MAX = 20_000
export const TEMPLATE_SUMMARY_MAX = 4_000

/** The message key and its values, encoded for Conform's string errors: "key|name". */
export function problemMessage(problem: ReturnType<typeof templateProblems>[number]) {
  const key = `consentTexts:admin.errors.${problem.problem === 'empty' ? 'body' : problem.problem}`
  return 'name' in problem ? `${key}|${problem.name}` : key
}

export function templateVersionSchema(kind: TemplateKind) {
  return z
    .object({
      intent: z.enum(['save', 'preview']).default('save'),
      basedOn: z.number({ invalid_type_error: 'consentTexts:admin.errors.body' }).int().min(0),
      body: z
        .string({ required_error: 'consentTexts:admin.errors.body' })
        .max(TEMPLATE_BODY_MAX, 'consentTexts:admin.errors.tooLong'),
      summary: z.string().max(TEMPLATE_SUMMARY_MAX, 'consentTexts:admin.errors.summary').optional(),
    })
    .superRefine((value, ctx) => {
      for (const problem of templateProblems(kind, value.body)) {
        ctx.addIssue({ code: 'custom', path: ['body'], message: problemMessage(problem) })
      }
      if (value.summary) {
        for (const problem of templateProblems(kind, value.summary)) {
          // The summary may leave out what the full text must name; it may not invent placeholders.
          if (problem.problem === 'missingPlaceholder' || problem.problem === 'empty') continue
          ctx.addIssue({ code: 'custom', path: ['summary'], message: problemMessage(problem) })
        }
      }
    })
}

export const TemplateReviewSchema = z.object({
  version: z.number().int().positive(),
  reviewerName: z
    .string({ required_error: 'consentTexts:admin.errors.reviewerName' })
    .pipe(freeText(120))
    .pipe(z.string().min(2, 'consentTexts:admin.errors.reviewerName')),
  reviewedOn: z
    .string({ required_error: 'consentTexts:admin.errors.reviewedOn' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'consentTexts:admin.errors.reviewedOn')
    .refine((value) => !Number.isNaN(Date.parse(`${value}T12:00:00Z`)), 'consentTexts:admin.errors.reviewedOn'),
})

const settingText = z
  .string()
  .optional()
  .default('')
  .pipe(freeText(300))

export const OrganisationSettingsSchema = z.object({
  organisation: settingText,
  organisationContact: settingText,
  dpoContact: settingText,
})
