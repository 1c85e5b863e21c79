// /language-mediation's open requests as pre-built rows (decision 072, as /team's; decision 079): 50
// rows of seven cells with the code as a named link — ≈ 450 React elements the server rendered and
// the browser hydrated on every view. Byte for byte the markup React wrote for them
// (`mediation-rows.test.tsx` compares both); the links are followed within the app by one click
// handler on the table body (`useListClick`), without JavaScript they are ordinary links.
// Client-safe.
import { type OpenMediationRow } from '#app/domain/mediation-lifecycle.ts'
import { centsFormatter, hoursOfMinutesFormatter, numberFormatter } from '#app/utils/format.ts'
import { escapeHtml, texts } from './prebuilt-html.ts'
import { type PrebuiltRows } from './ui/table.tsx'

export type OpenMediationRowView = OpenMediationRow

/** What a row shows, in the page's language: each a plain text (escaped here). */
export type OpenMediationRowTexts = {
  /** the link's name: "open the language mediation of case <code>" */
  openCase: (code: string) => string
  requestedAt: (requestedAt: string) => string
  number: (value: number) => string
  mode: (mode: string) => string
  status: (status: string) => string
  noProvider: string
}

/** The open requests' rows: the case's code linking to the request, requested on, days waited, language, mode, provider, status. */
export function openMediationRowsHtml(rows: readonly OpenMediationRowView[], text: OpenMediationRowTexts): PrebuiltRows {
  let html = ''
  for (const row of rows) {
    const href = `/cases/${row.caseId}/mediation/${row.id}`
    html +=
      `<tr><td><a class="code" aria-label="${escapeHtml(text.openCase(row.code))}" data-discover="true" href="${escapeHtml(href)}">${texts(row.code)}</a></td>` +
      `<td>${texts(text.requestedAt(row.requestedAt))}</td><td class="num">${texts(text.number(row.waitingDays))}</td>` +
      `<td>${texts(row.language)}</td><td>${texts(text.mode(row.mode))}</td>` +
      `<td>${texts(row.provider ?? text.noProvider)}</td><td>${texts(text.status(row.status))}</td></tr>`
  }
  return html as PrebuiltRows
}

/** A figure row of /language-mediation's tables: a month's, language's, mode's or cost bearer's. */
export type MediationFigureRowView = { label: string; count: number; minutes: number; costCents: number }

/** The figures in the page's language (number, hours with one or two decimals, euros). */
export type MediationFigureTexts = {
  count: (value: number) => string
  hours: (minutes: number) => string
  cost: (cents: number) => string
}

/** The page's figure formatters for a language, each looked up once (not once per cell). */
export function mediationFigureTexts(lng: string): MediationFigureTexts {
  // Hours and euros written from their whole hundredths with Intl's separators, checked against Intl
  // (app/utils/format.ts): the same texts as `numberFormatter(lng, { minimumFractionDigits: 1,
  // maximumFractionDigits: 2 })` of minutes ÷ 60 and formatCents, without an Intl call per cell (session 27).
  return { count: numberFormatter(lng), hours: hoursOfMinutesFormatter(lng), cost: centsFormatter(lng) }
}

/**
 * The figure tables' rows (per month, language, mode and cost bearer): the label as the row's header,
 * then assignments, hours and cost — ≈ 55 rows of five elements that React rendered and the browser
 * hydrated on every view. Byte for byte React's markup (`mediation-rows.test.tsx`).
 */
export function mediationFigureRowsHtml(rows: readonly MediationFigureRowView[], text: MediationFigureTexts): PrebuiltRows {
  let html = ''
  for (const row of rows) {
    html +=
      `<tr><th scope="row">${texts(row.label)}</th><td class="num">${texts(text.count(row.count))}</td>` +
      `<td class="num">${texts(text.hours(row.minutes))}</td><td class="num">${texts(text.cost(row.costCents))}</td></tr>`
  }
  return html as PrebuiltRows
}
