import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SuccessStatus, withDone } from '#app/components/success-status.tsx'
import { printFontLinks } from '#app/components/print-fonts.ts'
import { TemplateText } from '#app/components/template-text.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { Field, FormErrorSummary, TextareaField, type ListOfErrors } from '#app/components/ui/field.tsx'
import { Table } from '#app/components/ui/table.tsx'
import { consentValues, privacyValues } from '#app/domain/consent-document.ts'
import {
  allowedPlaceholders,
  isTemplateKind,
  isTemplateLanguage,
  LANGUAGE_META,
  requiredPlaceholders,
  type TemplateKind,
  type TemplateLanguage,
} from '#app/domain/consent-templates.ts'
import { dayKey } from '#app/domain/referral-lifecycle.ts'
import { fillTemplate, parseTemplate } from '#app/domain/template-markup.ts'
import { TemplateReviewSchema, templateVersionSchema } from '#app/forms/consent-template.ts'
import { getTemplate, markVersionReviewed, organisationFacts, saveTemplateVersion } from '#app/models/consent-template.server.ts'
import { getRetentionYears } from '#app/models/retention.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { formatDate } from '#app/utils/format.ts'
import { getFixedT, getLanguage } from '#app/utils/i18n.server.ts'
import { languageName } from '#app/utils/iso.server.ts'
import { notFound, readFormData } from '#app/utils/request.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

export const links: LinksFunction = () => printFontLinks

async function loadTemplate(templateId: string | undefined) {
  const template = templateId ? await getTemplate(templateId) : null
  if (!template || !isTemplateKind(template.kind) || !isTemplateLanguage(template.languageCode)) notFound()
  return { ...template, kind: template.kind as TemplateKind, languageCode: template.languageCode as TemplateLanguage }
}

/** The text with example values, the way a counsellor's print would fill it. */
async function preview(kind: TemplateKind, language: TemplateLanguage, body: string, teamId: string, examples: { recipient: string; purpose: string }) {
  const organisation = await organisationFacts(teamId)
  const values =
    kind === 'PRIVACY'
      ? privacyValues(organisation, await getRetentionYears())
      : consentValues(language, kind, organisation, {
          recipientPartnerName: examples.recipient,
          recipientKindLabel: null,
          purpose: examples.purpose,
          dataCategories: ['IDENTITY', 'LANGUAGE', 'HEALTH'],
          validUntil: null,
        })
  return fillTemplate(parseTemplate(body), values)
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireRole(request, 'ADMIN')
  const template = await loadTemplate(params.templateId)
  const [t, lng] = await Promise.all([getFixedT(request, 'consentTexts'), getLanguage(request)])
  const url = new URL(request.url)
  const current = template.versions[0]!
  const viewing = template.versions.find((version) => String(version.version) === url.searchParams.get('version')) ?? current
  const examples = { recipient: t('admin.exampleRecipient'), purpose: t('admin.examplePurpose') }
  return {
    title: t('admin.editTitle', { kind: t(`kinds.${template.kind}`), language: languageName(template.languageCode, lng) }),
    template: { id: template.id, kind: template.kind, languageCode: template.languageCode, languageLabel: languageName(template.languageCode, lng) },
    meta: LANGUAGE_META[template.languageCode],
    current: { version: current.version, reviewedAt: current.reviewedAt, reviewedByName: current.reviewedByName },
    viewing: { version: viewing.version, body: viewing.body, summary: viewing.summary ?? '' },
    preview: await preview(template.kind, template.languageCode, viewing.body, admin.teamId, examples),
    versions: template.versions.map(({ body: _body, summary: _summary, ...version }) => version),
    today: dayKey(new Date()),
    reviewed: url.searchParams.get('reviewed'),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireRole(request, 'ADMIN')
  const template = await loadTemplate(params.templateId)
  const formData = await readFormData(request)
  const intent = formData.get('intent')
  if (intent === 'review') {
    const today = dayKey(new Date())
    const submission = parseWithZod(formData, {
      schema: TemplateReviewSchema.refine((value) => value.reviewedOn <= today, { path: ['reviewedOn'], message: 'consentTexts:admin.errors.reviewedOn' }),
    })
    if (submission.status !== 'success') return data({ intent: 'review' as const, result: submission.reply(), preview: null, conflict: null }, { status: 400 })
    const marked = await markVersionReviewed(
      template.id,
      submission.value.version,
      { reviewerName: submission.value.reviewerName, reviewedOn: new Date(`${submission.value.reviewedOn}T12:00:00Z`) },
      { userId: admin.id },
    )
    if (!marked)
      return data(
        { intent: 'review' as const, result: submission.reply({ formErrors: ['consentTexts:admin.alreadyReviewed'] }), preview: null, conflict: null },
        { status: 409 },
      )
    throw redirect(`/admin/consent-templates/${template.id}?reviewed=${submission.value.version}`)
  }
  const submission = parseWithZod(formData, { schema: templateVersionSchema(template.kind) })
  const t = await getFixedT(request, 'consentTexts')
  const examples = { recipient: t('admin.exampleRecipient'), purpose: t('admin.examplePurpose') }
  const body = String(formData.get('body') ?? '')
  const shown = body.trim() ? await preview(template.kind, template.languageCode, body, admin.teamId, examples) : null
  if (submission.status !== 'success' || submission.value.intent === 'preview')
    return data(
      { intent: 'edit' as const, result: submission.reply(), preview: shown, conflict: null },
      { status: submission.status === 'success' ? 200 : 400 },
    )
  const current = template.versions[0]!
  const summary = template.languageCode === 'deu' ? (submission.value.summary ?? '') : null
  if (current.version === submission.value.basedOn && current.body === submission.value.body && (current.summary ?? '') === (summary ?? ''))
    throw redirect(withDone(`/admin/consent-templates/${template.id}`, 'unchanged'))
  const saved = await saveTemplateVersion(
    template.id,
    { body: submission.value.body, summary, basedOn: submission.value.basedOn },
    { userId: admin.id },
  )
  if (!saved.ok)
    return data(
      { intent: 'edit' as const, result: submission.reply(), preview: shown, conflict: saved.current ?? submission.value.basedOn + 1 },
      { status: 409 },
    )
  // The saved version is the newest, which the page names as `current`.
  throw redirect(withDone(`/admin/consent-templates/${template.id}`, 'saved'))
}

export default function ConsentTemplatePage() {
  const { t, i18n } = useTranslation('consentTexts')
  const loaderData = useLoaderData<typeof loader>()
  const { template, meta, current, viewing, versions, today, reviewed } = loaderData
  const actionData = useActionData<typeof action>()
  const editResult = actionData?.intent === 'edit' ? (actionData.result as SubmissionResult<string[]>) : undefined
  const reviewResult = actionData?.intent === 'review' ? (actionData.result as SubmissionResult<string[]>) : undefined
  const schema = templateVersionSchema(template.kind)
  const [form, fields] = useForm({
    // Keyed by the current version: after a save the form starts from the new version's text and number.
    id: `template-${template.id}-${current.version}-${viewing.version}`,
    constraint: getZodConstraint(schema),
    lastResult: editResult,
    defaultValue: { body: viewing.body, summary: viewing.summary, basedOn: String(current.version), intent: 'save' },
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  })
  const [reviewForm, reviewFields] = useForm({
    id: `review-${template.id}-${current.version}`,
    constraint: getZodConstraint(TemplateReviewSchema),
    lastResult: reviewResult,
    defaultValue: { version: String(current.version), reviewedOn: today },
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: TemplateReviewSchema }),
  })
  // Placeholder errors carry the placeholder's name after a "|".
  const translate = (errors: ListOfErrors) =>
    errors?.filter(Boolean).map((error) => {
      const [key, name] = String(error).split('|')
      return t(key!, { name, example: '{{recipient}}' })
    })
  const previewBlocks = actionData?.intent === 'edit' && actionData.preview ? actionData.preview : loaderData.preview
  const viewingOld = viewing.version !== current.version
  return (
    <div className="stack">
      <p>
        <Link to="/admin/consent-templates">{t('admin.backToList')}</Link>
      </p>
      <h1>{t('admin.editTitle', { kind: t(`kinds.${template.kind}`), language: template.languageLabel })}</h1>
      <p>
        {t('admin.currentVersion', { version: current.version })}{' '}
        {current.reviewedAt ? (
          <span className="badge badge-success">
            {t('admin.reviewedBy', { name: current.reviewedByName ?? '', date: formatDate(current.reviewedAt, i18n.language) })}
          </span>
        ) : (
          <span className="badge badge-warning">{t('admin.draft')}</span>
        )}
      </p>
      <SuccessStatus messages={{ unchanged: t('admin.unchanged'), saved: t('admin.saved', { version: current.version }) }} hidden={Boolean(actionData)} />
      {reviewed ? (
        <p className="alert alert-success" role="status">
          {t('admin.reviewSaved', { version: reviewed })}
        </p>
      ) : null}
      {actionData?.intent === 'edit' && actionData.conflict ? (
        <p className="alert alert-error" role="alert">
          {t('admin.errors.conflict', { version: actionData.conflict })}
        </p>
      ) : null}
      {viewingOld ? (
        <p className="alert alert-info">
          {t('admin.viewingVersion', { version: viewing.version })}{' '}
          <Link to={`/admin/consent-templates/${template.id}`}>{t('admin.showCurrent')}</Link>
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="stack">
        <FormErrorSummary errors={form.errors} />
        <input {...getInputProps(fields.basedOn, { type: 'hidden' })} />
        <TextareaField
          label={t('admin.body')}
          hint={
            <>
              {t('admin.bodyHint')} {t('admin.placeholdersAllowed', { list: allowedPlaceholders(template.kind).map((name) => `{{${name}}}`).join(', ') })}{' '}
              {t('admin.placeholdersRequired', { list: requiredPlaceholders(template.kind).map((name) => `{{${name}}}`).join(', ') })}
            </>
          }
          {...getTextareaProps(fields.body)}
          lang={meta.tag}
          dir={meta.dir}
          rows={24}
          className="template-editor"
          errors={translate(fields.body.errors)}
        />
        {template.languageCode === 'deu' ? (
          <TextareaField
            label={t('admin.summary')}
            hint={t('admin.summaryHint')}
            {...getTextareaProps(fields.summary)}
            lang="de"
            rows={8}
            className="template-editor"
            errors={translate(fields.summary.errors)}
          />
        ) : null}
        <div className="form-actions">
          <button type="submit" name="intent" value="preview" className="button button-secondary">
            {t('admin.preview')}
          </button>
          <SubmitButton intent="save">
            {t('admin.save')}
          </SubmitButton>
        </div>
      </Form>
      <section className="card template-preview" aria-labelledby="template-preview-heading">
        <h2 id="template-preview-heading">{t('admin.previewTitle')}</h2>
        <div lang={meta.tag} dir={meta.dir} className={`document-column script-${meta.script}`}>
          <TemplateText blocks={previewBlocks} />
        </div>
      </section>
      {!current.reviewedAt ? (
        <section className="card stack" aria-labelledby="review-heading">
          <h2 id="review-heading">{t('admin.reviewTitle')}</h2>
          <p className="muted">{t('admin.reviewIntro')}</p>
          <Form method="post" {...getFormProps(reviewForm)} className="stack">
            <FormErrorSummary errors={reviewForm.errors} />
            <input type="hidden" name="intent" value="review" />
            <input {...getInputProps(reviewFields.version, { type: 'hidden' })} />
            <div className="form-grid">
              <Field label={t('admin.reviewerName')} {...getInputProps(reviewFields.reviewerName, { type: 'text' })} errors={reviewFields.reviewerName.errors} />
              <Field label={t('admin.reviewedOn')} {...getInputProps(reviewFields.reviewedOn, { type: 'date' })} max={today} errors={reviewFields.reviewedOn.errors} />
            </div>
            <SubmitButton>{t('admin.markReviewed', { version: current.version })}</SubmitButton>
          </Form>
        </section>
      ) : null}
      <Table caption={t('admin.versionsCaption')} columns={[t('admin.version'), t('admin.createdAt'), t('admin.source'), t('admin.status'), t('admin.show')]}>
        {versions.map((version) => (
          <tr key={version.id}>
            <th scope="row" className="num">
              {version.version}
            </th>
            <td>{formatDate(version.createdAt, i18n.language)}</td>
            <td>{version.source === 'SHIPPED' ? t('admin.sources.SHIPPED') : t('admin.sources.EDITED', { name: version.createdBy ?? '–' })}</td>
            <td>
              {version.reviewedAt
                ? t('admin.reviewedBy', { name: version.reviewedByName ?? '', date: formatDate(version.reviewedAt, i18n.language) })
                : t('admin.draft')}
            </td>
            <td>
              <Link to={`/admin/consent-templates/${template.id}?version=${version.version}`}>
                {t('admin.show')}
                <span className="visually-hidden">{` ${t('admin.version')} ${version.version}`}</span>
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
