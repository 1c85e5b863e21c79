import { Link } from '@remix-run/react'
import { useMemo, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { type TimelineEntry } from '#app/domain/timeline.ts'
import { formatDateTime, formatDay } from '#app/utils/format.ts'
import { translateOnce, type Translate } from '#app/utils/translate-once.ts'

function statusChange(t: Translate, list: string, from: string | null, to: string) {
  const target = t(`codes:${list}.${to}`)
  return from ? t('timeline.transition', { from: t(`codes:${list}.${from}`), to: target }) : target
}

function DetailLink({ to, label }: { to: string; label: string }) {
  return (
    <p className="timeline-detail">
      <Link to={to}>{label}</Link>
    </p>
  )
}

/**
 * One entry: what happened, when, and where to read more. `t` is the list's (translateOnce): most
 * lines repeat the labels of the lines before.
 */
function EntryBody({ entry, caseId, t, lng }: { entry: TimelineEntry; caseId: string; t: Translate; lng: string }): ReactNode {
  const by = (name: string | null) => (name ? <span className="muted"> · {t('timeline.by', { name })}</span> : null)
  switch (entry.kind) {
    case 'contact':
      return (
        <>
          <p className="timeline-what">
            {t('timeline.contact', { minutes: entry.durationMinutes, mode: t(`codes:contactMode.${entry.mode}`) })}
            {by(entry.authorName)}
          </p>
          {entry.topics.length ? <p className="timeline-detail">{t('timeline.topics', { topics: entry.topics.join(', ') })}</p> : null}
          {entry.hasConfidentialNote ? (
            <p className="timeline-detail">
              <span className="badge badge-warning">{t('contacts:confidential.exists')}</span>
            </p>
          ) : null}
          <DetailLink to={`/cases/${caseId}/contacts/${entry.contactId}`} label={t('timeline.openContact')} />
        </>
      )
    case 'group':
      return (
        <>
          <p className="timeline-what">
            {t('groupSessions:timeline.entry', { minutes: entry.durationMinutes, mode: t(`codes:contactMode.${entry.mode}`), count: entry.participants })}
          </p>
          {entry.topics.length ? <p className="timeline-detail">{t('timeline.topics', { topics: entry.topics.join(', ') })}</p> : null}
          <DetailLink to={`/cases/${caseId}/group-sessions/${entry.groupSessionId}`} label={t('groupSessions:timeline.open')} />
        </>
      )
    case 'status':
      return (
        <p className="timeline-what">
          {entry.fromStatus ? t('timeline.status', { change: statusChange(t, 'caseStatus', entry.fromStatus, entry.toStatus) }) : t('timeline.opened', { status: t(`codes:caseStatus.${entry.toStatus}`) })}
          {entry.closureReason ? ` – ${entry.closureReason}` : null}
          {by(entry.byName)}
        </p>
      )
    case 'residence':
      return (
        <>
          <p className="timeline-what">{t('timeline.residence', { status: entry.status })}</p>
          <p className="timeline-detail">
            {entry.group ? t('residence.groupLabel', { group: entry.group, label: t(`codes:residenceGroup.${entry.group}`) }) : null}
            {entry.expiresAt ? ` · ${t('timeline.expiresAt', { date: formatDay(entry.expiresAt, lng) })}` : null}
          </p>
        </>
      )
    case 'programme':
      return <p className="timeline-what">{t('timeline.programme', { programme: t(`codes:programme.${entry.programme}`) })}</p>
    case 'plan':
      return (
        <>
          <p className="timeline-what">
            {entry.event === 'goalCreated'
              ? t('timeline.goalCreated', { topic: entry.topic })
              : t('timeline.goalStatus', { topic: entry.topic, change: statusChange(t, 'goalStatus', entry.fromStatus, entry.toStatus) })}
            {entry.event === 'goalStatus' ? by(entry.byName) : null}
          </p>
          {entry.event === 'goalCreated' ? <p className="timeline-detail">{entry.text}</p> : null}
          <DetailLink to={`/cases/${caseId}/plan`} label={t('timeline.openPlan')} />
        </>
      )
    case 'assignment':
      return (
        <p className="timeline-what">
          {t('timeline.assignment', { from: entry.fromName ?? t('header.unassigned'), to: entry.toName ?? t('header.unassigned') })}
          {by(entry.byName)}
        </p>
      )
    case 'transfer':
      return (
        <>
          <p className="timeline-what">
            {t('timeline.transfer', { from: entry.fromTeam, to: entry.toTeam, reason: t(`codes:transferReason.${entry.reason}`) })}
            {entry.status !== 'DONE' ? ` (${t(`timeline.transferStatus.${entry.status}`)})` : null}
          </p>
          <DetailLink to={`/cases/${caseId}/transfer`} label={t('timeline.openTransfer')} />
        </>
      )
    case 'referral':
      return (
        <>
          <p className="timeline-what">
            {t('timeline.referral', {
              kind: t(`codes:referralKind.${entry.referralKind}`),
              partner: entry.partnerName ?? t('timeline.noPartner'),
              change: statusChange(t, 'referralStatus', entry.fromStatus, entry.toStatus),
            })}
            {by(entry.byName)}
          </p>
          <DetailLink to={`/cases/${caseId}/referrals/${entry.referralId}`} label={t('timeline.openReferral')} />
        </>
      )
    case 'consent':
      return (
        <>
          <p className="timeline-what">
            {t(entry.event === 'given' ? 'timeline.consentGiven' : 'timeline.consentWithdrawn', {
              recipient: entry.recipient ?? (entry.recipientKind ? t(`codes:referralKind.${entry.recipientKind}`, { defaultValue: entry.recipientKind }) : t('timeline.noPartner')),
              form: t(`codes:consentForm.${entry.form}`),
            })}
          </p>
          <DetailLink to={`/cases/${caseId}/consents`} label={t('timeline.openConsents')} />
        </>
      )
    case 'mediation':
      return (
        <>
          <p className="timeline-what">
            {t('timeline.mediation', { language: entry.language, change: statusChange(t, 'mediationStatus', entry.fromStatus, entry.toStatus) })}
            {by(entry.byName)}
          </p>
          <DetailLink to={`/cases/${caseId}/mediation/${entry.mediationId}`} label={t('timeline.openMediation')} />
        </>
      )
  }
}

const DATE_ONLY = new Set<TimelineEntry['kind']>(['contact', 'residence', 'programme'])

export function Timeline({ entries, caseId }: { entries: TimelineEntry[]; caseId: string }) {
  const { t: translate, i18n } = useTranslation('caseFile')
  const t = useMemo(() => translateOnce(translate), [translate])
  const lng = i18n.language
  return (
    <ol className="timeline">
      {entries.map((entry) => (
        <li key={entry.id} className={`timeline-entry timeline-${entry.kind}`}>
          <p className="timeline-meta">
            <span className="badge">{t(`timeline.kinds.${entry.kind}`)}</span>{' '}
            <time dateTime={entry.at}>{DATE_ONLY.has(entry.kind) ? formatDay(entry.at, lng) : formatDateTime(entry.at, lng)}</time>
          </p>
          <EntryBody entry={entry} caseId={caseId} t={t} lng={lng} />
        </li>
      ))}
    </ol>
  )
}
