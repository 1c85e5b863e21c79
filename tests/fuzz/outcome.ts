import { type Outcome } from '#tests/route-access.ts'
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
  if (status >= 300 && status < 400 && location && new URL(location, 'http://localhost').pathname === '/login') return 'redirect-login'
  if (status === 401) return 'error:401 instead of a login redirect'
  if (status === 403) return 'forbidden'
  if (status === 404) return 'not-found'
  return 'ok'
}
