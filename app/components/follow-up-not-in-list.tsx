import { isRouteErrorResponse, useRouteError } from '@remix-run/react'
import { useContext } from 'react'
import { useTranslation } from 'react-i18next'
import { FOLLOW_UP_NOT_IN_LIST } from '#app/forms/follow-up.ts'
import { GeneralErrorBoundary, PageHeadingTakenContext } from './general-error-boundary.tsx'
import { Link } from './ui/link.tsx'

/** Whether a route's error is the 404 of "Erledigt" on a follow-up no longer in the person's list (decision 223). */
export function isFollowUpNotInList(error: unknown) {
  return (
    isRouteErrorResponse(error) &&
    error.status === 404 &&
    (error.data as { followUp?: unknown } | null)?.followUp === FOLLOW_UP_NOT_IN_LIST.followUp
  )
}

/**
 * "This follow-up is no longer in your list", with the way back to /follow-ups: what a substitute sees after
 * "Erledigt" on a row of a stand-in that ended at midnight, or anyone on a follow-up whose case was reassigned
 * since the list was shown. It names no follow-up and no case (the same answer for one that was never theirs).
 */
export function FollowUpNotInList() {
  const { t } = useTranslation('contacts')
  const Heading = useContext(PageHeadingTakenContext) ? 'h2' : 'h1'
  return (
    <div className="error-page">
      <Heading>{t('followUpsPage.notInList.title')}</Heading>
      <p>{t('followUpsPage.notInList.text')}</p>
      <p>
        <Link to="/follow-ups">{t('followUpsPage.notInList.back')}</Link>
      </p>
    </div>
  )
}

/** The follow-up pages' error boundary: the explanation above for its 404, the general error view for the rest. */
export function FollowUpErrorBoundary() {
  const error = useRouteError()
  return isFollowUpNotInList(error) ? <FollowUpNotInList /> : <GeneralErrorBoundary />
}
