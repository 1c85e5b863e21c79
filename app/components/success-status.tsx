// Forms after success (issue 14, item 8), one mechanism for every form: the action redirects with
// `?done=<what>` (withDone), the page shows the message for it in a status region screen readers
// announce (<SuccessStatus>), and the form is keyed by the navigation (useFreshFormKey) so that the
// next entry starts empty — also after a client-side redirect to the same page, where the browser
// would otherwise keep what was typed. Works without JavaScript (a plain redirect and render).
import { useLocation, useSearchParams } from '@remix-run/react'

export const DONE_PARAM = 'done'

/** The path with the success flag (`what` is a short key the page maps to its own message). */
export function withDone(path: string, what: string): string {
  const [base, query = ''] = path.split('?', 2) as [string, string?]
  const search = new URLSearchParams(query)
  search.set(DONE_PARAM, what)
  return `${base}?${search}`
}

/**
 * The success message of the last save, if the page knows the flag; unknown flags show nothing (the
 * query is user input and never becomes text by itself). `hidden` e.g. while an error is shown.
 */
export function SuccessStatus({ messages, hidden = false }: { messages: Record<string, string>; hidden?: boolean }) {
  const [searchParams] = useSearchParams()
  const done = searchParams.get(DONE_PARAM)
  const message = done && !hidden && Object.hasOwn(messages, done) ? messages[done] : null
  return (
    <p role="status" className={message ? 'alert alert-success' : 'visually-hidden'}>
      {message}
    </p>
  )
}

/** A key for a form that changes with every navigation: after a successful save it is new and empty. */
export function useFreshFormKey(): string {
  return useLocation().key
}
