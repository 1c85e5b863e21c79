import { type LoaderFunctionArgs } from '@remix-run/node'
import { isPreviewable } from '#app/domain/documents.ts'
import { requireOpenedDocument } from '#app/models/document.server.ts'
import { previewJpeg } from '#app/utils/image-preview.server.ts'

// A downscaled JPEG of an image document, made here from the decrypted original (audited like a
// download). The original is never shown inline.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const opened = await requireOpenedDocument({ request, params }, 'preview', isPreviewable)
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
