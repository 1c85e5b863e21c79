import {
  getFormProps,
  getInputProps,
  getSelectProps,
  useForm,
  type SubmissionResult,
} from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { Form, Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { LanguagesField } from '#app/components/language-select.tsx'
import { Field, FormErrorSummary, listValue, SelectField } from '#app/components/ui/field.tsx'
import { REFERRAL_KINDS } from '#app/domain/codes.ts'
import { PartnerSchema } from '#app/forms/partner.ts'
import { type LanguageChoiceGroups } from '#app/utils/iso.ts'
import { codeOptions, type Option } from '#app/utils/options.ts'

export type PartnerFormDefaults = {
  name?: string
  kind?: string
  districtId?: number | null
  address?: string | null
  phone?: string | null
  email?: string | null
  website?: string | null
  languages?: string[]
}

export function PartnerForm({
  id,
  defaults,
  lastResult,
  districts,
  languages,
  submitLabel,
  intent,
}: {
  id: string
  defaults: PartnerFormDefaults
  lastResult?: SubmissionResult<string[]> | null
  districts: Option[]
  languages: LanguageChoiceGroups
  submitLabel: string
  intent?: string
}) {
  const { t } = useTranslation('referrals')
  const [form, fields] = useForm({
    id,
    constraint: getZodConstraint(PartnerSchema),
    lastResult,
    shouldRevalidate: 'onInput',
    defaultValue: {
      ...defaults,
      districtId: defaults.districtId ? String(defaults.districtId) : '',
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PartnerSchema }),
  })
  const kindOptions = codeOptions(t, 'referralKind', REFERRAL_KINDS)
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <FormErrorSummary errors={form.errors} />
      <div className="form-grid">
        <Field
          label={t('partners.fields.name')}
          {...getInputProps(fields.name, { type: 'text' })}
          errors={fields.name.errors}
        />
        <SelectField
          label={t('partners.fields.kind')}
          {...getSelectProps(fields.kind)}
          placeholder={t('choose')}
          options={kindOptions}
          errors={fields.kind.errors}
        />
        <SelectField
          label={t('partners.fields.district')}
          {...getSelectProps(fields.districtId)}
          placeholder={t('partners.noDistrict')}
          options={districts}
          errors={fields.districtId.errors}
        />
      </div>
      <div className="form-grid">
        <Field
          label={t('partners.fields.address')}
          {...getInputProps(fields.address, { type: 'text' })}
          errors={fields.address.errors}
        />
        <Field
          label={t('partners.fields.phone')}
          {...getInputProps(fields.phone, { type: 'tel' })}
          errors={fields.phone.errors}
        />
        <Field
          label={t('partners.fields.email')}
          {...getInputProps(fields.email, { type: 'email' })}
          errors={fields.email.errors}
        />
        <Field
          label={t('partners.fields.website')}
          hint={t('partners.websiteHint')}
          {...getInputProps(fields.website, { type: 'url' })}
          errors={fields.website.errors}
        />
      </div>
      <LanguagesField
        key={fields.languages.key}
        id={fields.languages.id}
        label={t('partners.fields.languages')}
        name={fields.languages.name}
        choices={languages}
        defaultValue={listValue(fields.languages.initialValue)}
        errors={fields.languages.errors}
      />
      <div className="form-actions">
        <SubmitButton intent={intent}>{submitLabel}</SubmitButton>
        <Link to="/admin/partners">{t('common:actions.cancel')}</Link>
      </div>
    </Form>
  )
}
