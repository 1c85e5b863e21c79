// The XLSX form of the published tables: a cover sheet, then one sheet per table (PRODUCT.md §5).
import { exportTimestamp, type ExportMeta, type LabelledTable } from './export.ts'
import { formatCell } from './present.ts'

/** One sheet per table after a cover sheet; labels are written as strings, never formulas. */
export async function toXlsx(tables: LabelledTable[], meta: ExportMeta): Promise<Buffer> {
  // Loaded on the first XLSX export, not at start-up: the library holds ~17 MB that most server
  // processes never need (docs/performance.md, "Memory").
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Wegbegleiter'
  workbook.created = meta.generatedAt
  const cover = workbook.addWorksheet(sheetName(meta.labels.title, new Set()))
  cover.columns = [{ width: 28 }, { width: 100 }]
  cover.addRow([text(meta.labels.title)]).font = { bold: true, size: 14 }
  cover.addRow([text(meta.labels.year), meta.year])
  cover.addRow([text(meta.labels.scope), text(meta.scope.label)])
  cover.addRow([text(meta.labels.generatedAt), text(exportTimestamp(meta.generatedAt))])
  cover.addRow([text(meta.labels.rule), text(meta.ruleText)]).alignment = { wrapText: true, vertical: 'top' }
  meta.countingRules.forEach((rule, index) => {
    cover.addRow([index ? '' : text(meta.labels.countingRules), text(rule)]).alignment = { wrapText: true, vertical: 'top' }
  })
  if (meta.frozenText) cover.addRow([text(meta.labels.frozen), text(meta.frozenText)])
  const used = new Set<string>([cover.name])
  for (const table of tables) {
    // a German (or English) title as the sheet's name: what a reader sees on the tab
    const sheet = workbook.addWorksheet(sheetName(table.sheet, used))
    used.add(sheet.name)
    sheet.addRow([text(table.title)]).font = { bold: true, size: 12 }
    const header = sheet.addRow(['', ...table.columns.map((column) => text(column.label))])
    header.font = { bold: true }
    header.alignment = { wrapText: true, vertical: 'bottom' }
    for (const row of table.rows) {
      const added = sheet.addRow([
        text(row.label),
        ...row.cells.map((cell) => (cell.value !== null && (cell.value !== 0 || cell.roundedFromNonZero) ? cell.value : formatCell(cell, 'de-DE'))),
      ])
      if (row.total) added.font = { bold: true }
      row.cells.forEach((cell, index) => {
        const target = added.getCell(index + 2)
        target.alignment = { horizontal: 'right' }
        if (typeof target.value === 'number') target.numFmt = cell.format === 'int' ? '#,##0' : cell.format === 'euro' ? '#,##0.00' : '#,##0.0'
      })
    }
    sheet.getColumn(1).width = 48
    for (let index = 2; index <= table.columns.length + 1; index += 1) sheet.getColumn(index).width = 14
    sheet.views = [{ state: 'frozen', xSplit: 1, ySplit: 2 }]
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

/**
 * A label as a plain string cell. exceljs writes a JavaScript string as a shared string, never as a
 * formula (those need `{ formula }`), so "=HYPERLINK(…)" stays text without a visible prefix.
 */
function text(value: string): string {
  return String(value)
}

function sheetName(wanted: string, used: Set<string>) {
  const base = wanted.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31) || 'Sheet'
  let name = base
  for (let index = 2; used.has(name); index += 1) name = `${base.slice(0, 28)} ${index}`
  return name
}
