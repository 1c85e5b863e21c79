import { Form, Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { Table } from '#app/components/ui/table.tsx'
import { formatDay } from '#app/utils/format.ts'

export type FollowUpRow = {
  id: string
  dueDate: string | Date
  source: string
  contactId: string | null
  /** the contact's "Nächster Schritt" or the manual follow-up's text */
  nextStep: string | null
  caseId: string
  caseCode: string
}

/** One bucket of the start page's follow-ups (overdue, today, next days) as a table. */
export function FollowUpTable({
  caption,
  rows,
  empty,
  tone,
}: {
  caption: string
  rows: FollowUpRow[]
  empty: string
  tone?: 'overdue'
}) {
  return (
    <div className="stack follow-up-bucket">
      <h3 className={tone === 'overdue' && rows.length > 0 ? 'heading-overdue' : undefined}>
        {caption}{' '}
        <span className={tone === 'overdue' && rows.length > 0 ? 'badge badge-error' : 'badge'}>
          {rows.length}
        </span>
      </h3>
      {rows.length === 0 ? <p className="muted">{empty}</p> : <FollowUpRows caption={caption} rows={rows} />}
    </div>
  )
}

function FollowUpRows({ caption, rows }: { caption: string; rows: FollowUpRow[] }) {
  const { t, i18n } = useTranslation('contacts')
  return (
    <Table caption={caption} hideCaption columns={[
        t('home.followUps.case'),
        t('home.followUps.due'),
        t('home.followUps.source'),
        t('home.followUps.nextStep'),
        t('home.followUps.action'),
      ]}>
      {rows.map((row) => (
        <tr key={row.id}>
          <th scope="row">
            <Link to={`/cases/${row.caseId}`} className="code">
              {row.caseCode}
            </Link>
          </th>
          <td>{formatDay(row.dueDate, i18n.language)}</td>
          <td>
            {row.source === 'CONTACT' && row.contactId ? (
              <Link to={`/cases/${row.caseId}/contacts/${row.contactId}`}>
                {t('home.followUps.sources.CONTACT')}
              </Link>
            ) : (
              t(`home.followUps.sources.${row.source}`, { defaultValue: row.source })
            )}
          </td>
          <td>{row.nextStep ?? <span className="muted">–</span>}</td>
          <td>
            <Form method="post" className="inline-form">
              <input type="hidden" name="intent" value="follow-up-done" />
              <input type="hidden" name="followUpId" value={row.id} />
              <SubmitButton
                variant="secondary"
                aria-label={t('home.followUps.doneFor', { code: row.caseCode })}
              >
                {t('home.followUps.done')}
              </SubmitButton>
            </Form>
          </td>
        </tr>
      ))}
    </Table>
  )
}
