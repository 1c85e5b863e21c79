import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { formatDate } from '#app/utils/format.ts'

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

/** The case list as a table: one row per case, the code links to the case file. */
export function CaseListTable({ cases, caption }: { cases: CaseListItem[]; caption: string }) {
  const { t, i18n } = useTranslation('cases')
  const lng = i18n.language
  return (
    <div className="table-wrap">
      <table className="case-list">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('list.columns.code')}</th>
            <th scope="col">{t('list.columns.status')}</th>
            <th scope="col">{t('list.columns.programme')}</th>
            <th scope="col">{t('list.columns.kind')}</th>
            <th scope="col">{t('list.columns.counsellor')}</th>
            <th scope="col">{t('list.columns.opened')}</th>
            <th scope="col">{t('list.columns.lastContact')}</th>
            <th scope="col">{t('list.columns.nextFollowUp')}</th>
          </tr>
        </thead>
        <tbody>
          {cases.map((kase) => (
            <tr key={kase.id}>
              <th scope="row">
                <Link to={`/cases/${kase.id}`} className="code">
                  {kase.pseudonymCode}
                </Link>
              </th>
              <td>
                <span className={statusBadge[kase.status] ?? 'badge'}>
                  {t(`codes:caseStatus.${kase.status}`)}
                </span>
              </td>
              <td>{t(`codes:programme.${kase.programme}`)}</td>
              <td>{t(`codes:caseKind.${kase.kind}`)}</td>
              <td>{kase.counsellorName ?? <em>{t('list.unassigned')}</em>}</td>
              <td>{formatDate(kase.openedAt, lng)}</td>
              <td>{kase.lastContactAt ? formatDate(kase.lastContactAt, lng) : t('common:none')}</td>
              <td>
                {kase.nextFollowUp ? (
                  kase.followUpOverdue ? (
                    <span className="badge badge-error">
                      {t('list.overdueOn', { date: formatDate(kase.nextFollowUp, lng) })}
                    </span>
                  ) : (
                    formatDate(kase.nextFollowUp, lng)
                  )
                ) : (
                  t('common:none')
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
