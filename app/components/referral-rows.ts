// /referrals' table as pre-built rows (decision 072, as /team's; decision 079): 50 rows of eight
// cells, the code a link, a status badge and up to three notes — ≈ 750 React elements the server
// rendered and the browser hydrated on every view. Byte for byte the markup React wrote for them
// (`referral-rows.test.tsx` compares both); the links are followed within the app by one click
// handler on the table body (`useListClick`), without JavaScript they are ordinary links.
// Client-safe.
import { referralStatusBadgeClass } from './referral-fields.tsx'
import { escapeHtml, texts } from './prebuilt-html.ts'
import { type PrebuiltRows } from './ui/table.tsx'

export type OpenReferralRowView = {
  id: string
  caseId: string
  pseudonymCode: string
  partnerName: string | null
  kind: string
  status: string
  sentAt: string | Date
  waitingSoFar: number | null
  overThreshold: boolean
  consentFlagged: boolean
  crisis: boolean
  counsellorName: string | null
}

/** What a row shows, in the page's language: each a plain text (escaped here). */
export type OpenReferralRowTexts = {
  kind: (kind: string) => string
  status: (status: string) => string
  sentAt: (sentAt: string | Date) => string
  waitingDays: (days: number) => string
  /** shown, muted, when the referral does not wait (any more) */
  notWaiting: string
  overThreshold: string
  consentFlagged: string
  crisis: string
  unassigned: string
}

/**
 * The open referrals' rows: the case's code linking to the referral, partner, kind, status badge,
 * sent date, days waited, the notes (over the team's threshold, consent withdrawn, crisis) and,
 * for a team lead, the counsellor.
 */
export function openReferralRowsHtml(rows: readonly OpenReferralRowView[], text: OpenReferralRowTexts, { withCounsellor }: { withCounsellor: boolean }): PrebuiltRows {
  let html = ''
  for (const row of rows) {
    const href = `/cases/${row.caseId}/referrals/${row.id}`
    html +=
      `<tr${row.overThreshold || row.consentFlagged ? ' class="row-flagged"' : ''}>` +
      `<th scope="row"><a class="code" data-discover="true" href="${escapeHtml(href)}">${texts(row.pseudonymCode)}</a></th>` +
      `<td>${texts(row.partnerName ?? '—')}</td><td>${texts(text.kind(row.kind))}</td>` +
      `<td><span class="${referralStatusBadgeClass(row.status)}">${texts(text.status(row.status))}</span></td>` +
      `<td>${texts(text.sentAt(row.sentAt))}</td>` +
      `<td class="num">${row.waitingSoFar === null ? `<span class="muted">${texts(text.notWaiting)}</span>` : texts(text.waitingDays(row.waitingSoFar))}</td>` +
      '<td><ul class="badge-list">' +
      (row.overThreshold ? `<li><span class="badge badge-warning">${texts(text.overThreshold)}</span></li>` : '') +
      (row.consentFlagged ? `<li><span class="badge badge-error">${texts(text.consentFlagged)}</span></li>` : '') +
      (row.crisis ? `<li><span class="badge badge-error">${texts(text.crisis)}</span></li>` : '') +
      '</ul></td>' +
      (withCounsellor ? `<td>${texts(row.counsellorName ?? text.unassigned)}</td>` : '') +
      '</tr>'
  }
  return html as PrebuiltRows
}
