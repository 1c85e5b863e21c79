// Renders elements as a route of a static data router would, in the given language: the links of
// a component see the address (pathname, query) as they would on that page. Used by the tests that
// compare pre-built or plain links with what Remix's <Link> wrote.
import { renderToStaticMarkup } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { type RouteObject } from 'react-router-dom'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server.js'
import { createI18nInstance } from '#app/utils/i18n.server.ts'

export async function renderInRouter(language: 'de' | 'en', routes: RouteObject[], url: string) {
  const i18n = await createI18nInstance(language)
  const handler = createStaticHandler(routes)
  const context = await handler.query(new Request(`http://localhost${url}`))
  if (context instanceof Response) throw new Error('unexpected response')
  const router = createStaticRouter(handler.dataRoutes, context)
  return renderToStaticMarkup(
    <I18nextProvider i18n={i18n}>
      <StaticRouterProvider router={router} context={context} hydrate={false} />
    </I18nextProvider>,
  )
}
