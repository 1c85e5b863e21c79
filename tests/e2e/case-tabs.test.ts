import { insertCase } from './db.ts'
import { demo, hydrated, login, recordErrors } from './utils.ts'
import { expect, test } from './fixtures.ts'

// The case tabs are plain anchors with one click handler and one intent prefetch for all (decision
// 107); they must behave as the Remix <Link prefetch="intent"> each of them was: navigate within the
// app, keep the keyboard focus on the tab, prefetch a tab's page while the pointer or the focus rests
// on it, and leave modified clicks to the browser.
test('the case tabs navigate within the app, keep the focus and prefetch on intent', async ({
  page,
  baseURL,
}) => {
  const { caseId } = insertCase(baseURL, { counsellor: 'beratung.eae' })
  // The server writes the tabs as one string of markup, the browser's React hydrates its elements onto it
  // (decision 205): a text or an element that differs would be reported here (React renders the tree anew).
  const errors = recordErrors(page)
  await login(page, demo('beratung.eae'), { at: `/cases/${caseId}` })
  const tabs = page.getByRole('navigation', { name: 'Bereiche der Fallakte' })
  await expect(tabs.getByRole('link', { name: 'Verlauf', exact: true })).toHaveAttribute(
    'aria-current',
    'page',
  )
  const documents: string[] = []
  page.on('request', (request) => {
    if (request.resourceType() === 'document') documents.push(request.url())
  })
  await page.evaluate(() => Object.assign(window, { __sameDocument: true }))
  // React has taken over the tabs (their handlers are on the elements) before the pointer moves
  await hydrated(tabs.getByRole('link').first())

  // the pointer resting on a tab prefetches its page beside it, and leaving it takes that away
  const followUps = tabs.getByRole('link', { name: 'Wiedervorlagen', exact: true })
  const followUpsPrefetch = tabs.locator(
    `li:has(> a[href="/cases/${caseId}/follow-ups"]) link[rel="prefetch"]`,
  )
  await followUps.hover()
  await expect(followUpsPrefetch).not.toHaveCount(0)
  await expect(followUpsPrefetch.first()).toHaveAttribute(
    'href',
    new RegExp(`^/cases/${caseId}/follow-ups\\.data`),
  )
  await page.mouse.move(0, 0)
  await expect(followUpsPrefetch).toHaveCount(0)

  // the focus resting on a tab does the same; Enter navigates within the app and the tab keeps the focus
  const plan = tabs.getByRole('link', { name: 'Förderplan', exact: true })
  await plan.focus()
  await expect(
    tabs.locator(`li:has(> a[href="/cases/${caseId}/plan"]) link[rel="prefetch"]`),
  ).not.toHaveCount(0)
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}/plan$`))
  await expect(plan).toHaveAttribute('aria-current', 'page')
  await expect(plan).toBeFocused()
  await expect(tabs.getByRole('link', { name: 'Verlauf', exact: true })).not.toHaveAttribute(
    'aria-current',
    'page',
  )

  // a click navigates within the app too
  await tabs.getByRole('link', { name: 'Stammdaten', exact: true }).click()
  await expect(page.getByRole('heading', { level: 2, name: 'Stammdaten bearbeiten' })).toBeVisible()
  await expect(tabs.getByRole('link', { name: 'Stammdaten', exact: true })).toHaveAttribute(
    'aria-current',
    'page',
  )
  await tabs.getByRole('link', { name: 'Verlauf', exact: true }).click()
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}$`))
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(
    true,
  )
  expect(documents).toEqual([])

  // a click with a modifier key is the browser's (a new tab or window), not the app's
  const popup = page.context().waitForEvent('page')
  await tabs.getByRole('link', { name: 'Dokumente', exact: true }).click({ modifiers: ['ControlOrMeta'] })
  await (await popup).close()
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}$`))
  expect(errors).toEqual([])
})

// The layout (and with it the tabs' intent state) stays mounted when the case changes: a tab that had
// the focus when another case was opened within the app must not keep its page prefetched, nor ignore
// a later intent, once the first case is open again.
test('the case tabs forget an intent when another case is opened within the app', async ({
  page,
  baseURL,
}) => {
  const first = insertCase(baseURL, { counsellor: 'beratung.eae' }).caseId
  const second = insertCase(baseURL, { counsellor: 'beratung.eae' }).caseId
  await login(page, demo('beratung.eae'), { at: `/cases/${first}` })
  const tabs = page.getByRole('navigation', { name: 'Bereiche der Fallakte' })
  await hydrated(tabs.getByRole('link').first())
  const prefetchOf = (caseId: string) =>
    tabs.locator(`li:has(> a[href="/cases/${caseId}/follow-ups"]) link[rel="prefetch"]`)
  await tabs.getByRole('link', { name: 'Wiedervorlagen', exact: true }).focus()
  await expect(prefetchOf(first)).not.toHaveCount(0)

  // the other case opened within the app while the tab still has the focus (no blur, no mouseleave):
  // through Remix's router (`window.__remixRouter`, what a link's click calls) — a click elsewhere would
  // move the focus or the pointer first and clear the intent the ordinary way
  const navigate = (to: string) =>
    page.evaluate(
      (path) =>
        (
          window as unknown as { __remixRouter: { navigate(to: string): Promise<void> } }
        ).__remixRouter.navigate(path),
      to,
    )
  await navigate(`/cases/${second}`)
  await expect(tabs.getByRole('link', { name: 'Wiedervorlagen', exact: true })).toHaveAttribute(
    'href',
    `/cases/${second}/follow-ups`,
  )
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
  await navigate(`/cases/${first}`)
  await expect(tabs.getByRole('link', { name: 'Verlauf', exact: true })).toHaveAttribute(
    'href',
    `/cases/${first}`,
  )
  // back on the first case: nothing prefetched without an intent, and a new intent prefetches again
  await expect(prefetchOf(first)).toHaveCount(0)
  await tabs.getByRole('link', { name: 'Wiedervorlagen', exact: true }).hover()
  await expect(prefetchOf(first)).not.toHaveCount(0)
  await page.mouse.move(0, 0)
  await expect(prefetchOf(first)).toHaveCount(0)
})
