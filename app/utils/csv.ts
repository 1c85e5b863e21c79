// CSV the way German spreadsheet users open it (PRODUCT.md §5): UTF-8 with a byte-order mark (so
// Excel does not guess Windows-1252), `;` as separator (the comma is the decimal sign), CRLF line
// ends (RFC 4180). Shared by every export (language mediation, statistics, audit log).

/** A number written with a fixed count of decimals, e.g. euro amounts: `fixed(12.5, 2)` → "12,50". */
export type CsvFixed = { value: number; fractionDigits: number }
export type CsvCell = string | number | null | undefined | CsvFixed

export type CsvOptions = {
  /** Write numbers with a decimal comma (German); default true. */
  decimalComma?: boolean
  /** Field separator; default `;`. */
  separator?: string
  /** Prepend the UTF-8 byte-order mark; default true. */
  bom?: boolean
}

export const BOM = '\uFEFF'

export function fixed(value: number, fractionDigits: number): CsvFixed {
  return { value, fractionDigits }
}

// A cell that starts like a formula is executed by spreadsheet programs (CSV injection); a leading
// apostrophe makes them show it as text. Numbers are written by us and never need it.
const FORMULA_START = /^[=+\-@\t\r]/

function formatNumber(value: number, fractionDigits: number | undefined, decimalComma: boolean) {
  if (!Number.isFinite(value)) return ''
  const text = fractionDigits === undefined ? String(value) : value.toFixed(fractionDigits)
  return decimalComma ? text.replace('.', ',') : text
}

/** Text that a spreadsheet would read as a formula gets a leading apostrophe. */
export function neutraliseFormula(text: string) {
  return FORMULA_START.test(text) ? `'${text}` : text
}

/** Quotes a field that contains the separator, a quote or a line break (RFC 4180). */
export function quoteCsv(text: string, separator = ';') {
  return text.includes(separator) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function csvCell(cell: CsvCell, { decimalComma = true, separator = ';' }: CsvOptions = {}): string {
  if (cell === null || cell === undefined) return ''
  if (typeof cell === 'number') return formatNumber(cell, undefined, decimalComma)
  if (typeof cell === 'object') return formatNumber(cell.value, cell.fractionDigits, decimalComma)
  return quoteCsv(neutraliseFormula(cell), separator)
}

/** The whole file as one string (exports here are aggregates: small enough to build in memory). */
export function toCsv(rows: CsvCell[][], options: CsvOptions = {}): string {
  const separator = options.separator ?? ';'
  const body = rows.map((row) => row.map((cell) => csvCell(cell, options)).join(separator)).join('\r\n')
  return `${options.bom === false ? '' : BOM}${body}\r\n`
}

/** Response headers for a CSV download. */
export function csvHeaders(filename: string): HeadersInit {
  return {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
    'Cache-Control': 'no-store',
  }
}
