// The counsellors' waiting list a page at a time (decision 145): every waiting case of the team, the
// total and the page in the table's caption, plain links to the other pages — with and without
// JavaScript — and asking for a case on a later page brings the counsellor back to that page.
import { officeDaysAgo } from '../office-days.ts'
import { insertCase, insertTeam, insertUser, uniqueTag } from './db.ts'
import { expectNoAxeViolations, login } from './utils.ts'
import { expect, test } from './fixtures.ts'

test.slow()

for (const javaScriptEnabled of [true, false]) {
  test(`a queue of 53 cases is two pages of the waiting list, oldest first (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async ({
    browser,
    baseURL,
  }) => {
    const tag = uniqueTag()
    const team = insertTeam(baseURL, { name: `Beratungsstelle Warteliste ${tag}` })
    const counsellor = insertUser(baseURL, { teamId: team.id, displayName: `Beraterin ${tag}` })
    const codes: string[] = []
    for (let day = 60; day >= 8; day--)
      // at noon of the office day, so that '60 Tagen' holds at any hour
      codes.push(insertCase(baseURL, { teamId: team.id, openedAt: officeDaysAgo(day) }).code)

    const context = await browser.newContext({ locale: 'de-DE', baseURL, javaScriptEnabled })
    const page = await context.newPage()
    await login(page, counsellor.email, { at: '/team/waiting' })
    const table = page.getByRole('table', { name: 'Wartende Fälle 1–50 von 53, Seite 1 von 2' })
    await expect(table).toBeVisible()
    await expect(table.getByRole('row')).toHaveCount(51)
    await expect(table.getByRole('row').nth(1)).toContainText(codes[0]!)
    await expect(table.getByRole('row').nth(1)).toContainText('60 Tagen')
    const pages = page.getByRole('navigation', { name: 'Seitennavigation' })
    await expect(pages).toContainText('Seite 1 von 2')
    if (javaScriptEnabled) await expectNoAxeViolations(page) // axe runs as a script in the page

    await pages.getByRole('link', { name: 'Weiter' }).click()
    await expect(page).toHaveURL(/\/team\/waiting\?page=2$/)
    const second = page.getByRole('table', { name: 'Wartende Fälle 51–53 von 53, Seite 2 von 2' })
    await expect(second.getByRole('row')).toHaveCount(4)
    await expect(second.getByRole('row').nth(3)).toContainText(codes[52]!)
    if (javaScriptEnabled) await expectNoAxeViolations(page) // axe runs as a script in the page

    // Asking for a case on page 2 comes back to page 2, the case marked.
    const row = second.getByRole('row', { name: new RegExp(codes[51]!) })
    await row.getByRole('button', { name: `Übernahme anfragen: Fall ${codes[51]}` }).click()
    await expect(page).toHaveURL(/\/team\/waiting\?page=2&done=requested$/)
    await expect(page.getByRole('status')).toContainText('Ihre Anfrage wurde an die Teamleitung geschickt.')
    await expect(page.getByRole('row', { name: new RegExp(codes[51]!) })).toContainText('angefragt')

    await page
      .getByRole('navigation', { name: 'Seitennavigation' })
      .getByRole('link', { name: 'Zurück' })
      .click()
    await expect(page).toHaveURL(/\/team\/waiting$/)
    await expect(page.getByRole('table', { name: 'Wartende Fälle 1–50 von 53, Seite 1 von 2' })).toBeVisible()
    await context.close()
  })
}
