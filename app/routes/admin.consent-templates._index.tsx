import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SuccessStatus, withDone } from '#app/components/success-status.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { Field, FormErrorSummary } from '#app/components/ui/field.tsx'
import { Table } from '#app/components/ui/table.tsx'
import { OrganisationSettingsSchema } from '#app/forms/consent-template.ts'
import { getOrganisationSettings, listTemplates, saveOrganisationSettings } from '#app/models/consent-template.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { formatDate } from '#app/utils/format.ts'
import { getFixedT, getLanguage } from '#app/utils/i18n.server.ts'
import { languageName } from '#app/utils/iso.server.ts'
import { readFormData } from '#app/utils/request.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, 'ADMIN')
  const [t, lng, templates, organisation] = await Promise.all([
    getFixedT(request, 'consentTexts'),
    getLanguage(request),
    listTemplates(),
    getOrganisationSettings(),
  ])
  return {
    title: t('admin.title'),
    organisation,
    templates: templates.map((template) => ({ ...template, languageLabel: languageName(template.languageCode, lng) })),
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, 'ADMIN')
  const formData = await readFormData(request)
  const submission = parseWithZod(formData, { schema: OrganisationSettingsSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  await saveOrganisationSettings(submission.value, { userId: admin.id })
  throw redirect(withDone('/admin/consent-templates', 'organisation'))
}

export default function ConsentTemplatesPage() {
  const { t, i18n } = useTranslation('consentTexts')
  const { organisation, templates } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: 'organisation-settings',
    constraint: getZodConstraint(OrganisationSettingsSchema),
    lastResult: actionData?.result,
    defaultValue: organisation,
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: OrganisationSettingsSchema }),
  })
  return (
    <div className="stack">
      <h1>{t('admin.title')}</h1>
      <p>{t('admin.intro')}</p>
      <SuccessStatus messages={{ organisation: t('admin.organisationSaved') }} />
      <section className="card stack" aria-labelledby="organisation-heading">
        <h2 id="organisation-heading">{t('admin.organisationTitle')}</h2>
        <p className="muted">{t('admin.organisationIntro')}</p>
        <Form method="post" {...getFormProps(form)} className="stack">
          <FormErrorSummary errors={form.errors} />
          <div className="form-grid">
            <Field label={t('admin.organisation')} {...getInputProps(fields.organisation, { type: 'text' })} errors={fields.organisation.errors} />
            <Field label={t('admin.organisationContact')} {...getInputProps(fields.organisationContact, { type: 'text' })} errors={fields.organisationContact.errors} />
            <Field label={t('admin.dpoContact')} {...getInputProps(fields.dpoContact, { type: 'text' })} errors={fields.dpoContact.errors} />
          </div>
          <SubmitButton>{t('admin.saveOrganisation')}</SubmitButton>
        </Form>
      </section>
      <Table caption={t('admin.caption')} columns={[t('admin.kind'), t('admin.language'), t('admin.version'), t('admin.status'), t('admin.edit')]}>
        {templates.map((template) => (
          <tr key={template.id}>
            <td>{t(`kinds.${template.kind}`)}</td>
            <th scope="row">{template.languageLabel}</th>
            <td className="num">{template.current?.version ?? '–'}</td>
            <td>
              {template.current?.reviewedAt ? (
                <span className="badge badge-success">
                  {t('admin.reviewedBy', {
                    name: template.current.reviewedByName ?? '',
                    date: formatDate(template.current.reviewedAt, i18n.language),
                  })}
                </span>
              ) : (
                <span className="badge badge-warning">{t('admin.draft')}</span>
              )}
            </td>
            <td>
              <Link to={`/admin/consent-templates/${template.id}`}>
                {t('admin.edit')}
                <span className="visually-hidden">
                  {` ${t(`kinds.${template.kind}`)}, ${template.languageLabel}`}
                </span>
              </Link>
            </td>
          </tr>
        ))}
      </Table>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
