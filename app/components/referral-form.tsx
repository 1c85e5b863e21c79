import {
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
  type SubmissionResult,
} from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { Form, Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { UncoveredCategories, useConsentCategories, type ConsentChoice } from '#app/components/consent-categories.tsx'
import { LanguageSelectField } from '#app/components/language-select.tsx'
import { DateInputSchema, RadioGroup } from '#app/components/referral-fields.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import {
  CheckboxField,
  CheckboxGroup,
  Field,
  FormErrorSummary,
  SelectField,
  TextareaField,
  type Option,
} from '#app/components/ui/field.tsx'
import { DATA_CATEGORIES, REFERRAL_KINDS, URGENCIES } from '#app/domain/codes.ts'
import { LANGUAGE_CODE_PATTERN } from '#app/utils/iso.ts'
import { freeText } from '#app/utils/validation.ts'

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

export function ReferralForm({
  lastResult,
  partners,
  consents,
  languages,
  today,
  defaultKind,
  defaultPartnerId,
  caseId,
}: {
  lastResult?: SubmissionResult<string[]> | null
  partners: Option[]
  consents: ConsentChoice[]
  languages: { common: Option[]; all: Option[] }
  today: string
  defaultKind: string
  defaultPartnerId: string
  caseId: string
}) {
  const { t } = useTranslation('referrals')
  const [form, fields] = useForm({
    id: 'new-referral',
    constraint: getZodConstraint(ReferralSchema),
    lastResult,
    shouldRevalidate: 'onInput',
    // No default for "anonymous or with data": the counsellor decides each time (issue 12).
    defaultValue: {
      partnerId: defaultPartnerId,
      kind: defaultKind,
      urgency: 'REGULAR',
      sentAt: today,
      consentId: consents.length === 1 ? consents[0]!.value : '',
      dataCategories: consents.length === 1 ? [...consents[0]!.categories] : [],
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ReferralSchema }),
  })
  const categoryValue = fields.dataCategories.initialValue
  const categories = Array.isArray(categoryValue) ? (categoryValue as string[]) : categoryValue ? [categoryValue as string] : []
  const { onChange, uncovered } = useConsentCategories({
    consents,
    initialConsentId: typeof fields.consentId.initialValue === 'string' ? fields.consentId.initialValue : '',
    initialCategories: categories,
  })
  return (
    <Form method="post" {...getFormProps(form)} onChange={onChange} className="stack">
      <FormErrorSummary errors={form.errors} />
      <div className="form-grid">
        <SelectField
          label={t('referral.fields.partner')}
          hint={t('referral.partnerHint')}
          {...getSelectProps(fields.partnerId)}
          placeholder={t('choose')}
          options={partners}
          errors={fields.partnerId.errors}
        />
        <SelectField
          label={t('referral.fields.kind')}
          {...getSelectProps(fields.kind)}
          placeholder={t('choose')}
          options={REFERRAL_KINDS.map((kind) => ({ value: kind, label: t(`codes:referralKind.${kind}`) }))}
          errors={fields.kind.errors}
        />
        <SelectField
          label={t('referral.fields.urgency')}
          {...getSelectProps(fields.urgency)}
          options={URGENCIES.map((code) => ({ value: code, label: t(`codes:urgency.${code}`) }))}
          errors={fields.urgency.errors}
        />
        <Field
          label={t('referral.fields.sentAt')}
          {...getInputProps(fields.sentAt, { type: 'date' })}
          max={today}
          errors={fields.sentAt.errors}
        />
      </div>
      <TextareaField
        label={t('referral.fields.reason')}
        hint={t('referral.reasonHint')}
        {...getTextareaProps(fields.reason)}
        errors={fields.reason.errors}
      />
      <RadioGroup
        legend={t('referral.fields.mode')}
        name={fields.mode.name}
        defaultValue={fields.mode.initialValue as string | undefined}
        errors={fields.mode.errors}
        hint={t('referral.modeHint')}
        options={[
          { value: 'anonymous', label: t('referral.modeAnonymous') },
          { value: 'withData', label: t('referral.modeWithData') },
        ]}
      />
      <CheckboxGroup
        legend={t('referral.fields.dataCategories')}
        hint={t('referral.categoriesHint')}
        name={fields.dataCategories.name}
        options={DATA_CATEGORIES.map((code) => ({ value: code, label: t(`codes:dataCategory.${code}`) }))}
        defaultValue={categories}
        errors={fields.dataCategories.errors}
      />
      <UncoveredCategories uncovered={uncovered} />
      <div className="stack">
        <SelectField
          label={t('referral.fields.consent')}
          hint={t('referral.consentHint')}
          {...getSelectProps(fields.consentId)}
          placeholder={consents.length ? t('choose') : t('referral.noConsents')}
          options={consents}
          errors={fields.consentId.errors}
        />
        <p>
          <Link to={`/cases/${caseId}/consents/new`}>{t('referral.recordConsent')}</Link>
        </p>
      </div>
      <div className="form-grid">
        <CheckboxField
          label={t('referral.fields.interpreterNeeded')}
          {...getInputProps(fields.interpreterNeeded, { type: 'checkbox' })}
          errors={fields.interpreterNeeded.errors}
        />
        <LanguageSelectField
          label={t('referral.fields.interpreterLanguage')}
          name={fields.interpreterLanguage.name}
          defaultValue={(fields.interpreterLanguage.initialValue as string | undefined) ?? ''}
          choices={languages}
          placeholder={t('choose')}
          errors={fields.interpreterLanguage.errors}
        />
      </div>
      <div className="form-actions">
        <SubmitButton>{t('referral.submit')}</SubmitButton>
        <Link to={`/cases/${caseId}/referrals`}>{t('common:actions.cancel')}</Link>
      </div>
    </Form>
  )
}
