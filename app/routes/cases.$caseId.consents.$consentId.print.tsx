import { type HeadersFunction, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { useHydrated } from 'remix-utils/use-hydrated'
import { BilingualDocument } from '#app/components/bilingual-document.tsx'
import { ConsentDocument } from '#app/components/consent-document.tsx'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { printFontLinks } from '#app/components/print-fonts.ts'
import { Button } from '#app/components/ui/button.tsx'
import { requireCaseForRoute } from '#app/models/case-access.server.ts'
import { consentDocument } from '#app/models/consent-print.server.ts'
import { getConsent, printFacts } from '#app/models/consent.server.ts'
import { createI18nInstance, getFixedT } from '#app/utils/i18n.server.ts'
import { languageName } from '#app/utils/iso.server.ts'
import { notFound } from '#app/utils/request.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.title ?? ''} · Wegbegleiter` },
]

export const links: LinksFunction = () => printFontLinks

// A filled-in consent or privacy paper names the client's code and what is passed on: never cached.
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, kase } = await requireCaseForRoute({ request, params }, 'read')
  const consent = await getConsent(kase.id, params.consentId ?? '', { userId: user.id })
  if (!consent) notFound()
  // The signed paper is the legal document; it is printed in German unless the client reads English better.
  const documentLanguage = new URL(request.url).searchParams.get('lang') === 'en' ? 'en' : 'de'
  const t = await getFixedT(request, 'referrals')
  const facts = await printFacts(kase.id, consent.id)
  const german = await createI18nInstance('de')
  // Consents recorded with a template print bilingually from the versions they were given with.
  const bilingual = await consentDocument(kase, consent, {
    pseudonymCode: facts.pseudonymCode,
    counsellorName: facts.counsellorName,
    recipientKindLabel: consent.recipientKind ? german.t(`codes:referralKind.${consent.recipientKind}`) : null,
  })
  return {
    bilingual,
    title: t('consents.printTitle'),
    caseId: kase.id,
    documentLanguage,
    consent,
    ...facts,
    languageLabel: consent.languageCode ? languageName(consent.languageCode, documentLanguage) : '',
  }
}

export default function PrintConsentPage() {
  const { t } = useTranslation('referrals')
  const hydrated = useHydrated()
  const loaderData = useLoaderData<typeof loader>()
  const { caseId, consent, documentLanguage, bilingual } = loaderData
  return (
    <section className="stack" aria-labelledby="consent-document-title">
      <div className="no-print stack">
        <p className="muted">{bilingual ? t('consentTexts:print.intro') : t('consents.printIntro')}</p>
        <div className="form-actions">
          {hydrated ? (
            <Button type="button" onClick={() => window.print()}>
              {t('common:actions.print')}
            </Button>
          ) : null}
          {bilingual ? null : documentLanguage === 'de' ? (
            <Link to={`/cases/${caseId}/consents/${consent.id}/print?lang=en`} lang="en">
              {t('consents.printEnglish')}
            </Link>
          ) : (
            <Link to={`/cases/${caseId}/consents/${consent.id}/print`} lang="de">
              {t('consents.printGerman')}
            </Link>
          )}
          <Link to={`/cases/${caseId}/consents`}>{t('consents.backToList')}</Link>
        </div>
      </div>
      {bilingual ? <BilingualDocument {...bilingual} /> : <ConsentDocument {...loaderData} />}
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
