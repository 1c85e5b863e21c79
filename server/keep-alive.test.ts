// A client that reuses an idle keep-alive connection after more than Node's default 5 s must find
// it open (CI saw "read ECONNRESET" on a request after an idle pause).
import http from 'node:http'
import { type AddressInfo } from 'node:net'
import { describe, expect, test } from 'vitest'
import { scaledAtStart } from '#tests/setup/slowdown.ts'
import { HEADERS_TIMEOUT_MS, KEEP_ALIVE_TIMEOUT_MS, keepConnectionsAlive } from './keep-alive.js'

function get(port: number, agent: http.Agent) {
  return new Promise<number>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/', agent }, (response) => {
        response.resume()
        response.on('end', () => resolve(response.statusCode ?? 0))
      })
      .on('error', reject)
  })
}

describe('keep-alive timeouts', () => {
  test('idle connections stay open longer than a proxy keeps them; headers time out after that', () => {
    const server = keepConnectionsAlive(http.createServer())
    expect(server.keepAliveTimeout).toBe(KEEP_ALIVE_TIMEOUT_MS)
    expect(KEEP_ALIVE_TIMEOUT_MS).toBeGreaterThan(60_000)
    expect(server.headersTimeout).toBe(HEADERS_TIMEOUT_MS)
    expect(HEADERS_TIMEOUT_MS).toBeGreaterThan(KEEP_ALIVE_TIMEOUT_MS)
  })

  // 7 s: beyond Node's default 5 s and the second it waits on top (with the default, this request
  // arrives on a new connection).
  test('a request after 7 s idle on one keep-alive connection succeeds on that connection', async () => {
    let connections = 0
    const server = keepConnectionsAlive(http.createServer((_request, response) => response.end('ok')))
    server.on('connection', () => (connections += 1))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    try {
      expect(await get(port, agent)).toBe(200)
      await new Promise((resolve) => setTimeout(resolve, 7_000))
      expect(await get(port, agent)).toBe(200)
      expect(connections).toBe(1)
    } finally {
      agent.destroy()
      await new Promise((resolve) => server.close(resolve))
    }
  }, scaledAtStart(20_000))
})
