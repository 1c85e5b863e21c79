// Downscaled previews of image documents, made on the server (sharp/libvips) so that the original —
// which may carry anything a phone puts into a photo — is never rendered from our origin. The preview
// is a new JPEG without the original's metadata (EXIF location, camera, names).
import { type Readable } from 'node:stream'
import sharp from 'sharp'

// One image at a time and no cache: previews are rare, and memory matters more than speed here
// (the server's 300 MB target, docs/performance.md "Memory").
sharp.cache(false)
sharp.concurrency(1)

export const PREVIEW_MAX_EDGE = 480
/** Larger images (a decompression bomb, or a scan at absurd resolution) get no preview. */
const MAX_INPUT_PIXELS = 40_000_000

/** A JPEG of at most PREVIEW_MAX_EDGE pixels on its longer edge, or null when the image cannot be read. */
export async function previewJpeg(content: Readable): Promise<Buffer | null> {
  const transformer = sharp({ limitInputPixels: MAX_INPUT_PIXELS, sequentialRead: true, failOn: 'error' })
    .rotate()
    .resize({ width: PREVIEW_MAX_EDGE, height: PREVIEW_MAX_EDGE, fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 75, mozjpeg: true })
  content.on('error', (error) => transformer.destroy(error))
  content.pipe(transformer)
  try {
    return await transformer.toBuffer()
  } catch {
    content.destroy()
    return null
  }
}
