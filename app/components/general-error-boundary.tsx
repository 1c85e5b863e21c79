import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

/**
 * The one error view. Expected failures are thrown Responses (404, 403, 400, 413); anything else
 * is unexpected and shown without internals.
 */
export function GeneralErrorBoundary() {
  const error = useRouteError()
  const { t } = useTranslation()
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
      <h1>{title}</h1>
      <p>{text}</p>
      <p>
        <Link to="/">{t('errors.toHome')}</Link>
      </p>
    </div>
  )
}
