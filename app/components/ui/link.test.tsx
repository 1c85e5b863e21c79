import { Link as RemixLink, type LinkProps } from '@remix-run/react'
import { useId, type ReactNode } from 'react'
import { renderToString } from 'react-dom/server'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server.js'
import { describe, expect, test } from 'vitest'
import { Link, ServerLink } from './link.tsx'

// The server's link (decision 170) must write what Remix's <Link> writes, byte for byte, as React's
// server rendering does (renderToString, as the server renders a page), for every link it takes; a
// link it does not take is Remix's own. Rendered at a nested route, so that a relative path would resolve
// against it.
async function render(element: ReactNode) {
  const handler = createStaticHandler([{ path: '/cases/:caseId/*', element }])
  const context = await handler.query(new Request('http://localhost/cases/c1/edit?tab=2#top'))
  if (context instanceof Response) throw new Error('unexpected response')
  const router = createStaticRouter(handler.dataRoutes, context)
  return renderToString(<StaticRouterProvider router={router} context={context} hydrate={false} />)
}

const TEXT = 'Fälle & <mehr>'

function Id() {
  return <span id={useId()} />
}

// Both links in the same place of the same tree, with an id from `useId` inside and after the link.
async function both(props: LinkProps) {
  const tree = (Component: typeof RemixLink) => (
    <p>
      <Id />
      <Component {...props}>
        <Id />
        {TEXT}
      </Component>
      <Id />
    </p>
  )
  return { remix: await render(tree(RemixLink)), server: await render(tree(ServerLink as unknown as typeof RemixLink)) }
}

const PATHS = [
  '/',
  '/about',
  '/cases/c1',
  '/cases/',
  '/cases?counsellor=me',
  '/cases?status=ACTIVE&programme=MBE&page=2',
  '/team#queue-heading',
  '/clients/check#handover-requests-heading',
  '/cases?q=a b&x=%20#h?x',
  '/fälle/ä ö?x=ü#ß',
  '/a&b"c<d>',
  '/cases/c1/privacy-information/print',
]
// paths that Remix writes differently from `to`, and paths that are not absolute paths of the app
const LEFT_TO_REMIX = ['/cases?', '/cases#', '/cases?#', '/a//b', '/a/./b', '/a/../b', '/a/..', '/a/.', '/a/.?x', '?page=2', '#top', 'edit', '../x', '', '//example.org/x', 'https://example.org/x', 'mailto:a@example.org']

describe('the server link', () => {
  test('is the one the server renders (no document there), Remix’s in a browser', () => {
    expect(typeof document).toBe('undefined')
    expect(Link).toBe(ServerLink)
  })

  test.each(PATHS)('writes what Remix’s <Link> writes for %j', async (to) => {
    const { remix, server } = await both({ to })
    expect(server).toBe(remix)
    expect(server).toContain(' data-discover="true" href="')
  })

  test.each(LEFT_TO_REMIX)('leaves %j to Remix’s <Link>, with the same markup', async (to) => {
    const { remix, server } = await both({ to })
    expect(server).toBe(remix)
  })

  test.each<[string, LinkProps]>([
    ['prefetch on intent, the current page', { to: '/cases', prefetch: 'intent', 'aria-current': 'page' }],
    ['no prefetch, a class', { to: '/cases/new', prefetch: 'none', className: 'button button-primary' }],
    ['rel and a label', { to: '/cases?page=3', rel: 'next', 'aria-label': 'Weiter' }],
    ['a target after the href', { target: '_blank', to: '/cases/c1/privacy-information/print', className: 'code' }],
    ['the router’s props (no markup)', { to: '/cases/c1', replace: true, state: { a: 1 }, preventScrollReset: true, relative: 'path', viewTransition: true, onClick: () => {} }],
    ['an id, a style, data and a title', { id: 'x', to: '/x', style: { color: 'red' }, 'data-x': 'y', title: 'a "b" <c>' } as LinkProps],
    ['prefetch when rendered (left to Remix)', { to: '/cases', prefetch: 'render' }],
    ['prefetch in view (left to Remix)', { to: '/cases', prefetch: 'viewport' }],
    ['a document reload (left to Remix)', { to: '/cases', reloadDocument: true }],
    ['no discovery (left to Remix)', { to: '/cases', discover: 'none' }],
    ['a path object (left to Remix)', { to: { pathname: '/cases', search: '?a=1' } }],
  ])('writes what Remix’s <Link> writes with %s', async (_, props) => {
    const { remix, server } = await both(props)
    expect(server).toBe(remix)
  })

  test('the check fails when the markup differs (an attribute in another order)', async () => {
    const remix = await render(
      <RemixLink to="/cases" className="a">
        {TEXT}
      </RemixLink>,
    )
    const reordered = await render(
      <>
        <a data-discover="true" className="a" href="/cases">
          {TEXT}
        </a>
        {null}
      </>,
    )
    expect(reordered).not.toBe(remix)
  })
})
