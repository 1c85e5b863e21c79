import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { Field, FormErrorSummary } from '#app/components/ui/field.tsx'
import { countUnreadOwnAccountNotices } from '#app/models/privacy-notice.server.ts'
import { secondFactorRequiredFor } from '#app/models/second-factor.server.ts'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { createSessionCookie, login, requireAnonymous, type LoginResult } from '#app/utils/auth.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { getFixedT } from '#app/utils/i18n.server.ts'
import { reserveIpAttempt } from '#app/utils/login-throttle.server.ts'
import { clientIpOf, readFormData } from '#app/utils/request.server.ts'
import { LoginSchema } from '#app/forms/auth.ts'

/** Why the sign-in page was opened (`?reason=`), as set by the server's redirects. */
const REASON_MESSAGES = {
  expired: 'login.expired',
  'signed-out': 'login.signedOut',
  locked: 'login.lockedSignedOut',
  'password-set': 'login.passwordSet',
} as const

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request)
  const t = await getFixedT(request, 'auth')
  return { title: t('login.title'), demoMode: getEnv().APP_MODE === 'demo' }
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAnonymous(request)
  const formData = await readFormData(request)
  const submission = parseWithZod(formData, { schema: LoginSchema })
  if (submission.status !== 'success') {
    return data({ result: submission.reply({ hideFields: ['password'] }) }, { status: 400 })
  }
  const slot = reserveIpAttempt(clientIpOf(request), getEnv().LOGIN_IP_MAX_FAILURES)
  if (!slot) {
    return data({ result: submission.reply({ formErrors: ['auth:login.throttled'], hideFields: ['password'] }) }, { status: 429 })
  }
  let result: LoginResult
  try {
    result = await login({ ...submission.value, secondFactorRequired: secondFactorRequiredFor })
  } catch (error) {
    // Not the client's failure (e.g. the database): the attempt does not count against the address.
    slot.release()
    throw error
  }
  if (!result.ok) {
    return data({ result: submission.reply({ formErrors: ['auth:login.invalid'], hideFields: ['password'] }) }, { status: 400 })
  }
  // the password was right: the attempt does not count against the address (wrong codes count on /login/verify)
  slot.release()
  const target = submission.value.redirectTo
  const next = new URLSearchParams({ redirectTo: target })
  // The code first; then a forced password change or the enrolment a half signed-in session allows;
  // then changes an administrator made to this account (four eyes, decision 018).
  const destination =
    result.pendingStep === 'TOTP'
      ? `/login/verify?${next}`
      : result.mustChangePassword
        ? `/settings/password?${next}`
        : result.pendingStep === 'ENROL'
          ? `/settings/security?${next}`
          : (await countUnreadOwnAccountNotices(result.userId)) > 0
            ? `/privacy/notices?${next}`
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
      {reason && reason in REASON_MESSAGES ? (
        <p className={`alert ${reason === 'locked' ? 'alert-error' : 'alert-info'}`} role="status">
          {t(REASON_MESSAGES[reason as keyof typeof REASON_MESSAGES])}
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
      <p>
        <Link to="/password/set">{t('login.haveCode')}</Link>
      </p>
      {demoMode ? <p className="muted">{t('login.demoHint')}</p> : null}
    </div>
  )
}
