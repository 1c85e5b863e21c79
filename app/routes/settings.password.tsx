import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { Field, FormErrorSummary } from '#app/components/ui/field.tsx'
import { changePassword, destroySessionCookie, requireUser } from '#app/utils/auth.server.ts'
import { getFixedT } from '#app/utils/i18n.server.ts'
import { readFormData } from '#app/utils/request.server.ts'
import { ChangePasswordSchema } from '#app/forms/auth.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { allowPasswordChange: true })
  const t = await getFixedT(request, 'auth')
  return { title: t('password.title'), forced: user.mustChangePassword }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { allowPasswordChange: true })
  const formData = await readFormData(request)
  const submission = parseWithZod(formData, { schema: ChangePasswordSchema })
  const hidden = ['currentPassword', 'newPassword', 'confirmPassword']
  if (submission.status !== 'success') {
    return data({ result: submission.reply({ hideFields: hidden }), changed: false }, { status: 400 })
  }
  const outcome = await changePassword({
    userId: user.id,
    currentPassword: submission.value.currentPassword,
    newPassword: submission.value.newPassword,
    keepSessionId: user.sessionId,
  })
  if (outcome === 'locked') {
    // Every session of the account has ended; the cookie goes too, and the sign-in page says why.
    throw redirect('/login?reason=locked', { headers: { 'Set-Cookie': await destroySessionCookie(request) } })
  }
  if (outcome === 'wrong') {
    return data(
      { result: submission.reply({ fieldErrors: { currentPassword: ['auth:password.currentWrong'] }, hideFields: hidden }), changed: false },
      { status: 400 },
    )
  }
  if (user.mustChangePassword) throw redirect(submission.value.redirectTo)
  return { result: submission.reply({ resetForm: true }), changed: true }
}

export default function ChangePasswordPage() {
  const { t } = useTranslation('auth')
  const { forced } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const [form, fields] = useForm({
    id: 'change-password',
    constraint: getZodConstraint(ChangePasswordSchema),
    lastResult: actionData?.result,
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ChangePasswordSchema }),
  })
  return (
    <div className="narrow">
      <h1>{t('password.title')}</h1>
      {forced ? <p className="alert alert-info">{t('password.forcedIntro')}</p> : null}
      {actionData?.changed ? (
        <p className="alert alert-success" role="status">
          {t('password.changed')}
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrorSummary errors={form.errors} />
        <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
        <Field label={t('password.current')} {...getInputProps(fields.currentPassword, { type: 'password' })} autoComplete="current-password" errors={fields.currentPassword.errors} />
        <Field label={t('password.new')} hint={t('password.hint')} {...getInputProps(fields.newPassword, { type: 'password' })} autoComplete="new-password" errors={fields.newPassword.errors} />
        <Field label={t('password.confirm')} {...getInputProps(fields.confirmPassword, { type: 'password' })} autoComplete="new-password" errors={fields.confirmPassword.errors} />
        <SubmitButton>{t('password.submit')}</SubmitButton>
      </Form>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
