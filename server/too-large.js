// The page the body-limit step of server/index.js answers with (413, 411). It runs before Remix, so
// it cannot use the app's pages; without JavaScript a counsellor sees exactly this, so it is a
// short HTML page in the user's language, with the limit and a way back. The texts live in the
// app's locale files (common.json, "requestTooLarge"), read once at start.
import fs from 'node:fs'
import { DOCUMENT_MAX_BYTES_DEFAULT, DOCUMENT_MAX_FILES_DEFAULT, MAX_BODY_BYTES_DEFAULT, isUploadRequest, numberSetting } from './body-limits.js'

const LANGUAGES = /** @type {const} */ (['de', 'en'])
const FALLBACK = 'de'
// app/utils/i18n.server.ts: the language is the one chosen in this cookie, German otherwise (not
// Accept-Language: counsellors share devices in the reception centre).
const LANGUAGE_COOKIE = 'wb_lng'

/** @type {Record<string, Record<string, string>>} */
const texts = Object.fromEntries(
  LANGUAGES.map((language) => {
    const file = new URL(`../app/locales/${language}/common.json`, import.meta.url)
    return [language, JSON.parse(fs.readFileSync(file, 'utf8')).requestTooLarge]
  }),
)

/**
 * The language of the language cookie as remix's createCookie writes it (unsigned:
 * URI-encoded base64 of the JSON value), German when there is none or it cannot be read.
 * @param {string | undefined} cookieHeader
 */
export function languageOf(cookieHeader) {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=')
    if (name !== LANGUAGE_COOKIE) continue
    try {
      const value = JSON.parse(Buffer.from(decodeURIComponent(rest.join('=')), 'base64').toString('utf8'))
      if (LANGUAGES.includes(value)) return value
    } catch {
      // an unreadable cookie is no choice
    }
  }
  return FALLBACK
}

/**
 * Bytes as the app shows them (app/domain/documents.ts formatBytes): decimal MB, one decimal.
 * @param {number} bytes
 * @param {string} language
 */
export function megabytes(bytes, language) {
  const value = bytes / 1_000_000
  return `${new Intl.NumberFormat(language, { maximumFractionDigits: value >= 100 ? 0 : 1 }).format(value)} MB`
}

/** @param {string} text */
function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)
}

/**
 * @param {string} template
 * @param {Record<string, string | number>} values
 */
function fill(template, values) {
  return template.replace(/\{\{(\w+)\}\}/g, (_match, key) => String(values[key] ?? ''))
}

/**
 * Where "back" leads: the page the form was on when the Referer is of this origin, else the case list.
 * @param {string | undefined} referer
 * @param {string} origin
 */
export function backTarget(referer, origin) {
  if (referer) {
    try {
      const url = new URL(referer)
      if (url.origin === origin) return `${url.pathname}${url.search}`
    } catch {
      // not a URL: no way back to it
    }
  }
  return '/cases'
}

/**
 * Answers a refused body: 413 (too large) or 411 (no length declared). The connection is closed,
 * so the rest of an oversized body is not read. The origin check ran before: the request is ours.
 * @param {import('express').Request} req
 * @param {import('express').Response} res
 * @param {413 | 411} status
 * @param {Record<string, string | undefined>} env
 */
export function sendBodyRefused(req, res, status, env = process.env) {
  const language = languageOf(req.get('cookie'))
  const t = texts[language]
  let message
  if (status === 411) message = t.lengthRequired
  else if (isUploadRequest(req.method, req.path)) {
    const max = megabytes(numberSetting(env, 'DOCUMENT_MAX_BYTES', DOCUMENT_MAX_BYTES_DEFAULT), language)
    message = fill(t.upload, { max, count: numberSetting(env, 'DOCUMENT_MAX_FILES', DOCUMENT_MAX_FILES_DEFAULT) })
  } else {
    message = fill(t.general, { max: megabytes(numberSetting(env, 'MAX_BODY_BYTES', MAX_BODY_BYTES_DEFAULT), language) })
  }
  const back = backTarget(req.get('referer'), `${req.protocol}://${req.get('host')}`)
  const html = `<!DOCTYPE html>
<html lang="${language}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(t.title)} – Wegbegleiter</title></head>
<body>
<main>
<h1>${escapeHtml(t.title)}</h1>
<p>${escapeHtml(message)}</p>
<p>${escapeHtml(t.nothingSaved)}</p>
<p><a href="${escapeHtml(back)}">${escapeHtml(t.back)}</a></p>
</main>
</body>
</html>
`
  res.status(status)
  res.set({ 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Language': language, Vary: 'Cookie', Connection: 'close' })
  res.send(html)
}
