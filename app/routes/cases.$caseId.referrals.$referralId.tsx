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
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { UncoveredCategories, useConsentCategories } from '#app/components/consent-categories.tsx'
import { ConfirmStep, isConfirmed, replayFields } from '#app/components/confirm-step.tsx'
import { ConsentGapNotice } from '#app/components/consent-gap-notice.tsx'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SuccessStatus, withDone } from '#app/components/success-status.tsx'
import {
  ConsentFlag,
  DataCategoriesField,
  Days,
  formatDate,
  ReferralStatusBadge,
  todayInput,
  WaitingSoFar,
} from '#app/components/referral-fields.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { CheckboxField, Field, FormErrorSummary, listValue, SelectField } from '#app/components/ui/field.tsx'
import { Table } from '#app/components/ui/table.tsx'
import { consentGapView, type ConsentGapView } from '#app/domain/consent-rules.ts'
import {
  allowedTransitions,
  dateFromInput,
  dayKey,
  REFERRAL_TRANSITIONS,
  stepsWithoutConsent,
  type ReferralStatus,
} from '#app/domain/referral-lifecycle.ts'
import { requireCaseForRoute } from '#app/models/case-access.server.ts'
import { consentsForPartner } from '#app/models/consent.server.ts'
import {
  attachConsent,
  currentConsentGap,
  getReferral,
  setFeedbackReceived,
  transitionReferral,
  type Conflict,
} from '#app/models/referral.server.ts'
import { formatDay } from '#app/utils/format.ts'
import { getFixedT, getLanguage } from '#app/utils/i18n.server.ts'
import { languageName } from '#app/utils/iso.server.ts'
import { notFound, readFormData } from '#app/utils/request.server.ts'
import { AttachConsentSchema, FeedbackSchema, TransitionSchema } from '#app/forms/referral.ts'
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
  const gap = currentConsentGap(referral)
  const canWrite = kase.allowed.includes('write')
  // Back from recording a consent for this referral: that consent is offered first.
  const recorded = new URL(request.url).searchParams.get('consent')
  const attachable =
    gap && canWrite && referral.partner ? await consentsForPartner(kase.id, referral.partner) : []
  return {
    title: t('referral.detailTitle', {
      partner: referral.partner?.name ?? t(`codes:referralKind.${referral.kind}`),
    }),
    caseId: kase.id,
    referral,
    canWrite,
    next: allowedTransitions(referral.status),
    gap: gap ? consentGapView(gap) : null,
    closingSteps: stepsWithoutConsent(referral.status),
    attachable: attachable
      .map((consent) => ({
        value: consent.id,
        label: t('referral.consentOption', {
          recipient:
            consent.recipientPartner?.name ??
            t('consents.anyOfKind', { kind: t(`codes:referralKind.${consent.recipientKind}`) }),
          purpose: consent.purpose.length > 60 ? `${consent.purpose.slice(0, 59)}…` : consent.purpose,
          date: formatDate(consent.givenAt, lng),
          categories: consent.dataCategories.map((code) => t(`codes:dataCategory.${code}`)).join(', '),
        }),
        categories: consent.dataCategories,
      }))
      .sort((a, b) => Number(b.value === recorded) - Number(a.value === recorded)),
    today: todayInput(),
    minDate: dayKey(new Date(lastStep?.at ?? referral.sentAt)),
    interpreterLanguageLabel: referral.interpreterLanguage
      ? languageName(referral.interpreterLanguage, lng)
      : '',
  }
}

type ActionResult = {
  intent: 'transition' | 'feedback' | 'attach-consent'
  result?: SubmissionResult<string[]>
  conflict?: Conflict
  /** why a step or an attached consent was refused (nothing was saved) */
  gap?: ConsentGapView
  step?: string
  /** a step that ends the referral, to be confirmed (issue 14, item 7) */
  confirm?: { to: string; at: string; fields: Array<[string, string]> }
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
    throw redirect(withDone(`/cases/${kase.id}/referrals/${referralId}`, 'feedback'))
  }
  if (intent === 'attach-consent') {
    const submission = parseWithZod(formData, { schema: AttachConsentSchema })
    if (submission.status !== 'success')
      return data<ActionResult>({ intent, result: submission.reply() }, { status: 400 })
    const { consentId, dataCategories, version } = submission.value
    const result = await attachConsent(kase.id, referralId, { consentId, dataCategories, version }, actor)
    if (result.ok) throw redirect(withDone(`/cases/${kase.id}/referrals/${referralId}`, 'consent'))
    if (result.error === 'notFound') notFound()
    if (result.error === 'conflict')
      return data<ActionResult>({ intent, conflict: result.conflict }, { status: 409 })
    if (result.error === 'consent') {
      const field = result.gap.problem === 'categoriesNotCovered' ? 'dataCategories' : 'consentId'
      return data<ActionResult>(
        {
          intent,
          result: submission.reply({ fieldErrors: { [field]: [`referrals:errors.${result.gap.problem}`] } }),
          gap: consentGapView(result.gap),
        },
        { status: 400 },
      )
    }
    const message =
      result.error === 'closed' ? 'referrals:errors.attachClosed' : 'referrals:errors.consentRequired'
    return data<ActionResult>(
      { intent, result: submission.reply({ formErrors: [message] }) },
      { status: 400 },
    )
  }
  if (intent !== 'transition') throw new Response('Unknown intent', { status: 400 })
  const submission = parseWithZod(formData, { schema: TransitionSchema })
  if (submission.status !== 'success')
    return data<ActionResult>({ intent, result: submission.reply() }, { status: 400 })
  // A step that ends the referral is confirmed with a summary first (issue 14, item 7): checked
  // in full (a dry run), so that a refusal shows before the summary, not after it.
  const summaryFirst =
    REFERRAL_TRANSITIONS[submission.value.to as ReferralStatus]?.length === 0 && !isConfirmed(formData)
  const result = await transitionReferral(
    kase.id,
    referralId,
    { to: submission.value.to, at: dateFromInput(submission.value.at), version: submission.value.version },
    actor,
    new Date(),
    { dryRun: summaryFirst },
  )
  if (result.ok && summaryFirst)
    return data<ActionResult>({
      intent,
      confirm: { to: submission.value.to, at: submission.value.at, fields: replayFields(formData) },
    })
  if (!result.ok) {
    if (result.error === 'notFound') notFound()
    if (result.error === 'conflict')
      return data<ActionResult>({ intent, conflict: result.conflict }, { status: 409 })
    if (result.error === 'consent')
      return data<ActionResult>(
        {
          intent,
          result: submission.reply({ fieldErrors: { to: ['referrals:errors.consentMissing'] } }),
          gap: consentGapView(result.gap),
          step: submission.value.to,
        },
        { status: 400 },
      )
    const field = result.error === 'illegal' ? 'to' : 'at'
    return data<ActionResult>(
      {
        intent,
        result: submission.reply({ fieldErrors: { [field]: [`referrals:errors.${result.error}`] } }),
      },
      { status: 400 },
    )
  }
  throw redirect(withDone(`/cases/${kase.id}/referrals/${referralId}`, 'transition'))
}

export default function ReferralDetailPage() {
  const { t, i18n } = useTranslation('referrals')
  const {
    title,
    caseId,
    referral,
    canWrite,
    next,
    gap,
    closingSteps,
    attachable,
    today,
    minDate,
    interpreterLanguageLabel,
  } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: `transition-${referral.id}-${referral.version}`,
    constraint: getZodConstraint(TransitionSchema),
    lastResult: actionData?.intent === 'transition' ? actionData.result : undefined,
    shouldRevalidate: 'onInput',
    defaultValue: { at: today, to: next[0] ?? '' },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TransitionSchema }),
  })
  const [attachForm, attachFields] = useForm({
    id: `attach-consent-${referral.id}-${referral.version}`,
    constraint: getZodConstraint(AttachConsentSchema),
    lastResult: actionData?.intent === 'attach-consent' ? actionData.result : undefined,
    shouldRevalidate: 'onInput',
    defaultValue: {
      consentId: attachable[0]?.value ?? '',
      dataCategories: attachable[0] ? [...attachable[0].categories] : [...referral.dataCategories],
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AttachConsentSchema }),
  })
  const attachHelper = useConsentCategories({
    consents: attachable,
    initialConsentId:
      typeof attachFields.consentId.initialValue === 'string' ? attachFields.consentId.initialValue : '',
    initialCategories: listValue(attachFields.dataCategories.initialValue),
  })
  const recordConsentTo = `/cases/${caseId}/consents/new?referral=${referral.id}`
  const refusedStep = actionData?.intent === 'transition' ? actionData.gap : undefined
  const refusedConsent = actionData?.intent === 'attach-consent' ? actionData.gap : undefined
  const flaggedOpen = referral.consentFlaggedAt && !referral.closedAt
  return (
    <section className="stack" aria-labelledby="referral-heading">
      <h2 id="referral-heading">{title}</h2>
      <SuccessStatus
        messages={{ transition: t('referral.transitionSaved'), feedback: t('referral.feedbackSaved'), consent: t('referral.consentAttached'), saved: t('referral.saved') }}
        hidden={Boolean(actionData)}
      />
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
              <WaitingSoFar referral={referral} />
            </dd>
          </>
        ) : null}
      </dl>

      {!canWrite ? null : next.length > 0 ? (
        <section className="card stack" aria-labelledby="transition-heading">
          <h3 id="transition-heading">{t('referral.transitionHeading')}</h3>
          {refusedStep ? (
            <ConsentGapNotice
              gap={refusedStep}
              partnerName={referral.partner?.name ?? null}
              step={actionData?.step}
              closingSteps={closingSteps}
              recordConsentTo={recordConsentTo}
              canAttach={attachable.length > 0}
              role="alert"
            />
          ) : gap ? (
            <ConsentGapNotice
              gap={gap}
              partnerName={referral.partner?.name ?? null}
              closingSteps={closingSteps}
              recordConsentTo={recordConsentTo}
              canAttach={attachable.length > 0}
            />
          ) : null}
          {actionData?.confirm ? (
            <ConfirmStep
              title={t('referral.confirm.title')}
              fields={actionData.confirm.fields}
              confirmLabel={t('referral.confirm.submit')}
              cancelTo={`/cases/${caseId}/referrals/${referral.id}`}
            >
              <dl className="facts">
                <dt>{t('referral.fields.nextStatus')}</dt>
                <dd>{t(`codes:referralStatus.${actionData.confirm.to}`)}</dd>
                <dt>{t('referral.fields.transitionDate')}</dt>
                <dd>{formatDay(actionData.confirm.at, i18n.language)}</dd>
              </dl>
              <p>{t('referral.confirm.final')}</p>
            </ConfirmStep>
          ) : null}
          <Form method="post" {...getFormProps(form)} className="stack" hidden={Boolean(actionData?.confirm)}>
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

      {canWrite && gap && gap.problem !== 'noPartner' ? (
        <section className="card stack" aria-labelledby="attach-heading">
          <h3 id="attach-heading">{t('referral.attachHeading')}</h3>
          <p className="muted">{t('referral.attachHint')}</p>
          {attachable.length === 0 ? (
            <p>
              {t('referral.attachNone')}{' '}
              <Link to={recordConsentTo}>
                {t('gap.record', { partner: referral.partner?.name ?? t('gap.noPartnerName') })}
              </Link>
            </p>
          ) : (
            <Form
              method="post"
              {...getFormProps(attachForm)}
              onChange={attachHelper.onChange}
              className="stack"
            >
              <FormErrorSummary errors={attachForm.errors} />
              {refusedConsent ? (
                <ConsentGapNotice
                  gap={refusedConsent}
                  partnerName={referral.partner?.name ?? null}
                  closingSteps={[]}
                  recordConsentTo={recordConsentTo}
                  canAttach={false}
                  role="alert"
                />
              ) : null}
              <input type="hidden" name="version" value={referral.version} />
              <SelectField
                label={t('referral.fields.consent')}
                {...getSelectProps(attachFields.consentId)}
                options={attachable}
                errors={attachFields.consentId.errors}
              />
              <DataCategoriesField
                field={attachFields.dataCategories}
                legend={t('referral.fields.dataCategories')}
                hint={t('referral.attachCategoriesHint')}
              />
              <UncoveredCategories uncovered={attachHelper.uncovered} />
              <div className="form-actions">
                <SubmitButton intent="attach-consent">{t('referral.attachSubmit')}</SubmitButton>
              </div>
            </Form>
          )}
        </section>
      ) : null}

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

      <Table
        caption={t('referral.historyCaption')}
        columns={[
          t('referral.history.date'),
          t('referral.history.from'),
          t('referral.history.to'),
          t('referral.history.by'),
        ]}
      >
        {referral.transitions.map((step) => (
          <tr key={step.id}>
            <td>{formatDate(step.at, i18n.language)}</td>
            <td>{step.fromStatus ? t(`codes:referralStatus.${step.fromStatus}`) : '—'}</td>
            <th scope="row">{t(`codes:referralStatus.${step.toStatus}`)}</th>
            <td>{step.byName}</td>
          </tr>
        ))}
      </Table>
      <p>
        <Link to={`/cases/${caseId}/referrals`}>{t('referral.backToList')}</Link>
      </p>
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
