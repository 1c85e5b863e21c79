// Accessibility (issue 8 part 5): axe on every page of the route manifest in every role, a
// keyboard-only walk through workflow 1 (PRODUCT.md §4) and reflow at 320 px / 200 % zoom.
import { expect, test, type Page } from '@playwright/test'
import { activate, chooseOption, chooseRadio, invisibleFocus, tick, typeInto } from './a11y-keyboard.ts'
import { arrangeRouteParams, axeViolations, fillPattern, routeInventory } from './a11y-routes.ts'
import { insertCase } from './db.ts'
import { demo, expectNoAxeViolations, login, withUnusedCode } from './utils.ts'

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

test.describe('axe on every page of the route manifest', () => {
  // Each role's pages in two halves (the case file's sub-pages and the rest) so that they run in parallel.
  const isCasePage = (pattern: string) => pattern.startsWith('/cases/:caseId')
  const groups = [
    { name: 'case file pages', filter: isCasePage },
    { name: 'other pages', filter: (pattern: string) => !isCasePage(pattern) },
  ]
  for (const role of ROLES) {
    for (const group of role.account ? groups : groups.slice(1)) {
      test(`${group.name} have no WCAG 2.1 A/AA violations — ${role.name}`, async ({ page, baseURL }) => {
        test.setTimeout(150_000)
        const { pages } = routeInventory()
        expect(pages.length).toBeGreaterThan(20)
        const params = arrangeRouteParams(baseURL)
        if (role.account) await login(page, demo(role.account))

        const unvisited: string[] = []
        const failures: string[] = []
        const seen: string[] = []
        // The 403/404 page is one component: checked with axe once per status, then only its status and h1.
        const checkedErrorPages = new Set<number>()
        for (const route of pages) {
          if (!group.filter(route.pattern) || SKIPPED_PAGES[route.id]) continue
          if (!role.account && !PUBLIC_PAGES.has(route.id)) continue
          const url = fillPattern(route.pattern, params)
          if (!url) {
            unvisited.push(`${route.id} (${route.pattern})`)
            continue
          }
          const response = await page.goto(url)
          const status = response?.status() ?? 0
          // 403/404 are the answer for pages a role may not see; the error page must be accessible too.
          if (![200, 403, 404].includes(status)) {
            failures.push(`${url}: HTTP ${status}`)
            continue
          }
          const headings = await page.locator('h1').count()
          if (headings !== 1) failures.push(`${url} [${status}] ${headings} h1 elements (one expected)`)
          if (status === 200 || !checkedErrorPages.has(status)) {
            checkedErrorPages.add(status)
            for (const violation of await axeViolations(page))
              failures.push(`${url} [${status}] ${violation}`)
          }
          seen.push(`${status} ${url} → ${new URL(page.url()).pathname}`)
        }
        test.info().annotations.push({ type: 'visited', description: seen.join('\n') })
        expect(
          unvisited,
          'pages in the route manifest that are neither visited nor in SKIPPED_PAGES',
        ).toEqual([])
        expect(failures).toEqual([])
      })
    }
  }

  test('anonymous visitors are sent to the sign-in page from every non-public page', async ({ request }) => {
    const { pages } = routeInventory()
    const params = {
      caseId: 'x',
      contactId: 'x',
      consentId: 'x',
      referralId: 'x',
      mediationId: 'x',
      documentId: 'x',
      partnerId: 'x',
      userId: 'x',
      teamId: 'x',
      templateId: 'x',
    }
    const wrong: string[] = []
    for (const route of pages.filter((r) => !PUBLIC_PAGES.has(r.id) && !SKIPPED_PAGES[r.id])) {
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

  test('the skip-list names only routes that exist', () => {
    const ids = new Set(routeInventory().pages.map((r) => r.id))
    expect(Object.keys(SKIPPED_PAGES).filter((id) => !ids.has(id))).toEqual([])
  })
})

const PSZ_GREIFSWALD = 'Psychosoziales Zentrum für Geflüchtete Greifswald'

test('workflow 1 with the keyboard only: new client and case, first contact with Arabic phone mediation, consent, referral', async ({
  page,
}) => {
  test.setTimeout(120_000)
  await page.goto('/login')
  // The skip link is the first stop, visible when focused, and moves focus to the main content.
  await page.keyboard.press('Tab')
  const skip = page.getByRole('link', { name: /Zum Inhalt|Skip to content|Hauptinhalt/ })
  await expect(skip).toBeFocused()
  await expect(skip).toBeInViewport()
  expect(await invisibleFocus(page)).toBeNull()
  await page.keyboard.press('Enter')
  await expect(page.locator('main')).toBeFocused()

  await typeInto(page, page.getByLabel('E-Mail-Adresse'), demo('beratung.eae'))
  await typeInto(page, page.getByLabel('Passwort'), 'Wegbegleiter-Demo-2026')
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/\/login\/verify/)
  await withUnusedCode(page, demo('beratung.eae'), async (code) => {
    await typeInto(page, page.getByLabel('Code aus der Authenticator-App'), code)
    await page.keyboard.press('Enter')
    await expect(page).not.toHaveURL(/\/login/)
  })

  // New client and case
  await activate(
    page,
    page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Neuer Fall' }),
  )
  await expect(
    page.getByRole('heading', { level: 1, name: 'Neue Klientin / neuer Klient und Fall' }),
  ).toBeVisible()
  await typeInto(page, page.getByLabel('Geburtsjahr'), '1991')
  await chooseOption(page, page.getByLabel('Geschlecht'), { label: 'weiblich' })
  await chooseOption(page, page.getByLabel('Staatsangehörigkeit (optional)'), { value: 'SY' })
  await tick(page, page.getByRole('checkbox', { name: 'Arabisch (Levantinisch)' }))
  await chooseOption(page, page.getByLabel('Aufenthaltsstatus', { exact: true }), {
    label: 'Aufenthaltsgestattung (§ 55 AsylG)',
  })
  await chooseOption(page, page.getByLabel('Programm / Förderung'), { label: 'Flüchtlingsberatung' })
  await chooseOption(page, page.getByLabel('Art des Falls'), { label: 'Case Management' })
  await chooseOption(page, page.getByLabel('Zugangsweg'), { label: 'Verweis aus der EAE' })
  await chooseOption(page, page.getByLabel('Deutschkenntnisse'), { label: 'keine Kenntnisse' })
  await activate(page, page.getByRole('button', { name: 'Fall anlegen' }))
  await expect(page).toHaveURL(/\/cases\/[^/]+\?created=1$/)
  const caseId = new URL(page.url()).pathname.split('/')[2]!

  // First contact; the language-mediation request is made from the contact form and leads back.
  const tabs = page.getByRole('navigation', { name: 'Bereiche der Fallakte' })
  await activate(page, tabs.getByRole('link', { name: 'Kontakt erfassen' }))
  await expect(page.getByRole('heading', { level: 2, name: 'Neuer Kontakt' })).toBeVisible()
  const requestLink = page.getByRole('main').getByRole('link', { name: 'Sprachmittlung anfragen' })
  await activate(page, requestLink)
  await expect(page.getByRole('heading', { level: 2, name: 'Sprachmittlung anfragen' })).toBeVisible()
  await chooseOption(page, page.getByLabel('Sprache', { exact: true }), { value: 'arb' })
  await chooseOption(page, page.getByLabel('Form', { exact: true }), { value: 'PHONE' })
  await chooseOption(page, page.getByLabel('Anbieter aus dem Partnerverzeichnis'), {
    label: 'Sprachmittlungspool Schwerin',
  })
  await typeInto(page, page.getByLabel(/Kennung der Sprachmittlerin/), 'SM-0412')
  await activate(page, page.getByRole('button', { name: 'Anfrage speichern' }))
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}/contacts/new\\?mediationId=`))

  await chooseOption(page, page.getByLabel('Form des Kontakts'), { value: 'PHONE' })
  await typeInto(page, page.getByLabel('Dauer in Minuten'), '30')
  await chooseOption(page, page.getByLabel('Verwendete Sprache'), { value: 'arb' })
  await chooseOption(page, page.getByLabel('Sprachmittlung', { exact: true }), { value: 'PROFESSIONAL' })
  await expect(page.getByLabel('Sprachmittlungseinsatz verknüpfen')).not.toHaveValue('')
  await tick(page, page.getByRole('checkbox', { name: 'Wohnen' }))
  await activate(page, page.getByRole('button', { name: 'Kontakt speichern' }))
  await expect(page.getByText('Der Kontakt wurde gespeichert.')).toBeVisible()

  // Consent for the psychosocial centre
  // The case file has no tab for consents and referrals: their addresses are opened directly.
  await page.goto(`/cases/${caseId}/consents`)
  await activate(page, page.getByRole('link', { name: 'Schweigepflichtentbindung erfassen' }))
  await expect(
    page.getByRole('heading', { level: 2, name: 'Schweigepflichtentbindung erfassen' }),
  ).toBeVisible()
  const recipient = page.getByRole('radio', { name: 'ein bestimmter Partner' })
  await chooseRadio(page, page.locator('fieldset').filter({ has: recipient }), recipient)
  await chooseOption(page, page.getByLabel('Partner', { exact: true }), {
    label: `${PSZ_GREIFSWALD} (Psychosoziales Zentrum)`,
  })
  await typeInto(page, page.getByLabel('Zweck'), 'Anmeldung zur psychosozialen Beratung')
  await tick(page, page.getByLabel('Identität (Name, Geburtsdatum)'))
  await tick(page, page.getByLabel('Gesundheit'))
  await chooseOption(page, page.getByLabel('Form', { exact: true }), { value: 'WRITTEN' })
  await chooseOption(page, page.getByLabel('Sprache der Erklärung'), { value: 'arb' })
  await activate(page, page.getByRole('button', { name: 'Speichern', exact: true }))
  await expect(page.getByText('Die Schweigepflichtentbindung wurde gespeichert.')).toBeVisible()

  // Referral to the psychosocial centre
  await page.goto(`/cases/${caseId}/referrals`)
  await activate(page, page.getByRole('link', { name: 'Neue Vermittlung' }))
  await chooseOption(page, page.getByLabel('Partner', { exact: true }), {
    label: `${PSZ_GREIFSWALD} (Psychosoziales Zentrum)`,
  })
  await chooseOption(page, page.getByLabel('Art der Vermittlung'), { value: 'PSYCHOSOCIAL_CENTRE' })
  const withData = page.getByRole('radio', { name: 'mit Daten' })
  await chooseRadio(page, page.locator('fieldset').filter({ has: withData }), withData)
  await tick(page, page.getByLabel('Gesundheit'))
  await activate(page, page.getByRole('button', { name: 'Vermittlung speichern' }))
  await expect(
    page.getByRole('heading', { level: 2, name: `Vermittlung an ${PSZ_GREIFSWALD}` }),
  ).toBeVisible()
  await expectNoAxeViolations(page)
})

test.describe('reflow at 320 CSS px and 200 % zoom', () => {
  async function mainPages(page: Page, baseURL: string | undefined) {
    const { caseId } = insertCase(baseURL, { counsellor: 'leitung.eae' })
    return [
      '/',
      '/cases',
      '/cases/new',
      `/cases/${caseId}`,
      `/cases/${caseId}/contacts/new`,
      '/team',
      '/statistics',
    ]
  }

  /** Problems on the current page: page-level horizontal scrolling, unreachable table scrollers. */
  async function reflowProblems(page: Page, width: number) {
    return page.evaluate((width) => {
      const problems: string[] = []
      const doc = document.documentElement
      if (doc.scrollWidth > width + 1) {
        // the outermost elements that stick out: their parent still fits
        const wide = [...document.querySelectorAll<HTMLElement>('body *')]
          .filter(
            (el) =>
              el.getBoundingClientRect().right > width + 1 &&
              (el.parentElement?.getBoundingClientRect().right ?? 0) <= width + 1,
          )
          .filter((el) => !el.parentElement?.closest('.table-wrap'))
          .slice(0, 5)
          .map(
            (el) =>
              `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].join('.')} in ${el.parentElement?.tagName.toLowerCase()}.${[...(el.parentElement?.classList ?? [])].join('.')}`,
          )
        problems.push(`page scrolls horizontally (${doc.scrollWidth} px): ${wide.join(', ')}`)
      }
      for (const wrap of document.querySelectorAll<HTMLElement>('.table-wrap')) {
        if (wrap.scrollWidth <= wrap.clientWidth + 1) continue
        const named = wrap.getAttribute('aria-label') || wrap.getAttribute('aria-labelledby')
        if (wrap.tabIndex !== 0 || !named)
          problems.push(
            `scrolling table not keyboard-reachable: ${wrap.querySelector('caption')?.textContent ?? wrap.outerHTML.slice(0, 60)}`,
          )
      }
      return problems
    }, width)
  }

  test('no horizontal page scrolling at 320 px; scrolling tables are focusable regions', async ({
    page,
    baseURL,
  }) => {
    test.setTimeout(60_000)
    await login(page, demo('leitung.eae'))
    await page.setViewportSize({ width: 320, height: 800 })
    const problems: string[] = []
    for (const url of await mainPages(page, baseURL)) {
      await page.goto(url)
      for (const problem of await reflowProblems(page, 320)) problems.push(`${url}: ${problem}`)
    }
    expect(problems).toEqual([])
  })

  test('at 200 % zoom the main navigation wraps and the header tools stay inside the page', async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(60_000)
    const context = await browser.newContext({
      viewport: { width: 640, height: 400 },
      deviceScaleFactor: 2,
      locale: 'de-DE',
    })
    const page = await context.newPage()
    await login(page, demo('leitung.eae'))
    const problems: string[] = []
    for (const url of await mainPages(page, baseURL)) {
      await page.goto(url)
      for (const problem of await reflowProblems(page, 640)) problems.push(`${url}: ${problem}`)
      const clipped = await page.evaluate(() => {
        const out: string[] = []
        for (const el of document.querySelectorAll<HTMLElement>('.main-nav a, .header-tools > *')) {
          const box = el.getBoundingClientRect()
          if (box.width === 0 || box.left < 0 || box.right > document.documentElement.clientWidth + 1)
            out.push(el.textContent?.trim() ?? '')
          if (el.closest('.main-nav') && box.bottom > 0) {
            const clipper = el.closest('ul')!
            if (
              getComputedStyle(clipper).overflow !== 'visible' &&
              clipper.scrollWidth > clipper.clientWidth + 1
            )
              out.push(`nav clipped: ${el.textContent}`)
          }
        }
        return out
      })
      for (const item of clipped) problems.push(`${url}: not fully visible: ${item}`)
    }
    await context.close()
    expect(problems).toEqual([])
  })
})
