// The start page's follow-ups as pre-built rows (decision 080, after /team's of decision 072): a busy
// counsellor has ≈ 75–200 of them, each row eleven React elements (two links and a button), the
// largest part of the start page's elements. The markup is what React wrote for the rows, byte for
// byte (`follow-up-rows.test.tsx` renders the former JSX and compares): every text and attribute
// escaped as React escapes it. The links are followed within the app by one click handler on the
// table body (`useListClick`); the "Erledigt" buttons post their follow-up's id with the bucket's
// form, with or without JavaScript; their busy state during a submission is set on them by the list
// (`follow-up-list.tsx`), not written here, so that the string and the rows' DOM stay the same while
// the form is submitted. Client-safe: the browser builds the same string.
import { escapeHtml, texts } from './prebuilt-html.ts'
import { type PrebuiltRows } from './ui/table.tsx'

export type FollowUpRow = {
  id: string
  dueDate: string | Date
  source: string
  contactId: string | null
  /** the contact's "Nächster Schritt" or the manual follow-up's text */
  nextStep: string | null
  caseId: string
  caseCode: string
  /** an absent colleague's follow-up, shown to their substitute (decision 211): the colleague's name */
  standInFor?: string
}

/** What a row shows, in the page's language: each a plain text (escaped here). */
export type FollowUpRowTexts = {
  /** the due day (`formatDay`) */
  due: (date: string | Date) => string
  /** the source's name ("Manuell", …; an unknown source as itself) */
  source: (source: string) => string
  /** the contact source's name, the link to the contact */
  contact: string
  /** the button's accessible name with the case's code ("Wiedervorlage für … als erledigt markieren") */
  doneFor: (code: string) => string
  done: string
  /** the mark of an absent colleague's follow-up ("Vertretung für …", decision 211) */
  standInFor: (name: string) => string
}

/**
 * The rows of one bucket: the case's code linking to the case, the due day, the source, the next step, "Erledigt". An
 * absent colleague's follow-up has whom it is for after the code, in the row's header (decision 211): read with every
 * cell of the row, and the only change to the row, so one's own rows stay as they were.
 */
export function followUpRowsHtml(rows: readonly FollowUpRow[], text: FollowUpRowTexts): PrebuiltRows {
  // A row without a next step shows a dash, written as `&ndash;` (React wrote the character U+2013): the same text in
  // the browser, and the rows' string stays one byte per character when their texts are Latin-1 (session 25).
  const button = `<button type="submit" name="followUpId" value="`
  const done = texts(text.done)
  const contact = texts(text.contact)
  let html = ''
  for (const row of rows) {
    const nextStep = row.nextStep ?? null
    const caseHref = escapeHtml(`/cases/${row.caseId}`)
    const source =
      row.source === 'CONTACT' && row.contactId
        ? `<a data-discover="true" href="${escapeHtml(`/cases/${row.caseId}/contacts/${row.contactId}`)}">${contact}</a>`
        : texts(text.source(row.source))
    html +=
      `<tr><th scope="row"><a class="code" data-discover="true" href="${caseHref}">${texts(row.caseCode)}</a>` +
      `${row.standInFor === undefined ? '' : ` <span class="muted">${texts(text.standInFor(row.standInFor))}</span>`}</th>` +
      `<td>${texts(text.due(row.dueDate))}</td><td>${source}</td>` +
      `<td>${nextStep === null ? '<span class="muted">&ndash;</span>' : texts(nextStep)}</td>` +
      `<td>${button}${escapeHtml(row.id)}" aria-label="${escapeHtml(text.doneFor(row.caseCode))}" class="button button-secondary">${done}</button></td></tr>`
  }
  return html as PrebuiltRows
}

declare const packed: unique symbol
/**
 * A bucket's rows in the start page's loader data as one string (decision 091, after decision 050's
 * packed option lists): Remix serialises loader data value by value (turbo-stream), ≈ 1,000 values
 * and as many small strings of garbage for a busy counsellor's ≈ 75 rows — the largest allocator of
 * the start page. Packed, the rows are one JSON text (each row an array of its seven fields, the due
 * date as its day), written and read by the engine's JSON in one call each.
 */
export type PackedFollowUpRows = string & { readonly [packed]: true }

/** A row's fields; an absent colleague's follow-up has an eighth, whom it is for (decision 211). */
type RowFields = [id: string, dueDay: string, source: string, contactId: string | null, nextStep: string | null, caseId: string, caseCode: string, standInFor?: string]

/**
 * Rows → their packed text. The due date travels as its day (`YYYY-MM-DD`, the UTC day it is stored
 * as, decision 029): `formatDay` shows that day for the day's text as for any instant of it.
 */
export function packFollowUpRows(rows: readonly FollowUpRow[]): PackedFollowUpRows {
  // the UTC day, as `dayOf` (app/domain/follow-up.ts) reads it — not imported: the browser's bundle of
  // this page would split the domain module off into a chunk of its own (one more script to load)
  return JSON.stringify(rows.map(rowFields)) as PackedFollowUpRows
}

// Module-level, not made per call, so V8 keeps their optimised code (docs/performance.md, "Language mediation,
// referrals, audit log and start page (2026-12-06, session 19)").
function rowFields(row: FollowUpRow): RowFields {
  if (row.standInFor !== undefined) return [row.id, dueDayOf(row.dueDate), row.source, row.contactId, row.nextStep, row.caseId, row.caseCode, row.standInFor]
  return [row.id, dueDayOf(row.dueDate), row.source, row.contactId, row.nextStep, row.caseId, row.caseCode]
}

const DAY = /^\d{4}-\d{2}-\d{2}$/

/** The due date's UTC day; a due date given as its day already (the start page's loader, session 25) is that day. */
function dueDayOf(dueDate: string | Date) {
  return typeof dueDate === 'string' && DAY.test(dueDate) ? dueDate : new Date(dueDate).toISOString().slice(0, 10)
}

function rowFrom([id, dueDate, source, contactId, nextStep, caseId, caseCode, standInFor]: RowFields): FollowUpRow {
  if (standInFor !== undefined) return { id, dueDate, source, contactId, nextStep, caseId, caseCode, standInFor }
  return { id, dueDate, source, contactId, nextStep, caseId, caseCode }
}

// The server's render of a document reads the loader's rows themselves, not their packed text back (session 25:
// ≈ 34 kB of JSON parsed again per view of the busiest counsellor's start page, the text the same process had just
// written). Kept per loader-data object — the one the loader returns is the one the same request's render reads
// (as `inMarkupOnly`'s keys) — and never sent: a WeakMap entry is no property for turbo-stream to serialise, and the
// browser has none (it unpacks the text, or reads the rows back from the markup, decision 171). Nothing to
// invalidate: each request's loader makes a new object, and the entry goes with it.
type BucketRows = {
  readonly overdue: readonly FollowUpRow[]
  readonly today: readonly FollowUpRow[]
  readonly upcoming: readonly FollowUpRow[]
  /** /follow-ups' group beyond the start page's window (decision 199) */
  readonly later?: readonly FollowUpRow[]
}
const loaderRows = new WeakMap<object, BucketRows>()

/** `holder` (the packed buckets the loader returns), with its buckets' rows kept for the same request's server render. */
export function withRowsForRender<T extends object>(holder: T, rows: BucketRows): T {
  loaderRows.set(holder, rows)
  return holder
}

/** The rows the loader kept with `holder` for `bucket` (on the server, during the request's render), else undefined. */
export function rowsForRender(holder: object, bucket: keyof BucketRows): readonly FollowUpRow[] | undefined {
  return loaderRows.get(holder)?.[bucket]
}

/** The packed text → the rows, each with its due day as `dueDate`. */
export function unpackFollowUpRows(text: PackedFollowUpRows): FollowUpRow[] {
  return (JSON.parse(text) as RowFields[]).map(rowFrom)
}
