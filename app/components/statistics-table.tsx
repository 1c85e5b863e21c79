import { useTranslation } from 'react-i18next'
import { formatCell } from '#app/domain/statistics/present.ts'
import { type LabelledTable } from '#app/domain/statistics/export.ts'
import { BarChart } from './chart-bar.tsx'
import { Table } from './ui/table.tsx'

const locales: Record<string, string> = { de: 'de-DE', en: 'en-GB' }

/** One published table with its chart beside it; the table is the chart's text alternative. */
export function StatisticsTable({ table, note }: { table: LabelledTable; note?: string }) {
  const { t, i18n } = useTranslation('statistics')
  const locale = locales[i18n.language] ?? 'de-DE'
  const headingId = `table-${table.id}`
  const chartColumn = table.columns[table.chartColumn]
  const bars = table.rows
    .filter((row) => !row.total)
    .map((row) => {
      const cell = row.cells[table.chartColumn]!
      return { label: row.label, value: cell.value, display: formatCell(cell, locale) }
    })
  return (
    // Not a named region itself: the scrolling table inside is the region with this name, and two
    // landmarks with one name are ambiguous (axe landmark-unique).
    <section className="statistics-table" id={table.id}>
      <h2 id={headingId}>{table.title}</h2>
      {note ? <p className="statistics-note">{note}</p> : null}
      <div className={table.columns.length > 4 ? 'statistics-table-body statistics-table-wide' : 'statistics-table-body'}>
        {/* A table wider than the screen scrolls; keyboard users need to reach it (WCAG 2.1.1). */}
        <Table caption={table.title} hideCaption region={{ labelledBy: headingId }} columns={[null, ...table.columns.map((column) => ({ label: column.label, className: 'num' }))]}>
          {table.rows.map((row) => (
            <tr key={row.id} className={row.total ? 'statistics-total' : undefined}>
              <th scope="row">{row.label}</th>
              {row.cells.map((cell, index) => (
                <td key={index} className="num">
                  {formatCell(cell, locale)}
                  {cell.value === null && cell.status !== 'not-applicable' && cell.status !== 'no-data' ? <span className="visually-hidden"> ({t('chart.suppressed')})</span> : null}
                </td>
              ))}
            </tr>
          ))}
        </Table>
        {chartColumn && bars.length > 1 ? (
          <figure className="statistics-chart">
            <BarChart bars={bars} label={t('chart.label', { title: table.title, column: chartColumn.label })} />
          </figure>
        ) : null}
      </div>
    </section>
  )
}
