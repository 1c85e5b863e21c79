import { renderToString } from 'react-dom/server'
import { describe, expect, test } from 'vitest'
import { formatCents } from '#app/domain/money.ts'
import { formatNumber } from '#app/utils/format.ts'
import {
  mediationFigureRowsHtml,
  mediationFigureTexts,
  openMediationRowsHtml,
  type MediationFigureRowView,
  type OpenMediationRowTexts,
  type OpenMediationRowView,
} from './mediation-rows.ts'

// The reference: the open requests' rows as /language-mediation rendered them with React before
// decision 079 (its JSX, the list link as the plain anchor ListLink renders). The pre-built rows must
// be the same markup, byte for byte, as React's server rendering writes it.
function ReferenceRows({ rows, text }: { rows: OpenMediationRowView[]; text: OpenMediationRowTexts }) {
  return (
    <>
      {rows.map((item) => (
        <tr key={item.id}>
          <td>
            <a className="code" aria-label={text.openCase(item.code)} data-discover="true" href={`/cases/${item.caseId}/mediation/${item.id}`}>
              {item.code}
            </a>
          </td>
          <td>{text.requestedAt(item.requestedAt)}</td>
          <td className="num">{text.number(item.waitingDays)}</td>
          <td>{item.language}</td>
          <td>{text.mode(item.mode)}</td>
          <td>{item.provider ?? text.noProvider}</td>
          <td>{text.status(item.status)}</td>
        </tr>
      ))}
    </>
  )
}

const react = (rows: JSX.Element) => renderToString(<table><tbody>{rows}</tbody></table>)
const built = (html: string) => `<table><tbody>${html}</tbody></table>`

const awkward = ['<b>"Ada" & \'Bo\'</b>', '', ' ', '&amp;', '<!-- -->', 'Müller-Lüdenscheidt', '1 < 2 > 0', '\u00a0']

const text = (language: string, odd: string): OpenMediationRowTexts => ({
  openCase: (code) => `${language}: Sprachmittlung des Falls ${code} öffnen${odd}`,
  requestedAt: (value) => `${language}:${value.slice(0, 10)}${odd}`,
  number: (value) => new Intl.NumberFormat(language).format(value),
  mode: (mode) => (mode === 'EMPTY' ? '' : `${language}:mode.${mode}${odd}`),
  status: (status) => `${language}:status.${status}${odd}`,
  noProvider: `${language}: kein Anbieter${odd}`,
})

describe('openMediationRowsHtml', () => {
  test('writes the markup React wrote for the rows, byte for byte, for plain and awkward values', () => {
    const rows: OpenMediationRowView[] = [
      { id: 'c0rmed00000000000000000001', caseId: 'c0rcase0000000000000000001', code: '1ABP-KQ9P-8', language: 'Arabisch', mode: 'ON_SITE', status: 'REQUESTED', provider: 'Sprachmittlerpool Rostock', requestedAt: '2026-11-02T09:30:00.000Z', waitingDays: 1234 },
      { id: 'm2', caseId: 'c2', code: 'T0010-AB12-0', language: 'Dari', mode: 'PHONE', status: 'CONFIRMED', provider: null, requestedAt: '2026-12-05T23:30:00.000Z', waitingDays: 0 },
      ...awkward.map((value, index) => ({
        id: `m&${index}"'<>`,
        caseId: `c&${index}"'<>/ä`,
        code: value,
        language: value,
        mode: index % 2 ? 'EMPTY' : value,
        status: value,
        provider: index % 3 ? value : null,
        requestedAt: new Date(Date.UTC(2026, index, 1)).toISOString(),
        waitingDays: index * 1001,
      })),
    ]
    for (const [language, odd] of [['de', ''], ['en', ' <"&\'>']] as const) {
      const texts = text(language, odd)
      expect(built(openMediationRowsHtml(rows, texts))).toBe(react(<ReferenceRows rows={rows} text={texts} />))
      for (const row of rows) expect(openMediationRowsHtml([row], texts)).toBe(renderToString(<ReferenceRows rows={[row]} text={texts} />))
    }
    expect(openMediationRowsHtml([], text('de', ''))).toBe('')
  })

  test('escapes every value: no markup of a value reaches the page', () => {
    const html = openMediationRowsHtml(
      [{ id: '"><script>x</script>', caseId: 'c', code: '<img src=x onerror=alert(1)>', language: '<i>L</i>', mode: 'M', status: 'S', provider: '<u>P</u>', requestedAt: '2026-01-01T00:00:00.000Z', waitingDays: 3 }],
      text('de', '<em>'),
    )
    expect(html).not.toMatch(/<(script|img|i|u|em)[ >]/)
    expect(html).toContain('aria-label="de: Sprachmittlung des Falls &lt;img src=x onerror=alert(1)&gt; öffnen&lt;em&gt;"')
  })
})

// The reference for the figure tables: their rows as /language-mediation rendered them with React
// before decision 125 (the month's, language's, mode's or cost bearer's label as the row's header,
// then the `Figures` cells, each formatted by formatNumber / formatCents).
function Figures({ group, lng }: { group: MediationFigureRowView; lng: string }) {
  return (
    <>
      <td className="num">{formatNumber(group.count, lng)}</td>
      <td className="num">{formatNumber(group.minutes / 60, lng, { minimumFractionDigits: 1, maximumFractionDigits: 2 })}</td>
      <td className="num">{formatCents(group.costCents, lng)}</td>
    </>
  )
}

function ReferenceFigureRows({ rows, lng }: { rows: MediationFigureRowView[]; lng: string }) {
  return (
    <>
      {rows.map((row, index) => (
        <tr key={index}>
          <th scope="row">{row.label}</th>
          <Figures group={row} lng={lng} />
        </tr>
      ))}
    </>
  )
}

describe('mediationFigureRowsHtml', () => {
  test('writes the markup React wrote for the figure rows, byte for byte, for plain and awkward values', () => {
    const rows: MediationFigureRowView[] = [
      { label: 'Januar', count: 0, minutes: 0, costCents: 0 },
      { label: 'Arabisch', count: 1234, minutes: 98765, costCents: 123456789 },
      { label: 'Dari', count: 1, minutes: 1, costCents: 1 },
      { label: 'Telefon', count: 7, minutes: 45, costCents: 4999 },
      { label: 'nicht angegeben', count: 3, minutes: 100, costCents: 10 },
      { label: 'Kurmandschi', count: 2, minutes: 59, costCents: -250 },
      ...awkward.map((label, index) => ({ label, count: index * 1001, minutes: index * 37, costCents: index * 12345 })),
    ]
    for (const lng of ['de', 'en']) {
      const text = mediationFigureTexts(lng)
      expect(built(mediationFigureRowsHtml(rows, text))).toBe(react(<ReferenceFigureRows rows={rows} lng={lng} />))
      for (const row of rows) expect(mediationFigureRowsHtml([row], text)).toBe(renderToString(<ReferenceFigureRows rows={[row]} lng={lng} />))
    }
    expect(mediationFigureRowsHtml([], mediationFigureTexts('de'))).toBe('')
  })

  test('escapes the label: no markup of a value reaches the page', () => {
    const html = mediationFigureRowsHtml([{ label: '<img src=x onerror=alert(1)>', count: 1, minutes: 60, costCents: 100 }], mediationFigureTexts('de'))
    expect(html).not.toMatch(/<img[ >]/)
    expect(html).toContain('<th scope="row">&lt;img src=x onerror=alert(1)&gt;</th><td class="num">1</td><td class="num">1,0</td>')
  })
})
