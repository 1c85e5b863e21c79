// A body produced on demand (the audit-log CSV export) must be read only as fast as the client
// takes it, through compression as in server/index.js; and no more once the client has gone.
import crypto from 'node:crypto'
import http from 'node:http'
import { type AddressInfo } from 'node:net'
import zlib from 'node:zlib'
import compression from 'compression'
import express from 'express'
import { afterEach, describe, expect, test } from 'vitest'
import { sendResponse } from './send-response.js'

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

async function serve(body: ReadableStream<Uint8Array>) {
  const app = express()
  app.use(compression())
  app.get('/', (_req, res, next) => {
    sendResponse(res, new Response(body, { headers: { 'Content-Type': 'text/csv', 'X-Two': 'a' } })).catch(next)
  })
  server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server!.once('listening', resolve))
  return (server.address() as AddressInfo).port
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
