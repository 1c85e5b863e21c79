// Requests and responses born with Express's prototypes (decision 175): Express's own first middleware
// then changes no prototype, and everything Express gives a request and a response still works.
import fs from 'node:fs'
import http from 'node:http'
import net, { type AddressInfo } from 'node:net'
import express from 'express'
import { afterEach, describe, expect, test } from 'vitest'
import { expressMessageClasses, listenWithExpressPrototypes } from './express-prototypes.js'

let server: http.Server | undefined
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())))

type Seen = { bornAsRequest: boolean; bornAsResponse: boolean; prototypeChanges: number }

/** An app that notes, per request, the prototypes Node made the objects with and every prototype change. */
async function serve(born: boolean) {
  const app = express()
  if (born) listenWithExpressPrototypes(app)
  const seen: Seen[] = []
  const birth = new WeakMap<object, Seen & { request: object; response: object }>()
  // Express's first middleware (expressInit) has run: the prototypes it left, against those Node made
  app.use((req, res, next) => {
    const entry = birth.get(req)!
    entry.prototypeChanges = Number(Object.getPrototypeOf(req) !== entry.request) + Number(Object.getPrototypeOf(res) !== entry.response)
    seen.push({ bornAsRequest: entry.bornAsRequest, bornAsResponse: entry.bornAsResponse, prototypeChanges: entry.prototypeChanges })
    next()
  })
  app.get('/json', (req, res) => {
    res.vary('Cookie')
    res.status(201).json({ host: req.get('host'), q: req.query.q ?? null, path: req.path })
  })
  app.get('/text', (_req, res) => res.type('text/plain').send('ok'))
  server = app.listen(0, '127.0.0.1')
  // before Express sees the request: the objects exactly as Node made them
  server.prependListener('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const request = Object.getPrototypeOf(req) as object
    const response = Object.getPrototypeOf(res) as object
    birth.set(req, { request, response, bornAsRequest: request === app.request, bornAsResponse: response === app.response, prototypeChanges: 0 })
  })
  await new Promise((resolve) => server!.once('listening', resolve))
  return { port: (server.address() as AddressInfo).port, seen }
}

function get(port: number, path: string, method = 'GET', agent?: http.Agent) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, path, method, agent }, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (body += chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }))
    })
    request.on('error', reject)
    request.end()
  })
}

describe('requests and responses born with Express prototypes', () => {
  test('Node makes them with the app prototypes, and Express changes none', async () => {
    const { port, seen } = await serve(true)
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    for (let index = 0; index < 3; index += 1) expect((await get(port, '/text', 'GET', agent)).body).toBe('ok')
    agent.destroy()
    expect(seen).toHaveLength(3)
    expect(seen.every((entry) => entry.bornAsRequest && entry.bornAsResponse && entry.prototypeChanges === 0)).toBe(true)
  })

  test('without them Express changes both prototypes of every request (what the server no longer pays)', async () => {
    const { port, seen } = await serve(false)
    await get(port, '/text')
    expect(seen).toEqual([{ bornAsRequest: false, bornAsResponse: false, prototypeChanges: 2 }])
  })

  test("Express's request and response methods, HEAD and a 404 work as before", async () => {
    const { port } = await serve(true)
    const json = await get(port, '/json?q=x')
    expect(json.status).toBe(201)
    expect(JSON.parse(json.body)).toEqual({ host: `127.0.0.1:${port}`, q: 'x', path: '/json' })
    expect(json.headers.vary).toBe('Cookie')
    expect(json.headers['content-type']).toMatch(/^application\/json/)
    const head = await get(port, '/text', 'HEAD')
    expect(head.status).toBe(200)
    expect(head.body).toBe('')
    expect(head.headers['content-length']).toBe('2')
    expect((await get(port, '/nothing')).status).toBe(404)
  })

  test("the classes are Node's: instanceof and the constructors' work hold", () => {
    const app = express()
    const { IncomingMessage, ServerResponse } = expressMessageClasses(app)
    const socket = new net.Socket()
    const req = new (IncomingMessage as unknown as new (socket: unknown) => http.IncomingMessage)(socket)
    const res = new (ServerResponse as unknown as new (req: http.IncomingMessage) => http.ServerResponse)(req)
    expect(req).toBeInstanceOf(http.IncomingMessage)
    expect(res).toBeInstanceOf(http.ServerResponse)
    expect(Object.getPrototypeOf(req)).toBe(app.request)
    expect(Object.getPrototypeOf(res)).toBe(app.response)
    expect(req.headers).toEqual({})
    expect(res.statusCode).toBe(200)
    socket.destroy()
  })

  test('the production server makes its requests this way', () => {
    const source = fs.readFileSync(new URL('./index.js', import.meta.url), 'utf8')
    const created = source.indexOf('const app = express()')
    expect(created).toBeGreaterThan(-1)
    expect(source.indexOf('listenWithExpressPrototypes(app)', created)).toBeGreaterThan(created)
  })
})
