// The XLSX form of the published tables: a cover sheet, then one sheet per table (PRODUCT.md §5).
//
// Written as SpreadsheetML parts here (the caller zips them: app/utils/zip.server.ts), not with a
// spreadsheet library (decision 062): the workbook uses a handful of features — strings, numbers
// with three number formats, bold fonts, alignment, column widths, frozen panes — and ExcelJS,
// which wrote it before, stayed loaded in the server after the first export (≈ 10 MB resident,
// ≈ 400 ms CPU to load). The cells, formats and sheet names are those ExcelJS wrote
// (xlsx.test.ts reads both with ExcelJS and compares them cell by cell).
import { exportTimestamp, type ExportMeta, type LabelledTable } from './export.ts'
import { formatCell } from './present.ts'

/** One part of the package: its path inside the ZIP and its XML. */
export type XlsxPart = { name: string; text: string }

type Font = { bold?: boolean; size?: number }
type Alignment = { horizontal?: 'right'; vertical?: 'top' | 'bottom'; wrapText?: boolean }
type Style = { font?: Font; alignment?: Alignment; numFmt?: string }
type Cell = { value: string | number; style?: Style }
type Row = { cells: Cell[]; style?: Style }
type Sheet = { name: string; widths: number[]; frozen: boolean; rows: Row[] }

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
const RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
const PACKAGE_RELATIONSHIPS = 'http://schemas.openxmlformats.org/package/2006/relationships'
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

/** One sheet per table after a cover sheet; labels are written as strings, never formulas. */
export function xlsxParts(tables: LabelledTable[], meta: ExportMeta): XlsxPart[] {
  const coverName = sheetName(meta.labels.title, new Set())
  const wrapTop: Style = { alignment: { wrapText: true, vertical: 'top' } }
  const cover: Sheet = {
    name: coverName,
    widths: [28, 100],
    frozen: false,
    rows: [
      styled([meta.labels.title], { font: { bold: true, size: 14 } }),
      plain([meta.labels.year, meta.year]),
      plain([meta.labels.scope, meta.scope.label]),
      plain([meta.labels.generatedAt, exportTimestamp(meta.generatedAt)]),
      styled([meta.labels.rule, meta.ruleText], wrapTop),
      ...meta.countingRules.map((rule, index) => styled([index ? '' : meta.labels.countingRules, rule], wrapTop)),
      ...(meta.frozenText ? [plain([meta.labels.frozen, meta.frozenText])] : []),
    ],
  }
  const sheets: Sheet[] = [cover]
  const used = new Set<string>([coverName])
  for (const table of tables) {
    // a German (or English) title as the sheet's name: what a reader sees on the tab
    const name = sheetName(table.sheet, used)
    used.add(name)
    const rows: Row[] = [
      styled([table.title], { font: { bold: true, size: 12 } }),
      styled(['', ...table.columns.map((column) => column.label)], { font: { bold: true }, alignment: { wrapText: true, vertical: 'bottom' } }),
    ]
    for (const row of table.rows) {
      const rowStyle: Style | undefined = row.total ? { font: { bold: true } } : undefined
      const cells: Cell[] = [{ value: row.label, style: rowStyle }]
      for (const cell of row.cells) {
        // a figure as a number; zero (nothing there), suppressed and missing as the page shows them
        const value = cell.value !== null && (cell.value !== 0 || cell.roundedFromNonZero) ? cell.value : formatCell(cell, 'de-DE')
        const numFmt = typeof value === 'number' ? (cell.format === 'int' ? '#,##0' : cell.format === 'euro' ? '#,##0.00' : '#,##0.0') : undefined
        cells.push({ value, style: { font: rowStyle?.font, alignment: { horizontal: 'right' }, numFmt } })
      }
      rows.push({ cells, style: rowStyle })
    }
    sheets.push({ name, widths: [48, ...table.columns.map(() => 14)], frozen: true, rows })
  }
  return packageParts(sheets, meta.generatedAt)
}

function plain(values: Array<string | number>): Row {
  return { cells: values.map((value) => ({ value })) }
}

/** A row whose style is also every cell's (as a row's font or alignment in Excel). */
function styled(values: Array<string | number>, style: Style): Row {
  return { cells: values.map((value) => ({ value, style })), style }
}

function sheetName(wanted: string, used: Set<string>) {
  const base = wanted.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31) || 'Sheet'
  let name = base
  for (let index = 2; used.has(name); index += 1) name = `${base.slice(0, 28)} ${index}`
  return name
}

function packageParts(sheets: Sheet[], created: Date): XlsxPart[] {
  const strings = new SharedStrings()
  const styles = new Styles()
  const sheetParts = sheets.map((sheet, index) => ({ name: `xl/worksheets/sheet${index + 1}.xml`, text: worksheet(sheet, strings, styles) }))
  const sheetTypes = sheets
    .map((_, index) => `<Override PartName="/xl/worksheets/sheet${index + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
    .join('')
  // W3CDTF in whole seconds, as Excel writes it
  const timestamp = `${created.toISOString().slice(0, 19)}Z`
  return [
    {
      name: '[Content_Types].xml',
      text: `${XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheetTypes}<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`,
    },
    {
      name: '_rels/.rels',
      text: `${XML_DECLARATION}<Relationships xmlns="${PACKAGE_RELATIONSHIPS}"><Relationship Id="rId1" Type="${RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`,
    },
    {
      name: 'docProps/core.xml',
      text: `${XML_DECLARATION}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>Wegbegleiter</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${timestamp}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${timestamp}</dcterms:modified></cp:coreProperties>`,
    },
    {
      name: 'xl/workbook.xml',
      text: `${XML_DECLARATION}<workbook xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}"><sheets>${sheets.map((sheet, index) => `<sheet name="${escapeXml(sheet.name)}" sheetId="${index + 1}" r:id="rId${index + 3}"/>`).join('')}</sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      text: `${XML_DECLARATION}<Relationships xmlns="${PACKAGE_RELATIONSHIPS}"><Relationship Id="rId1" Type="${RELATIONSHIPS}/styles" Target="styles.xml"/><Relationship Id="rId2" Type="${RELATIONSHIPS}/sharedStrings" Target="sharedStrings.xml"/>${sheets.map((_, index) => `<Relationship Id="rId${index + 3}" Type="${RELATIONSHIPS}/worksheet" Target="worksheets/sheet${index + 1}.xml"/>`).join('')}</Relationships>`,
    },
    ...sheetParts,
    { name: 'xl/styles.xml', text: styles.xml() },
    { name: 'xl/sharedStrings.xml', text: strings.xml() },
  ]
}

function worksheet(sheet: Sheet, strings: SharedStrings, styles: Styles): string {
  const width = Math.max(1, ...sheet.rows.map((row) => row.cells.length))
  const dimension = `A1:${columnName(width)}${Math.max(1, sheet.rows.length)}`
  const views = sheet.frozen
    ? '<sheetViews><sheetView workbookViewId="0"><pane xSplit="1" ySplit="2" topLeftCell="B3" activePane="bottomRight" state="frozen"/><selection pane="bottomRight"/></sheetView></sheetViews>'
    : ''
  const rows = sheet.rows
    .map((row, rowIndex) => {
      const r = rowIndex + 1
      const rowStyle = row.style ? ` s="${styles.index(row.style)}" customFormat="1"` : ''
      const cells = row.cells
        .map((cell, columnIndex) => {
          const reference = `${columnName(columnIndex + 1)}${r}`
          const style = cell.style ? styles.index(cell.style) : 0
          const s = style ? ` s="${style}"` : ''
          if (typeof cell.value === 'number') return `<c r="${reference}"${s}><v>${cell.value}</v></c>`
          return `<c r="${reference}"${s} t="s"><v>${strings.index(cell.value)}</v></c>`
        })
        .join('')
      return `<row r="${r}"${rowStyle}>${cells}</row>`
    })
    .join('')
  return `${XML_DECLARATION}<worksheet xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}"><dimension ref="${dimension}"/>${views}<sheetFormatPr defaultRowHeight="15"/><cols>${columns(sheet.widths)}</cols><sheetData>${rows}</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`
}

/** Column widths, neighbours of the same width in one element. */
function columns(widths: number[]) {
  const groups: string[] = []
  for (let start = 0; start < widths.length; ) {
    let end = start
    while (end + 1 < widths.length && widths[end + 1] === widths[start]) end += 1
    groups.push(`<col min="${start + 1}" max="${end + 1}" width="${widths[start]}" customWidth="1"/>`)
    start = end + 1
  }
  return groups.join('')
}

/** A, B, …, Z, AA, … */
function columnName(column: number) {
  let name = ''
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26)) name = String.fromCharCode(65 + ((rest - 1) % 26)) + name
  return name
}

class SharedStrings {
  readonly #indexes = new Map<string, number>()
  #count = 0

  index(text: string) {
    this.#count += 1
    let index = this.#indexes.get(text)
    if (index === undefined) {
      index = this.#indexes.size
      this.#indexes.set(text, index)
    }
    return index
  }

  xml() {
    const items = [...this.#indexes.keys()].map((text) => `<si><t${/^\s|\s$|\n/.test(text) ? ' xml:space="preserve"' : ''}>${escapeText(text)}</t></si>`).join('')
    return `${XML_DECLARATION}<sst xmlns="${MAIN}" count="${this.#count}" uniqueCount="${this.#indexes.size}">${items}</sst>`
  }
}

// Excel's built-in number formats; any other gets an id from 164 on.
const BUILT_IN_FORMATS: Record<string, number> = { '#,##0': 3, '#,##0.00': 4 }

class Styles {
  readonly #fonts = ['<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>']
  readonly #formats = new Map<string, number>()
  readonly #xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>']
  readonly #xfIndexes = new Map<string, number>()

  /** The cellXfs index of a style (0: the default). */
  index(style: Style) {
    const font = style.font?.bold || style.font?.size ? this.#font(style.font) : 0
    const numFmt = style.numFmt ? this.#format(style.numFmt) : 0
    const alignment = style.alignment ? alignmentXml(style.alignment) : ''
    const applied = `${numFmt ? ' applyNumberFormat="1"' : ''}${font ? ' applyFont="1"' : ''}${alignment ? ' applyAlignment="1"' : ''}`
    const xf = `<xf numFmtId="${numFmt}" fontId="${font}" fillId="0" borderId="0" xfId="0"${applied}${alignment ? `>${alignment}</xf>` : '/>'}`
    let index = this.#xfIndexes.get(xf)
    if (index === undefined) {
      index = this.#xfs.length
      this.#xfs.push(xf)
      this.#xfIndexes.set(xf, index)
    }
    return index
  }

  #font(font: Font) {
    const xml = `<font>${font.bold ? '<b/>' : ''}${font.size ? `<sz val="${font.size}"/>` : ''}</font>`
    const known = this.#fonts.indexOf(xml)
    return known >= 0 ? known : this.#fonts.push(xml) - 1
  }

  #format(code: string) {
    const builtIn = BUILT_IN_FORMATS[code]
    if (builtIn !== undefined) return builtIn
    let id = this.#formats.get(code)
    if (id === undefined) {
      id = 164 + this.#formats.size
      this.#formats.set(code, id)
    }
    return id
  }

  xml() {
    const formats = this.#formats.size
      ? `<numFmts count="${this.#formats.size}">${[...this.#formats].map(([code, id]) => `<numFmt numFmtId="${id}" formatCode="${escapeXml(code)}"/>`).join('')}</numFmts>`
      : ''
    return `${XML_DECLARATION}<styleSheet xmlns="${MAIN}">${formats}<fonts count="${this.#fonts.length}">${this.#fonts.join('')}</fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="${this.#xfs.length}">${this.#xfs.join('')}</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`
  }
}

function alignmentXml(alignment: Alignment) {
  const attributes = [
    alignment.horizontal ? ` horizontal="${alignment.horizontal}"` : '',
    alignment.vertical ? ` vertical="${alignment.vertical}"` : '',
    alignment.wrapText ? ' wrapText="1"' : '',
  ].join('')
  return `<alignment${attributes}/>`
}

/** Text for an attribute or element: XML's five special characters. */
function escapeXml(text: string) {
  return text.replace(/[&<>"']/g, (character) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[character]};`)
}

/**
 * A cell's text: characters XML 1.0 cannot carry (control characters from a pasted label) as
 * SpreadsheetML's `_xHHHH_`, and a literal `_xHHHH_` in the text kept literal by escaping its `_`.
 */
function escapeText(text: string) {
  let escaped = ''
  for (const character of text.replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1')) {
    const code = character.charCodeAt(0)
    const allowed = code >= 0x20 ? code !== 0xfffe && code !== 0xffff : code === 0x09 || code === 0x0a || code === 0x0d
    escaped += allowed ? character : `_x${code.toString(16).toUpperCase().padStart(4, '0')}_`
  }
  return escapeXml(escaped)
}
