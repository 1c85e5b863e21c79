import { insertCase, insertTeam, insertUser } from './db.ts'
import { expectNoAxeViolations, login } from './utils.ts'
import { expect, test } from './fixtures.ts'

// The team lead's whole queue (/team/queue, decision 222): the cases beyond /team's first 50, a page at a time, the
// caption telling where one is, and /team's assignment of several at once — with JavaScript and without.

/** A team of its own with a lead, a counsellor and 60 queued cases, one a day back from today. */
function teamWithLongQueue(baseURL: string | undefined) {
  const team = insertTeam(baseURL)
  const lead = insertUser(baseURL, { teamId: team.id, role: 'TEAM_LEAD' })
  const counsellor = insertUser(baseURL, { teamId: team.id })
  for (let index = 0; index < 60; index++)
    insertCase(baseURL, { teamId: team.id, openedAt: new Date(Date.now() - (index + 1) * 24 * 3600 * 1000) })
  return { lead, counsellor }
}

test("the lead pages to the queue's second page and assigns two of its cases; the caption says where one is", async ({
  page,
  baseURL,
}) => {
  const { lead, counsellor } = teamWithLongQueue(baseURL)
  // /team shows the 50 longest waits and leads to all of them
  await login(page, lead.email, { at: '/team' })
  await page.getByRole('link', { name: 'Alle 60 wartenden Fälle' }).click()
  await expect(page).toHaveURL(/\/team\/queue$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Alle wartenden Fälle' })).toBeVisible()
  await expect(page.getByRole('table', { name: 'Warteschlange: 1–50 von 60 Fällen' })).toBeVisible()
  await page
    .getByRole('navigation', { name: 'Seitennavigation' })
    .getByRole('link', { name: /2|Weiter|Nächste/ })
    .first()
    .click()
  await expect(page).toHaveURL(/\/team\/queue\?page=2$/)
  const table = page.getByRole('table', { name: 'Warteschlange: 51–60 von 60 Fällen' })
  await expect(table.locator('tbody tr')).toHaveCount(10)
  await expectNoAxeViolations(page)
  const boxes = table.getByRole('checkbox', { name: /^Fall .+ auswählen$/ })
  await boxes.nth(0).check()
  await boxes.nth(1).check()
  await page.getByLabel('Zuweisen an').selectOption({ label: counsellor.displayName })
  await page.getByRole('button', { name: 'Ausgewählte Fälle zuweisen' }).click()
  await expect(page.getByText('2 Fälle wurden zugewiesen.')).toBeVisible()
  await expect(page).toHaveURL(/\/team\/queue\?page=2$/)
  await expect(page.getByRole('table', { name: 'Warteschlange: 51–58 von 58 Fällen' })).toBeVisible()
})

test('without JavaScript: the same assignment from the second page', async ({ browser, baseURL }) => {
  const { lead, counsellor } = teamWithLongQueue(baseURL)
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false, locale: 'de-DE' })
  const page = await context.newPage()
  try {
    await login(page, lead.email, { at: '/team/queue?page=2' })
    const table = page.getByRole('table', { name: 'Warteschlange: 51–60 von 60 Fällen' })
    await table
      .getByRole('checkbox', { name: /^Fall .+ auswählen$/ })
      .first()
      .check()
    await page.getByLabel('Zuweisen an').selectOption({ label: counsellor.displayName })
    await page.getByRole('button', { name: 'Ausgewählte Fälle zuweisen' }).click()
    await expect(page.getByText('1 Fall wurde zugewiesen.')).toBeVisible()
    await expect(page.getByRole('table', { name: 'Warteschlange: 51–59 von 59 Fällen' })).toBeVisible()
  } finally {
    await context.close()
  }
})
