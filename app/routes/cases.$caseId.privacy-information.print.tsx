import { type HeadersFunction, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { useHydrated } from 'remix-utils/use-hydrated'
import { BilingualDocument } from '#app/components/bilingual-document.tsx'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { printFontLinks } from '#app/components/print-fonts.ts'
import { Button } from '#app/components/ui/button.tsx'
import { requireCaseForRoute } from '#app/models/case-access.server.ts'
import { privacyDocument } from '#app/models/consent-print.server.ts'
import { clientLanguagesOfCase, privacyPrintFacts } from '#app/models/consent-template.server.ts'
import { getFixedT } from '#app/utils/i18n.server.ts'
import { notFound } from '#app/utils/request.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

export const links: LinksFunction = () => printFontLinks

// A filled-in consent or privacy paper names the client's code and what is passed on: never cached.
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' })

// The privacy information as the client was given it (the recorded versions, not today's texts), or
// today's texts to hand out when none has been recorded yet.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, kase } = await requireCaseForRoute({ request, params }, 'read')
  const facts = await privacyPrintFacts(kase.id, { userId: user.id })
  const document = facts
    ? await privacyDocument({ ...facts, id: kase.id, teamId: kase.teamId }, facts.pseudonymCode, await clientLanguagesOfCase(kase.id))
    : null
  if (!document) notFound()
  const t = await getFixedT(request, 'consentTexts')
  return { title: t('print.privacyTitle'), caseId: kase.id, document }
}

export default function PrintPrivacyInformationPage() {
  const { t } = useTranslation('consentTexts')
  const hydrated = useHydrated()
  const { caseId, document } = useLoaderData<typeof loader>()
  return (
    <section className="stack">
      <div className="no-print stack">
        <p className="muted">{t('print.intro')}</p>
        <div className="form-actions">
          {hydrated ? (
            <Button type="button" onClick={() => window.print()}>
              {t('print.printNow')}
            </Button>
          ) : null}
          <Link to={`/cases/${caseId}`}>{t('print.backToCase')}</Link>
        </div>
      </div>
      <BilingualDocument {...document} />
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
