import { randomUUID } from 'node:crypto'
import { type Page } from '@playwright/test'
import { addDays, today } from '../../app/domain/follow-up.ts'
import { e2eDatabase, insertCase, insertTeam, insertUser, sqliteDate } from './db.ts'
import { demo, expectNoAxeViolations, login } from './utils.ts'
import { expect, test } from './fixtures.ts'

/** A case-management case assigned to the counsellor by their team lead (an unread notice), opened 120 days ago. */
function createAssignedCase(baseURL: string | undefined, counsellor: string, lead: string) {
  const opened = new Date(Date.now() - 120 * 24 * 3600 * 1000)
  const { caseId, code, userId } = insertCase(baseURL, { counsellor, assignedBy: lead, status: 'ACTIVE', openedAt: opened, language: 'prs', nationality: 'AF' })
  return { caseId, code, userId: userId! }
}

/** An earlier contact (weeks ago) whose follow-up date has passed: it must show as overdue. */
function addOlderContactWithOverdueFollowUp(baseURL: string | undefined, caseId: string, userId: string) {
  const db = e2eDatabase(baseURL)
  try {
    const contactId = randomUUID()
    const contactDay = `${addDays(today().day, -45)}T00:00:00.000+00:00`
    const dueDay = `${addDays(today().day, -2)}T00:00:00.000+00:00`
    const now = sqliteDate(new Date())
    const topicId = (
      db
        .prepare("SELECT id FROM CatalogueEntry WHERE catalogue = 'TOPIC' AND code = 'RESIDENCE_ASYLUM'")
        .get() as { id: number }
    ).id
    db.prepare(
      `INSERT INTO Contact (id, caseId, authorId, date, durationMinutes, mode, setting, personsPresent, languageCode, interpreting, version, createdAt, updatedAt)
       VALUES (?, ?, ?, ?, 50, 'OFFICE', 'INDIVIDUAL', 1, 'prs', 'POOL', 1, ?, ?)`,
    ).run(contactId, caseId, userId, contactDay, now, now)
    db.prepare('INSERT INTO ContactTopic (contactId, topicId) VALUES (?, ?)').run(contactId, topicId)
    db.prepare(
      "INSERT INTO FollowUp (id, caseId, contactId, assigneeId, source, dueDate, createdAt) VALUES (?, ?, ?, ?, 'CONTACT', ?, ?)",
    ).run(randomUUID(), caseId, contactId, userId, dueDay, now)
    db.prepare('UPDATE "Case" SET firstContactAt = ?, lastContactAt = ? WHERE id = ?').run(
      contactDay,
      contactDay,
      caseId,
    )
  } finally {
    db.close()
  }
}

function followUpSection(page: Page, heading: string) {
  return page
    .locator('.follow-up-bucket')
    .filter({ has: page.getByRole('heading', { level: 3, name: heading }) })
}

test('workflow 4: a counsellor takes over a case, sets a case plan, records contacts, works through due follow-ups and closes the case', async ({
  page,
  baseURL,
}) => {
  // The longest journey in the suite: a dozen page loads (the five axe runs add their own budget).
  test.slow()
  const { caseId, code, userId } = createAssignedCase(baseURL, 'beratung.rostock', 'leitung.rostock')
  addOlderContactWithOverdueFollowUp(baseURL, caseId, userId)
  await login(page, demo('beratung.rostock'))

  // The start page: the new assignment and the overdue follow-up of the earlier contact.
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  const inbox = page.getByRole('region', { name: /Ihnen zugewiesen/ })
  await expect(inbox.getByRole('link', { name: code })).toBeVisible()
  await expect(followUpSection(page, 'Überfällig').getByRole('link', { name: code })).toBeVisible()
  await expectNoAxeViolations(page)
  await inbox.getByRole('button', { name: `Zuweisung ${code} als gelesen markieren` }).click()
  await expect(inbox.getByRole('link', { name: code })).toHaveCount(0)

  // The case plan.
  await page.goto(`/cases/${caseId}`)
  const tabs = page.getByRole('navigation', { name: 'Bereiche der Fallakte' })
  await tabs.getByRole('link', { name: 'Förderplan' }).click()
  await expect(page.getByRole('heading', { level: 2, name: 'Förderplan' })).toBeVisible()
  await expectNoAxeViolations(page)
  await page.getByLabel('Vereinbart am').fill(addDays(today().day, -1))
  await page.getByRole('button', { name: 'Förderplan anlegen' }).click()
  await expect(page.getByText('Der Förderplan wurde angelegt.')).toBeVisible()
  for (const [topic, goal] of [
    ['Arbeit und Beruf', 'Anerkennung des Berufsabschlusses beantragen'],
    ['Wohnen', 'Eigene Wohnung finden'],
  ] as const) {
    await page.getByLabel('Thema', { exact: true }).selectOption({ label: topic })
    await page.getByLabel('Ziel (kurz beschrieben)').fill(goal)
    await page.getByLabel('Zieldatum').fill(addDays(today().day, 90))
    await page.getByRole('button', { name: 'Ziel hinzufügen' }).click()
    await expect(page.getByText('Das Ziel wurde hinzugefügt.')).toBeVisible()
  }
  const goals = page.getByRole('table', { name: 'Ziele des Förderplans' })
  await expect(goals.getByRole('row')).toHaveCount(3)
  await expectNoAxeViolations(page)
  await page.getByLabel('Neuer Status für Ziel 2').selectOption({ label: 'teilweise erreicht' })
  await page.getByRole('button', { name: 'Status speichern (Ziel 2)' }).click()
  await expect(page.getByText('Der Status des Ziels wurde gespeichert.')).toBeVisible()
  await expect(goals.getByRole('row', { name: /Eigene Wohnung finden/ })).toContainText('teilweise erreicht')

  // A new contact: quick entry has today's date and the language of the last contact.
  await tabs.getByRole('link', { name: 'Kontakt erfassen' }).click()
  await expect(page.getByRole('heading', { level: 2, name: 'Neuer Kontakt' })).toBeVisible()
  await expect(page.getByLabel('Datum', { exact: true })).toHaveValue(today().day)
  await expect(page.getByLabel('Verwendete Sprache')).toHaveValue('prs')
  await expect(page.getByLabel('Form des Kontakts')).toHaveValue('OFFICE')
  await expectNoAxeViolations(page)
  await page.getByLabel('Dauer in Minuten').fill('601')
  await page.getByRole('checkbox', { name: 'Wohnen' }).check()
  await page.getByRole('button', { name: 'Kontakt speichern' }).click()
  await expect(page.getByText('Bitte geben Sie die Dauer in ganzen Minuten an (1 bis 600).')).toBeVisible()
  await page.getByLabel('Dauer in Minuten').fill('40')
  await page.getByRole('checkbox', { name: 'Arbeit und Beruf' }).check()
  await page.getByLabel('Nächster Schritt').fill('Unterlagen zur Anerkennung mitbringen')
  await page.getByLabel('Wiedervorlage am').fill(today().day)
  // The earlier contact's follow-up would be replaced by the new one (decision 030); keep both.
  await page.getByRole('checkbox', { name: /^Frühere Wiedervorlage \(fällig am .+\) behalten$/ }).check()
  await page.getByLabel('Vertrauliche Notiz').fill('Wirkt erschöpft, Schlafprobleme erwähnt.')
  await page.getByRole('button', { name: 'Kontakt speichern' }).click()
  await expect(page.getByText('Der Kontakt wurde gespeichert.')).toBeVisible()
  await expect(page.getByLabel('Dauer in Minuten')).toHaveValue('40')
  await expectNoAxeViolations(page)

  // The timeline lists both contacts and the goal status change.
  await tabs.getByRole('link', { name: 'Verlauf' }).click()
  await expect(page.getByRole('link', { name: 'Kontakt öffnen' })).toHaveCount(2)
  await expect(page.getByText('Ziel „Wohnen“: offen → teilweise erreicht')).toBeVisible()
  // Its links are list links too (decision 063): a contact opens within the app, the window stays.
  await page.evaluate(() => Object.assign(window, { stayedInApp: true }))
  await page.getByRole('link', { name: 'Kontakt öffnen' }).first().click()
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}/contacts/[^/?]+$`))
  expect(await page.evaluate(() => (window as unknown as { stayedInApp?: boolean }).stayedInApp)).toBe(true)

  // Both follow-ups are due: the overdue one and today's from the new contact.
  await page.goto('/')
  const overdue = followUpSection(page, 'Überfällig')
  const dueToday = followUpSection(page, 'Heute fällig')
  await expect(overdue.getByRole('link', { name: code })).toBeVisible()
  await expect(dueToday.getByRole('link', { name: code })).toBeVisible()
  await expectNoAxeViolations(page)
  await overdue.getByRole('button', { name: `Wiedervorlage für ${code} als erledigt markieren` }).click()
  await expect(page.getByText('Die Wiedervorlage wurde als erledigt markiert.')).toBeVisible()
  await expect(overdue.getByRole('link', { name: code })).toHaveCount(0)
  await expect(dueToday.getByRole('link', { name: code })).toBeVisible()
  // The rows' links are plain anchors with one click handler (decision 063): the case opens within
  // the app, the page's window stays.
  await page.evaluate(() => Object.assign(window, { stayedInApp: true }))
  await dueToday.getByRole('link', { name: code }).click()
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}$`))
  expect(await page.evaluate(() => (window as unknown as { stayedInApp?: boolean }).stayedInApp)).toBe(true)

  // Closing the case with a reason (status page of the case file).
  await page.goto(`/cases/${caseId}/status`)
  await page.getByLabel('Abschlussgrund').selectOption({ label: 'Ziele (weitgehend) erreicht' })
  await page.getByRole('button', { name: 'Fall abschließen' }).click()
  await expect(page.getByRole('heading', { name: 'Fall abschließen?' })).toBeFocused()
  await expect(page.getByText('Diese offene Wiedervorlage wird mit dem Fall geschlossen:')).toBeVisible()
  await page.getByRole('button', { name: 'Ja, Fall abschließen' }).click()
  await expect(page.getByText('Der Status ist jetzt: abgeschlossen.')).toBeVisible()
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('the contact form works: server-side errors keep the input, the saved contact opens', async ({
    page,
    baseURL,
  }) => {
    const { caseId, code } = createAssignedCase(baseURL, 'beratung2.rostock', 'leitung.rostock')
    await login(page, demo('beratung2.rostock'), { at: `/cases/${caseId}/contacts/new` })
    await expect(page.getByRole('heading', { level: 1 })).toContainText(code)
    await expect(page.getByLabel('Verwendete Sprache')).toHaveValue('prs')
    await page.getByLabel('Form des Kontakts').selectOption('OUTREACH')
    await page.getByLabel('Dauer in Minuten').fill('0')
    await page.getByLabel('Nächster Schritt').fill('Termin Ausländerbehörde')
    await page.getByRole('button', { name: 'Kontakt speichern' }).click()
    await expect(page.getByText('Bitte geben Sie die Dauer in ganzen Minuten an (1 bis 600).')).toBeVisible()
    await expect(page.getByText('Bitte wählen Sie mindestens ein Thema.')).toBeVisible()
    await expect(page.getByLabel('Nächster Schritt')).toHaveValue('Termin Ausländerbehörde')
    await expect(page.getByLabel('Form des Kontakts')).toHaveValue('OUTREACH')
    await page.getByLabel('Dauer in Minuten').fill('25')
    await page.getByRole('checkbox', { name: 'Aufenthalt und Asylverfahren' }).check()
    await page.getByLabel('Sprachmittlung', { exact: true }).selectOption('RELATIVE')
    await page.getByRole('button', { name: 'Kontakt speichern' }).click()
    await expect(page.getByText('Der Kontakt wurde gespeichert.')).toBeVisible()
    await expect(page.getByLabel('Dauer in Minuten')).toHaveValue('25')
    await expect(page.getByRole('checkbox', { name: 'Aufenthalt und Asylverfahren' })).toBeChecked()
  })

  test('the start page marks the follow-up of the row whose button was pressed as done', async ({ page, baseURL }) => {
    // Two overdue follow-ups in one table (one form, each button posts its own id): the second
    // row's button must mark the second, not the first or both.
    const first = createAssignedCase(baseURL, 'beratung2.rostock', 'leitung.rostock')
    const second = createAssignedCase(baseURL, 'beratung2.rostock', 'leitung.rostock')
    addOlderContactWithOverdueFollowUp(baseURL, first.caseId, first.userId)
    addOlderContactWithOverdueFollowUp(baseURL, second.caseId, second.userId)
    await login(page, demo('beratung2.rostock'), { at: '/' })
    const overdue = followUpSection(page, 'Überfällig')
    await expect(overdue.getByRole('link', { name: first.code })).toBeVisible()
    await expect(overdue.getByRole('link', { name: second.code })).toBeVisible()
    // by keyboard: the button takes the focus and Enter submits it
    await overdue.getByRole('button', { name: `Wiedervorlage für ${second.code} als erledigt markieren` }).press('Enter')
    await expect(page.getByText('Die Wiedervorlage wurde als erledigt markiert.')).toBeVisible()
    await expect(overdue.getByRole('link', { name: second.code })).toHaveCount(0)
    await expect(overdue.getByRole('link', { name: first.code })).toBeVisible()
  })
})

test('an anonymous short inquiry takes two clicks from the start page', async ({ page }) => {
  await login(page, demo('beratung.greifswald'))
  await page.getByRole('link', { name: 'Anonyme Kurzanfrage erfassen' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Anonyme Kurzanfrage erfassen' })).toBeVisible()
  await expect(page.getByLabel('Datum', { exact: true })).toHaveValue(today().day)
  // No free text at all: nothing typed here could identify a person.
  await expect(page.locator('main textarea, main input:not([type]), main input[type=text]')).toHaveCount(0)
  await expectNoAxeViolations(page)
  await page.getByLabel('Form des Kontakts').selectOption('PHONE')
  await page.getByLabel('Dauer in Minuten').fill('10')
  await page.getByLabel('Verwendete Sprache').selectOption('tir')
  await page.getByRole('checkbox', { name: 'Familiennachzug' }).check()
  await page.getByRole('button', { name: 'Kurzanfrage speichern' }).click()
  await expect(page).toHaveURL(/\/\?done=inquiry$/)
  await expect(page.getByText('Die Kurzanfrage wurde gezählt.')).toBeVisible()
  await expect(page.getByRole('link', { name: 'Anonyme Kurzanfrage erfassen' })).toBeVisible()
  await expectNoAxeViolations(page)
})


test('"Erledigt" by keyboard keeps the focus: on the pressed button while it is submitted, then on the next row\'s button, the last row\'s, the bucket\'s heading', async ({
  page,
  baseURL,
}) => {
  // A counsellor of a team of their own: no other test adds or removes their follow-ups meanwhile.
  const team = insertTeam(baseURL)
  const counsellor = insertUser(baseURL, { teamId: team.id })
  for (let index = 0; index < 3; index++) {
    const { caseId } = insertCase(baseURL, { counsellor: counsellor.email, status: 'ACTIVE', openedAt: new Date(Date.now() - 120 * 24 * 3600 * 1000) })
    addOlderContactWithOverdueFollowUp(baseURL, caseId, counsellor.id)
  }
  await login(page, counsellor.email, { at: '/' })
  const overdue = followUpSection(page, 'Überfällig')
  const buttons = overdue.getByRole('button', { name: /^Wiedervorlage für .+ als erledigt markieren$/ })
  await expect(buttons).toHaveCount(3)
  const names = await buttons.evaluateAll((all) => all.map((button) => button.getAttribute('aria-label')))
  // The form is the browser app's once hydrated (React's handlers on it): the submission is then a
  // fetch the test can hold, not a plain form post that loads a new page.
  await overdue.locator('form').evaluate((form) =>
    new Promise<void>((resolve) => {
      const hydrated = () => Object.keys(form).some((key) => key.startsWith('__reactProps'))
      const wait = () => (hydrated() ? resolve() : setTimeout(wait, 20))
      wait()
    }),
  )
  let release = () => {}
  const held = new Promise<void>((resolve) => (release = resolve))
  const posted: string[] = []
  // Only the first post is held (`held` stays resolved after `release`).
  await page.route('**/*', async (route) => {
    if (route.request().method() === 'POST') {
      posted.push(route.request().url())
      await held
    }
    await route.continue()
  })

  // The middle row's button, pressed by keyboard: while the post is held, the focus stays on that
  // very element (not a copy of it), which says it is busy.
  const pressed = buttons.nth(1)
  await pressed.focus()
  await pressed.evaluate((button) => Object.assign(window, { pressedButton: button }))
  await page.keyboard.press('Enter')
  await expect.poll(() => posted.length).toBe(1)
  // the busy state is set after the page has rendered the submission: the rows' DOM was not replaced
  await expect(pressed).toHaveAttribute('aria-disabled', 'true')
  expect(await page.evaluate(() => document.activeElement === (window as unknown as { pressedButton: Element }).pressedButton)).toBe(true)
  release()

  // Done: its row is gone, the focus is on the button of the row that followed it.
  await expect(page.getByText('Die Wiedervorlage wurde als erledigt markiert.')).toBeVisible()
  await expect(buttons).toHaveCount(2)
  await expect(overdue.getByRole('button', { name: names[2]! })).toBeFocused()
  await expect(overdue.getByRole('button', { name: names[2]! })).not.toHaveAttribute('aria-disabled')
  // The last row's: the focus goes to the row before it, now the last.
  await page.keyboard.press('Enter')
  await expect(buttons).toHaveCount(1)
  await expect(overdue.getByRole('button', { name: names[0]! })).toBeFocused()
  // The only row's: the bucket's heading takes the focus.
  await page.keyboard.press('Enter')
  await expect(buttons).toHaveCount(0)
  await expect(overdue.getByRole('heading', { level: 3, name: 'Überfällig 0' })).toBeFocused()
  await expectNoAxeViolations(page)
})
