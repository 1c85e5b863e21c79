import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { QueueWaiting } from '#app/components/queue-waiting.tsx'
import { SuccessStatus, withDone } from '#app/components/success-status.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { PageNavigation } from '#app/components/ui/page-navigation.tsx'
import { Table } from '#app/components/ui/table.tsx'
import { TakeoverRequestSchema } from '#app/forms/takeover.ts'
import { listWaitingCases, requestTakeover, WAITING_PAGE_SIZE } from '#app/models/takeover.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { formatNumber } from '#app/utils/format.ts'
import { getFixedT } from '#app/utils/i18n.server.ts'
import { languageName } from '#app/utils/iso.ts'
import { readFormData } from '#app/utils/request.server.ts'

// /team/waiting — the team's cases that wait for a counsellor, as a counsellor of the team may see
// them before being assigned (issue 14, item 6): no file, only the queue's columns, and a button to
// ask the team lead for the case. The team lead works from /team instead. Every waiting case, a page
// at a time: the ones that arrived by transfer first, then the longest waiting (decision 145).
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, 'COUNSELLOR')
  const t = await getFixedT(request, 'team')
  const requested = Number(new URL(request.url).searchParams.get('page') ?? '1')
  const waiting = await listWaitingCases(user, { page: Number.isFinite(requested) ? requested : 1 })
  return { title: t('waiting.title'), teamName: user.team.name, waiting, first: (waiting.page - 1) * WAITING_PAGE_SIZE + 1 }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, 'COUNSELLOR')
  const parsed = TakeoverRequestSchema.safeParse(Object.fromEntries(await readFormData(request)))
  if (!parsed.success) throw new Response('Bad request', { status: 400 })
  const result = await requestTakeover(user, parsed.data.caseId)
  // Back to the page the request was made from (the form posts to the page's address).
  const page = Number(new URL(request.url).searchParams.get('page') ?? '1')
  if (result.ok) throw redirect(withDone(pageLink(Number.isFinite(page) ? Math.floor(page) : 1), 'requested'))
  return data({ refused: result.reason }, { status: 409 })
}

export default function WaitingCasesPage() {
  const { t, i18n } = useTranslation('team')
  const { teamName, waiting, first } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const languageList = (codes: string[]) => codes.map((code) => languageName(code, i18n.language)).join(', ') || '–'
  // A page whose every row was taken between the list's two statements reads "0 von 53", not "51–50 von 53".
  const caption =
    waiting.pages > 1 && waiting.rows.length > 0
      ? t('waiting.captionPaged', {
          from: formatNumber(first, i18n.language),
          to: formatNumber(first + waiting.rows.length - 1, i18n.language),
          total: formatNumber(waiting.total, i18n.language),
          page: formatNumber(waiting.page, i18n.language),
          pages: formatNumber(waiting.pages, i18n.language),
        })
      : t('waiting.caption', { shown: formatNumber(waiting.rows.length, i18n.language), total: formatNumber(waiting.total, i18n.language) })
  return (
    <div className="stack">
      <h1>{t('waiting.title')}</h1>
      <p>{t('waiting.intro', { team: teamName })}</p>
      <SuccessStatus messages={{ requested: t('waiting.requested') }} hidden={Boolean(actionData)} />
      {actionData ? (
        <p className="alert alert-warning" role="alert">
          {t(`waiting.refused.${actionData.refused}`)}
        </p>
      ) : null}
      {waiting.total === 0 ? (
        <p className="alert alert-info">{t('waiting.empty')}</p>
      ) : (
        <Table
          caption={caption}
          region={{ label: caption }}
          columns={[t('queue.code'), t('queue.programme'), t('queue.kind'), t('queue.languages'), t('queue.waiting'), t('waiting.action')]}
        >
          {waiting.rows.map((row) => (
            <tr key={row.id}>
              <td className="code">{row.code}</td>
              <td>{t(`codes:programme.${row.programme}`)}</td>
              <td>{t(`codes:caseKind.${row.kind}`)}</td>
              <td>{languageList(row.languages)}</td>
              <td>
                <QueueWaiting days={row.waitingDays} transferredFrom={row.transferredFrom} requeued={row.requeued} />
              </td>
              <td>
                {row.requested ? (
                  <span className="badge">{t('waiting.pending')}</span>
                ) : (
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="caseId" value={row.id} />
                    <SubmitButton intent="request" variant="secondary" aria-label={t('waiting.requestCase', { code: row.code })}>
                      {t('waiting.request')}
                    </SubmitButton>
                  </Form>
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
      <PageNavigation page={waiting.page} pages={waiting.pages} href={pageLink} />
      <p className="muted">{t('waiting.howItWorks')}</p>
      <p>
        <Link to="/">{t('waiting.back')}</Link>
      </p>
    </div>
  )
}

/** Another page of the list (its only parameter). */
function pageLink(page: number) {
  return page > 1 ? `/team/waiting?page=${page}` : '/team/waiting'
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
