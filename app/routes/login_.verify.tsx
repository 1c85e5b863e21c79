import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { Field, FormErrorSummary } from '#app/components/ui/field.tsx'
import { RecoveryCodeSchema, SignInCodeSchema } from '#app/forms/second-factor.ts'
import { countUnreadOwnAccountNotices } from '#app/models/privacy-notice.server.ts'
import { verifySignIn } from '#app/models/second-factor.server.ts'
import { createSessionCookie, requireCodePending } from '#app/utils/auth.server.ts'
import { getSessionStorage, getCookieSession, isSecureRequest } from '#app/utils/session.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { getFixedT } from '#app/utils/i18n.server.ts'
import { reserveIpAttempt } from '#app/utils/login-throttle.server.ts'
import { clientIpOf, readFormData } from '#app/utils/request.server.ts'
import { safeRedirect } from '#app/utils/safe-redirect.ts'

// The second step of signing in: the code of the authenticator app, or one of the recovery codes.
// Only a session whose password was right reaches this page; it grants nothing else.
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' })

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

export async function loader({ request }: LoaderFunctionArgs) {
  const pending = await requireCodePending(request)
  const t = await getFixedT(request, 'auth')
  return data({ title: t('secondFactor.verify.title'), email: pending.email }, { headers: { 'Cache-Control': 'no-store' } })
}

export async function action({ request }: ActionFunctionArgs) {
  const pending = await requireCodePending(request)
  const formData = await readFormData(request)
  const intent = formData.get('intent') === 'recovery' ? 'recovery' : 'totp'
  const noStore = { 'Cache-Control': 'no-store' }
  const submission = parseWithZod(formData, { schema: intent === 'recovery' ? RecoveryCodeSchema : SignInCodeSchema })
  if (submission.status !== 'success') return data({ intent, result: submission.reply({ hideFields: ['code', 'recoveryCode'] }) }, { status: 400, headers: noStore })
  // a wrong code counts against the address like a wrong password (the slot is kept), a right one not
  const slot = reserveIpAttempt(clientIpOf(request), getEnv().LOGIN_IP_MAX_FAILURES)
  if (!slot) {
    return data({ intent, result: submission.reply({ formErrors: ['auth:login.throttled'], hideFields: ['code', 'recoveryCode'] }) }, { status: 429, headers: noStore })
  }
  const code = 'code' in submission.value ? submission.value.code : submission.value.recoveryCode
  let result: Awaited<ReturnType<typeof verifySignIn>>
  try {
    result = await verifySignIn({ userId: pending.userId, pendingSessionId: pending.sessionId, method: intent === 'recovery' ? 'recovery-code' : 'totp', code })
  } catch (error) {
    slot.release()
    throw error
  }
  if (!result.ok) {
    if (result.error === 'locked') {
      const session = await getCookieSession(request)
      throw redirect('/login?reason=locked', { headers: { 'Set-Cookie': await getSessionStorage().destroySession(session, { secure: isSecureRequest(request) }) } })
    }
    const field = intent === 'recovery' ? 'recoveryCode' : 'code'
    return data({ intent, result: submission.reply({ fieldErrors: { [field]: [`auth:secondFactor.errors.${intent === 'recovery' ? 'recoveryInvalid' : 'invalid'}`] }, hideFields: ['code', 'recoveryCode'] }) }, { status: 400, headers: noStore })
  }
  slot.release()
  const target = safeRedirect(submission.value.redirectTo, '/')
  const next = new URLSearchParams({ redirectTo: target })
  // a used recovery code: the security page says what to do; then what the administration changed
  // on the account (four eyes, decision 018)
  const destination =
    result.recoveryCodesLeft !== null
      ? `/settings/security?${new URLSearchParams({ recoveryUsed: String(result.recoveryCodesLeft), redirectTo: target })}`
      : (await countUnreadOwnAccountNotices(pending.userId)) > 0
        ? `/privacy/notices?${next}`
        : target
  throw redirect(destination, { headers: { 'Set-Cookie': await createSessionCookie(request, result.sessionId) } })
}

export default function VerifyPage() {
  const { t } = useTranslation('auth')
  const { email } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const redirectTo = searchParams.get('redirectTo') ?? ''
  const [codeForm, codeFields] = useForm({
    id: 'second-factor-code',
    constraint: getZodConstraint(SignInCodeSchema),
    lastResult: actionData?.intent === 'totp' ? actionData.result : undefined,
    shouldValidate: 'onSubmit',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignInCodeSchema }),
  })
  const [recoveryForm, recoveryFields] = useForm({
    id: 'second-factor-recovery',
    constraint: getZodConstraint(RecoveryCodeSchema),
    lastResult: actionData?.intent === 'recovery' ? actionData.result : undefined,
    shouldValidate: 'onSubmit',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RecoveryCodeSchema }),
  })
  return (
    <div className="narrow stack">
      <h1>{t('secondFactor.verify.title')}</h1>
      <p>{t('secondFactor.verify.intro', { email })}</p>
      <Form method="post" {...getFormProps(codeForm)} className="stack">
        <FormErrorSummary errors={codeForm.errors} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field
          label={t('secondFactor.code')}
          hint={t('secondFactor.codeHint')}
          {...getInputProps(codeFields.code, { type: 'text' })}
          autoComplete="one-time-code"
          inputMode="numeric"
          errors={codeFields.code.errors}
        />
        <SubmitButton intent="totp">{t('secondFactor.verify.submit')}</SubmitButton>
      </Form>
      <details className="card" open={actionData?.intent === 'recovery'}>
        <summary>{t('secondFactor.verify.lostDevice')}</summary>
        <Form method="post" {...getFormProps(recoveryForm)} className="stack">
          <FormErrorSummary errors={recoveryForm.errors} />
          <p>{t('secondFactor.verify.recoveryIntro')}</p>
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <Field
            label={t('secondFactor.recoveryCode')}
            hint={t('secondFactor.recoveryCodeHint')}
            {...getInputProps(recoveryFields.recoveryCode, { type: 'text' })}
            autoComplete="off"
            spellCheck={false}
            errors={recoveryFields.recoveryCode.errors}
          />
          <SubmitButton intent="recovery" variant="secondary">
            {t('secondFactor.verify.submitRecovery')}
          </SubmitButton>
        </Form>
      </details>
      <Form method="post" action="/logout">
        <button type="submit" className="button button-link">
          {t('secondFactor.verify.cancel')}
        </button>
      </Form>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
