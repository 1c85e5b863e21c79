import {
  data,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { Field, SelectField } from '#app/components/ui/field.tsx'
import { Table } from '#app/components/ui/table.tsx'
import { IMPORT_COLUMNS, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, REQUIRED_COLUMNS, type ImportColumn } from '#app/domain/case-import.ts'
import { importCases, importTeams, type ImportReport } from '#app/models/case-import.server.ts'
import { numberFormatter } from '#app/utils/format.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { getFixedT } from '#app/utils/i18n.server.ts'

// The report of a dry run names rows and columns of the office's file: not for any cache.
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' })

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

const MEGABYTES = MAX_IMPORT_BYTES / (1024 * 1024)

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, 'ADMIN')
  const [t, teams] = await Promise.all([getFixedT(request, 'import'), importTeams()])
  return { title: t('title'), teams }
}

type FieldErrors = { teamId?: string[]; file?: string[] }
type ActionData = { fieldErrors: FieldErrors; formError: string | null; report: ImportReport | null; teamId: string }

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, 'ADMIN')
  const noStore = { 'Cache-Control': 'no-store' }
  const answer = (body: Omit<ActionData, 'teamId'> & { teamId?: string }, status: number) =>
    data<ActionData>({ teamId: '', ...body }, { status, headers: noStore })
  if (!(request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) {
    return answer({ fieldErrors: { file: ['import:errors.file'] }, formError: null, report: null }, 400)
  }
  let formData: FormData
  try {
    formData = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_IMPORT_BYTES }))
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return answer({ fieldErrors: { file: ['import:errors.tooLarge'] }, formError: null, report: null }, 413)
    return answer({ fieldErrors: {}, formError: 'import:errors.form', report: null }, 400)
  }
  const teamId = String(formData.get('teamId') ?? '')
  const file = formData.get('file')
  const teams = await importTeams()
  const fieldErrors: FieldErrors = {}
  if (!teams.some((team) => team.id === teamId)) fieldErrors.teamId = ['import:errors.team']
  if (!(file instanceof Blob) || file.size === 0) fieldErrors.file = ['import:errors.file']
  if (fieldErrors.teamId || fieldErrors.file || !(file instanceof Blob)) return answer({ fieldErrors, formError: null, report: null, teamId }, 400)

  const dryRun = formData.get('intent') !== 'import'
  const report = await importCases({ actor: user, teamId, bytes: new Uint8Array(await file.arrayBuffer()), dryRun })
  const failed = !report.ok || report.errorCount > 0
  return answer({ fieldErrors: {}, formError: null, report, teamId }, failed ? 400 : 200)
}

export default function CaseImportPage() {
  const { t, i18n } = useTranslation('import')
  const { teams } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const number = numberFormatter(i18n.language)
  const report = actionData?.report ?? null
  const columns = Object.keys(IMPORT_COLUMNS) as ImportColumn[]
  return (
    <div className="stack">
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>

      <div aria-live="polite">{report ? <ReportView report={report} number={number} /> : null}</div>

      <section className="card stack" aria-labelledby="import-template-heading">
        <h2 id="import-template-heading">{t('template.heading')}</h2>
        <p>{t('template.text')}</p>
        <p>
          <a href="/admin/import/template.csv" download>
            {t('template.download')}
          </a>
        </p>
        <details>
          <summary>{t('columns.caption')}</summary>
          <Table caption={t('columns.caption')} hideCaption columns={[t('columns.column'), t('columns.required'), t('columns.values')]}>
            {columns.map((column) => (
              <tr key={column}>
                <th scope="row">
                  <code>{IMPORT_COLUMNS[column]}</code>
                </th>
                <td>{REQUIRED_COLUMNS.includes(column) ? t('columns.yes') : t('columns.no')}</td>
                <td>{t(`columns.describe.${column}`)}</td>
              </tr>
            ))}
          </Table>
        </details>
      </section>

      <section className="card stack" aria-labelledby="import-form-heading">
        <h2 id="import-form-heading">{t('form.heading')}</h2>
        <p>{t('form.text')}</p>
        {actionData?.formError ? (
          <p className="alert alert-error" role="alert">
            {t(actionData.formError)}
          </p>
        ) : null}
        <Form method="post" encType="multipart/form-data" className="stack" key={actionData?.report?.ok && !actionData.report.dryRun ? 'done' : 'form'}>
          <SelectField
            label={t('form.team')}
            name="teamId"
            id="import-team"
            defaultValue={actionData?.teamId ?? ''}
            placeholder={t('cases:masterData.choose')}
            options={teams.map((team) => ({ value: team.id, label: team.name }))}
            errors={actionData?.fieldErrors.teamId}
            required
          />
          <Field
            label={t('form.file')}
            hint={t('form.fileHint', { rows: number(MAX_IMPORT_ROWS), megabytes: MEGABYTES })}
            type="file"
            name="file"
            id="import-file"
            accept=".csv,text/csv"
            errors={actionData?.fieldErrors.file?.map((key) => t(key, { megabytes: MEGABYTES }))}
            required
          />
          <div className="form-actions">
            <SubmitButton intent="dryRun">{t('form.dryRun')}</SubmitButton>
            <SubmitButton intent="import" variant="secondary">
              {t('form.import')}
            </SubmitButton>
          </div>
        </Form>
      </section>
    </div>
  )
}

function ReportView({ report, number }: { report: ImportReport; number: (value: number) => string }) {
  const { t } = useTranslation('import')
  if (!report.ok) {
    const { problem } = report
    return (
      <div className="alert alert-error stack" role="alert">
        <h2>{t('report.heading')}</h2>
        {problem.kind === 'header' ? (
          <>
            <p>{t('problem.header')}</p>
            {problem.missing.length > 0 ? <p>{t('problem.missing', { columns: problem.missing.join(', ') })}</p> : null}
            {problem.unknown.length > 0 ? <p>{t('problem.unknown', { columns: problem.unknown.join(', ') })}</p> : null}
          </>
        ) : problem.kind === 'separator' ? (
          <p>{t(`problem.separator.${problem.found}`)}</p>
        ) : problem.kind === 'malformed' ? (
          <p>{t('problem.malformed', { line: problem.line })}</p>
        ) : problem.kind === 'tooManyRows' ? (
          <p>{t('problem.tooManyRows', { limit: number(problem.limit) })}</p>
        ) : (
          <p>{t(`problem.${problem.kind}`)}</p>
        )}
      </div>
    )
  }
  const counts = { rows: number(report.rows), imported: number(report.imported), skipped: number(report.skipped) }
  if (report.errorCount === 0) {
    return (
      <div className="alert alert-success stack" role="status">
        <h2>{t('report.heading')}</h2>
        <p>{report.dryRun ? t('report.dryRunOk', counts) : t('report.imported', counts)}</p>
        <p className="muted">{t('report.encoding', { encoding: report.encoding === 'utf-8' ? 'UTF-8' : 'Windows-1252' })}</p>
      </div>
    )
  }
  return (
    <div className="stack">
      <div className="alert alert-error stack" role="alert">
        <h2>{t('report.heading')}</h2>
        <p>{t('report.failed', { errors: number(report.errorCount), rows: counts.rows })}</p>
        {report.errorCount > report.errors.length ? (
          <p>{t('report.moreErrors', { shown: number(report.errors.length), errors: number(report.errorCount) })}</p>
        ) : null}
      </div>
      <Table caption={t('report.errorsCaption')} columns={[{ label: t('report.line'), className: 'num' }, t('report.column'), t('report.message')]}>
        {report.errors.map((error, index) => (
          <tr key={index}>
            <td className="num">{error.line}</td>
            <td>{error.column ?? t('report.wholeRow')}</td>
            <td>{t(error.message, error.values ?? {})}</td>
          </tr>
        ))}
      </Table>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
