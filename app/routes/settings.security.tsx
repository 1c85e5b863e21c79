import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { Field, FormErrorSummary } from '#app/components/ui/field.tsx'
import { CurrentCodeSchema } from '#app/forms/second-factor.ts'
import {
  confirmEnrolment,
  disableSecondFactor,
  getSecondFactorStatus,
  regenerateRecoveryCodes,
  replaceFactor,
  startEnrolment,
} from '#app/models/second-factor.server.ts'
import { countUnreadOwnAccountNotices } from '#app/models/privacy-notice.server.ts'
import { createSessionCookie, requireUser } from '#app/utils/auth.server.ts'
import { formatDateTime } from '#app/utils/format.ts'
import { getFixedT } from '#app/utils/i18n.server.ts'
import { qrCodeDataUri } from '#app/utils/qr-code.server.ts'
import { readFormData } from '#app/utils/request.server.ts'
import { setRecoveryCodesFlash, takeRecoveryCodesFlash } from '#app/utils/recovery-codes-flash.server.ts'
import { safeRedirect } from '#app/utils/safe-redirect.ts'
import { getCookieSession, getSessionStorage, isSecureRequest } from '#app/utils/session.server.ts'
import { groupedSecret, totpAuthUri } from '#app/utils/totp.server.ts'

// /settings/security — the second factor: set up an authenticator app (QR code and the secret as
// text, confirmed by a first code), recovery codes (shown once), a new phone, switching off where
// it is not required. A session that signed in with the password only and must still set up a
// second factor reaches this page and nothing else; a reset by an administrator is told on
// /privacy/notices (decision 018), to which the enrolment continues while such a notice is unread.
// Confirming an enrolment redirects here with the recovery codes in a one-time flash (the enrolment
// that completes a sign-in replaces the session, which the action's own answer could not carry
// without JavaScript); the page shows them once, and a reload shows them no more.
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' })

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

const ISSUER = 'Wegbegleiter'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { allowEnrolment: true })
  const [status, t, { flash, clear }] = await Promise.all([getSecondFactorStatus(user), getFixedT(request, 'auth'), takeRecoveryCodesFlash(request, user.sessionId)])
  const enrolment = status.pendingSecret
    ? {
        secret: groupedSecret(status.pendingSecret),
        qrCode: await qrCodeDataUri(totpAuthUri({ secret: status.pendingSecret, accountName: user.email, issuer: ISSUER })),
      }
    : null
  return data(
    {
      title: t('secondFactor.settings.title'),
      email: user.email,
      enrolmentPending: user.enrolmentPending,
      required: status.required,
      enrolled: status.enrolled,
      confirmedAt: status.confirmedAt?.toISOString() ?? null,
      recoveryCodesLeft: status.recoveryCodesLeft,
      enrolment,
      shownOnce: flash,
    },
    { headers: clear ? { 'Cache-Control': 'no-store', 'Set-Cookie': clear } : { 'Cache-Control': 'no-store' } },
  )
}

type ActionData = { intent: string; result?: SubmissionResult<string[]>; recoveryCodes?: string[]; done?: string }

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { allowEnrolment: true })
  const formData = await readFormData(request)
  const intent = String(formData.get('intent') ?? '')
  const noStore = { 'Cache-Control': 'no-store' }
  const target = safeRedirect(String(formData.get('redirectTo') ?? ''), '/')
  const here = `/settings/security?${new URLSearchParams({ redirectTo: target })}`
  const reply = (body: ActionData, status = 200, headers: HeadersInit = noStore) => data(body, { status, headers })
  const signedOutLocked = async () => {
    const session = await getCookieSession(request)
    return redirect('/login?reason=locked', { headers: { 'Set-Cookie': await getSessionStorage().destroySession(session, { secure: isSecureRequest(request) }) } })
  }

  if (intent === 'start') {
    await startEnrolment({ userId: user.id })
    throw redirect(here)
  }
  if (!['confirm', 'regenerate', 'replace', 'disable'].includes(intent)) throw new Response('Unknown intent', { status: 400 })
  // the enrolment is all a session waiting for it may do
  if (user.enrolmentPending && intent !== 'confirm') throw new Response('Set up the second factor first', { status: 403 })

  const submission = parseWithZod(formData, { schema: CurrentCodeSchema })
  if (submission.status !== 'success') return reply({ intent, result: submission.reply({ hideFields: ['code'] }) }, 400)
  const wrongCode = (key = 'auth:secondFactor.errors.invalid') => reply({ intent, result: submission.reply({ fieldErrors: { code: [key] }, hideFields: ['code'] }) }, 400)
  const refused = (error: 'code' | 'locked' | 'required' | 'not-enrolled') =>
    error === 'locked'
      ? signedOutLocked()
      : error === 'not-enrolled'
        ? reply({ intent, result: submission.reply({ formErrors: ['auth:secondFactor.errors.notEnrolled'] }) }, 409)
        : wrongCode(error === 'required' ? 'auth:secondFactor.errors.required' : undefined)

  if (intent === 'confirm') {
    const result = await confirmEnrolment({ userId: user.id, code: submission.value.code, session: { id: user.sessionId, enrolmentPending: user.enrolmentPending } })
    if (!result.ok) return result.error === 'code' ? wrongCode() : reply({ intent, result: submission.reply({ formErrors: ['auth:secondFactor.errors.notStarted'] }) }, 409)
    const headers = new Headers(noStore)
    if (result.sessionId) headers.append('Set-Cookie', await createSessionCookie(request, result.sessionId))
    // what the administration changed on the account (e.g. the reset that led here) comes first
    const continueTo = !user.enrolmentPending ? null : (await countUnreadOwnAccountNotices(user.id)) > 0 ? `/privacy/notices?${new URLSearchParams({ redirectTo: target })}` : target
    headers.append('Set-Cookie', await setRecoveryCodesFlash(request, result.sessionId ?? user.sessionId, { codes: result.recoveryCodes, continueTo }))
    throw redirect(here, { headers })
  }
  if (intent === 'regenerate') {
    const result = await regenerateRecoveryCodes({ userId: user.id, code: submission.value.code })
    if (!result.ok) return refused(result.error)
    return reply({ intent, recoveryCodes: result.value, done: 'regenerated' })
  }
  if (intent === 'replace') {
    const result = await replaceFactor({ userId: user.id, code: submission.value.code })
    if (!result.ok) return refused(result.error)
    throw redirect(here)
  }
  const result = await disableSecondFactor({ user, code: submission.value.code })
  if (!result.ok) return refused(result.error)
  return reply({ intent, done: 'disabled' })
}

function CodeForm({ id, intent, label, submit, lastResult, variant = 'primary' }: { id: string; intent: string; label: string; submit: string; lastResult?: SubmissionResult<string[]>; variant?: 'primary' | 'secondary' | 'danger' }) {
  const { t } = useTranslation('auth')
  const [searchParams] = useSearchParams()
  const [form, fields] = useForm({
    id,
    constraint: getZodConstraint(CurrentCodeSchema),
    lastResult,
    shouldValidate: 'onSubmit',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CurrentCodeSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <FormErrorSummary errors={form.errors} />
      <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
      <Field label={label} hint={t('secondFactor.codeHint')} {...getInputProps(fields.code, { type: 'text' })} autoComplete="one-time-code" inputMode="numeric" errors={fields.code.errors} />
      <div className="form-actions">
        <SubmitButton intent={intent} variant={variant}>
          {submit}
        </SubmitButton>
      </div>
    </Form>
  )
}

export default function SecurityPage() {
  const { t, i18n } = useTranslation('auth')
  const loaderData = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData | undefined
  const [searchParams] = useSearchParams()
  const { enrolmentPending, required, enrolled, confirmedAt, recoveryCodesLeft, enrolment, shownOnce } = loaderData
  const lastResultFor = (intent: string) => (actionData?.intent === intent ? actionData.result : undefined)
  const recoveryUsed = searchParams.get('recoveryUsed')
  const redirectTo = searchParams.get('redirectTo') ?? ''

  // new codes: after an enrolment from the one-time flash, after a regeneration in the action's answer
  const shown = shownOnce
    ? { codes: shownOnce.codes, continueTo: shownOnce.continueTo, done: 'enrolled' }
    : actionData?.recoveryCodes
      ? { codes: actionData.recoveryCodes, continueTo: null, done: actionData.done }
      : null
  if (shown) {
    return (
      <div className="narrow stack">
        <h1>{t('secondFactor.settings.title')}</h1>
        <p className="alert alert-success" role="status">
          {t(`secondFactor.settings.done.${shown.done}`)}
        </p>
        <section className="card stack" aria-labelledby="recovery-codes-heading">
          <h2 id="recovery-codes-heading">{t('secondFactor.recovery.heading')}</h2>
          <p>{t('secondFactor.recovery.showOnce')}</p>
          <ol className="recovery-codes">
            {shown.codes.map((code) => (
              <li key={code} className="code">
                {code}
              </li>
            ))}
          </ol>
        </section>
        {shown.continueTo ? (
          <p>
            <a className="button button-primary" href={shown.continueTo}>
              {t('secondFactor.settings.continue')}
            </a>
          </p>
        ) : (
          <p>
            <Link to="/settings/security">{t('secondFactor.settings.back')}</Link>
          </p>
        )}
      </div>
    )
  }

  return (
    <div className="narrow stack">
      <h1>{t('secondFactor.settings.title')}</h1>
      <p>{t('secondFactor.settings.intro')}</p>
      {enrolmentPending ? (
        <p className="alert alert-info" role="status">
          {t('secondFactor.settings.requiredNow')}
        </p>
      ) : null}
      {recoveryUsed !== null ? (
        <p className="alert alert-warning" role="status">
          {t('secondFactor.recovery.used', { count: Number(recoveryUsed) })}
        </p>
      ) : null}
      {actionData?.done === 'disabled' ? (
        <p className="alert alert-success" role="status">
          {t('secondFactor.settings.done.disabled')}
        </p>
      ) : null}

      <section className="card stack" aria-labelledby="factor-heading">
        <h2 id="factor-heading">{t('secondFactor.settings.appHeading')}</h2>
        <p>
          {enrolled ? t('secondFactor.settings.enrolledSince', { date: formatDateTime(confirmedAt, i18n.language) }) : t('secondFactor.settings.notEnrolled')}{' '}
          {required ? t('secondFactor.settings.required') : t('secondFactor.settings.optional')}
        </p>
        {enrolment ? (
          <div className="stack">
            <h3>{t('secondFactor.enrol.heading')}</h3>
            <ol className="stack">
              <li>{t('secondFactor.enrol.stepApp')}</li>
              <li>
                {t('secondFactor.enrol.stepScan')}
                <img className="qr-code" src={enrolment.qrCode} alt={t('secondFactor.enrol.qrAlt')} width={220} height={220} />
                <span className="field-hint">{t('secondFactor.enrol.manual')}</span> <code className="code secret">{enrolment.secret}</code>
              </li>
              <li>{t('secondFactor.enrol.stepCode')}</li>
            </ol>
            <CodeForm id="confirm-enrolment" intent="confirm" label={t('secondFactor.code')} submit={t('secondFactor.enrol.submit')} lastResult={lastResultFor('confirm')} />
          </div>
        ) : !enrolled ? (
          <Form method="post">
            <input type="hidden" name="redirectTo" value={redirectTo} />
            <SubmitButton intent="start">{t('secondFactor.enrol.start')}</SubmitButton>
          </Form>
        ) : null}
      </section>

      {enrolled && !enrolmentPending ? (
        <>
          <section className="card stack" aria-labelledby="recovery-heading">
            <h2 id="recovery-heading">{t('secondFactor.recovery.heading')}</h2>
            <p>{t('secondFactor.recovery.left', { count: recoveryCodesLeft })}</p>
            <CodeForm id="regenerate-codes" intent="regenerate" label={t('secondFactor.code')} submit={t('secondFactor.recovery.regenerate')} lastResult={lastResultFor('regenerate')} variant="secondary" />
          </section>
          <section className="card stack" aria-labelledby="replace-heading">
            <h2 id="replace-heading">{t('secondFactor.replace.heading')}</h2>
            <p>{t('secondFactor.replace.intro')}</p>
            <CodeForm id="replace-factor" intent="replace" label={t('secondFactor.code')} submit={t('secondFactor.replace.submit')} lastResult={lastResultFor('replace')} variant="secondary" />
          </section>
          {!required ? (
            <section className="card stack" aria-labelledby="disable-heading">
              <h2 id="disable-heading">{t('secondFactor.disable.heading')}</h2>
              <p>{t('secondFactor.disable.intro')}</p>
              <CodeForm id="disable-factor" intent="disable" label={t('secondFactor.code')} submit={t('secondFactor.disable.submit')} lastResult={lastResultFor('disable')} variant="danger" />
            </section>
          ) : null}
        </>
      ) : null}
      {enrolmentPending ? (
        <Form method="post" action="/logout">
          <button type="submit" className="button button-link">
            {t('secondFactor.verify.cancel')}
          </button>
        </Form>
      ) : null}
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
