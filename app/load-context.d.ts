import '@remix-run/node'

declare module '@remix-run/node' {
  // The load context is the request context (server/index.js, app/utils/request-context.server.ts).
  // Code reads it through request-context.server.ts; only the document render takes the nonce here.
  interface AppLoadContext {
    cspNonce?: string
  }
}

declare module '@remix-run/server-runtime' {
  interface Future {
    v3_singleFetch: true
  }
}
