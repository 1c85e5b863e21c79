// The one check for redirect targets that come from a request (login, password change, language
// switch, sign-out, return links). Browsers drop tabs and line breaks from URLs and read a backslash
// as a slash, so "/\t/evil.example" or "/\\evil.example" become "//evil.example" — another site.
// A header value with a line break cannot even be sent (500). So anything odd is refused outright,
// in plain and in percent-encoded form, rather than repaired.

const MAX_LENGTH = 2000
// C0 and C1 control characters, DEL, and the Unicode line and paragraph separators.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/
// The same characters and the backslash, percent-encoded (%09, %0a, %0D, %5c, %7f, %c2%85 …).
const ENCODED_FORBIDDEN = /%(?:[01][0-9a-f]|7f|5c|c2%[89][0-9a-f]|e2%80%a[89])/i
const BASE = 'http://same-origin.invalid'

function isSuspicious(value: string) {
  return CONTROL.test(value) || value.includes('\\') || ENCODED_FORBIDDEN.test(value) || value.startsWith('//')
}

/**
 * `to` when it is a path of this site, else `fallback`. Refused: anything not starting with one
 * "/", control characters, backslashes — also percent-encoded, at any depth of encoding — and
 * whatever a URL parser would resolve to another origin. The answer is the normalised path with
 * its query and fragment.
 */
export function safeRedirect(to: unknown, fallback = '/'): string {
  if (typeof to !== 'string' || to.length === 0 || to.length > MAX_LENGTH) return fallback
  if (!to.startsWith('/')) return fallback
  // Decoded again and again: a target may be encoded twice on its way through query strings.
  let layer = to
  for (let depth = 0; depth < 4; depth += 1) {
    if (isSuspicious(layer)) return fallback
    let decoded: string
    try {
      decoded = decodeURIComponent(layer)
    } catch {
      // Not valid percent-encoding (e.g. a literal "%"): nothing further hides below this layer.
      break
    }
    if (decoded === layer) break
    layer = decoded
  }
  let url: URL
  try {
    url = new URL(to, BASE)
  } catch {
    return fallback
  }
  if (url.origin !== BASE) return fallback
  return `${url.pathname}${url.search}${url.hash}`
}
