import { type AppLoadContext, type EntryContext } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { getEnv } from './utils/env.server.ts'
import { createI18nInstance, getLanguage } from './utils/i18n.server.ts'
import { currentRequest } from './utils/request-context.server.ts'
import { pageBody } from './utils/html-stream.server.ts'
import { NonceProvider } from './utils/nonce-provider.ts'

// Validate the environment when the server build loads: a missing or malformed secret stops the
// start with a message naming it, instead of failing the first request.
getEnv()

const ABORT_DELAY = 5_000
export const streamTimeout = ABORT_DELAY

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
): Promise<Response> {
  const nonce = loadContext.cspNonce ?? ''
  const language = await getLanguage(request)
  const i18n = await createI18nInstance(language)
  const waitForAll = isbot(request.headers.get('user-agent') ?? '')

  return new Promise((resolve, reject) => {
    let shellRendered = false
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <I18nextProvider i18n={i18n}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </I18nextProvider>
      </NonceProvider>,
      {
        nonce,
        [waitForAll ? 'onAllReady' : 'onShellReady']() {
          shellRendered = true
          // React's chunks gathered and handed on one piece per flush, without the zero bytes React 18.3
          // pads a chunk with where a multi-byte character did not fit (app/utils/html-stream.server.ts).
          const { sink, body } = pageBody()
          // The abort timer is no longer needed once the page is out: not kept for 5 s per page.
          sink.once('close', () => clearTimeout(timer))
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
          resolve(new Response(body, { headers: responseHeaders, status: responseStatusCode }))
          pipe(sink)
        },
        onShellError(error: unknown) {
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          if (shellRendered) console.error(error)
        },
      },
    )
    const timer = setTimeout(abort, ABORT_DELAY)
  })
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return
  // Logged without the request body: it may hold case data. The request id is the X-Request-Id
  // header the user's browser received, so a reported failure can be found here.
  const requestId = currentRequest()?.requestId ?? '-'
  console.error(`[${new Date().toISOString()}] ${requestId} ${request.method} ${new URL(request.url).pathname}`, error)
}
