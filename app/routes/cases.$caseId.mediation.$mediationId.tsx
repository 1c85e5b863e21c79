import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, type ShouldRevalidateFunction, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ConfirmStep, isConfirmed, replayFields } from '#app/components/confirm-step.tsx'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SuccessStatus, withDone } from '#app/components/success-status.tsx'
import { MediationForm } from '#app/components/language-mediation-form.tsx'
import { Table } from '#app/components/ui/table.tsx'
import { dayOf, latestAllowedContactDay } from '#app/domain/follow-up.ts'
import { isMediationStatus, MEDIATION_TRANSITIONS, nextStatuses } from '#app/domain/mediation-lifecycle.ts'
import { centsToInput, formatCents } from '#app/domain/money.ts'
import { requireCaseForRoute } from '#app/models/case-access.server.ts'
import { checkMediationReferences, findCaseMediationRef, getCaseMediation, providerOptions, saveMediation } from '#app/models/language-mediation.server.ts'
import { formatDate, formatDateTime, formatNumber } from '#app/utils/format.ts'
import { getFixedT, getLanguage } from '#app/utils/i18n.server.ts'
import { inMarkupOnly, languageChoices, languageName } from '#app/utils/iso.server.ts'
import { notFound, readFormData } from '#app/utils/request.server.ts'
import { mediationFormSchema } from '#app/forms/language-mediation.ts'

// A refused save (409: someone else changed the record) must bring the current state and version,
// which Remix skips by default after an error status.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, kase } = await requireCaseForRoute({ request, params }, 'read')
  const mediation = await getCaseMediation(kase.id, params.mediationId, user)
  if (!mediation) notFound()
  const [t, language] = await Promise.all([getFixedT(request, 'referrals'), getLanguage(request)])
  const canWrite = kase.allowed.includes('write')
  const languageLabel = languageName(mediation.languageCode, language)
  return {
    title: t('mediation.detail.title', { language: languageLabel }),
    caseId: kase.id,
    language,
    canWrite,
    maxDay: latestAllowedContactDay(),
    mediation: {
      id: mediation.id,
      version: mediation.version,
      status: mediation.status,
      language: languageLabel,
      dialect: mediation.dialect,
      mode: mediation.mode,
      provider: mediation.provider?.name ?? null,
      providerKind: mediation.providerKind,
      interpreterRef: mediation.interpreterRef,
      requestedAt: mediation.requestedAt.toISOString(),
      performedAt: mediation.performedAt?.toISOString() ?? null,
      billedMinutes: mediation.billedMinutes,
      travelMinutes: mediation.travelMinutes,
      costCents: mediation.costCents,
      costBearer: mediation.costBearer,
      transitions: mediation.transitions.map((transition) => ({ ...transition, at: transition.at.toISOString() })),
      contacts: mediation.contacts.map((contact) => ({ id: contact.id, date: contact.date.toISOString() })),
    },
    transitions: canWrite ? nextStatuses(mediation.status) : [],
    defaults: {
      languageCode: mediation.languageCode,
      dialect: mediation.dialect,
      mode: mediation.mode,
      providerId: mediation.providerId,
      providerKind: mediation.providerKind,
      interpreterRef: mediation.interpreterRef,
      requestedAt: dayOf(mediation.requestedAt),
      performedAt: mediation.performedAt ? dayOf(mediation.performedAt) : null,
      billedMinutes: mediation.billedMinutes,
      travelMinutes: mediation.travelMinutes,
      cost: mediation.costCents === null ? null : centsToInput(mediation.costCents, language),
      costBearer: mediation.costBearer,
    },
    // A document leaves the whole list to the select's markup (decision 101); without the form, no list.
    languages: canWrite ? inMarkupOnly(languageChoices(language, [mediation.languageCode]), ['all']) : { common: [], all: '' },
    providers: canWrite ? await providerOptions(mediation.providerId) : [],
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, kase } = await requireCaseForRoute({ request, params }, 'write')
  const current = await findCaseMediationRef(kase.id, params.mediationId)
  if (!current) notFound()
  const language = await getLanguage(request)
  const formData = await readFormData(request)
  const submission = parseWithZod(formData, { schema: mediationFormSchema({ language, maxDay: latestAllowedContactDay() }) })
  if (submission.status !== 'success') {
    return data({ result: submission.reply(), conflict: null }, { status: 400 })
  }
  if (!submission.value.version) {
    return data({ result: submission.reply({ formErrors: ['referrals:mediation.errors.version'] }), conflict: null }, { status: 400 })
  }
  const fieldErrors = await checkMediationReferences(submission.value, current.providerId)
  if (Object.keys(fieldErrors).length > 0) {
    return data({ result: submission.reply({ fieldErrors }), conflict: null }, { status: 400 })
  }
  // A step that ends the mediation (no step after it) is confirmed with a summary first (issue 14, item 7).
  const to = submission.value.to
  if (to && isMediationStatus(to) && MEDIATION_TRANSITIONS[to].length === 0 && !isConfirmed(formData)) {
    return data({ result: null, conflict: null, confirm: { to, fields: replayFields(formData) } })
  }
  const result = await saveMediation({
    caseId: kase.id,
    mediationId: current.id,
    version: submission.value.version,
    value: submission.value,
    to: submission.value.to,
    actor: user,
  })
  if (result.ok) throw redirect(withDone(`/cases/${kase.id}/mediation/${current.id}`, 'saved'))
  if (result.reason === 'not-found') notFound()
  if (result.reason === 'transition') {
    return data({ result: submission.reply({ formErrors: ['referrals:mediation.errors.transitionNotAllowed'] }), conflict: null }, { status: 409 })
  }
  return data(
    { result: submission.reply(), conflict: { ...result.conflict, at: result.conflict.at?.toISOString() ?? null } },
    { status: 409 },
  )
}

function omit(values: Record<string, unknown>, keys: string[]) {
  return Object.fromEntries(Object.entries(values).filter(([key]) => !keys.includes(key)))
}

export default function MediationDetailPage() {
  const { t, i18n } = useTranslation('referrals')
  const { caseId, language, canWrite, maxDay, mediation, transitions, defaults, languages, providers } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const lng = i18n.language
  const conflict = actionData?.conflict
  // After a conflict the loader brings the newer record; the form keeps showing what the user
  // typed (not the newer defaults) so that nothing they entered is lost. The version is left out:
  // it comes from the loader, so the next save is a deliberate one.
  const submitted = conflict ? (actionData?.result?.initialValue as Record<string, unknown> | null | undefined) : null
  const formDefaults = submitted ? { ...defaults, ...omit(submitted, ['version', 'to', 'returnTo']) } : defaults
  const dash = t('common:none')
  return (
    <section className="stack" aria-labelledby="mediation-heading">
      <h2 id="mediation-heading">{t('mediation.detail.title', { language: mediation.language })}</h2>
      <SuccessStatus messages={{ saved: t('mediation.detail.saved') }} hidden={Boolean(actionData)} />
      {conflict ? (
        <div className="alert alert-warning" role="alert">
          <p>
            {t('mediation.conflict.text', {
              by: conflict.by ?? t('mediation.conflict.someone'),
              at: conflict.at ? formatDateTime(conflict.at, lng) : dash,
            })}
          </p>
          {conflict.fields.length ? (
            <p>
              {t('mediation.conflict.fields', { fields: conflict.fields.map((field) => t(`mediation.fields.${field}`)).join(', ') })}
            </p>
          ) : null}
          <p>{t('mediation.conflict.hint')}</p>
        </div>
      ) : null}
      <dl className="facts">
        <dt>{t('mediation.fields.status')}</dt>
        <dd>
          <span className="badge">{t(`codes:mediationStatus.${mediation.status}`)}</span>
        </dd>
        <dt>{t('mediation.fields.language')}</dt>
        <dd>{[mediation.language, mediation.dialect].filter(Boolean).join(' – ')}</dd>
        <dt>{t('mediation.fields.mode')}</dt>
        <dd>{t(`codes:mediationMode.${mediation.mode}`)}</dd>
        <dt>{t('mediation.fields.provider')}</dt>
        <dd>
          {mediation.provider ?? t('mediation.noProvider')} ({t(`codes:providerKind.${mediation.providerKind}`)})
        </dd>
        <dt>{t('mediation.fields.interpreterRef')}</dt>
        <dd>{mediation.interpreterRef ? <span className="code">{mediation.interpreterRef}</span> : dash}</dd>
        <dt>{t('mediation.fields.requestedAt')}</dt>
        <dd>{formatDate(mediation.requestedAt, lng)}</dd>
        <dt>{t('mediation.fields.performedAt')}</dt>
        <dd>{mediation.performedAt ? formatDate(mediation.performedAt, lng) : dash}</dd>
        <dt>{t('mediation.fields.billedMinutes')}</dt>
        <dd>{mediation.billedMinutes === null ? dash : formatNumber(mediation.billedMinutes, lng)}</dd>
        <dt>{t('mediation.fields.travelMinutes')}</dt>
        <dd>{mediation.travelMinutes === null ? dash : formatNumber(mediation.travelMinutes, lng)}</dd>
        <dt>{t('mediation.fields.cost')}</dt>
        <dd>{mediation.costCents === null ? dash : formatCents(mediation.costCents, lng)}</dd>
        <dt>{t('mediation.fields.costBearer')}</dt>
        <dd>{mediation.costBearer ? t(`codes:costBearer.${mediation.costBearer}`) : dash}</dd>
        <dt>{t('mediation.fields.contacts')}</dt>
        <dd>
          {mediation.contacts.length
            ? mediation.contacts.map((contact, index) => (
                <span key={contact.id}>
                  {index > 0 ? ', ' : null}
                  {formatDate(contact.date, lng)}
                </span>
              ))
            : dash}
        </dd>
      </dl>
      {canWrite ? (
        <section className="stack" aria-labelledby="mediation-edit-heading">
          <h3 id="mediation-edit-heading">{t('mediation.detail.editTitle')}</h3>
          {transitions.length ? <p className="muted">{t('mediation.detail.transitionHint')}</p> : null}
          {actionData && 'confirm' in actionData && actionData.confirm ? (
            <ConfirmStep
              title={t('mediation.confirm.title')}
              fields={actionData.confirm.fields}
              confirmLabel={t('mediation.confirm.submit')}
              cancelTo={`/cases/${caseId}/mediation/${mediation.id}`}
            >
              <dl className="facts">
                <dt>{t('mediation.fields.status')}</dt>
                <dd>
                  {t(`codes:mediationStatus.${mediation.status}`)} → {t(`codes:mediationStatus.${actionData.confirm.to}`)}
                </dd>
              </dl>
              <p>{t('mediation.confirm.final')}</p>
            </ConfirmStep>
          ) : null}
          <MediationForm
            id={`mediation-${mediation.id}`}
            language={language}
            maxDay={maxDay}
            defaults={formDefaults}
            lastResult={actionData?.result ?? undefined}
            languages={languages}
            providers={providers}
            withOutcome
            transitions={transitions}
            version={mediation.version}
            submitLabel={t('mediation.detail.save')}
          />
        </section>
      ) : null}
      <section aria-labelledby="mediation-history-heading">
        <h3 id="mediation-history-heading">{t('mediation.detail.historyTitle')}</h3>
        <Table caption={t('mediation.detail.historyTitle')} hideCaption columns={[t('mediation.detail.when'), t('mediation.detail.from'), t('mediation.detail.to'), t('mediation.detail.by')]}>
          {mediation.transitions.map((transition) => (
            <tr key={transition.id}>
              <td>{formatDateTime(transition.at, lng)}</td>
              <td>{transition.fromStatus ? t(`codes:mediationStatus.${transition.fromStatus}`) : dash}</td>
              <td>{t(`codes:mediationStatus.${transition.toStatus}`)}</td>
              <td>{transition.byName ?? dash}</td>
            </tr>
          ))}
        </Table>
      </section>
      <p>
        <Link to={`/cases/${caseId}/mediation`}>{t('mediation.backToList')}</Link>
      </p>
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
