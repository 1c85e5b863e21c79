import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useLocation, useSearchParams } from '@remix-run/react'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { packWorkloadRows, rowsMarkup, TeamRowTexts, unpackWorkloadRows, workloadRowsHtml } from '#app/components/team-rows.ts'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { ListLink, useListClick, useListLinkClick } from '#app/components/ui/list-link.tsx'
import { workloadSortLink } from '#app/components/workload-sort-link.tsx'
import { Table } from '#app/components/ui/table.tsx'
import { WORKLOAD_SORT_KEYS, type WorkloadSortKey } from '#app/domain/workload.ts'
import { getQueueSummary, getWorkloadAndAssignable, inMarkupOnly } from '#app/models/team-lead.server.ts'
import { assignQueueSubmission } from '#app/models/team-queue.server.ts'
import { confirmTakeover, declineTakeover, listOpenTakeoverRequests } from '#app/models/takeover.server.ts'
import { listOrphanedCases } from '#app/models/staff-change.server.ts'
import { listPendingTransferRequests } from '#app/models/transfer.server.ts'
import { listOpenHandoverRequests } from '#app/models/handover-request.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { formatDate, numberFormatter } from '#app/utils/format.ts'
import { getFixedT } from '#app/utils/i18n.server.ts'
import { readFormData } from '#app/utils/request.server.ts'
import { translateEach, translateOnce } from '#app/utils/translate-once.ts'
import { TakeoverDecisionSchema } from '#app/forms/takeover.ts'
import { SuccessStatus, withDone } from '#app/components/success-status.tsx'
import { Link } from '#app/components/ui/link.tsx'
import { QueueAssignOutcome } from '#app/components/queue-assign-fields.tsx'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

function sortFrom(params: URLSearchParams): { sort: WorkloadSortKey; direction: 'asc' | 'desc' } {
  const sort = params.get('sort') ?? 'name'
  return {
    sort: (WORKLOAD_SORT_KEYS as readonly string[]).includes(sort) ? (sort as WorkloadSortKey) : 'name',
    direction: params.get('dir') === 'desc' ? 'desc' : 'asc',
  }
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, 'TEAM_LEAD')
  const { sort, direction } = sortFrom(new URL(request.url).searchParams)
  const now = new Date()
  const [queue, { workload }, transferRequests, takeoverRequests, orphaned, handoverRequests, t] = await Promise.all([
    // The queue's summary (decision 225): its cases are listed and assigned on /team/queue.
    getQueueSummary(user.teamId, now),
    // The team's people and their workload figures: one statement (session 18).
    getWorkloadAndAssignable(user.teamId, sort, direction, now),
    listPendingTransferRequests(user.teamId),
    listOpenTakeoverRequests(user.teamId),
    listOrphanedCases(user.teamId),
    listOpenHandoverRequests(user.teamId),
    getFixedT(request, 'team'),
  ])
  // The workload's rows packed: fewer values for Remix to serialise (decision 084). A document's
  // hydration data leave them out: the browser reads them back from the markup (decision 113); the
  // server's render and a `.data` answer have them.
  return {
    title: t('title', { team: user.team.name }),
    queue,
    workload: inMarkupOnly({ rows: packWorkloadRows(workload.rows), total: workload.total }, ['rows']),
    transferRequests,
    takeoverRequests,
    orphaned,
    handoverRequests,
    sort,
    direction,
  }
}

// What the page does per row or per person is written in module-level functions and methods, not in
// arrows made per request or render: V8 keeps a function's optimised code only while a function object
// holds it, so a callback made per request loses it at every full garbage collection and is compiled
// again (session 19).

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, 'TEAM_LEAD')
  const formData = await readFormData(request)
  const intent = formData.get('intent')
  if (intent === 'takeover-confirm' || intent === 'takeover-decline') {
    const decision = TakeoverDecisionSchema.safeParse(Object.fromEntries(formData))
    if (!decision.success) throw new Response('Bad request', { status: 400 })
    if (decision.data.intent === 'takeover-decline') {
      const declined = await declineTakeover(user, decision.data.requestId)
      if (!declined) return data({ result: null, outcome: null, takeover: 'no-request' as const, assignRefused: null }, { status: 409 })
      throw redirect(withDone('/team', 'takeover-declined') + '#takeover-heading')
    }
    const confirmed = await confirmTakeover(user, { requestId: decision.data.requestId, version: decision.data.version })
    if (!confirmed.ok) return data({ result: null, outcome: null, takeover: confirmed.reason, assignRefused: null }, { status: 409 })
    throw redirect(withDone('/team', 'takeover-confirmed') + '#takeover-heading')
  }
  // The queue's cases are assigned on /team/queue (decision 225). A /team page loaded before that, still open in a tab,
  // posts its queue's assignment here: it is done with /team/queue's checks and answered on this page with the outcome
  // or the form's reasons and the way to /team/queue (decision 239), never a bare 400.
  if (intent === 'assign') {
    const { status, result, outcome } = await assignQueueSubmission(user, formData)
    const refused = status === 200 ? null : refusalKeys(result.error)
    return data({ result, outcome, takeover: null, assignRefused: refused }, { status })
  }
  throw new Response('Bad request', { status: 400 })
}

/** The form's reasons (translation keys, each once) of an assignment refused by `assignQueueSubmission`. */
function refusalKeys(error: Record<string, string[] | null> | null | undefined) {
  const keys = new Set<string>()
  for (const messages of Object.values(error ?? {})) for (const message of messages ?? []) keys.add(message)
  return [...keys]
}

export default function TeamPage() {
  const { t, i18n } = useTranslation('team')
  const data = useLoaderData<typeof loader>()
  const { title, queue, workload, transferRequests, takeoverRequests, orphaned, handoverRequests, sort, direction } = data
  const actionData = useActionData<typeof action>()
  const takeoverRefused = actionData?.takeover ?? null
  const assignRefused = actionData?.assignRefused ?? null
  const language = i18n.language
  const label = useMemo(() => translateOnce(t), [t])
  const number = numberFormatter(language)
  const hours = numberFormatter(language, { minimumFractionDigits: 1, maximumFractionDigits: 1 })
  // Per row only the code or the name changes in the labels for selecting a case and reassigning:
  // each is asked of i18next once per render, as is "seit 1006 Tagen"'s plural form, and the figures'
  // formatter is looked up once (≈ 200 cells).
  const rowTexts = TeamRowTexts.forRender(t, label, language, number, hours)
  // The orphaned cases' links: plain anchors with one click handler (decision 063); the queue's and
  // the workload's rows are pre-built markup with one handler per table body (decision 072).
  const onLinkClick = useListLinkClick()
  const onSortClick = useListLinkClick({ preventScrollReset: true })
  const [searchParams] = useSearchParams()
  const { pathname } = useLocation()
  const onRowsClick = useListClick()
  // After a document load the browser has not the workload's rows (decision 113): the table's body is
  // read back from the server's markup.
  const workloadRowsGiven = workload.rows as typeof workload.rows | undefined
  const people = workloadRowsGiven ? unpackWorkloadRows(workloadRowsGiven) : []
  const workloadBody = rowsMarkup(workload, workloadRowsGiven, () => workloadRowsHtml(people, rowTexts), () => document.getElementById('workload')?.querySelector('tbody'))
  // A sortable column's header: the sort link, right-aligned figures, and aria-sort on the column sorted by.
  const sortBy = translateEach(t, 'workload.sortBy', 'column')
  const sortColumn = (column: WorkloadSortKey, label: string) => ({
    label: workloadSortLink({ column, label, sortBy, pathname, params: searchParams, sort, direction, onClick: onSortClick }),
    className: column === 'name' ? undefined : 'num',
    sort: sort === column ? (direction === 'asc' ? ('ascending' as const) : ('descending' as const)) : undefined,
  })
  return (
    <div className="stack">
      {/* The loader's title: the same t('title', { team }) in the same language, asked of i18next once. */}
      <h1>{title}</h1>
      <p className="row">
        <Link to="/team/absences">{t('links.absences')}</Link>
        <Link to="/team/settings">{t('links.settings')}</Link>
      </p>

      <section aria-labelledby="queue-heading" className="stack">
        <h2 id="queue-heading">{t('sections.queue')}</h2>
        {/* An assignment posted by a /team page of before decision 225 (decision 239). */}
        <QueueAssignOutcome outcome={actionData?.outcome} />
        {assignRefused ? (
          <div className="alert alert-warning" role="alert">
            <p>{t('summary.assignRefused')}</p>
            {assignRefused.map((key) => (
              <p key={key}>{t(key)}</p>
            ))}
          </div>
        ) : null}
        {actionData?.outcome || assignRefused ? (
          <p>
            {t('summary.assignMoved')} <Link to="/team/queue">{t('queuePage.title')}</Link>
          </p>
        ) : null}
        {queue.total === 0 ? (
          <p className="alert alert-info">{t('queue.empty')}</p>
        ) : (
          <>
            {/* The queue's figures (decision 225); its cases are listed and assigned on /team/queue. */}
            <ul>
              <li>{t('summary.waiting', { count: queue.total, total: number(queue.total) })}</li>
              <li>{t('summary.longest', { count: queue.longestWaitDays ?? 0, days: number(queue.longestWaitDays ?? 0) })}</li>
              <li>{t('summary.transferred', { count: queue.transferred, transferred: number(queue.transferred) })}</li>
            </ul>
            <p>
              <Link to="/team/queue">{t('summary.link', { count: queue.total, total: number(queue.total) })}</Link>
            </p>
          </>
        )}
      </section>

      {orphaned.length ? (
        <section aria-labelledby="orphaned-heading" className="stack">
          <h2 id="orphaned-heading">{t('orphaned.title', { count: orphaned.length })}</h2>
          <p className="alert alert-warning">{t('orphaned.intro')}</p>
          <Table caption={t('orphaned.title', { count: orphaned.length })} hideCaption region={{ label: t('orphaned.title', { count: orphaned.length }) }} columns={[t('queue.code'), t('orphaned.counsellor'), t('orphaned.why'), t('orphaned.action')]}>
            {orphaned.map((kase) => (
              <tr key={kase.id}>
                <td className="code">
                  <ListLink to={`/cases/${kase.id}`} onClick={onLinkClick}>
                    {kase.code}
                  </ListLink>
                </td>
                <td>{kase.counsellor}</td>
                <td>
                  <span className="badge badge-warning">{t(`orphaned.reasons.${kase.why}`)}</span>
                </td>
                <td>
                  <ListLink to={`/cases/${kase.id}/assign`} aria-label={t('orphaned.reassignCase', { code: kase.code })} onClick={onLinkClick}>
                    {t('orphaned.reassign')}
                  </ListLink>
                </td>
              </tr>
            ))}
          </Table>
        </section>
      ) : null}

      <section aria-labelledby="takeover-heading" className="stack">
        <h2 id="takeover-heading">{t('takeover.title')}</h2>
        <p>{t('takeover.intro')}</p>
        <SuccessStatus messages={{ 'takeover-confirmed': t('takeover.confirmed'), 'takeover-declined': t('takeover.declined') }} hidden={Boolean(takeoverRefused)} />
        {takeoverRefused ? (
          <p className="alert alert-warning" role="alert">
            {t(`takeover.refused.${takeoverRefused}`)}
          </p>
        ) : null}
        {takeoverRequests.length === 0 ? (
          <p className="muted">{t('takeover.empty')}</p>
        ) : (
          <Table caption={t('takeover.caption', { count: takeoverRequests.length })} region={{ label: t('takeover.caption', { count: takeoverRequests.length }) }} columns={[t('queue.code'), t('takeover.requestedBy'), t('takeover.at'), t('takeover.decision')]}>
            {takeoverRequests.map((takeover) => (
              <tr key={takeover.id}>
                <td className="code">
                  <Link to={`/cases/${takeover.caseId}`}>{takeover.code}</Link>
                </td>
                <td>{takeover.requestedBy ?? '–'}</td>
                <td>{formatDate(takeover.at, language)}</td>
                <td>
                  <div className="row">
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="requestId" value={takeover.id} />
                      <input type="hidden" name="version" value={takeover.version} />
                      <SubmitButton intent="takeover-confirm" aria-label={t('takeover.confirmFor', { name: takeover.requestedBy ?? '–', code: takeover.code })}>
                        {t('takeover.confirm')}
                      </SubmitButton>
                    </Form>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="requestId" value={takeover.id} />
                      <input type="hidden" name="version" value={takeover.version} />
                      <SubmitButton intent="takeover-decline" variant="secondary" aria-label={t('takeover.declineFor', { name: takeover.requestedBy ?? '–', code: takeover.code })}>
                        {t('takeover.decline')}
                      </SubmitButton>
                    </Form>
                  </div>
                </td>
              </tr>
            ))}
          </Table>
        )}
      </section>

      {transferRequests.length ? (
        <section aria-labelledby="transfer-requests-heading" className="stack">
          <h2 id="transfer-requests-heading">{t('transferRequests.title')}</h2>
          <ul className="link-list">
            {transferRequests.map((request) => (
              <li key={request.id}>
                <Link to={`/cases/${request.caseId}/transfer`} className="code">
                  {request.pseudonymCode}
                </Link>{' '}
                {t('transferRequests.entry', {
                  team: request.toTeam.name,
                  reason: t(`codes:transferReason.${request.reason}`),
                  date: formatDate(request.at, language),
                })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="handover-requests-heading" className="stack">
        <h2 id="handover-requests-heading">{t('privacy:handover.lead.title')}</h2>
        <SuccessStatus messages={{ 'handover-granted': t('privacy:handover.lead.granted'), 'handover-declined': t('privacy:handover.lead.declined') }} />
        {handoverRequests.length === 0 ? (
          <p className="muted">{t('privacy:handover.lead.empty')}</p>
        ) : (
          <ul className="link-list">
            {handoverRequests.map((request) => (
              <li key={request.id}>
                <Link to={`/team/handover-requests/${request.id}`} aria-label={t('privacy:handover.lead.open', { code: request.code })}>
                  <span className="code">{request.code}</span>
                </Link>{' '}
                {t('privacy:handover.lead.entry', { team: request.toTeam ?? '–', name: request.requestedBy ?? '–', date: formatDate(request.at, language), reason: request.reason })}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="workload-heading" className="stack" id="workload">
        <h2 id="workload-heading">{t('sections.workload')}</h2>
        <SuccessStatus messages={{ reassigned: t('reassign.done') }} />
        <p>{t('workload.intro')}</p>
        <Table
          caption={t('workload.caption')}
          region={{ label: t('workload.caption') }}
          columns={[
            sortColumn('name', t('workload.name')),
            t('workload.languages'),
            sortColumn('openCases', t('workload.openCases')),
            sortColumn('activeCaseManagement', t('workload.activeCaseManagement')),
            sortColumn('contacts30d', t('workload.contacts30d')),
            sortColumn('hours30d', t('workload.hours30d')),
            sortColumn('overdueFollowUps', t('workload.overdueFollowUps')),
            sortColumn('openReferrals', t('workload.openReferrals')),
          ]}
          footer={
            <tr>
              <th scope="row">{t('workload.total')}</th>
              <td />
              <td className="num">{number(workload.total.openCases)}</td>
              <td className="num">{number(workload.total.activeCaseManagement)}</td>
              <td className="num">{number(workload.total.contacts30d)}</td>
              <td className="num">{hours(workload.total.hours30d)}</td>
              <td className="num">{number(workload.total.overdueFollowUps)}</td>
              <td className="num">{number(workload.total.openReferrals)}</td>
            </tr>
          }
          body={{ html: workloadBody.html, onClick: onRowsClick }}
        />
      </section>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
