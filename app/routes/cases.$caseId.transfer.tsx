import { getFormProps, getSelectProps, getTextareaProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, type ShouldRevalidateFunction, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ConfirmStep, isConfirmed, replayFields } from '#app/components/confirm-step.tsx'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { FormErrorSummary, SelectField, TextareaField } from '#app/components/ui/field.tsx'
import { Table } from '#app/components/ui/table.tsx'
import { TRANSFER_REASONS } from '#app/domain/codes.ts'
import { requireCaseAccess, requireCaseForRoute } from '#app/models/case-access.server.ts'
import {
  completeTransfer,
  getPendingRequest,
  getTransferPage,
  rejectTransferRequest,
  requestTransfer,
  transferTargets,
  type TransferResult,
} from '#app/models/transfer.server.ts'
import { getArrivingHandover } from '#app/models/takeover.server.ts'
import { HandoverBanner } from '#app/components/handover-banner.tsx'
import { requireUser } from '#app/utils/auth.server.ts'
import { formatDate, formatDateTime } from '#app/utils/format.ts'
import { getFixedT } from '#app/utils/i18n.server.ts'
import { readFormData } from '#app/utils/request.server.ts'
import { HANDOVER_NOTE_MAX, TransferSchema, DecisionSchema } from '#app/forms/transfer.ts'
import { codeOptions } from '#app/utils/options.ts'

// A refused save (409: someone else changed the record) must bring the current state and version,
// which Remix skips by default after an error status.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  // Everyone who reads the case reads its transfer history (the timeline links here, issue 14,
  // item 6); the forms are for 'transfer', what a team lead (transfers) and the assigned counsellor
  // (requests) hold.
  const kase = await requireCaseAccess(user, params.caseId, 'read')
  const mayTransfer = kase.allowed.includes('transfer')
  const t = await getFixedT(request, 'referrals')
  const [page, targets, handover] = await Promise.all([getTransferPage(kase.id, user), mayTransfer ? transferTargets(kase.teamId) : [], getArrivingHandover(kase)])
  return {
    title: t('transfer.title'),
    mayTransfer,
    handover,
    isLead: kase.allowed.includes('assign'),
    targets: targets.map((team) => ({ value: team.id, label: team.name })),
    page: {
      ...page,
      transfers: page.transfers.map((transfer) => ({ ...transfer, at: transfer.at.toISOString(), completedAt: transfer.completedAt?.toISOString() ?? null })),
      pending: page.pending ? { ...page.pending, at: page.pending.at.toISOString() } : null,
    },
  }
}

type Refusal = Exclude<TransferResult, { ok: true }>

function refusalReply(refusal: Refusal) {
  if (refusal.reason === 'stale') {
    return { conflict: { ...refusal.conflict, at: refusal.conflict.at.toISOString() }, fieldErrors: {} as Record<string, string[]>, formErrors: [] as string[] }
  }
  const messages: Record<typeof refusal.reason, { field?: string; message: string }> = {
    'same-team': { field: 'toTeamId', message: 'referrals:transfer.errors.sameTeam' },
    'inactive-team': { field: 'toTeamId', message: 'referrals:transfer.errors.inactiveTeam' },
    'pending-exists': { message: 'referrals:transfer.errors.pendingExists' },
    'no-pending': { message: 'referrals:transfer.errors.noPending' },
  }
  const { field, message } = messages[refusal.reason]
  return { conflict: null, fieldErrors: field ? { [field]: [message] } : {}, formErrors: field ? [] : [message] }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, kase } = await requireCaseForRoute({ request, params }, 'transfer')
  // Deciding a transfer is the team lead's right ('assign'); the assigned counsellor may only ask.
  const isLead = kase.allowed.includes('assign')
  const formData = await readFormData(request)
  const intent = formData.get('intent')

  if (intent === 'confirm' || intent === 'reject') {
    const decision = DecisionSchema.safeParse({ intent, transferId: formData.get('transferId'), version: Number(formData.get('version')) })
    if (!isLead || !decision.success) throw new Response('Bad request', { status: 400 })
    if (decision.data.intent === 'reject') {
      const rejected = await rejectTransferRequest({ caseId: kase.id, transferId: decision.data.transferId, actor: user })
      if (!rejected) return data({ result: null, decision: refusalReply({ ok: false, reason: 'no-pending' }) }, { status: 409 })
      throw redirect(`/cases/${kase.id}/transfer?rejected=1`)
    }
    const pending = await getPendingRequest(kase.id, decision.data.transferId)
    if (!pending) return data({ result: null, decision: refusalReply({ ok: false, reason: 'no-pending' }) }, { status: 409 })
    const result = await completeTransfer({
      caseId: kase.id,
      fromTeamId: kase.teamId,
      actor: user,
      transferId: pending.id,
      input: { toTeamId: pending.toTeamId, reason: pending.reason as (typeof TRANSFER_REASONS)[number], handoverNote: pending.handoverNote, version: decision.data.version },
    })
    if (result.ok) throw redirect('/cases?transferred=1')
    return data({ result: null, decision: refusalReply(result) }, { status: result.reason === 'stale' ? 409 : 400 })
  }

  const submission = parseWithZod(formData, { schema: TransferSchema })
  if (submission.status !== 'success') {
    return data({ result: submission.reply(), decision: null }, { status: 400 })
  }
  const input = { toTeamId: submission.value.toTeamId, reason: submission.value.reason, handoverNote: submission.value.handoverNote, version: submission.value.version }
  if (submission.value.intent === 'transfer') {
    if (!isLead) throw new Response('Bad request', { status: 400 })
    // The transfer is confirmed with a summary first (issue 14, item 7), after the same checks
    // (a dry run), so that a refusal shows before the summary, not after it.
    const summaryFirst = !isConfirmed(formData)
    const result = await completeTransfer({ caseId: kase.id, fromTeamId: kase.teamId, actor: user, input, dryRun: summaryFirst })
    if (result.ok && summaryFirst) return data({ result: null, decision: null, confirm: { ...input, fields: replayFields(formData) } })
    if (result.ok) throw redirect('/cases?transferred=1')
    const reply = refusalReply(result)
    return data({ result: submission.reply({ fieldErrors: reply.fieldErrors, formErrors: reply.formErrors }), decision: reply.conflict ? reply : null }, { status: result.reason === 'stale' ? 409 : 400 })
  }
  const result = await requestTransfer({ caseId: kase.id, fromTeamId: kase.teamId, actor: user, input })
  if (result.ok) throw redirect(`/cases/${kase.id}/transfer?requested=1`)
  const reply = refusalReply(result)
  return data({ result: submission.reply({ fieldErrors: reply.fieldErrors, formErrors: reply.formErrors }), decision: reply.conflict ? reply : null }, { status: result.reason === 'stale' ? 409 : 400 })
}

export default function TransferPage() {
  const { t, i18n } = useTranslation('referrals')
  const { isLead, mayTransfer, handover, targets, page } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const lng = i18n.language
  const dash = t('common:none')
  const [form, fields] = useForm({
    id: 'transfer',
    constraint: getZodConstraint(TransferSchema),
    lastResult: actionData?.result ?? undefined,
    shouldRevalidate: 'onInput',
    defaultValue: { reason: 'DISTRIBUTION' },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TransferSchema }),
  })
  const confirm = actionData && 'confirm' in actionData ? actionData.confirm : null
  const conflict = actionData?.decision?.conflict
  const decisionErrors = actionData?.decision?.formErrors
  const reasonOptions = codeOptions(t, 'transferReason', TRANSFER_REASONS)
  return (
    <section className="stack" aria-labelledby="transfer-heading">
      <h2 id="transfer-heading">{t('transfer.title')}</h2>
      {handover ? <HandoverBanner handover={handover} /> : null}
      <p className="muted">{!mayTransfer ? t('transfer.introReader') : isLead ? t('transfer.introLead') : t('transfer.introCounsellor')}</p>
      {searchParams.get('requested') && !actionData ? (
        <p className="alert alert-success" role="status">
          {t('transfer.requested')}
        </p>
      ) : null}
      {searchParams.get('rejected') && !actionData ? (
        <p className="alert alert-success" role="status">
          {t('transfer.rejected')}
        </p>
      ) : null}
      {conflict ? (
        <div className="alert alert-warning" role="alert">
          <p>
            {t('transfer.conflict.text', { by: conflict.by ?? t('transfer.conflict.someone'), at: formatDateTime(conflict.at, lng) })}
          </p>
          <p>{t('transfer.conflict.now', { team: conflict.teamName, counsellor: conflict.counsellorName ?? t('transfer.unassigned') })}</p>
          <p>{t('transfer.conflict.hint')}</p>
        </div>
      ) : null}
      <FormErrorSummary errors={decisionErrors} />
      <dl className="facts">
        <dt>{t('transfer.currentTeam')}</dt>
        <dd>{page.teamName}</dd>
        <dt>{t('transfer.currentCounsellor')}</dt>
        <dd>{page.counsellorName ?? t('transfer.unassigned')}</dd>
      </dl>
      {page.pending ? (
        <section className="card stack" aria-labelledby="pending-heading">
          <h3 id="pending-heading">{t('transfer.pending.title')}</h3>
          <dl className="facts">
            <dt>{t('transfer.fields.requestedBy')}</dt>
            <dd>
              {page.pending.requestedBy ?? dash}, {formatDate(page.pending.at, lng)}
            </dd>
            <dt>{t('transfer.fields.toTeam')}</dt>
            <dd>{page.pending.toTeam.name}</dd>
            <dt>{t('transfer.fields.reason')}</dt>
            <dd>{t(`codes:transferReason.${page.pending.reason}`)}</dd>
            <dt>{t('transfer.fields.handoverNote')}</dt>
            <dd className="preserve-lines">{page.pending.handoverNote ?? dash}</dd>
          </dl>
          {isLead && mayTransfer ? (
            <div className="form-actions">
              <Form method="post" className="inline-form">
                <input type="hidden" name="transferId" value={page.pending.id} />
                <input type="hidden" name="version" value={page.version} />
                <SubmitButton intent="confirm">{t('transfer.pending.confirm')}</SubmitButton>
              </Form>
              <Form method="post" className="inline-form">
                <input type="hidden" name="transferId" value={page.pending.id} />
                <input type="hidden" name="version" value={page.version} />
                <SubmitButton intent="reject" variant="secondary">
                  {t('transfer.pending.reject')}
                </SubmitButton>
              </Form>
            </div>
          ) : (
            <p className="muted">{t('transfer.pending.waiting')}</p>
          )}
        </section>
      ) : null}
      {mayTransfer && (!page.pending || isLead) ? (
        <section className="stack" aria-labelledby="transfer-form-heading">
          <h3 id="transfer-form-heading">{isLead ? t('transfer.form.titleLead') : t('transfer.form.titleCounsellor')}</h3>
          {confirm ? (
            <ConfirmStep title={t('transfer.confirm.title')} fields={confirm.fields} confirmLabel={t('transfer.confirm.submit')} cancelTo={`/cases/${page.caseId}/transfer`}>
              <dl className="facts">
                <dt>{t('transfer.fields.toTeam')}</dt>
                <dd>{targets.find((target) => target.value === confirm.toTeamId)?.label ?? dash}</dd>
                <dt>{t('transfer.fields.reason')}</dt>
                <dd>{t(`codes:transferReason.${confirm.reason}`)}</dd>
                <dt>{t('transfer.fields.handoverNote')}</dt>
                <dd className="preserve-lines">{confirm.handoverNote || dash}</dd>
              </dl>
              <p>{t('transfer.confirm.consequences')}</p>
            </ConfirmStep>
          ) : targets.length === 0 ? (
            <p className="muted">{t('transfer.form.noTargets')}</p>
          ) : (
            <Form method="post" {...getFormProps(form)} className="stack">
              <FormErrorSummary errors={form.errors} />
              <input type="hidden" name="version" value={page.version} />
              <div className="form-grid">
                <SelectField label={t('transfer.fields.toTeam')} {...getSelectProps(fields.toTeamId)} options={targets} placeholder={t('transfer.form.choose')} errors={fields.toTeamId.errors} />
                <SelectField label={t('transfer.fields.reason')} {...getSelectProps(fields.reason)} options={reasonOptions} errors={fields.reason.errors} />
              </div>
              <TextareaField
                label={t('transfer.fields.handoverNote')}
                hint={t('transfer.form.noteHint')}
                {...getTextareaProps(fields.handoverNote)}
                maxLength={HANDOVER_NOTE_MAX}
                rows={5}
                errors={fields.handoverNote.errors}
              />
              <input type="hidden" name="intent" value={isLead ? 'transfer' : 'request'} />
              <div className="form-actions">
                <SubmitButton>{isLead ? t('transfer.form.submitLead') : t('transfer.form.submitCounsellor')}</SubmitButton>
              </div>
            </Form>
          )}
        </section>
      ) : null}
      <section aria-labelledby="transfer-history-heading">
        <h3 id="transfer-history-heading">{t('transfer.history.title')}</h3>
        {page.transfers.length === 0 ? (
          <p className="muted">{t('transfer.history.empty')}</p>
        ) : (
          <Table caption={t('transfer.history.title')} hideCaption columns={[t('transfer.fields.date'), t('transfer.fields.fromTeam'), t('transfer.fields.toTeam'), t('transfer.fields.reason'), t('transfer.fields.status'), t('transfer.fields.people'), t('transfer.fields.handoverNote')]}>
            {page.transfers.map((transfer) => (
              <tr key={transfer.id}>
                <td>{formatDate(transfer.completedAt ?? transfer.at, lng)}</td>
                <td>{transfer.fromTeam.name}</td>
                <td>{transfer.toTeam.name}</td>
                <td>{t(`codes:transferReason.${transfer.reason}`)}</td>
                <td>{t(`transfer.status.${transfer.status}`)}</td>
                <td>{[transfer.requestedBy, transfer.confirmedBy].filter((name, index, all) => name && all.indexOf(name) === index).join(' → ') || dash}</td>
                <td className="preserve-lines">{transfer.handoverNote ?? dash}</td>
              </tr>
            ))}
          </Table>
        )}
      </section>
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
