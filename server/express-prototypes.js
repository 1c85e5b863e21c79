// Requests and responses made with Express's prototypes from the start (decision 175).
//
// Express gives every request and response its own methods (`req.get`, `res.status`, …) by changing
// the prototype of Node's objects in its first middleware (`Object.setPrototypeOf`, `expressInit`).
// V8 then keeps everything a request reached alive through every minor collection until the next full
// one: a bare Express app on this machine promoted ≈ 4.4 kB per request into the old generation and ran
// a mark-compact every ≈ 1,400 requests; the same app whose objects were born with Express's prototypes
// promoted nothing and ran one in 20,000 (docs/performance.md, "The old generation's mark-compacts").
// For this server ≈ 27 kB per `/healthz` and ≈ 170 kB per page were promoted, a mark-compact every
// ≈ 0.7 s, whose concurrent marking on a 2-core machine made the pages' slowest 5 %.
//
// Node makes each request and response with the classes the HTTP server is given. These classes are
// Node's own constructors with Express's prototypes of this app (`app.request`, `app.response`), so
// `expressInit`'s `setPrototypeOf` finds the prototype already set and changes nothing (V8 returns at
// once when the prototype is the same). Everything else stays as Express does it.
import http from 'node:http'

/**
 * Node's IncomingMessage and ServerResponse constructors with the prototypes of `app`.
 * @param {{ request: object; response: object }} app an Express application
 */
export function expressMessageClasses(app) {
  /** @this {import('node:http').IncomingMessage} @param {import('node:net').Socket} socket */
  function ExpressRequest(socket) {
    http.IncomingMessage.call(this, socket)
  }
  ExpressRequest.prototype = app.request
  /** @this {import('node:http').ServerResponse} @param {import('node:http').IncomingMessage} req @param {object} [options] */
  function ExpressResponse(req, options) {
    http.ServerResponse.call(this, req, options)
  }
  ExpressResponse.prototype = app.response
  return { IncomingMessage: ExpressRequest, ServerResponse: ExpressResponse }
}

/**
 * `app.listen` as Express's own (an HTTP server for the app, then `server.listen(...args)`), but the
 * server makes its requests and responses with the app's prototypes.
 * @param {import('express').Express} app
 */
export function listenWithExpressPrototypes(app) {
  app.listen = function listen(...args) {
    const server = http.createServer(/** @type {import('node:http').ServerOptions} */ (expressMessageClasses(app)), app)
    return server.listen(...args)
  }
}
