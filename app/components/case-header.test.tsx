import { Link, useLocation } from '@remix-run/react'
import { renderToString } from 'react-dom/server'
import { I18nextProvider, useTranslation } from 'react-i18next'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server.js'
import { describe, expect, test } from 'vitest'
import { CASE_ACTIONS, type CaseAction, type CaseRelation } from '#app/domain/access-policy.ts'
import { CASE_TAB_GROUPS, CASE_TABS, currentCaseTab } from '#app/domain/case-navigation.ts'
import { createI18nInstance } from '#app/utils/i18n.server.ts'
import { CaseHeader, CaseTabsLive, CaseTabsMarkup, type CaseHeaderData } from './case-header.tsx'

// The reference: the case tabs as the case layout rendered them before decision 107, every tab a
// Remix <Link prefetch="intent">. The plain anchors must be the same markup, byte for byte, as React's
// server rendering writes it (renderToString, as the server renders the page).
function ReferenceCaseTabs({ caseId, allowed }: { caseId: string; allowed: readonly CaseAction[] }) {
  const { t } = useTranslation('caseFile')
  const { pathname } = useLocation()
  const tabs = CASE_TABS.filter((tab) => !tab.requires || allowed.includes(tab.requires))
  const current = currentCaseTab(tabs, caseId, pathname)
  return (
    <nav aria-label={t('tabs.label')} className="case-tabs">
      {CASE_TAB_GROUPS.map(({ group, labelKey, collapsible }) => {
        const inGroup = tabs.filter((tab) => tab.group === group)
        if (inGroup.length === 0) return null
        const label = t(labelKey)
        const list = (
          <ul aria-label={label}>
            {inGroup.map((tab) => (
              <li key={tab.path}>
                <Link
                  to={tab.path ? `/cases/${caseId}/${tab.path}` : `/cases/${caseId}`}
                  prefetch="intent"
                  aria-current={tab === current ? 'page' : undefined}
                >
                  {t(tab.labelKey)}
                </Link>
              </li>
            ))}
          </ul>
        )
        return (
          <div key={group} className={`case-tab-group case-tab-group-${group}`}>
            <span
              className={
                collapsible ? 'case-tab-group-label case-tab-group-label-wide' : 'case-tab-group-label'
              }
              aria-hidden="true"
            >
              {label}
            </span>
            {collapsible ? (
              <details className="case-tab-fold" open={current?.group === group}>
                <summary>{label}</summary>
                {list}
              </details>
            ) : (
              list
            )}
          </div>
        )
      })}
    </nav>
  )
}

async function render(language: 'de' | 'en', url: string, element: JSX.Element) {
  const i18n = await createI18nInstance(language)
  const handler = createStaticHandler([{ path: '/cases/:caseId/*', element }])
  const context = await handler.query(new Request(`http://localhost${url}`))
  if (context instanceof Response) throw new Error('unexpected response')
  const router = createStaticRouter(handler.dataRoutes, context)
  return renderToString(
    <I18nextProvider i18n={i18n}>
      <StaticRouterProvider router={router} context={context} hydrate={false} />
    </I18nextProvider>,
  )
}

const header = (id: string): CaseHeaderData => ({
  id,
  pseudonymCode: 'CX9Q-GV8D-B',
  anonymised: false,
  status: 'ACTIVE',
  programme: 'MBE',
  kind: 'CASE_MANAGEMENT',
  openedAt: '2024-05-20T00:00:00.000Z',
  closedAt: null,
  closureReason: null,
  sharedForSubstitution: false,
  teamName: 'Team <Nord> & "Süd"',
  counsellorName: null,
  missingLegalBasis: true,
  missingPrivacyInfo: false,
})

describe('CaseHeader', () => {
  test('writes the tabs as the former <Link prefetch="intent"> wrote them, for every set of rights, address and language', async () => {
    const allowedSets: Array<readonly CaseAction[]> = [
      ['read'],
      ['read', 'read-confidential', 'write', 'transfer', 'reveal-identity'],
      ['read', 'write', 'assign', 'transfer'],
      CASE_ACTIONS,
      [],
    ]
    const relations: CaseRelation[] = ['assigned', 'substitute', 'emergency', 'team-lead']
    // the case id as a route parameter may be anything the address carries
    for (const caseId of ['c0ribg06gca000000000008nl', 'a&b"<c>'])
      for (const language of ['de', 'en'] as const)
        for (const rest of [
          '',
          '/',
          '/edit',
          '/contacts/new',
          '/consents/x1',
          '/transfer',
          '/subject-access',
          '/erasure/',
          '/unknown',
          '/editor',
          '/documents?x=%26#top',
        ])
          for (const [index, allowed] of allowedSets.entries()) {
            const url = `/cases/${encodeURIComponent(caseId)}${rest}`
            const relation = relations[index % relations.length]!
            const facts = { ...header(caseId), counsellorName: index % 2 ? 'Yusuf <b>' : null }
            const built = await render(
              language,
              url,
              <CaseHeader header={facts} relation={relation} allowed={allowed} />,
            )
            const reference = await render(
              language,
              url,
              <ReferenceCaseTabs caseId={caseId} allowed={allowed} />,
            )
            // the facts section before the tabs is unchanged; the tabs close the header
            const nav = built.indexOf('<nav ')
            expect(nav).toBeGreaterThan(0)
            expect(built.slice(nav)).toBe(`${reference}</div>`)
            expect(reference).toContain('data-discover="true" href="/cases/')
            // On the server the header writes the tabs as one string (decision 205); the browser's React
            // hydrates the elements onto it: both the same markup.
            expect(typeof document).toBe('undefined')
            expect(await render(language, url, <CaseTabsMarkup caseId={caseId} allowed={allowed} />)).toBe(reference)
            expect(await render(language, url, <CaseTabsLive caseId={caseId} allowed={allowed} />)).toBe(reference)
          }
  })
})
