// The sign-in form is this file's subject: its tests sign in through it (`loginThroughForm`), and a
// test that locks, expires or changes an account makes an account of its own (a retry starts clean).
import { extendBudget, STEP_QUIET_MS } from './budget.ts'
import { e2eDatabase, insertUser, sqliteDate } from './db.ts'
import { expect, test } from './fixtures.ts'
import { demo, DEMO_PASSWORD, expectNoAxeViolations, login, loginThroughForm, logout } from './utils.ts'

test('the sign-in page is German by default and accessible', async ({ page }) => {
  await page.goto('/login')
  await expect(page.locator('html')).toHaveAttribute('lang', 'de')
  await expect(page.getByRole('heading', { level: 1, name: 'Anmelden' })).toBeVisible()
  await expectNoAxeViolations(page)
})

// Accounts of their own, one per role: a sign-in through the form takes a code step of the account,
// which the demo accounts' shared sessions of both workers need too (docs/performance.md, "Test
// suite", session 17).
for (const [account, role] of [
  ['ADMIN', 'Administration'],
  ['TEAM_LEAD', 'Teamleitung'],
  ['COUNSELLOR', 'Berater/in'],
] as const) {
  test(`${role} signs in and out; the start page is accessible`, async ({ page, baseURL }) => {
    await loginThroughForm(page, insertUser(baseURL, { role: account }).email)
    await expect(page.getByText(`(${role},`)).toBeVisible()
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    await expectNoAxeViolations(page)
    await logout(page)
    await expect(page.getByText('Sie wurden abgemeldet.')).toBeVisible()
    await page.goto('/')
    await expect(page).toHaveURL(/\/login/)
  })
}

test('a wrong password gets one generic message and keeps the email', async ({ page }) => {
  await page.goto('/login')
  await page.getByLabel('E-Mail-Adresse').fill(demo('beratung.rostock'))
  await page.getByLabel('Passwort').fill('not-the-password')
  await page.getByRole('button', { name: 'Anmelden' }).click()
  await expect(page.getByRole('alert')).toContainText('E-Mail-Adresse oder Passwort ist falsch')
  await expect(page.getByLabel('E-Mail-Adresse')).toHaveValue(demo('beratung.rostock'))
  await expect(page.getByLabel('Passwort')).toHaveValue('')
})

test('five wrong passwords lock the account, even against the right one', async ({ page, baseURL }) => {
  const { email } = insertUser(baseURL)
  for (let attempt = 0; attempt < 5; attempt++) {
    extendBudget(STEP_QUIET_MS.signIn)
    await page.goto('/login')
    await page.getByLabel('E-Mail-Adresse').fill(email)
    await page.getByLabel('Passwort').fill(`wrong-${attempt}`)
    await page.getByRole('button', { name: 'Anmelden' }).click()
    await expect(page.getByRole('alert')).toBeVisible()
  }
  extendBudget(STEP_QUIET_MS.signIn)
  await page.goto('/login')
  await page.getByLabel('E-Mail-Adresse').fill(email)
  await page.getByLabel('Passwort').fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Anmelden' }).click()
  await expect(page.getByRole('alert')).toContainText('vorübergehend gesperrt')
  await expect(page).toHaveURL(/\/login/)
})

test('a session idle for more than 30 minutes ends', async ({ page, baseURL }) => {
  const { email } = insertUser(baseURL)
  await login(page, email)
  // The server's clock decides, so the session's last activity is moved 31 minutes into the past.
  const db = e2eDatabase(baseURL)
  db.prepare(`UPDATE "Session" SET "lastSeenAt" = ? WHERE "userId" = (SELECT id FROM "User" WHERE email = ?)`).run(
    sqliteDate(new Date(Date.now() - 31 * 60 * 1000)),
    email,
  )
  db.close()
  await page.goto('/')
  await expect(page).toHaveURL(/\/login\?reason=expired/)
  await expect(page.getByText('Ihre Sitzung ist abgelaufen.')).toBeVisible()
})

test('a counsellor is refused from the administration', async ({ page }) => {
  const response = await login(page, demo('beratung.eae'), { at: '/admin/users' })
  expect(response?.status()).toBe(403)
  await expect(page.getByRole('heading', { name: 'Kein Zugriff' })).toBeVisible()
})

test('the language switch changes the interface to English and stays', async ({ page }) => {
  await page.goto('/login')
  await page.getByRole('button', { name: 'English' }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible()
  await page.reload()
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible()
  await page.getByRole('button', { name: 'Deutsch' }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'de')
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })
  test('sign-in and sign-out work', async ({ page, baseURL }) => {
    const user = insertUser(baseURL, { teamName: 'Beratungsstelle Rostock' })
    await loginThroughForm(page, user.email)
    await expect(page.getByText(`Willkommen, ${user.displayName}`)).toBeVisible()
    await logout(page)
  })
})

test('an initial password must be changed before anything else', async ({ page, baseURL }) => {
  const { email } = insertUser(baseURL, { mustChangePassword: true })
  await loginThroughForm(page, email)
  await expect(page).toHaveURL(/\/settings\/password/)
  await page.goto('/')
  await expect(page).toHaveURL(/\/settings\/password/)
  await page.getByLabel('Aktuelles Passwort').fill(DEMO_PASSWORD)
  await page.getByLabel('Neues Passwort', { exact: true }).fill('short')
  await page.getByLabel('Neues Passwort wiederholen').fill('short')
  await page.getByRole('button', { name: 'Passwort ändern' }).click()
  await expect(page.getByText('Mindestens 12 Zeichen.').first()).toBeVisible()
  await page.getByLabel('Aktuelles Passwort').fill(DEMO_PASSWORD)
  await page.getByLabel('Neues Passwort', { exact: true }).fill('a much better passphrase')
  await page.getByLabel('Neues Passwort wiederholen').fill('a much better passphrase')
  await page.getByRole('button', { name: 'Passwort ändern' }).click()
  await expect(page).toHaveURL(/\/$/)
})
