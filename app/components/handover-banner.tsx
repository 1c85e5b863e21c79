// The handover that arrived with a transferred case, shown to the receiving team until a counsellor
// is assigned (issue 14, item 6): on the case overview and at the top of the transfer page — never
// below the form for a new transfer, where it would read as part of that form.
import { useTranslation } from 'react-i18next'
import { formatDate } from '#app/utils/format.ts'

export type ArrivingHandover = { fromTeam: string; reason: string; handoverNote: string | null; at: string | Date }

export function HandoverBanner({ handover }: { handover: ArrivingHandover }) {
  const { t, i18n } = useTranslation('referrals')
  return (
    <section className="alert alert-info stack" aria-labelledby="handover-banner-heading">
      <h2 id="handover-banner-heading">{t('transfer.arrived.title', { team: handover.fromTeam })}</h2>
      <p>
        {t('transfer.arrived.facts', { date: formatDate(handover.at, i18n.language), reason: t(`codes:transferReason.${handover.reason}`) })}
      </p>
      {handover.handoverNote ? (
        <>
          <h3>{t('transfer.fields.handoverNote')}</h3>
          <p className="preserve-lines">{handover.handoverNote}</p>
        </>
      ) : (
        <p className="muted">{t('transfer.arrived.noNote')}</p>
      )}
      <p className="muted">{t('transfer.arrived.untilAssigned')}</p>
    </section>
  )
}
