import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { CheckboxField, FormErrorSummary, SelectField, TextareaField } from '#app/components/ui/field.tsx'
import { requireCaseForRoute } from '#app/models/case-access.server.ts'
import { grantEmergencyAccess } from '#app/models/emergency-access.server.ts'
import { getFixedT } from '#app/utils/i18n.server.ts'
import { readFormData } from '#app/utils/request.server.ts'
import { EMERGENCY_REASON_CODES, EmergencyRequestSchema } from '#app/forms/emergency.ts'

// Un-nested from the case layout on purpose: that layout requires read access, which is exactly
// what the person asking here does not have yet.
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireCaseForRoute({ request, params }, 'request-emergency')
  const t = await getFixedT(request, 'privacy')
  return { title: t('emergency.requestTitle') }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, kase: access } = await requireCaseForRoute({ request, params }, 'request-emergency')
  const formData = await readFormData(request)
  const submission = parseWithZod(formData, { schema: EmergencyRequestSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  await grantEmergencyAccess({ actor: user, caseId: access.id, reason: submission.value.reason })
  throw redirect(`/cases/${access.id}`)
}

export default function EmergencyRequestPage() {
  const { t } = useTranslation('privacy')
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: 'emergency-request',
    constraint: getZodConstraint(EmergencyRequestSchema),
    lastResult: actionData?.result,
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EmergencyRequestSchema }),
  })
  return (
    <div className="stack narrow">
      <h1>{t('emergency.requestTitle')}</h1>
      <p className="alert alert-warning">{t('emergency.requestWarning')}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrorSummary errors={form.errors} />
        <SelectField
          label={t('emergency.reason')}
          placeholder={t('identity.reveal.choose')}
          options={EMERGENCY_REASON_CODES.map((reason) => ({ value: reason, label: t(`emergency.reasons.${reason}`) }))}
          {...getSelectProps(fields.reason)}
          errors={fields.reason.errors}
        />
        <TextareaField label={t('identity.reveal.note')} hint={t('identity.reveal.noteHint')} {...getTextareaProps(fields.note)} errors={fields.note.errors} />
        <CheckboxField label={t('emergency.confirm')} {...getInputProps(fields.confirm, { type: 'checkbox' })} errors={fields.confirm.errors} />
        <div className="form-actions">
          <SubmitButton variant="danger">{t('emergency.submit')}</SubmitButton>
          <Link to="/cases/emergency">{t('common:actions.cancel')}</Link>
        </div>
      </Form>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
