import { insertCase, insertTeam, insertUser } from './db.ts'
import { expectNoAxeViolations, login } from './utils.ts'
import { expect, test } from './fixtures.ts'

// The team lead's whole queue (/team/queue, decisions 222, 225): every queued case, a page at a time, the caption
// telling where one is, and the assignment of several at once — with JavaScript and without.

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
  // the start page's card of waiting cases leads to the queue itself (decision 225)
  await login(page, lead.email, { at: '/' })
  await page
    .getByRole('region', { name: '60 Fälle warten auf Zuweisung' })
    .getByRole('link', { name: 'Zur Warteschlange', exact: true })
    .click()
  await expect(page).toHaveURL(/\/team\/queue$/)
  await expect(page.getByRole('table', { name: 'Warteschlange: 1–50 von 60 Fällen' })).toBeVisible()
  // /team shows the queue's figures and leads to it
  await page.goto('/team')
  await expect(page.getByText('60 Fälle warten auf eine Zuweisung')).toBeVisible()
  // 60 × 24 hours back: 60 office days, 59 in the late evening's hour that the autumn's clock change moves
  await expect(page.getByText(/^Längste Wartezeit: (59|60) Tage$/)).toBeVisible()
  await page.getByRole('link', { name: 'Zur Warteschlange (60 Fälle)' }).click()
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
  await page.getByLabel('Zuweisen an').selectOption({ label: `${counsellor.displayName} — 0 offene Fälle` })
  await page.getByRole('button', { name: 'Ausgewählte Fälle zuweisen' }).click()
  await expect(page.getByText('2 Fälle wurden zugewiesen.')).toBeVisible()
  await expect(page.getByLabel('Zuweisen an').locator('option', { hasText: counsellor.displayName })).toHaveText(
    `${counsellor.displayName} — 2 offene Fälle`,
  )
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
    // the option names the person's load without JavaScript too
    await page.getByLabel('Zuweisen an').selectOption({ label: `${counsellor.displayName} — 0 offene Fälle` })
    await page.getByRole('button', { name: 'Ausgewählte Fälle zuweisen' }).click()
    await expect(page.getByText('1 Fall wurde zugewiesen.')).toBeVisible()
    await expect(page.getByLabel('Zuweisen an').locator('option', { hasText: counsellor.displayName })).toHaveText(
      `${counsellor.displayName} — 1 offener Fall`,
    )
    await expect(page.getByRole('table', { name: 'Warteschlange: 51–59 von 59 Fällen' })).toBeVisible()
  } finally {
    await context.close()
  }
})

/**
 * A /team page of before decision 225, still open in a tab: its queue's assignment form as that page wrote it (the
 * cases' checkboxes, whom to, a note, the button `intent=assign`), posting to /team's index route.
 */
function oldTeamPage(caseIds: string[], counsellorId: string) {
  const boxes = caseIds.map((id) => `<input type="checkbox" name="caseId" value="${id}" checked aria-label="Fall ${id}">`).join('')
  return (
    '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Team · Wegbegleiter</title></head><body>' +
    `<form method="post" action="/team?index">${boxes}<label>Zuweisen an <select name="counsellorId"><option value=""></option>` +
    `<option value="${counsellorId}" selected>Person</option></select></label><input name="note" value="">` +
    '<button type="submit" name="intent" value="assign">Ausgewählte Fälle zuweisen</button></form></body></html>'
  )
}

test('an old /team page posts its assignment: done with the queue\'s checks and answered on /team, with and without JavaScript (decision 239)', async ({ browser, page, baseURL }) => {
  const team = insertTeam(baseURL)
  const lead = insertUser(baseURL, { teamId: team.id, role: 'TEAM_LEAD' })
  const counsellor = insertUser(baseURL, { teamId: team.id })
  const cases = [0, 1, 2].map((index) => insertCase(baseURL, { teamId: team.id, openedAt: new Date(Date.now() - (index + 1) * 24 * 3600 * 1000) }))
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false, locale: 'de-DE' })
  const noScript = await context.newPage()
  try {
    await login(noScript, lead.email, { at: '/team' })
    // the tab's old page: served in place of today's /team for the GET alone, the POST goes to the server
    let offered = oldTeamPage([cases[0]!.caseId], counsellor.id)
    await noScript.route(/\/team$/, (route) =>
      route.request().method() === 'GET' ? route.fulfill({ contentType: 'text/html', body: offered }) : route.continue(),
    )
    await noScript.goto('/team')
    await noScript.getByRole('button', { name: 'Ausgewählte Fälle zuweisen' }).click()
    await expect(noScript.getByRole('heading', { level: 1, name: `Team: ${team.name}` })).toBeVisible()
    await expect(noScript.getByRole('status').getByText('1 Fall wurde zugewiesen.')).toBeVisible()
    await expect(noScript.getByText('Fälle aus der Warteschlange weisen Sie jetzt hier zu:')).toBeVisible()
    await expect(noScript.getByRole('link', { name: 'Alle wartenden Fälle' })).toHaveAttribute('href', '/team/queue')
    await expect(noScript.getByText('2 Fälle warten auf eine Zuweisung')).toBeVisible()
    // refused: nobody chosen — the reason, nothing assigned
    offered = oldTeamPage([cases[1]!.caseId], '').replace(' selected>Person', '>Person')
    await noScript.goto('/team')
    await noScript.getByRole('button', { name: 'Ausgewählte Fälle zuweisen' }).click()
    const alert = noScript.getByRole('alert')
    await expect(alert.getByText('Nichts wurde zugewiesen.')).toBeVisible()
    await expect(alert.getByText('Bitte wählen Sie eine aktive Person aus Ihrem Team.')).toBeVisible()
    await expect(noScript.getByText('2 Fälle warten auf eine Zuweisung')).toBeVisible()
  } finally {
    await context.close()
  }
  // With JavaScript the old page's bundle posts the same form to /team's `.data` address and renders the answer
  await login(page, lead.email, { at: '/team' })
  // the answer page with its outcome, its link and today's script is accessible (the old page's form, posted once more:
  // the case is assigned already, so it says so)
  await page.route(/\/team$/, (route) =>
    route.request().method() === 'GET' ? route.fulfill({ contentType: 'text/html', body: oldTeamPage([cases[0]!.caseId], counsellor.id) }) : route.continue(),
  )
  await page.goto('/team')
  await page.getByRole('button', { name: 'Ausgewählte Fälle zuweisen' }).click()
  await expect(page.getByRole('status').getByText('1 Fall war inzwischen schon zugewiesen und wurde nicht verändert.')).toBeVisible()
  await expectNoAxeViolations(page)
  await page.unroute(/\/team$/)
  const answer = await page.request.post('/team.data?index', {
    form: { intent: 'assign', caseId: cases[2]!.caseId, counsellorId: counsellor.id, note: '' },
    headers: { origin: new URL(baseURL!).origin },
  })
  expect(answer.status()).toBe(200)
  expect(await answer.text()).toContain('"alreadyAssigned"')
  await page.goto('/team')
  await expect(page.getByText('1 Fall wartet auf eine Zuweisung')).toBeVisible()
  // the third case went to the counsellor; the second, refused above, still waits
  await page.goto('/team/queue')
  await expect(page.getByRole('table', { name: 'Warteschlange: 1–1 von 1 Fällen' })).toBeVisible()
})
