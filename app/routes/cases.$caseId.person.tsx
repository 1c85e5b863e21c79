// The person behind a case (issue 14, decision 027): the client's other cases, "Neuer Fall für diese
// Person" after a closed case, linked family and household members (never granting access), and —
// for team leads — merging a second record of the same person into this one.
import { Table } from '#app/components/ui/table.tsx'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { ErrorList, Field, SelectField } from '#app/components/ui/field.tsx'
import { CLIENT_RELATIONS, PersonActionSchema } from '#app/forms/client.ts'
import { requireCaseForRoute } from '#app/models/case-access.server.ts'
import { getPersonPage, linkClients, mergeClients, unlinkClients, type PersonCase } from '#app/models/client.server.ts'
import { formatDate } from '#app/utils/format.ts'
import { readFormData } from '#app/utils/request.server.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, kase: access } = await requireCaseForRoute({ request, params }, 'read')
  const page = await getPersonPage(access, user)
  return { caseId: access.id, canWrite: access.allowed.includes('write'), isLead: user.role === 'TEAM_LEAD', ...page }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, kase: access } = await requireCaseForRoute({ request, params }, 'write')
  const formData = await readFormData(request)
  const submission = parseWithZod(formData, { schema: PersonActionSchema })
  if (submission.status !== 'success') {
    return data({ intent: String(formData.get('intent') ?? ''), error: null, fieldErrors: submission.error ?? {}, preview: null, code: '' }, { status: 400 })
  }
  const value = submission.value
  if (value.intent === 'link') {
    const result = await linkClients(user, access, value.code, value.relation)
    if (!result.ok) return data({ intent: 'link', error: result.error, fieldErrors: {}, preview: null, code: value.code }, { status: 400 })
    return redirect(`/cases/${access.id}/person?done=linked`)
  }
  if (value.intent === 'unlink') {
    const result = await unlinkClients(user, access, value.linkId)
    if (!result.ok) return data({ intent: 'unlink', error: result.error, fieldErrors: {}, preview: null, code: '' }, { status: 400 })
    return redirect(`/cases/${access.id}/person?done=unlinked`)
  }
  const result = await mergeClients(user, access, value.code, value.confirm === 'yes')
  if (!result.ok) return data({ intent: 'merge', error: result.error, fieldErrors: {}, preview: null, code: value.code }, { status: 400 })
  if (result.done) return redirect(`/cases/${access.id}/person?done=merged`)
  return { intent: 'merge', error: null, fieldErrors: {}, preview: result.preview, code: value.code }
}

function CaseRow({ kase }: { kase: PersonCase }) {
  const { t, i18n } = useTranslation('clients')
  return (
    <li>
      <Link to={`/cases/${kase.id}`}>{kase.pseudonymCode}</Link> · {t(`codes:caseStatus.${kase.status}`)} · {kase.teamName} ·{' '}
      {t('person.opened', { date: formatDate(kase.openedAt, i18n.language) })}
      {kase.closedAt ? ` · ${t('person.closed', { date: formatDate(kase.closedAt, i18n.language) })}` : null}
    </li>
  )
}

export default function PersonPage() {
  const { t } = useTranslation('clients')
  const page = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const done = searchParams.get('done')
  const fieldErrors = (actionData?.fieldErrors ?? {}) as Record<string, string[] | undefined>
  const errorFor = (intent: string) => (actionData?.intent === intent && actionData.error ? [actionData.error] : undefined)
  const preview = actionData?.preview
  return (
    <div className="stack">
      <h2>{t('person.title')}</h2>
      {done && !actionData ? (
        <p className="alert alert-success" role="status">
          {t(`person.done.${done}`, { defaultValue: '' })}
        </p>
      ) : null}
      {page.mergedCodes.length > 0 ? (
        <p className="alert alert-info" data-testid="merged-codes">
          {t('person.mergedCodes', { codes: page.mergedCodes.join(', '), code: page.pseudonymCode })}
        </p>
      ) : null}

      <section className="stack" aria-labelledby="other-cases">
        <h3 id="other-cases">{t('person.otherCases')}</h3>
        {page.otherCases.length === 0 && page.hiddenOtherCases === 0 ? <p className="muted">{t('person.noOtherCases')}</p> : null}
        {page.otherCases.length > 0 ? (
          <ul>
            {page.otherCases.map((kase) => (
              <CaseRow key={kase.id} kase={kase} />
            ))}
          </ul>
        ) : null}
        {page.hiddenOtherCases > 0 ? <p className="muted">{t('person.hiddenOtherCases', { count: page.hiddenOtherCases })}</p> : null}
      </section>

      <section className="stack card" aria-labelledby="new-case">
        <h3 id="new-case">{t('person.newCase.title')}</h3>
        <p>{t('person.newCase.explain')}</p>
        <ul>
          <li>{t('person.newCase.reopen')}</li>
          <li>{t('person.newCase.new')}</li>
        </ul>
        {page.newCase === null ? (
          <p>
            <Link className="button" to={`/cases/${page.caseId}/new-case`}>
              {t('person.newCase.action')}
            </Link>
          </p>
        ) : (
          <p className="muted">
            {t(`person.newCase.blocked.${page.newCase}`)}{' '}
            {page.newCase === 'notClosed' ? <Link to={`/cases/${page.caseId}/status`}>{t('person.newCase.statusLink')}</Link> : null}
            {page.newCase === 'running' && page.runningCaseId ? <Link to={`/cases/${page.runningCaseId}`}>{t('person.newCase.runningLink')}</Link> : null}
          </p>
        )}
      </section>

      <section className="stack" aria-labelledby="linked">
        <h3 id="linked">{t('person.linked.title')}</h3>
        <p className="field-hint">{t('person.linked.explain')}</p>
        {page.linked.length === 0 && page.hiddenLinked === 0 ? <p className="muted">{t('person.linked.none')}</p> : null}
        {page.linked.length > 0 ? (
          <ul className="stack" data-testid="linked-persons">
            {page.linked.map((person) => (
              <li key={person.linkId}>
                <strong>{t(`relations.${person.relation}`)}</strong>: <span className="code">{person.pseudonymCode}</span>
                <ul>
                  {person.cases.map((kase) => (
                    <CaseRow key={kase.id} kase={kase} />
                  ))}
                </ul>
                {page.canWrite ? (
                  <Form method="post" className="row">
                    <input type="hidden" name="linkId" value={person.linkId} />
                    <SubmitButton intent="unlink" variant="secondary">
                      {t('person.linked.unlink', { code: person.pseudonymCode })}
                    </SubmitButton>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
        {page.hiddenLinked > 0 ? (
          <p className="muted" data-testid="hidden-linked">
            {t('person.linked.hidden', { count: page.hiddenLinked })}
          </p>
        ) : null}
        <ErrorList errors={errorFor('unlink')} />
        {page.canWrite ? (
          <Form method="post" className="stack" aria-labelledby="link-form">
            <h4 id="link-form">{t('person.linked.add')}</h4>
            <div className="form-grid">
              <Field
                label={t('person.linked.code')}
                hint={t('person.linked.codeHint')}
                name="code"
                id="link-code"
                autoComplete="off"
                defaultValue={actionData?.intent === 'link' ? actionData.code : ''}
                errors={errorFor('link') ?? (actionData?.intent === 'link' ? fieldErrors.code : undefined)}
              />
              <SelectField
                label={t('person.linked.relation')}
                name="relation"
                id="link-relation"
                options={CLIENT_RELATIONS.map((relation) => ({ value: relation, label: t(`relations.${relation}`) }))}
                placeholder={t('person.linked.choose')}
                errors={actionData?.intent === 'link' ? fieldErrors.relation : undefined}
              />
            </div>
            <div className="form-actions">
              <SubmitButton intent="link">{t('person.linked.submit')}</SubmitButton>
            </div>
          </Form>
        ) : null}
      </section>

      {page.isLead && page.canWrite ? (
        <section className="stack card" aria-labelledby="merge">
          <h3 id="merge">{t('person.merge.title')}</h3>
          <p>{t('person.merge.explain', { code: page.pseudonymCode })}</p>
          {preview ? (
            <div className="stack alert alert-warning" data-testid="merge-summary">
              <Table caption={<strong>{t('person.merge.summary')}</strong>} columns={[null, t('person.merge.kept'), t('person.merge.merged')]}>
                <tr>
                  <th scope="row">{t('person.merge.code')}</th>
                  <td>{preview.kept.pseudonymCode}</td>
                  <td>{preview.merged.pseudonymCode}</td>
                </tr>
                <tr>
                  <th scope="row">{t('person.merge.birthYear')}</th>
                  <td>{preview.kept.birthYear}</td>
                  <td>{preview.merged.birthYear}</td>
                </tr>
                <tr>
                  <th scope="row">{t('person.merge.gender')}</th>
                  <td>{t(`codes:gender.${preview.kept.gender}`)}</td>
                  <td>{t(`codes:gender.${preview.merged.gender}`)}</td>
                </tr>
                <tr>
                  <th scope="row">{t('person.merge.cases')}</th>
                  <td>{preview.kept.cases}</td>
                  <td>{preview.merged.cases}</td>
                </tr>
              </Table>
              {preview.differences.length > 0 ? <p>{t('person.merge.differences')}</p> : null}
              <p>{t('person.merge.consequences', { kept: preview.kept.pseudonymCode, merged: preview.merged.pseudonymCode })}</p>
              <Form method="post" className="form-actions">
                <input type="hidden" name="code" value={actionData?.code ?? ''} />
                <input type="hidden" name="confirm" value="yes" />
                <SubmitButton intent="merge" variant="danger">
                  {t('person.merge.confirm')}
                </SubmitButton>
                <Link to={`/cases/${page.caseId}/person`}>{t('common:actions.cancel')}</Link>
              </Form>
            </div>
          ) : (
            <Form method="post" className="stack">
              <Field
                label={t('person.merge.codeLabel')}
                name="code"
                id="merge-code"
                autoComplete="off"
                defaultValue={actionData?.intent === 'merge' ? actionData.code : ''}
                errors={errorFor('merge') ?? (actionData?.intent === 'merge' ? fieldErrors.code : undefined)}
              />
              <div className="form-actions">
                <SubmitButton intent="merge" variant="secondary">
                  {t('person.merge.preview')}
                </SubmitButton>
              </div>
            </Form>
          )}
        </section>
      ) : null}
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
