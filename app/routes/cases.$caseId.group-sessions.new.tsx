import { type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { withDone } from '#app/components/success-status.tsx'
import { FIND_PARTICIPANTS, GroupSessionForm } from '#app/components/group-session-form.tsx'
import { latestAllowedContactDay, today } from '#app/domain/follow-up.ts'
import { auditCaseRead, requireCaseForRoute } from '#app/models/case-access.server.ts'
import { CaseClosedError, topicOptions } from '#app/models/contact.server.ts'
import { checkGroupSession, createGroupSession, findParticipants, isParticipantSearch, keptAsPosted, participantOptions } from '#app/models/group-session.server.ts'
import { getFixedT, getLanguage } from '#app/utils/i18n.server.ts'
import { readFormData } from '#app/utils/request.server.ts'
import { groupSessionFormSchema } from '#app/forms/group-session.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, kase } = await requireCaseForRoute({ request, params }, 'write')
  await auditCaseRead(user, kase)
  const [t, language] = await Promise.all([getFixedT(request, 'groupSessions'), getLanguage(request)])
  const [topics, choice] = await Promise.all([topicOptions(language), participantOptions(user, kase.id)])
  return {
    title: t('new.title'),
    caseId: kase.id,
    // A closed case takes part in no session (as with contacts, decision 030).
    closed: kase.status === 'CLOSED',
    maxDay: latestAllowedContactDay(),
    today: today().day,
    topics,
    others: choice.options,
    // When the choice is cut, the form says so (how many of how many, in which order).
    othersTotal: choice.total,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, kase } = await requireCaseForRoute({ request, params }, 'write')
  const formData = await readFormData(request)
  // The participant search: the form comes back as it was posted, with the cases found (nothing saved).
  if (isParticipantSearch(formData, FIND_PARTICIPANTS)) return { result: keptAsPosted(formData), found: await findParticipants(user, kase.id, formData) }
  // A refused save comes back with the participant choice the form showed (the posted search and the ticked
  // cases, each checked again): the first 300 alone would drop a ticked case that a search had found.
  const refused = async (result: SubmissionResult<string[]>, status: number) =>
    data({ result, found: await findParticipants(user, kase.id, formData) }, { status })
  const submission = parseWithZod(formData, { schema: groupSessionFormSchema({ maxDay: latestAllowedContactDay() }) })
  if (submission.status !== 'success') return refused(submission.reply(), 400)
  if (kase.status === 'CLOSED') return refused(submission.reply({ formErrors: ['groupSessions:new.closed'] }), 409)
  const fieldErrors = await checkGroupSession(user, kase, submission.value)
  if (Object.keys(fieldErrors).length > 0) return refused(submission.reply({ fieldErrors }), 400)
  const session = await createGroupSession({ actor: user, kase, value: submission.value }).catch((error: unknown) => {
    if (error instanceof CaseClosedError) return null
    throw error
  })
  if (!session) return refused(submission.reply({ formErrors: ['groupSessions:errors.closed'] }), 409)
  throw redirect(withDone(`/cases/${kase.id}/group-sessions/${session.id}`, 'saved'))
}

export default function NewGroupSessionPage() {
  const { t } = useTranslation('groupSessions')
  const loaded = useLoaderData<typeof loader>()
  const { caseId, closed, maxDay, today: day, topics } = loaded
  const actionData = useActionData<typeof action>()
  // after a search, its cases (and those ticked before it) instead of the first 300
  const found = actionData && 'found' in actionData ? actionData.found : null
  const others = found ? [...found.options, ...found.kept] : loaded.others
  if (closed) {
    return (
      <section className="stack" aria-labelledby="new-group-heading">
        <h2 id="new-group-heading">{t('new.title')}</h2>
        <p className="alert alert-error" role="alert">
          {t('new.closed')} <Link to={`/cases/${caseId}/status`}>{t('contacts:followUps.reopenLink')}</Link>
        </p>
      </section>
    )
  }
  return (
    <section className="stack" aria-labelledby="new-group-heading">
      <h2 id="new-group-heading">{t('new.title')}</h2>
      <p className="muted">{t('new.intro')}</p>
      <GroupSessionForm
        id="new-group-session"
        maxDay={maxDay}
        defaults={{ date: day, anonymousParticipants: '0', topicIds: [], otherCaseIds: [] }}
        lastResult={actionData?.result}
        topics={topics}
        others={others}
        othersShown={found ? found.options.length : loaded.others.length}
        othersTotal={found ? found.total : loaded.othersTotal}
        search={found?.search}
        othersHint={t('form.otherCasesHint')}
        submitLabel={t('new.submit')}
      />
      <p>
        <Link to={`/cases/${caseId}`}>{t('contacts:backToCase')}</Link>
      </p>
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
