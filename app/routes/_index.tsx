import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { AssignmentInbox } from '#app/components/assignment-inbox.tsx'
import { FollowUpTable } from '#app/components/follow-up-list.tsx'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { navigationFor } from '#app/domain/navigation.ts'
import {
  getUnreadAssignments,
  markAllAssignmentsRead,
  markAssignmentRead,
} from '#app/models/assignment-inbox.server.ts'
import { countMyOpenCases, getMyFollowUps, markFollowUpDone } from '#app/models/follow-up.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { getFixedT } from '#app/utils/i18n.server.ts'
import { readFormData } from '#app/utils/request.server.ts'
import { countUnreadPrivacyNotices } from '#app/models/privacy-notice.server.ts'

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
  const [followUps, inbox, openCases, privacyNotices] = await Promise.all([
    getMyFollowUps(user),
    getUnreadAssignments(user),
    countMyOpenCases(user),
    // Emergency accesses and erasure requests wait for the team lead's attention; changes to
    // accounts (decision 018) for the lead's and the person's own.
    countUnreadPrivacyNotices(user.id),
  ])
  return { ...base, work: { followUps, inbox, openCases, privacyNotices } }
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
  const { user, work } = useLoaderData<typeof loader>()
  const [searchParams] = useSearchParams()
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
  return (
    <div className="stack">
      <h1>{t('home.welcome', { name: user.displayName })}</h1>
      <p>
        {user.role === 'TEAM_LEAD'
          ? t('home.leadIntro', { team: user.teamName })
          : t('home.counsellorIntro', { team: user.teamName })}
      </p>
      {searchParams.get('inquiry') === 'saved' ? (
        <p className="alert alert-success" role="status">
          {tc('home.inquirySaved')}
        </p>
      ) : null}
      {searchParams.get('done') === 'follow-up' ? (
        <p className="alert alert-success" role="status">
          {tc('home.followUps.marked')}
        </p>
      ) : null}
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
      <section className="card stack" aria-labelledby="follow-ups-heading">
        <h2 id="follow-ups-heading">{tc('home.followUps.title')}</h2>
        <FollowUpTable
          caption={tc('home.followUps.overdue')}
          rows={followUps.overdue}
          empty={tc('home.followUps.noneOverdue')}
          tone="overdue"
        />
        <FollowUpTable
          caption={tc('home.followUps.today')}
          rows={followUps.today}
          empty={tc('home.followUps.noneToday')}
        />
        <FollowUpTable
          caption={tc('home.followUps.upcoming')}
          rows={followUps.upcoming}
          empty={tc('home.followUps.noneUpcoming')}
        />
        {followUps.truncated ? <p className="muted">{tc('home.followUps.truncated')}</p> : null}
      </section>
      <AssignmentInbox rows={inbox.items} total={inbox.total} />
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
