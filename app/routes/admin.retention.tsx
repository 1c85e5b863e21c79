import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SuccessStatus, withDone } from '#app/components/success-status.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { CheckboxField, Field, FormErrorSummary, SelectField } from '#app/components/ui/field.tsx'
import { Table } from '#app/components/ui/table.tsx'
import { PRIVACY_REGIMES, RETENTION_MAX_YEARS, RETENTION_MIN_YEARS } from '#app/domain/retention.ts'
import { freezeYearForRetention, getPrivacyRegime, planRetention, runRetention, savePrivacySettings } from '#app/models/retention.server.ts'
import { numberFormatter } from '#app/utils/format.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { getFixedT } from '#app/utils/i18n.server.ts'
import { readFormData } from '#app/utils/request.server.ts'
import { FreezeYearSchema, PrivacySettingsSchema, RunRetentionSchema } from '#app/forms/retention.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, 'ADMIN')
  const [plan, regime] = await Promise.all([planRetention(), getPrivacyRegime()])
  const t = await getFixedT(request, 'privacy')
  const params = new URL(request.url).searchParams
  const ran =
    params.get('ran') === '1'
      ? { clients: Number(params.get('clients') ?? 0), cases: Number(params.get('cases') ?? 0), heldBack: Number(params.get('heldBack') ?? 0) }
      : null
  const frozenYear = Number(params.get('frozen')) || null
  return { title: t('retention.title'), plan, regime, ran, frozenYear }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, 'ADMIN')
  const formData = await readFormData(request)
  const intent = formData.get('intent')
  if (intent === 'settings') {
    const submission = parseWithZod(formData, { schema: PrivacySettingsSchema })
    if (submission.status !== 'success') return data({ intent, result: submission.reply() }, { status: 400 })
    await savePrivacySettings({ userId: user.id, ...submission.value })
    throw redirect(withDone('/admin/retention', 'settings'))
  }
  if (intent === 'run') {
    const submission = parseWithZod(formData, { schema: RunRetentionSchema })
    if (submission.status !== 'success') return data({ intent, result: submission.reply() }, { status: 400 })
    const result = await runRetention({ userId: user.id })
    throw redirect(`/admin/retention?ran=1&clients=${result.clients}&cases=${result.cases}&heldBack=${result.heldBack}`)
  }
  if (intent === 'freeze') {
    const submission = parseWithZod(formData, { schema: FreezeYearSchema })
    if (submission.status !== 'success') return data({ intent, result: submission.reply() }, { status: 400 })
    const { year } = submission.value
    const outcome = await freezeYearForRetention(year, user)
    if (!outcome.ok) {
      const message = outcome.error === 'already-frozen' ? 'privacy:retention.alreadyFrozen' : 'privacy:retention.notFinished'
      return data({ intent, result: submission.reply({ formErrors: [message] }) }, { status: 400 })
    }
    throw redirect(`/admin/retention?frozen=${year}`)
  }
  throw new Response('Unknown intent', { status: 400 })
}

export default function RetentionPage() {
  const { t, i18n } = useTranslation('privacy')
  const { plan, regime, ran, frozenYear } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const number = numberFormatter(i18n.language)
  const [settingsForm, settingsFields] = useForm({
    id: 'privacy-settings',
    constraint: getZodConstraint(PrivacySettingsSchema),
    lastResult: actionData?.intent === 'settings' ? actionData.result : undefined,
    defaultValue: { years: String(plan.years), regime },
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PrivacySettingsSchema }),
  })
  const [runForm, runFields] = useForm({
    id: 'run-retention',
    constraint: getZodConstraint(RunRetentionSchema),
    lastResult: actionData?.intent === 'run' ? actionData.result : undefined,
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RunRetentionSchema }),
  })
  return (
    <div className="stack">
      <h1>{t('retention.title')}</h1>
      <p>{t('retention.intro')}</p>
      <SuccessStatus messages={{ settings: t('retention.saved') }} />
      {ran ? (
        <p className="alert alert-success" role="status">
          {t('retention.ran', { clients: number(ran.clients), cases: number(ran.cases), heldBack: number(ran.heldBack) })}
        </p>
      ) : null}
      {frozenYear ? (
        <p className="alert alert-success" role="status">
          {t('retention.frozen', { year: frozenYear })}
        </p>
      ) : null}

      <section className="card stack privacy-section" aria-labelledby="privacy-settings-heading">
        <h2 id="privacy-settings-heading">{t('retention.settingsHeading')}</h2>
        <Form method="post" {...getFormProps(settingsForm)} className="stack">
          <FormErrorSummary errors={settingsForm.errors} />
          <div className="form-grid">
            <Field
              label={t('retention.years')}
              hint={t('retention.yearsHint', { min: RETENTION_MIN_YEARS, max: RETENTION_MAX_YEARS })}
              {...getInputProps(settingsFields.years, { type: 'number' })}
              errors={settingsFields.years.errors}
            />
            <SelectField
              label={t('retention.regime')}
              hint={t('retention.regimeHint')}
              options={PRIVACY_REGIMES.map((value) => ({ value, label: t(`retention.regimes.${value}`) }))}
              {...getSelectProps(settingsFields.regime)}
              errors={settingsFields.regime.errors}
            />
          </div>
          <div className="form-actions">
            <SubmitButton intent="settings">{t('common:actions.save')}</SubmitButton>
          </div>
        </Form>
      </section>

      <section className="card stack privacy-section" aria-labelledby="retention-plan-heading">
        <h2 id="retention-plan-heading">{t('retention.planHeading')}</h2>
        <p>{t('retention.rule', { years: plan.years, year: plan.latestClosureYear })}</p>
        <p role="status">
          {t('retention.planSummary', {
            clients: number(plan.clients),
            cases: number(plan.cases),
            keys: number(plan.identityKeys),
            documents: number(plan.documents),
          })}
        </p>
        {plan.byClosureYear.length > 0 ? (
          <Table caption={t('retention.byYearCaption')} columns={[t('retention.closureYear'), { label: t('retention.cases'), className: 'num' }]}>
            {plan.byClosureYear.map((row) => (
              <tr key={row.year}>
                <th scope="row">{row.year}</th>
                <td className="num">{number(row.cases)}</td>
              </tr>
            ))}
          </Table>
        ) : null}
        <h3>{t('retention.rulesHeading')}</h3>
        <ul>
          <li>{t('retention.rules.identity')}</li>
          <li>{t('retention.rules.documents')}</li>
          <li>{t('retention.rules.birthYear')}</li>
          <li>{t('retention.rules.code')}</li>
          <li>{t('retention.rules.freeText')}</li>
          <li>{t('retention.rules.kept')}</li>
          <li>{t('retention.rules.statistics')}</li>
        </ul>
        {plan.clients > 0 ? (
          <Form method="post" {...getFormProps(runForm)} className="stack">
            <CheckboxField
              label={t('retention.confirm', { clients: number(plan.clients) })}
              {...getInputProps(runFields.confirm, { type: 'checkbox' })}
              errors={runFields.confirm.errors}
            />
            <div className="form-actions">
              <SubmitButton intent="run" variant="danger">
                {t('retention.run')}
              </SubmitButton>
            </div>
          </Form>
        ) : (
          <p>{t('retention.nothing')}</p>
        )}
        <p className="muted">{t('retention.schedule')}</p>
      </section>

      {plan.heldBack.clients > 0 ? (
        <HeldBack heldBack={plan.heldBack} freezeResult={actionData?.intent === 'freeze' ? actionData.result : undefined} />
      ) : null}
    </div>
  )
}

type HeldBackPlan = ReturnType<typeof useLoaderData<typeof loader>>['plan']['heldBack']

/** The clients the dry run holds back, and a form per finished year to freeze it from here. */
function HeldBack({ heldBack, freezeResult }: { heldBack: HeldBackPlan; freezeResult?: SubmissionResult<string[]> }) {
  const { t, i18n } = useTranslation('privacy')
  const number = numberFormatter(i18n.language)
  const failedYear = typeof freezeResult?.initialValue?.year === 'string' ? Number(freezeResult.initialValue.year) : null
  return (
    <section className="card stack privacy-section" aria-labelledby="retention-held-heading">
      <h2 id="retention-held-heading">{t('retention.heldBackHeading')}</h2>
      <p>{t('retention.heldBackIntro')}</p>
      <p role="status">{t('retention.heldBackSummary', { clients: number(heldBack.clients), cases: number(heldBack.cases) })}</p>
      <Table caption={t('retention.heldBackCaption')} columns={[t('retention.missingYears'), { label: t('retention.clients'), className: 'num' }, { label: t('retention.cases'), className: 'num' }]}>
        {heldBack.groups.map((group) => (
          <tr key={group.years.join(',')}>
            <th scope="row">{group.years.join(', ')}</th>
            <td className="num">{number(group.clients)}</td>
            <td className="num">{number(group.cases)}</td>
          </tr>
        ))}
      </Table>
      <h3>{t('retention.yearsCaption')}</h3>
      <ul className="stack">
        {heldBack.years.map((entry) => (
          <li key={entry.year} className="stack">
            <p>{t('retention.yearWaiting', { year: entry.year, clients: number(entry.clients), cases: number(entry.cases) })}</p>
            {entry.finished ? (
              <FreezeYearForm year={entry.year} lastResult={failedYear === entry.year ? freezeResult : undefined} />
            ) : (
              <p className="muted">{t('retention.notFinished')}</p>
            )}
          </li>
        ))}
      </ul>
      <p className="muted">{t('retention.freezeHint')}</p>
    </section>
  )
}

function FreezeYearForm({ year, lastResult }: { year: number; lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation('privacy')
  const [form, fields] = useForm({
    id: `freeze-${year}`,
    constraint: getZodConstraint(FreezeYearSchema),
    lastResult,
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: FreezeYearSchema }),
  })
  return (
    <Form method="post" {...getFormProps(form)} className="stack">
      <FormErrorSummary errors={form.errors} />
      <input type="hidden" name="year" value={year} />
      <CheckboxField label={t('retention.freezeConfirm', { year })} {...getInputProps(fields.confirm, { type: 'checkbox' })} errors={fields.confirm.errors} />
      <div className="form-actions">
        <SubmitButton intent="freeze">{t('retention.freeze', { year })}</SubmitButton>
      </div>
    </Form>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
