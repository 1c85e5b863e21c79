// The request context (docs/decisions/019-request-context.md): server/index.js opens one for every
// request and hands the same object to Remix as its load context; the app reads it through
// app/utils/request-context.server.ts (request id and user for the audit log, the per-GET cache).
//
// This module is loaded once by Node for both sides: the app imports it as `#request-context`
// (package.json "imports"), a bare specifier that the Remix compiler leaves out of the server
// bundle, so the build and this server share one AsyncLocalStorage without a global variable.
import { AsyncLocalStorage } from 'node:async_hooks'

export const requestContext = new AsyncLocalStorage()
