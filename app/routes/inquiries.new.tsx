import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ContactFields, useSingleSubmit } from '#app/components/contact-form.tsx'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { withDone } from '#app/components/success-status.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { serverSnapshot } from '#app/components/ui/field-props.ts'
import { FormErrorSummary } from '#app/components/ui/field.tsx'
import { latestAllowedContactDay, today } from '#app/domain/follow-up.ts'
import { topicOptions } from '#app/models/contact.server.ts'
import { checkInquiryReferences, createInquiry, lastInquiryDefaults } from '#app/models/inquiry.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { getFixedT, getLanguage } from '#app/utils/i18n.server.ts'
import { languageChoices } from '#app/utils/iso.server.ts'
import { readFormData } from '#app/utils/request.server.ts'
import { inquirySchema } from '#app/forms/contact.ts'

const ROLES = ['COUNSELLOR', 'TEAM_LEAD'] as const

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.title ?? ''} · Wegbegleiter` },
]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, [...ROLES])
  const [t, language] = await Promise.all([getFixedT(request, 'contacts'), getLanguage(request)])
  const last = await lastInquiryDefaults(user.id)
  return {
    title: t('inquiry.title'),
    defaults: { date: today().day, ...last },
    maxDay: latestAllowedContactDay(),
    languages: languageChoices(language, last.languageCode ? [last.languageCode] : []),
    topics: await topicOptions(language),
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, [...ROLES])
  const formData = await readFormData(request)
  const submission = parseWithZod(formData, { schema: inquirySchema(latestAllowedContactDay()) })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const fieldErrors = await checkInquiryReferences(submission.value)
  if (Object.keys(fieldErrors).length > 0)
    return data({ result: submission.reply({ fieldErrors }) }, { status: 400 })
  await createInquiry({ actor: user, input: submission.value })
  throw redirect(withDone('/', 'inquiry'))
}

export default function NewInquiryPage() {
  const { t } = useTranslation('contacts')
  const { defaults, maxDay, languages, topics } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const schema = inquirySchema(maxDay)
  const constraint = getZodConstraint(schema)
  const [form, fields] = useForm({
    id: 'new-inquiry',
    constraint,
    lastResult: actionData?.result,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    defaultValue: { ...defaults, durationMinutes: '', topicIds: [] as string[] },
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  })
  const formProps = getFormProps(form)
  const onSubmit = useSingleSubmit(formProps.onSubmit)
  return (
    <div className="stack">
      <h1>{t('inquiry.title')}</h1>
      <p>{t('inquiry.intro')}</p>
      <Form method="post" {...formProps} onSubmit={onSubmit} className="stack">
        <FormErrorSummary errors={form.errors} />
        {/* on the server the fields' values and errors from the form's snapshot (decision 152) */}
        <ContactFields fields={fields} constraint={constraint} maxDay={maxDay} languages={languages} topics={topics} snapshot={serverSnapshot(form)} />
        <div className="form-actions">
          <SubmitButton>{t('inquiry.submit')}</SubmitButton>
          <Link to="/">{t('inquiry.cancel')}</Link>
        </div>
      </Form>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
