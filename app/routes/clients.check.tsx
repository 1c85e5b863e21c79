import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { Field, FormErrorSummary } from '#app/components/ui/field.tsx'
import { checkForDuplicate, DUPLICATE_CHECKS_PER_HOUR, takeDuplicateCheck } from '#app/models/identity-key.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { getFixedT } from '#app/utils/i18n.server.ts'
import { identityKeyStatus } from '#app/utils/identity-crypto.server.ts'
import { readFormData } from '#app/utils/request.server.ts'
import { DuplicateCheckSchema } from '#app/forms/identity.ts'

export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' })

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ['COUNSELLOR', 'TEAM_LEAD'])
  const t = await getFixedT(request, 'privacy')
  return { title: t('check.title'), status: identityKeyStatus(), limit: DUPLICATE_CHECKS_PER_HOUR }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ['COUNSELLOR', 'TEAM_LEAD'])
  if (!identityKeyStatus().enabled) throw new Response('Identity keys are disabled', { status: 409 })
  const formData = await readFormData(request)
  const submission = parseWithZod(formData, { schema: DuplicateCheckSchema })
  const noStore = { 'Cache-Control': 'no-store' }
  if (submission.status !== 'success') {
    return data({ result: submission.reply(), outcome: null, limited: false }, { status: 400, headers: noStore })
  }
  if (!takeDuplicateCheck(user.id)) {
    return data({ result: submission.reply(), outcome: null, limited: true }, { status: 429, headers: noStore })
  }
  const outcome = await checkForDuplicate({ actor: user, ...submission.value })
  // The entered name and date are not sent back: the form is emptied after each check.
  return data({ result: submission.reply({ resetForm: true }), outcome, limited: false }, { headers: noStore })
}

export default function DuplicateCheckPage() {
  const { t } = useTranslation('privacy')
  const { status, limit } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: 'duplicate-check',
    constraint: getZodConstraint(DuplicateCheckSchema),
    lastResult: actionData?.result,
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DuplicateCheckSchema }),
  })
  const outcome = actionData?.outcome
  return (
    <div className="stack">
      <h1>{t('check.title')}</h1>
      <p>{t('check.intro', { limit })}</p>
      {!status.enabled ? (
        <p className="alert alert-warning" role="status">
          {t(`identity.disabled.${status.reason}`)}
        </p>
      ) : (
        <>
          <div aria-live="polite">
            {actionData?.limited ? (
              <p className="alert alert-error" role="alert">
                {t('check.limited', { limit })}
              </p>
            ) : null}
            {outcome?.kind === 'none' ? <p className="alert alert-success">{t('check.none')}</p> : null}
            {outcome?.kind === 'match' ? (
              <div className="alert alert-warning stack">
                <p>{t('check.match')}</p>
                {outcome.readable.length > 0 ? (
                  <ul>
                    {outcome.readable.map((kase) => (
                      <li key={kase.id}>
                        <Link to={`/cases/${kase.id}`}>{t('check.openCase', { code: kase.pseudonymCode })}</Link>
                        {kase.newCase ? (
                          <>
                            {' · '}
                            <Link to={`/cases/${kase.id}/new-case`}>{t('clients:person.newCase.title')}</Link>
                          </>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                ) : null}
                {outcome.teams.length > 0 ? <p>{t('check.contactTeam', { teams: outcome.teams.join(', ') })}</p> : null}
              </div>
            ) : null}
          </div>
          <Form method="post" {...getFormProps(form)} className="stack" autoComplete="off">
            <FormErrorSummary errors={form.errors} />
            <Field label={t('identity.fields.name')} {...getInputProps(fields.name, { type: 'text' })} errors={fields.name.errors} />
            <Field label={t('identity.fields.dateOfBirth')} {...getInputProps(fields.dateOfBirth, { type: 'date' })} errors={fields.dateOfBirth.errors} />
            <div className="form-actions">
              <SubmitButton>{t('check.submit')}</SubmitButton>
            </div>
          </Form>
          <p className="muted">{t('check.privacyNote')}</p>
        </>
      )}
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
