import { getFormProps, getSelectProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ConfirmStep, isConfirmed, replayFields } from '#app/components/confirm-step.tsx'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { ErrorList, FormErrorSummary, SelectField } from '#app/components/ui/field.tsx'
import { Table } from '#app/components/ui/table.tsx'
import { allowedTransitions, isReopening } from '#app/domain/case-lifecycle.ts'
import { requireCaseForRoute } from '#app/models/case-access.server.ts'
import { changeCaseStatus, getStatusPage, previewClosure } from '#app/models/case-file.server.ts'
import { formatDate, formatDateTime, formatDay } from '#app/utils/format.ts'
import { getLanguage } from '#app/utils/i18n.server.ts'
import { readFormData } from '#app/utils/request.server.ts'
import { StatusSchema } from '#app/forms/case-status.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, kase: access } = await requireCaseForRoute({ request, params }, 'read')
  const page = await getStatusPage(access.id, user, await getLanguage(request))
  return { caseId: access.id, canWrite: access.allowed.includes('write'), ...page }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, kase: access } = await requireCaseForRoute({ request, params }, 'write')
  const formData = await readFormData(request)
  const submission = parseWithZod(formData, { schema: StatusSchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), conflict: null, confirm: null }, { status: 400 })
  // Closing is confirmed with a summary first (issue 14, item 7): the reason and the follow-ups
  // that close with the case (decision 030). Reopening, pausing and activating act at once.
  if (submission.value.toStatus === 'CLOSED' && !isConfirmed(formData)) {
    const preview = await previewClosure(access.id, submission.value.closureReasonId, await getLanguage(request))
    if (!preview.reason) {
      return data({ result: submission.reply({ fieldErrors: { closureReasonId: ['caseFile:status.errors.closureReasonInvalid'] } }), conflict: null, confirm: null }, { status: 400 })
    }
    return data({ result: null, conflict: null, confirm: { ...preview, fields: replayFields(formData) } })
  }
  const result = await changeCaseStatus({ caseId: access.id, actor: user, ...submission.value })
  if (!result.ok && result.reason === 'invalid') {
    const field = result.error === 'caseFile:status.errors.invalidTransition' ? 'toStatus' : 'closureReasonId'
    return data({ result: submission.reply({ fieldErrors: { [field]: [result.error] } }), conflict: null, confirm: null }, { status: 400 })
  }
  if (!result.ok) {
    return data(
      { result: submission.reply(), conflict: { currentStatus: result.currentStatus, changedByName: result.changedByName, changedAt: result.changedAt }, confirm: null },
      { status: 409 },
    )
  }
  return redirect(`/cases/${access.id}/status?changed=${submission.value.toStatus}`)
}

const ACTION_KEYS: Record<string, string> = {
  ACTIVE: 'status.actions.activate',
  PAUSED: 'status.actions.pause',
}

export default function CaseStatusPage() {
  const { t, i18n } = useTranslation('caseFile')
  const lng = i18n.language
  const page = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const targets = allowedTransitions(page.status)
  const simpleTargets = targets.filter((status) => status !== 'CLOSED')
  const changed = searchParams.get('changed')
  const [closeForm, closeFields] = useForm({
    id: 'close-case',
    constraint: getZodConstraint(StatusSchema),
    lastResult: actionData?.result ?? undefined,
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: StatusSchema }),
  })
  const conflict = actionData?.conflict
  const transitionError = actionData?.result?.error?.toStatus
  const confirm = actionData?.confirm
  return (
    <div className="stack">
      <h2>{t('status.title')}</h2>
      {changed && !actionData ? (
        <p className="alert alert-success" role="status">
          {t('status.changed', { status: t(`codes:caseStatus.${changed}`, { defaultValue: changed }) })}
        </p>
      ) : null}
      {conflict ? (
        <p className="alert alert-error" role="alert">
          {t('status.conflict', {
            status: t(`codes:caseStatus.${conflict.currentStatus}`),
            name: conflict.changedByName ?? t('status.someone'),
            date: formatDateTime(conflict.changedAt, lng),
          })}
        </p>
      ) : null}
      {transitionError ? (
        <div className="alert alert-error" role="alert">
          <ErrorList errors={transitionError} />
        </div>
      ) : null}
      <dl className="facts">
        <dt>{t('status.current')}</dt>
        <dd>{t(`codes:caseStatus.${page.status}`)}</dd>
        {page.closedAt ? (
          <>
            <dt>{t('header.closedAt')}</dt>
            <dd>
              {formatDate(page.closedAt, lng)}
              {page.closureReason ? ` – ${page.closureReason}` : null}
            </dd>
          </>
        ) : null}
      </dl>

      {page.canWrite ? (
        <section aria-labelledby="status-change-heading" className="stack">
          <h3 id="status-change-heading">{t('status.changeHeading')}</h3>
          {simpleTargets.length > 0 ? (
            <div className="row">
              {simpleTargets.map((target) => (
                <Form method="post" key={target} className="inline-form">
                  <input type="hidden" name="fromStatus" value={page.status} />
                  <input type="hidden" name="toStatus" value={target} />
                  <SubmitButton variant="secondary" intent={`to-${target}`}>
                    {isReopening(page.status, target) ? t('status.actions.reopen') : t(ACTION_KEYS[target] ?? 'status.actions.activate')}
                  </SubmitButton>
                </Form>
              ))}
            </div>
          ) : null}
          {confirm ? (
            <ConfirmStep title={t('status.confirm.title')} fields={confirm.fields} confirmLabel={t('status.confirm.submit')} cancelTo={`/cases/${page.caseId}/status`}>
              <dl className="facts">
                <dt>{t('status.closureReason')}</dt>
                <dd>{confirm.reason}</dd>
              </dl>
              {confirm.openFollowUps.length > 0 ? (
                <>
                  <p>{t('status.confirm.followUps', { count: confirm.openFollowUps.length })}</p>
                  <ul className="confirm-follow-ups">
                    {confirm.openFollowUps.map((followUp) => (
                      <li key={followUp.id}>
                        {formatDay(followUp.dueDate, lng)} · {t(`contacts:home.followUps.sources.${followUp.source}`, { defaultValue: followUp.source })}
                        {followUp.note ? `: ${followUp.note}` : ''}
                        {followUp.assignee ? ` (${followUp.assignee})` : ''}
                      </li>
                    ))}
                  </ul>
                </>
              ) : (
                <p>{t('status.confirm.noFollowUps')}</p>
              )}
            </ConfirmStep>
          ) : targets.includes('CLOSED') ? (
            <Form method="post" {...getFormProps(closeForm)} className="card stack close-case-form">
              <h4>{t('status.closeHeading')}</h4>
              <FormErrorSummary errors={closeForm.errors} />
              <input type="hidden" name="fromStatus" value={page.status} />
              <input type="hidden" name="toStatus" value="CLOSED" />
              <SelectField
                label={t('status.closureReason')}
                {...getSelectProps(closeFields.closureReasonId)}
                required
                placeholder={t('status.chooseReason')}
                options={page.closureReasons}
                errors={closeFields.closureReasonId.errors}
              />
              <div className="form-actions">
                <SubmitButton intent="to-CLOSED">{t('status.actions.close')}</SubmitButton>
              </div>
            </Form>
          ) : null}
        </section>
      ) : (
        <p className="muted">{t('status.readOnly')}</p>
      )}

      <Table caption={t('status.historyCaption')} columns={[t('status.when'), t('status.change'), t('status.closureReason'), t('status.by')]}>
        {page.history.map((change) => (
          <tr key={change.id}>
            <td>
              <time dateTime={change.at}>{formatDateTime(change.at, lng)}</time>
            </td>
            <td>
              {change.fromStatus
                ? t('timeline.transition', { from: t(`codes:caseStatus.${change.fromStatus}`), to: t(`codes:caseStatus.${change.toStatus}`) })
                : t('timeline.opened', { status: t(`codes:caseStatus.${change.toStatus}`) })}
            </td>
            <td>{change.closureReason ?? t('common:none')}</td>
            <td>{change.byName ?? t('common:none')}</td>
          </tr>
        ))}
      </Table>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
