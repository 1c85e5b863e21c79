import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SuccessStatus, useFreshFormKey, withDone } from '#app/components/success-status.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { Field, FormErrorSummary, SelectField } from '#app/components/ui/field.tsx'
import { Table } from '#app/components/ui/table.tsx'
import { RESIDENCE_EXPIRY_LEAD_DAYS } from '#app/domain/residence-expiry.ts'
import { requireCaseForRoute } from '#app/models/case-access.server.ts'
import { addResidenceStatus, catalogueChoices, getResidenceHistory } from '#app/models/case-file.server.ts'
import { formatDate } from '#app/utils/format.ts'
import { getFixedT, getLanguage } from '#app/utils/i18n.server.ts'
import { readFormData } from '#app/utils/request.server.ts'
import { ResidenceSchema } from '#app/forms/residence.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, kase: access } = await requireCaseForRoute({ request, params }, 'read')
  const language = await getLanguage(request)
  const canWrite = access.allowed.includes('write')
  const [entries, statuses] = await Promise.all([
    getResidenceHistory(access.id, user, language),
    canWrite ? catalogueChoices('RESIDENCE_STATUS', language) : [],
  ])
  const t = await getFixedT(request, 'codes')
  return {
    caseId: access.id,
    canWrite,
    entries,
    statuses: statuses.map((status) => ({
      value: String(status.id),
      label: status.group
        ? `${status.group} · ${t(`residenceGroup.${status.group}`)}: ${status.label}`
        : status.label,
    })),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, kase: access } = await requireCaseForRoute({ request, params }, 'write')
  const formData = await readFormData(request)
  const submission = parseWithZod(formData, { schema: ResidenceSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const result = await addResidenceStatus({ caseId: access.id, actor: user, ...submission.value })
  if (!result.ok)
    return data({ result: submission.reply({ fieldErrors: result.fieldErrors }) }, { status: 400 })
  const followUp = result.followUpDue ? `?followUp=${result.followUpDue.slice(0, 10)}` : ''
  return redirect(withDone(`/cases/${access.id}/residence${followUp}`, 'added'))
}

export default function ResidencePage() {
  const { t, i18n } = useTranslation('caseFile')
  const lng = i18n.language
  const { entries, statuses, canWrite } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const freshKey = useFreshFormKey()
  const followUp = searchParams.get('followUp')
  return (
    <div className="stack">
      <h2>{t('residence.title')}</h2>
      <SuccessStatus
        hidden={Boolean(actionData)}
        messages={{
          added: [
            t('residence.added'),
            followUp ? t('residence.followUpCreated', { date: formatDate(followUp, lng) }) : '',
          ]
            .join(' ')
            .trim(),
        }}
      />
      <Table
        caption={t('residence.caption')}
        columns={[
          t('residence.status'),
          t('residence.group'),
          t('residence.validFrom'),
          t('residence.expiresAt'),
        ]}
      >
        {entries.length === 0 ? (
          <tr>
            <td colSpan={4}>{t('residence.empty')}</td>
          </tr>
        ) : (
          entries.map((entry, index) => (
            <tr key={entry.id}>
              <td>
                {entry.status}
                {index === 0 ? (
                  <span className="badge badge-success residence-current">{t('residence.current')}</span>
                ) : null}
              </td>
              <td>
                {entry.group
                  ? t('residence.groupLabel', {
                      group: entry.group,
                      label: t(`codes:residenceGroup.${entry.group}`),
                    })
                  : t('common:none')}
              </td>
              <td>
                <time dateTime={entry.validFrom}>{formatDate(entry.validFrom, lng)}</time>
              </td>
              <td>
                {entry.expiresAt ? (
                  <time dateTime={entry.expiresAt}>{formatDate(entry.expiresAt, lng)}</time>
                ) : (
                  t('common:none')
                )}
              </td>
            </tr>
          ))
        )}
      </Table>
      {canWrite ? <ResidenceForm key={freshKey} statuses={statuses} /> : null}
    </div>
  )
}

/** A new residence status; keyed by the navigation, so it starts empty after a save. */
function ResidenceForm({ statuses }: { statuses: { value: string; label: string }[] }) {
  const { t } = useTranslation('caseFile')
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: 'residence-add',
    constraint: getZodConstraint(ResidenceSchema),
    lastResult: actionData?.result,
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ResidenceSchema }),
  })
  return (
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
        <Field
          label={t('residence.validFrom')}
          {...getInputProps(fields.validFrom, { type: 'date' })}
          errors={fields.validFrom.errors}
        />
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
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
