import { useTranslation } from 'react-i18next'
import { sinceDays } from '#app/utils/relative-days.ts'

/**
 * How long a case has waited in the team's queue, the sending team if it came by transfer, and whether it is back
 * in the queue after a hand-back or a reopening without a counsellor (decision 245).
 * (`/team`'s queue writes the same markup in its pre-built rows, `team-rows.ts`.)
 */
export function QueueWaiting({ days, transferredFrom, requeued }: { days: number; transferredFrom: string | null; requeued: boolean }) {
  const { t } = useTranslation('team')
  return (
    <>
      {sinceDays(t, days)}
      {transferredFrom ? (
        <>
          <br />
          <span className="muted">{t('queue.transferredFrom', { team: transferredFrom })}</span>
        </>
      ) : null}
      {requeued ? (
        <>
          <br />
          <span className="muted">{t('queue.requeued')}</span>
        </>
      ) : null}
    </>
  )
}
