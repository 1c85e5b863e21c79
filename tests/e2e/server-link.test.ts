import { expect, test } from './fixtures.ts'
import { demo, hydrated, login, recordErrors } from './utils.ts'

// On the server the app's links are written as the anchors Remix's <Link> writes (decision 170); the
// browser hydrates Remix's <Link> over them. They must behave as before: no hydration error, the main
// navigation prefetches on intent, a click navigates within the app, going back works, a click with a
// modifier key is the browser's, and without JavaScript they are ordinary links.
test('the server-written links hydrate into Remix links: prefetch, in-app navigation, back, modifier clicks', async ({
  page,
}) => {
  const errors = recordErrors(page)
  await login(page, demo('beratung.eae'), { at: '/' })
  const nav = page.getByRole('navigation', { name: 'Hauptnavigation' })
  const cases = nav.getByRole('link', { name: 'Fälle', exact: true })
  await hydrated(cases)
  const documents: string[] = []
  page.on('request', (request) => {
    if (request.resourceType() === 'document') documents.push(request.url())
  })
  await page.evaluate(() => Object.assign(window, { __sameDocument: true }))

  // prefetch="intent": the pointer resting on the link prefetches its page beside it
  await cases.hover()
  await expect(nav.locator('li:has(> a[href="/cases"]) link[rel="prefetch"]')).not.toHaveCount(0)
  await page.mouse.move(0, 0)
  await expect(nav.locator('li:has(> a[href="/cases"]) link[rel="prefetch"]')).toHaveCount(0)

  await cases.click()
  await expect(page).toHaveURL(/\/cases$/)
  await expect(cases).toHaveAttribute('aria-current', 'page')
  // a link in the page (the footer's) within the app too, then back twice
  await page.getByRole('contentinfo').getByRole('link', { name: 'Über Wegbegleiter' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Über Wegbegleiter' })).toBeVisible()
  await page.goBack()
  await expect(page).toHaveURL(/\/cases$/)
  await page.goBack()
  await expect(page).toHaveURL(/\/$/)
  await expect(nav.getByRole('link', { name: 'Start', exact: true })).toHaveAttribute('aria-current', 'page')
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true)
  expect(documents).toEqual([])

  // a click with a modifier key opens the link as the browser does
  const popup = page.context().waitForEvent('page')
  await nav.getByRole('link', { name: 'Fälle', exact: true }).click({ modifiers: ['ControlOrMeta'] })
  await (await popup).close()
  await expect(page).toHaveURL(/\/$/)
  expect(errors).toEqual([])
})

test('without JavaScript the links are ordinary links', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ locale: 'de-DE', baseURL, javaScriptEnabled: false })
  const page = await context.newPage()
  await login(page, demo('beratung.eae'), { at: '/' })
  const nav = page.getByRole('navigation', { name: 'Hauptnavigation' })
  await nav.getByRole('link', { name: 'Fälle', exact: true }).click()
  await expect(page).toHaveURL(/\/cases$/)
  await expect(nav.getByRole('link', { name: 'Fälle', exact: true })).toHaveAttribute('aria-current', 'page')
  await page.getByRole('contentinfo').getByRole('link', { name: 'Über Wegbegleiter' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Über Wegbegleiter' })).toBeVisible()
  await page.goBack()
  await expect(page).toHaveURL(/\/cases$/)
  await context.close()
})
