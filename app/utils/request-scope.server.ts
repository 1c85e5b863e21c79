// Work shared by the loaders of one page view. A document GET runs the root's, the layouts' and
// the page's loaders, and each asked again who is signed in and whether they may see the case —
// the same queries up to three times. server/index.js runs every GET/HEAD inside a scope, and
// lookups made through `oncePerRequest` are done once per scope. Writes (POST) get no scope: an
// action changes what a later loader of the same request must see afresh.
import { AsyncLocalStorage } from 'node:async_hooks'

type Scope = Map<string, Promise<unknown>>

declare global {
  // Shared with server/index.js, which imports the server build (a separate module graph).
  var __wbRequestScope: AsyncLocalStorage<Scope> | undefined
}

export const requestScope = (globalThis.__wbRequestScope ??= new AsyncLocalStorage<Scope>())

/** The promise of `compute` for this key, computed once per request scope (always, outside one). */
export function oncePerRequest<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const scope = requestScope.getStore()
  if (!scope) return compute()
  let result = scope.get(key) as Promise<T> | undefined
  if (!result) {
    result = compute()
    scope.set(key, result)
  }
  return result
}
