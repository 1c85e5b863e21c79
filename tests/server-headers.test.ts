// The production server's own rules (server/index.js), over real HTTP (issue 12, findings 6 and 9):
// no response past the static files may be cached, writes must name this origin, HSTS only for
// HTTPS through a trusted proxy. The server runs as a child process on this test's database.
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterAll, beforeEach, describe, expect, test } from 'vitest'
import { scaledAtStart } from '#tests/setup/slowdown.ts'
import { PERSONAS } from '#tests/route-access.ts'
import { prisma } from '#app/utils/db.server.ts'
import { loadManifest, urlFor } from '#tests/fuzz/manifest.ts'
import { buildWorld, type World } from '#tests/fuzz/world.ts'
import { sessionCookieFor } from '#tests/factories.ts'
import { SERVER_ENVIRONMENT, SERVER_NODE_FLAGS } from '../server/node-flags.js'
import { COALESCE_BYTES } from '../server/send-response.js'
import { startServerProcess, type ServerProcess } from './setup/server-process.ts'

globalThis.wbShareDatabaseInFile = true

const ONE_YEAR = 365 * 24 * 60 * 60
const SYNC_FLUSH = Buffer.from([0x00, 0x00, 0xff, 0xff])
let server: ServerProcess
let trustingProxy: ServerProcess
let world: World
const cookies = new Map<string, string>()

// Built in the first test, not in beforeAll: the test setup puts a fresh database in place before
// the file's first test (and leaves it alone after that, see wbShareDatabaseInFile).
let started: Promise<void> | undefined
function start() {
  started ??= (async () => {
    world = await buildWorld()
    // The servers share the file with this process: WAL lets all in.
    await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL')
    server = await startServerProcess(databaseFile())
  })()
  return started
}
beforeEach(() => start(), scaledAtStart(180_000))
const databaseFile = () => process.env.DATABASE_URL!.replace(/^file:/, '')

// The server behind a trusted proxy serves only the HSTS tests: started by the first of them, not with the other.
let trustingStarted: Promise<void> | undefined
function startTrustingProxy() {
  trustingStarted ??= (async () => {
    trustingProxy = await startServerProcess(databaseFile(), { TRUST_PROXY: 'true' })
  })()
  return trustingStarted
}

afterAll(async () => {
  await Promise.all([server?.stop(), trustingProxy?.stop()])
  globalThis.wbShareDatabaseInFile = false
})

async function cookieFor(userId: string | null) {
  if (!userId) return undefined
  let cookie = cookies.get(userId)
  if (!cookie) {
    cookie = await sessionCookieFor(userId)
    cookies.set(userId, cookie)
  }
  return cookie
}

async function get(target: ServerProcess, pathname: string, headers: Record<string, string> = {}) {
  const answer = await fetch(`${target.origin}${pathname}`, { redirect: 'manual', headers })
  await answer.arrayBuffer()
  return answer
}

function post(target: ServerProcess, pathname: string, headers: Record<string, string>, method = 'POST') {
  return fetch(`${target.origin}${pathname}`, {
    method,
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ email: 'nobody@test.example', password: 'wrong password' }).toString(),
  })
}

describe('no-store on everything that is not a static file (finding 6)', () => {
  test('every route of the manifest, for every persona, as a page and as `.data`', { timeout: scaledAtStart(300_000) }, async () => {
    const manifest = await loadManifest()
    const problems: string[] = []
    let checked = 0
    for (const route of manifest.filter((entry) => entry.id !== 'root')) {
      const url = urlFor(route, world.paramsFor('a'))
      const dataUrl = url === '/' ? '/_root.data' : `${url}.data`
      for (const persona of PERSONAS) {
        const cookie = await cookieFor(world.userFor(persona, 'a'))
        for (const pathname of [url, dataUrl]) {
          const answer = await get(server, pathname, cookie ? { cookie } : {})
          checked += 1
          const vary = (answer.headers.get('vary') ?? '').split(',').map((value) => value.trim().toLowerCase())
          if (answer.headers.get('cache-control') !== 'no-store' || !vary.includes('cookie')) {
            problems.push(`${pathname} as ${persona} (${answer.status}): Cache-Control ${answer.headers.get('cache-control')}, Vary ${answer.headers.get('vary')}`)
          }
          if (answer.status >= 500) problems.push(`${pathname} as ${persona}: ${answer.status}`)
        }
      }
    }
    expect(problems).toEqual([])
    expect(checked).toBeGreaterThan(manifest.length * PERSONAS.length)
  })

  test('also redirects, errors and the old `?_data=` form; a route saying otherwise is overruled', async () => {
    const cookie = await cookieFor(world.a.assigned)
    for (const pathname of [`/cases/${world.a.caseId}?_data=routes%2Fcases.%24caseId`, '/no/such/page', '/logout', `/cases/${world.a.caseId}/export.json`]) {
      const answer = await get(server, pathname, { cookie: cookie! })
      expect(answer.headers.get('cache-control'), pathname).toBe('no-store')
    }
    const signedOut = await get(server, `/cases/${world.a.caseId}`)
    expect(signedOut.status).toBe(302)
    expect(signedOut.headers.get('cache-control')).toBe('no-store')
  })

  test('static assets keep their caching', async () => {
    const favicon = await get(server, '/favicon.svg')
    expect(favicon.status).toBe(200)
    expect(favicon.headers.get('cache-control')).toBe('public, max-age=3600')
    const asset = fs.readdirSync(path.resolve('public', 'build')).find((name) => name.endsWith('.js'))!
    const built = await get(server, `/build/${asset}`)
    expect(built.status).toBe(200)
    expect(built.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
  })
})

describe('a page is compressed as one stream (issue 19: what every page pays)', () => {
  // Remix calls res.flush() after every chunk it writes when there is one; with compression that is
  // a sync flush per chunk, each ending in an empty stored block (00 00 FF FF) — zlib work per page.
  test('gzip without a flush per chunk, and the page decodes whole', async () => {
    const raw = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      http
        .get(`${server.origin}/login`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }))
        })
        .on('error', reject)
    })
    expect(raw.encoding).toBe('gzip')
    const html = zlib.gunzipSync(raw.body).toString('utf8')
    expect(html.slice(0, 15).toLowerCase()).toBe('<!doctype html>')
    expect(html).toContain('</html>')
    let flushes = 0
    for (let at = raw.body.indexOf(SYNC_FLUSH); at !== -1; at = raw.body.indexOf(SYNC_FLUSH, at + 1)) flushes += 1
    expect(flushes).toBeLessThanOrEqual(1)
  })

  // What a browser asks for: compression (1.8) answers with brotli, at quality 4 unless told.
  test('a browser gets brotli at quality 1 (decision 168), the page whole', async () => {
    const raw = await new Promise<{ encoding: string | undefined; vary: string | undefined; body: Buffer }>((resolve, reject) => {
      http
        .get(`${server.origin}/login`, { headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } }, (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('end', () => resolve({ encoding: res.headers['content-encoding'], vary: res.headers.vary, body: Buffer.concat(chunks) }))
        })
        .on('error', reject)
    })
    expect(raw.encoding).toBe('br')
    expect(raw.vary).toMatch(/Accept-Encoding/i)
    const html = zlib.brotliDecompressSync(raw.body)
    expect(html.toString('utf8').slice(0, 15).toLowerCase()).toBe('<!doctype html>')
    expect(html.toString('utf8')).toContain('</html>')
    // the page goes to the compressor in one piece: the same bytes as one call at quality 1, not at 4
    const atQuality = (quality: number) => zlib.brotliCompressSync(html, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: quality } })
    expect(raw.body.equals(atQuality(1))).toBe(true)
    expect(raw.body.equals(atQuality(4))).toBe(false)
  })

  // A page larger than COALESCE_BYTES (server/send-response.js) arrives from React in three pieces; it was
  // written and then ended — two brotli calls, other bytes than one call — until session 25.
  test('a page larger than COALESCE_BYTES goes to the compressor in one piece too (the master-data form)', async () => {
    const cookie = (await cookieFor(world.a.assigned))!
    const raw = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      http
        .get(`${server.origin}/cases/${world.a.caseId}/edit`, { headers: { cookie, 'accept-encoding': 'gzip, deflate, br, zstd' } }, (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }))
        })
        .on('error', reject)
    })
    expect(raw.encoding).toBe('br')
    const html = zlib.brotliDecompressSync(raw.body)
    expect(html.toString('utf8')).toContain('</html>')
    expect(html.byteLength).toBeGreaterThan(COALESCE_BYTES)
    expect(raw.body.equals(zlib.brotliCompressSync(html, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } }))).toBe(true)
  })
})

// Decision 168 (session 23's review): brotli changes the encoding only — no-store, Vary and the security headers
// stay on a signed-in page, its `.data` answer and an error page; HEAD has no body; a client without br gets gzip.
describe('the headers do not depend on the encoding', () => {
  type Raw = { status: number; headers: http.IncomingHttpHeaders; body: Buffer }
  const raw = (pathname: string, headers: Record<string, string>, method = 'GET') =>
    new Promise<Raw>((resolve, reject) => {
      http
        .request(`${server.origin}${pathname}`, { method, headers }, (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }))
        })
        .on('error', reject)
        .end()
    })
  const decode = (answer: Raw) =>
    answer.headers['content-encoding'] === 'br'
      ? zlib.brotliDecompressSync(answer.body).toString('utf8')
      : answer.headers['content-encoding'] === 'gzip'
        ? zlib.gunzipSync(answer.body).toString('utf8')
        : answer.body.toString('utf8')

  test('a page, its `.data`, a 404 and HEAD as a browser asks; a client without br gets gzip', async () => {
    const cookie = (await cookieFor(world.a.assigned))!
    const browser = { cookie, 'accept-encoding': 'gzip, deflate, br, zstd' }
    const casePage = `/cases/${world.a.caseId}`
    const answers: Array<[string, Raw, string | undefined]> = [
      ['page', await raw(casePage, browser), 'br'],
      ['.data', await raw(`${casePage}.data`, browser), 'br'],
      ['404', await raw('/no/such/page', browser), 'br'],
      ['HEAD', await raw(casePage, browser, 'HEAD'), undefined],
      ['gzip only', await raw(casePage, { cookie, 'accept-encoding': 'gzip, deflate' }), 'gzip'],
    ]
    const plain = decode(await raw(casePage, { cookie, 'accept-encoding': 'identity' }))
    for (const [what, answer, encoding] of answers) {
      expect(answer.status, what).toBe(what === '404' ? 404 : 200)
      expect(answer.headers['content-encoding'], what).toBe(encoding)
      expect(answer.headers['cache-control'], what).toBe('no-store')
      expect(answer.headers.vary?.toLowerCase(), what).toContain('cookie')
      if (encoding) expect(answer.headers.vary?.toLowerCase(), what).toContain('accept-encoding')
      expect(answer.headers['x-content-type-options'], what).toBe('nosniff')
      expect(answer.headers['permissions-policy'], what).toBeTruthy()
      if (what !== '.data') expect(answer.headers['content-security-policy'], what).toMatch(/nonce-/)
    }
    expect(answers[3]![1].body.length).toBe(0)
    // the same page whatever the encoding (but for the per-request nonce)
    const withoutNonce = (html: string) => html.replace(/nonce="[^"]*"|nonce-[A-Za-z0-9+/=]+/g, 'nonce')
    for (const index of [0, 4]) expect(withoutNonce(decode(answers[index]![1]))).toBe(withoutNonce(plain))
    expect(decode(answers[1]![1])).toContain(world.a.caseId)
  })
})

describe('writes must name this origin in Origin or Referer (finding 9)', () => {
  test.each(['POST', 'PUT', 'PATCH', 'DELETE'])('%s without Origin and without Referer is refused', async (method) => {
    const answer = await post(server, '/login', {}, method)
    expect(answer.status).toBe(403)
    expect(await answer.text()).toBe('Cross-origin request refused')
  })

  test.each([
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['Origin null', { origin: 'null' }],
    ['a foreign Referer', { referer: 'https://evil.example/login' }],
    ['a Referer that is no URL', { referer: 'not a url' }],
    ['a same-site port', { referer: 'http://127.0.0.1:1/login' }],
  ])('%s is refused', async (_label, headers) => {
    expect((await post(server, '/login', headers)).status).toBe(403)
  })

  test('our own Origin, or our own Referer when Origin is missing, gets through', async () => {
    const byOrigin = await post(server, '/login', { origin: server.origin })
    expect(byOrigin.status).toBe(400)
    const byReferer = await post(server, '/login', { referer: `${server.origin}/login?redirectTo=%2F` })
    expect(byReferer.status).toBe(400)
    // Origin wins over Referer: a foreign Origin is not saved by our Referer.
    expect((await post(server, '/login', { origin: 'https://evil.example', referer: `${server.origin}/login` })).status).toBe(403)
  })
})

describe('HSTS only for HTTPS through a trusted proxy (finding 9)', () => {
  beforeEach(() => startTrustingProxy(), scaledAtStart(120_000))
  test('behind a trusted proxy: for HTTPS requests, one year with subdomains; never for plain HTTP', async () => {
    const secure = await get(trustingProxy, '/login', { 'x-forwarded-proto': 'https' })
    expect(secure.headers.get('strict-transport-security')).toBe(`max-age=${ONE_YEAR}; includeSubDomains`)
    const plain = await get(trustingProxy, '/login')
    expect(plain.headers.get('strict-transport-security')).toBeNull()
    const plainProxied = await get(trustingProxy, '/login', { 'x-forwarded-proto': 'http' })
    expect(plainProxied.headers.get('strict-transport-security')).toBeNull()
    // The secure origin is what a write behind the proxy must name.
    const host = new URL(trustingProxy.origin).host
    expect((await post(trustingProxy, '/login', { 'x-forwarded-proto': 'https', origin: `https://${host}` })).status).toBe(400)
    expect((await post(trustingProxy, '/login', { 'x-forwarded-proto': 'https', origin: `http://${host}` })).status).toBe(403)
  })

  test('without TRUST_PROXY a forged X-Forwarded-Proto changes nothing', async () => {
    const forged = await get(server, '/login', { 'x-forwarded-proto': 'https' })
    expect(forged.status).toBe(200)
    expect(forged.headers.get('strict-transport-security')).toBeNull()
  })
})

describe("the server runs with the production process's settings (server/node-flags.js)", () => {
  test.skipIf(process.platform !== 'linux')('V8 flags on its command line, the malloc settings in its environment', async () => {
    await start()
    const pid = server.child.pid!
    const commandLine = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')
    for (const flag of SERVER_NODE_FLAGS) expect(commandLine).toContain(flag)
    const environment = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')
    for (const [name, value] of Object.entries(SERVER_ENVIRONMENT)) expect(environment).toContain(`${name}=${process.env[name] ?? value}`)
  })
})
