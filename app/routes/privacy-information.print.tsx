import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { useHydrated } from 'remix-utils/use-hydrated'
import { BilingualDocument } from '#app/components/bilingual-document.tsx'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { LanguageSelectField } from '#app/components/language-select.tsx'
import { printFontLinks } from '#app/components/print-fonts.ts'
import { Button } from '#app/components/ui/button.tsx'
import { FilterForm } from '#app/components/ui/filter-form.tsx'
import { blankPrivacyDocument } from '#app/models/consent-print.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { getFixedT, getLanguage } from '#app/utils/i18n.server.ts'
import { isLanguageCode, languageChoices } from '#app/utils/iso.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

export const links: LinksFunction = () => printFontLinks

// Privacy information before a case exists (Art. 13 GDPR: at the time the data are collected), in
// the language chosen here; no client data is read, so nothing is audited.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ['COUNSELLOR', 'TEAM_LEAD'])
  const requested = new URL(request.url).searchParams.get('language') ?? ''
  const language = isLanguageCode(requested) ? requested : null
  const [t, lng, result] = await Promise.all([
    getFixedT(request, 'consentTexts'),
    getLanguage(request),
    blankPrivacyDocument(user.teamId, language),
  ])
  if (!result) throw new Response('No templates', { status: 404 })
  return { title: t('print.privacyTitle'), language: language ?? '', languages: languageChoices(lng), ...result }
}

export default function PrintBlankPrivacyInformationPage() {
  const { t } = useTranslation('consentTexts')
  const hydrated = useHydrated()
  const { language, languages, document, organisationMissing } = useLoaderData<typeof loader>()
  return (
    <div className="stack">
      <div className="no-print stack">
        <h1>{t('print.privacyTitle')}</h1>
        <p className="muted">{t('print.privacyBlankIntro')}</p>
        {organisationMissing ? <p className="alert alert-warning">{t('print.missingOrganisation')}</p> : null}
        <FilterForm className="row">
          <LanguageSelectField
            label={t('print.language')}
            hint={t('print.languageHint')}
            name="language"
            defaultValue={language}
            choices={languages}
            placeholder={t('print.germanOnly')}
          />
          <button type="submit" className="button button-secondary">
            {t('print.show')}
          </button>
        </FilterForm>
        <div className="form-actions">
          {hydrated ? (
            <Button type="button" onClick={() => window.print()}>
              {t('print.printNow')}
            </Button>
          ) : null}
          <Link to="/cases/new">{t('common:actions.cancel')}</Link>
        </div>
      </div>
      <BilingualDocument {...document} />
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
