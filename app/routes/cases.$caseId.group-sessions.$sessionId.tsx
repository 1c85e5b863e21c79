import { type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ConfirmStep, isConfirmed, replayFields } from '#app/components/confirm-step.tsx'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { FIND_PARTICIPANTS, GroupSessionForm } from '#app/components/group-session-form.tsx'
import { SuccessStatus, withDone } from '#app/components/success-status.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { latestAllowedContactDay } from '#app/domain/follow-up.ts'
import { requireCaseForRoute, substitutionsOf, type Substitutions } from '#app/models/case-access.server.ts'
import { topicOptions } from '#app/models/contact.server.ts'
import {
  checkGroupSession,
  deleteGroupSession,
  findParticipants,
  isParticipantSearch,
  getGroupSession,
  getGroupSessionForEdit,
  groupSessionAsFormValues,
  keptAsPosted,
  participantOptions,
  updateGroupSession,
  type GroupSessionChange,
} from '#app/models/group-session.server.ts'
import { getFixedT, getLanguage } from '#app/utils/i18n.server.ts'
import { formatDay } from '#app/utils/format.ts'
import { notFound, readFormData } from '#app/utils/request.server.ts'
import { groupSessionFormSchema } from '#app/forms/group-session.ts'
import { type Option } from '#app/utils/options.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, kase } = await requireCaseForRoute({ request, params }, 'read')
  const [t, language] = await Promise.all([getFixedT(request, 'groupSessions'), getLanguage(request)])
  const session = await getGroupSession(user, kase, params.sessionId, language)
  // A session this case did not take part in is as unknown here as a missing one.
  if (!session) throw new Response('Not found', { status: 404 })
  // the user's substitutions read once for the participants and the choice (a page view shares them anyway)
  const substitutions = substitutionsOf(user)
  const stored = kase.allowed.includes('write') ? await getGroupSessionForEdit(user, kase, session.id, substitutions) : null
  const editable = stored?.mayChange && !stored.frozen ? stored : null
  return {
    caseId: kase.id,
    title: t('view.title', { date: formatDay(session.date, language) }),
    session,
    // Why the session cannot be changed here, when the user could otherwise: its year is frozen.
    frozen: Boolean(stored?.mayChange && stored.frozen),
    edit: editable ? await editForm(user, kase.id, editable, language, substitutions) : null,
  }
}

async function editForm(
  user: Parameters<typeof participantOptions>[0],
  caseId: string,
  session: NonNullable<Awaited<ReturnType<typeof getGroupSessionForEdit>>>,
  language: string,
  substitutions: Substitutions,
) {
  const values = groupSessionAsFormValues(session)
  const [topics, choice] = await Promise.all([topicOptions(language, values.topicIds), participantOptions(user, caseId, { substitutions })])
  // The participants the user may change first (a closed one can be removed, not added again), then the open cases.
  const current = new Set(values.otherCaseIds)
  const others = [
    ...session.editable.map((row) => ({ value: row.value, label: row.label })),
    ...choice.options.filter((option) => !current.has(option.value)),
  ]
  return {
    maxDay: latestAllowedContactDay(),
    version: session.version,
    unchangeable: session.unchangeable,
    topics,
    others,
    // how many of `others` are participants (first): a participant search keeps them and replaces the rest
    participants: session.editable.length,
    // the open cases the user could choose in all (the participants above come besides them)
    othersShown: choice.options.length,
    othersTotal: choice.total,
    defaults: {
      date: values.date,
      startTime: values.startTime,
      durationMinutes: String(values.durationMinutes),
      mode: values.mode,
      topicIds: values.topicIds.map(String),
      description: values.description,
      anonymousParticipants: String(values.anonymousParticipants),
      otherCaseIds: values.otherCaseIds,
    },
  }
}

const REFUSALS: Record<Exclude<GroupSessionChange, { ok: true }>['reason'], { message: string; status: number }> = {
  conflict: { message: 'groupSessions:errors.conflict', status: 409 },
  frozen: { message: 'groupSessions:errors.frozen', status: 409 },
  closed: { message: 'groupSessions:errors.closed', status: 409 },
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, kase } = await requireCaseForRoute({ request, params }, 'write')
  // an action has no page view's cache: the user's substitutions read once for the session and a search
  const substitutions = substitutionsOf(user)
  const session = await getGroupSessionForEdit(user, kase, params.sessionId, substitutions)
  if (!session) notFound()
  const formData = await readFormData(request)
  const version = Number(formData.get('version'))
  // Not the author nor the team lead of its team: as for anything in a case one may not touch, 404
  // (case routes never answer 403); the page offers such a user no form to post.
  if (!session.mayChange) notFound()
  if (session.frozen) return data({ result: null, confirm: null, error: REFUSALS.frozen.message }, { status: 409 })
  // The participant search: the form comes back as it was posted, with the cases found (nothing saved).
  if (isParticipantSearch(formData, FIND_PARTICIPANTS))
    return { result: keptAsPosted(formData), confirm: null, error: null, found: await findParticipants(user, kase.id, formData, substitutions) }
  if (formData.get('intent') === 'delete') {
    if (!isConfirmed(formData)) return data({ result: null, confirm: { fields: replayFields(formData) }, error: null })
    const outcome = await deleteGroupSession({ actor: user, session, version })
    if (!outcome.ok) return data({ result: null, confirm: null, error: REFUSALS[outcome.reason].message }, { status: REFUSALS[outcome.reason].status })
    throw redirect(withDone(`/cases/${kase.id}`, 'groupSessionDeleted'))
  }
  // A refused save comes back with the participant choice the form showed (the posted search and the ticked
  // cases, each checked again): the first 300 alone would drop a ticked case that a search had found.
  const refused = async (result: SubmissionResult<string[]>, status: number) =>
    data({ result, confirm: null, error: null, found: await findParticipants(user, kase.id, formData, substitutions) }, { status })
  const submission = parseWithZod(formData, { schema: groupSessionFormSchema({ maxDay: latestAllowedContactDay() }) })
  if (submission.status !== 'success') return refused(submission.reply(), 400)
  const keep = new Set(session.editable.map((row) => row.value))
  const fieldErrors = await checkGroupSession(user, kase, submission.value, { keep, participants: session.participantIds, keepTopicIds: session.topicIds })
  if (Object.keys(fieldErrors).length > 0) return refused(submission.reply({ fieldErrors }), 400)
  const outcome = await updateGroupSession({ actor: user, kase, session, value: submission.value, version })
  if (!outcome.ok) {
    const refusal = REFUSALS[outcome.reason]
    return refused(submission.reply({ formErrors: [refusal.message] }), refusal.status)
  }
  throw redirect(withDone(`/cases/${kase.id}/group-sessions/${session.id}`, 'saved'))
}

export default function GroupSessionPage() {
  const { t, i18n } = useTranslation('groupSessions')
  const { caseId, title, session, frozen, edit } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  // after a participant search, its cases (and those ticked before it) instead of the first 300
  const found = actionData && 'found' in actionData ? actionData.found : null
  return (
    <section className="stack" aria-labelledby="group-heading">
      <h2 id="group-heading">{title}</h2>
      <SuccessStatus hidden={Boolean(actionData)} messages={{ saved: t('view.saved') }} />
      {actionData?.error ? (
        <p className="alert alert-error" role="alert">
          {t(actionData.error)} {actionData.error === 'groupSessions:errors.conflict' ? <Link to=".">{t('edit.reload')}</Link> : null}
        </p>
      ) : null}
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
      {frozen ? <p className="muted">{t('edit.frozenYear')}</p> : null}
      {edit ? (
        <>
          <section className="stack" aria-labelledby="group-edit-heading">
            <h3 id="group-edit-heading">{t('edit.title')}</h3>
            <p className="muted">{t('edit.intro')}</p>
            <GroupSessionForm
              // A saved edit bumps the version: a fresh form then carries the new version number.
              key={edit.version}
              id="edit-group-session"
              maxDay={edit.maxDay}
              defaults={edit.defaults}
              lastResult={actionData?.result}
              topics={edit.topics}
              others={editChoice(edit, found)}
              othersShown={found ? found.options.length : edit.othersShown}
              othersTotal={found ? found.total : edit.othersTotal}
              search={found?.search}
              othersHint={t('edit.otherCasesHint')}
              unchangeable={edit.unchangeable}
              version={edit.version}
              submitLabel={t('edit.submit')}
            />
          </section>
          <section className="stack" aria-labelledby="group-delete-heading">
            <h3 id="group-delete-heading">{t('delete.title')}</h3>
            {actionData?.confirm ? (
              <ConfirmStep
                title={t('delete.confirmTitle')}
                fields={actionData.confirm.fields}
                confirmLabel={t('delete.confirm')}
                cancelTo={`/cases/${caseId}/group-sessions/${session.id}`}
              >
                <p>{t('delete.summary', { count: session.participants })}</p>
              </ConfirmStep>
            ) : (
              <Form method="post" className="stack">
                <p className="muted">{t('delete.intro')}</p>
                <input type="hidden" name="intent" value="delete" />
                <input type="hidden" name="version" value={edit.version} />
                <div>
                  <SubmitButton className="button-danger">{t('delete.submit')}</SubmitButton>
                </div>
              </Form>
            )}
          </section>
        </>
      ) : null}
      <p>
        <Link to={`/cases/${caseId}`}>{t('contacts:backToCase')}</Link>
      </p>
    </section>
  )
}

/** The edit form's choice after a participant search: the participants the user may change, then the open cases found (without them). */
function editChoice(edit: { others: Option[]; participants: number }, found: { options: Option[]; kept: Option[] } | null): Option[] {
  if (!found) return edit.others
  const participants = edit.others.slice(0, edit.participants)
  const current = new Set(participants.map((option) => option.value))
  return [...participants, ...[...found.options, ...found.kept].filter((option) => !current.has(option.value))]
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
