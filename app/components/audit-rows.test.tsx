import { renderToString } from 'react-dom/server'
import { describe, expect, test } from 'vitest'
import { dateTimeFormatter } from '#app/utils/format.ts'
import { auditRowsHtml, type AuditRowTexts, type AuditRowView } from './audit-rows.ts'

// The reference: the audit log's rows as /admin/audit rendered them with React before decision 161 (its
// JSX). The pre-built rows must be the same markup, byte for byte, as React's server rendering writes it.
function ReferenceRows({ events, text }: { events: AuditRowView[]; text: AuditRowTexts }) {
  const rows = []
  for (const event of events) {
    rows.push(
      <tr key={event.id} className={event.emergency ? 'audit-emergency' : undefined}>
        <td>{text.at(event.at)}</td>
        <td>{event.userName ?? text.system}</td>
        <td>
          {event.actionLabel}
          {event.emergency ? (
            <>
              {' '}
              <span className="badge badge-error">{text.emergency}</span>
            </>
          ) : null}
        </td>
        <td>{event.object}</td>
        <td className="code">{event.code ?? ''}</td>
        <td>
          <span className={event.outcome === 'SUCCESS' ? 'badge' : 'badge badge-warning'}>{event.outcomeLabel}</span>
        </td>
        <td className="audit-details">{event.details}</td>
      </tr>,
    )
  }
  return <>{rows}</>
}

const react = (rows: JSX.Element) => renderToString(<table><tbody>{rows}</tbody></table>)
const built = (html: string) => `<table><tbody>${html}</tbody></table>`

const awkward = ['<b>"Ada" & \'Bo\'</b>', '', ' ', '&amp;', '<!-- -->', 'Müller-Lüdenscheidt', '1 < 2 > 0', '\u00a0']

const text = (language: string, odd: string): AuditRowTexts => ({
  at: (at) => (at === '' ? '' : `${dateTimeFormatter(language, { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'Europe/Berlin' })(at)}${odd}`),
  system: `${language}: System${odd}`,
  emergency: `${language}: Notfall${odd}`,
})

describe('auditRowsHtml', () => {
  test('writes the markup React wrote for the rows, byte for byte, for plain and awkward values', () => {
    const events: AuditRowView[] = [
      { id: 1000004, at: '2026-12-07T02:34:33.324Z', userName: 'Jonas Ahmadi', actionLabel: 'Übersicht Sprachmittlung angesehen', object: 'Sprachmittlung', code: null, outcome: 'SUCCESS', outcomeLabel: 'erfolgreich', emergency: false, details: 'Jahr: 2026 · Zuweisungen: 1429 · offen: 50' },
      { id: 999999, at: '2026-03-29T01:30:00.000Z', userName: null, actionLabel: 'Notfallzugriff auf Fallakte', object: 'Fall', code: 'XJMX-AMCJ-H', outcome: 'DENIED', outcomeLabel: 'abgelehnt', emergency: true, details: '' },
      ...awkward.map((value, index) => ({
        id: index,
        at: index === 1 ? '' : '2026-10-25T00:59:59.999Z',
        userName: index % 3 === 0 ? null : value,
        actionLabel: value,
        object: value,
        code: index % 2 ? value : null,
        outcome: value,
        outcomeLabel: value,
        emergency: index % 2 === 0,
        details: value,
      })),
    ]
    for (const language of ['de', 'en'])
      for (const odd of ['', ...awkward]) {
        const texts = text(language, odd)
        expect(built(auditRowsHtml(events, texts))).toBe(react(<ReferenceRows events={events} text={texts} />))
      }
  })

  test('no rows, no markup', () => {
    expect(auditRowsHtml([], text('de', ''))).toBe('')
  })
})
