// The case file's timeline as pre-built entries (decision 080, after /team's rows of decision 072):
// 50 entries a view (up to 1,000 with `?limit`), each six to ten React elements, were most of the
// case file's elements, and React's server rendering a large share of its CPU (issue 19). The
// entries are plain data: no state, no effects; nothing in them reacts but the links (followed
// within the app by one click handler on the list, `useListClick`; ordinary links without
// JavaScript). The markup is what React wrote for them, byte for byte (`timeline-entries.test.tsx`
// renders the former JSX and compares): every text and attribute escaped as React escapes it, and
// `<!-- -->` between two adjacent texts. Client-safe: the browser builds the same string.
import { type TimelineEntry } from '#app/domain/timeline.ts'
import { type Translate } from '#app/utils/translate-once.ts'
import { escapeHtml, texts } from './prebuilt-html.ts'
import { type PrebuiltRows } from './ui/table.tsx'

/** What the entries show, in the page's language: each answers a plain text (escaped here). */
export type TimelineTexts = {
  /** the caseFile namespace's `t` (one `translateOnce` per render: most lines repeat the labels before) */
  t: Translate
  /** "Themen: …" with the contact's topics (`translateEach`: each contact's topics differ) */
  topicsLine: (topics: string) => string
  /** a calendar day (`formatDay`) and an instant (`formatDateTime`) in the page's language */
  day: (value: string) => string
  dateTime: (value: string) => string
}

// Entries of a calendar day without a time: their date is shown without a time.
const DATE_ONLY = new Set<TimelineEntry['kind']>(['contact', 'residence', 'programme'])

function statusChange(t: Translate, list: string, from: string | null, to: string) {
  const target = t(`codes:${list}.${to}`)
  return from ? t('timeline.transition', { from: t(`codes:${list}.${from}`), to: target }) : target
}

const what = (inner: string) => `<p class="timeline-what">${inner}</p>`
const detail = (inner: string) => `<p class="timeline-detail">${inner}</p>`
const detailLink = (to: string, label: string) => detail(`<a data-discover="true" href="${escapeHtml(to)}">${texts(label)}</a>`)
// "· von <name>" after the line, when the entry names who did it (module-level, not a closure per
// entry: V8 keeps a module-level function's optimised code across full collections; issue 19, session 19)
const by = (t: Translate, name: string | null) => (name ? `<span class="muted">${texts(' · ', t('timeline.by', { name }))}</span>` : '')

/** One entry's body: what happened and where to read more. */
function entryBody(entry: TimelineEntry, caseId: string, text: TimelineTexts): string {
  const { t, topicsLine } = text
  switch (entry.kind) {
    case 'contact':
      return (
        what(texts(t('timeline.contact', { minutes: entry.durationMinutes, mode: t(`codes:contactMode.${entry.mode}`) })) + by(t, entry.authorName)) +
        (entry.topics.length ? detail(texts(topicsLine(entry.topics.join(', ')))) : '') +
        (entry.hasConfidentialNote ? detail(`<span class="badge badge-warning">${texts(t('contacts:confidential.exists'))}</span>`) : '') +
        detailLink(`/cases/${caseId}/contacts/${entry.contactId}`, t('timeline.openContact'))
      )
    case 'group':
      return (
        what(texts(t('groupSessions:timeline.entry', { minutes: entry.durationMinutes, mode: t(`codes:contactMode.${entry.mode}`), count: entry.participants }))) +
        (entry.topics.length ? detail(texts(topicsLine(entry.topics.join(', ')))) : '') +
        detailLink(`/cases/${caseId}/group-sessions/${entry.groupSessionId}`, t('groupSessions:timeline.open'))
      )
    case 'status':
      return what(
        texts(
          entry.fromStatus
            ? t('timeline.status', { change: statusChange(t, 'caseStatus', entry.fromStatus, entry.toStatus) })
            : t('timeline.opened', { status: t(`codes:caseStatus.${entry.toStatus}`) }),
          entry.closureReason ? ` – ${entry.closureReason}` : '',
        ) + by(t, entry.byName),
      )
    case 'residence':
      return (
        what(texts(t('timeline.residence', { status: entry.status }))) +
        detail(
          texts(
            entry.group ? t('residence.groupLabel', { group: entry.group, label: t(`codes:residenceGroup.${entry.group}`) }) : '',
            entry.expiresAt ? ` · ${t('timeline.expiresAt', { date: text.day(entry.expiresAt) })}` : '',
          ),
        )
      )
    case 'programme':
      return what(texts(t('timeline.programme', { programme: t(`codes:programme.${entry.programme}`) })))
    case 'plan':
      return (
        what(
          entry.event === 'goalCreated'
            ? texts(t('timeline.goalCreated', { topic: entry.topic }))
            : texts(t('timeline.goalStatus', { topic: entry.topic, change: statusChange(t, 'goalStatus', entry.fromStatus, entry.toStatus) })) + by(t, entry.byName),
        ) +
        (entry.event === 'goalCreated' ? detail(texts(entry.text)) : '') +
        detailLink(`/cases/${caseId}/plan`, t('timeline.openPlan'))
      )
    case 'assignment':
      return what(
        texts(t('timeline.assignment', { from: entry.fromName ?? t('header.unassigned'), to: entry.toName ?? t('header.unassigned') })) + by(t, entry.byName),
      )
    case 'transfer':
      return (
        what(
          texts(
            t('timeline.transfer', { from: entry.fromTeam, to: entry.toTeam, reason: t(`codes:transferReason.${entry.reason}`) }),
            entry.status !== 'DONE' ? ` (${t(`timeline.transferStatus.${entry.status}`)})` : '',
          ),
        ) + detailLink(`/cases/${caseId}/transfer`, t('timeline.openTransfer'))
      )
    case 'referral':
      return (
        what(
          texts(
            t('timeline.referral', {
              kind: t(`codes:referralKind.${entry.referralKind}`),
              partner: entry.partnerName ?? t('timeline.noPartner'),
              change: statusChange(t, 'referralStatus', entry.fromStatus, entry.toStatus),
            }),
          ) + by(t, entry.byName),
        ) + detailLink(`/cases/${caseId}/referrals/${entry.referralId}`, t('timeline.openReferral'))
      )
    case 'consent':
      return (
        what(
          texts(
            t(entry.event === 'given' ? 'timeline.consentGiven' : 'timeline.consentWithdrawn', {
              recipient:
                entry.recipient ??
                (entry.recipientKind ? t(`codes:referralKind.${entry.recipientKind}`, { defaultValue: entry.recipientKind }) : t('timeline.noPartner')),
              form: t(`codes:consentForm.${entry.form}`),
            }),
          ),
        ) + detailLink(`/cases/${caseId}/consents`, t('timeline.openConsents'))
      )
    case 'mediation':
      return (
        what(
          texts(t('timeline.mediation', { language: entry.language, change: statusChange(t, 'mediationStatus', entry.fromStatus, entry.toStatus) })) +
            by(t, entry.byName),
        ) + detailLink(`/cases/${caseId}/mediation/${entry.mediationId}`, t('timeline.openMediation'))
      )
  }
}

/** The timeline's entries (`<li>`s of its `<ol>`): each its kind and date, then its body. */
export function timelineEntriesHtml(entries: readonly TimelineEntry[], caseId: string, text: TimelineTexts): PrebuiltRows {
  let html = ''
  for (const entry of entries) {
    html +=
      `<li class="timeline-entry timeline-${escapeHtml(entry.kind)}"><p class="timeline-meta"><span class="badge">${texts(text.t(`timeline.kinds.${entry.kind}`))}</span> ` +
      `<time dateTime="${escapeHtml(entry.at)}">${texts(DATE_ONLY.has(entry.kind) ? text.day(entry.at) : text.dateTime(entry.at))}</time></p>` +
      `${entryBody(entry, caseId, text)}</li>`
  }
  return html as PrebuiltRows
}
