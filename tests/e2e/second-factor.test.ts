// The second factor in the browser: enrolment at the first sign-in (QR code, the secret as text,
// a first code, ten recovery codes), the code after the password, a recovery code, without JavaScript.
import type { Page } from '@playwright/test'
import { stepOf, totpAt } from '../totp-reference.ts'
import { insertUser } from './db.ts'
import { expect, test } from './fixtures.ts'
import { demo, DEMO_PASSWORD, enrolInBrowser, enterCode, expectNoAxeViolations, login, logout } from './utils.ts'

async function password(page: Page, email: string) {
  await page.goto('/login')
  await page.getByLabel('E-Mail-Adresse').fill(email)
  await page.getByLabel('Passwort').fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Anmelden' }).click()
}

test('a counsellor without a second factor sets it up at sign-in, then signs in with a code and with a recovery code', async ({ page, baseURL }) => {
  // three sign-ins through the pages and five axe runs (each adds to the budget itself)
  test.slow()
  // an account of its own without a second factor: the sign-in leads to the enrolment
  const user = insertUser(baseURL, { secondFactor: false })
  await password(page, user.email)
  await expect(page).toHaveURL(/\/settings\/security/)
  await expect(page.getByText('Für Ihr Konto ist ein zweiter Faktor vorgeschrieben.')).toBeVisible()
  // nothing else is open before the enrolment
  await page.goto('/cases')
  await expect(page).toHaveURL(/\/settings\/security/)
  await expect(page.getByRole('navigation', { name: 'Hauptnavigation' })).toHaveCount(0)
  await expectNoAxeViolations(page)

  const { secret, recoveryCodes } = await enrolInBrowser(page)
  await expectNoAxeViolations(page)
  await page.getByRole('link', { name: 'Weiter', exact: true }).click()
  await expect(page.getByRole('navigation', { name: 'Hauptnavigation' })).toBeVisible()
  await logout(page)

  // the code step: a wrong code gets a clear message next to the field, the right one signs in
  await password(page, user.email)
  await expect(page).toHaveURL(/\/login\/verify/)
  const field = page.getByLabel('Code aus der Authenticator-App')
  await expect(field).toHaveAttribute('autocomplete', 'one-time-code')
  await expect(field).toHaveAttribute('inputmode', 'numeric')
  await expectNoAxeViolations(page)
  await field.fill(totpAt(secret, stepOf() - 5))
  await page.getByRole('button', { name: 'Bestätigen' }).click()
  await expect(page.getByText('Der Code ist falsch, abgelaufen oder wurde schon verwendet.')).toBeVisible()
  await expect(field).toHaveAttribute('aria-invalid', 'true')
  await field.fill(totpAt(secret, stepOf() + 1))
  await page.getByRole('button', { name: 'Bestätigen' }).click()
  await expect(page).toHaveURL(/\/$/)
  await logout(page)

  // a lost phone: a recovery code signs in once and the page says how many are left
  await password(page, user.email)
  await page.getByText('Kein Zugriff auf die App?').click()
  await page.getByLabel('Wiederherstellungscode').fill(recoveryCodes[0]!)
  await page.getByRole('button', { name: 'Mit Wiederherstellungscode anmelden' }).click()
  await expect(page).toHaveURL(/\/settings\/security/)
  await expect(page.getByText('Es sind noch 9 Codes übrig')).toBeVisible()
  await expectNoAxeViolations(page)
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })
  test('password and code sign in', async ({ page, baseURL }) => {
    // an account of its own: a form sign-in uses up a code step, which the demo accounts' shared sessions need
    const user = insertUser(baseURL)
    await password(page, user.email)
    await enterCode(page, user.email)
    await expect(page.getByText(`Willkommen, ${user.displayName}`)).toBeVisible()
  })

  test('the enrolment at the first sign-in shows the recovery codes once and completes the sign-in', async ({ page, baseURL }) => {
    // axe needs scripts: the same pages are checked with JavaScript in the first test
    const user = insertUser(baseURL, { secondFactor: false })
    await password(page, user.email)
    await expect(page).toHaveURL(/\/settings\/security/)
    // confirming ends the half session: the codes come with the page the new session is sent to
    const { recoveryCodes } = await enrolInBrowser(page)
    expect(new Set(recoveryCodes).size).toBe(10)
    const shownAt = page.url()
    await page.reload()
    await expect(page.getByRole('heading', { level: 1, name: 'Sicherheit: zweiter Faktor' })).toBeVisible()
    await expect(page.getByText(/Eingerichtet seit/)).toBeVisible()
    await expect(page.locator('ol.recovery-codes')).toHaveCount(0)
    await page.goto(shownAt)
    await expect(page.locator('ol.recovery-codes')).toHaveCount(0)
    // signed in in full
    await page.goto('/')
    await expect(page.getByText(`Willkommen, ${user.displayName}`)).toBeVisible()
  })
})

test('the security settings and the administration pages are accessible', async ({ page }) => {
  await login(page, demo('admin'), { at: '/settings/security' })
  await expect(page.getByRole('heading', { level: 1, name: 'Sicherheit: zweiter Faktor' })).toBeVisible()
  await expect(page.getByText(/Eingerichtet seit/)).toBeVisible()
  await expectNoAxeViolations(page)
  await page.goto('/admin/security')
  await expect(page.getByRole('table', { name: /Aktive Konten mit eingerichtetem zweitem Faktor/ })).toBeVisible()
  await expectNoAxeViolations(page)
  await page.goto('/admin/users')
  await page.getByRole('link', { name: 'Bilal Berater' }).click()
  await expect(page.getByRole('heading', { name: 'Zweiten Faktor zurücksetzen' })).toBeVisible()
  await expectNoAxeViolations(page)
})
