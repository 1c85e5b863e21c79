// Request body limits of the HTTP server (server/index.js). One limit for every write, raised only
// for the document upload route, which streams the files to disk (app/models/document.server.ts).
// The defaults equal those of app/utils/env.server.ts (body-limits.test.ts compares them).

export const MAX_BODY_BYTES_DEFAULT = 2 * 1024 * 1024
export const DOCUMENT_MAX_BYTES_DEFAULT = 20_000_000
export const DOCUMENT_MAX_FILES_DEFAULT = 5
/** Room for the form's text fields and the multipart framing around the files. */
const UPLOAD_OVERHEAD_BYTES = 1024 * 1024

// the page's own URL without JavaScript; with JavaScript, Remix posts to `<path>.data`
const UPLOAD_PATH = /^\/cases\/[^/]+\/documents(\/|\.data)?$/

/**
 * A positive number setting, or its default.
 * @param {Record<string, string | undefined>} env
 * @param {string} name
 * @param {number} fallback
 */
export function numberSetting(env, name, fallback) {
  const value = Number(env[name])
  return Number.isFinite(value) && value > 0 ? value : fallback
}

/**
 * True for a POST to the document upload route.
 * @param {string} method
 * @param {string} path  the URL path without the query
 */
export function isUploadRequest(method, path) {
  return method === 'POST' && UPLOAD_PATH.test(path)
}

/**
 * The largest body accepted for a request.
 * @param {string} method
 * @param {string} path  the URL path without the query
 * @param {Record<string, string | undefined>} env
 */
export function bodyLimitFor(method, path, env = process.env) {
  const general = numberSetting(env, 'MAX_BODY_BYTES', MAX_BODY_BYTES_DEFAULT)
  if (!isUploadRequest(method, path)) return general
  const upload = numberSetting(env, 'DOCUMENT_MAX_BYTES', DOCUMENT_MAX_BYTES_DEFAULT) * numberSetting(env, 'DOCUMENT_MAX_FILES', DOCUMENT_MAX_FILES_DEFAULT) + UPLOAD_OVERHEAD_BYTES
  return Math.max(general, upload)
}
