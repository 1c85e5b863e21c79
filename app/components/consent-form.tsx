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
import { LanguageSelectField, type LanguageChoices } from '#app/components/language-select.tsx'
import { DataCategoriesField, RecipientFields } from '#app/components/referral-fields.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { CheckboxField, Field, FormErrorSummary, RadioGroup, SelectField, TextareaField } from '#app/components/ui/field.tsx'
import { CONSENT_FORMS } from '#app/domain/codes.ts'
import { ConsentSchema } from '#app/forms/consent.ts'
import { codeOptions, type Option } from '#app/utils/options.ts'

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
  languages: LanguageChoices
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
          <RecipientFields
            partner={{ field: fields.recipientPartnerId, label: t('consents.fields.recipientPartnerId'), hint: t('consents.recipientPartnerHint') }}
            kind={{ field: fields.recipientKind, label: t('consents.fields.recipientKind'), hint: t('consents.recipientKindHint') }}
            partners={partners}
          />
        </div>
      </fieldset>
      <TextareaField
        label={t('consents.fields.purpose')}
        hint={t('consents.purposeHint')}
        {...getTextareaProps(fields.purpose)}
        errors={fields.purpose.errors}
      />
      <DataCategoriesField field={fields.dataCategories} legend={t('consents.fields.dataCategories')} />
      <div className="form-grid">
        <SelectField
          label={t('consents.fields.form')}
          {...getSelectProps(fields.form)}
          options={codeOptions(t, 'consentForm', CONSENT_FORMS)}
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
