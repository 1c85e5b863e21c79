import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SuccessStatus } from '#app/components/success-status.tsx'
import { requireCaseForRoute } from '#app/models/case-access.server.ts'
import { getGroupSession } from '#app/models/group-session.server.ts'
import { getFixedT, getLanguage } from '#app/utils/i18n.server.ts'
import { formatDay } from '#app/utils/format.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, kase } = await requireCaseForRoute({ request, params }, 'read')
  const [t, language] = await Promise.all([getFixedT(request, 'groupSessions'), getLanguage(request)])
  const session = await getGroupSession(user, kase, params.sessionId, language)
  // A session this case did not take part in is as unknown here as a missing one.
  if (!session) throw new Response('Not found', { status: 404 })
  return { caseId: kase.id, title: t('view.title', { date: formatDay(session.date, language) }), session }
}

export default function GroupSessionPage() {
  const { t, i18n } = useTranslation('groupSessions')
  const { caseId, title, session } = useLoaderData<typeof loader>()
  return (
    <section className="stack" aria-labelledby="group-heading">
      <h2 id="group-heading">{title}</h2>
      <SuccessStatus messages={{ saved: t('view.saved') }} />
      <dl className="facts">
        {session.startTime ? (
          <>
            <dt>{t('view.time')}</dt>
            <dd>{session.startTime}</dd>
          </>
        ) : null}
        <dt>{t('view.duration')}</dt>
        <dd>
          {t('view.minutes', { count: session.durationMinutes })} · {t(`codes:contactMode.${session.mode}`)}
        </dd>
        <dt>{t('view.team')}</dt>
        <dd>{session.teamName}</dd>
        <dt>{t('view.programme')}</dt>
        <dd>{t(`codes:programme.${session.programme}`)}</dd>
        <dt>{t('view.topics')}</dt>
        <dd>{session.topics.join(', ')}</dd>
        <dt>{t('view.description')}</dt>
        <dd>{session.description}</dd>
        <dt>{t('view.participants')}</dt>
        <dd>
          {new Intl.NumberFormat(i18n.language).format(session.participants)} ({t('view.anonymous')}:{' '}
          {new Intl.NumberFormat(i18n.language).format(session.anonymousParticipants)})
        </dd>
        <dt>{t('view.otherCases')}</dt>
        <dd>
          {session.otherCasesShown.length ? (
            <ul className="inline-list">
              {session.otherCasesShown.map((other) => (
                <li key={other.caseId}>
                  <Link to={`/cases/${other.caseId}`}>{other.code}</Link>
                </li>
              ))}
            </ul>
          ) : (
            t('view.none')
          )}
          {session.otherCasesHidden > 0 ? <p>{t('view.hiddenCases', { count: session.otherCasesHidden })}</p> : null}
        </dd>
        {session.authorName ? (
          <>
            <dt>{t('view.recordedBy')}</dt>
            <dd>{session.authorName}</dd>
          </>
        ) : null}
      </dl>
      <p>
        <Link to={`/cases/${caseId}`}>{t('contacts:backToCase')}</Link>
      </p>
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
