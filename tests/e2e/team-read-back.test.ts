// /team's document leaves the queue's and the workload's rows and the assignment select's people out of
// its hydration data; the browser reads them back from the server's markup while it hydrates (decision
// 113, as decision 101 does for the forms' long lists). This test holds the browser's page to the
// server's: no hydration error, the same caption and options, and the bodies left as they are — a
// checked box and its row survive a client-side navigation that brings the same queue rows in a
// `.data` answer — then an assignment with the options read back.
import { type Page } from '@playwright/test'
import { insertCase, insertTeam, insertUser } from './db.ts'
import { expectNoAxeViolations, hydrated, login, recordErrors } from './utils.ts'
import { expect, test } from './fixtures.ts'

const DAY = 86_400_000

/** The assignment select's options as value and text. */
function assignOptions(page: Page) {
  return page
    .locator('#assign-counsellor')
    .evaluate((select) =>
      Array.from((select as HTMLSelectElement).options, (option) => `${option.value}\t${option.textContent}`),
    )
}

test('a document leaves the rows to the markup; the browser reads them back and leaves the bodies as they are (decision 113)', async ({
  page,
  baseURL,
}) => {
  const team = insertTeam(baseURL)
  const lead = insertUser(baseURL, { role: 'TEAM_LEAD', teamId: team.id, displayName: 'Lea Leitung' })
  // Markup characters in a name: the options are read back as text, the rows as markup.
  const counsellor = insertUser(baseURL, { teamId: team.id, displayName: `Zoë O'Neill & <Partner>` })
  const older = insertCase(baseURL, {
    teamId: team.id,
    openedAt: new Date(Date.now() - 5 * DAY),
    language: 'kmr',
  })
  const newer = insertCase(baseURL, { teamId: team.id, openedAt: new Date(Date.now() - 3 * DAY) })
  const errors = recordErrors(page)
  await login(page, lead.email, { at: null })

  // As the production server answers: a document has the rows in its markup only, not in its scripts;
  // a `.data` answer (a client-side navigation, a revalidation) carries them.
  const documentHtml = await (await page.request.get('/team')).text()
  const scripts = [...documentHtml.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)]
    .map((match) => match[1])
    .join('\n')
  for (const text of [older.code, newer.code, counsellor.id]) {
    expect(documentHtml).toContain(text)
    expect(scripts).not.toContain(text)
  }
  const data = await (await page.request.get('/team.data')).text()
  for (const text of [older.code, newer.code, counsellor.id]) expect(data).toContain(text)

  // A document: the bodies, the caption's count and the options come from the markup.
  await page.goto('/team')
  await hydrated(page.locator('form:has(#assign-counsellor)'))
  const queue = page.getByRole('table', { name: 'Warteschlange: 2 von 2 Fällen' })
  await expect(queue.getByRole('row')).toHaveCount(3)
  await expect(queue).toContainText('Kurdisch (Kurmandschi)')
  const workload = page.getByRole('table', { name: /Auslastung je Person/ })
  await expect(workload.getByRole('rowheader', { name: /Zoë O'Neill & <Partner>/ })).toBeVisible()
  const fromDocument = await assignOptions(page)
  expect(fromDocument.find((option) => option.startsWith(`${counsellor.id}\t`))).toMatch(
    /^[^\t]+\tZoë O'Neill & <Partner>/,
  )
  await expectNoAxeViolations(page)

  // A box checked, its row marked (a property, not an attribute: the markup stays as it is).
  await page.getByLabel(`Fall ${older.code} auswählen`).check()
  await queue
    .locator('tbody tr')
    .first()
    .evaluate((row) => Object.assign(row, { keptByTest: true }))
  // Sorting the workload is a client-side navigation: its `.data` answer brings the same queue rows,
  // built in the browser; the queue's body is not written anew (the same string as the one read back).
  await workload
    .getByRole('link', { name: 'Offene Fälle — Sortieren nach Offene Fälle', exact: true })
    .click()
  await expect(workload.getByRole('columnheader', { name: /Offene Fälle/ })).toHaveAttribute(
    'aria-sort',
    'ascending',
  )
  expect(
    await queue
      .locator('tbody tr')
      .first()
      .evaluate((row) => (row as unknown as { keptByTest?: boolean }).keptByTest),
  ).toBe(true)
  await expect(page.getByLabel(`Fall ${older.code} auswählen`)).toBeChecked()
  // The options built from the `.data` answer are the ones read back.
  expect(await assignOptions(page)).toEqual(fromDocument)

  // An assignment with the options read back; the revalidated queue loses the case.
  await page.locator('#assign-counsellor').selectOption(counsellor.id)
  await page.getByRole('button', { name: 'Ausgewählte Fälle zuweisen' }).click()
  await expect(page.getByText('1 Fall wurde zugewiesen.')).toBeVisible()
  await expect(
    page.getByRole('table', { name: 'Warteschlange: 1 von 1 Fällen' }).getByRole('row'),
  ).toHaveCount(2)
  await expect(page.getByLabel(`Fall ${older.code} auswählen`)).toHaveCount(0)
  await expect(page.getByLabel(`Fall ${newer.code} auswählen`)).not.toBeChecked()
  await expectNoAxeViolations(page)

  // A language switch renders the rows again in the new language (built in the browser, not kept
  // from the German render; review of session 16).
  await page.getByRole('button', { name: 'English' }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await expect(page.getByLabel(`Select case ${newer.code}`)).toBeVisible()
  await expect(page.getByLabel(`Fall ${newer.code} auswählen`)).toHaveCount(0)
  const englishWorkload = page.getByRole('table', { name: /Workload per person/ })
  await expect(englishWorkload.getByRole('rowheader', { name: /Zoë O'Neill & <Partner>/ })).toBeVisible()
  await expect(englishWorkload.getByText('Reassign cases').first()).toBeVisible()
  await expect(englishWorkload.getByText('Fälle umverteilen')).toHaveCount(0)
  await expectNoAxeViolations(page)
  expect(errors).toEqual([])
})
