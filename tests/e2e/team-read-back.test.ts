// /team's document leaves the workload's rows, /team/queue's the queue's rows out of its hydration data; the browser
// reads them back from the server's markup while it hydrates (decisions 113, 226, as decision 101 does for the forms'
// long lists). This test holds the browser's page to the server's: no hydration error, the same caption, and the
// bodies left as they are, then an assignment on the rows read back and a language switch.
import { insertCase, insertTeam, insertUser } from './db.ts'
import { expectNoAxeViolations, hydrated, login, recordErrors } from './utils.ts'
import { expect, test } from './fixtures.ts'

const DAY = 86_400_000

test('a document leaves the rows to the markup; the browser reads them back and leaves the bodies as they are (decisions 113, 226)', async ({
  page,
  baseURL,
}) => {
  const team = insertTeam(baseURL)
  const lead = insertUser(baseURL, { role: 'TEAM_LEAD', teamId: team.id, displayName: 'Lea Leitung' })
  // Markup characters in a name: the options are text, the workload's rows markup read back.
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
  // a `.data` answer (a client-side navigation, a revalidation) carries them. /team: the workload's rows
  // (the person's id in its links); /team/queue: the queue's rows (the cases' codes) and the select's people.
  for (const [path, texts] of [
    ['/team', [counsellor.id]],
    ['/team/queue', [older.code, newer.code, counsellor.id]],
  ] as const) {
    const documentHtml = await (await page.request.get(path)).text()
    const scripts = [...documentHtml.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)]
      .map((match) => match[1])
      .join('\n')
    for (const text of texts) {
      expect(documentHtml).toContain(text)
      expect(scripts).not.toContain(text)
    }
    const data = await (await page.request.get(`${path}.data`)).text()
    for (const text of texts) expect(data).toContain(text)
  }

  // /team: the workload's body comes from the markup, the queue's figures from the loader data.
  await page.goto('/team')
  const workload = page.getByRole('table', { name: /Auslastung je Person/ })
  await hydrated(workload.getByRole('link', { name: 'Name — Sortieren nach Name', exact: true }))
  await expect(workload.getByRole('rowheader', { name: /Zoë O'Neill & <Partner>/ })).toBeVisible()
  await expect(page.getByText('2 Fälle warten auf eine Zuweisung')).toBeVisible()
  await expectNoAxeViolations(page)

  // /team/queue: the queue's body and caption come from the markup.
  await page.goto('/team/queue')
  await hydrated(page.locator('form:has(#assign-counsellor)'))
  const queue = page.getByRole('table', { name: 'Warteschlange: 1–2 von 2 Fällen' })
  await expect(queue.getByRole('row')).toHaveCount(3)
  await expect(queue).toContainText('Kurdisch (Kurmandschi)')
  await expect(page.locator('#assign-counsellor option', { hasText: 'Zoë' })).toHaveText(`Zoë O'Neill & <Partner> — 0 offene Fälle`)
  await expectNoAxeViolations(page)

  // An assignment on the rows read back: the revalidated queue loses the case, the other is left unchecked.
  await page.getByLabel(`Fall ${newer.code} auswählen`).check()
  await page.locator('#assign-counsellor').selectOption(counsellor.id)
  await page.getByRole('button', { name: 'Ausgewählte Fälle zuweisen' }).click()
  await expect(page.getByText('1 Fall wurde zugewiesen.')).toBeVisible()
  const after = page.getByRole('table', { name: 'Warteschlange: 1–1 von 1 Fällen' })
  await expect(after.getByRole('row')).toHaveCount(2)
  await expect(page.getByLabel(`Fall ${newer.code} auswählen`)).toHaveCount(0)
  await expect(page.getByLabel(`Fall ${older.code} auswählen`)).not.toBeChecked()
  await expect(page.locator('#assign-counsellor option', { hasText: 'Zoë' })).toHaveText(`Zoë O'Neill & <Partner> — 1 offener Fall`)
  await expectNoAxeViolations(page)

  // A language switch renders the rows again in the new language (built in the browser, not kept
  // from the German render; review of session 16).
  await page.getByRole('button', { name: 'English' }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await expect(page.getByLabel(`Select case ${older.code}`)).toBeVisible()
  await expect(page.getByLabel(`Fall ${older.code} auswählen`)).toHaveCount(0)
  await expect(page.locator('#assign-counsellor option', { hasText: 'Zoë' })).toHaveText(`Zoë O'Neill & <Partner> — 1 open case`)
  await expectNoAxeViolations(page)
  expect(errors).toEqual([])
})
