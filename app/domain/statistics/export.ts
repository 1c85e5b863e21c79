// The machine and spreadsheet forms of the published tables (PRODUCT.md §5 formats, §8 JSON shape).
// Only published values leave here: suppressed cells are "." / null, labels are neutralised so that
// a catalogue label such as "=HYPERLINK(…)" never becomes a formula in a spreadsheet.
import { formatCell, suppressedEntries, type CellView, type PublishedTable } from './present.ts'
import { type SuppressionRule } from './suppression.ts'
import { neutraliseFormula, quoteCsv } from '#app/utils/csv.ts'

export type LabelledTable = Omit<PublishedTable, 'title' | 'columns' | 'rows'> & {
  title: string
  /** the XLSX sheet name: a short title, at most 31 characters */
  sheet: string
  columns: Array<{ id: string; label: string }>
  rows: Array<{ id: string; label: string; total: boolean; cells: CellView[] }>
}

export type ExportMeta = {
  year: number
  scope: { label: string; team: string | null; programme: string | null }
  generatedAt: Date
  rule: SuppressionRule
  /** the rule in words, printed with every export */
  ruleText: string
  /** the counting rules in words, printed with every export */
  countingRules: string[]
  frozenText: string | null
  labels: { title: string; year: string; scope: string; generatedAt: string; rule: string; countingRules: string; frozen: string }
}

// Figures are written by us (a count, `-` for zero, `.` for suppressed) and only quoted; labels
// may come from editable catalogues and are neutralised against formula injection too.
const quote = (text: string) => quoteCsv(text)

/** A text field (label, title): neutralised against formula injection, then quoted. */
function csvField(text: string) {
  return quote(neutraliseFormula(text))
}

/** Minute precision: the export's own time stamp, not a date about a person. */
export function exportTimestamp(date: Date) {
  return date.toISOString().slice(0, 16).replace('T', ' ') + ' UTC'
}

/**
 * CSV the way German spreadsheets open it: UTF-8 with BOM, `;` as separator, decimal comma, one
 * section per table (title line, header, rows, blank line).
 */
export function toCsv(tables: LabelledTable[], meta: ExportMeta): string {
  const lines: string[] = [
    csvField(meta.labels.title),
    [meta.labels.year, String(meta.year)].map(csvField).join(';'),
    [meta.labels.scope, meta.scope.label].map(csvField).join(';'),
    [meta.labels.generatedAt, exportTimestamp(meta.generatedAt)].map(csvField).join(';'),
    [meta.labels.rule, meta.ruleText].map(csvField).join(';'),
  ]
  meta.countingRules.forEach((rule, index) => lines.push([index ? '' : meta.labels.countingRules, rule].map(csvField).join(';')))
  if (meta.frozenText) lines.push([meta.labels.frozen, meta.frozenText].map(csvField).join(';'))
  lines.push('')
  for (const table of tables) {
    lines.push(csvField(table.title))
    lines.push(['', ...table.columns.map((column) => column.label)].map(csvField).join(';'))
    for (const row of table.rows) {
      lines.push([csvField(row.label), ...row.cells.map((cell) => quote(formatCell(cell, 'de-DE', { grouping: false })))].join(';'))
    }
    lines.push('')
  }
  return `\uFEFF${lines.join('\r\n')}`
}

export type StatisticsJson = {
  year: number
  scope: { label: string; team: string | null; programme: string | null }
  generatedAt: string
  /** `secondary`: how secondary cells are chosen (docs/statistics.md S3); absent when rounding; `text`: the rule in words */
  suppression: { k: number; method: string; secondary?: 'cost-optimal-interval'; text: string }
  /** the counting rules in words (docs/statistics.md in short) */
  countingRules: string[]
  tables: Array<{
    id: string
    title: string
    columns: string[]
    rows: Array<{ id: string; label: string; values: Array<number | null> }>
    suppressed: Array<{ row: string; column: string; reason: string }>
  }>
}

export function toJson(tables: LabelledTable[], meta: ExportMeta): StatisticsJson {
  return {
    year: meta.year,
    scope: meta.scope,
    generatedAt: meta.generatedAt.toISOString(),
    suppression:
      meta.rule.method === 'suppress'
        ? { k: meta.rule.k, method: meta.rule.method, secondary: 'cost-optimal-interval', text: meta.ruleText }
        : { k: meta.rule.k, method: meta.rule.method, text: meta.ruleText },
    countingRules: meta.countingRules,
    tables: tables.map((table) => ({
      id: table.id,
      title: table.title,
      columns: table.columns.map((column) => column.id),
      rows: table.rows.map((row) => ({ id: row.id, label: row.label, values: row.cells.map((cell) => cell.value) })),
      suppressed: suppressedEntries(table),
    })),
  }
}
