import { useTranslation } from 'react-i18next'
import { sinceDays } from '#app/utils/relative-days.ts'

/**
 * How long a case has waited in the team's queue, and the sending team if it came by transfer.
 * (`/team`'s queue writes the same markup in its pre-built rows, `team-rows.ts`.)
 */
export function QueueWaiting({ days, transferredFrom }: { days: number; transferredFrom: string | null }) {
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
    </>
  )
}
