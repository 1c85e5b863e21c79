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
import { CONSENT_FORMS, DATA_CATEGORIES, REFERRAL_KINDS } from '#app/domain/codes.ts'
import { LANGUAGE_CODE_PATTERN } from '#app/utils/iso.ts'
import { freeText } from '#app/utils/validation.ts'

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

export function ConsentForm({
  lastResult,
  partners,
  languages,
  today,
  defaultLanguage,
  cancelTo,
  forReferral,
}: {
  lastResult?: SubmissionResult<string[]> | null
  partners: Option[]
  languages: { common: Option[]; all: Option[] }
  today: string
  /** the client's first language with a template, proposed for the texts the client is given */
  defaultLanguage: string
  cancelTo: string
  /** recording the consent a referral lacks: its partner and categories are filled in, and saving returns to it */
  forReferral?: { id: string; partnerId: string | null; dataCategories: string[] }
}) {
  const { t } = useTranslation('referrals')
  const [form, fields] = useForm({
    id: 'new-consent',
    constraint: getZodConstraint(ConsentSchema),
    lastResult,
    shouldRevalidate: 'onInput',
    defaultValue: {
      recipientType: 'partner',
      form: 'WRITTEN',
      givenAt: today,
      languageCode: defaultLanguage,
      recipientPartnerId: forReferral?.partnerId ?? undefined,
      dataCategories: forReferral?.dataCategories,
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ConsentSchema }),
  })
  const categories = fields.dataCategories.initialValue
  const recipientType = (fields.recipientType.initialValue as string | undefined) ?? 'partner'
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <FormErrorSummary errors={form.errors} />
      {forReferral ? <input type="hidden" name="referralId" value={forReferral.id} /> : null}
      <fieldset className="stack">
        <legend>{t('consents.fields.recipient')}</legend>
        <RadioGroup
          legend={t('consents.fields.recipientType')}
          name={fields.recipientType.name}
          defaultValue={recipientType}
          errors={fields.recipientType.errors}
          options={[
            { value: 'partner', label: t('consents.recipientPartner') },
            { value: 'kind', label: t('consents.recipientKind') },
          ]}
        />
        <div className="form-grid">
          <SelectField
            label={t('consents.fields.recipientPartnerId')}
            hint={t('consents.recipientPartnerHint')}
            {...getSelectProps(fields.recipientPartnerId)}
            placeholder={t('choose')}
            options={partners}
            errors={fields.recipientPartnerId.errors}
          />
          <SelectField
            label={t('consents.fields.recipientKind')}
            hint={t('consents.recipientKindHint')}
            {...getSelectProps(fields.recipientKind)}
            placeholder={t('choose')}
            options={REFERRAL_KINDS.map((kind) => ({ value: kind, label: t(`codes:referralKind.${kind}`) }))}
            errors={fields.recipientKind.errors}
          />
        </div>
      </fieldset>
      <TextareaField
        label={t('consents.fields.purpose')}
        hint={t('consents.purposeHint')}
        {...getTextareaProps(fields.purpose)}
        errors={fields.purpose.errors}
      />
      <CheckboxGroup
        legend={t('consents.fields.dataCategories')}
        name={fields.dataCategories.name}
        options={DATA_CATEGORIES.map((code) => ({ value: code, label: t(`codes:dataCategory.${code}`) }))}
        defaultValue={
          Array.isArray(categories) ? (categories as string[]) : categories ? [categories as string] : []
        }
        errors={fields.dataCategories.errors}
      />
      <div className="form-grid">
        <SelectField
          label={t('consents.fields.form')}
          {...getSelectProps(fields.form)}
          options={CONSENT_FORMS.map((code) => ({ value: code, label: t(`codes:consentForm.${code}`) }))}
          errors={fields.form.errors}
        />
        <LanguageSelectField
          label={t('consents.fields.language')}
          hint={`${t('consents.languageHint')} ${t('consentTexts:form.clientLanguageHint')}`}
          name={fields.languageCode.name}
          defaultValue={(fields.languageCode.initialValue as string | undefined) ?? ''}
          choices={languages}
          placeholder={t('consents.languageGerman')}
          errors={fields.languageCode.errors}
        />
        <Field
          label={t('consents.fields.givenAt')}
          {...getInputProps(fields.givenAt, { type: 'date' })}
          max={today}
          errors={fields.givenAt.errors}
        />
        <Field
          label={t('consents.fields.validUntil')}
          hint={t('consents.validUntilHint')}
          {...getInputProps(fields.validUntil, { type: 'date' })}
          errors={fields.validUntil.errors}
        />
      </div>
      <CheckboxField
        label={t('consents.fields.paperOnFile')}
        {...getInputProps(fields.paperOnFile, { type: 'checkbox' })}
        errors={fields.paperOnFile.errors}
      />
      <div className="form-actions">
        <SubmitButton>{t('consents.submit')}</SubmitButton>
        <button type="submit" name="intent" value="print" className="button button-secondary">
          {t('consentTexts:form.saveAndPrint')}
        </button>
        <Link to={cancelTo}>{t('common:actions.cancel')}</Link>
      </div>
    </Form>
  )
}
