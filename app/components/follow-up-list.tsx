import { Form, useNavigation } from '@remix-run/react'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { useListClick } from '#app/components/ui/list-link.tsx'
import { Table } from '#app/components/ui/table.tsx'
import { formatDay } from '#app/utils/format.ts'
import { translateEach, translateOnce } from '#app/utils/translate-once.ts'
import { followUpRowsHtml, type FollowUpRow } from './follow-up-rows.ts'

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
 * busy counsellor's start page (issue 19). The rows are pre-built markup (decision 080,
 * `follow-up-rows.ts`) with one click handler for their links; labels repeat from row to row:
 * translated once each, the button's name with the row's code once per list (`translateEach`). The
 * buttons say they are busy from one look at the navigation: what `SubmitButton` without an intent
 * does in each row.
 */
function FollowUpRows({ caption, rows }: { caption: string; rows: FollowUpRow[] }) {
  const { t: translate, i18n } = useTranslation('contacts')
  const t = useMemo(() => translateOnce(translate), [translate])
  const onClick = useListClick()
  const busy = useNavigation().state === 'submitting'
  const lng = i18n.language
  const html = useMemo(
    () =>
      followUpRowsHtml(rows, {
        due: (date) => formatDay(date, lng),
        source: (source) => t(`home.followUps.sources.${source}`, { defaultValue: source }),
        contact: t('home.followUps.sources.CONTACT'),
        doneFor: translateEach(t, 'home.followUps.doneFor', 'code'),
        done: t('home.followUps.done'),
        busy,
      }),
    [rows, t, lng, busy],
  )
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="follow-up-done" />
      <Table
        caption={caption}
        hideCaption
        columns={[
          t('home.followUps.case'),
          t('home.followUps.due'),
          t('home.followUps.source'),
          t('home.followUps.nextStep'),
          t('home.followUps.action'),
        ]}
        body={{ html, onClick }}
      />
    </Form>
  )
}
