// Reading an uploaded CSV file the way German offices produce them (decision 009, decision 039):
// Excel writes Windows-1252 or UTF-8 (with or without BOM) and separates with ";". Anything else is
// refused with a reason the user can act on, before a single row is looked at.
import { Readable } from 'node:stream'
import { CsvError, parse } from 'csv-parse'
import iconv from 'iconv-lite'

export type UploadEncoding = 'utf-8' | 'windows-1252'

export type UploadProblem =
  | { kind: 'empty' }
  | { kind: 'utf16' }
  | { kind: 'binary' }
  | { kind: 'separator'; found: 'comma' | 'tab' }
  | { kind: 'header'; missing: string[]; unknown: string[] }
  | { kind: 'malformed'; line: number }
  | { kind: 'tooManyRows'; limit: number }

export type DecodeResult = { ok: true; text: string; encoding: UploadEncoding } | { ok: false; problem: UploadProblem }

// Bytes that never occur in a text file (NUL and the C0 controls other than tab, CR, LF).
const CONTROL_BYTES = new Set([...Array.from({ length: 32 }, (_, byte) => byte)].filter((byte) => ![9, 10, 13].includes(byte)))
// Windows-1252 leaves these five unassigned: a file containing them is not Windows-1252 text.
const UNASSIGNED_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d])

/**
 * Decides the encoding: valid UTF-8 (BOM or not) is UTF-8; otherwise Windows-1252 when every byte is
 * a plausible character there. UTF-16 (the "Unicode text" of Excel) and binary files are refused.
 */
export function decodeUpload(bytes: Uint8Array): DecodeResult {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return { ok: false, problem: { kind: 'utf16' } }
  }
  const withoutBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes
  if (withoutBom.every((byte) => byte === 0x0a || byte === 0x0d || byte === 0x20)) return { ok: false, problem: { kind: 'empty' } }
  if (withoutBom.some((byte) => CONTROL_BYTES.has(byte))) {
    return { ok: false, problem: { kind: looksLikeUtf16(withoutBom) ? 'utf16' : 'binary' } }
  }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(withoutBom), encoding: 'utf-8' }
  } catch {
    if (withoutBom.some((byte) => UNASSIGNED_1252.has(byte))) return { ok: false, problem: { kind: 'binary' } }
    return { ok: true, text: iconv.decode(Buffer.from(withoutBom), 'win1252'), encoding: 'windows-1252' }
  }
}

/** UTF-16 without a byte-order mark: Latin text has a NUL in every other byte, and only there. */
function looksLikeUtf16(bytes: Uint8Array) {
  let even = 0
  let odd = 0
  bytes.forEach((byte, index) => {
    if (byte !== 0) return
    if (index % 2 === 0) even += 1
    else odd += 1
  })
  const pairs = Math.floor(bytes.length / 2)
  return (odd >= pairs / 2 && even <= pairs / 20) || (even >= pairs / 2 && odd <= pairs / 20)
}

/**
 * The separator is told by the header line: a file saved with "," or tab instead of ";" has a header
 * without any ";" — answered as such, instead of as one long unknown column.
 */
export function separatorProblem(text: string): UploadProblem | null {
  const header = text.slice(0, text.search(/\r?\n|$/))
  if (header.includes(';')) return null
  if (header.includes('\t')) return { kind: 'separator', found: 'tab' }
  if (header.includes(',')) return { kind: 'separator', found: 'comma' }
  return null
}

export type CsvRow = { line: number; values: Record<string, string> }

export type ReadCsvResult = { ok: true; rows: CsvRow[] } | { ok: false; problem: UploadProblem }

/**
 * Parses ";"-separated text with a header line, streaming (csv-parse), into rows keyed by the header.
 * `line` is the row's line in the file (the header is line 1), so an office can find it in Excel.
 */
export async function readCsv(text: string, { columns, required, maxRows }: { columns: readonly string[]; required: readonly string[]; maxRows: number }): Promise<ReadCsvResult> {
  const separator = separatorProblem(text)
  if (separator) return { ok: false, problem: separator }
  const parser = Readable.from([text]).pipe(
    parse({ delimiter: ';', trim: true, skip_empty_lines: true, relax_column_count: true, info: true }),
  )
  const rows: CsvRow[] = []
  let header: string[] | null = null
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!header) {
        header = record.map((name) => name.trim())
        const missing = required.filter((name) => !header!.includes(name))
        const unknown = header.filter((name) => name !== '' && !columns.includes(name))
        if (missing.length > 0 || unknown.length > 0) {
          parser.destroy()
          return { ok: false, problem: { kind: 'header', missing, unknown } }
        }
        continue
      }
      if (rows.length >= maxRows) {
        parser.destroy()
        return { ok: false, problem: { kind: 'tooManyRows', limit: maxRows } }
      }
      const values: Record<string, string> = {}
      header.forEach((name, index) => {
        if (name) values[name] = record[index] ?? ''
      })
      // Cells beyond the header are kept under a marker so that the row can be refused, not cut.
      if (record.length > header.length && record.slice(header.length).some((cell) => cell !== '')) values[EXTRA_CELLS] = 'x'
      rows.push({ line: info.lines, values })
    }
  } catch (error) {
    if (error instanceof CsvError) return { ok: false, problem: { kind: 'malformed', line: (error as CsvError & { lines?: number }).lines ?? 0 } }
    throw error
  }
  if (!header) return { ok: false, problem: { kind: 'empty' } }
  return { ok: true, rows }
}

/** The key under which a row carries cells to the right of the last header column. */
export const EXTRA_CELLS = '\u0000extra'
