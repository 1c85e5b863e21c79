import { currentRequest } from './request-context.server.ts'

/**
 * Reads a form body; a malformed or non-form body is the client's fault and answers 400, never 500.
 */
export async function readFormData(request: Request): Promise<FormData> {
  const type = request.headers.get('content-type') ?? ''
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) {
    throw new Response('Expected a form submission', { status: 415 })
  }
  try {
    return await request.formData()
  } catch {
    throw new Response('Malformed form data', { status: 400 })
  }
}

/** The client's address as the server saw it (behind a trusted proxy: from X-Forwarded-For). */
export function clientIpOf(request: Request) {
  return currentRequest()?.clientIp ?? request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() ?? 'local'
}

/** A 404 that reveals nothing: used for records the user may not see as well as missing ones. */
export function notFound(): never {
  throw new Response('Not found', { status: 404 })
}
