// Suppression applied to the tables of one export, and the published form every output shares
// (page, CSV, XLSX, JSON — PRODUCT.md §8).
import { type StatisticsAggregates } from './aggregates.ts'
import { type LpSolver } from './optimal-suppression.ts'
import { applySuppression, type CellOutcome, type CellStatus, type SuppressionRule } from './suppression.ts'
import { buildModel, mediationLanguages, PREVIOUS_YEAR_PREFIX, rowFormat, topNationalities, type LabelRef, type TableSpec, type ValueFormat } from './tables.ts'

/**
 * The status a reader sees. Primary and secondary suppression are one status, `confidential`:
 * telling them apart would bound a primary cell to 1…k−1 (with k = 2: reveal it is a 1), S3.
 */
export type PublishedStatus = Exclude<CellStatus, 'primary' | 'secondary'> | 'confidential' | 'not-applicable'
export type CellView = { value: number | null; status: PublishedStatus; format: ValueFormat; roundedFromNonZero?: boolean }
export type PublishedRow = { id: string; label: LabelRef; total: boolean; cells: CellView[] }
export type PublishedTable = {
  id: string
  title: LabelRef
  columns: Array<{ id: string; label: LabelRef }>
  rows: PublishedRow[]
  chartColumn: number
}

const DECIMALS: Record<ValueFormat, number> = { int: 0, hours: 1, percent: 1, days: 1, euro: 2 }

function rounded(value: number, format: ValueFormat) {
  const factor = 10 ** DECIMALS[format]
  return Math.round(value * factor) / factor
}

/**
 * The tables of one year and scope with the rule applied to all cells together (S3), plus a
 * previous-year column when the previous year's aggregates are given.
 */
export function publishStatistics(current: StatisticsAggregates, previous: StatisticsAggregates | null, rule: SuppressionRule, solver: LpSolver): PublishedTable[] {
  return publishWithOutcomes(current, previous, rule, solver).tables
}

/** The published tables together with every cell's internal outcome (for audits and the bench). */
export function publishWithOutcomes(current: StatisticsAggregates, previous: StatisticsAggregates | null, rule: SuppressionRule, solver: LpSolver) {
  const nationalities = topNationalities(current)
  const languages = mediationLanguages(current)
  // Languages of the previous year only go into its "other languages" row (docs §1, comparison column).
  const previousOnly = previous ? mediationLanguages(previous).some((code) => !languages.includes(code)) : false
  const model = buildModel(current, { nationalities, otherLanguages: previousOnly })
  const previousModel = previous ? buildModel(previous, { prefix: PREVIOUS_YEAR_PREFIX, nationalities, languages }) : null
  const cells = new Map([...model.cells, ...(previousModel?.cells ?? [])])
  const constraints = [...model.constraints, ...(previousModel?.constraints ?? [])]
  const outcomes = applySuppression(cells, constraints, rule, solver)
  return { tables: model.tables.map((table) => publishTable(table, outcomes, previousModel ? cells : null)), cells, constraints, outcomes }
}

function view(outcome: CellOutcome | undefined, format: ValueFormat): CellView {
  if (!outcome) return { value: null, status: 'not-applicable', format }
  const status = outcome.status === 'primary' || outcome.status === 'secondary' ? 'confidential' : outcome.status
  const value = outcome.value === null ? null : rounded(outcome.value, format)
  return outcome.roundedFromNonZero ? { value, status, format, roundedFromNonZero: true } : { value, status, format }
}

function publishTable(table: TableSpec, outcomes: Map<string, CellOutcome>, previousCells: Map<string, unknown> | null): PublishedTable {
  const columns = table.columns.map((column) => ({ id: column.id, label: column.label }))
  if (previousCells) columns.push({ id: 'previous-year', label: { key: 'statistics:columns.previousYear' } })
  const rows = table.rows.map((row) => {
    const cells = row.cells.map((key, index) => view(key ? outcomes.get(key) : undefined, rowFormat(table, row, index)))
    if (previousCells) {
      const key = row.compare ? PREVIOUS_YEAR_PREFIX + row.compare : null
      const format = rowFormat(table, row, row.cells.findIndex((cell) => cell !== null && cell === row.compare))
      cells.push(view(key && previousCells.has(key) ? outcomes.get(key) : undefined, format))
    }
    return { id: row.id, label: row.label, total: !!row.total, cells }
  })
  return { id: table.id, title: table.title, columns, rows, chartColumn: table.chartColumn }
}

export type SuppressedEntry = { row: string; column: string; reason: string }

/** The cells without a value and why (the JSON export's `suppressed` array). */
export function suppressedEntries(table: Pick<PublishedTable, 'columns' | 'rows'> | { columns: Array<{ id: string }>; rows: Array<{ id: string; cells: CellView[] }> }): SuppressedEntry[] {
  const entries: SuppressedEntry[] = []
  for (const row of table.rows) {
    row.cells.forEach((cell, index) => {
      if (cell.value === null) entries.push({ row: row.id, column: table.columns[index]!.id, reason: cell.status })
    })
  }
  return entries
}

/**
 * A cell as text (DIN 55301): `.` suppressed, `-` nothing there, empty for a field that does
 * not apply. `decimalComma` without grouping is what German spreadsheets read as a number.
 */
export function formatCell(cell: CellView, locale: string, { grouping = true } = {}): string {
  if (cell.status === 'not-applicable') return ''
  if (cell.status === 'no-data') return '-'
  if (cell.value === null) return '.'
  // A median of zero days is a value; a count or sum of zero means nothing is there — unless
  // rounding to 5 made a true 1 or 2 a 0: then "0", more than nothing (DIN 55301, S4).
  if (cell.value === 0 && cell.format !== 'days' && !cell.roundedFromNonZero) return '-'
  const digits = DECIMALS[cell.format]
  return new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: grouping }).format(cell.value)
}
