import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SuccessStatus, useFreshFormKey, withDone } from '#app/components/success-status.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { CheckboxField, Field, FormErrorSummary, SelectField, TextareaField } from '#app/components/ui/field.tsx'
import { requireCaseForRoute } from '#app/models/case-access.server.ts'
import {
  deleteIdentityKey,
  getCaseClient,
  getIdentityKeyState,
  revealIdentityKey,
  saveIdentityKey,
} from '#app/models/identity-key.server.ts'
import { getFixedT } from '#app/utils/i18n.server.ts'
import { identityKeyStatus } from '#app/utils/identity-crypto.server.ts'
import { readFormData } from '#app/utils/request.server.ts'
import { DeleteIdentitySchema, IdentitySchema, REVEAL_REASON_CODES, RevealSchema } from '#app/forms/identity.ts'
import { dateTimeFormatter } from '#app/utils/format.ts'

// Revealed identities must not stay in any cache (browser back/forward, proxies).
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' })

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, kase: access } = await requireCaseForRoute({ request, params }, 'read')
  const kase = await getCaseClient(access.id)
  const state = await getIdentityKeyState({ actor: user, caseId: access.id, clientId: kase.clientId })
  const t = await getFixedT(request, 'privacy')
  return data(
    {
      title: t('identity.title'),
      caseId: access.id,
      pseudonymCode: kase.client.pseudonymCode,
      canManage: access.allowed.includes('reveal-identity'),
      status: identityKeyStatus(),
      hasKey: Boolean(state),
      updatedAt: state?.updatedAt.toISOString() ?? null,
    },
    { headers: { 'Cache-Control': 'no-store' } },
  )
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, kase: access } = await requireCaseForRoute({ request, params }, 'reveal-identity')
  const formData = await readFormData(request)
  const intent = formData.get('intent')
  const { clientId } = await getCaseClient(access.id)
  const noStore = { 'Cache-Control': 'no-store' }
  if (!identityKeyStatus().enabled) throw new Response('Identity keys are disabled', { status: 409 })

  if (intent === 'reveal') {
    const submission = parseWithZod(formData, { schema: RevealSchema })
    if (submission.status !== 'success') {
      return data({ intent, result: submission.reply(), revealed: null, revealError: null }, { status: 400, headers: noStore })
    }
    const outcome = await revealIdentityKey({ actor: user, caseId: access.id, clientId, reason: submission.value.reason })
    if (!outcome.ok) {
      return data({ intent, result: submission.reply({ resetForm: true }), revealed: null, revealError: outcome.error }, { status: 409, headers: noStore })
    }
    return data({ intent, result: submission.reply({ resetForm: true }), revealed: outcome.identity, revealError: null }, { headers: noStore })
  }

  if (intent === 'save') {
    const submission = parseWithZod(formData, { schema: IdentitySchema })
    if (submission.status !== 'success') {
      return data({ intent, result: submission.reply(), revealed: null, revealError: null }, { status: 400, headers: noStore })
    }
    const outcome = await saveIdentityKey({ actor: user, caseId: access.id, clientId, identity: submission.value })
    throw redirect(withDone(`/cases/${access.id}/identity`, outcome))
  }

  if (intent === 'delete') {
    const submission = parseWithZod(formData, { schema: DeleteIdentitySchema })
    if (submission.status !== 'success') {
      return data({ intent, result: submission.reply(), revealed: null, revealError: null }, { status: 400, headers: noStore })
    }
    await deleteIdentityKey({ actor: user, caseId: access.id, clientId })
    throw redirect(withDone(`/cases/${access.id}/identity`, 'deleted'))
  }
  throw new Response('Unknown intent', { status: 400 })
}

export default function IdentityKeyPage() {
  const { t, i18n } = useTranslation('privacy')
  const loaderData = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { status, hasKey, canManage, updatedAt } = loaderData
  const freshKey = useFreshFormKey()
  const dateFormat = dateTimeFormatter(i18n.language, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' })

  const [revealForm, revealFields] = useForm({
    id: 'reveal-identity',
    constraint: getZodConstraint(RevealSchema),
    lastResult: actionData?.intent === 'reveal' ? actionData.result : undefined,
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RevealSchema }),
  })
  const [saveForm, saveFields] = useForm({
    id: 'save-identity',
    constraint: getZodConstraint(IdentitySchema),
    lastResult: actionData?.intent === 'save' ? actionData.result : undefined,
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: IdentitySchema }),
  })
  const [deleteForm, deleteFields] = useForm({
    id: 'delete-identity',
    constraint: getZodConstraint(DeleteIdentitySchema),
    lastResult: actionData?.intent === 'delete' ? actionData.result : undefined,
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DeleteIdentitySchema }),
  })

  const revealed = actionData?.revealed
  return (
    <section className="stack" aria-labelledby="identity-heading">
      <h2 id="identity-heading">{t('identity.title')}</h2>
      <p>{t('identity.intro')}</p>

      {!status.enabled ? (
        <p className="alert alert-warning" role="status">
          {t(`identity.disabled.${status.reason}`)}
        </p>
      ) : null}

      <SuccessStatus messages={{ created: t('identity.saved.created'), replaced: t('identity.saved.replaced'), deleted: t('identity.saved.deleted') }} hidden={Boolean(actionData)} />

      <p className="alert alert-info">
        {hasKey ? t('identity.exists', { date: updatedAt ? dateFormat(updatedAt) : '' }) : t('identity.anonymous')}
      </p>

      {!canManage ? <p className="alert alert-warning">{t('identity.noAccess')}</p> : null}

      {canManage && status.enabled && hasKey ? (
        <div className="card stack privacy-section">
          <h3>{t('identity.reveal.heading')}</h3>
          {revealed ? (
            <div className="alert alert-warning stack" role="status">
              <p>{t('identity.reveal.shownOnce')}</p>
              <dl className="facts">
                <dt>{t('identity.fields.name')}</dt>
                <dd>{revealed.name}</dd>
                <dt>{t('identity.fields.dateOfBirth')}</dt>
                <dd>{revealed.dateOfBirth}</dd>
                <dt>{t('identity.fields.phone')}</dt>
                <dd>{revealed.phone || t('identity.fields.noPhone')}</dd>
              </dl>
            </div>
          ) : null}
          {actionData?.revealError ? (
            <p className="alert alert-error" role="alert">
              {t(`identity.reveal.error.${actionData.revealError}`)}
            </p>
          ) : null}
          <p className="muted">{t('identity.reveal.hint')}</p>
          <Form method="post" {...getFormProps(revealForm)} className="stack">
            <FormErrorSummary errors={revealForm.errors} />
            <SelectField
              label={t('identity.reveal.reason')}
              placeholder={t('identity.reveal.choose')}
              options={REVEAL_REASON_CODES.map((reason) => ({ value: reason, label: t(`identity.reasons.${reason}`) }))}
              {...getSelectProps(revealFields.reason)}
              errors={revealFields.reason.errors}
            />
            <TextareaField
              label={t('identity.reveal.note')}
              hint={t('identity.reveal.noteHint')}
              {...getTextareaProps(revealFields.note)}
              errors={revealFields.note.errors}
            />
            <div className="form-actions">
              <SubmitButton intent="reveal">{t('identity.reveal.submit')}</SubmitButton>
            </div>
          </Form>
        </div>
      ) : null}

      {canManage && status.enabled ? (
        <div className="card stack privacy-section">
          <h3>{hasKey ? t('identity.save.replaceHeading') : t('identity.save.heading')}</h3>
          <Form key={freshKey} method="post" {...getFormProps(saveForm)} className="stack" autoComplete="off">
            <FormErrorSummary errors={saveForm.errors} />
            <div className="form-grid">
              <Field label={t('identity.fields.name')} {...getInputProps(saveFields.name, { type: 'text' })} errors={saveFields.name.errors} />
              <Field
                label={t('identity.fields.dateOfBirth')}
                {...getInputProps(saveFields.dateOfBirth, { type: 'date' })}
                errors={saveFields.dateOfBirth.errors}
              />
              <Field
                label={`${t('identity.fields.phone')} (${t('common:form.optional')})`}
                {...getInputProps(saveFields.phone, { type: 'tel' })}
                errors={saveFields.phone.errors}
              />
            </div>
            <div className="form-actions">
              <SubmitButton intent="save">{hasKey ? t('identity.save.replace') : t('identity.save.submit')}</SubmitButton>
            </div>
          </Form>
        </div>
      ) : null}

      {canManage && hasKey ? (
        <div className="card stack privacy-section">
          <h3>{t('identity.delete.heading')}</h3>
          <p>{t('identity.delete.explain')}</p>
          <Form method="post" {...getFormProps(deleteForm)} className="stack">
            <CheckboxField
              label={t('identity.delete.confirm')}
              {...getInputProps(deleteFields.confirm, { type: 'checkbox' })}
              errors={deleteFields.confirm.errors}
            />
            <div className="form-actions">
              <SubmitButton intent="delete" variant="danger">
                {t('identity.delete.submit')}
              </SubmitButton>
            </div>
          </Form>
        </div>
      ) : null}

      {status.enabled ? (
        <p>
          <Link to="/clients/check">{t('identity.checkLink')}</Link>
        </p>
      ) : null}
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
