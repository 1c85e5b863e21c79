import { renderToString } from 'react-dom/server'
import { describe, expect, test } from 'vitest'
import { type Translate } from '#app/utils/translate-once.ts'
import { referralStatusBadge, waitingDays } from './referral-fields.tsx'
import { openReferralRowsHtml, type OpenReferralRowTexts, type OpenReferralRowView } from './referral-rows.ts'

// The reference: the rows as /referrals rendered them with React before decision 079 (its JSX, the
// list link as the plain anchor ListLink renders, ConsentFlag's badge with its text). The pre-built
// rows must be the same markup, byte for byte, as React's server rendering writes it.
function ReferenceRows({ rows, label, sentAt, threshold, isLead }: { rows: OpenReferralRowView[]; label: Translate; sentAt: (value: string | Date) => string; threshold: number; isLead: boolean }) {
  return (
    <>
      {rows.map((referral) => (
        <tr key={referral.id} className={referral.overThreshold || referral.consentFlagged ? 'row-flagged' : undefined}>
          <th scope="row">
            <a className="code" data-discover="true" href={`/cases/${referral.caseId}/referrals/${referral.id}`}>
              {referral.pseudonymCode}
            </a>
          </th>
          <td>{referral.partnerName ?? '—'}</td>
          <td>{label(`codes:referralKind.${referral.kind}`)}</td>
          <td>{referralStatusBadge(label, referral.status)}</td>
          <td>{sentAt(referral.sentAt)}</td>
          <td className="num">{waitingDays(label, referral.waitingSoFar)}</td>
          <td>
            <ul className="badge-list">
              {referral.overThreshold ? (
                <li>
                  <span className="badge badge-warning">{label('overview.overThreshold', { days: threshold })}</span>
                </li>
              ) : null}
              {referral.consentFlagged ? (
                <li>
                  <span className="badge badge-error">{label('flagged.badge')}</span>
                </li>
              ) : null}
              {referral.crisis ? (
                <li>
                  <span className="badge badge-error">{label('codes:urgency.CRISIS')}</span>
                </li>
              ) : null}
            </ul>
          </td>
          {isLead ? <td>{referral.counsellorName ?? label('overview.unassigned')}</td> : null}
        </tr>
      ))}
    </>
  )
}

const react = (rows: JSX.Element) => renderToString(<table><tbody>{rows}</tbody></table>)
const built = (html: string) => `<table><tbody>${html}</tbody></table>`

// Values that React escapes or separates: markup characters, quotes, ampersands, empty texts (React
// writes nothing for them), a text that looks like a separator.
const awkward = ['<b>"Ada" & \'Bo\'</b>', '', ' ', '&amp;', '<!-- -->', 'Müller-Lüdenscheidt', '1 < 2 > 0', '\u00a0']

/** A `t` with the page's keys, in two languages, some answers awkward. */
const translate = (language: string, odd: string): Translate => (key, options) => {
  if (key === 'waiting.days') return `${options?.count as number} ${language === 'en' ? 'days' : 'Tage'}`
  if (key === 'overview.overThreshold') return `> ${options?.days as number} ${odd}`
  if (key === 'codes:referralKind.EMPTY') return ''
  return `${language}:${key}${odd}`
}

const texts = (label: Translate, sentAt: (value: string | Date) => string, threshold: number): OpenReferralRowTexts => ({
  kind: (kind) => label(`codes:referralKind.${kind}`),
  status: (status) => label(`codes:referralStatus.${status}`),
  sentAt,
  waitingDays: (days) => label('waiting.days', { count: days }),
  notWaiting: label('waiting.none'),
  overThreshold: label('overview.overThreshold', { days: threshold }),
  consentFlagged: label('flagged.badge'),
  crisis: label('codes:urgency.CRISIS'),
  unassigned: label('overview.unassigned'),
})

describe('openReferralRowsHtml', () => {
  test('writes the markup React wrote for the rows, byte for byte, for both roles, every status and note, plain and awkward values', () => {
    const statuses = ['INQUIRY', 'REGISTERED', 'CLEARING_APPOINTMENT', 'CLEARING_DONE', 'WAITING_LIST', 'ADMITTED', 'COMPLETED']
    const rows: OpenReferralRowView[] = [
      { id: 'c0rref00000000000000000001', caseId: 'c0rcase0000000000000000001', pseudonymCode: '1ABP-KQ9P-8', partnerName: 'Psychosoziales Zentrum Rostock', kind: 'PSYCHOSOCIAL_CENTRE', status: 'WAITING_LIST', sentAt: new Date('2026-03-01T10:00:00Z'), waitingSoFar: 279, overThreshold: true, consentFlagged: true, crisis: true, counsellorName: 'Ben Ahmadi' },
      { id: 'r2', caseId: 'c2', pseudonymCode: 'T0010-AB12-0', partnerName: null, kind: 'EMPTY', status: 'ADMITTED', sentAt: '2026-12-05T00:00:00.000Z', waitingSoFar: null, overThreshold: false, consentFlagged: false, crisis: false, counsellorName: null },
      ...awkward.flatMap((value, index) =>
        statuses.map((status, s) => ({
          id: `r&${index}"'<>${s}`,
          caseId: `c&${index}"'<>/ä`,
          pseudonymCode: value,
          partnerName: s % 3 ? value : null,
          kind: s % 2 ? 'EMPTY' : value,
          status,
          sentAt: new Date(Date.UTC(2026, s, index + 1)),
          waitingSoFar: s % 4 === 3 ? null : index * 7 + s,
          overThreshold: s % 2 === 0,
          consentFlagged: (s + index) % 3 === 0,
          crisis: (s + index) % 2 === 0,
          counsellorName: s % 5 === 4 ? null : value,
        })),
      ),
    ]
    for (const [language, odd] of [['de', ''], ['en', ' <"&\'>']] as const) {
      const label = translate(language, odd)
      const sentAt = (value: string | Date) => `${language}:${new Date(value).toISOString().slice(0, 10)}${odd}`
      for (const isLead of [true, false]) {
        const html = openReferralRowsHtml(rows, texts(label, sentAt, 14), { withCounsellor: isLead })
        expect(built(html)).toBe(react(<ReferenceRows rows={rows} label={label} sentAt={sentAt} threshold={14} isLead={isLead} />))
        for (const row of rows.slice(0, 2)) {
          expect(openReferralRowsHtml([row], texts(label, sentAt, 28), { withCounsellor: isLead })).toBe(
            renderToString(<ReferenceRows rows={[row]} label={label} sentAt={sentAt} threshold={28} isLead={isLead} />),
          )
        }
      }
    }
    expect(openReferralRowsHtml([], texts(translate('de', ''), String, 14), { withCounsellor: true })).toBe('')
  })

  test('escapes every value: no markup of a value reaches the page', () => {
    const html = openReferralRowsHtml(
      [{ id: '"><script>x</script>', caseId: 'c', pseudonymCode: '<img src=x onerror=alert(1)>', partnerName: '<i>P</i>', kind: 'K', status: 'INQUIRY', sentAt: new Date(), waitingSoFar: 3, overThreshold: true, consentFlagged: true, crisis: true, counsellorName: '<u>U</u>' }],
      texts(translate('de', '<s>'), () => '<em>', 14),
      { withCounsellor: true },
    )
    expect(html).not.toMatch(/<(script|img|i|u|s|em)[ >]/)
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(html).toContain('href="/cases/c/referrals/&quot;&gt;&lt;script&gt;x&lt;/script&gt;"')
  })
})
