import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { CheckboxField } from '#app/components/ui/field.tsx'
import { DeleteDocumentSchema } from '#app/forms/documents.ts'
import { formatBytes, isPreviewable } from '#app/domain/documents.ts'
import { requireCaseAccess, requireCaseForRoute } from '#app/models/case-access.server.ts'
import { deleteDocument, viewCaseDocument } from '#app/models/document.server.ts'
import { formatDate, formatDateTime } from '#app/utils/format.ts'
import { getFixedT, getLanguage } from '#app/utils/i18n.server.ts'
import { notFound, readFormData } from '#app/utils/request.server.ts'

export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' })

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

const PROBLEMS = ['missing', 'damaged', 'key-version'] as const

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, kase } = await requireCaseForRoute({ request, params }, 'read')
  const document = await viewCaseDocument({ actor: user, kase, documentId: params.documentId, language: await getLanguage(request) })
  if (!document) notFound()
  const canOpen = kase.allowed.includes('read-confidential')
  const t = await getFixedT(request, 'documents')
  const problem = new URL(request.url).searchParams.get('problem')
  return data(
    {
      title: t('detail.title', { kind: document.kind }),
      caseId: kase.id,
      document,
      canOpen,
      canDelete: canOpen && kase.allowed.includes('write'),
      previewable: canOpen && isPreviewable(document.mediaType),
      problem: (PROBLEMS as readonly string[]).includes(problem ?? '') ? problem : null,
    },
    { headers: { 'Cache-Control': 'no-store' } },
  )
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, kase: access } = await requireCaseForRoute({ request, params }, 'read-confidential')
  // deleting also needs the right to change the case (emergency access only reads)
  await requireCaseAccess(user, access.id, 'write')
  const formData = await readFormData(request)
  if (formData.get('intent') !== 'delete') throw new Response('Unknown intent', { status: 400 })
  const submission = parseWithZod(formData, { schema: DeleteDocumentSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  if (!params.documentId || !(await deleteDocument({ actor: user, caseId: access.id, documentId: params.documentId }))) notFound()
  throw redirect(`/cases/${access.id}/documents?deleted=1`)
}

export default function DocumentPage() {
  const { t, i18n } = useTranslation('documents')
  const { caseId, document, canOpen, canDelete, previewable, problem } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const lng = i18n.language
  const showPreview = previewable && searchParams.get('preview') === '1'
  const [deleteForm, deleteFields] = useForm({
    id: 'delete-document',
    constraint: getZodConstraint(DeleteDocumentSchema),
    lastResult: actionData?.result,
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: DeleteDocumentSchema }),
  })
  const base = `/cases/${caseId}/documents/${document.id}`
  return (
    <section className="stack" aria-labelledby="document-heading">
      <h2 id="document-heading">{t('detail.title', { kind: document.kind })}</h2>
      <p>
        <Link to={`/cases/${caseId}/documents`}>{t('detail.back')}</Link>
      </p>
      {problem ? (
        <p className="alert alert-error" role="alert">
          {t(`problems.${problem}`)}
        </p>
      ) : null}
      <dl className="facts">
        <dt>{t('fields.kind')}</dt>
        <dd>{document.kind}</dd>
        <dt>{t('fields.uploadedAt')}</dt>
        <dd>{formatDateTime(document.createdAt, lng)}</dd>
        <dt>{t('fields.uploadedBy')}</dt>
        <dd>{document.uploadedBy ?? '–'}</dd>
        <dt>{t('fields.format')}</dt>
        <dd>
          {t(`mediaTypes.${document.mediaType.replace('/', '_')}`, { defaultValue: document.mediaType })}, {formatBytes(document.sizeBytes, lng)}
        </dd>
        <dt>{t('fields.belongsTo')}</dt>
        <dd>{document.link ? t(`linkKinds.${document.link.kind}`, { date: formatDate(document.link.date, lng) }) : t('caseItself')}</dd>
        {canOpen ? (
          <>
            <dt>{t('fields.description')}</dt>
            <dd>{document.description || '–'}</dd>
          </>
        ) : null}
      </dl>

      {canOpen ? (
        <div className="stack">
          <p className="muted">{t('detail.downloadHint')}</p>
          <p className="row">
            <a className="button button-primary" href={`${base}/download`}>
              {t('detail.download')}
            </a>
            {previewable && !showPreview ? (
              <Link className="button button-secondary" to={`${base}?preview=1`}>
                {t('detail.showPreview')}
              </Link>
            ) : null}
          </p>
          {showPreview ? (
            <figure className="document-preview">
              <img src={`${base}/preview`} alt={t('detail.previewAlt', { kind: document.kind, date: formatDate(document.createdAt, lng) })} />
              <figcaption className="muted">{t('detail.previewCaption')}</figcaption>
            </figure>
          ) : null}
        </div>
      ) : (
        <p className="alert alert-info">{t('detail.noAccess')}</p>
      )}

      {canDelete ? (
        <div className="card stack">
          <h3>{t('detail.deleteHeading')}</h3>
          <p>{t('detail.deleteExplain')}</p>
          <Form method="post" {...getFormProps(deleteForm)} className="stack">
            <CheckboxField label={t('detail.deleteConfirm')} {...getInputProps(deleteFields.confirm, { type: 'checkbox' })} errors={deleteFields.confirm.errors} />
            <div className="form-actions">
              <SubmitButton intent="delete" variant="danger">
                {t('detail.delete')}
              </SubmitButton>
            </div>
          </Form>
        </div>
      ) : null}
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
