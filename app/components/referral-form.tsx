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
import { UncoveredCategories, useConsentCategories, type ConsentChoice } from '#app/components/consent-categories.tsx'
import { LanguageSelectField, type LanguageChoices } from '#app/components/language-select.tsx'
import { DataCategoriesField, RecipientFields } from '#app/components/referral-fields.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { CheckboxField, Field, FormErrorSummary, listValue, RadioGroup, SelectField, TextareaField } from '#app/components/ui/field.tsx'
import { URGENCIES } from '#app/domain/codes.ts'
import { ReferralSchema } from '#app/forms/referral.ts'
import { codeOptions, type Option } from '#app/utils/options.ts'

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
  languages: LanguageChoices
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
  const { onChange, uncovered } = useConsentCategories({
    consents,
    initialConsentId: typeof fields.consentId.initialValue === 'string' ? fields.consentId.initialValue : '',
    initialCategories: listValue(fields.dataCategories.initialValue),
  })
  return (
    <Form method="post" {...getFormProps(form)} onChange={onChange} className="stack">
      <FormErrorSummary errors={form.errors} />
      <div className="form-grid">
        <RecipientFields
          partner={{ field: fields.partnerId, label: t('referral.fields.partner'), hint: t('referral.partnerHint') }}
          kind={{ field: fields.kind, label: t('referral.fields.kind') }}
          partners={partners}
        />
        <SelectField
          label={t('referral.fields.urgency')}
          {...getSelectProps(fields.urgency)}
          options={codeOptions(t, 'urgency', URGENCIES)}
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
      <DataCategoriesField field={fields.dataCategories} legend={t('referral.fields.dataCategories')} hint={t('referral.categoriesHint')} />
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
