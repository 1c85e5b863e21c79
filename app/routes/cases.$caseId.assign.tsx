import { parseWithZod } from '@conform-to/zod'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { Field, SelectField } from '#app/components/ui/field.tsx'
import { requireCaseAccess } from '#app/models/case-access.server.ts'
import { listAssignableUsers, reassignCase } from '#app/models/team-lead.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { formatDateTime } from '#app/utils/format.ts'
import { readFormData } from '#app/utils/request.server.ts'
import { ReassignSchema } from '#app/utils/team-validation.ts'

async function loadAssignment(caseId: string) {
  return prisma.case.findUniqueOrThrow({
    where: { id: caseId },
    select: {
      version: true,
      counsellor: { select: { id: true, displayName: true } },
      assignments: {
        select: { id: true, at: true, note: true, fromUser: { select: { displayName: true } }, toUser: { select: { displayName: true } }, assignedBy: { select: { displayName: true } } },
        orderBy: { at: 'desc' },
        take: 50,
      },
    },
  })
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const access = await requireCaseAccess(user, params.caseId, 'assign', context.requestId)
  const [kase, people] = await Promise.all([loadAssignment(access.id), listAssignableUsers(access.teamId)])
  await audit({ userId: user.id, action: 'assignment.read', entity: 'case', entityId: access.id, caseId: access.id, requestId: context.requestId })
  return { kase, people: people.map((person) => ({ value: person.id, label: person.displayName })) }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const access = await requireCaseAccess(user, params.caseId, 'assign', context.requestId)
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
    context.requestId,
  )
  if (!saved) return data({ result: submission.reply(), outcome: 'stale' as const }, { status: 409 })
  return { result: submission.reply({ resetForm: true }), outcome: 'saved' as const }
}

export default function AssignPage() {
  const { t, i18n } = useTranslation('team')
  const { kase, people } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <section className="stack" aria-labelledby="assign-heading">
      <h2 id="assign-heading">{t('assign.title')}</h2>
      {actionData?.outcome === 'saved' ? (
        <p className="alert alert-success" role="status">
          {t('assign.saved')}
        </p>
      ) : null}
      {actionData?.outcome === 'stale' ? (
        <p className="alert alert-error" role="alert">
          {t('assign.stale')}
        </p>
      ) : null}
      <p>{kase.counsellor ? t('assign.current', { name: kase.counsellor.displayName }) : t('assign.unassigned')}</p>
      <Form method="post" className="stack narrow" noValidate>
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
      <div className="table-wrap" tabIndex={0} role="region" aria-label={t('assign.historyCaption')}>
        <table>
          <caption>{t('assign.historyCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('assign.when')}</th>
              <th scope="col">{t('assign.from')}</th>
              <th scope="col">{t('assign.to')}</th>
              <th scope="col">{t('assign.by')}</th>
              <th scope="col">{t('assign.noteColumn')}</th>
            </tr>
          </thead>
          <tbody>
            {kase.assignments.map((assignment) => (
              <tr key={assignment.id}>
                <td>{formatDateTime(assignment.at, i18n.language)}</td>
                <td>{assignment.fromUser?.displayName ?? t('assign.nobody')}</td>
                <td>{assignment.toUser?.displayName ?? t('assign.nobody')}</td>
                <td>{assignment.assignedBy?.displayName ?? ''}</td>
                <td>{assignment.note ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
