// Downscaled previews of image documents, made on the server (sharp/libvips) so that the original —
// which may carry anything a phone puts into a photo — is never rendered from our origin. The preview
// is a new JPEG without the original's metadata (EXIF location, camera, names).
import { type Readable } from 'node:stream'
import type Sharp from 'sharp'

// Loaded on the first preview, not at start-up: sharp and its libvips add ≈ 10–12 MB to the resident
// set of a server that may never show a preview (issue 19, docs/performance.md "Memory", session 9).
let loaded: Promise<typeof Sharp> | undefined
function loadSharp() {
  loaded ??= import('sharp').then(({ default: sharp }) => {
    // One image at a time and no cache: previews are rare, and memory matters more than speed here.
    sharp.cache(false)
    sharp.concurrency(1)
    return sharp
  })
  return loaded
}

export const PREVIEW_MAX_EDGE = 480
/** Larger images (a decompression bomb, or a scan at absurd resolution) get no preview. */
const MAX_INPUT_PIXELS = 40_000_000

/** A JPEG of at most PREVIEW_MAX_EDGE pixels on its longer edge, or null when the image cannot be read. */
export async function previewJpeg(content: Readable): Promise<Buffer | null> {
  // The content waits, paused, while sharp loads (first preview only); an error meanwhile means no preview.
  let failedEarly = false
  const early = () => (failedEarly = true)
  content.once('error', early)
  const sharp = await loadSharp()
  content.off('error', early)
  if (failedEarly) {
    content.destroy()
    return null
  }
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
