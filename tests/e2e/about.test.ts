import { demo, expectNoAxeViolations, login } from './utils.ts'
import { expect, test } from './fixtures.ts'

test('the about page is reachable from the footer, signed out and signed in, in both languages', async ({
  page,
}) => {
  await page.goto('/login')
  await page.getByRole('contentinfo').getByRole('link', { name: 'Über Wegbegleiter' }).click()
  await expect(page).toHaveURL(/\/about$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Über Wegbegleiter' })).toBeVisible()
  await expect(page.getByRole('heading', { level: 2, name: 'Datenschutz' })).toBeVisible()
  await expect(page.getByRole('table', { name: 'Wichtige Bestandteile und ihre Lizenzen' })).toBeVisible()
  await expectNoAxeViolations(page)

  await login(page, demo('beratung.eae'), { at: '/about' })
  await page.getByRole('button', { name: 'English' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'About Wegbegleiter' })).toBeVisible()
  await expect(page.getByRole('heading', { level: 2, name: 'Data protection' })).toBeVisible()
  await expectNoAxeViolations(page)
})
