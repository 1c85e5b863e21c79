import { getSelectProps, type FieldMetadata } from '@conform-to/react'
import { type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { CheckboxGroup, listValue, SelectField } from '#app/components/ui/field.tsx'
import { DATA_CATEGORIES, REFERRAL_KINDS } from '#app/domain/codes.ts'
import { formatDate as formatDay } from '#app/utils/format.ts'
import { codeOptions, type Option } from '#app/utils/options.ts'
import { type Translate } from '#app/utils/translate-once.ts'

// Built once: a new Intl.DateTimeFormat with a time zone costs ≈ 45 µs and ≈ 27 kB of native memory
// that the server process never hands back (docs/performance.md, "Memory").
const berlinDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Berlin',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

/** Today's date in Germany as YYYY-MM-DD (the default and the maximum of date fields). */
export function todayInput(now = new Date()) {
  return berlinDay.format(now)
}

/** A date in the user's language (one cached formatter per language, app/utils/format.ts). */
export function formatDate(value: string | Date | null | undefined, lng: string) {
  return formatDay(value, lng === 'en' ? 'en' : 'de')
}

type LabelledField = { field: FieldMetadata<unknown>; label: ReactNode; hint?: ReactNode }

/** Who receives a consent's data or a referral: a partner of the directory, and the kind of service. */
export function RecipientFields({
  partner,
  kind,
  partners,
}: {
  partner: LabelledField
  kind: LabelledField
  partners: Option[]
}) {
  const { t } = useTranslation('referrals')
  return (
    <>
      <SelectField
        label={partner.label}
        hint={partner.hint}
        {...getSelectProps(partner.field)}
        placeholder={t('choose')}
        options={partners}
        errors={partner.field.errors}
      />
      <SelectField
        label={kind.label}
        hint={kind.hint}
        {...getSelectProps(kind.field)}
        placeholder={t('choose')}
        options={codeOptions(t, 'referralKind', REFERRAL_KINDS)}
        errors={kind.field.errors}
      />
    </>
  )
}

/** The categories of data passed on (consent and referral): names of categories, never their content. */
export function DataCategoriesField({
  field,
  legend,
  hint,
}: {
  field: FieldMetadata<unknown>
  legend: ReactNode
  hint?: ReactNode
}) {
  const { t } = useTranslation('referrals')
  return (
    <CheckboxGroup
      legend={legend}
      hint={hint}
      name={field.name}
      options={codeOptions(t, 'dataCategory', DATA_CATEGORIES)}
      defaultValue={listValue(field.initialValue)}
      errors={field.errors}
    />
  )
}

/** Status as text in a badge (never colour alone). */
export function ReferralStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation('referrals')
  return referralStatusBadge(t, status)
}

export function Days({ days }: { days: number | null }) {
  const { t } = useTranslation('referrals')
  return waitingDays(t, days)
}

// The same two as plain functions for a list that passes its own `t` of the referrals namespace (a
// `translateOnce`): a component per row would set up i18next and ask for the same labels again.

/** The status badge's classes: admitted and completed green, the waiting list amber, the rest plain. */
export function referralStatusBadgeClass(status: string) {
  return status === 'COMPLETED' || status === 'ADMITTED' ? 'badge badge-success' : status === 'WAITING_LIST' ? 'badge badge-warning' : 'badge'
}

export function referralStatusBadge(t: Translate, status: string) {
  return <span className={referralStatusBadgeClass(status)}>{t(`codes:referralStatus.${status}`)}</span>
}

export function waitingDays(t: Translate, days: number | null) {
  if (days === null) return <span className="muted">{t('waiting.none')}</span>
  return <>{t('waiting.days', { count: days })}</>
}

/** Days waited so far, marked when the team's threshold for a long wait is passed. */
export function WaitingSoFar({
  referral,
}: {
  referral: { waiting: { waitingSoFar: number | null }; overThreshold: boolean; threshold: number }
}) {
  const { t } = useTranslation('referrals')
  return (
    <>
      <Days days={referral.waiting.waitingSoFar} />
      {referral.overThreshold ? (
        <>
          {' '}
          <span className="badge badge-warning">
            {t('overview.overThreshold', { days: referral.threshold })}
          </span>
        </>
      ) : null}
    </>
  )
}

/** Marks a referral whose consent was withdrawn: badge with text, plus the reason for screen readers. */
export function ConsentFlag() {
  const { t } = useTranslation('referrals')
  return <span className="badge badge-error">{t('flagged.badge')}</span>
}
