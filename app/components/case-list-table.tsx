import { Link } from '@remix-run/react'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { Table } from '#app/components/ui/table.tsx'
import { CASE_KINDS, CASE_STATUSES, PROGRAMMES } from '#app/domain/codes.ts'
import { dateTimeFormatter } from '#app/utils/format.ts'

export type CaseListItem = {
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

const statusBadge: Record<string, string> = {
  OPEN: 'badge badge-info',
  ACTIVE: 'badge badge-success',
  PAUSED: 'badge badge-warning',
  CLOSED: 'badge',
}

/**
 * One formatter and one label lookup per render instead of per cell: constructing an
 * Intl.DateTimeFormat costs more than formatting with it, and 25 rows × 3 dates made the date
 * formatting alone most of the page's server time at 100,000 cases. Same output as formatDate
 * (app/utils/format.ts).
 */
function useCellFormat() {
  const { t, i18n } = useTranslation('cases')
  const lng = i18n.language
  return useMemo(() => {
    const date = dateTimeFormatter(lng)
    const labels = (list: readonly string[], prefix: string) =>
      new Map(list.map((code) => [code, t(`codes:${prefix}.${code}`)]))
    return {
      date,
      status: labels(CASE_STATUSES, 'caseStatus'),
      programme: labels(PROGRAMMES, 'programme'),
      kind: labels(CASE_KINDS, 'caseKind'),
      none: t('common:none'),
      unassigned: t('list.unassigned'),
    }
  }, [t, lng])
}

/** The case list as a table: one row per case, the code links to the case file. */
export function CaseListTable({ cases, caption }: { cases: CaseListItem[]; caption: string }) {
  const { t } = useTranslation('cases')
  const format = useCellFormat()
  const columns = [t('list.columns.code'), t('list.columns.status'), t('list.columns.programme'), t('list.columns.kind'), t('list.columns.counsellor'), t('list.columns.opened'), t('list.columns.lastContact'), t('list.columns.nextFollowUp')]
  // Below 600 px each row is a card and each cell shows its column's name (data-label, app.css).
  const [, status, programme, kind, counsellor, opened, lastContact, nextFollowUp] = columns
  return (
    // Focusable, named region: on narrow screens the table scrolls inside it with the arrow keys.
    <Table caption={caption} className="case-list case-list-cards" region={{ label: caption }} columns={columns}>
      {cases.map((kase) => (
        <tr key={kase.id}>
          <th scope="row">
            <Link to={`/cases/${kase.id}`} className="code">
              {kase.pseudonymCode}
            </Link>
          </th>
          <td data-label={status}>
            <span className={statusBadge[kase.status] ?? 'badge'}>
              {format.status.get(kase.status) ?? kase.status}
            </span>
          </td>
          <td data-label={programme}>{format.programme.get(kase.programme) ?? kase.programme}</td>
          <td data-label={kind}>{format.kind.get(kase.kind) ?? kase.kind}</td>
          <td data-label={counsellor}>{kase.counsellorName ?? <em>{format.unassigned}</em>}</td>
          <td data-label={opened}>{format.date(kase.openedAt)}</td>
          <td data-label={lastContact}>{kase.lastContactAt ? format.date(kase.lastContactAt) : format.none}</td>
          <td data-label={nextFollowUp}>
            {kase.nextFollowUp ? (
              kase.followUpOverdue ? (
                <span className="badge badge-error">
                  {t('list.overdueOn', { date: format.date(kase.nextFollowUp) })}
                </span>
              ) : (
                format.date(kase.nextFollowUp)
              )
            ) : (
              format.none
            )}
          </td>
        </tr>
      ))}
    </Table>
  )
}
