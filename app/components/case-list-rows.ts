// The case list's rows as pre-built markup (decision 072, as /team's queue and workload): 25 rows
// of a code link, a status badge, five facts and the next follow-up were ≈ 300 of the page's React
// elements, each cell with its column's name for the narrow layout (issue 19, session 13). The rows
// are the markup React wrote for them, byte for byte (`case-list-rows.test.tsx` compares both),
// built from the same texts; the code links are followed within the app by one click handler on
// the table body (`useListClick`), without JavaScript they are ordinary links. Client-safe.
import { escapeHtml, texts } from './prebuilt-html.ts'
import { type PrebuiltRows } from './ui/table.tsx'

export type CaseListRowView = {
  id: string
  pseudonymCode: string
  status: string
  programme: string
  kind: string
  counsellorName: string | null
  openedAt: string
  lastContactAt: string | null
  nextFollowUp: string | null
  followUpOverdue: boolean
}

/** What a row shows, in the page's language: each a plain text (escaped here). */
export type CaseListRowTexts = {
  /** the column names, shown per cell in the narrow layout (`data-label`) */
  columns: { status: string; programme: string; kind: string; counsellor: string; opened: string; lastContact: string; nextFollowUp: string }
  status: (code: string) => string
  programme: (code: string) => string
  kind: (code: string) => string
  date: (value: string) => string
  overdueOn: (date: string) => string
  /** a case without a counsellor (in the queue) */
  unassigned: string
  /** an empty date */
  none: string
}

const statusBadge: Record<string, string> = {
  OPEN: 'badge badge-info',
  ACTIVE: 'badge badge-success',
  PAUSED: 'badge badge-warning',
  CLOSED: 'badge',
}

/** The rows: the code linking to the case file, then status, programme, kind, counsellor and three dates. */
export function caseListRowsHtml(rows: readonly CaseListRowView[], text: CaseListRowTexts): PrebuiltRows {
  // The column names are the same in every row: escaped once.
  const label = (name: string) => ` data-label="${escapeHtml(name)}"`
  const status = label(text.columns.status)
  const programme = label(text.columns.programme)
  const kind = label(text.columns.kind)
  const counsellor = label(text.columns.counsellor)
  const opened = label(text.columns.opened)
  const lastContact = label(text.columns.lastContact)
  const nextFollowUp = label(text.columns.nextFollowUp)
  const none = texts(text.none)
  let html = ''
  for (const row of rows) {
    const next =
      row.nextFollowUp === null || row.nextFollowUp === ''
        ? none
        : row.followUpOverdue
          ? `<span class="badge badge-error">${texts(text.overdueOn(text.date(row.nextFollowUp)))}</span>`
          : texts(text.date(row.nextFollowUp))
    html +=
      `<tr><th scope="row"><a class="code" data-discover="true" href="/cases/${escapeHtml(row.id)}">${texts(row.pseudonymCode)}</a></th>` +
      `<td${status}><span class="${statusBadge[row.status] ?? 'badge'}">${texts(text.status(row.status))}</span></td>` +
      `<td${programme}>${texts(text.programme(row.programme))}</td><td${kind}>${texts(text.kind(row.kind))}</td>` +
      `<td${counsellor}>${row.counsellorName === null ? `<em>${texts(text.unassigned)}</em>` : texts(row.counsellorName)}</td>` +
      `<td${opened}>${texts(text.date(row.openedAt))}</td>` +
      `<td${lastContact}>${row.lastContactAt === null || row.lastContactAt === '' ? none : texts(text.date(row.lastContactAt))}</td>` +
      `<td${nextFollowUp}>${next}</td></tr>`
  }
  return html as PrebuiltRows
}
