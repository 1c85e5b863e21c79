import { getFormProps, getSelectProps, getTextareaProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { ErrorList, FormErrorSummary, SelectField, TextareaField } from '#app/components/ui/field.tsx'
import { Table } from '#app/components/ui/table.tsx'
import { UploadDocumentsSchema } from '#app/forms/documents.ts'
import {
  ACCEPTED_MEDIA_TYPES,
  DESCRIPTION_MAX_LENGTH,
  DOCUMENT_FILE_FIELD,
  formatBytes,
  parseDocumentLink,
} from '#app/domain/documents.ts'
import { requireCaseForRoute } from '#app/models/case-access.server.ts'
import { getCatalogue } from '#app/models/catalogue.server.ts'
import {
  discardStaged,
  isDocumentKind,
  linkBelongsToCase,
  linkOptions,
  receiveDocuments,
  storeDocuments,
  uploadLimits,
  type RejectedFile,
  viewCaseDocuments,
} from '#app/models/document.server.ts'
import { documentKeyStatus } from '#app/utils/document-crypto.server.ts'
import { formatDate } from '#app/utils/format.ts'
import { getFixedT, getLanguage } from '#app/utils/i18n.server.ts'

// The list says which documents exist to everyone who may read the case; what a document is about
// (its description) and the document itself only to those who may open it.
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' })

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.title ?? ''} · Wegbegleiter` },
]

const ACCEPT = [
  ...Object.keys(ACCEPTED_MEDIA_TYPES),
  ...Object.values(ACCEPTED_MEDIA_TYPES).map((extension) => `.${extension}`),
  '.jpeg',
].join(',')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, kase } = await requireCaseForRoute({ request, params }, 'read')
  const language = await getLanguage(request)
  const canOpen = kase.allowed.includes('read-confidential')
  const status = documentKeyStatus()
  const canUpload = kase.allowed.includes('write') && status.enabled
  const [documents, kinds, links, t] = await Promise.all([
    viewCaseDocuments({ actor: user, kase, language }),
    canUpload ? getCatalogue('DOCUMENT_KIND', language) : Promise.resolve([]),
    canUpload ? linkOptions(kase.id) : Promise.resolve(null),
    getFixedT(request, 'documents'),
  ])
  const limits = uploadLimits()
  return data(
    {
      title: t('title'),
      caseId: kase.id,
      canOpen,
      canUpload,
      status,
      documents,
      kinds: kinds.map((kind) => ({ value: String(kind.id), label: kind.label, code: kind.code })),
      links,
      maxBytes: limits.maxBytes,
      maxFiles: limits.maxFiles,
    },
    { headers: { 'Cache-Control': 'no-store' } },
  )
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, kase: access } = await requireCaseForRoute({ request, params }, 'write')
  const noStore = { 'Cache-Control': 'no-store' }
  if (!(request.headers.get('content-type') ?? '').startsWith('multipart/form-data'))
    throw new Response('Expected a file upload', { status: 415 })
  if (!documentKeyStatus().enabled) throw new Response('Documents are disabled', { status: 409 })

  const received = await receiveDocuments(request)
  if (received.kind === 'no-space') {
    const submission = parseWithZod(new FormData(), { schema: UploadDocumentsSchema })
    return data(
      {
        result: submission.reply({ formErrors: ['documents:errors.noSpace'] }),
        rejected: [] as RejectedFile[],
      },
      { status: 507, headers: noStore },
    )
  }
  if (received.kind === 'malformed') throw new Response('Malformed upload', { status: 400 })

  const submission = parseWithZod(received.fields, { schema: UploadDocumentsSchema })
  const fieldErrors: Record<string, string[]> = {}
  const link = submission.status === 'success' ? parseDocumentLink(submission.value.linkTo) : null
  if (submission.status === 'success') {
    if (!(await isDocumentKind(submission.value.kindId))) fieldErrors.kindId = ['documents:errors.kind']
    if ((submission.value.linkTo && !link) || !(await linkBelongsToCase(access.id, link)))
      fieldErrors.linkTo = ['documents:errors.link']
  }
  if (received.rejected.length > 0) fieldErrors[DOCUMENT_FILE_FIELD] = ['documents:errors.files']
  else if (received.staged.length === 0) fieldErrors[DOCUMENT_FILE_FIELD] = ['documents:errors.noFile']

  if (submission.status !== 'success' || Object.keys(fieldErrors).length > 0) {
    discardStaged(received.staged)
    return data(
      { result: submission.reply({ fieldErrors }), rejected: received.rejected },
      { status: 400, headers: noStore },
    )
  }
  const ids = await storeDocuments({
    actor: user,
    caseId: access.id,
    staged: received.staged,
    kindId: submission.value.kindId,
    description: submission.value.description ?? null,
    link,
  })
  throw redirect(`/cases/${access.id}/documents?uploaded=${ids.length}`)
}

export default function DocumentsPage() {
  const { t, i18n } = useTranslation('documents')
  const { caseId, canOpen, canUpload, status, documents, kinds, links, maxBytes, maxFiles } =
    useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const lng = i18n.language
  const uploaded = Number(searchParams.get('uploaded') ?? 0)
  const deleted = searchParams.get('deleted') === '1'
  const [form, fields] = useForm({
    id: 'upload-documents',
    constraint: getZodConstraint(UploadDocumentsSchema),
    lastResult: actionData?.result,
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: UploadDocumentsSchema }),
    defaultValue: {
      kindId: kinds.find((kind) => kind.code === searchParams.get('kind'))?.value ?? '',
      linkTo: searchParams.get('linkTo') ?? '',
    },
  })
  const maxSize = formatBytes(maxBytes, lng)
  const fileErrors = [
    ...(actionData?.rejected ?? []).map((file) =>
      t(`errors.file.${file.problem}`, { name: file.name, max: maxSize, count: maxFiles }),
    ),
    ...(form.allErrors[DOCUMENT_FILE_FIELD] ?? []).filter((message) => message !== 'documents:errors.files'),
  ]
  const linkLabel = (link: NonNullable<(typeof documents)[number]['link']>) =>
    t(`linkKinds.${link.kind}`, { date: formatDate(link.date, lng) })
  const linkPath = (link: NonNullable<(typeof documents)[number]['link']>) =>
    link.kind === 'contact'
      ? `/cases/${caseId}/contacts/${link.id}`
      : link.kind === 'consent'
        ? `/cases/${caseId}/consents`
        : link.kind === 'referral'
          ? `/cases/${caseId}/referrals/${link.id}`
          : `/cases/${caseId}/mediation/${link.id}`
  const linkChoices = links
    ? [
        ...links.consents.map((consent) => ({
          value: `consent:${consent.id}`,
          label:
            t('linkKinds.consent', { date: formatDate(consent.date, lng) }) +
            (consent.recipient ? ` – ${consent.recipient}` : ''),
        })),
        ...links.contacts.map((contact) => ({
          value: `contact:${contact.id}`,
          label: t('linkKinds.contact', { date: formatDate(contact.date, lng) }),
        })),
        ...links.referrals.map((referral) => ({
          value: `referral:${referral.id}`,
          label: `${t('linkKinds.referral', { date: formatDate(referral.date, lng) })} – ${t(`codes:referralKind.${referral.kind}`)}`,
        })),
        ...links.mediations.map((mediation) => ({
          value: `mediation:${mediation.id}`,
          label: t('linkKinds.mediation', { date: formatDate(mediation.date, lng) }),
        })),
      ]
    : []

  return (
    <section className="stack" aria-labelledby="documents-heading">
      <h2 id="documents-heading">{t('title')}</h2>
      <p className="muted">{canOpen ? t('intro.open') : t('intro.existsOnly')}</p>
      {uploaded > 0 ? (
        <p className="alert alert-success" role="status">
          {t('uploaded', { count: uploaded })}
        </p>
      ) : null}
      {deleted ? (
        <p className="alert alert-success" role="status">
          {t('deleted')}
        </p>
      ) : null}
      {!status.enabled ? (
        <p className="alert alert-warning" role="status">
          {t(`disabled.${status.reason}`)}
        </p>
      ) : null}

      {documents.length === 0 ? (
        <p>{t('none')}</p>
      ) : (
        <Table
          caption={t('caption', { count: documents.length })}
          region={{ label: t('caption', { count: documents.length }) }}
          columns={[
            t('fields.kind'),
            t('fields.uploadedAt'),
            t('fields.belongsTo'),
            t('fields.format'),
            t('fields.uploadedBy'),
            ...(canOpen ? [t('fields.description')] : []),
            t('fields.actions'),
          ]}
        >
          {documents.map((document) => (
            <tr key={document.id}>
              <th scope="row">{document.kind}</th>
              <td>{formatDate(document.createdAt, lng)}</td>
              <td>
                {document.link ? (
                  <Link to={linkPath(document.link)}>{linkLabel(document.link)}</Link>
                ) : (
                  t('caseItself')
                )}
              </td>
              <td>
                {t(`mediaTypes.${document.mediaType.replace('/', '_')}`, {
                  defaultValue: document.mediaType,
                })}
                , {formatBytes(document.sizeBytes, lng)}
              </td>
              <td>{document.uploadedBy ?? '–'}</td>
              {canOpen ? <td>{document.description || '–'}</td> : null}
              <td>
                <Link
                  to={`/cases/${caseId}/documents/${document.id}`}
                  aria-label={t('detailsFor', {
                    action: canOpen ? t('open') : t('details'),
                    kind: document.kind,
                    date: formatDate(document.createdAt, lng),
                  })}
                >
                  {canOpen ? t('open') : t('details')}
                </Link>
              </td>
            </tr>
          ))}
        </Table>
      )}

      {canUpload ? (
        <div className="card stack">
          <h3 id="upload-heading">{t('upload.heading')}</h3>
          <p>{t('upload.intro', { max: maxSize, count: maxFiles })}</p>
          <Form
            method="post"
            encType="multipart/form-data"
            {...getFormProps(form)}
            aria-labelledby="upload-heading"
            className="stack"
          >
            <FormErrorSummary errors={form.errors} />
            <div className="field">
              <label htmlFor="document-files">{t('upload.files')}</label>
              <p id="document-files-hint" className="field-hint">
                {t('upload.filesHint', { max: maxSize, count: maxFiles })}
              </p>
              <input
                id="document-files"
                type="file"
                name={DOCUMENT_FILE_FIELD}
                multiple
                accept={ACCEPT}
                aria-invalid={fileErrors.length > 0 ? true : undefined}
                aria-describedby={
                  fileErrors.length > 0 ? 'document-files-hint document-files-error' : 'document-files-hint'
                }
              />
              <ErrorList id="document-files-error" errors={fileErrors} />
            </div>
            <SelectField
              label={t('upload.kind')}
              placeholder={t('upload.chooseKind')}
              options={kinds}
              {...getSelectProps(fields.kindId)}
              errors={fields.kindId.errors}
            />
            <SelectField
              label={t('upload.linkTo')}
              hint={t('upload.linkToHint')}
              placeholder={t('caseItself')}
              options={linkChoices}
              {...getSelectProps(fields.linkTo)}
              errors={fields.linkTo.errors}
            />
            <TextareaField
              label={`${t('upload.description')} (${t('common:form.optional')})`}
              hint={t('upload.descriptionHint', { max: DESCRIPTION_MAX_LENGTH })}
              rows={2}
              {...getTextareaProps(fields.description)}
              errors={fields.description.errors}
            />
            <div className="form-actions">
              <SubmitButton>{t('upload.submit')}</SubmitButton>
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
