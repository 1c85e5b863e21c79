// A body produced on demand (the audit-log CSV export) must be read only as fast as the client
// takes it, through compression as in server/index.js; and no more once the client has gone.
import crypto from 'node:crypto'
import http from 'node:http'
import { type AddressInfo } from 'node:net'
import zlib from 'node:zlib'
import compression from 'compression'
import express from 'express'
import { afterEach, describe, expect, test } from 'vitest'
import { COALESCE_BYTES, sendResponse } from './send-response.js'

const CHUNK = 64 * 1024
// 25.6 MB: far more than the socket's send buffer (Linux: up to 4 MB, net.ipv4.tcp_wmem), what the
// paused client's receive buffer takes and zlib's buffer together (≈ 4 MB measured here).
const CHUNKS = 400

/** Incompressible chunks made on demand, as a pull-based stream like streamAuditCsv's. */
function producer() {
  const state = { pulled: 0, cancelled: false, sent: crypto.createHash('sha256') }
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (state.pulled === CHUNKS) return controller.close()
        state.pulled += 1
        const chunk = crypto.randomBytes(CHUNK)
        state.sent.update(chunk)
        controller.enqueue(new Uint8Array(chunk))
      },
      cancel() {
        state.cancelled = true
      },
    },
    { highWaterMark: 0 },
  )
  return { state, body }
}

let server: http.Server | undefined
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())))

async function serve(body: ReadableStream<Uint8Array>, type = 'text/csv', writes: number[] = []) {
  const app = express()
  app.use(compression())
  // counts what reaches compression: each res.write() is one deflate call
  app.use((_req, res, next) => {
    const write = res.write.bind(res) as (...args: unknown[]) => boolean
    res.write = ((chunk: Uint8Array, ...rest: unknown[]) => {
      writes.push(chunk.byteLength)
      return write(chunk, ...rest)
    }) as typeof res.write
    next()
  })
  app.get('/', (_req, res, next) => {
    sendResponse(res, new Response(body, { headers: { 'Content-Type': type, 'X-Two': 'a' } })).catch(next)
  })
  server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server!.once('listening', resolve))
  return (server.address() as AddressInfo).port
}

/** A page as React hands it over: many small pieces, all at once. */
function pieces(count: number, size: number) {
  const parts = Array.from({ length: count }, (_, index) => new TextEncoder().encode(`<p>${index}</p>`.padEnd(size, '.')))
  let next = 0
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (next === parts.length) return controller.close()
      controller.enqueue(parts[next++])
    },
  })
  return { parts, body }
}

function fetchText(port: number) {
  return new Promise<string>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/', headers: { 'accept-encoding': 'gzip' } }, (response) => {
        const gunzip = zlib.createGunzip()
        const chunks: Buffer[] = []
        response.pipe(gunzip)
        gunzip.on('data', (chunk: Buffer) => chunks.push(chunk))
        gunzip.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
        gunzip.on('error', reject)
      })
      .on('error', reject)
  })
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('sendResponse', () => {
  test('reads the body only as fast as a slow client takes it, and sends all of it', async () => {
    const { state, body } = producer()
    const port = await serve(body)
    const received = crypto.createHash('sha256')
    const done = new Promise<{ status: number; type: string | undefined }>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: '/', headers: { 'accept-encoding': 'gzip' } }, (response) => {
          // The client does not read for a while: the server must stop pulling meanwhile (without
          // backpressure it pulls the whole body into memory). Checked here, not thrown from a
          // callback: a failure ends the test instead of leaving it to time out.
          response.pause()
          void wait(700).then(() => {
            if (state.pulled >= CHUNKS / 2) return reject(new Error(`pulled ${state.pulled} of ${CHUNKS} chunks while the client read nothing`))
            const gunzip = zlib.createGunzip()
            response.pipe(gunzip)
            gunzip.on('data', (chunk: Buffer) => received.update(chunk))
            gunzip.on('end', () => resolve({ status: response.statusCode ?? 0, type: response.headers['content-type'] }))
            gunzip.on('error', reject)
          })
        })
        .on('error', reject)
    })
    const { status, type } = await done
    expect(status).toBe(200)
    expect(type).toMatch(/^text\/csv/)
    expect(state.pulled).toBe(CHUNKS)
    expect(received.digest('hex')).toBe(state.sent.digest('hex'))
  })

  test('hands a page of many small chunks to compression in one piece, unchanged', async () => {
    const { parts, body } = pieces(21, 2048)
    const writes: number[] = []
    const port = await serve(body, 'text/html; charset=utf-8', writes)
    const text = await fetchText(port)
    expect(text).toBe(parts.map((part) => new TextDecoder().decode(part)).join(''))
    // 43 kB: less than one COALESCE_BYTES, so nothing is written before the end (res.end takes it)
    expect(21 * 2048).toBeLessThan(COALESCE_BYTES)
    expect(writes).toEqual([])
  })

  test('writes a longer body that is not a page in pieces of at least COALESCE_BYTES', async () => {
    const { parts, body } = pieces(100, 2048)
    const writes: number[] = []
    const port = await serve(body, 'text/csv', writes)
    const text = await fetchText(port)
    expect(text.length).toBe(100 * 2048)
    expect(text).toBe(parts.map((part) => new TextDecoder().decode(part)).join(''))
    expect(writes.length).toBe(Math.floor((100 * 2048) / COALESCE_BYTES))
    for (const size of writes) expect(size).toBeGreaterThanOrEqual(COALESCE_BYTES)
  })

  test('sends a page that arrives in one piece larger than COALESCE_BYTES with res.end() alone', async () => {
    // app/entry.server.tsx hands React's page on in one piece: written and then ended, it would be two
    // deflate calls and a wait for 'drain'; read one piece ahead, it is one end()
    const { parts, body } = pieces(1, COALESCE_BYTES + 32 * 1024)
    const writes: number[] = []
    const port = await serve(body, 'text/html; charset=utf-8', writes)
    const text = await fetchText(port)
    expect(text).toBe(new TextDecoder().decode(parts[0]))
    expect(writes).toEqual([])
  })

  test('sends a page of several pieces larger than COALESCE_BYTES with res.end() alone', async () => {
    // as React hands a large page on (app/utils/html-stream.server.ts): the page, the hydration data's
    // script, the document's last bytes; written before its end, it would be two brotli calls
    const sizes = [COALESCE_BYTES + 8 * 1024, 1633, 190]
    const parts = sizes.map((size, index) => new TextEncoder().encode(`<p>${index}</p>`.padEnd(size, '.')))
    let next = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (next === parts.length) return controller.close()
        controller.enqueue(parts[next++])
      },
    })
    const writes: number[] = []
    const port = await serve(body, 'text/html; charset=utf-8', writes)
    const text = await fetchText(port)
    expect(text).toBe(parts.map((part) => new TextDecoder().decode(part)).join(''))
    expect(writes).toEqual([])
  })

  test('a body whose last piece brings it to COALESCE_BYTES goes out with res.end() alone', async () => {
    const { parts, body } = pieces(COALESCE_BYTES / 2048, 2048)
    const writes: number[] = []
    const port = await serve(body, 'text/html; charset=utf-8', writes)
    const text = await fetchText(port)
    expect(text).toBe(parts.map((part) => new TextDecoder().decode(part)).join(''))
    expect(writes).toEqual([])
  })

  test('writes an event stream chunk by chunk', async () => {
    const { parts, body } = pieces(5, 100)
    const writes: number[] = []
    const port = await serve(body, 'text/event-stream', writes)
    await fetchText(port)
    expect(writes).toEqual(parts.map((part) => part.byteLength))
  })

  test('stops reading the body when the client goes away', async () => {
    const { state, body } = producer()
    const port = await serve(body)
    await new Promise<void>((resolve) => {
      const request = http.get({ host: '127.0.0.1', port, path: '/' }, (response) => {
        response.pause()
        void wait(300).then(() => request.destroy())
      })
      // destroying the request is the point: its error is expected
      request.on('error', () => {})
      request.on('close', () => resolve())
    })
    await wait(300)
    const pulled = state.pulled
    expect(state.cancelled).toBe(true)
    await wait(300)
    expect(state.pulled).toBe(pulled)
    // uncompressed, the kernel's loopback buffers take a few MB before the socket pushes back
    expect(pulled).toBeLessThan(CHUNKS / 2)
  })
})
