import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import {
  formatDate,
  ReferralStatusBadge,
  todayInput,
} from '#app/components/referral-fields.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { Field, FormErrorSummary } from '#app/components/ui/field.tsx'
import { dateFromInput } from '#app/domain/referral-lifecycle.ts'
import { requireCaseForRoute } from '#app/models/case-access.server.ts'
import { getConsent, openReferralsUnderConsent, withdrawConsent } from '#app/models/consent.server.ts'
import { getFixedT } from '#app/utils/i18n.server.ts'
import { notFound, readFormData } from '#app/utils/request.server.ts'
import { WithdrawSchema } from '#app/forms/consent.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.title ?? ''} · Wegbegleiter` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, kase } = await requireCaseForRoute({ request, params }, 'write')
  const consent = await getConsent(kase.id, params.consentId ?? '', { userId: user.id })
  if (!consent) notFound()
  const t = await getFixedT(request, 'referrals')
  const referrals = await openReferralsUnderConsent(kase.id, consent.id)
  return { title: t('consents.withdrawTitle'), caseId: kase.id, consent, referrals, today: todayInput() }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, kase } = await requireCaseForRoute({ request, params }, 'write')
  const formData = await readFormData(request)
  const submission = parseWithZod(formData, { schema: WithdrawSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const result = await withdrawConsent(
    kase.id,
    params.consentId ?? '',
    dateFromInput(submission.value.withdrawnAt),
    { userId: user.id },
  )
  if (!result.ok) {
    if (result.error === 'notFound') notFound()
    const message = {
      alreadyWithdrawn: 'referrals:consents.errors.alreadyWithdrawn',
      beforeGiven: 'referrals:consents.errors.withdrawnBeforeGiven',
      inFuture: 'referrals:consents.errors.withdrawnInFuture',
    }[result.error]
    return data({ result: submission.reply({ fieldErrors: { withdrawnAt: [message] } }) }, { status: 400 })
  }
  throw redirect(`/cases/${kase.id}/consents?withdrawn=1&flagged=${result.flagged}`)
}

export default function WithdrawConsentPage() {
  const { t, i18n } = useTranslation('referrals')
  const { caseId, consent, referrals, today } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: 'withdraw-consent',
    constraint: getZodConstraint(WithdrawSchema),
    lastResult: actionData?.result,
    shouldRevalidate: 'onInput',
    defaultValue: { withdrawnAt: today },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: WithdrawSchema }),
  })
  const recipient = consent.recipientPartner
    ? consent.recipientPartner.name
    : t('consents.anyOfKind', { kind: t(`codes:referralKind.${consent.recipientKind}`) })
  return (
    <section className="stack" aria-labelledby="withdraw-heading">
      <h2 id="withdraw-heading">{t('consents.withdrawTitle')}</h2>
      <dl className="facts">
        <dt>{t('consents.fields.recipient')}</dt>
        <dd>{recipient}</dd>
        <dt>{t('consents.fields.purpose')}</dt>
        <dd>{consent.purpose}</dd>
        <dt>{t('consents.fields.givenAt')}</dt>
        <dd>{formatDate(consent.givenAt, i18n.language)}</dd>
      </dl>
      {consent.withdrawnAt ? (
        <p className="alert alert-info">
          {t('consents.withdrawnOn', { date: formatDate(consent.withdrawnAt, i18n.language) })}
        </p>
      ) : (
        <>
          <p>{t('consents.withdrawIntro')}</p>
          {referrals.length > 0 ? (
            <div className="alert alert-warning">
              <p>{t('consents.withdrawFlags', { count: referrals.length })}</p>
              <ul>
                {referrals.map((referral) => (
                  <li key={referral.id}>
                    {referral.partner?.name ?? t(`codes:referralKind.${referral.kind}`)} —{' '}
                    <ReferralStatusBadge status={referral.status} />{' '}
                    {t('referral.sentOn', { date: formatDate(referral.sentAt, i18n.language) })}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <Form method="post" {...getFormProps(form)} className="stack">
            <FormErrorSummary errors={form.errors} />
            <Field
              label={t('consents.fields.withdrawnAt')}
              {...getInputProps(fields.withdrawnAt, { type: 'date' })}
              max={today}
              errors={fields.withdrawnAt.errors}
            />
            <div className="form-actions">
              <SubmitButton variant="danger">{t('consents.withdrawSubmit')}</SubmitButton>
              <Link to={`/cases/${caseId}/consents`}>{t('common:actions.cancel')}</Link>
            </div>
          </Form>
        </>
      )}
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
