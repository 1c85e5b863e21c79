import { createInstance } from 'i18next'
import { type ReactNode } from 'react'
import { renderToString } from 'react-dom/server'
import { describe, expect, test } from 'vitest'
import { type TimelineEntry } from '#app/domain/timeline.ts'
import { i18nConfig } from '#app/i18n.ts'
import { formatDateTime, formatDay } from '#app/utils/format.ts'
import { translateEach, translateOnce, type Translate } from '#app/utils/translate-once.ts'
import { forgetRememberedTexts, rememberedTexts } from './remembered-texts.ts'
import { timelineEntriesHtml, type TimelineTexts } from './timeline-entries.ts'

// The reference: the timeline as the case file rendered it with React before decision 080 (its JSX,
// with the list links as the plain anchors of decision 063). The pre-built entries must be the same
// markup, byte for byte, as React's server rendering writes it (renderToString: text separators included).

function statusChange(t: Translate, list: string, from: string | null, to: string) {
  const target = t(`codes:${list}.${to}`)
  return from ? t('timeline.transition', { from: t(`codes:${list}.${from}`), to: target }) : target
}

function DetailLink({ to, label }: { to: string; label: string }) {
  return (
    <p className="timeline-detail">
      <a data-discover="true" href={to}>
        {label}
      </a>
    </p>
  )
}

function EntryBody({ entry, caseId, t, topicsLine, lng }: { entry: TimelineEntry; caseId: string; t: Translate; topicsLine: (topics: string) => string; lng: string }): ReactNode {
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
          <DetailLink to={`/cases/${caseId}/contacts/${entry.contactId}`} label={t('timeline.openContact')} />
        </>
      )
    case 'group':
      return (
        <>
          <p className="timeline-what">
            {t('groupSessions:timeline.entry', { minutes: entry.durationMinutes, mode: t(`codes:contactMode.${entry.mode}`), count: entry.participants })}
          </p>
          {entry.topics.length ? <p className="timeline-detail">{topicsLine(entry.topics.join(', '))}</p> : null}
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

function ReferenceTimeline({ entries, caseId, t, lng }: { entries: TimelineEntry[]; caseId: string; t: Translate; lng: string }) {
  const topicsLine = translateEach(t, 'timeline.topics', 'topics')
  return (
    <ol className="timeline">
      {entries.map((entry) => (
        <li key={entry.id} className={`timeline-entry timeline-${entry.kind}`}>
          <p className="timeline-meta">
            <span className="badge">{t(`timeline.kinds.${entry.kind}`)}</span>{' '}
            <time dateTime={entry.at}>{DATE_ONLY.has(entry.kind) ? formatDay(entry.at, lng) : formatDateTime(entry.at, lng)}</time>
          </p>
          <EntryBody entry={entry} caseId={caseId} t={t} topicsLine={topicsLine} lng={lng} />
        </li>
      ))}
    </ol>
  )
}

const textsOf = (t: Translate, lng: string): TimelineTexts => ({
  t,
  topicsLine: translateEach(t, 'timeline.topics', 'topics'),
  day: (value) => formatDay(value, lng),
  dateTime: (value) => formatDateTime(value, lng),
})
const built = (html: string) => `<ol class="timeline">${html}</ol>`

// Values that React escapes or separates: markup characters, quotes, ampersands, empty texts (React
// writes nothing for them, and no separator), a text that looks like a separator, spaces.
const awkward = ['<b>"Ada" & \'Bo\'</b>', '', ' ', '&amp;', '<!-- -->', 'Müller-Lüdenscheidt', '1 < 2 > 0', '\u00a0']

/** Every kind and every branch of an entry (with and without the optional parts), with `value` in each text. */
function entriesWith(value: string, index: number): TimelineEntry[] {
  const id = (kind: string) => `${kind}-${index}&"'<>`
  const at = index % 2 ? '2026-03-29T00:30:00.000Z' : '2026-12-04T23:15:00.000Z'
  const day = `2026-0${(index % 9) + 1}-1${index % 10}T00:00:00.000Z`
  const name = index % 3 === 0 ? null : value
  return [
    { kind: 'contact', id: id('k'), at: day, contactId: id('contact'), durationMinutes: 45 + index, mode: index % 2 ? 'PHONE' : value, topics: index % 2 ? [] : [value, 'Wohnen'], authorName: name, hasConfidentialNote: index % 2 === 0 },
    { kind: 'group', id: id('g'), at: day, groupSessionId: id('group'), durationMinutes: 90, mode: 'IN_PERSON', topics: index % 2 ? [value] : [], participants: index },
    { kind: 'status', id: id('s'), at, fromStatus: index % 2 ? 'ACTIVE' : null, toStatus: 'CLOSED', closureReason: index % 2 ? value : null, byName: name },
    { kind: 'residence', id: id('r'), at: day, status: value, group: index % 3 ? null : 'ASYL', expiresAt: index % 2 ? null : '2027-01-31T00:00:00.000Z' },
    { kind: 'residence', id: id('r2'), at: day, status: value, group: index % 3 ? 'ASYL' : null, expiresAt: index % 2 ? '2027-01-31T00:00:00.000Z' : null },
    { kind: 'programme', id: id('p'), at: day, programme: index % 2 ? 'MBE' : value },
    { kind: 'plan', id: id('pl'), at, event: 'goalCreated', topic: value, text: value },
    { kind: 'plan', id: id('pl2'), at, event: 'goalStatus', topic: value, fromStatus: index % 2 ? 'OPEN' : null, toStatus: 'REACHED', byName: name },
    { kind: 'assignment', id: id('a'), at, fromName: index % 2 ? null : value, toName: index % 3 ? value : null, byName: name },
    { kind: 'transfer', id: id('t'), at, fromTeam: value, toTeam: 'Team Nord', reason: 'MOVE', status: index % 2 ? 'DONE' : 'REQUESTED' },
    { kind: 'referral', id: id('f'), at, referralId: id('referral'), referralKind: 'COUNSELLING', partnerName: index % 2 ? null : value, fromStatus: index % 2 ? null : 'SENT', toStatus: 'ACCEPTED', byName: name },
    { kind: 'consent', id: id('c'), at, event: 'given', consentId: id('consent'), recipient: index % 2 ? value : null, recipientKind: index % 3 ? null : 'AUTHORITY', form: 'WRITTEN' },
    { kind: 'consent', id: id('c2'), at, event: 'withdrawn', consentId: id('consent'), recipient: null, recipientKind: index % 3 ? value : null, form: 'ORAL' },
    { kind: 'mediation', id: id('m'), at, mediationId: id('mediation'), language: value, fromStatus: index % 2 ? 'REQUESTED' : null, toStatus: 'CONFIRMED', byName: name },
  ]
}

// A stand-in for i18next's t that shows what it was given (markup characters included) and answers
// some keys with an empty text, so that a wrongly placed separator or an unescaped value shows.
const echo: Translate = (key, options) =>
  key.endsWith('.EMPTY') || key === 'timeline.openPlan' ? '' : `${key}${options === undefined ? '' : ` <${JSON.stringify(options)}>`}`

describe('timelineEntriesHtml', () => {
  const entries = awkward.flatMap((value, index) => entriesWith(value, index))
  const caseId = 'c0ribg06gca0000000000033s&"<>'

  test('writes the markup React wrote for the timeline, byte for byte, with the app\'s texts in both languages', async () => {
    for (const lng of ['de', 'en']) {
      const i18n = createInstance()
      await i18n.init({ ...i18nConfig, lng })
      const t = translateOnce(i18n.getFixedT(lng, 'caseFile') as Translate)
      expect(built(timelineEntriesHtml(entries, caseId, textsOf(t, lng)))).toBe(renderToString(<ReferenceTimeline entries={entries} caseId={caseId} t={t} lng={lng} />))
    }
  })

  test('the same with the texts remembered across views on the server (remembered-texts.ts), in both languages', async () => {
    forgetRememberedTexts()
    for (const view of [1, 2])
      for (const lng of ['de', 'en']) {
        const i18n = createInstance()
        await i18n.init({ ...i18nConfig, lng })
        const translate = i18n.getFixedT(lng, 'caseFile') as Translate
        // the second view asks for the same texts in another order
        const shown = view === 1 ? entries : [...entries].reverse()
        expect(built(timelineEntriesHtml(shown, caseId, textsOf(rememberedTexts(translate, lng, 'caseFile'), lng)))).toBe(
          renderToString(<ReferenceTimeline entries={shown} caseId={caseId} t={translateOnce(translate)} lng={lng} />),
        )
      }
    forgetRememberedTexts()
  })

  test('the same with texts that show their options, with markup characters and empty texts', () => {
    const t = translateOnce(echo)
    expect(built(timelineEntriesHtml(entries, caseId, textsOf(t, 'de')))).toBe(renderToString(<ReferenceTimeline entries={entries} caseId={caseId} t={t} lng="de" />))
    const emptyKinds = entries.map((entry) => ({ ...entry, mode: 'EMPTY', toStatus: 'EMPTY' }) as unknown as TimelineEntry)
    expect(built(timelineEntriesHtml(emptyKinds, caseId, textsOf(t, 'en')))).toBe(renderToString(<ReferenceTimeline entries={emptyKinds} caseId={caseId} t={t} lng="en" />))
    for (const entry of entries) expect(built(timelineEntriesHtml([entry], 'c1', textsOf(t, 'de')))).toBe(renderToString(<ReferenceTimeline entries={[entry]} caseId="c1" t={t} lng="de" />))
    expect(timelineEntriesHtml([], caseId, textsOf(t, 'de'))).toBe('')
  })

  test('escapes every value: no markup of a value reaches the page', () => {
    const payload = '<script>alert(1)</script><img src=x onerror=alert(1)>'
    const html = timelineEntriesHtml(entriesWith(payload, 0).concat(entriesWith(payload, 1)), '"><script>x</script>', textsOf((key) => key, 'de'))
    expect(html).not.toMatch(/<(script|img)[ >]/)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  })
})
