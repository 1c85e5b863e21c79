import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { AssignmentInbox } from '#app/components/assignment-inbox.tsx'
import { FOLLOW_UP_BUCKETS, FollowUpTable, START_PAGE_LIMITS, type FollowUpBucket } from '#app/components/follow-up-list.tsx'
import { packFollowUpRows, withRowsForRender, type PackedFollowUpRows } from '#app/components/follow-up-rows.ts'
import { FollowUpErrorBoundary } from '#app/components/follow-up-not-in-list.tsx'
import { SuccessStatus } from '#app/components/success-status.tsx'
import { navigationFor } from '#app/domain/navigation.ts'
import {
  getUnreadAssignments,
  markAllAssignmentsRead,
  markAssignmentRead,
} from '#app/models/assignment-inbox.server.ts'
import { getMyFollowUps, inMarkupOnly, isDocumentRequest, markFollowUpDone } from '#app/models/follow-up.server.ts'
import { getStartPageCounts } from '#app/models/start-page.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { getFixedT } from '#app/utils/i18n.server.ts'
import { readFormData } from '#app/utils/request.server.ts'
import { getArrivals } from '#app/models/takeover.server.ts'
import { formatDate } from '#app/utils/format.ts'
import { Link } from '#app/components/ui/link.tsx'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.title ?? ''} · Wegbegleiter` },
]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const t = await getFixedT(request)
  const base = {
    title: t('home.title'),
    user: { displayName: user.displayName, role: user.role, teamName: user.team.name },
  }
  if (user.role === 'ADMIN') return { ...base, work: null }
  const [followUps, inbox, counts, arrivals] = await Promise.all([
    // What needs the actor now (decision 199): each bucket's first rows and its exact count; all of them on /follow-ups.
    getMyFollowUps(user, undefined, START_PAGE_LIMITS),
    getUnreadAssignments(user),
    // The actor's open cases; notices (emergency accesses, erasure requests and cases transferred in
    // wait for the team lead's attention; changes to accounts, decision 018, for the lead's and the
    // person's own); for a counsellor the team's cases they could ask to take, for a lead the transfer
    // requests of other teams to decide (decision 043); answers to the actor's own requests.
    getStartPageCounts(user),
    // Handovers that arrive (issue 14, item 6): the lead sees what waits for a counsellor.
    user.role === 'TEAM_LEAD' ? getArrivals(user.teamId) : null,
  ])
  const { openCases, privacyNotices, waitingInTeam, handoverRequests, handoverAnswers } = counts
  // A document leaves the buckets with rows to the markup, where the browser reads them back (decision 171, as
  // the case list); a `.data` answer and an empty bucket carry them.
  const inMarkup = FOLLOW_UP_BUCKETS.filter((bucket) => followUps[bucket].length > 0)
  // Each bucket's rows as one string (decision 091): what turbo-stream would otherwise write value by value. A
  // document's bucket with rows is neither sent nor read back from its text (the render takes the rows
  // themselves), so it is not packed: an empty text stands in (session 26: ≈ 22 kB and ≈ 0.04 ms less per view
  // of the busiest counsellor's start page).
  const document = isDocumentRequest()
  const packedOf = (bucket: FollowUpBucket) =>
    document && followUps[bucket].length > 0 ? ('' as PackedFollowUpRows) : packFollowUpRows(followUps[bucket])
  const packed = {
    overdue: packedOf('overdue'),
    today: packedOf('today'),
    upcoming: packedOf('upcoming'),
    counts: followUps.counts,
    // How many are absent colleagues' (decision 211): only while the actor stands in for someone, so that everyone
    // else's answer stays as it was.
    ...(followUps.standIn ? { standIn: followUps.standIn } : {}),
  }
  // The server's render of a document takes the rows themselves, not their packed text back (session 25).
  const sent = withRowsForRender(inMarkup.length > 0 ? inMarkupOnly(packed, inMarkup) : packed, followUps)
  return { ...base, work: { followUps: sent, inbox, openCases, privacyNotices, arrivals, waitingInTeam, handoverRequests, handoverAnswers } }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request)
  if (user.role === 'ADMIN') throw new Response('Forbidden', { status: 403 })
  const formData = await readFormData(request)
  const intent = formData.get('intent')
  const idOf = (name: string) => {
    const value = formData.get(name)
    if (typeof value !== 'string' || value.length === 0 || value.length > 40)
      throw new Response('Bad request', { status: 400 })
    return value
  }
  if (intent === 'follow-up-done') {
    await markFollowUpDone(user, idOf('followUpId'))
    throw redirect('/?done=follow-up')
  }
  if (intent === 'assignment-read') {
    await markAssignmentRead(user, idOf('assignmentId'))
    throw redirect('/')
  }
  if (intent === 'assignments-read-all') {
    await markAllAssignmentsRead(user)
    throw redirect('/')
  }
  throw new Response('Unknown intent', { status: 400 })
}

export default function HomePage() {
  const { t } = useTranslation()
  const { t: tc } = useTranslation('contacts')
  const { t: tt, i18n } = useTranslation('team')
  const { user, work } = useLoaderData<typeof loader>()
  const links = navigationFor(user.role).filter((item) => item.to !== '/')
  if (!work) {
    return (
      <div className="stack">
        <h1>{t('home.welcome', { name: user.displayName })}</h1>
        <p>{t('home.adminIntro')}</p>
        <ul className="link-list">
          {links.map((item) => (
            <li key={item.to}>
              <Link to={item.to}>{t(item.labelKey)}</Link>
            </li>
          ))}
        </ul>
      </div>
    )
  }
  const { followUps, inbox, openCases } = work
  // A bucket with more follow-ups than the start page shows links to all of them (decision 199).
  const moreOf = (bucket: FollowUpBucket) => {
    const count = followUps.counts[bucket]
    if (count <= START_PAGE_LIMITS[bucket]) return undefined
    return {
      to: `/follow-ups?due=${bucket}`,
      label: tc(`home.followUps.showAll.${bucket}`, { count }),
      shown: tc('home.followUps.shownOf', { shown: START_PAGE_LIMITS[bucket], count }),
    }
  }
  return (
    <div className="stack">
      <h1>{t('home.welcome', { name: user.displayName })}</h1>
      <p>
        {user.role === 'TEAM_LEAD'
          ? t('home.leadIntro', { team: user.teamName })
          : t('home.counsellorIntro', { team: user.teamName })}
      </p>
      <SuccessStatus messages={{ inquiry: tc('home.inquirySaved'), 'follow-up': tc('home.followUps.marked') }} />
      <div className="home-actions">
        <Link to="/inquiries/new" className="button button-primary">
          {tc('home.inquiryButton')}
        </Link>
        <Link to="/cases?counsellor=me" className="button button-secondary">
          {tc('home.openCases', { count: openCases })}
        </Link>
        {user.role === 'TEAM_LEAD' ? (
          <Link to="/team" className="button button-secondary">
            {tc('home.teamLink')}
          </Link>
        ) : null}
      </div>
      {work.privacyNotices > 0 ? (
        <p className="alert alert-warning">
          <Link to="/privacy/notices">{tc('home.privacyNotices', { count: work.privacyNotices })}</Link>
        </p>
      ) : null}
      {work.handoverRequests > 0 ? (
        <p className="alert alert-warning">
          <Link to="/team#handover-requests-heading">{t('privacy:handover.lead.home', { count: work.handoverRequests })}</Link>
        </p>
      ) : null}
      {work.handoverAnswers > 0 ? (
        <p className="alert alert-info">
          <Link to="/clients/check#handover-requests-heading">{t('privacy:handover.answers', { count: work.handoverAnswers })}</Link>
        </p>
      ) : null}
      {work.arrivals && work.arrivals.waiting > 0 ? (
        <section className="card stack" aria-labelledby="arrivals-heading">
          <h2 id="arrivals-heading">{tt('arrivals.title', { count: work.arrivals.waiting })}</h2>
          {work.arrivals.transfers.length ? (
            <ul className="link-list">
              {work.arrivals.transfers.map((arrival) => (
                <li key={arrival.caseId}>
                  <Link to={`/cases/${arrival.caseId}`} className="code">
                    {arrival.code}
                  </Link>{' '}
                  {tt('arrivals.transferred', { team: arrival.fromTeam, date: formatDate(arrival.at, i18n.language) })}
                </li>
              ))}
            </ul>
          ) : null}
          {work.arrivals.requests > 0 ? <p>{tt('arrivals.requests', { count: work.arrivals.requests })}</p> : null}
          <p>
            <Link to="/team/queue">{tt('arrivals.toQueue')}</Link>
          </p>
        </section>
      ) : null}
      {work.waitingInTeam > 0 ? (
        <p className="alert alert-info">
          <Link to="/team/waiting">{tt('arrivals.counsellor', { count: work.waitingInTeam })}</Link>
        </p>
      ) : null}
      <section className="card stack" aria-labelledby="follow-ups-heading">
        <h2 id="follow-ups-heading">{tc('home.followUps.title')}</h2>
        <FollowUpTable
          caption={tc('home.followUps.overdue')}
          buckets={followUps}
          bucket="overdue"
          empty={tc('home.followUps.noneOverdue')}
          tone="overdue"
          total={followUps.counts.overdue}
          standIn={followUps.standIn?.overdue}
          more={moreOf('overdue')}
        />
        <FollowUpTable
          caption={tc('home.followUps.today')}
          buckets={followUps}
          bucket="today"
          empty={tc('home.followUps.noneToday')}
          total={followUps.counts.today}
          standIn={followUps.standIn?.today}
          more={moreOf('today')}
        />
        <FollowUpTable
          caption={tc('home.followUps.upcoming')}
          buckets={followUps}
          bucket="upcoming"
          empty={tc('home.followUps.noneUpcoming')}
          total={followUps.counts.upcoming}
          standIn={followUps.standIn?.upcoming}
          more={moreOf('upcoming')}
        />
        <p>
          <Link to="/follow-ups">{tc('home.followUps.all')}</Link>
        </p>
      </section>
      <AssignmentInbox rows={inbox.items} total={inbox.total} />
    </div>
  )
}

// "Erledigt" on a follow-up no longer in one's list answers the explanation of decision 223, as on /follow-ups.
export function ErrorBoundary() {
  return <FollowUpErrorBoundary />
}
