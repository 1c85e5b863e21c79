import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { SelectField } from '#app/components/ui/field.tsx'
import { REFERRAL_KINDS } from '#app/domain/codes.ts'
import {
  districtOptions,
  isReferralKind,
  listPartners,
  offeredLanguages,
} from '#app/models/partner.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { getFixedT, getLanguage } from '#app/utils/i18n.server.ts'
import { isLanguageCode, languageName } from '#app/utils/iso.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.title ?? ''} · Wegbegleiter` },
]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, 'ADMIN')
  const [t, lng] = await Promise.all([getFixedT(request, 'referrals'), getLanguage(request)])
  const url = new URL(request.url)
  const kind = url.searchParams.get('kind') ?? ''
  const districtId = Number(url.searchParams.get('district') ?? '') || undefined
  const language = url.searchParams.get('language') ?? ''
  const activeParam = url.searchParams.get('active') ?? 'active'
  const active = activeParam === 'active' ? true : activeParam === 'inactive' ? false : undefined
  const partners = await listPartners({
    kind: isReferralKind(kind) ? kind : undefined,
    districtId,
    language: isLanguageCode(language) ? language : undefined,
    active,
  })
  const [districts, offered] = await Promise.all([districtOptions(), offeredLanguages()])
  return {
    title: t('partners.title'),
    filters: {
      kind: isReferralKind(kind) ? kind : '',
      district: districtId ? String(districtId) : '',
      language: isLanguageCode(language) ? language : '',
      active: activeParam,
    },
    districts: districts.map((d) => ({ value: String(d.id), label: lng === 'en' ? d.labelEn : d.labelDe })),
    languages: offered
      .map((code) => ({ value: code, label: languageName(code, lng) }))
      .sort((a, b) => a.label.localeCompare(b.label, lng)),
    partners: partners.map((partner) => ({
      ...partner,
      districtLabel: partner.district
        ? lng === 'en'
          ? partner.district.labelEn
          : partner.district.labelDe
        : '',
      languageNames: partner.languages.map((code) => languageName(code, lng)),
    })),
  }
}

export default function PartnersPage() {
  const { t } = useTranslation('referrals')
  const { title, filters, districts, languages, partners } = useLoaderData<typeof loader>()
  return (
    <div className="stack">
      <div className="row page-heading">
        <h1>{title}</h1>
        <Link to="/admin/partners/new" className="button button-primary">
          {t('partners.new')}
        </Link>
      </div>
      <p>{t('partners.intro')}</p>
      <Form method="get" className="card filter-form" aria-label={t('partners.filterLabel')}>
        <div className="form-grid">
          <SelectField
            label={t('partners.fields.kind')}
            name="kind"
            defaultValue={filters.kind}
            placeholder={t('all')}
            options={REFERRAL_KINDS.map((kind) => ({ value: kind, label: t(`codes:referralKind.${kind}`) }))}
          />
          <SelectField
            label={t('partners.fields.district')}
            name="district"
            defaultValue={filters.district}
            placeholder={t('all')}
            options={districts}
          />
          <SelectField
            label={t('partners.fields.language')}
            name="language"
            defaultValue={filters.language}
            placeholder={t('all')}
            options={languages}
          />
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
      </Form>
      <div
        className="table-wrap"
        tabIndex={0}
        role="region"
        aria-label={t('partners.count', { count: partners.length })}
      >
        <table>
          <caption>{t('partners.count', { count: partners.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('partners.fields.name')}</th>
              <th scope="col">{t('partners.fields.kind')}</th>
              <th scope="col">{t('partners.fields.district')}</th>
              <th scope="col">{t('partners.fields.languages')}</th>
              <th scope="col">{t('partners.contact')}</th>
              <th scope="col">{t('partners.fields.active')}</th>
            </tr>
          </thead>
          <tbody>
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
          </tbody>
        </table>
      </div>
      {partners.length === 0 ? <p>{t('partners.none')}</p> : null}
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
