import { parseWithZod } from '@conform-to/zod'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { QueueWaiting } from '#app/components/queue-waiting.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { ErrorList } from '#app/components/ui/field.tsx'
import { QueueAssignFields, QueueAssignOutcome } from '#app/components/queue-assign-fields.tsx'
import { Link } from '#app/components/ui/link.tsx'
import { PageNavigation } from '#app/components/ui/page-navigation.tsx'
import { Table } from '#app/components/ui/table.tsx'
import { BulkAssignSchema } from '#app/forms/assignment.ts'
import { assignFromQueue, listAssignableUsers, listAssignableWithOpenCases } from '#app/models/team-lead.server.ts'
import { getQueuePage } from '#app/models/team-queue.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { catalogueLabel, formatDay, formatNumber } from '#app/utils/format.ts'
import { getFixedT } from '#app/utils/i18n.server.ts'
import { languageName } from '#app/utils/iso.ts'
import { readFormData } from '#app/utils/request.server.ts'

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
  const [queue, assignable] = await Promise.all([
    getQueuePage(user, Number.isFinite(requested) ? requested : 1),
    // each person's open cases as /team's workload counts them (decision 225)
    listAssignableWithOpenCases(user.teamId),
  ])
  return {
    title: t('queuePage.title'),
    queue,
    assignable: assignable.map(({ id, displayName, languages, absentUntil, openCases }) => ({
      id,
      displayName,
      languages,
      absentUntil: absentUntil?.toISOString() ?? null,
      openCases,
    })),
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, 'TEAM_LEAD')
  const formData = await readFormData(request)
  const assignable = new Set((await listAssignableUsers(user.teamId)).map((person) => person.id))
  const submission = parseWithZod(formData, {
    schema: BulkAssignSchema.superRefine((value, ctx) => {
      if (value.counsellorId && !assignable.has(value.counsellorId))
        ctx.addIssue({ code: 'custom', path: ['counsellorId'], message: 'team:assign.counsellor' })
    }),
  })
  if (submission.status !== 'success')
    return data({ result: submission.reply(), outcome: null }, { status: 400 })
  // Only cases of the lead's own team are assigned; an id of another team is not revealed, simply not assigned.
  const outcome = await assignFromQueue(
    {
      teamId: user.teamId,
      caseIds: submission.value.caseId,
      counsellorId: submission.value.counsellorId!,
      note: submission.value.note,
    },
    user.id,
  )
  return {
    result: submission.reply({ resetForm: true }),
    outcome: { assigned: outcome.assigned.length, alreadyAssigned: outcome.alreadyAssigned.length },
  }
}

export default function TeamQueuePage() {
  const { t, i18n } = useTranslation('team')
  const { title, queue, assignable } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors = actionData?.result?.error
  const language = i18n.language
  const languageList = (codes: string[]) =>
    codes.map((code) => languageName(code, language)).join(', ') || '–'
  // "51–100 von 159": where this page is in the whole queue. A page whose every row was assigned between the page's
  // two statements says "0 von 159".
  const caption =
    queue.rows.length > 0
      ? t('queuePage.caption', {
          from: formatNumber(queue.first, language),
          to: formatNumber(queue.first + queue.rows.length - 1, language),
          total: formatNumber(queue.total, language),
        })
      : t('queue.caption', { shown: formatNumber(0, language), total: formatNumber(queue.total, language) })
  // "Anna Beispiel (Arabisch) — 23 offene Fälle — abwesend bis 12.12.2026": the load in the option's own text, read
  // by screen readers and shown without JavaScript.
  const people = assignable.map((person) => {
    let label = person.displayName
    if (person.languages.length) label += ` (${languageList(person.languages)})`
    label += ` — ${t('queuePage.openCases', { count: person.openCases, open: formatNumber(person.openCases, language) })}`
    if (person.absentUntil)
      label += ` — ${t('queue.absent', { date: formatDay(new Date(person.absentUntil), language) })}`
    return { value: person.id, label }
  })
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
        <Form method="post" className="stack" noValidate>
          {/* Whom to first, as a bar above the table: the keyboard reaches the select before the rows' 100 stops;
              the button again after the rows for those who select first. */}
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
          >
            {queue.rows.map((row) => (
              <tr key={row.id}>
                <td>
                  <input
                    type="checkbox"
                    name="caseId"
                    id={`select-${row.id}`}
                    value={row.id}
                    aria-label={t('queue.selectCase', { code: row.code })}
                  />
                </td>
                <td className="code">
                  <Link to={`/cases/${row.id}`}>{row.code}</Link>
                </td>
                <td>{t(`codes:programme.${row.programme}`)}</td>
                <td>{t(`codes:caseKind.${row.kind}`)}</td>
                <td>{languageList(row.languages)}</td>
                <td className="num">{formatNumber(row.age, language)}</td>
                <td>{catalogueLabel(row.district, language) ?? t(`codes:startPlace.${row.startPlace}`)}</td>
                <td>
                  <QueueWaiting days={row.waitingDays} transferredFrom={row.transferredFrom} />
                </td>
              </tr>
            ))}
          </Table>
          <p>
            <SubmitButton intent="assign">{t('queue.assign')}</SubmitButton>
          </p>
        </Form>
      )}
      <PageNavigation page={queue.page} pages={queue.pages} href={pageLink} />
      <p>
        <Link to="/team">{t('queuePage.back')}</Link>
      </p>
    </div>
  )
}

/** Another page of the queue (its only parameter); the assignment form posts to the page's own address. */
function pageLink(page: number) {
  return page > 1 ? `/team/queue?page=${page}` : '/team/queue'
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
