import { createReadableStreamFromReadable, type LoaderFunctionArgs } from '@remix-run/node'
import { requireOpenedDocument } from '#app/models/document.server.ts'

// A document as a download, never rendered from our origin: attachment, no sniffing, a sandbox CSP
// on top of the site's (a PDF with scripts stays inert even if a browser opened it here).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const opened = await requireOpenedDocument({ request, params }, 'download')
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
