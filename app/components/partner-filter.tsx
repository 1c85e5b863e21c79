import { useTranslation } from 'react-i18next'
import { SelectField } from '#app/components/ui/field.tsx'
import { REFERRAL_KINDS } from '#app/domain/codes.ts'
import { codeOptions, type Option } from '#app/utils/options.ts'

/**
 * The partner filter (kind of service, district, language) of the directory and of the referral
 * form; a GET form's fields, so the filter is part of the address and works without JavaScript.
 */
export function PartnerFilterFields({
  values,
  choices,
}: {
  values: { kind: string; district: string; language: string }
  choices: { districts: Option[]; languages: Option[] }
}) {
  const { t } = useTranslation('referrals')
  return (
    <>
      <ReferralKindFilterField label={t('partners.fields.kind')} value={values.kind} />
      <SelectField label={t('partners.fields.district')} name="district" defaultValue={values.district} placeholder={t('all')} options={choices.districts} />
      <SelectField label={t('partners.fields.language')} name="language" defaultValue={values.language} placeholder={t('all')} options={choices.languages} />
    </>
  )
}

/** The kind-of-service filter (`kind`, any by default) of the partner filter and of the referral overview. */
export function ReferralKindFilterField({ label, value }: { label: string; value: string }) {
  const { t } = useTranslation('referrals')
  return <SelectField label={label} name="kind" defaultValue={value} placeholder={t('all')} options={codeOptions(t, 'referralKind', REFERRAL_KINDS)} />
}
