import { Form, useNavigation } from '@remix-run/react'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { Button } from '#app/components/ui/button.tsx'
import { ListLink, useListLinkClick } from '#app/components/ui/list-link.tsx'
import { Table } from '#app/components/ui/table.tsx'
import { formatDay } from '#app/utils/format.ts'
import { translateEach, translateOnce } from '#app/utils/translate-once.ts'

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

/**
 * The bucket's rows in one form: each row's "Erledigt" is a submit button that posts its own
 * follow-up id (name/value of the button pressed, with or without JavaScript), instead of a form
 * per row — a Remix `<Form>` resolves its action and subscribes to the navigation, ≈ 75 times on a
 * busy counsellor's start page (issue 19). Labels repeat from row to row: translated once each,
 * the button's name with the row's code once per list (`translateEach`). The links are plain
 * anchors with one click handler (decision 063), and the buttons say they are busy from one look at
 * the navigation: what `SubmitButton` without an intent does in each row.
 */
function FollowUpRows({ caption, rows }: { caption: string; rows: FollowUpRow[] }) {
  const { t: translate, i18n } = useTranslation('contacts')
  const t = useMemo(() => translateOnce(translate), [translate])
  const doneFor = translateEach(translate, 'home.followUps.doneFor', 'code')
  const onLinkClick = useListLinkClick()
  const busy = useNavigation().state === 'submitting' || undefined
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="follow-up-done" />
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
              <ListLink to={`/cases/${row.caseId}`} className="code" onClick={onLinkClick}>
                {row.caseCode}
              </ListLink>
            </th>
            <td>{formatDay(row.dueDate, i18n.language)}</td>
            <td>
              {row.source === 'CONTACT' && row.contactId ? (
                <ListLink to={`/cases/${row.caseId}/contacts/${row.contactId}`} onClick={onLinkClick}>
                  {t('home.followUps.sources.CONTACT')}
                </ListLink>
              ) : (
                t(`home.followUps.sources.${row.source}`, { defaultValue: row.source })
              )}
            </td>
            <td>{row.nextStep ?? <span className="muted">–</span>}</td>
            <td>
              <Button variant="secondary" name="followUpId" value={row.id} aria-disabled={busy} aria-label={doneFor(row.caseCode)}>
                {t('home.followUps.done')}
              </Button>
            </td>
          </tr>
        ))}
      </Table>
    </Form>
  )
}
