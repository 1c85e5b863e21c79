import { type Outcome } from '#tests/route-access.ts'
import { FOLLOW_UP_NOT_IN_LIST_PAGE } from '#app/forms/follow-up.ts'
import { settle, statusOf } from '#tests/factories.ts'

export type Observed = Outcome | `error:${string}`

/** Runs a loader/action; thrown Responses are answers, anything else thrown is a server error. */
export async function run(call: () => Promise<unknown>): Promise<{ result: unknown; status: number; error?: unknown }> {
  try {
    const result = await settle(call())
    return { result, status: statusOf(result) }
  } catch (error) {
    return { result: undefined, status: 500, error }
  }
}

export function locationOf(result: unknown) {
  if (result instanceof Response) return result.headers.get('Location')
  return null
}

/** The outcome class of route-access.ts for an answer. */
export function classify({ result, status, error }: { result: unknown; status: number; error?: unknown }): Observed {
  if (error) return `error:${error instanceof Error ? error.message.slice(0, 200) : String(error)}`
  if (status >= 500) return `error:status ${status}`
  const location = locationOf(result)
  const target = status >= 300 && status < 400 && location ? new URL(location, 'http://localhost').pathname : null
  if (target === '/login') return 'redirect-login'
  // "Erledigt" on a follow-up the person may not act on, from a case's tab, is sent to the page that says so with
  // a 404 (decision 223): the same answer for a foreign case as for one that does not exist, and nothing done.
  if (target === FOLLOW_UP_NOT_IN_LIST_PAGE) return 'not-found'
  if (status === 401) return 'error:401 instead of a login redirect'
  if (status === 403) return 'forbidden'
  if (status === 404) return 'not-found'
  return 'ok'
}
