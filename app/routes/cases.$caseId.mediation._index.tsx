import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { Table } from '#app/components/ui/table.tsx'
import { formatCents } from '#app/domain/money.ts'
import { requireCaseForRoute } from '#app/models/case-access.server.ts'
import { listCaseMediations } from '#app/models/language-mediation.server.ts'
import { formatDate, formatNumber } from '#app/utils/format.ts'
import { getFixedT, getLanguage } from '#app/utils/i18n.server.ts'
import { languageName } from '#app/utils/iso.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, kase } = await requireCaseForRoute({ request, params }, 'read')
  const [t, language] = await Promise.all([getFixedT(request, 'referrals'), getLanguage(request)])
  const mediations = await listCaseMediations(kase.id, user)
  const canWrite = kase.allowed.includes('write')
  return {
    title: t('mediation.list.title'),
    caseId: kase.id,
    canWrite,
    mediations: mediations.map((mediation) => ({
      id: mediation.id,
      language: [languageName(mediation.languageCode, language), mediation.dialect].filter(Boolean).join(' – '),
      mode: mediation.mode,
      provider: mediation.provider?.name ?? null,
      status: mediation.status,
      requestedAt: mediation.requestedAt.toISOString(),
      performedAt: mediation.performedAt?.toISOString() ?? null,
      billedMinutes: mediation.billedMinutes,
      costCents: mediation.costCents,
    })),
  }
}

export default function CaseMediationListPage() {
  const { t, i18n } = useTranslation('referrals')
  const { caseId, canWrite, mediations } = useLoaderData<typeof loader>()
  const lng = i18n.language
  return (
    <section className="stack" aria-labelledby="mediation-list-heading">
      <h2 id="mediation-list-heading">{t('mediation.list.title')}</h2>
      {canWrite ? (
        <p>
          <Link className="button button-primary" to={`/cases/${caseId}/mediation/new`}>
            {t('mediation.request')}
          </Link>
        </p>
      ) : null}
      {mediations.length === 0 ? (
        <p className="muted">{t('mediation.list.empty')}</p>
      ) : (
        <Table caption={t('mediation.list.caption')} hideCaption columns={[t('mediation.fields.requestedAt'), t('mediation.fields.language'), t('mediation.fields.mode'), t('mediation.fields.provider'), t('mediation.fields.status'), t('mediation.fields.performedAt'), { label: t('mediation.fields.billedMinutes'), className: 'num' }, { label: t('mediation.fields.cost'), className: 'num' }]}>
          {mediations.map((mediation) => (
            <tr key={mediation.id}>
              <td>
                <Link to={mediation.id} aria-label={t('mediation.list.open', { date: formatDate(mediation.requestedAt, lng), language: mediation.language })}>
                  {formatDate(mediation.requestedAt, lng)}
                </Link>
              </td>
              <td>{mediation.language}</td>
              <td>{t(`codes:mediationMode.${mediation.mode}`)}</td>
              <td>{mediation.provider ?? t('mediation.noProvider')}</td>
              <td>
                <span className="badge">{t(`codes:mediationStatus.${mediation.status}`)}</span>
              </td>
              <td>{formatDate(mediation.performedAt, lng)}</td>
              <td className="num">{mediation.billedMinutes === null ? '' : formatNumber(mediation.billedMinutes, lng)}</td>
              <td className="num">{mediation.costCents === null ? '' : formatCents(mediation.costCents, lng)}</td>
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
