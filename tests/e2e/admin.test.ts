import { expect, test } from '@playwright/test'
import { demo, enrolInBrowser, expectNoAxeViolations, login, logout } from './utils.ts'

test('an administrator adds a counsellor who must change the temporary password', async ({ page }) => {
  const email = `neu.${Date.now()}@e2e.test`
  await login(page, demo('admin'))
  await page.goto('/admin/users')
  await expectNoAxeViolations(page)
  await page.getByRole('link', { name: 'Neuen Benutzer anlegen' }).click()
  await expectNoAxeViolations(page)
  await page.getByLabel('Anzeigename').fill('Nora Neu')
  await page.getByLabel('E-Mail-Adresse').fill('not-an-email')
  await page.getByLabel('Rolle').selectOption('COUNSELLOR')
  await page.getByLabel('Team', { exact: true }).selectOption({ label: 'Beratungsstelle Rostock' })
  await page.getByRole('button', { name: 'Benutzer anlegen' }).click()
  await expect(page.getByText('Bitte geben Sie eine gültige E-Mail-Adresse ein.')).toBeVisible()
  await expect(page.getByLabel('Anzeigename')).toHaveValue('Nora Neu')
  await page.getByLabel('E-Mail-Adresse').fill(email)
  await page.getByRole('button', { name: 'Benutzer anlegen' }).click()
  await expect(page.getByText('Der Benutzer wurde angelegt.')).toBeVisible()
  const temporaryPassword = (await page.locator('.alert-success strong.code').textContent())!.trim()
  await logout(page)

  await login(page, email, temporaryPassword)
  await expect(page).toHaveURL(/\/settings\/password/)
  await page.getByLabel('Aktuelles Passwort').fill(temporaryPassword)
  await page.getByLabel('Neues Passwort', { exact: true }).fill('Noras eigene Passphrase 2026')
  await page.getByLabel('Neues Passwort wiederholen').fill('Noras eigene Passphrase 2026')
  await page.getByRole('button', { name: 'Passwort ändern' }).click()
  // a second factor is required for everyone who sees cases: set up before anything else
  await expect(page).toHaveURL(/\/settings\/security/)
  await enrolInBrowser(page)
  await page.getByRole('link', { name: 'Weiter', exact: true }).click()
  await expect(page.getByText('Willkommen, Nora Neu')).toBeVisible()
})

test('teams and catalogues pages are accessible and editable', async ({ page }) => {
  await login(page, demo('admin'))
  await page.goto('/admin/teams')
  await expect(page.getByRole('table', { name: 'Teams (Beratungsstellen)' })).toContainText('Beratungsstelle Greifswald')
  await expectNoAxeViolations(page)
  await page.getByRole('link', { name: 'Beratungsstelle Greifswald' }).click()
  await expectNoAxeViolations(page)
  await page.goto('/admin/catalogues?catalogue=RESIDENCE_STATUS')
  await expect(page.getByRole('table')).toContainText('Aufenthaltsgestattung')
  await expectNoAxeViolations(page)
})
