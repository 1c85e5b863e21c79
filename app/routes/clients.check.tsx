import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { Field, FormErrorSummary } from '#app/components/ui/field.tsx'
import { Table } from '#app/components/ui/table.tsx'
import { SuccessStatus, withDone } from '#app/components/success-status.tsx'
import { listOwnHandoverRequests, requestHandover } from '#app/models/handover-request.server.ts'
import { checkForDuplicate, DUPLICATE_CHECKS_PER_HOUR, takeDuplicateCheck } from '#app/models/identity-key.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { formatDate } from '#app/utils/format.ts'
import { getFixedT } from '#app/utils/i18n.server.ts'
import { identityKeyStatus } from '#app/utils/identity-crypto.server.ts'
import { readFormData } from '#app/utils/request.server.ts'
import { DuplicateCheckSchema } from '#app/forms/identity.ts'
import { HANDOVER_REASON_MAX, HandoverRequestSchema } from '#app/forms/handover-request.ts'

export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' })

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ['COUNSELLOR', 'TEAM_LEAD'])
  const t = await getFixedT(request, 'privacy')
  const handoverRequests = await listOwnHandoverRequests(user)
  return data({ title: t('check.title'), status: identityKeyStatus(), limit: DUPLICATE_CHECKS_PER_HOUR, handoverRequests }, { headers: { 'Cache-Control': 'no-store' } })
}

type HandoverRetry = { team: string; token: string }

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ['COUNSELLOR', 'TEAM_LEAD'])
  if (!identityKeyStatus().enabled) throw new Response('Identity keys are disabled', { status: 409 })
  const formData = await readFormData(request)
  const noStore = { 'Cache-Control': 'no-store' }
  if (formData.get('intent') === 'handover-request') {
    const handover = parseWithZod(formData, { schema: HandoverRequestSchema })
    // The form of the match answered again with its error: the token and the team's name come back as posted.
    const retry: HandoverRetry = { team: String(formData.get('team') ?? '').slice(0, 200), token: String(formData.get('token') ?? '') }
    if (handover.status !== 'success') {
      return data({ result: null, outcome: null, limited: false, handover: handover.reply(), retry, refused: null }, { status: 400, headers: noStore })
    }
    const requested = await requestHandover(user, handover.value)
    if (!requested.ok) {
      return data({ result: null, outcome: null, limited: false, handover: null, retry: null, refused: requested.reason }, { status: 409, headers: noStore })
    }
    throw redirect(withDone('/clients/check', 'handover-requested') + '#handover-requests-heading')
  }
  const submission = parseWithZod(formData, { schema: DuplicateCheckSchema })
  if (submission.status !== 'success') {
    return data({ result: submission.reply(), outcome: null, limited: false }, { status: 400, headers: noStore })
  }
  if (!takeDuplicateCheck(user.id)) {
    return data({ result: submission.reply(), outcome: null, limited: true }, { status: 429, headers: noStore })
  }
  const outcome = await checkForDuplicate({ actor: user, ...submission.value })
  // The entered name and date are not sent back: the form is emptied after each check.
  return data({ result: submission.reply({ resetForm: true }), outcome, limited: false }, { headers: noStore })
}

export default function DuplicateCheckPage() {
  const { t, i18n } = useTranslation('privacy')
  const { status, limit, handoverRequests } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const handover = actionData && 'handover' in actionData ? actionData : null
  const [form, fields] = useForm({
    id: 'duplicate-check',
    constraint: getZodConstraint(DuplicateCheckSchema),
    lastResult: actionData?.result ?? undefined,
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DuplicateCheckSchema }),
  })
  const outcome = actionData?.outcome
  return (
    <div className="stack">
      <h1>{t('check.title')}</h1>
      <p>{t('check.intro', { limit })}</p>
      {!status.enabled ? (
        <p className="alert alert-warning" role="status">
          {t(`identity.disabled.${status.reason}`)}
        </p>
      ) : (
        <>
          <div aria-live="polite">
            {actionData?.limited ? (
              <p className="alert alert-error" role="alert">
                {t('check.limited', { limit })}
              </p>
            ) : null}
            {outcome?.kind === 'none' ? <p className="alert alert-success">{t('check.none')}</p> : null}
            {outcome?.kind === 'match' ? (
              <div className="alert alert-warning stack">
                <p>{t('check.match')}</p>
                {outcome.readable.length > 0 ? (
                  <ul>
                    {outcome.readable.map((kase) => (
                      <li key={kase.id}>
                        <Link to={`/cases/${kase.id}`}>{t('check.openCase', { code: kase.pseudonymCode })}</Link>
                        {kase.newCase ? (
                          <>
                            {' · '}
                            <Link to={`/cases/${kase.id}/new-case`}>{t('clients:person.newCase.title')}</Link>
                          </>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                ) : null}
                {outcome.teams.length > 0 ? <p>{t('check.contactTeam', { teams: outcome.teams.join(', ') })}</p> : null}
                {outcome.requestable.map((match) => (
                  <HandoverRequestForm key={match.token} match={match} />
                ))}
              </div>
            ) : null}
            {handover?.retry ? <HandoverRequestForm match={handover.retry} errors={handover.handover?.error} /> : null}
            {handover?.refused ? (
              <p className="alert alert-error" role="alert">
                {t(`handover.refused.${handover.refused}`)}
              </p>
            ) : null}
          </div>
          <Form method="post" {...getFormProps(form)} className="stack" autoComplete="off">
            <FormErrorSummary errors={form.errors} />
            <Field label={t('identity.fields.name')} {...getInputProps(fields.name, { type: 'text' })} errors={fields.name.errors} />
            <Field label={t('identity.fields.dateOfBirth')} {...getInputProps(fields.dateOfBirth, { type: 'date' })} errors={fields.dateOfBirth.errors} />
            <div className="form-actions">
              <SubmitButton>{t('check.submit')}</SubmitButton>
            </div>
          </Form>
          <p className="muted">{t('check.privacyNote')}</p>
        </>
      )}
      <section className="stack" aria-labelledby="handover-requests-heading">
        <h2 id="handover-requests-heading">{t('handover.own.title')}</h2>
        <SuccessStatus messages={{ 'handover-requested': t('handover.requested') }} />
        {handoverRequests.length === 0 ? (
          <p className="muted">{t('handover.own.empty')}</p>
        ) : (
          <Table caption={t('handover.own.title')} hideCaption columns={[t('handover.own.at'), t('handover.own.team'), t('handover.own.reason'), t('handover.own.status')]}>
            {handoverRequests.map((request) => (
              <tr key={request.id}>
                <td>{formatDate(request.at, i18n.language)}</td>
                <td>{request.team ?? '–'}</td>
                <td>{request.reason}</td>
                <td>
                  {t(`handover.status.${request.status}`)}
                  {request.decidedAt ? ` (${formatDate(request.decidedAt, i18n.language)})` : null}
                  {request.declineReason ? <> – {t('handover.own.declinedBecause', { reason: request.declineReason })}</> : null}
                  {request.caseId && request.code ? (
                    <>
                      {' · '}
                      <Link to={`/cases/${request.caseId}`}>{t('check.openCase', { code: request.code })}</Link>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </Table>
        )}
      </section>
    </div>
  )
}

/**
 * "Übergabe anfragen" for a match in another team: a short reason without names, posted with the
 * check's token; nothing of the case is shown before the holding team grants it.
 */
function HandoverRequestForm({ match, errors }: { match: HandoverRetry; errors?: Record<string, string[] | null | undefined> | null }) {
  const { t } = useTranslation('privacy')
  const id = `handover-reason-${match.token.slice(-12)}`
  return (
    <Form method="post" className="stack card" aria-label={t('handover.formFor', { team: match.team })}>
      <input type="hidden" name="intent" value="handover-request" />
      <input type="hidden" name="token" value={match.token} />
      <input type="hidden" name="team" value={match.team} />
      <p>{t('handover.intro', { team: match.team })}</p>
      <Field
        label={t('handover.reason')}
        hint={t('handover.reasonHint')}
        name="reason"
        id={id}
        maxLength={HANDOVER_REASON_MAX}
        required
        errors={errors?.reason ?? errors?.token}
      />
      <div className="form-actions">
        <SubmitButton>{t('handover.submit', { team: match.team })}</SubmitButton>
      </div>
    </Form>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
