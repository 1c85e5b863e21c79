import ExcelJS from 'exceljs'
import { describe, expect, test } from 'vitest'
import { exportTimestamp, type ExportMeta, type LabelledTable } from './export.ts'
import { formatCell, type CellView } from './present.ts'
import { xlsxParts } from './xlsx.ts'
import { zipArchive } from '#app/utils/zip.server.ts'

// The workbook as ExcelJS wrote it until decision 062 (app/domain/statistics/xlsx.ts before
// session 10), kept here as the reference the hand-written parts are compared with.
async function excelJsWorkbook(tables: LabelledTable[], meta: ExportMeta): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'Wegbegleiter'
  workbook.created = meta.generatedAt
  const cover = workbook.addWorksheet(referenceSheetName(meta.labels.title, new Set()))
  cover.columns = [{ width: 28 }, { width: 100 }]
  cover.addRow([meta.labels.title]).font = { bold: true, size: 14 }
  cover.addRow([meta.labels.year, meta.year])
  cover.addRow([meta.labels.scope, meta.scope.label])
  cover.addRow([meta.labels.generatedAt, exportTimestamp(meta.generatedAt)])
  cover.addRow([meta.labels.rule, meta.ruleText]).alignment = { wrapText: true, vertical: 'top' }
  meta.countingRules.forEach((rule, index) => {
    cover.addRow([index ? '' : meta.labels.countingRules, rule]).alignment = { wrapText: true, vertical: 'top' }
  })
  if (meta.frozenText) cover.addRow([meta.labels.frozen, meta.frozenText])
  const used = new Set<string>([cover.name])
  for (const table of tables) {
    const sheet = workbook.addWorksheet(referenceSheetName(table.sheet, used))
    used.add(sheet.name)
    sheet.addRow([table.title]).font = { bold: true, size: 12 }
    const header = sheet.addRow(['', ...table.columns.map((column) => column.label)])
    header.font = { bold: true }
    header.alignment = { wrapText: true, vertical: 'bottom' }
    for (const row of table.rows) {
      const added = sheet.addRow([
        row.label,
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

function referenceSheetName(wanted: string, used: Set<string>) {
  const base = wanted.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31) || 'Sheet'
  let name = base
  for (let index = 2; used.has(name); index += 1) name = `${base.slice(0, 28)} ${index}`
  return name
}

/** Everything a reader of the file sees, as ExcelJS reads it back. */
async function readBack(file: Buffer) {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(new Uint8Array(file).buffer)
  return {
    creator: workbook.creator,
    created: workbook.created?.toISOString(),
    sheets: workbook.worksheets.map((sheet) => ({
      name: sheet.name,
      widths: Array.from({ length: sheet.columnCount }, (_, index) => sheet.getColumn(index + 1).width),
      views: (sheet.views ?? []).map((view) => ('state' in view && view.state === 'frozen' ? { state: view.state, xSplit: view.xSplit, ySplit: view.ySplit, topLeftCell: view.topLeftCell } : { state: view.state })),
      rows: Array.from({ length: sheet.rowCount }, (_, rowIndex) => {
        const row = sheet.getRow(rowIndex + 1)
        return Array.from({ length: row.cellCount }, (_, cellIndex) => {
          const cell = row.getCell(cellIndex + 1)
          return {
            value: cell.value,
            type: cell.type,
            formula: cell.formula,
            numFmt: cell.numFmt,
            // the default font: Calibri 11 (ExcelJS writes it with the theme's colour and font scheme)
            font: { bold: cell.font?.bold ?? false, size: cell.font?.size ?? 11, name: cell.font?.name ?? 'Calibri' },
            alignment: cell.alignment,
          }
        })
      }),
    })),
  }
}

const cell = (value: number | null, format: CellView['format'], status: CellView['status'] = 'published', roundedFromNonZero?: boolean): CellView => ({
  value,
  status,
  format,
  ...(roundedFromNonZero ? { roundedFromNonZero } : {}),
})
const CELLS: CellView[] = [
  cell(12, 'int'),
  cell(0, 'int'),
  cell(null, 'int', 'confidential'),
  cell(3.5, 'hours'),
  cell(0, 'days'),
  cell(12.5, 'days'),
  cell(1234.5, 'euro'),
  cell(0, 'int', 'published', true),
  cell(null, 'int', 'not-applicable'),
  cell(null, 'percent', 'no-data'),
  cell(45.25, 'percent'),
  cell(1234567, 'int'),
]

function table(id: string, sheet: string, title: string, labels: string[]): LabelledTable {
  return {
    id,
    title,
    sheet,
    chartColumn: 0,
    columns: CELLS.map((_, index) => ({ id: `c${index}`, label: index === 3 ? '=HYPERLINK("http://evil.example","x")' : `Spalte ${index + 1}` })),
    rows: labels.map((label, index) => ({ id: `r${index}`, label, total: index === labels.length - 1, cells: CELLS })),
  }
}

function meta(overrides: Partial<ExportMeta> = {}): ExportMeta {
  return {
    year: 2025,
    scope: { label: 'Team Rostock · MBE', team: 'team-1', programme: 'MBE' },
    generatedAt: new Date('2026-01-02T03:04:05.678Z'),
    rule: { k: 3, method: 'suppress' } as ExportMeta['rule'],
    ruleText: 'Werte von 1 bis 2 sind unterdrückt (".").',
    countingRules: ['Personen zählen einmal je Jahr.', 'Kontakte zählen je Termin.'],
    frozenText: 'Eingefroren am 15.01.2026',
    labels: { title: 'Anonymisierte Jahresstatistik', year: 'Jahr', scope: 'Bereich', generatedAt: 'Erstellt', rule: 'Regel', countingRules: 'Zählregeln', frozen: 'Eingefroren' },
    ...overrides,
  }
}

const workbookOf = (tables: LabelledTable[], exportMeta: ExportMeta) =>
  zipArchive(
    xlsxParts(tables, exportMeta).map((part) => ({ name: part.name, data: part.text })),
    exportMeta.generatedAt,
  )

describe('the XLSX export', () => {
  test('has the cells, formats, widths, frozen panes and sheet names ExcelJS wrote', async () => {
    const tables = [
      table('clients', 'Eckzahlen', 'Eckzahlen <&> "Übersicht"', ['Personen', '+1+1', '@SUM(A1)', ' führendes Leerzeichen', 'Gesamt']),
      // the same sheet name twice, and one longer than Excel's 31 characters with characters a sheet name cannot have
      table('topics', 'Eckzahlen', 'Themen', ['-2+3', 'Arabisch (عربي) / Dari', 'Gesamt']),
      table('long', 'Beratungsthemen nach Programm: Zuwanderung/Integration?', 'Lang', ['Zeile\tmit Tab', 'Gesamt']),
    ]
    for (const exportMeta of [meta(), meta({ frozenText: null, countingRules: ['Eine Regel.'] })]) {
      const ours = await readBack(await workbookOf(tables, exportMeta))
      const reference = await readBack(await excelJsWorkbook(tables, exportMeta))
      expect(ours).toEqual(reference)
      expect(ours.sheets.map((sheet) => sheet.name)).toEqual(['Anonymisierte Jahresstatistik', 'Eckzahlen', 'Eckzahlen 2', 'Beratungsthemen nach Programm  '])
    }
  })

  test('labels stay text (never a formula) and control characters survive as SpreadsheetML escapes', async () => {
    const tables = [table('t', 'T', 'T', ['=1+1', 'a\u0001b', 'literal _x0041_', 'Gesamt'])]
    const { sheets } = await readBack(await workbookOf(tables, meta()))
    const labels = sheets[1]!.rows.slice(2).map((row) => row[0]!)
    expect(labels.map((label) => [label.value, label.type, label.formula])).toEqual([
      ['=1+1', ExcelJS.ValueType.String, undefined],
      ['a\u0001b', ExcelJS.ValueType.String, undefined],
      ['literal _x0041_', ExcelJS.ValueType.String, undefined],
      ['Gesamt', ExcelJS.ValueType.String, undefined],
    ])
  })

  test('equal figures give an equal file (dated when the figures were made)', async () => {
    const tables = [table('t', 'T', 'T', ['a', 'Gesamt'])]
    expect((await workbookOf(tables, meta())).equals(await workbookOf(tables, meta()))).toBe(true)
  })
})
