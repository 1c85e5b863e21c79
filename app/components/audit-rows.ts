// The audit log's rows as pre-built markup (decision 161, after decisions 072 and 079): 50 events a page,
// each row eight or nine React elements, the whole of the page's table. The markup is what React wrote
// for the rows, byte for byte (`audit-rows.test.tsx` renders the former JSX and compares): every text and
// attribute escaped as React escapes it, an empty comment between two adjacent texts as React's server
// rendering writes it. The rows have no links or controls. Client-safe: the browser builds the same string.
import { texts } from './prebuilt-html.ts'
import { type PrebuiltRows } from './ui/table.tsx'

export type AuditRowView = {
  id: number
  /** the instant as ISO text */
  at: string
  userName: string | null
  actionLabel: string
  object: string
  code: string | null
  outcome: string
  outcomeLabel: string
  emergency: boolean
  details: string
}

/** What a row shows besides the event's own texts, in the page's language: each a plain text (escaped here). */
export type AuditRowTexts = {
  /** the instant as the page shows it */
  at: (at: string) => string
  /** the user of an event without one */
  system: string
  /** the badge of an emergency access */
  emergency: string
}

/** The events' rows: instant, user, action (with the emergency badge), object, code, outcome, details. */
export function auditRowsHtml(events: readonly AuditRowView[], text: AuditRowTexts): PrebuiltRows {
  const system = texts(text.system)
  const badge = `<span class="badge badge-error">${texts(text.emergency)}</span>`
  let html = ''
  for (const event of events) {
    html +=
      `<tr${event.emergency ? ' class="audit-emergency"' : ''}><td>${texts(text.at(event.at))}</td>` +
      `<td>${event.userName === null ? system : texts(event.userName)}</td>` +
      `<td>${event.emergency ? texts(event.actionLabel, ' ') + badge : texts(event.actionLabel)}</td>` +
      `<td>${texts(event.object)}</td><td class="code">${texts(event.code ?? '')}</td>` +
      `<td><span class="${event.outcome === 'SUCCESS' ? 'badge' : 'badge badge-warning'}">${texts(event.outcomeLabel)}</span></td>` +
      `<td class="audit-details">${texts(event.details)}</td></tr>`
  }
  return html as PrebuiltRows
}
