// Phone layout (issue 16 item 3, decision 035) at 390 CSS px: the main navigation folds into a
// "Menü" disclosure that opens without JavaScript, one entry is highlighted, the case tabs come in
// three groups with the daily ones open, and the case list is a stack of cards that never scrolls
// sideways. The sweep (accessibility-sweep.test.ts) checks every page at 320 px besides.
import { insertCase } from './db.ts'
import { expect, test } from './fixtures.ts'
import { reflowProblems } from './reflow.ts'
import { demo, expectNoAxeViolations, login } from './utils.ts'

const PHONE = { width: 390, height: 844 }

test.describe('at 390 px, with and without JavaScript', () => {
  for (const javaScriptEnabled of [true, false]) {
    test(`the main navigation is a closed menu naming the current page (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async ({
      browser,
      baseURL,
    }) => {
      const context = await browser.newContext({ viewport: PHONE, locale: 'de-DE', baseURL, javaScriptEnabled })
      const page = await context.newPage()
      await login(page, demo('beratung.eae'), { at: '/cases/new' })
      const nav = page.getByRole('navigation', { name: 'Hauptnavigation' })
      const menu = nav.locator('summary')
      await expect(menu).toHaveText('Menü · Neuer Fall')
      await expect(nav.getByRole('link', { name: 'Fälle', exact: true })).toBeHidden()
      // The form's heading is on the first screen, not below ten links.
      const heading = page.getByRole('heading', { level: 1 })
      await expect(heading).toBeInViewport()

      await menu.click()
      await expect(nav.getByRole('link', { name: 'Fälle', exact: true })).toBeVisible()
      await expect(nav.locator('a[aria-current="page"]')).toHaveText(['Neuer Fall'])
      await nav.getByRole('link', { name: 'Fälle', exact: true }).click()
      await expect(page).toHaveURL(/\/cases$/)
      await expect(nav.locator('summary')).toHaveText('Menü · Fälle')
      await expect(nav.locator('a[aria-current="page"]')).toHaveText(['Fälle'])
      await context.close()
    })
  }

  test('the keyboard opens the menu and reaches its links', async ({ page }) => {
    await page.setViewportSize(PHONE)
    await login(page, demo('leitung.eae'), { at: '/' })
    const nav = page.getByRole('navigation', { name: 'Hauptnavigation' })
    await nav.locator('summary').focus()
    await page.keyboard.press('Enter')
    await page.keyboard.press('Tab')
    await expect(nav.getByRole('link', { name: 'Start', exact: true })).toBeFocused()
    await expect(nav.getByRole('link', { name: 'Start', exact: true })).toHaveAttribute('aria-current', 'page')
    await expectNoAxeViolations(page)
  })
})

test('at desktop width the navigation shows open, with one highlighted entry', async ({ page }) => {
  await login(page, demo('beratung.eae'), { at: '/cases/new' })
  const nav = page.getByRole('navigation', { name: 'Hauptnavigation' })
  await expect(nav.locator('summary')).toBeHidden()
  await expect(nav.getByRole('link', { name: 'Fälle', exact: true })).toBeVisible()
  await expect(nav.locator('a[aria-current="page"]')).toHaveText(['Neuer Fall'])
})

test('case tabs at 390 px: the file first, actions and data protection folded until needed', async ({ page, baseURL }) => {
  const { caseId } = insertCase(baseURL, { counsellor: 'leitung.eae' })
  await page.setViewportSize(PHONE)
  await login(page, demo('leitung.eae'), { at: `/cases/${caseId}` })
  const tabs = page.getByRole('navigation', { name: 'Bereiche der Fallakte' })
  await expect(tabs.getByRole('list', { name: 'Akte' }).getByRole('link', { name: 'Verlauf', exact: true })).toHaveAttribute('aria-current', 'page')
  await expect(tabs.getByRole('link', { name: 'Kontakt erfassen' })).toBeVisible()
  await expect(tabs.getByRole('link', { name: 'Übergabe' })).toBeHidden()
  await expect(tabs.getByRole('link', { name: 'Löschung (Art. 17)' })).toBeHidden()
  // All three groups within the first screen, below the case's facts.
  await expect(tabs.locator('summary', { hasText: 'Datenschutz' })).toBeInViewport()

  await tabs.locator('summary', { hasText: 'Aktionen' }).click()
  await tabs.getByRole('list', { name: 'Aktionen' }).getByRole('link', { name: 'Status', exact: true }).click()
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}/status$`))
  // The group holding the current page arrives open, its tab the only one highlighted.
  await expect(tabs.getByRole('link', { name: 'Status', exact: true })).toBeVisible()
  await expect(tabs.locator('a[aria-current="page"]')).toHaveText(['Status'])
  await expect(tabs.getByRole('link', { name: 'Löschung (Art. 17)' })).toBeHidden()
  expect(await reflowProblems(page, PHONE.width)).toEqual([])
  await expectNoAxeViolations(page)
})

test('the case list at 390 px is a stack of cards that does not scroll sideways', async ({ page, baseURL }) => {
  insertCase(baseURL, { counsellor: 'beratung.eae' })
  insertCase(baseURL, { counsellor: 'beratung.eae' })
  await page.setViewportSize(PHONE)
  await login(page, demo('beratung.eae'), { at: '/cases' })
  const row = page.locator('tbody tr').first()
  const region = page.getByRole('region', { name: /Fälle/ })
  const overflow = await region.evaluate((el) => el.scrollWidth - el.clientWidth)
  expect(overflow).toBeLessThanOrEqual(1)
  // Each value under the one before it, labelled with its column's name.
  const status = row.getByRole('cell').nth(0)
  const programme = row.getByRole('cell').nth(1)
  const statusBox = (await status.boundingBox())!
  const programmeBox = (await programme.boundingBox())!
  expect(programmeBox.y).toBeGreaterThanOrEqual(statusBox.y + statusBox.height - 1)
  expect(await status.evaluate((el) => getComputedStyle(el, '::before').content)).toBe('"Status"')
  expect(await reflowProblems(page, PHONE.width)).toEqual([])
  await expectNoAxeViolations(page)
})
