import {
  getFormProps,
  getInputProps,
  getSelectProps,
  useForm,
  type SubmissionResult,
} from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import {
  ConsentFlag,
  Days,
  formatDate,
  ReferralStatusBadge,
  todayInput,
} from '#app/components/referral-fields.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { CheckboxField, Field, FormErrorSummary, SelectField } from '#app/components/ui/field.tsx'
import { allowedTransitions, dateFromInput, dayKey } from '#app/domain/referral-lifecycle.ts'
import { CASE_POLICY } from '#app/domain/access-policy.ts'
import { requireCaseForRoute } from '#app/models/case-access.server.ts'
import {
  getReferral,
  setFeedbackReceived,
  transitionReferral,
  type Conflict,
} from '#app/models/referral.server.ts'
import { getFixedT, getLanguage } from '#app/utils/i18n.server.ts'
import { languageName } from '#app/utils/iso.server.ts'
import { notFound, readFormData } from '#app/utils/request.server.ts'
import { TransitionSchema, FeedbackSchema } from '#app/forms/referral.ts'
import { codeOptions } from '#app/utils/options.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.title ?? ''} · Wegbegleiter` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, kase } = await requireCaseForRoute({ request, params }, 'read')
  const referral = await getReferral(kase.id, params.referralId ?? '', { userId: user.id })
  if (!referral) notFound()
  const [t, lng] = await Promise.all([getFixedT(request, 'referrals'), getLanguage(request)])
  const lastStep = referral.transitions.at(-1)
  return {
    title: t('referral.detailTitle', {
      partner: referral.partner?.name ?? t(`codes:referralKind.${referral.kind}`),
    }),
    caseId: kase.id,
    referral,
    canWrite: CASE_POLICY[kase.relation].includes('write'),
    next: allowedTransitions(referral.status),
    today: todayInput(),
    minDate: dayKey(new Date(lastStep?.at ?? referral.sentAt)),
    interpreterLanguageLabel: referral.interpreterLanguage
      ? languageName(referral.interpreterLanguage, lng)
      : '',
  }
}

type ActionResult = {
  intent: 'transition' | 'feedback'
  result?: SubmissionResult<string[]>
  conflict?: Conflict
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, kase } = await requireCaseForRoute({ request, params }, 'write')
  const referralId = params.referralId ?? ''
  const actor = { userId: user.id }
  const formData = await readFormData(request)
  const intent = formData.get('intent')
  if (intent === 'feedback') {
    const submission = parseWithZod(formData, { schema: FeedbackSchema })
    if (submission.status !== 'success')
      return data<ActionResult>({ intent, result: submission.reply() }, { status: 400 })
    const result = await setFeedbackReceived(
      kase.id,
      referralId,
      { received: Boolean(submission.value.feedbackReceived), version: submission.value.version },
      actor,
    )
    if (!result.ok && result.error === 'notFound') notFound()
    if (!result.ok && result.error === 'conflict')
      return data<ActionResult>({ intent, conflict: result.conflict }, { status: 409 })
    throw redirect(`/cases/${kase.id}/referrals/${referralId}?saved=feedback`)
  }
  if (intent !== 'transition') throw new Response('Unknown intent', { status: 400 })
  const submission = parseWithZod(formData, { schema: TransitionSchema })
  if (submission.status !== 'success')
    return data<ActionResult>({ intent, result: submission.reply() }, { status: 400 })
  const result = await transitionReferral(
    kase.id,
    referralId,
    { to: submission.value.to, at: dateFromInput(submission.value.at), version: submission.value.version },
    actor,
  )
  if (!result.ok) {
    if (result.error === 'notFound') notFound()
    if (result.error === 'conflict')
      return data<ActionResult>({ intent, conflict: result.conflict }, { status: 409 })
    const field = result.error === 'illegal' ? 'to' : 'at'
    return data<ActionResult>(
      {
        intent,
        result: submission.reply({ fieldErrors: { [field]: [`referrals:errors.${result.error}`] } }),
      },
      { status: 400 },
    )
  }
  throw redirect(`/cases/${kase.id}/referrals/${referralId}?saved=transition`)
}

export default function ReferralDetailPage() {
  const { t, i18n } = useTranslation('referrals')
  const { title, caseId, referral, canWrite, next, today, minDate, interpreterLanguageLabel } =
    useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const saved = searchParams.get('saved')
  const [form, fields] = useForm({
    id: `transition-${referral.id}-${referral.version}`,
    constraint: getZodConstraint(TransitionSchema),
    lastResult: actionData?.intent === 'transition' ? actionData.result : undefined,
    shouldRevalidate: 'onInput',
    defaultValue: { at: today, to: next[0] ?? '' },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TransitionSchema }),
  })
  const flaggedOpen = referral.consentFlaggedAt && !referral.closedAt
  return (
    <section className="stack" aria-labelledby="referral-heading">
      <h2 id="referral-heading">{title}</h2>
      {saved ? (
        <p className="alert alert-success" role="status">
          {saved === 'transition'
            ? t('referral.transitionSaved')
            : saved === 'feedback'
              ? t('referral.feedbackSaved')
              : t('referral.saved')}
        </p>
      ) : null}
      {actionData?.conflict ? (
        <div className="alert alert-error" role="alert">
          <p>
            {t('conflict.text', {
              name: actionData.conflict.byName ?? t('conflict.someone'),
              status: t(`codes:referralStatus.${actionData.conflict.status}`),
              feedback: actionData.conflict.feedbackReceived ? t('yes') : t('no'),
            })}
          </p>
          <p>{t('conflict.retry')}</p>
        </div>
      ) : null}
      {flaggedOpen ? (
        <div className="alert alert-warning" role="note">
          <p>
            <ConsentFlag />{' '}
            {t('flagged.detail', { date: formatDate(referral.consentFlaggedAt, i18n.language) })}
          </p>
        </div>
      ) : null}
      <dl className="facts">
        <dt>{t('referral.fields.status')}</dt>
        <dd>
          <ReferralStatusBadge status={referral.status} />
        </dd>
        <dt>{t('referral.fields.partner')}</dt>
        <dd>
          {referral.partner?.name ?? '—'}
          {referral.partner && !referral.partner.active ? ` (${t('partners.isInactive')})` : null}
        </dd>
        <dt>{t('referral.fields.kind')}</dt>
        <dd>{t(`codes:referralKind.${referral.kind}`)}</dd>
        <dt>{t('referral.fields.urgency')}</dt>
        <dd>{t(`codes:urgency.${referral.urgency}`)}</dd>
        <dt>{t('referral.fields.sentAt')}</dt>
        <dd>{formatDate(referral.sentAt, i18n.language)}</dd>
        <dt>{t('referral.fields.reason')}</dt>
        <dd className="preserve-lines">{referral.reason || '—'}</dd>
        <dt>{t('referral.fields.mode')}</dt>
        <dd>{referral.anonymous ? t('referral.modeAnonymous') : t('referral.modeWithData')}</dd>
        <dt>{t('referral.fields.dataCategories')}</dt>
        <dd>
          {referral.dataCategories.length
            ? referral.dataCategories.map((code) => t(`codes:dataCategory.${code}`)).join(', ')
            : t('referral.noData')}
        </dd>
        <dt>{t('referral.fields.consent')}</dt>
        <dd>
          {referral.consent ? (
            <>
              {t('referral.consentGiven', { date: formatDate(referral.consent.givenAt, i18n.language) })}
              {referral.consent.withdrawnAt
                ? ` — ${t('consents.withdrawnOn', { date: formatDate(referral.consent.withdrawnAt, i18n.language) })}`
                : null}{' '}
              <Link to={`/cases/${caseId}/consents`}>{t('referral.toConsents')}</Link>
            </>
          ) : (
            t('referral.noConsentNeeded')
          )}
        </dd>
        <dt>{t('referral.fields.interpreterNeeded')}</dt>
        <dd>
          {referral.interpreterNeeded
            ? `${t('yes')}${interpreterLanguageLabel ? ` (${interpreterLanguageLabel})` : ''}`
            : t('no')}
        </dd>
        <dt>{t('waiting.toClearing')}</dt>
        <dd>
          <Days days={referral.waiting.toClearing} />
        </dd>
        <dt>{t('waiting.toAdmission')}</dt>
        <dd>
          <Days days={referral.waiting.toAdmission} />
        </dd>
        {referral.waiting.waitingSoFar !== null ? (
          <>
            <dt>{t('waiting.soFar')}</dt>
            <dd>
              <Days days={referral.waiting.waitingSoFar} />
              {referral.overThreshold ? (
                <>
                  {' '}
                  <span className="badge badge-warning">
                    {t('overview.overThreshold', { days: referral.threshold })}
                  </span>
                </>
              ) : null}
            </dd>
          </>
        ) : null}
      </dl>

      {!canWrite ? null : next.length > 0 ? (
        <section className="card stack" aria-labelledby="transition-heading">
          <h3 id="transition-heading">{t('referral.transitionHeading')}</h3>
          <Form method="post" {...getFormProps(form)} className="stack">
            <FormErrorSummary errors={form.errors} />
            <input type="hidden" name="version" value={referral.version} />
            <div className="form-grid">
              <SelectField
                label={t('referral.fields.nextStatus')}
                {...getSelectProps(fields.to)}
                options={codeOptions(t, 'referralStatus', next)}
                errors={fields.to.errors}
              />
              <Field
                label={t('referral.fields.transitionDate')}
                hint={t('referral.transitionDateHint')}
                {...getInputProps(fields.at, { type: 'date' })}
                min={minDate}
                max={today}
                errors={fields.at.errors}
              />
            </div>
            <div className="form-actions">
              <SubmitButton intent="transition">{t('referral.transitionSubmit')}</SubmitButton>
            </div>
          </Form>
        </section>
      ) : (
        <p className="muted">{t('referral.finished')}</p>
      )}

      {canWrite ? (
        <section className="card stack" aria-labelledby="feedback-heading">
          <h3 id="feedback-heading">{t('referral.feedbackHeading')}</h3>
          <p className="muted">{t('referral.feedbackHint')}</p>
          <Form method="post" className="stack" key={`feedback-${referral.version}`}>
            <input type="hidden" name="version" value={referral.version} />
            <CheckboxField
              label={t('referral.fields.feedbackReceived')}
              name="feedbackReceived"
              defaultChecked={referral.feedbackReceived}
            />
            <div className="form-actions">
              <SubmitButton intent="feedback" variant="secondary">
                {t('referral.feedbackSubmit')}
              </SubmitButton>
            </div>
          </Form>
        </section>
      ) : null}

      <div className="table-wrap">
        <table>
          <caption>{t('referral.historyCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('referral.history.date')}</th>
              <th scope="col">{t('referral.history.from')}</th>
              <th scope="col">{t('referral.history.to')}</th>
              <th scope="col">{t('referral.history.by')}</th>
            </tr>
          </thead>
          <tbody>
            {referral.transitions.map((step) => (
              <tr key={step.id}>
                <td>{formatDate(step.at, i18n.language)}</td>
                <td>{step.fromStatus ? t(`codes:referralStatus.${step.fromStatus}`) : '—'}</td>
                <th scope="row">{t(`codes:referralStatus.${step.toStatus}`)}</th>
                <td>{step.byName}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <Link to={`/cases/${caseId}/referrals`}>{t('referral.backToList')}</Link>
      </p>
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
