// The case's follow-ups (Wiedervorlagen): open and recently done, a manual one (decision 030) and
// "erledigt" for each open one. Follow-ups from contacts and residence expiry are listed alike.
import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { FollowUpErrorBoundary } from '#app/components/follow-up-not-in-list.tsx'
import { SuccessStatus, useFreshFormKey, withDone } from '#app/components/success-status.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { Field, FormErrorSummary, SelectField } from '#app/components/ui/field.tsx'
import { Table } from '#app/components/ui/table.tsx'
import { addDays, today } from '#app/domain/follow-up.ts'
import {
  FOLLOW_UP_MAX_DAYS_AHEAD,
  FOLLOW_UP_NOT_IN_LIST_PAGE,
  FOLLOW_UP_NOTE_MAX,
  FollowUpDoneSchema,
  manualFollowUpSchema,
} from '#app/forms/follow-up.ts'
import { requireCaseAccess, requireCaseForRoute } from '#app/models/case-access.server.ts'
import {
  createManualFollowUp,
  followUpAssignees,
  getCaseFollowUps,
  markFollowUpDone,
} from '#app/models/follow-up.server.ts'
import { formatDateTime, formatDay } from '#app/utils/format.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { readFormData } from '#app/utils/request.server.ts'

function bounds(now = new Date()) {
  const todayDay = today(now).day
  return { todayDay, latestDay: addDays(todayDay, FOLLOW_UP_MAX_DAYS_AHEAD) }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, kase: access } = await requireCaseForRoute({ request, params }, 'read')
  const canWrite = access.allowed.includes('write') && access.status !== 'CLOSED'
  const [followUps, people] = await Promise.all([
    getCaseFollowUps(access.id, user),
    canWrite ? followUpAssignees(access) : [],
  ])
  return {
    caseId: access.id,
    closed: access.status === 'CLOSED',
    canWrite,
    ...followUps,
    ...bounds(),
    people: people.map((person) => ({ value: person.id, label: person.displayName })),
    defaultAssignee: access.counsellorId ?? user.id,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const formData = await readFormData(request)
  if (formData.get('intent') === 'done') {
    // A follow-up the person may no longer act on (a stand-in ended, the case reassigned) answers the page that says
    // so, with its 404: not this case's page, which the person may no longer be allowed to see either. The case is
    // checked before the form is read, as on every case page: a foreign case answers alike whatever was sent.
    try {
      const access = await requireCaseAccess(user, params.caseId, 'write')
      const submission = parseWithZod(formData, { schema: FollowUpDoneSchema })
      if (submission.status !== 'success') throw new Response('Bad request', { status: 400 })
      await markFollowUpDone(user, submission.value.followUpId, new Date(), access.id)
      return redirect(withDone(`/cases/${access.id}/follow-ups`, 'closed'))
    } catch (error) {
      if (error instanceof Response && error.status === 404) throw redirect(FOLLOW_UP_NOT_IN_LIST_PAGE)
      throw error
    }
  }
  const access = await requireCaseAccess(user, params.caseId, 'write')
  const submission = parseWithZod(formData, { schema: manualFollowUpSchema(bounds()) })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const result = await createManualFollowUp(user, access, submission.value)
  if (!result.ok) {
    const error =
      result.reason === 'closed'
        ? { formErrors: ['contacts:followUps.errors.caseClosed'] }
        : { fieldErrors: { assigneeId: ['contacts:followUps.errors.assignee'] } }
    return data({ result: submission.reply(error) }, { status: result.reason === 'closed' ? 409 : 400 })
  }
  return redirect(withDone(`/cases/${access.id}/follow-ups`, 'created'))
}

type Row = {
  id: string
  dueDate: string
  source: string
  contactId: string | null
  note: string | null
  doneAt: string | null
  assignee: string | null
}

function FollowUpTable({
  rows,
  caption,
  caseId,
  canClose,
}: {
  rows: Row[]
  caption: string
  caseId: string
  canClose: boolean
}) {
  const { t, i18n } = useTranslation('contacts')
  const lng = i18n.language
  return (
    <Table
      caption={caption}
      columns={[
        t('followUps.due'),
        t('followUps.what'),
        t('followUps.assignee'),
        canClose ? t('home.followUps.action') : t('followUps.doneAt'),
      ]}
    >
      {rows.map((row) => (
        <tr key={row.id}>
          <td>
            <time dateTime={row.dueDate.slice(0, 10)}>{formatDay(row.dueDate, lng)}</time>
          </td>
          <td>
            {row.source === 'CONTACT' && row.contactId ? (
              <Link to={`/cases/${caseId}/contacts/${row.contactId}`}>
                {t('home.followUps.sources.CONTACT')}
              </Link>
            ) : (
              t(`home.followUps.sources.${row.source}`, { defaultValue: row.source })
            )}
            {row.note ? <>: {row.note}</> : null}
          </td>
          <td>{row.assignee ?? t('common:none')}</td>
          <td>
            {canClose ? (
              <Form method="post" className="inline-form">
                <input type="hidden" name="followUpId" value={row.id} />
                <SubmitButton
                  variant="secondary"
                  intent="done"
                  aria-label={t('followUps.doneFor', { date: formatDay(row.dueDate, lng) })}
                >
                  {t('home.followUps.done')}
                </SubmitButton>
              </Form>
            ) : row.doneAt ? (
              formatDateTime(row.doneAt, lng)
            ) : null}
          </td>
        </tr>
      ))}
    </Table>
  )
}

function NewFollowUpForm() {
  const { t } = useTranslation('contacts')
  const page = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const schema = manualFollowUpSchema({ todayDay: page.todayDay, latestDay: page.latestDay })
  const [form, fields] = useForm({
    id: 'follow-up-new',
    constraint: getZodConstraint(schema),
    lastResult: actionData?.result,
    defaultValue: { assigneeId: page.defaultAssignee },
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="card stack follow-up-form">
      <h3>{t('followUps.newHeading')}</h3>
      <FormErrorSummary errors={form.errors} />
      <div className="form-grid">
        <Field
          label={t('followUps.due')}
          {...getInputProps(fields.dueDate, { type: 'date' })}
          min={page.todayDay}
          max={page.latestDay}
          errors={fields.dueDate.errors}
        />
        <Field
          label={t('followUps.note')}
          hint={t('followUps.noteHint', { max: FOLLOW_UP_NOTE_MAX })}
          {...getInputProps(fields.note, { type: 'text' })}
          maxLength={FOLLOW_UP_NOTE_MAX}
          autoComplete="off"
          errors={fields.note.errors}
        />
        <SelectField
          label={t('followUps.assignee')}
          {...getSelectProps(fields.assigneeId)}
          options={page.people}
          errors={fields.assigneeId.errors}
        />
      </div>
      <div className="form-actions">
        <SubmitButton intent="create">{t('followUps.create')}</SubmitButton>
      </div>
    </Form>
  )
}

export default function CaseFollowUpsPage() {
  const { t } = useTranslation('contacts')
  const page = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const freshKey = useFreshFormKey()
  return (
    <div className="stack">
      <h2>{t('followUps.title')}</h2>
      <SuccessStatus
        messages={{ created: t('followUps.created'), closed: t('followUps.closed') }}
        hidden={Boolean(actionData)}
      />
      {page.closed ? (
        <p className="alert alert-info">
          {t('followUps.caseClosed')}{' '}
          <Link to={`/cases/${page.caseId}/status`}>{t('followUps.reopenLink')}</Link>
        </p>
      ) : null}
      {page.open.length > 0 ? (
        <FollowUpTable
          rows={page.open}
          caption={t('followUps.openCaption', { count: page.open.length })}
          caseId={page.caseId}
          canClose={page.canWrite}
        />
      ) : (
        <p className="muted">{t('followUps.noneOpen')}</p>
      )}
      {page.canWrite ? <NewFollowUpForm key={freshKey} /> : null}
      {page.done.length > 0 ? (
        <FollowUpTable
          rows={page.done}
          caption={t('followUps.doneCaption')}
          caseId={page.caseId}
          canClose={false}
        />
      ) : null}
    </div>
  )
}

export function ErrorBoundary() {
  return <FollowUpErrorBoundary />
}
