import { useMemo, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { ListLink, useListLinkClick, type ListLinkClick } from '#app/components/ui/list-link.tsx'
import { type TimelineEntry } from '#app/domain/timeline.ts'
import { formatDateTime, formatDay } from '#app/utils/format.ts'
import { translateEach, translateOnce, type Translate } from '#app/utils/translate-once.ts'

function statusChange(t: Translate, list: string, from: string | null, to: string) {
  const target = t(`codes:${list}.${to}`)
  return from ? t('timeline.transition', { from: t(`codes:${list}.${from}`), to: target }) : target
}

// 50 entries a page (up to 1,000 with `?limit`), most with a link (decision 063: a long list's
// links are plain anchors with one click handler for the list).
function DetailLink({ to, label, onClick }: { to: `/${string}`; label: string; onClick: ListLinkClick }) {
  return (
    <p className="timeline-detail">
      <ListLink to={to} onClick={onClick}>
        {label}
      </ListLink>
    </p>
  )
}

/** What one render of the list shares: `t` (translateOnce: most lines repeat the labels of the lines before). */
type ListShared = { t: Translate; topicsLine: (topics: string) => string; onLinkClick: ListLinkClick }

/** One entry: what happened, when, and where to read more. */
function EntryBody({ entry, caseId, shared, lng }: { entry: TimelineEntry; caseId: string; shared: ListShared; lng: string }): ReactNode {
  const { t, topicsLine, onLinkClick: onClick } = shared
  const by = (name: string | null) => (name ? <span className="muted"> · {t('timeline.by', { name })}</span> : null)
  switch (entry.kind) {
    case 'contact':
      return (
        <>
          <p className="timeline-what">
            {t('timeline.contact', { minutes: entry.durationMinutes, mode: t(`codes:contactMode.${entry.mode}`) })}
            {by(entry.authorName)}
          </p>
          {entry.topics.length ? <p className="timeline-detail">{topicsLine(entry.topics.join(', '))}</p> : null}
          {entry.hasConfidentialNote ? (
            <p className="timeline-detail">
              <span className="badge badge-warning">{t('contacts:confidential.exists')}</span>
            </p>
          ) : null}
          <DetailLink to={`/cases/${caseId}/contacts/${entry.contactId}`} label={t('timeline.openContact')} onClick={onClick} />
        </>
      )
    case 'group':
      return (
        <>
          <p className="timeline-what">
            {t('groupSessions:timeline.entry', { minutes: entry.durationMinutes, mode: t(`codes:contactMode.${entry.mode}`), count: entry.participants })}
          </p>
          {entry.topics.length ? <p className="timeline-detail">{topicsLine(entry.topics.join(', '))}</p> : null}
          <DetailLink to={`/cases/${caseId}/group-sessions/${entry.groupSessionId}`} label={t('groupSessions:timeline.open')} onClick={onClick} />
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
          <DetailLink to={`/cases/${caseId}/plan`} label={t('timeline.openPlan')} onClick={onClick} />
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
          <DetailLink to={`/cases/${caseId}/transfer`} label={t('timeline.openTransfer')} onClick={onClick} />
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
          <DetailLink to={`/cases/${caseId}/referrals/${entry.referralId}`} label={t('timeline.openReferral')} onClick={onClick} />
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
          <DetailLink to={`/cases/${caseId}/consents`} label={t('timeline.openConsents')} onClick={onClick} />
        </>
      )
    case 'mediation':
      return (
        <>
          <p className="timeline-what">
            {t('timeline.mediation', { language: entry.language, change: statusChange(t, 'mediationStatus', entry.fromStatus, entry.toStatus) })}
            {by(entry.byName)}
          </p>
          <DetailLink to={`/cases/${caseId}/mediation/${entry.mediationId}`} label={t('timeline.openMediation')} onClick={onClick} />
        </>
      )
  }
}

const DATE_ONLY = new Set<TimelineEntry['kind']>(['contact', 'residence', 'programme'])

export function Timeline({ entries, caseId }: { entries: TimelineEntry[]; caseId: string }) {
  const { t: translate, i18n } = useTranslation('caseFile')
  const onLinkClick = useListLinkClick()
  const t = useMemo(() => translateOnce(translate), [translate])
  // Each contact's topics differ: one i18next call per list instead of one per entry.
  const topicsLine = useMemo(() => translateEach(t, 'timeline.topics', 'topics'), [t])
  const shared = { t, topicsLine, onLinkClick }
  const lng = i18n.language
  return (
    <ol className="timeline">
      {entries.map((entry) => (
        <li key={entry.id} className={`timeline-entry timeline-${entry.kind}`}>
          <p className="timeline-meta">
            <span className="badge">{t(`timeline.kinds.${entry.kind}`)}</span>{' '}
            <time dateTime={entry.at}>{DATE_ONLY.has(entry.kind) ? formatDay(entry.at, lng) : formatDateTime(entry.at, lng)}</time>
          </p>
          <EntryBody entry={entry} caseId={caseId} shared={shared} lng={lng} />
        </li>
      ))}
    </ol>
  )
}
