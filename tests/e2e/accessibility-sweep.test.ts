// Accessibility (issue 8 part 5): axe (WCAG 2.0–2.2 A/AA) on every page of the route manifest in
// every role, at the desktop width and again at 320 CSS px, where the page must also reflow (no
// horizontal page scrolling; scrolling tables reachable). One navigation per page serves both
// widths, and axe's engine comes with every new document (`installAxe`). A role's pages are split
// into the case file's pages and the rest, so that the sweep's tests spread over both workers
// between the other tests; each worker arranges one record of every kind (the `routeSweep` fixture)
// and reuses its signed-in session per role. Each page visited and each axe run adds to the test's
// time budget.
import { fillPattern } from './a11y-routes.ts'
import { axeViolations, installAxe } from './axe.ts'
import { extendBudget, STEP_QUIET_MS } from './budget.ts'
import { expect, test } from './fixtures.ts'
import { reflowProblems } from './reflow.ts'
import { demo, login } from './utils.ts'

/**
 * Pages deliberately not visited, with the reason. Keep this short: every other page of the
 * manifest is visited in every role, and a page that is neither fails the sweep.
 */
const SKIPPED_PAGES: Record<string, string> = {}

/** Pages anyone may open without signing in. */
const PUBLIC_PAGES = new Set(['routes/login', 'routes/password.set', 'routes/about', 'routes/$'])

type Role = { name: string; account?: string }
const ROLES: Role[] = [
  { name: 'counsellor', account: 'beratung.eae' },
  { name: 'team lead', account: 'leitung.eae' },
  { name: 'administrator', account: 'admin' },
  { name: 'anonymous' },
]

const isCaseFilePage = (pattern: string) => pattern.startsWith('/cases/:caseId')
const GROUPS = [
  { name: "the case file's pages", includes: isCaseFilePage },
  { name: 'every other page', includes: (pattern: string) => !isCaseFilePage(pattern) },
]
const NARROW = { width: 320, height: 800 }

test.describe.configure({ mode: 'parallel' })

for (const role of ROLES) {
  for (const group of role.account ? GROUPS : GROUPS.slice(1)) {
    test(`${group.name}: no WCAG 2.x A/AA violations at desktop width and at 320 px — ${role.name}`, async ({
      page,
      routeSweep: sweep,
    }) => {
      expect(sweep.pages.length).toBeGreaterThan(20)
      const wide = page.viewportSize()!
      await installAxe(page)
      // signed in without a page: the loop's first page is the first one opened
      if (role.account) await login(page, demo(role.account), { at: null })

      const unvisited: string[] = []
      const failures: string[] = []
      const seen: string[] = []
      // The 403/404 page is one component: checked with axe once per status, then only its status and h1.
      const checkedErrorPages = new Set<number>()
      // A page that answers with a redirect to one this test has checked already is the same page in the
      // same state (signed in, /login and /login/verify lead to the start page): axe once per address.
      const checkedPages = new Set<string>()
      for (const route of sweep.pages) {
        if (!group.includes(route.pattern) || SKIPPED_PAGES[route.id]) continue
        if (!role.account && !PUBLIC_PAGES.has(route.id)) continue
        const url = fillPattern(route.pattern, sweep.params)
        if (!url) {
          unvisited.push(`${route.id} (${route.pattern})`)
          continue
        }
        extendBudget(STEP_QUIET_MS.pageVisit)
        const response = await page.goto(url)
        const status = response?.status() ?? 0
        // 403/404 are the answer for pages a role may not see; the error page must be accessible too.
        if (![200, 403, 404].includes(status)) {
          failures.push(`${url}: HTTP ${status}`)
          continue
        }
        const headings = await page.locator('h1').count()
        if (headings !== 1) failures.push(`${url} [${status}] ${headings} h1 elements (one expected)`)
        const reached = new URL(page.url())
        // signed in, no page leads to the sign-in page (the session this test checks the pages with is gone)
        if (role.account && reached.pathname.startsWith('/login')) failures.push(`${url}: signed out, sent to ${reached.pathname}`)
        const address = `${reached.pathname}${reached.search}`
        if (status === 200 ? !checkedPages.has(address) : !checkedErrorPages.has(status)) {
          if (status === 200) checkedPages.add(address)
          else checkedErrorPages.add(status)
          // Both widths at the width the page was opened at first: the viewport changes once per page,
          // not twice (no page reads the viewport in script, so the order does not change what is seen).
          const widths = page.viewportSize()!.width === NARROW.width ? [NARROW, wide] : [wide, NARROW]
          for (const size of widths) {
            if (page.viewportSize()!.width !== size.width) await page.setViewportSize(size)
            const where = size === NARROW ? ' at 320 px' : ''
            for (const violation of await axeViolations(page))
              failures.push(`${url} [${status}]${where}: ${violation}`)
            if (size === NARROW)
              for (const problem of await reflowProblems(page, NARROW.width))
                failures.push(`${url} [${status}] at 320 px: ${problem}`)
          }
        }
        seen.push(`${status} ${url} → ${new URL(page.url()).pathname}`)
      }
      test.info().annotations.push({ type: 'visited', description: seen.join('\n') })
      expect(unvisited, 'pages in the route manifest that are neither visited nor in SKIPPED_PAGES').toEqual(
        [],
      )
      expect(failures).toEqual([])
    })
  }
}

test('anonymous visitors are sent to the sign-in page from every non-public page', async ({
  request,
  routeSweep: sweep,
}) => {
  // Any id will do: the sign-in check comes before any lookup.
  const params = Object.fromEntries(Object.keys(sweep.params).map((name) => [name, 'x']))
  const wrong: string[] = []
  for (const route of sweep.pages.filter((r) => !PUBLIC_PAGES.has(r.id) && !SKIPPED_PAGES[r.id])) {
    const url = fillPattern(route.pattern, params)
    if (!url) {
      wrong.push(`${route.id}: no test value for a parameter of ${route.pattern}`)
      continue
    }
    const response = await request.get(url, { maxRedirects: 0 })
    const location = response.headers()['location'] ?? ''
    if (response.status() !== 302 || !location.startsWith('/login'))
      wrong.push(`${route.id}: ${response.status()} ${location}`)
  }
  expect(wrong).toEqual([])
})

test('the skip-list names only routes that exist', ({ routeSweep: sweep }) => {
  const ids = new Set(sweep.pages.map((r) => r.id))
  expect(Object.keys(SKIPPED_PAGES).filter((id) => !ids.has(id))).toEqual([])
})
