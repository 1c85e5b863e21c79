import { isRouteErrorResponse, useRouteError } from '@remix-run/react'
import { createContext, useContext } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from './ui/link.tsx'

/**
 * True inside a layout that already renders the page's h1 (the case file header): a sub-page's
 * error is then a section of that page and gets an h2, so the page keeps exactly one h1.
 */
export const PageHeadingTakenContext = createContext(false)

/**
 * The one error view. Expected failures are thrown Responses (404, 403, 400, 413); anything else
 * is unexpected and shown without internals.
 */
export function GeneralErrorBoundary() {
  const error = useRouteError()
  const { t } = useTranslation()
  const Heading = useContext(PageHeadingTakenContext) ? 'h2' : 'h1'
  let title = t('errors.serverTitle')
  let text = t('errors.serverText', { requestId: '' })
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      title = t('errors.notFoundTitle')
      text = t('errors.notFoundText')
    } else if (error.status === 403) {
      title = t('errors.forbiddenTitle')
      text = t('errors.forbiddenText')
    } else if (error.status === 413) {
      title = t('errors.badRequestTitle')
      text = t('errors.tooLarge')
    } else if (error.status >= 400 && error.status < 500) {
      title = t('errors.badRequestTitle')
      text = t('errors.badRequestText')
    }
  }
  return (
    <div className="error-page">
      <Heading>{title}</Heading>
      <p>{text}</p>
      <p>
        <Link to="/">{t('errors.toHome')}</Link>
      </p>
    </div>
  )
}
