import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Outlet, useLoaderData } from '@remix-run/react'
import { CaseHeader } from '#app/components/case-header.tsx'
import { GeneralErrorBoundary, PageHeadingTakenContext } from '#app/components/general-error-boundary.tsx'
import { PseudonymCodeCard } from '#app/components/pseudonym-code-card.tsx'
import { getCaseHeader } from '#app/models/case-file.server.ts'
import { requireCaseForRoute } from '#app/models/case-access.server.ts'
import { createI18nInstance, getLanguage } from '#app/utils/i18n.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, kase: access } = await requireCaseForRoute({ request, params }, 'read')
  const language = await getLanguage(request)
  const header = await getCaseHeader(access, user, language)
  // getFixedT(request, …) would detect the language from the cookie a second time
  const t = (await createI18nInstance(language)).getFixedT(language, 'caseFile')
  return {
    title: t('header.pageTitle', { code: header.pseudonymCode }),
    header,
    relation: access.relation,
    allowed: access.allowed,
    created: new URL(request.url).searchParams.get('created') === '1',
  }
}

export default function CaseFileLayout() {
  const { header, relation, allowed, created } = useLoaderData<typeof loader>()
  return (
    <div className="case-file">
      <CaseHeader header={header} relation={relation} allowed={allowed} />
      {created ? <PseudonymCodeCard code={header.pseudonymCode} /> : null}
      <div className="case-content">
        <PageHeadingTakenContext.Provider value={true}>
          <Outlet />
        </PageHeadingTakenContext.Provider>
      </div>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
