// Issue 12, findings 5 and 6, in a real browser: a sign-in never leaves the site, and after signing
// out the Back button shows no case data again (every signed-in response is `no-store`).
import { insertCase, insertUser } from './db.ts'
import { expect, test } from './fixtures.ts'
import { DEMO_PASSWORD, enterCode, login, logout } from './utils.ts'

for (const javaScriptEnabled of [false, true]) {
  test.describe(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', () => {
    test.use({ javaScriptEnabled })

    test('sign in, open a case, sign out, press Back: no case data is shown', async ({ page, baseURL }) => {
      // an account of its own: signing out ends the session, which as a demo account's shared one
      // would make the worker's next sign-in of that account take another code step
      const user = insertUser(baseURL)
      const { caseId, code } = insertCase(baseURL, { counsellor: user.email })
      await login(page, user.email, { at: `/cases/${caseId}` })
      await expect(page.getByRole('heading', { level: 1 })).toContainText(code)
      await expect(page.getByText('Fall angelegt (Status: offen)')).toBeVisible()
      await logout(page)
      await page.goBack()
      await expect(page).toHaveURL(/\/login\?/)
      await expect(page.getByRole('heading', { level: 1, name: 'Anmelden' })).toBeVisible()
      await expect(page.getByText(code)).toHaveCount(0)
      await expect(page.getByText('Fall angelegt (Status: offen)')).toHaveCount(0)
    })

    for (const [label, target] of [
      ['a tab', '/%09/evil.example'],
      ['a line break', '/%0a/evil.example'],
      ['a backslash', '/%5Cevil.example'],
    ] as const) {
      test(`a sign-in link whose target hides ${label} ends on this site's start page`, async ({ page, baseURL }) => {
        // an account of its own: each sign-in through the form uses up one 30-second code step of the account
        const user = insertUser(baseURL)
        await page.goto(`/login?redirectTo=${target}`)
        await page.getByLabel('E-Mail-Adresse').fill(user.email)
        await page.getByLabel('Passwort').fill(DEMO_PASSWORD)
        await page.getByRole('button', { name: 'Anmelden' }).click()
        // the target, cleaned, is carried through the code step
        await enterCode(page, user.email)
        await expect(page).toHaveURL(`${baseURL}/`)
        await expect(page.getByText(`Willkommen, ${user.displayName}`)).toBeVisible()
      })
    }
  })
}
