#!/usr/bin/env node
// The production HTTP server: security headers with a per-request CSP nonce, HSTS behind a trusted
// TLS proxy, origin check for writes, body-size limit, a coarse per-IP rate limit, static assets,
// no caching of anything else, request ids, /healthz. See docs/architecture.md. Started by
// server/start.js (npm start), by `npm run dev` and by the tests.
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import zlib from 'node:zlib'
// createRemixRequest is @remix-run/express's own (not re-exported by its index; the package has no
// exports map); the response is written by ours (server/send-response.js).
import remixExpressServer from '@remix-run/express/dist/server.js'
import { createRequestHandler, installGlobals } from '@remix-run/node'
import compression from 'compression'
import express from 'express'
import rateLimit from 'express-rate-limit'
import helmet from 'helmet'
import { bodyLimitFor } from './body-limits.js'
import onHeaders from 'on-headers'
import { databaseFile, markServerRunning } from './database-file.js'
import { listenWithExpressPrototypes } from './express-prototypes.js'
import { requestContext } from './request-context.js'
import { sendResponse } from './send-response.js'
import { sendBodyRefused } from './too-large.js'

installGlobals({ nativeFetch: true })

const { createRemixRequest } = remixExpressServer
const root = fileURLToPath(new URL('..', import.meta.url))
const mode = process.env.NODE_ENV ?? 'production'
const buildPath = path.join(root, 'build', 'index.js')
const port = Number(process.env.PORT ?? 3000)
const host = process.env.HOST ?? '0.0.0.0'
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
const HSTS = `max-age=${365 * 24 * 60 * 60}; includeSubDomains`
/** Brotli's quality for pages and `.data` answers (decision 168); gzip's level for them is 1 (decision 060). */
const PAGE_BROTLI_QUALITY = 1

export async function createApp() {
  const build = await import(pathToFileURL(buildPath).href)
  const app = express()
  // Requests and responses born with Express's prototypes: no `setPrototypeOf` per request (decision 175).
  listenWithExpressPrototypes(app)
  app.disable('x-powered-by')
  // Behind a reverse proxy the client IP comes from X-Forwarded-For; only trust it when told to,
  // or anyone could spoof their address past the rate limits.
  app.set('trust proxy', process.env.TRUST_PROXY === 'true' || process.env.TRUST_PROXY === '1' ? 1 : false)

  // The request context (app/utils/request-context.server.ts, decision 019). Only GET and HEAD get
  // the page view's cache: an action's writes must be seen afresh by the loaders that run after it.
  app.use((req, res, next) => {
    res.locals.context = {
      requestId: crypto.randomUUID(),
      cspNonce: crypto.randomBytes(16).toString('base64'),
      clientIp: req.ip,
      userId: null,
      cache: req.method === 'GET' || req.method === 'HEAD' ? new Map() : null,
      // A client-side navigation's or revalidation's loader data (`.data`, single fetch), not a
      // document: only a document may leave a long list to its markup (decision 101).
      dataRequest: req.path.endsWith('.data'),
    }
    res.setHeader('X-Request-Id', res.locals.context.requestId)
    next()
  })

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'", (_req, res) => `'nonce-${res.locals.context.cspNonce}'`],
          'style-src': ["'self'"],
          'img-src': ["'self'", 'data:'],
          'font-src': ["'self'"],
          'connect-src': mode === 'development' ? ["'self'", 'ws:'] : ["'self'"],
          'form-action': ["'self'"],
          'frame-ancestors': ["'none'"],
          'base-uri': ["'self'"],
          'object-src': ["'none'"],
          'upgrade-insecure-requests': null,
        },
      },
      crossOriginEmbedderPolicy: false,
      referrerPolicy: { policy: 'same-origin' },
      // Helmet would send HSTS over plain HTTP as well; set below only for HTTPS requests.
      strictTransportSecurity: false,
    }),
  )
  // HSTS only where the request came over HTTPS: through a proxy we trust (TRUST_PROXY and
  // X-Forwarded-Proto: https make req.secure true), never on plain HTTP, where it would pin a
  // development or intranet host to HTTPS.
  app.use((req, res, next) => {
    if (req.secure) res.setHeader('Strict-Transport-Security', HSTS)
    next()
  })
  app.use((_req, res, next) => {
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()')
    next()
  })

  // A write must come from our own pages: it must name this origin in Origin or, when a client
  // sends no Origin, in Referer (SameSite=Lax covers the cookie; this covers same-site subdomains,
  // old browsers and privacy tools that strip one of the two). A write with neither is refused too:
  // browsers send Origin on every POST, so only scripts lack both — and our own send it.
  app.use((req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next()
    if (requestOrigin(req) !== `${req.protocol}://${req.get('host')}`) {
      res.status(403).type('text/plain').send('Cross-origin request refused')
      return
    }
    const declared = req.get('content-length')
    if (declared === undefined && req.get('transfer-encoding')) {
      sendBodyRefused(req, res, 411)
      return
    }
    // Declared up front, so an oversized upload is refused before a byte of it is read.
    if (Number(declared ?? 0) > bodyLimitFor(req.method, req.path)) {
      sendBodyRefused(req, res, 413)
      return
    }
    next()
  })

  app.use(
    rateLimit({
      windowMs: 60 * 1000,
      limit: Number(process.env.RATE_LIMIT_PER_MINUTE ?? 600),
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      skip: (req) => req.method === 'GET' && req.path.startsWith('/build/'),
    }),
  )

  // Pages and `.data` answers are compressed at level 1, the build's files at zlib's default (6):
  // a page is compressed anew for every request, a build file once per browser (immutable, cached
  // for a year). Measured on a 55 kB page: 0.8 ms of CPU at level 6, 0.3 ms at level 1, for 12 %
  // more bytes (10.3 → 11.6 kB) — nginx's default level for the same reason (decision 060).
  //
  // A browser accepts brotli ("gzip, deflate, br, zstd"), and compression (1.8) prefers it, at quality
  // 4 unless told: what every page cost a browser, not the level 1 above, which only a client that
  // does not take brotli gets (the bench's did). Pages: quality 1 — on the 96 kB master-data form
  // 0.33 ms of CPU for 17.8 kB against 1.03 ms for 15.5 kB at quality 4 and 0.60 ms for 18.9 kB with
  // gzip at level 1 (decision 168); the build's files keep compression's default.
  const compressPage = compression({ level: 1, brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: PAGE_BROTLI_QUALITY } } })
  const compressBuild = compression()
  app.use((req, res, next) => (req.path.startsWith('/build/') ? compressBuild : compressPage)(req, res, next))
  // Remix writes a page in chunks and, where the response has a flush(), calls it after every
  // chunk (made for pages that stream deferred data); compression's flush() then closes a deflate
  // block per chunk — a sync flush, 2–3 ms of zlib per page and a larger body. No page streams
  // deferred data (no defer/Await in app/), so a page is compressed as one stream. Should one ever
  // stream, give that route its flush back.
  app.use((_req, res, next) => {
    res.flush = undefined
    next()
  })
  app.use('/build', express.static(path.join(root, 'public', 'build'), { immutable: true, maxAge: '1y' }))
  // The few files at the top of public/ (the favicon), looked up by name: express.static for every
  // request would stat public/<path> for each page (a failed stat and its error object per request).
  const publicFiles = new Set(
    fs
      .readdirSync(path.join(root, 'public'), { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => `/${entry.name}`),
  )
  const publicStatic = express.static(path.join(root, 'public'), { maxAge: '1h', index: false, redirect: false })
  app.use((req, res, next) => (publicFiles.has(req.path) ? publicStatic(req, res, next) : next()))

  // Everything past the static files is rendered per request — pages, `.data` responses, exports,
  // redirects — and may carry personal data or a per-request CSP nonce: no cache may keep it, and
  // the browser must not show it again from history after signing out. Set when the headers are
  // written, so it holds whatever a route sent (one place; a new route cannot forget it).
  app.use((_req, res, next) => {
    onHeaders(res, () => {
      res.setHeader('Cache-Control', 'no-store')
      res.vary('Cookie')
    })
    next()
  })

  // Remix gets the request context as its load context, and runs inside it. @remix-run/express's
  // handler, except that the response is written with backpressure (server/send-response.js).
  const handleRemixRequest = createRequestHandler(build, mode)
  const handleRequest = async (req, res, next) => {
    try {
      const response = await handleRemixRequest(createRemixRequest(req, res), res.locals.context)
      await sendResponse(res, response)
    } catch (error) {
      next(error)
    }
  }
  app.all('*', (req, res, next) => requestContext.run(res.locals.context, () => handleRequest(req, res, next)))
  return app
}

/** The origin a write claims to come from: Origin, else the origin of Referer, else null. */
function requestOrigin(req) {
  const origin = req.get('origin')
  if (origin !== undefined) return origin
  const referer = req.get('referer')
  if (!referer) return null
  try {
    return new URL(referer).origin
  } catch {
    return null
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const app = await createApp()
  const server = app.listen(port, host, () => {
    markServerRunning(databaseFile(), port)
    console.log(`Wegbegleiter listening on http://localhost:${port}`)
  })
  const shutdown = () => server.close(() => process.exit(0))
  process.on('SIGTERM', shutdown)
  process.on('SIGINT', shutdown)
}
