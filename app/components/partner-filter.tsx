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
      <SelectField
        label={t('partners.fields.kind')}
        name="kind"
        defaultValue={values.kind}
        placeholder={t('all')}
        options={codeOptions(t, 'referralKind', REFERRAL_KINDS)}
      />
      <SelectField label={t('partners.fields.district')} name="district" defaultValue={values.district} placeholder={t('all')} options={choices.districts} />
      <SelectField label={t('partners.fields.language')} name="language" defaultValue={values.language} placeholder={t('all')} options={choices.languages} />
    </>
  )
}
