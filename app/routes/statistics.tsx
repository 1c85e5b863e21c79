import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { officeYear } from '#app/domain/follow-up.ts'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { DONE_PARAM, SuccessStatus, withDone } from '#app/components/success-status.tsx'
import { StatisticsTable } from '#app/components/statistics-table.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { Field, FormErrorSummary, SelectField } from '#app/components/ui/field.tsx'
import { FilterForm } from '#app/components/ui/filter-form.tsx'
import { PROGRAMMES } from '#app/domain/codes.ts'
import { countingRules, frozenText, labelTables, ruleText, scopeLabel, statisticsQueryError } from '#app/domain/statistics/labels.ts'
import { availableYears, freezeYear, getSuppressionRule, isFreezableYear, loadStatistics, reopenYear, setSuppressionRule } from '#app/models/statistics.server.ts'
import { requireTeamName, teamChoices } from '#app/models/team.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { getFixedT, getLanguage } from '#app/utils/i18n.server.ts'
import { readFormData } from '#app/utils/request.server.ts'
import { parseStatisticsQuery, SettingsSchema, YearActionSchema } from '#app/forms/statistics.ts'
import { codeOptions } from '#app/utils/options.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ['TEAM_LEAD', 'ADMIN'])
  const params = new URL(request.url).searchParams
  const query = parseStatisticsQuery(params, user)
  const teamName = await requireTeamName(query.teamId)
  const [t, language, years, teams, rule] = await Promise.all([
    getFixedT(request, 'statistics'),
    getLanguage(request),
    availableYears(),
    user.role === 'ADMIN' ? teamChoices() : Promise.resolve([{ id: user.team.id, name: user.team.name }]),
    getSuppressionRule(),
  ])
  const base = {
    title: t('title'),
    isAdmin: user.role === 'ADMIN',
    years,
    teams,
    rule,
    currentYear: officeYear(new Date()),
  }
  if (!query.ok) {
    const selection = { year: params.get('year') ?? '', team: params.get('team') ?? '', programme: params.get('programme') ?? '' }
    return data({ ...base, selection, error: statisticsQueryError(query, t), statistics: null }, { status: 400 })
  }
  const result = await loadStatistics(query.year, query.scope)
  return data({
    ...base,
    selection: { year: String(query.year), team: user.role === 'ADMIN' ? (query.scope.teamId ?? '') : '', programme: query.scope.programme ?? '' },
    error: null,
    statistics: {
      year: query.year,
      scopeLabel: scopeLabel(query.scope, teamName, t),
      frozenText: frozenText(result.frozen, t, language),
      isFrozen: !!result.frozen,
      exportQuery: new URLSearchParams(
        Object.entries({ year: String(query.year), team: query.scope.teamId ?? '', programme: query.scope.programme ?? '' }).filter(([, value]) => value),
      ).toString(),
      ruleText: ruleText(result.rule, t, query.scope),
      countingRules: countingRules(t),
      notes: { 'gender-age': t('notes.age') } as Record<string, string>,
      tables: labelTables(result.tables, t, language),
    },
  })
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, 'ADMIN')
  const formData = await readFormData(request)
  if (formData.get('intent') === 'settings') {
    const submission = parseWithZod(formData, { schema: SettingsSchema })
    if (submission.status !== 'success') return data({ intent: 'settings' as const, result: submission.reply(), done: false, year: null }, { status: 400 })
    await setSuppressionRule({ k: submission.value.k, method: submission.value.method }, user.id)
    throw redirect(withDone(pageOf(request), 'settings'))
  }
  const parsed = YearActionSchema.safeParse(Object.fromEntries(formData))
  if (!parsed.success) throw new Response('Bad request', { status: 400 })
  const { intent, year } = parsed.data
  if (intent === 'freeze') {
    if (!isFreezableYear(year)) return data({ intent, result: undefined, done: false, year }, { status: 400 })
    await freezeYear(year, user)
  } else {
    await reopenYear(year, user.id)
  }
  throw redirect(withDone(pageOf(request, year), intent === 'freeze' ? 'frozen' : 'reopened'))
}

/** The page the form was posted from (its filters kept), for the year the action was about. */
function pageOf(request: Request, year?: number) {
  const url = new URL(request.url)
  if (year !== undefined) url.searchParams.set('year', String(year))
  url.searchParams.delete(DONE_PARAM)
  return `${url.pathname}${url.search}`
}

export default function StatisticsPage() {
  const { t } = useTranslation('statistics')
  const loaderData = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { statistics, selection } = loaderData
  return (
    <div className="statistics-page">
      <h1>{t('title')}</h1>
      <p className="muted">{t('intro')}</p>

      <FilterForm className="card statistics-filters">
        <fieldset>
          <legend>{t('filters.legend')}</legend>
          <div className="row">
            <SelectField
              label={t('filters.year')}
              id="statistics-year"
              name="year"
              defaultValue={selection.year}
              options={loaderData.years.map((year) => ({ value: String(year), label: String(year) }))}
            />
            {loaderData.isAdmin ? (
              <SelectField
                label={t('filters.team')}
                id="statistics-team"
                name="team"
                defaultValue={selection.team}
                options={[{ value: '', label: t('filters.allTeams') }, ...loaderData.teams.map((team) => ({ value: team.id, label: team.name }))]}
              />
            ) : (
              <p className="statistics-team-fixed">
                <span className="statistics-filter-label">{t('filters.team')}</span> {loaderData.teams[0]?.name}
              </p>
            )}
            <SelectField
              label={t('filters.programme')}
              id="statistics-programme"
              name="programme"
              defaultValue={selection.programme}
              options={[{ value: '', label: t('filters.allProgrammes') }, ...codeOptions(t, 'programme', PROGRAMMES)]}
            />
            <SubmitButton variant="secondary">{t('filters.submit')}</SubmitButton>
          </div>
        </fieldset>
      </FilterForm>

      {loaderData.error ? (
        <p className="alert alert-error" role="alert">
          {loaderData.error}
        </p>
      ) : null}

      <SuccessStatus
        messages={{ frozen: t('frozen.frozenDone', { year: loaderData.statistics?.year }), reopened: t('frozen.reopened', { year: loaderData.statistics?.year }) }}
        hidden={Boolean(actionData)}
      />
      {actionData && !actionData.done && actionData.intent === 'freeze' ? (
        <p className="alert alert-error" role="alert">
          {t('frozen.currentYear')}
        </p>
      ) : null}

      {statistics ? (
        <>
          <p className="statistics-scope">
            <strong>{t('scope.summary', { year: statistics.year, scope: statistics.scopeLabel })}</strong>
          </p>
          {statistics.frozenText ? <p className="alert alert-info">{statistics.frozenText}</p> : null}
          <section aria-labelledby="statistics-rule" className="card statistics-rule">
            <h2 id="statistics-rule">{t('rule.heading')}</h2>
            <p>{statistics.ruleText}</p>
          </section>
          <nav aria-labelledby="statistics-exports" className="statistics-exports">
            <h2 id="statistics-exports">{t('exports.heading')}</h2>
            <ul className="row">
              {(['csv', 'xlsx', 'json'] as const).map((format) => (
                <li key={format}>
                  <a className="button button-secondary" href={`/statistics/export.${format}?${statistics.exportQuery}`} download>
                    {t(`exports.${format}`)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <section aria-labelledby="statistics-counting" className="card statistics-counting">
            <h2 id="statistics-counting">{t('countingRules.heading')}</h2>
            <ul>
              {statistics.countingRules.map((rule) => (
                <li key={rule}>{rule}</li>
              ))}
            </ul>
          </section>
          {statistics.tables.map((table) => (
            <StatisticsTable key={table.id} table={table} note={statistics.notes[table.id]} />
          ))}
        </>
      ) : null}

      {loaderData.isAdmin ? <AdminTools /> : null}
    </div>
  )
}

function AdminTools() {
  const { t } = useTranslation('statistics')
  const { rule, statistics, currentYear } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: 'statistics-settings',
    constraint: getZodConstraint(SettingsSchema),
    lastResult: actionData?.intent === 'settings' ? actionData.result : undefined,
    shouldRevalidate: 'onInput',
    defaultValue: { k: String(rule.k), method: rule.method },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SettingsSchema }),
  })
  const year = statistics?.year
  return (
    <div className="grid statistics-admin">
      {year !== undefined && year < currentYear ? (
        <section aria-labelledby="statistics-freeze" className="card">
          <h2 id="statistics-freeze">{t('frozen.freezeHeading')}</h2>
          <p>{statistics?.isFrozen ? t('frozen.reopenHint') : t('frozen.freezeHint', { year })}</p>
          <Form method="post">
            <input type="hidden" name="year" value={year} />
            {statistics?.isFrozen ? (
              <SubmitButton intent="reopen" variant="danger">
                {t('frozen.reopen', { year })}
              </SubmitButton>
            ) : (
              <SubmitButton intent="freeze">{t('frozen.freeze', { year })}</SubmitButton>
            )}
          </Form>
        </section>
      ) : null}
      <section aria-labelledby="statistics-settings-heading" className="card">
        <h2 id="statistics-settings-heading">{t('settings.heading')}</h2>
        <SuccessStatus messages={{ settings: t('settings.saved') }} hidden={Boolean(actionData)} />
        <Form method="post" {...getFormProps(form)} className="stack">
          <FormErrorSummary errors={form.errors} />
          <input type="hidden" name="intent" value="settings" />
          <SelectField
            label={t('settings.method')}
            {...getSelectProps(fields.method)}
            errors={fields.method.errors}
            options={[
              { value: 'suppress', label: t('settings.methodSuppress') },
              { value: 'round5', label: t('settings.methodRound5') },
            ]}
          />
          <Field label={t('settings.k')} hint={t('settings.kHint')} {...getInputProps(fields.k, { type: 'number' })} errors={fields.k.errors} />
          <SubmitButton>{t('settings.save')}</SubmitButton>
        </Form>
      </section>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
