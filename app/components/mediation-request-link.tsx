import { useTranslation } from 'react-i18next'
import { Link } from '#app/components/ui/link.tsx'

/**
 * "Sprachmittlung anfragen" from another page of the case (the contact form): opens the request
 * page, which returns to `returnTo` with `?mediationId=<new id>` so the new record can be linked.
 * `returnTo` must be a page of the same case; anything else is ignored by the request page.
 */
export function mediationRequestHref(caseId: string, returnTo: string) {
  return `/cases/${caseId}/mediation/new?${new URLSearchParams({ returnTo })}`
}

export function MediationRequestLink({ caseId, returnTo, className }: { caseId: string; returnTo: string; className?: string }) {
  const { t } = useTranslation('referrals')
  return (
    <Link to={mediationRequestHref(caseId, returnTo)} className={className}>
      {t('mediation.request')}
    </Link>
  )
}
