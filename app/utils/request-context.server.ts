// What the code of one request shares without passing it along (decision 019): the request id and
// the signed-in user for the audit log, the client's address, the CSP nonce, and the lookups of a
// page view. server/index.js opens the context for every request and gives the same object to
// Remix as its load context; code outside a request (scripts, tests) runs without one.
import { type AsyncLocalStorage } from 'node:async_hooks'
import { requestContext } from '#request-context'

export type RequestContext = {
  requestId: string
  cspNonce: string
  clientIp: string | undefined
  /** who is signed in, once a guard has looked it up (the audit log's default actor) */
  userId: string | null
  /**
   * Work shared by the loaders of one page view. A document GET runs the root's, the layouts' and
   * the page's loaders, and each asked again who is signed in and whether they may see the case —
   * the same queries up to three times. Only GET and HEAD get this cache: an action changes what a
   * later loader of the same request must see afresh (decision 014).
   */
  cache: Map<string, Promise<unknown>> | null
  /** a `.data` request (single fetch: a client-side navigation, a revalidation), not a document */
  dataRequest: boolean
}

const contexts = requestContext as AsyncLocalStorage<RequestContext>

/** The context of the request this code runs for, or undefined outside a request. */
export function currentRequest(): RequestContext | undefined {
  return contexts.getStore()
}

/** Records who is signed in for the rest of the request. */
export function setRequestUser(userId: string | null) {
  const context = currentRequest()
  if (context) context.userId = userId
}

/** The promise of `compute` for this key, computed once per page view (always, outside one). */
export function oncePerRequest<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const cache = currentRequest()?.cache
  if (!cache) return compute()
  let result = cache.get(key) as Promise<T> | undefined
  if (!result) {
    result = compute()
    cache.set(key, result)
  }
  return result
}

// Per request object, so that nothing outlives the request.
const doneInRequest = new WeakMap<RequestContext, Map<string, Promise<unknown>>>()

/**
 * The promise of `compute` for this key, computed once in this request whatever its method (always, outside one):
 * for work that must happen once for the page a request answers — an audit event of what it shows — where
 * `oncePerRequest` serves reads, which an action's writes make stale and so are not shared in a POST. A form
 * refused without JavaScript is answered with its page in the same POST: the action, then every loader of the page.
 */
export function onceInRequest<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const context = currentRequest()
  if (!context) return compute()
  let done = doneInRequest.get(context)
  if (!done) doneInRequest.set(context, (done = new Map()))
  let result = done.get(key) as Promise<T> | undefined
  if (!result) {
    result = compute()
    done.set(key, result)
  }
  return result
}
