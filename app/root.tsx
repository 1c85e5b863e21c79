import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Links, Meta, Outlet, Scripts, ScrollRestoration, useLocation, useRouteLoaderData } from '@remix-run/react'
import { useEffect, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from './components/general-error-boundary.tsx'
import { currentNavItem, navigationFor, type NavItem } from './domain/navigation.ts'
import appStyles from './styles/app.css'
import { getUser } from './utils/auth.server.ts'
import { getEnv } from './utils/env.server.ts'
import { getLanguage } from './utils/i18n.server.ts'
import { useNonce } from './utils/nonce-provider.ts'
import { Link } from './components/ui/link.tsx'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: appStyles },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export const meta: MetaFunction = () => [{ title: 'Wegbegleiter' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, language] = await Promise.all([getUser(request), getLanguage(request)])
  return json({
    language,
    demoMode: getEnv().APP_MODE === 'demo',
    user: user
      ? { displayName: user.displayName, role: user.role, teamName: user.team.name, mustChangePassword: user.mustChangePassword, enrolmentPending: user.enrolmentPending }
      : null,
  })
}

export function useRootData() {
  return useRouteLoaderData<typeof loader>('root')
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRootData()
  const nonce = useNonce()
  const { i18n } = useTranslation()
  const language = data?.language ?? 'de'
  useEffect(() => {
    if (i18n.language !== language) void i18n.changeLanguage(language)
  }, [i18n, language])
  return (
    <html lang={language}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

function Header() {
  const data = useRootData()
  const { t } = useTranslation()
  const location = useLocation()
  const user = data?.user
  const here = `${location.pathname}${location.search}`
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <a className="brand" href="/">
          {t('appName')}
        </a>
        <div className="header-tools">
          {user ? (
            <p className="signed-in-as">
              {t('nav.signedInAs', { name: user.displayName, role: t(`codes:role.${user.role}`), team: user.teamName })}
            </p>
          ) : null}
          <Form method="post" action="/settings/language" className="inline-form">
            <input type="hidden" name="language" value={t('language.switchToLang')} />
            <input type="hidden" name="redirectTo" value={here} />
            <button type="submit" className="button button-link" lang={t('language.switchToLang')}>
              {t('language.switchTo')}
            </button>
          </Form>
          {user ? (
            <Form method="post" action="/logout" className="inline-form">
              <button type="submit" className="button button-secondary">
                {t('nav.signOut')}
              </button>
            </Form>
          ) : null}
        </div>
      </div>
      {user && !user.mustChangePassword && !user.enrolmentPending ? <MainNavigation items={navigationFor(user.role)} pathname={location.pathname} /> : null}
    </header>
  )
}

/**
 * The main navigation: a list of links on wide screens; on narrow ones a "Menu" disclosure
 * (`<details>`, so it opens without JavaScript) whose summary names the current page. One entry is
 * highlighted: the one leading towards the page (decision 035).
 */
function MainNavigation({ items, pathname }: { items: NavItem[]; pathname: string }) {
  const { t } = useTranslation()
  const current = currentNavItem(items, pathname)
  return (
    <nav aria-label={t('nav.label')} className="main-nav">
      <details className="main-nav-menu">
        <summary>
          {t('nav.menu')}
          {current ? <span className="main-nav-current"> · {t(current.labelKey)}</span> : null}
        </summary>
        <ul>
          {navigationLinks(items, current, t)}
        </ul>
      </details>
    </nav>
  )
}

// A written-out loop in a module-level function rather than a closure made in each render: V8 drops a
// per-request closure's optimised code at each full collection and compiles it again (decision 137).
function navigationLinks(items: NavItem[], current: NavItem | undefined, t: (key: string) => string) {
  const links: ReactNode[] = []
  for (const item of items)
    links.push(
      <li key={item.to}>
        <Link to={item.to} prefetch="intent" aria-current={item === current ? 'page' : undefined}>
          {t(item.labelKey)}
        </Link>
      </li>,
    )
  return links
}

function Shell({ children }: { children: ReactNode }) {
  const { t } = useTranslation()
  return (
    <>
      <a href="#main" className="skip-link">
        {t('skipToContent')}
      </a>
      <Header />
      <main id="main" tabIndex={-1} className="site-main">
        {children}
      </main>
      <footer className="site-footer">
        <p>
          {t('appName')} · {t('tagline')} · <Link to="/about">{t('footer.about')}</Link>
        </p>
      </footer>
    </>
  )
}

export default function App() {
  return (
    <Shell>
      <Outlet />
    </Shell>
  )
}

export function ErrorBoundary() {
  return (
    <Shell>
      <GeneralErrorBoundary />
    </Shell>
  )
}
