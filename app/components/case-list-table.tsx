import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { Table } from '#app/components/ui/table.tsx'
import { useListClick } from '#app/components/ui/list-link.tsx'
import { caseListRowsHtml, type CaseListRowTexts, type CaseListRowView } from '#app/components/case-list-rows.ts'
import { rowsMarkup } from '#app/components/prebuilt-html.ts'
import { CASE_KINDS, CASE_STATUSES, PROGRAMMES } from '#app/domain/codes.ts'
import { dateFormatter } from '#app/utils/format.ts'
import { translateEach } from '#app/utils/translate-once.ts'

export type CaseListItem = CaseListRowView

/**
 * One formatter and one label lookup per render instead of per cell: constructing an
 * Intl.DateTimeFormat costs more than formatting with it, and 25 rows × 3 dates made the date
 * formatting alone most of the page's server time at 100,000 cases. Same output as formatDate
 * (app/utils/format.ts).
 */
function useRowTexts(): { columns: string[]; rows: CaseListRowTexts } {
  const { t, i18n } = useTranslation('cases')
  const lng = i18n.language
  return useMemo(() => {
    const labels = (list: readonly string[], prefix: string) => {
      const map = new Map(list.map((code) => [code, t(`codes:${prefix}.${code}`)]))
      return (code: string) => map.get(code) ?? code
    }
    const columns = [t('list.columns.code'), t('list.columns.status'), t('list.columns.programme'), t('list.columns.kind'), t('list.columns.counsellor'), t('list.columns.opened'), t('list.columns.lastContact'), t('list.columns.nextFollowUp')]
    // Below 600 px each row is a card and each cell shows its column's name (data-label, app.css).
    const [, status, programme, kind, counsellor, opened, lastContact, nextFollowUp] = columns as [string, string, string, string, string, string, string, string]
    return {
      columns,
      rows: {
        columns: { status, programme, kind, counsellor, opened, lastContact, nextFollowUp },
        status: labels(CASE_STATUSES, 'caseStatus'),
        programme: labels(PROGRAMMES, 'programme'),
        kind: labels(CASE_KINDS, 'caseKind'),
        date: dateFormatter(lng),
        overdueOn: translateEach(t, 'list.overdueOn', 'date'),
        unassigned: t('list.unassigned'),
        none: t('common:none'),
      },
    }
  }, [t, lng])
}

/**
 * The case list as a table: one row per case, the code links to the case file. The rows are
 * pre-built markup (case-list-rows.ts, decision 072); one handler follows their links in the app.
 * After a document's load `cases` is absent (the loader data of `holder` leave them to the markup,
 * decision 171): the body is read back from the server's markup (`rowsMarkup`, decision 113).
 */
export function CaseListTable({ holder, cases, caption }: { holder: object; cases: CaseListItem[] | undefined; caption: string }) {
  const text = useRowTexts()
  const onRowsClick = useListClick()
  const html = rowsMarkup(holder, cases, caseListRowsHtml.bind(null, cases!, text.rows), caseListBody).html
  return (
    // Focusable, named region: on narrow screens the table scrolls inside it with the arrow keys.
    <Table
      caption={caption}
      className="case-list case-list-cards"
      region={{ label: caption }}
      columns={text.columns}
      body={{ html, onClick: onRowsClick }}
    />
  )
}

// the page's only table
function caseListBody() {
  return document.querySelector<HTMLTableSectionElement>('table.case-list tbody')
}
