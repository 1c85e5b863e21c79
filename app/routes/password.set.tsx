import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { Field, FormErrorSummary } from '#app/components/ui/field.tsx'
import { redeemPasswordSetCode } from '#app/models/password-set-code.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { getFixedT } from '#app/utils/i18n.server.ts'
import { reserveIpAttempt } from '#app/utils/login-throttle.server.ts'
import { clientIpOf, readFormData } from '#app/utils/request.server.ts'
import { SetPasswordSchema } from '#app/forms/auth.ts'

// /password/set — a person sets their password with the one-time code an administrator gave them
// after creating the account or resetting its password (decision 018). Works without being signed in.
const HIDDEN = ['newPassword', 'confirmPassword']

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await getFixedT(request, 'auth')
  return { title: t('setPassword.title') }
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readFormData(request)
  const submission = parseWithZod(formData, { schema: SetPasswordSchema })
  if (submission.status !== 'success') return data({ result: submission.reply({ hideFields: HIDDEN }) }, { status: 400 })
  // A wrong code counts against the address like a wrong password.
  const slot = reserveIpAttempt(clientIpOf(request), getEnv().LOGIN_IP_MAX_FAILURES)
  if (!slot) return data({ result: submission.reply({ formErrors: ['auth:login.throttled'], hideFields: HIDDEN }) }, { status: 429 })
  let redeemed: Awaited<ReturnType<typeof redeemPasswordSetCode>>
  try {
    redeemed = await redeemPasswordSetCode({ code: submission.value.code, newPassword: submission.value.newPassword })
  } catch (error) {
    slot.release()
    throw error
  }
  if (!redeemed.ok) {
    return data({ result: submission.reply({ fieldErrors: { code: ['auth:setPassword.codeInvalid'] }, hideFields: HIDDEN }) }, { status: 400 })
  }
  slot.release()
  throw redirect('/login?reason=password-set')
}

export default function SetPasswordPage() {
  const { t } = useTranslation('auth')
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: 'set-password',
    constraint: getZodConstraint(SetPasswordSchema),
    lastResult: actionData?.result,
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SetPasswordSchema }),
  })
  return (
    <div className="narrow">
      <h1>{t('setPassword.title')}</h1>
      <p>{t('setPassword.intro')}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrorSummary errors={form.errors} />
        <Field
          label={t('setPassword.code')}
          hint={t('setPassword.codeHint')}
          {...getInputProps(fields.code, { type: 'text' })}
          autoComplete="one-time-code"
          spellCheck={false}
          autoCapitalize="characters"
          errors={fields.code.errors}
        />
        <Field label={t('password.new')} hint={t('password.hint')} {...getInputProps(fields.newPassword, { type: 'password' })} autoComplete="new-password" errors={fields.newPassword.errors} />
        <Field label={t('password.confirm')} {...getInputProps(fields.confirmPassword, { type: 'password' })} autoComplete="new-password" errors={fields.confirmPassword.errors} />
        <SubmitButton>{t('setPassword.submit')}</SubmitButton>
      </Form>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
