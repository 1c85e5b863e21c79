import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { Field, FormErrorSummary } from '#app/components/ui/field.tsx'
import { findTeamCaseByCode } from '#app/models/emergency-access.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { getFixedT } from '#app/utils/i18n.server.ts'
import { readFormData } from '#app/utils/request.server.ts'
import { EmergencyLookupSchema } from '#app/forms/emergency.ts'

// /cases/emergency — the way into emergency access: the counsellor types the pseudonym code of a
// case of their own team. Team leads read every team case anyway; administrators read none.
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, 'COUNSELLOR')
  const t = await getFixedT(request, 'privacy')
  return { title: t('emergency.title') }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, 'COUNSELLOR')
  const formData = await readFormData(request)
  const submission = parseWithZod(formData, { schema: EmergencyLookupSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const found = await findTeamCaseByCode({ actor: user, code: submission.value.code })
  if (found.kind === 'readable') throw redirect(`/cases/${found.caseId}`)
  if (found.kind === 'emergency') throw redirect(`/cases/${found.caseId}/emergency`)
  return data({ result: submission.reply({ fieldErrors: { code: ['privacy:emergency.notFound'] } }) }, { status: 400 })
}

export default function EmergencyLookupPage() {
  const { t } = useTranslation('privacy')
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: 'emergency-lookup',
    constraint: getZodConstraint(EmergencyLookupSchema),
    lastResult: actionData?.result,
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EmergencyLookupSchema }),
  })
  return (
    <div className="stack narrow">
      <h1>{t('emergency.title')}</h1>
      <p>{t('emergency.intro')}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrorSummary errors={form.errors} />
        <Field label={t('emergency.code')} hint={t('emergency.codeHint')} className="code" {...getInputProps(fields.code, { type: 'text' })} autoComplete="off" errors={fields.code.errors} />
        <div className="form-actions">
          <SubmitButton>{t('emergency.lookup')}</SubmitButton>
        </div>
      </Form>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
