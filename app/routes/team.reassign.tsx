import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ConfirmStep, isConfirmed, replayFields } from '#app/components/confirm-step.tsx'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { withDone } from '#app/components/success-status.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { ErrorList, FormErrorSummary, SelectField } from '#app/components/ui/field.tsx'
import { Table } from '#app/components/ui/table.tsx'
import { BulkReassignSchema } from '#app/forms/assignment.ts'
import { bulkReassign, findCaseHolder, listCasesToReassign } from '#app/models/staff-change.server.ts'
import { listAssignableUsers } from '#app/models/team-lead.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { formatDay } from '#app/utils/format.ts'
import { getFixedT } from '#app/utils/i18n.server.ts'
import { readFormData } from '#app/utils/request.server.ts'

// /team/reassign?from=<user> — the team lead moves all or some open cases of one counsellor to
// another (issue 14, item 5): a summary to confirm first, then one transaction, audited per case;
// a case changed in between stops the whole move (decision 038).
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, 'TEAM_LEAD')
  const t = await getFixedT(request, 'team')
  const fromId = new URL(request.url).searchParams.get('from') ?? ''
  const assignable = await listAssignableUsers(user.teamId)
  const from = fromId ? await findCaseHolder(fromId.slice(0, 100)) : null
  const cases = from ? await listCasesToReassign(user.teamId, from.id, user.id) : []
  return {
    title: from ? t('reassign.titleFrom', { name: from.displayName }) : t('reassign.title'),
    from,
    cases,
    people: assignable.map((person) => ({ value: person.id, label: person.displayName })),
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, 'TEAM_LEAD')
  const formData = await readFormData(request)
  const assignable = await listAssignableUsers(user.teamId)
  const submission = parseWithZod(formData, {
    schema: BulkReassignSchema.superRefine((value, ctx) => {
      if (!assignable.some((person) => person.id === value.toId) || value.toId === value.fromId) ctx.addIssue({ code: 'custom', path: ['toId'], message: 'team:reassign.errors.to' })
    }),
  })
  if (submission.status !== 'success') return data({ result: submission.reply(), confirm: null, stale: null }, { status: 400 })
  const { fromId, toId, case: cases } = submission.value
  if (!isConfirmed(formData)) {
    const to = assignable.find((person) => person.id === toId)!
    return { result: null, confirm: { count: new Set(cases.map((kase) => `${kase.id}:${kase.version}`)).size, toName: to.displayName, fields: replayFields(formData) }, stale: null }
  }
  const result = await bulkReassign({ teamId: user.teamId, fromId, toId, cases }, user.id)
  if (result.ok) throw redirect(withDone('/team', 'reassigned') + '#workload')
  if (result.reason === 'target') return data({ result: submission.reply({ fieldErrors: { toId: ['team:reassign.errors.to'] } }), confirm: null, stale: null }, { status: 400 })
  return data({ result: null, confirm: null, stale: result.changed }, { status: 409 })
}

export default function ReassignPage() {
  const { t, i18n } = useTranslation('team')
  const { title, from, cases, people } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm<{ fromId: string; toId: string; case: string[] }>({ id: 'reassign', lastResult: actionData?.result ?? undefined })
  const confirm = actionData?.confirm
  return (
    <div className="stack">
      <p>
        <Link to="/team#workload">{t('reassign.back')}</Link>
      </p>
      <h1>{title}</h1>
      {!from ? (
        <>
          <p>{t('reassign.choose')}</p>
          <ul className="link-list">
            {people.map((person) => (
              <li key={person.value}>
                <Link to={`?from=${encodeURIComponent(person.value)}`}>{person.label}</Link>
              </li>
            ))}
          </ul>
        </>
      ) : confirm ? (
        <ConfirmStep title={t('reassign.confirm.title')} fields={confirm.fields} confirmLabel={t('reassign.confirm.submit')} cancelTo={`/team/reassign?from=${encodeURIComponent(from.id)}`} danger={false}>
          <p>{t('reassign.confirm.summary', { count: confirm.count, from: from.displayName, to: confirm.toName })}</p>
          <p>{t('reassign.confirm.consequences', { to: confirm.toName })}</p>
        </ConfirmStep>
      ) : cases.length === 0 ? (
        <p className="alert alert-info">{t('reassign.empty', { name: from.displayName })}</p>
      ) : (
        <Form method="post" {...getFormProps(form)} className="stack" noValidate>
          {actionData?.stale ? (
            <p className="alert alert-warning" role="alert">
              {t('reassign.stale', { count: actionData.stale })}
            </p>
          ) : null}
          <FormErrorSummary errors={form.errors} />
          <p>{t('reassign.intro')}</p>
          <input type="hidden" name="fromId" value={from.id} />
          <ErrorList errors={fields.case.errors} id="reassign-case-error" />
          <Table caption={t('reassign.caption', { count: cases.length, name: from.displayName })} region={{ label: t('reassign.caption', { count: cases.length, name: from.displayName }) }} columns={[t('queue.select'), t('queue.code'), t('queue.programme'), t('reassign.status'), t('reassign.openedAt')]}>
            {cases.map((kase) => (
              <tr key={kase.id}>
                <td>
                  <input type="checkbox" name="case" value={`${kase.id}:${kase.version}`} defaultChecked id={`case-${kase.id}`} aria-label={t('queue.selectCase', { code: kase.code })} />
                </td>
                <td className="code">{kase.code}</td>
                <td>{t(`codes:programme.${kase.programme}`)}</td>
                <td>{t(`codes:caseStatus.${kase.status}`)}</td>
                <td>{formatDay(kase.openedAt, i18n.language)}</td>
              </tr>
            ))}
          </Table>
          <SelectField
            label={t('reassign.to')}
            name="toId"
            id="reassign-to"
            placeholder=""
            errors={fields.toId.errors}
            options={people.filter((person) => person.value !== from.id)}
          />
          <div className="form-actions">
            <SubmitButton>{t('reassign.submit')}</SubmitButton>
          </div>
        </Form>
      )}
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
