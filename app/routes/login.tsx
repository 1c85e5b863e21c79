import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { safeRedirect } from 'remix-utils/safe-redirect'
import { z } from 'zod'
import { Field, FormErrorSummary } from '#app/components/ui/field.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { hasUnreadOwnResetNotice } from '#app/models/second-factor.server.ts'
import { createSessionCookie, login, requireAnonymous } from '#app/utils/auth.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { getFixedT } from '#app/utils/i18n.server.ts'
import { clearIpFailures, isIpThrottled, recordIpFailure } from '#app/utils/login-throttle.server.ts'
import { clientIpOf, readFormData } from '#app/utils/request.server.ts'
import { EmailSchema, RedirectToSchema } from '#app/utils/validation.ts'

const LoginSchema = z.object({
  email: EmailSchema,
  password: z.string({ required_error: 'auth:login.passwordRequired' }).max(1024, 'auth:login.invalid'),
  redirectTo: RedirectToSchema,
})

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request)
  const t = await getFixedT(request, 'auth')
  return { title: t('login.title'), demoMode: getEnv().APP_MODE === 'demo' }
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request)
  const formData = await readFormData(request)
  const submission = parseWithZod(formData, { schema: LoginSchema })
  if (submission.status !== 'success') {
    return data({ result: submission.reply({ hideFields: ['password'] }) }, { status: 400 })
  }
  const ip = clientIpOf(context, request)
  if (isIpThrottled(ip, getEnv().LOGIN_IP_MAX_FAILURES)) {
    return data({ result: submission.reply({ formErrors: ['auth:login.throttled'], hideFields: ['password'] }) }, { status: 429 })
  }
  const result = await login({ ...submission.value, requestId: context.requestId })
  if (!result.ok) {
    recordIpFailure(ip)
    return data({ result: submission.reply({ formErrors: ['auth:login.invalid'], hideFields: ['password'] }) }, { status: 400 })
  }
  const target = safeRedirect(submission.value.redirectTo, '/')
  const next = new URLSearchParams({ redirectTo: target })
  // the IP's failures are forgiven only when the whole sign-in succeeds (after the code, if one is due)
  if (result.pendingStep !== 'TOTP') clearIpFailures(ip)
  const destination =
    result.pendingStep === 'TOTP'
      ? `/login/verify?${next}`
      : result.mustChangePassword
        ? `/settings/password?${next}`
        : result.pendingStep === 'ENROL' || (await hasUnreadOwnResetNotice(result.userId))
          ? `/settings/security?${next}`
          : target
  throw redirect(destination, { headers: { 'Set-Cookie': await createSessionCookie(request, result.sessionId) } })
}

export default function LoginPage() {
  const { t } = useTranslation('auth')
  const { demoMode } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const reason = searchParams.get('reason')
  const passwordRef = useRef<HTMLInputElement>(null)
  // A failed attempt empties the password field (with JavaScript; without it the page reloads empty).
  useEffect(() => {
    if (actionData && passwordRef.current) passwordRef.current.value = ''
  }, [actionData])
  const [form, fields] = useForm({
    id: 'login',
    constraint: getZodConstraint(LoginSchema),
    lastResult: actionData?.result,
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
  })
  return (
    <div className="narrow">
      <h1>{t('login.title')}</h1>
      {reason === 'expired' ? (
        <p className="alert alert-info" role="status">
          {t('login.expired')}
        </p>
      ) : null}
      {reason === 'locked' ? (
        <p className="alert alert-error" role="alert">
          {t('login.locked')}
        </p>
      ) : null}
      {reason === 'signed-out' ? (
        <p className="alert alert-info" role="status">
          {t('login.signedOut')}
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrorSummary errors={form.errors} />
        <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
        <Field
          label={t('login.email')}
          {...getInputProps(fields.email, { type: 'email' })}
          autoComplete="username"
          errors={fields.email.errors}
        />
        <Field
          label={t('login.password')}
          {...getInputProps(fields.password, { type: 'password' })}
          autoComplete="current-password"
          ref={passwordRef}
          errors={fields.password.errors}
        />
        <SubmitButton>{t('login.submit')}</SubmitButton>
      </Form>
      {demoMode ? <p className="muted">{t('login.demoHint')}</p> : null}
    </div>
  )
}
