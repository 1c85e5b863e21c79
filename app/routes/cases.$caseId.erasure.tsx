import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ConfirmStep, isConfirmed, replayFields } from '#app/components/confirm-step.tsx'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { CheckboxField } from '#app/components/ui/field.tsx'
import { auditCaseRead, requireCaseAccess, requireCaseForRoute } from '#app/models/case-access.server.ts'
import { casesOutsideTeam, closeErasureRequest, confirmErasure, getErasureState, previewErasure, requestErasure } from '#app/models/erasure.server.ts'
import { getCaseClient } from '#app/models/identity-key.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { formatDateTime } from '#app/utils/format.ts'
import { getFixedT } from '#app/utils/i18n.server.ts'
import { readFormData } from '#app/utils/request.server.ts'
import { ConfirmErasureSchema } from '#app/forms/erasure.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, kase: access } = await requireCaseForRoute({ request, params }, 'read')
  await auditCaseRead(user, access)
  const { clientId } = await getCaseClient(access.id)
  const state = await getErasureState(clientId)
  const t = await getFixedT(request, 'privacy')
  // Deciding an erasure request is the team lead's right ('assign'), checked again by the action.
  const isLead = access.allowed.includes('assign')
  return {
    caseId: access.id,
    title: t('erasure.title'),
    canRequest: access.allowed.includes('reveal-identity'),
    canDecide: isLead,
    otherTeams: isLead ? await casesOutsideTeam(clientId, user.teamId) : 0,
    state: state.pending
      ? { pending: true as const, requestedAt: state.requestedAt.toISOString(), requestedBy: state.requestedBy, ownRequest: state.requestedById === user.id }
      : { pending: false as const },
    done: new URL(request.url).searchParams.get('done'),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const formData = await readFormData(request)
  const intent = formData.get('intent')
  if (intent === 'request' || intent === 'withdraw') {
    const access = await requireCaseAccess(user, params.caseId, 'reveal-identity')
    const { clientId } = await getCaseClient(access.id)
    if (intent === 'request') {
      const submission = parseWithZod(formData, { schema: ConfirmErasureSchema })
      if (submission.status !== 'success') return data({ intent, result: submission.reply(), error: null }, { status: 400 })
      await requestErasure({ actor: user, caseId: access.id, clientId })
    } else {
      await closeErasureRequest({ actor: user, caseId: access.id, clientId, outcome: 'withdraw' })
    }
    throw redirect(`/cases/${access.id}/erasure?done=${intent}`)
  }
  if (intent === 'confirm' || intent === 'reject') {
    // Only a team lead of the case's team decides: 'assign' is exactly that relation.
    const access = await requireCaseAccess(user, params.caseId, 'assign')
    const { clientId } = await getCaseClient(access.id)
    if (intent === 'reject') {
      await closeErasureRequest({ actor: user, caseId: access.id, clientId, outcome: 'reject' })
      throw redirect(`/cases/${access.id}/erasure?done=reject`)
    }
    const submission = parseWithZod(formData, { schema: ConfirmErasureSchema })
    if (submission.status !== 'success') return data({ intent, result: submission.reply(), error: null }, { status: 400 })
    if (!isConfirmed(formData)) {
      // First the summary of what goes (decision 030); the second POST deletes.
      const preview = await previewErasure({ actor: user, clientId })
      if (!preview.ok) return data({ intent, result: submission.reply(), error: preview.error }, { status: 409 })
      return data({ intent, result: null, error: null, confirm: { summary: preview.summary, fields: replayFields(formData) } })
    }
    const outcome = await confirmErasure({ actor: user, caseId: access.id, clientId })
    if (!outcome.ok) return data({ intent, result: submission.reply(), error: outcome.error }, { status: 409 })
    throw redirect('/cases?erased=1')
  }
  throw new Response('Unknown intent', { status: 400 })
}

export default function ErasurePage() {
  const { t, i18n } = useTranslation('privacy')
  const { caseId, canRequest, canDecide, otherTeams, state, done } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [requestForm, requestFields] = useForm({
    id: 'erasure-request',
    constraint: getZodConstraint(ConfirmErasureSchema),
    lastResult: actionData?.intent === 'request' ? actionData.result : undefined,
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ConfirmErasureSchema }),
  })
  const [confirmForm, confirmFields] = useForm({
    id: 'erasure-confirm',
    constraint: getZodConstraint(ConfirmErasureSchema),
    lastResult: actionData?.intent === 'confirm' ? actionData.result : undefined,
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ConfirmErasureSchema }),
  })
  return (
    <section className="stack" aria-labelledby="erasure-heading">
      <h2 id="erasure-heading">{t('erasure.title')}</h2>
      <p>{t('erasure.intro')}</p>
      {done ? (
        <p className="alert alert-success" role="status">
          {t(`erasure.done.${done === 'request' || done === 'withdraw' ? done : 'reject'}`)}
        </p>
      ) : null}
      {actionData?.error ? (
        <p className="alert alert-error" role="alert">
          {t(`erasure.error.${actionData.error}`)}
        </p>
      ) : null}
      {state.pending ? (
        <p className="alert alert-warning">
          {t('erasure.pending', { name: state.requestedBy ?? '–', date: formatDateTime(state.requestedAt, i18n.language) })}
        </p>
      ) : (
        <p>{t('erasure.none')}</p>
      )}

      {canRequest && !state.pending ? (
        <Form method="post" {...getFormProps(requestForm)} className="card stack privacy-section">
          <CheckboxField label={t('erasure.requestConfirm')} {...getInputProps(requestFields.confirm, { type: 'checkbox' })} errors={requestFields.confirm.errors} />
          <div className="form-actions">
            <SubmitButton intent="request" variant="danger">
              {t('erasure.request')}
            </SubmitButton>
          </div>
        </Form>
      ) : null}
      {canRequest && state.pending ? (
        <Form method="post" className="form-actions">
          <SubmitButton intent="withdraw" variant="secondary">
            {t('erasure.withdraw')}
          </SubmitButton>
        </Form>
      ) : null}

      {canDecide && state.pending && state.ownRequest ? <p className="muted">{t('erasure.error.own-request')}</p> : null}
      {actionData && 'confirm' in actionData && actionData.confirm ? (
        <ConfirmStep
          title={t('erasure.summary.title')}
          fields={actionData.confirm.fields}
          confirmLabel={t('erasure.summary.submit')}
          cancelTo={`/cases/${caseId}/erasure`}
        >
          <p>{t('erasure.summary.intro', { code: actionData.confirm.summary.code })}</p>
          <ul>
            {(['cases', 'contacts', 'consents', 'referrals', 'documents'] as const).map((what) => (
              <li key={what}>{t(`erasure.summary.${what}`, { count: actionData.confirm.summary[what] })}</li>
            ))}
          </ul>
          <p>{t('erasure.summary.irreversible')}</p>
        </ConfirmStep>
      ) : canDecide && state.pending && !state.ownRequest ? (
        <div className="card stack privacy-section">
          {otherTeams > 0 ? <p className="alert alert-warning">{t('erasure.error.other-teams')}</p> : null}
          <Form method="post" {...getFormProps(confirmForm)} className="stack">
            <CheckboxField label={t('erasure.confirmLabel')} {...getInputProps(confirmFields.confirm, { type: 'checkbox' })} errors={confirmFields.confirm.errors} />
            <div className="form-actions">
              <SubmitButton intent="confirm" variant="danger">
                {t('erasure.confirm')}
              </SubmitButton>
            </div>
          </Form>
          <Form method="post" className="form-actions">
            <SubmitButton intent="reject" variant="secondary">
              {t('erasure.reject')}
            </SubmitButton>
          </Form>
        </div>
      ) : null}
      {!canRequest && !canDecide ? <p className="muted">{t('erasure.noAccess')}</p> : null}
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
