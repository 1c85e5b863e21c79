// What the pre-built rows and entries of long lists have in common (decision 072: /team; decision 080: the case
// file's timeline and the start page's follow-ups; decisions 078 and 079: the case list, referrals and
// language mediation): texts and attributes escaped as React escapes them, and adjacent texts separated
// as React's server rendering separates them. Client-safe.
import { escapeHtml } from './ui/option-list.ts'
import { type PrebuiltRows } from './ui/table.tsx'

/**
 * Adjacent texts as React's server rendering writes them: escaped, empty ones left out (React writes
 * nothing for an empty text), `<!-- -->` between two that follow each other without an element between.
 */
export function texts(...parts: string[]): string {
  let html = ''
  for (const part of parts) {
    if (part === '') continue
    html += html === '' ? escapeHtml(part) : `<!-- -->${escapeHtml(part)}`
  }
  return html
}

export { escapeHtml }

// A document's hydration data may leave a pre-built table's rows out (decision 113: /team's tables; decision 161:
// /referrals', /language-mediation's and the audit log's): the page's markup already holds them, and the browser
// reads them back from it while it hydrates. A `.data` answer (a client-side navigation, a revalidation) carries them.

// per loader-data object, each of its bodies by name (one holder may leave several lists out)
const readBack = new WeakMap<object, Map<string, { html: PrebuiltRows; rows: number }>>()
// the last few built bodies and their parse: a page's bodies (/team's two, /language-mediation's five) in one or two
// languages
const parsed = new Map<string, PrebuiltRows>()
const PARSED_KEPT = 10

/**
 * A table body's markup for `Table`: `build()` when the loader data carry the rows; otherwise the body
 * the server wrote, read back from the page (`tbody()`, found while the page hydrates, before React
 * changes anything there) and kept per loader-data object (`holder`). Built markup is built on every
 * render, as before decision 113 — its labels follow the language (a language switch renders the same
 * data again in the new language) — and in the browser passed once through the parser: the body read
 * back is the browser's serialisation of the server's string (`<br>` for `<br/>`, …), so the same rows
 * must give that same string, or React would write the body anew (and drop checked boxes) at the
 * first revalidation that leaves the rows as they were. The parse is in a `<template>` (inert: nothing
 * in it loads or runs) and is skipped while the built string stays the same. `part` names the body
 * when one holder leaves several lists out (/language-mediation's figure tables).
 */
export function rowsMarkup(
  holder: object,
  rows: readonly unknown[] | undefined,
  build: () => PrebuiltRows,
  tbody: () => HTMLTableSectionElement | null | undefined,
  part = '',
): { html: PrebuiltRows; rows: number } {
  if (rows === undefined) {
    if (typeof document === 'undefined') throw new Error('rowsMarkup: the rows are left out only of what the browser gets')
    let bodies = readBack.get(holder)
    if (!bodies) {
      bodies = new Map()
      readBack.set(holder, bodies)
    }
    let body = bodies.get(part)
    if (!body) {
      const element = tbody()
      if (!element) throw new Error('rowsMarkup: no table body to read the rows back from')
      body = { html: element.innerHTML as PrebuiltRows, rows: element.rows.length }
      bodies.set(part, body)
    }
    return body
  }
  const source = build()
  if (typeof document === 'undefined') return { html: source, rows: rows.length }
  return { html: parsedRows(source), rows: rows.length }
}

function parsedRows(source: string): PrebuiltRows {
  let html = parsed.get(source)
  if (html === undefined) {
    const template = document.createElement('template')
    template.innerHTML = source
    html = template.innerHTML as PrebuiltRows
    if (parsed.size >= PARSED_KEPT) parsed.delete(parsed.keys().next().value!)
    parsed.set(source, html)
  }
  return html
}
