import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { isPreviewable } from '#app/domain/documents.ts'
import { requireCaseForRoute } from '#app/models/case-access.server.ts'
import { getCaseDocument, openDocument } from '#app/models/document.server.ts'
import { getLanguage } from '#app/utils/i18n.server.ts'
import { previewJpeg } from '#app/utils/image-preview.server.ts'
import { notFound } from '#app/utils/request.server.ts'

// A downscaled JPEG of an image document, made here from the decrypted original (audited like a
// download). The original is never shown inline.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, kase: access } = await requireCaseForRoute({ request, params }, 'read-confidential')
  const document = await getCaseDocument(access.id, params.documentId, await getLanguage(request))
  if (!document || !isPreviewable(document.mediaType)) notFound()
  const opened = await openDocument({
    actor: user,
    caseId: access.id,
    documentId: document.id,
    purpose: 'preview',
    emergency: access.relation === 'emergency',
  })
  if (!opened.ok) {
    if (opened.problem === 'not-found') notFound()
    throw redirect(`/cases/${access.id}/documents/${document.id}?problem=${opened.problem}`)
  }
  const preview = await previewJpeg(opened.content)
  if (!preview) throw new Response('No preview for this image', { status: 422, headers: { 'Cache-Control': 'no-store' } })
  return new Response(new Uint8Array(preview), {
    headers: {
      'Content-Type': 'image/jpeg',
      'Content-Length': String(preview.byteLength),
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Cache-Control': 'no-store',
    },
  })
}
