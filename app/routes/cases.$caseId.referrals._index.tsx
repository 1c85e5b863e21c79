import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import {
  ConsentFlag,
  Days,
  formatDate,
  ReferralStatusBadge,
  WaitingSoFar,
} from '#app/components/referral-fields.tsx'
import { Table } from '#app/components/ui/table.tsx'
import { requireCaseForRoute } from '#app/models/case-access.server.ts'
import { listReferrals } from '#app/models/referral.server.ts'
import { getFixedT } from '#app/utils/i18n.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.title ?? ''} · Wegbegleiter` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, kase } = await requireCaseForRoute({ request, params }, 'read')
  const t = await getFixedT(request, 'referrals')
  const referrals = await listReferrals(kase.id, { userId: user.id })
  return {
    title: t('referral.listTitle'),
    caseId: kase.id,
    canWrite: kase.allowed.includes('write'),
    referrals,
  }
}

export default function CaseReferralsPage() {
  const { t, i18n } = useTranslation('referrals')
  const { caseId, canWrite, referrals } = useLoaderData<typeof loader>()
  const flagged = referrals.filter((referral) => referral.consentFlaggedAt && !referral.closedAt)
  return (
    <section className="stack" aria-labelledby="referrals-heading">
      <div className="row page-heading">
        <h2 id="referrals-heading">{t('referral.listTitle')}</h2>
        {canWrite ? (
          <Link to={`/cases/${caseId}/referrals/new`} className="button button-primary">
            {t('referral.new')}
          </Link>
        ) : null}
      </div>
      {flagged.length > 0 ? (
        <div className="alert alert-warning" role="note">
          <p>{t('flagged.caseNotice', { count: flagged.length })}</p>
        </div>
      ) : null}
      {referrals.length === 0 ? (
        <p>{t('referral.none')}</p>
      ) : (
        <Table
          caption={t('referral.caption', { count: referrals.length })}
          columns={[
            t('referral.fields.partner'),
            t('referral.fields.kind'),
            t('referral.fields.status'),
            t('referral.fields.sentAt'),
            { label: t('waiting.toClearing'), className: 'num' },
            { label: t('waiting.toAdmission'), className: 'num' },
            { label: t('waiting.soFar'), className: 'num' },
          ]}
        >
          {referrals.map((referral) => (
            <tr
              key={referral.id}
              className={
                (referral.consentFlaggedAt && !referral.closedAt) || referral.overThreshold
                  ? 'row-flagged'
                  : undefined
              }
            >
              <th scope="row">
                <Link to={`/cases/${caseId}/referrals/${referral.id}`}>
                  {referral.partner?.name ?? t(`codes:referralKind.${referral.kind}`)}
                </Link>
                {referral.consentFlaggedAt && !referral.closedAt ? (
                  <>
                    {' '}
                    <ConsentFlag />
                  </>
                ) : null}
                {referral.urgency === 'CRISIS' ? (
                  <>
                    {' '}
                    <span className="badge badge-error">{t('codes:urgency.CRISIS')}</span>
                  </>
                ) : null}
              </th>
              <td>{t(`codes:referralKind.${referral.kind}`)}</td>
              <td>
                <ReferralStatusBadge status={referral.status} />
              </td>
              <td>{formatDate(referral.sentAt, i18n.language)}</td>
              <td className="num">
                <Days days={referral.waiting.toClearing} />
              </td>
              <td className="num">
                <Days days={referral.waiting.toAdmission} />
              </td>
              <td className="num">
                <WaitingSoFar referral={referral} />
              </td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
