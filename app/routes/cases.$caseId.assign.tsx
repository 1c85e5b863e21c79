import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SuccessStatus, useFreshFormKey, withDone } from '#app/components/success-status.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { Field, SelectField } from '#app/components/ui/field.tsx'
import { Table } from '#app/components/ui/table.tsx'
import { requireCaseForRoute } from '#app/models/case-access.server.ts'
import { getAssignmentHistory, listAssignableUsers, reassignCase } from '#app/models/team-lead.server.ts'
import { formatDateTime } from '#app/utils/format.ts'
import { readFormData } from '#app/utils/request.server.ts'
import { ReassignSchema } from '#app/forms/assignment.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, kase: access } = await requireCaseForRoute({ request, params }, 'assign')
  const [kase, people] = await Promise.all([getAssignmentHistory(access.id, user), listAssignableUsers(access.teamId)])
  return { kase, people: people.map((person) => ({ value: person.id, label: person.displayName })) }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, kase: access } = await requireCaseForRoute({ request, params }, 'assign')
  const team = new Set((await listAssignableUsers(access.teamId)).map((person) => person.id))
  const submission = parseWithZod(await readFormData(request), {
    schema: ReassignSchema.superRefine((value, ctx) => {
      if (value.counsellorId && !team.has(value.counsellorId)) ctx.addIssue({ code: 'custom', path: ['counsellorId'], message: 'team:assign.counsellor' })
    }),
  })
  if (submission.status !== 'success') return data({ result: submission.reply(), outcome: null }, { status: 400 })
  const saved = await reassignCase(
    { caseId: access.id, teamId: access.teamId, version: submission.value.version, counsellorId: submission.value.counsellorId || null, note: submission.value.note },
    user.id,
  )
  if (saved.ok) throw redirect(withDone(`/cases/${access.id}/assign`, 'saved'))
  switch (saved.reason) {
    case 'assignee-unavailable':
      return data({ result: submission.reply({ fieldErrors: { counsellorId: ['team:assign.counsellor'] } }), outcome: null }, { status: 409 })
    case 'stale':
      return data({ result: submission.reply(), outcome: 'stale' as const }, { status: 409 })
    default: {
      // every refusal is answered: a new reason fails the type check here
      const unanswered: never = saved.reason
      throw new Error(`reassignCase: unanswered refusal ${String(unanswered)}`)
    }
  }
}

export default function AssignPage() {
  const { t, i18n } = useTranslation('team')
  const { kase, people } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const formKey = useFreshFormKey()
  return (
    <section className="stack" aria-labelledby="assign-heading">
      <h2 id="assign-heading">{t('assign.title')}</h2>
      <SuccessStatus messages={{ saved: t('assign.saved') }} hidden={Boolean(actionData)} />
      {actionData?.outcome === 'stale' ? (
        <p className="alert alert-error" role="alert">
          {t('assign.stale')}
        </p>
      ) : null}
      <p>{kase.counsellor ? t('assign.current', { name: kase.counsellor.displayName }) : t('assign.unassigned')}</p>
      <Form method="post" className="stack narrow" noValidate key={formKey}>
        <input type="hidden" name="version" value={kase.version} />
        <SelectField
          label={t('queue.assignTo')}
          name="counsellorId"
          id="reassign-counsellor"
          options={people}
          placeholder={t('assign.toQueue')}
          defaultValue={kase.counsellor?.id ?? ''}
          errors={actionData?.result?.error?.counsellorId}
        />
        <Field label={t('queue.note')} name="note" id="reassign-note" maxLength={500} errors={actionData?.result?.error?.note} />
        <SubmitButton>{t('assign.reassign')}</SubmitButton>
      </Form>
      <Table caption={t('assign.historyCaption')} columns={[t('assign.when'), t('assign.from'), t('assign.to'), t('assign.by'), t('assign.noteColumn')]}>
        {kase.assignments.map((assignment) => (
          <tr key={assignment.id}>
            <td>{formatDateTime(assignment.at, i18n.language)}</td>
            <td>{assignment.fromUser?.displayName ?? t('assign.nobody')}</td>
            <td>{assignment.toUser?.displayName ?? t('assign.nobody')}</td>
            <td>{assignment.assignedBy?.displayName ?? ''}</td>
            <td>{assignment.note ?? ''}</td>
          </tr>
        ))}
      </Table>
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
