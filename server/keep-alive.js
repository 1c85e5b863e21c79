// How long the server keeps an idle keep-alive connection open. Node's default (5 s) is shorter
// than a reverse proxy or an HTTP client keeps an idle connection for reuse (nginx upstream
// keepalive_timeout 60 s, cloud load balancers 60 s, Playwright's request context): a request sent
// on a connection the server has just closed fails with ECONNRESET. The server must be the side
// that waits longest, so 65 s; headersTimeout above it, as Node's documentation advises, so a slow
// request's headers are not cut off by the idle timer first.
export const KEEP_ALIVE_TIMEOUT_MS = 65_000
export const HEADERS_TIMEOUT_MS = 66_000

/** @param {import('node:http').Server} server */
export function keepConnectionsAlive(server) {
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS
  server.headersTimeout = HEADERS_TIMEOUT_MS
  return server
}
