import { useId, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorList, type ListOfErrors } from '#app/components/ui/field.tsx'
import { formatDate as formatDay } from '#app/utils/format.ts'
import { type Option } from '#app/utils/options.ts'

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

/** Radio buttons in a fieldset: one choice, keyboard-friendly, works without JavaScript. */
export function RadioGroup({
  legend,
  name,
  options,
  defaultValue,
  errors,
  hint,
}: {
  legend: ReactNode
  name: string
  options: Option[]
  defaultValue?: string
  errors?: ListOfErrors
  hint?: ReactNode
}) {
  const id = useId()
  const hasErrors = Boolean(errors?.some(Boolean))
  return (
    <fieldset
      className="field radio-group"
      aria-describedby={
        [hint ? `${id}-hint` : null, hasErrors ? `${id}-error` : null].filter(Boolean).join(' ') || undefined
      }
    >
      <legend>{legend}</legend>
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      <div className="radio-options">
        {options.map((option) => (
          <label key={option.value} className="checkbox-option">
            <input
              type="radio"
              name={name}
              value={option.value}
              defaultChecked={defaultValue === option.value}
            />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
      <ErrorList id={`${id}-error`} errors={errors} />
    </fieldset>
  )
}

/** Status as text in a badge (never colour alone). */
export function ReferralStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation('referrals')
  const tone =
    status === 'COMPLETED' || status === 'ADMITTED'
      ? 'badge-success'
      : status === 'WAITING_LIST'
        ? 'badge-warning'
        : ''
  return (
    <span className={['badge', tone].filter(Boolean).join(' ')}>{t(`codes:referralStatus.${status}`)}</span>
  )
}

export function Days({ days }: { days: number | null }) {
  const { t } = useTranslation('referrals')
  if (days === null) return <span className="muted">{t('waiting.none')}</span>
  return <>{t('waiting.days', { count: days })}</>
}

/** Marks a referral whose consent was withdrawn: badge with text, plus the reason for screen readers. */
export function ConsentFlag() {
  const { t } = useTranslation('referrals')
  return <span className="badge badge-error">{t('flagged.badge')}</span>
}
