import { createReadableStreamFromReadable, redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { requireCaseForRoute } from '#app/models/case-access.server.ts'
import { openDocument } from '#app/models/document.server.ts'
import { notFound } from '#app/utils/request.server.ts'

// A document as a download, never rendered from our origin: attachment, no sniffing, a sandbox CSP
// on top of the site's (a PDF with scripts stays inert even if a browser opened it here).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, kase: access } = await requireCaseForRoute({ request, params }, 'read-confidential')
  const opened = await openDocument({
    actor: user,
    caseId: access.id,
    documentId: params.documentId,
    purpose: 'download',
    emergency: access.relation === 'emergency',
  })
  if (!opened.ok) {
    if (opened.problem === 'not-found') notFound()
    throw redirect(`/cases/${access.id}/documents/${params.documentId}?problem=${opened.problem}`)
  }
  return new Response(createReadableStreamFromReadable(opened.content), {
    headers: {
      'Content-Type': opened.mediaType,
      'Content-Length': String(opened.sizeBytes),
      'Content-Disposition': `attachment; filename="${opened.fileName}"`,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "sandbox; default-src 'none'",
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Cache-Control': 'no-store',
    },
  })
}
