import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { formatDateTime } from '#app/utils/format.ts'
import { Link } from '#app/components/ui/link.tsx'

export type InboxRow = {
  id: string
  at: string | Date
  note: string | null
  assignedBy: string | null
  caseId: string
  caseCode: string
}

/** "Assigned to you": new assignments until the counsellor marks them read. */
export function AssignmentInbox({ rows, total }: { rows: InboxRow[]; total: number }) {
  const { t, i18n } = useTranslation('contacts')
  return (
    <section className="card stack" aria-labelledby="inbox-heading">
      <h2 id="inbox-heading">
        {t('home.inbox.title')} {total > 0 ? <span className="badge badge-warning">{total}</span> : null}
      </h2>
      {rows.length === 0 ? (
        <p className="muted">{t('home.inbox.empty')}</p>
      ) : (
        <>
          <ul className="inbox-list">
            {rows.map((row) => (
              <li key={row.id} className="inbox-item">
                <div>
                  <Link to={`/cases/${row.caseId}`} className="code">
                    {row.caseCode}
                  </Link>{' '}
                  <span className="muted">
                    {row.assignedBy
                      ? t('home.inbox.assignedBy', {
                          name: row.assignedBy,
                          at: formatDateTime(row.at, i18n.language),
                        })
                      : t('home.inbox.assignedAt', { at: formatDateTime(row.at, i18n.language) })}
                  </span>
                  {row.note ? <p className="inbox-note">{row.note}</p> : null}
                </div>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="assignment-read" />
                  <input type="hidden" name="assignmentId" value={row.id} />
                  <SubmitButton
                    variant="secondary"
                    aria-label={t('home.inbox.markReadFor', { code: row.caseCode })}
                  >
                    {t('home.inbox.markRead')}
                  </SubmitButton>
                </Form>
              </li>
            ))}
          </ul>
          {total > rows.length ? (
            <p className="muted">{t('home.inbox.more', { count: total - rows.length })}</p>
          ) : null}
          <Form method="post">
            <input type="hidden" name="intent" value="assignments-read-all" />
            <SubmitButton variant="secondary">{t('home.inbox.markAllRead')}</SubmitButton>
          </Form>
        </>
      )}
    </section>
  )
}
