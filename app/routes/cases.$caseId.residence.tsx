import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { Field, FormErrorSummary, SelectField } from '#app/components/ui/field.tsx'
import { RESIDENCE_EXPIRY_LEAD_DAYS } from '#app/domain/residence-expiry.ts'
import { requireCaseAccess } from '#app/models/case-access.server.ts'
import { addResidenceStatus, catalogueChoices, getResidenceHistory } from '#app/models/case-file.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { formatDate } from '#app/utils/format.ts'
import { getFixedT, getLanguage } from '#app/utils/i18n.server.ts'
import { readFormData } from '#app/utils/request.server.ts'

const dateField = (message: string) =>
  z
    .string({ required_error: message })
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'caseFile:edit.errors.date')
    .refine((value) => !Number.isNaN(Date.parse(value)) && value >= '1950-01-01' && value <= '2100-12-31', 'caseFile:edit.errors.date')

const ResidenceSchema = z
  .object({
    statusId: z.number({ required_error: 'caseFile:residence.errors.status', invalid_type_error: 'caseFile:residence.errors.status' }).int().positive(),
    validFrom: dateField('caseFile:residence.errors.validFrom'),
    expiresAt: dateField('caseFile:edit.errors.date').optional(),
  })
  .superRefine((value, ctx) => {
    if (value.validFrom > new Date().toISOString().slice(0, 10)) {
      ctx.addIssue({ code: 'custom', path: ['validFrom'], message: 'caseFile:edit.errors.future' })
    }
    if (value.expiresAt && value.expiresAt <= value.validFrom) {
      ctx.addIssue({ code: 'custom', path: ['expiresAt'], message: 'caseFile:residence.errors.expiryBeforeStart' })
    }
  })

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const access = await requireCaseAccess(user, params.caseId, 'read', context.requestId)
  const language = await getLanguage(request)
  const canWrite = access.allowed.includes('write')
  const [entries, statuses] = await Promise.all([getResidenceHistory(access.id, language), canWrite ? catalogueChoices('RESIDENCE_STATUS', language) : []])
  await audit({ userId: user.id, action: 'residence.read', entity: 'residenceStatus', entityId: null, caseId: access.id, requestId: context.requestId })
  const t = await getFixedT(request, 'codes')
  return {
    caseId: access.id,
    canWrite,
    entries,
    statuses: statuses.map((status) => ({ value: String(status.id), label: status.group ? `${status.group} · ${t(`residenceGroup.${status.group}`)}: ${status.label}` : status.label })),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const access = await requireCaseAccess(user, params.caseId, 'write', context.requestId)
  const formData = await readFormData(request)
  const submission = parseWithZod(formData, { schema: ResidenceSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const result = await addResidenceStatus({ caseId: access.id, actor: user, ...submission.value, requestId: context.requestId })
  if (!result.ok) return data({ result: submission.reply({ fieldErrors: result.fieldErrors }) }, { status: 400 })
  const search = new URLSearchParams({ added: '1', ...(result.followUpDue ? { followUp: result.followUpDue.slice(0, 10) } : {}) })
  return redirect(`/cases/${access.id}/residence?${search}`)
}

export default function ResidencePage() {
  const { t, i18n } = useTranslation('caseFile')
  const lng = i18n.language
  const { entries, statuses, canWrite } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const [form, fields] = useForm({
    id: 'residence-add',
    constraint: getZodConstraint(ResidenceSchema),
    lastResult: actionData?.result,
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ResidenceSchema }),
  })
  const followUp = searchParams.get('followUp')
  return (
    <div className="stack">
      <h2>{t('residence.title')}</h2>
      {searchParams.get('added') === '1' && !actionData ? (
        <p className="alert alert-success" role="status">
          {t('residence.added')} {followUp ? t('residence.followUpCreated', { date: formatDate(followUp, lng) }) : null}
        </p>
      ) : null}
      <div className="table-wrap">
        <table>
          <caption>{t('residence.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('residence.status')}</th>
              <th scope="col">{t('residence.group')}</th>
              <th scope="col">{t('residence.validFrom')}</th>
              <th scope="col">{t('residence.expiresAt')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.length === 0 ? (
              <tr>
                <td colSpan={4}>{t('residence.empty')}</td>
              </tr>
            ) : (
              entries.map((entry, index) => (
                <tr key={entry.id}>
                  <td>
                    {entry.status}
                    {index === 0 ? <span className="badge badge-success residence-current">{t('residence.current')}</span> : null}
                  </td>
                  <td>{entry.group ? t('residence.groupLabel', { group: entry.group, label: t(`codes:residenceGroup.${entry.group}`) }) : t('common:none')}</td>
                  <td>
                    <time dateTime={entry.validFrom}>{formatDate(entry.validFrom, lng)}</time>
                  </td>
                  <td>{entry.expiresAt ? <time dateTime={entry.expiresAt}>{formatDate(entry.expiresAt, lng)}</time> : t('common:none')}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      {canWrite ? (
        <Form method="post" {...getFormProps(form)} className="card stack residence-add-form">
          <h3>{t('residence.addHeading')}</h3>
          <FormErrorSummary errors={form.errors} />
          <div className="form-grid">
            <SelectField
              label={t('residence.status')}
              {...getSelectProps(fields.statusId)}
              placeholder={t('residence.chooseStatus')}
              options={statuses}
              errors={fields.statusId.errors}
            />
            <Field label={t('residence.validFrom')} {...getInputProps(fields.validFrom, { type: 'date' })} errors={fields.validFrom.errors} />
            <Field
              label={`${t('residence.expiresAt')} (${t('common:form.optional')})`}
              hint={t('residence.expiryHint', { weeks: RESIDENCE_EXPIRY_LEAD_DAYS / 7 })}
              {...getInputProps(fields.expiresAt, { type: 'date' })}
              errors={fields.expiresAt.errors}
            />
          </div>
          <div className="form-actions">
            <SubmitButton>{t('residence.add')}</SubmitButton>
          </div>
        </Form>
      ) : null}
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
