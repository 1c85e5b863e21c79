import { useTranslation } from 'react-i18next'
import { formatDate } from '#app/components/referral-fields.tsx'
import { type ConsentGapView } from '#app/domain/consent-rules.ts'
import { Link } from '#app/components/ui/link.tsx'

/**
 * Why a referral cannot go on: the missing or unusable release from confidentiality named in full
 * (which consent, which dates, which categories), what is still possible, and where to record one.
 * Shown before a step is tried and again when a step was refused.
 */
export function ConsentGapNotice({
  gap,
  partnerName,
  step,
  closingSteps,
  recordConsentTo,
  canAttach,
  role = 'note',
}: {
  gap: ConsentGapView
  partnerName: string | null
  /** the refused step, when the notice answers a submission */
  step?: string
  closingSteps: readonly string[]
  recordConsentTo: string
  canAttach: boolean
  role?: 'note' | 'alert'
}) {
  const { t, i18n } = useTranslation('referrals')
  const lng = i18n.language
  const partner = partnerName ?? t('gap.noPartnerName')
  const date = (value: string | null) => (value ? formatDate(value, lng) : '–')
  return (
    <div className={`alert ${role === 'alert' ? 'alert-error' : 'alert-warning'} stack`} role={role} id="consent-gap">
      <p>
        <strong>
          {step ? t('gap.stepRefused', { step: t(`codes:referralStatus.${step}`), partner }) : t('gap.title', { partner })}
        </strong>
      </p>
      <p>
        {t(`gap.problem.${gap.problem}`, {
          partner,
          given: date(gap.givenAt),
          until: date(gap.validUntil),
          withdrawn: date(gap.withdrawnAt),
          categories: gap.uncovered.map((code) => t(`codes:dataCategory.${code}`)).join(', '),
        })}
      </p>
      {closingSteps.length ? <p>{t('gap.onlyClosing', { steps: closingSteps.map((code) => t(`codes:referralStatus.${code}`)).join(', ') })}</p> : null}
      {gap.problem !== 'noPartner' ? (
        <p>
          <Link to={recordConsentTo}>{t('gap.record', { partner })}</Link>
          {canAttach ? ` ${t('gap.orAttach')}` : null}
        </p>
      ) : null}
    </div>
  )
}
