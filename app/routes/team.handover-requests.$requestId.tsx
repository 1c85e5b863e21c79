import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ConfirmStep, isConfirmed, replayFields } from '#app/components/confirm-step.tsx'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { withDone } from '#app/components/success-status.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { Field, SelectField, TextareaField } from '#app/components/ui/field.tsx'
import { TRANSFER_REASONS } from '#app/domain/codes.ts'
import { declineHandoverRequest, getHandoverRequestForLead, grantHandoverRequest } from '#app/models/handover-request.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { formatDate } from '#app/utils/format.ts'
import { getFixedT } from '#app/utils/i18n.server.ts'
import { codeOptions } from '#app/utils/options.ts'
import { readFormData } from '#app/utils/request.server.ts'
import { HANDOVER_REASON_MAX, HandoverDeclineSchema, HandoverGrantSchema } from '#app/forms/handover-request.ts'
import { HANDOVER_NOTE_MAX } from '#app/forms/transfer.ts'

export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' })

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

async function requireRequest(request: Request, requestId: string | undefined) {
  const user = await requireRole(request, 'TEAM_LEAD')
  // A request of another team answers like one that does not exist.
  const handover = requestId ? await getHandoverRequestForLead(user, requestId) : null
  if (!handover) throw new Response('Not found', { status: 404 })
  return { user, handover }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { handover } = await requireRequest(request, params.requestId)
  const t = await getFixedT(request, 'privacy')
  return data({ title: t('handover.decide.title'), handover }, { headers: { 'Cache-Control': 'no-store' } })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, handover } = await requireRequest(request, params.requestId)
  const formData = await readFormData(request)
  const noStore = { 'Cache-Control': 'no-store' }
  if (formData.get('intent') === 'decline') {
    const submission = parseWithZod(formData, { schema: HandoverDeclineSchema })
    if (submission.status !== 'success') return data({ decline: submission.reply(), grant: null, confirm: null, refused: null }, { status: 400, headers: noStore })
    const declined = await declineHandoverRequest(user, { requestId: handover.id, declineReason: submission.value.declineReason })
    if (!declined) return data({ decline: null, grant: null, confirm: null, refused: 'answered' as const }, { status: 409, headers: noStore })
    throw redirect(withDone('/team', 'handover-declined') + '#handover-requests-heading')
  }
  const submission = parseWithZod(formData, { schema: HandoverGrantSchema })
  if (submission.status !== 'success') return data({ decline: null, grant: submission.reply(), confirm: null, refused: null }, { status: 400, headers: noStore })
  const input = { requestId: handover.id, ...submission.value }
  // First the summary (what moves, who loses access), then the transfer: decision 030's confirm step.
  const dryRun = !isConfirmed(formData)
  const granted = await grantHandoverRequest(user, input, { dryRun })
  if (!granted.ok) return data({ decline: null, grant: null, confirm: null, refused: granted.reason }, { status: 409, headers: noStore })
  if (dryRun) return data({ decline: null, grant: null, confirm: { reason: submission.value.reason, note: Boolean(submission.value.handoverNote), fields: replayFields(formData) }, refused: null }, { headers: noStore })
  throw redirect(withDone('/team', 'handover-granted') + '#handover-requests-heading')
}

export default function HandoverRequestDecision() {
  const { t, i18n } = useTranslation('privacy')
  const { handover } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const kase = handover.case
  const language = i18n.language
  const grantErrors = actionData?.grant?.error
  const declineErrors = actionData?.decline?.error
  return (
    <div className="stack">
      <h1>{t('handover.decide.title')}</h1>
      <p>
        <Link to="/team#handover-requests-heading">{t('handover.decide.back')}</Link>
      </p>
      <dl className="facts">
        <dt>{t('handover.decide.from')}</dt>
        <dd>
          {handover.toTeam ?? '–'} ({handover.requestedBy ?? '–'})
        </dd>
        <dt>{t('handover.own.at')}</dt>
        <dd>{formatDate(handover.at, language)}</dd>
        <dt>{t('handover.own.reason')}</dt>
        <dd>{handover.reason}</dd>
        {kase ? (
          <>
            <dt>{t('handover.decide.case')}</dt>
            <dd>
              <Link to={`/cases/${kase.id}`} className="code">
                {kase.code}
              </Link>{' '}
              ({kase.counsellor ?? t('handover.decide.unassigned')})
            </dd>
          </>
        ) : null}
        <dt>{t('handover.own.status')}</dt>
        <dd>{t(`handover.status.${handover.status}`)}</dd>
      </dl>
      {actionData?.refused ? (
        <p className="alert alert-warning" role="alert">
          {t(`handover.decide.refused.${actionData.refused}`)}
        </p>
      ) : null}
      {handover.status !== 'OPEN' || !kase ? (
        <p className="muted">{t('handover.decide.answered')}</p>
      ) : actionData?.confirm ? (
        <ConfirmStep title={t('handover.decide.confirmTitle')} fields={actionData.confirm.fields} confirmLabel={t('handover.decide.confirmSubmit')} cancelTo={`/team/handover-requests/${handover.id}`}>
          <p>{t('handover.decide.summary', { code: kase.code, team: handover.toTeam ?? '–' })}</p>
          <ul>
            <li>{t('handover.decide.summaryReason', { reason: t(`codes:transferReason.${actionData.confirm.reason}`) })}</li>
            <li>{t('handover.decide.summaryFollowUps', { count: kase.openFollowUps })}</li>
            <li>{t('handover.decide.summaryAccess')}</li>
          </ul>
        </ConfirmStep>
      ) : (
        <div className="stack">
          <Form method="post" className="stack card" aria-labelledby="grant-heading" noValidate>
            <h2 id="grant-heading">{t('handover.decide.grant')}</h2>
            <p>{t('handover.decide.grantIntro', { team: handover.toTeam ?? '–' })}</p>
            <input type="hidden" name="intent" value="grant" />
            <input type="hidden" name="version" value={kase.version} />
            <SelectField label={t('referrals:transfer.fields.reason')} name="reason" id="grant-reason" defaultValue="MOVE" errors={grantErrors?.reason} options={codeOptions(t, 'transferReason', TRANSFER_REASONS)} />
            <TextareaField label={t('referrals:transfer.fields.handoverNote')} name="handoverNote" id="grant-note" rows={3} maxLength={HANDOVER_NOTE_MAX} errors={grantErrors?.handoverNote} />
            <div className="form-actions">
              <SubmitButton>{t('handover.decide.grantSubmit')}</SubmitButton>
            </div>
          </Form>
          <Form method="post" className="stack card" aria-labelledby="decline-heading" noValidate>
            <h2 id="decline-heading">{t('handover.decide.decline')}</h2>
            <input type="hidden" name="intent" value="decline" />
            <Field label={t('handover.decide.declineReason')} hint={t('handover.reasonHint')} name="declineReason" id="decline-reason" maxLength={HANDOVER_REASON_MAX} required errors={declineErrors?.declineReason} />
            <div className="form-actions">
              <SubmitButton variant="secondary">{t('handover.decide.declineSubmit')}</SubmitButton>
            </div>
          </Form>
        </div>
      )}
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
