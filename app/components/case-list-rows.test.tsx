import { renderToString } from 'react-dom/server'
import { describe, expect, test } from 'vitest'
import { dateTimeFormatter } from '#app/utils/format.ts'
import { caseListRowsHtml, type CaseListRowTexts, type CaseListRowView } from './case-list-rows.ts'

// The reference: the rows as the case list rendered them with React before session 13 (its JSX;
// Remix's <Link> to an absolute path wrote `<a class="code" data-discover="true" href="/cases/…">`,
// here as that plain anchor). The pre-built rows must be the same markup, byte for byte, as React's
// server rendering writes it (renderToString: text separators included). The whole pages were
// compared too (docs/performance.md, "Case list (2026-12-05, session 13)").

const statusBadge: Record<string, string> = {
  OPEN: 'badge badge-info',
  ACTIVE: 'badge badge-success',
  PAUSED: 'badge badge-warning',
  CLOSED: 'badge',
}

function ReferenceRows({ cases, text }: { cases: CaseListRowView[]; text: CaseListRowTexts }) {
  const { status, programme, kind, counsellor, opened, lastContact, nextFollowUp } = text.columns
  return (
    <>
      {cases.map((kase) => (
        <tr key={kase.id}>
          <th scope="row">
            <a className="code" data-discover="true" href={`/cases/${kase.id}`}>
              {kase.pseudonymCode}
            </a>
          </th>
          <td data-label={status}>
            <span className={statusBadge[kase.status] ?? 'badge'}>{text.status(kase.status)}</span>
          </td>
          <td data-label={programme}>{text.programme(kase.programme)}</td>
          <td data-label={kind}>{text.kind(kase.kind)}</td>
          <td data-label={counsellor}>{kase.counsellorName ?? <em>{text.unassigned}</em>}</td>
          <td data-label={opened}>{text.date(kase.openedAt)}</td>
          <td data-label={lastContact}>{kase.lastContactAt ? text.date(kase.lastContactAt) : text.none}</td>
          <td data-label={nextFollowUp}>
            {kase.nextFollowUp ? (
              kase.followUpOverdue ? (
                <span className="badge badge-error">{text.overdueOn(text.date(kase.nextFollowUp))}</span>
              ) : (
                text.date(kase.nextFollowUp)
              )
            ) : (
              text.none
            )}
          </td>
        </tr>
      ))}
    </>
  )
}

const react = (rows: JSX.Element) => renderToString(<table><tbody>{rows}</tbody></table>)
const built = (html: string) => `<table><tbody>${html}</tbody></table>`

// Values that React escapes or separates: markup characters, quotes, ampersands in ids and texts,
// empty texts (React writes nothing for them, and no separator), a text that looks like a separator.
const awkward = ['<b>"Ada" & \'Bo\'</b>', '', ' ', '&amp;', '<!-- -->', 'Müller-Lüdenscheidt', '1 < 2 > 0', '\u00a0']

const labels = (prefix: string) => (code: string) => (code === 'EMPTY' ? '' : code === 'UNKNOWN' ? code : `${prefix}:${code} <&>`)

const rowTexts = (language: string): CaseListRowTexts => ({
  columns: {
    status: 'Status',
    programme: 'Programm',
    kind: 'Art & "Typ"',
    counsellor: "Beratung 'wer'",
    opened: 'Eröffnet',
    lastContact: '<Letzter Kontakt>',
    nextFollowUp: 'Nächste Wiedervorlage',
  },
  status: labels('S'),
  programme: labels('P'),
  kind: labels('K'),
  date: dateTimeFormatter(language),
  overdueOn: (date) => (language === 'de' ? `überfällig seit ${date}` : `overdue since ${date}`),
  unassigned: language === 'de' ? 'nicht zugewiesen' : 'unassigned <queue>',
  none: '—',
})

describe('caseListRowsHtml', () => {
  test('writes the markup React wrote for the case list rows, byte for byte, for plain and awkward values', () => {
    const cases: CaseListRowView[] = [
      { id: 'c0ribg06gca0000000000255s', pseudonymCode: 'E9KT-RBMY-K', status: 'ACTIVE', programme: 'REFUGEE', kind: 'SHORT', counsellorName: 'Umut Neumann', openedAt: '2026-12-04T15:53:12.713Z', lastContactAt: '2026-12-05T00:00:00.000Z', nextFollowUp: '2026-12-14T00:00:00.000Z', followUpOverdue: false },
      { id: 'c2', pseudonymCode: '013M-121D-T', status: 'OPEN', programme: 'MBE', kind: 'CASE_MANAGEMENT', counsellorName: null, openedAt: '2026-03-29T00:30:00.000Z', lastContactAt: null, nextFollowUp: '2026-10-25T23:00:00.000Z', followUpOverdue: true },
      { id: 'c3', pseudonymCode: 'JG7E-58HM-0', status: 'CLOSED', programme: 'JMD', kind: 'SHORT', counsellorName: '', openedAt: '2025-01-01T00:00:00.000Z', lastContactAt: '2025-02-01T00:00:00.000Z', nextFollowUp: null, followUpOverdue: false },
      { id: 'c4', pseudonymCode: 'ABCD', status: 'PAUSED', programme: 'UNKNOWN', kind: 'UNKNOWN', counsellorName: 'Ada', openedAt: '2024-02-29T12:00:00.000Z', lastContactAt: null, nextFollowUp: null, followUpOverdue: true },
      ...awkward.map((value, index) => ({
        id: `c&${index}"'<>`,
        pseudonymCode: value,
        status: index % 3 ? 'EMPTY' : value,
        programme: index % 2 ? 'EMPTY' : value,
        kind: value,
        counsellorName: index % 4 === 1 ? null : value,
        openedAt: new Date(Date.UTC(2026, index, index + 1, index)).toISOString(),
        lastContactAt: index % 2 ? null : new Date(Date.UTC(2026, 11, index + 1)).toISOString(),
        nextFollowUp: index % 3 === 2 ? null : new Date(Date.UTC(2027, 0, index + 1)).toISOString(),
        followUpOverdue: index % 2 === 0,
      })),
    ]
    for (const language of ['de', 'en']) {
      const text = rowTexts(language)
      expect(built(caseListRowsHtml(cases, text))).toBe(react(<ReferenceRows cases={cases} text={text} />))
      for (const kase of cases) expect(caseListRowsHtml([kase], text)).toBe(renderToString(<ReferenceRows cases={[kase]} text={text} />))
    }
    expect(caseListRowsHtml([], rowTexts('de'))).toBe('')
  })

  test('escapes every value: no markup of a value reaches the page', () => {
    const html = caseListRowsHtml(
      [{ id: '"><script>x</script>', pseudonymCode: '<img src=x onerror=alert(1)>', status: '<i>', programme: 'P', kind: 'K', counsellorName: '<u>Eve</u>', openedAt: '2026-12-01T00:00:00.000Z', lastContactAt: null, nextFollowUp: null, followUpOverdue: false }],
      { ...rowTexts('de'), status: (code) => code },
    )
    expect(html).not.toMatch(/<(script|img|i|u)[ >]/)
    expect(html).toContain('href="/cases/&quot;&gt;&lt;script&gt;x&lt;/script&gt;"')
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
  })
})
