import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { optionsOf, packQueueRows, queueRowsHtml, rowsMarkup, TeamRowTexts, unpackQueueRows } from '#app/components/team-rows.ts'
import { ErrorList } from '#app/components/ui/field.tsx'
import { QueueAssignButton, QueueAssignFields, QueueAssignOutcome } from '#app/components/queue-assign-fields.tsx'
import { Link } from '#app/components/ui/link.tsx'
import { useListClick } from '#app/components/ui/list-link.tsx'
import { PageNavigation } from '#app/components/ui/page-navigation.tsx'
import { Table } from '#app/components/ui/table.tsx'
import { inMarkupOnly, listAssignableWithOpenCases } from '#app/models/team-lead.server.ts'
import { assignQueueSubmission, getQueuePage } from '#app/models/team-queue.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { formatDay, numberFormatter } from '#app/utils/format.ts'
import { getFixedT } from '#app/utils/i18n.server.ts'
import { readFormData } from '#app/utils/request.server.ts'
import { translateOnce } from '#app/utils/translate-once.ts'

// /team/queue — every case of the team lead's team that waits for a counsellor, 50 a page, in the order of /team's
// queue (longest wait first, decision 143), with /team's assignment of several at once (decision 222). /team shows
// the first 50 and links here; the counsellors' /team/waiting (decision 145) stays theirs. The same checks as
// /team's: the lead's own team only (the cases and the people), the assignee active in the team as counsellor or
// team lead, a case assigned meanwhile reported and left as it is (`assignFromQueue`), each assignment audited.
// Since decision 225 it is the one place where the lead assigns from the queue (/team shows the queue's figures):
// the assignee select names each person's open cases and absence, and stands above the table.
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.title ?? ''} · Wegbegleiter` },
]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, 'TEAM_LEAD')
  const t = await getFixedT(request, 'team')
  const requested = Number(new URL(request.url).searchParams.get('page') ?? '1')
  const queue = await getQueuePage(user, Number.isFinite(requested) ? requested : 1)
  // Each person's open cases as /team's workload counts them (decision 225), for the assignee select; an empty queue
  // has no select, so its people are not read.
  const assignable = queue.total === 0 ? [] : await listAssignableWithOpenCases(user.teamId)
  // The page's rows packed and left out of a document's hydration data, as /team's were (decisions 084, 113, 226):
  // the browser reads them back from the markup; the server's render and a `.data` answer have them. So are the
  // assignable people: the browser reads the select's options back (`optionsOf`).
  return inMarkupOnly({
    title: t('queuePage.title'),
    queue: inMarkupOnly({ ...queue, rows: packQueueRows(queue.rows), shown: queue.rows.length }, ['rows']),
    assignable: assignable.map(({ id, displayName, languages, absentUntil, absentFrom, openCases }) => ({
      id,
      displayName,
      languages,
      absentUntil: absentUntil?.toISOString() ?? null,
      absentFrom: absentFrom?.toISOString() ?? null,
      openCases,
    })),
  }, ['assignable'])
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, 'TEAM_LEAD')
  const { status, result, outcome } = await assignQueueSubmission(user, await readFormData(request))
  if (status !== 200) return data({ result, outcome }, { status })
  return { result, outcome }
}

export default function TeamQueuePage() {
  const { t, i18n } = useTranslation('team')
  const data = useLoaderData<typeof loader>()
  const { title, queue, assignable } = data
  const label = useMemo(() => translateOnce(t), [t])
  const onRowsClick = useListClick()
  const actionData = useActionData<typeof action>()
  const errors = actionData?.result?.error
  const language = i18n.language
  // The rows as pre-built markup (decision 072, moved here from /team by decision 226): the same texts as React's rows,
  // each label asked of i18next once per render. After a document load they are read back from the table's body.
  // The page's whole numbers by one formatter looked up once (`formatNumber` looks it up per call: ≈ 7 µs each, 31
  // calls a view with the select's figures).
  const number = numberFormatter(language)
  const rowTexts = TeamRowTexts.forRender(t, label, language, number)
  const rowsGiven = queue.rows as typeof queue.rows | undefined
  const body =
    queue.shown === 0
      ? null
      : rowsMarkup(
          queue,
          rowsGiven,
          () => queueRowsHtml(unpackQueueRows(queue.rows), rowTexts),
          () => document.getElementById('queue-form')?.querySelector('tbody'),
        )
  // "51–100 von 159": where this page is in the whole queue. A page whose every row was assigned between the page's
  // two statements says "0 von 159".
  const caption =
    queue.shown > 0
      ? t('queuePage.caption', {
          from: number(queue.first),
          to: number(queue.first + queue.shown - 1),
          total: number(queue.total),
        })
      : t('queue.caption', { shown: number(0), total: number(queue.total) })
  // The select's options: built from the loader data, or after a document load read back from the select (decision
  // 113's way, as /team did). An empty queue has no select.
  const people =
    queue.total === 0
      ? []
      : optionsOf(
          data,
          (assignable as typeof assignable | undefined) !== undefined,
          () => assigneeOptions(assignable, t, number, rowTexts, language),
          'assign-counsellor',
        )
  return (
    <div className="stack">
      <h1>{title}</h1>
      <p>{t('queuePage.intro')}</p>
      <p>
        <Link to="/team#workload">{t('queuePage.toWorkload')}</Link>
      </p>
      <QueueAssignOutcome outcome={actionData?.outcome} />
      {queue.total === 0 ? (
        <p className="alert alert-info">{t('queue.empty')}</p>
      ) : (
        <Form method="post" className="stack" id="queue-form" noValidate>
          {/* Whom to, above the table: the keyboard reaches the select before the rows' 100 stops; the button after
              the rows (decision 225). */}
          <QueueAssignFields people={people} errors={errors} />
          <ErrorList errors={errors?.caseId} id="queue-selection-error" />
          <Table
            caption={caption}
            region={{ label: caption }}
            columns={[
              t('queue.select'),
              t('queue.code'),
              t('queue.programme'),
              t('queue.kind'),
              t('queue.languages'),
              { label: t('queue.age'), className: 'num' },
              t('queue.place'),
              t('queue.waiting'),
            ]}
            body={{ html: body?.html ?? ('' as NonNullable<typeof body>['html']), onClick: onRowsClick }}
          />
          <QueueAssignButton />
        </Form>
      )}
      <PageNavigation page={queue.page} pages={queue.pages} href={pageLink} />
      <p>
        <Link to="/team">{t('queuePage.back')}</Link>
      </p>
    </div>
  )
}

/**
 * "Anna Beispiel (Arabisch) — 23 offene Fälle — abwesend bis 12.12.2026": the load in the option's own text, read by
 * screen readers and shown without JavaScript (decision 225). Equal counts share their text: each asked of i18next
 * once per render.
 */
function assigneeOptions(
  assignable: ReadonlyArray<{ id: string; displayName: string; languages: string[]; absentUntil: string | null; absentFrom: string | null; openCases: number }>,
  t: (key: string, options: Record<string, string | number>) => string,
  number: (value: number) => string,
  rowTexts: TeamRowTexts,
  language: string,
) {
  const openCasesTexts = new Map<number, string>()
  const options: Array<{ value: string; label: string }> = []
  for (const person of assignable) {
    let text = person.displayName
    if (person.languages.length) text += ` (${rowTexts.languages(person.languages)})`
    text += ` — ${openCasesText(t, number, openCasesTexts, person.openCases)}`
    if (person.absentUntil) text += ` — ${t('queue.absent', { date: formatDay(new Date(person.absentUntil), language) })}`
    if (person.absentFrom) text += ` — ${t('queue.absentFrom', { date: formatDay(new Date(person.absentFrom), language) })}`
    options.push({ value: person.id, label: text })
  }
  return options
}

/** "23 offene Fälle": a person's open cases in the select, kept in `texts` by the count for the render. */
function openCasesText(
  t: (key: string, options: { count: number; open: string }) => string,
  number: (value: number) => string,
  texts: Map<number, string>,
  count: number,
) {
  let text = texts.get(count)
  if (text === undefined) {
    text = t('queuePage.openCases', { count, open: number(count) })
    texts.set(count, text)
  }
  return text
}

/** Another page of the queue (its only parameter); the assignment form posts to the page's own address. */
function pageLink(page: number) {
  return page > 1 ? `/team/queue?page=${page}` : '/team/queue'
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
