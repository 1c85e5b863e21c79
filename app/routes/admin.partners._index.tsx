import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { SelectField } from '#app/components/ui/field.tsx'
import { PartnerFilterFields } from '#app/components/partner-filter.tsx'
import { FilterForm } from '#app/components/ui/filter-form.tsx'
import { Table } from '#app/components/ui/table.tsx'
import { listPartners, partnerFilterChoices, partnerFiltersFrom, partnerFilterValues } from '#app/models/partner.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { getFixedT, getLanguage } from '#app/utils/i18n.server.ts'
import { catalogueLabel } from '#app/utils/format.ts'
import { languageName } from '#app/utils/iso.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.title ?? ''} · Wegbegleiter` },
]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, 'ADMIN')
  const [t, lng] = await Promise.all([getFixedT(request, 'referrals'), getLanguage(request)])
  const params = new URL(request.url).searchParams
  const filters = partnerFiltersFrom(params)
  const activeParam = params.get('active') ?? 'active'
  const active = activeParam === 'active' ? true : activeParam === 'inactive' ? false : undefined
  const [partners, choices] = await Promise.all([listPartners({ ...filters, active }), partnerFilterChoices(lng)])
  return {
    title: t('partners.title'),
    filters: { ...partnerFilterValues(filters), active: activeParam },
    choices,
    partners: partners.map((partner) => ({
      ...partner,
      districtLabel: partner.district ? catalogueLabel(partner.district, lng) : '',
      languageNames: partner.languages.map((code) => languageName(code, lng)),
    })),
  }
}

export default function PartnersPage() {
  const { t } = useTranslation('referrals')
  const { title, filters, choices, partners } = useLoaderData<typeof loader>()
  return (
    <div className="stack">
      <div className="row page-heading">
        <h1>{title}</h1>
        <Link to="/admin/partners/new" className="button button-primary">
          {t('partners.new')}
        </Link>
      </div>
      <p>{t('partners.intro')}</p>
      <FilterForm className="card filter-form" aria-label={t('partners.filterLabel')}>
        <div className="form-grid">
          <PartnerFilterFields values={filters} choices={choices} />
          <SelectField
            label={t('partners.fields.active')}
            name="active"
            defaultValue={filters.active}
            options={[
              { value: 'active', label: t('partners.activeOnly') },
              { value: 'inactive', label: t('partners.inactiveOnly') },
              { value: 'all', label: t('all') },
            ]}
          />
        </div>
        <div className="form-actions">
          <Button>{t('common:actions.filter')}</Button>
          <Link to="/admin/partners">{t('common:actions.reset')}</Link>
        </div>
      </FilterForm>
      <Table caption={t('partners.count', { count: partners.length })} columns={[t('partners.fields.name'), t('partners.fields.kind'), t('partners.fields.district'), t('partners.fields.languages'), t('partners.contact'), t('partners.fields.active')]}>
        {partners.map((partner) => (
          <tr key={partner.id}>
            <th scope="row">
              <Link to={`/admin/partners/${partner.id}`}>{partner.name}</Link>
            </th>
            <td>{t(`codes:referralKind.${partner.kind}`)}</td>
            <td>{partner.districtLabel}</td>
            <td>{partner.languageNames.join(', ')}</td>
            <td>
              {[partner.phone, partner.email].filter(Boolean).join(' · ')}
              {partner.website ? (
                <>
                  {partner.phone || partner.email ? ' · ' : null}
                  <a href={partner.website} rel="noreferrer noopener">
                    {t('partners.websiteLink')}
                  </a>
                </>
              ) : null}
            </td>
            <td>
              {partner.active ? (
                t('partners.isActive')
              ) : (
                <span className="badge">{t('partners.isInactive')}</span>
              )}
            </td>
          </tr>
        ))}
      </Table>
      {partners.length === 0 ? <p>{t('partners.none')}</p> : null}
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
