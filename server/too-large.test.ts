// The body-limit step of the production server (server/index.js), over real HTTP: a too-large
// upload (a 200 MB file) is refused before its bytes are read, with a short page in the user's
// language that names the limit and leads back; an upload within the limit passes on to the app.
// No 200 MB are sent: the step decides on the declared length, and closes the connection.
import http from 'node:http'
import { describe, expect, test } from 'vitest'
import { serverForFile } from '#tests/setup/server-for-file.ts'
import { bodyLimitFor, DOCUMENT_MAX_BYTES_DEFAULT } from './body-limits.js'
import { backTarget, languageOf, megabytes } from './too-large.js'

// Built in the first test: the test setup puts a fresh database in place before it.
const shared = serverForFile()

// The language cookie as the app writes it (remix createCookie, unsigned).
const ENGLISH = `wb_lng=${encodeURIComponent(Buffer.from(JSON.stringify('en')).toString('base64'))}`

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string }

/**
 * Sends the headers and the first bytes of a body of the declared length (or a chunked body when
 * no length is given), then waits for the answer without sending the rest.
 */
function postPartly(path: string, { length, headers = {} }: { length?: number; headers?: Record<string, string> }) {
  return new Promise<Answer>((resolve, reject) => {
    const request = http.request(`${shared.server.origin}${path}`, {
      method: 'POST',
      headers: {
        origin: shared.server.origin,
        'content-type': 'multipart/form-data; boundary=x',
        ...(length === undefined ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(length) }),
        ...headers,
      },
    })
    request.on('response', (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk) => (body += chunk))
      response.on('end', () => {
        request.destroy()
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body })
      })
    })
    // The server may close while bytes are still on their way: the answer has come already.
    request.on('error', (error) => (request.destroyed ? undefined : reject(error)))
    request.write(Buffer.alloc(64 * 1024, 'a'))
  })
}

const TWO_HUNDRED_MB = 200 * 1_000_000

describe('a too-large request body', () => {
  test('a 200 MB upload: 413, a German page with the limit per file and a way back, not stored, not cached', async () => {
    const referer = `${shared.server.origin}/cases/abc/documents?tab=1`
    const answer = await postPartly('/cases/abc/documents', { length: TWO_HUNDRED_MB, headers: { referer } })
    expect(answer.status).toBe(413)
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(answer.headers['cache-control']).toBe('no-store')
    expect(answer.headers['connection']).toBe('close')
    expect(answer.headers['content-language']).toBe('de')
    expect(answer.body).toContain('<html lang="de">')
    expect(answer.body).toContain('<h1>Zu groß</h1>')
    expect(answer.body).toContain('Die Datei ist zu groß. Je Datei sind höchstens 20 MB erlaubt, höchstens 5 Dateien auf einmal.')
    expect(answer.body).toContain('Es wurde nichts gespeichert.')
    expect(answer.body).toContain('<a href="/cases/abc/documents?tab=1">Zurück</a>')
    // the security headers hold for this page too
    expect(answer.headers['content-security-policy']).toContain("default-src 'self'")
  })

  test('in English when the language cookie says so; back to the case list for a foreign Referer', async () => {
    const answer = await postPartly('/cases/abc/documents.data', {
      length: TWO_HUNDRED_MB,
      headers: { cookie: `other=1; ${ENGLISH}`, referer: 'https://elsewhere.example/cases/abc/documents' },
    })
    expect(answer.status).toBe(413)
    expect(answer.body).toContain('<html lang="en">')
    expect(answer.body).toContain('The file is too large. Each file may be at most 20 MB, at most 5 files at once.')
    expect(answer.body).toContain('<a href="/cases">Back</a>')
  })

  test('any other write names the general limit', async () => {
    const answer = await postPartly('/cases/abc/contacts/new', { length: 3 * 1024 * 1024 })
    expect(answer.status).toBe(413)
    expect(answer.headers['cache-control']).toBe('no-store')
    expect(answer.body).toContain('Die Anfrage ist zu groß. Erlaubt sind höchstens 2,1 MB.')
  })

  test('a streamed body without a declared length: 411 with a translated page', async () => {
    const answer = await postPartly('/cases/abc/documents', { headers: { cookie: ENGLISH } })
    expect(answer.status).toBe(411)
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(answer.headers['cache-control']).toBe('no-store')
    expect(answer.body).toContain('The request was sent without its size and was not accepted.')
  })

  test('an upload of five 20 MB files passes the body-limit step on to the app', async () => {
    const limit = bodyLimitFor('POST', '/cases/abc/documents', {})
    expect(limit).toBeGreaterThanOrEqual(5 * DOCUMENT_MAX_BYTES_DEFAULT)
    // Signed out, the app answers with the way to the sign-in, before it reads the body.
    const answer = await postPartly('/cases/abc/documents', { length: limit })
    expect(answer.status).toBe(302)
    expect(answer.headers['location']).toMatch(/^\/login/)
    const over = await postPartly('/cases/abc/documents', { length: limit + 1 })
    expect(over.status).toBe(413)
  })
})

describe('page helpers', () => {
  test('the language cookie: English or German, anything else German', () => {
    expect(languageOf(ENGLISH)).toBe('en')
    expect(languageOf(`wb_lng=${encodeURIComponent(Buffer.from('"de"').toString('base64'))}`)).toBe('de')
    expect(languageOf(`wb_lng=${encodeURIComponent(Buffer.from('"fr"').toString('base64'))}`)).toBe('de')
    expect(languageOf('wb_lng=%%%')).toBe('de')
    expect(languageOf(undefined)).toBe('de')
  })

  test('megabytes as the app writes them', () => {
    expect(megabytes(20_000_000, 'de')).toBe('20 MB')
    expect(megabytes(2 * 1024 * 1024, 'de')).toBe('2,1 MB')
    expect(megabytes(2 * 1024 * 1024, 'en')).toBe('2.1 MB')
  })

  test('back only to a page of this origin, never to a scheme or host of the Referer', () => {
    expect(backTarget('http://a.test/cases/1/documents?x=1', 'http://a.test')).toBe('/cases/1/documents?x=1')
    expect(backTarget('http://b.test/cases/1', 'http://a.test')).toBe('/cases')
    expect(backTarget('javascript:alert(1)', 'http://a.test')).toBe('/cases')
    expect(backTarget('not a url', 'http://a.test')).toBe('/cases')
    expect(backTarget(undefined, 'http://a.test')).toBe('/cases')
  })
})
