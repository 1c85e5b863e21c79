import { useTranslation } from 'react-i18next'
import { sinceDays } from '#app/utils/relative-days.ts'
import { type Translate } from '#app/utils/translate-once.ts'

/** How long a case has waited in the team's queue, and the sending team if it came by transfer. */
export function QueueWaiting({ days, transferredFrom }: { days: number; transferredFrom: string | null }) {
  const { t } = useTranslation('team')
  return queueWaiting(t, days, transferredFrom)
}

/**
 * The same, for a list that passes its own `t` of the team namespace (a `translateOnce`) and its
 * `sinceDaysEach`: a component per row would set up i18next and ask for the same few labels again
 * and again.
 */
export function queueWaiting(t: Translate, days: number, transferredFrom: string | null, since: (days: number) => string = (count) => sinceDays(t, count)) {
  return (
    <>
      {since(days)}
      {transferredFrom ? (
        <>
          <br />
          <span className="muted">{t('queue.transferredFrom', { team: transferredFrom })}</span>
        </>
      ) : null}
    </>
  )
}
