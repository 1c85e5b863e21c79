import { randomUUID } from 'node:crypto'
import { type Locator, type Page } from '@playwright/test'
import { addDays, today } from '../../app/domain/follow-up.ts'
import { e2eDatabase, insertCase, insertTeam, insertUser, sqliteDate } from './db.ts'
import { substituteWithFollowUps } from './substitute.ts'
import { expectNoAxeViolations, login } from './utils.ts'
import { expect, test } from './fixtures.ts'

// The start page as a summary and /follow-ups, the page of all one's open follow-ups (decision 199).

/** A counsellor of a team of their own with `overdue` follow-ups two days past and `later` ones in three weeks, on one case. */
function counsellorWithFollowUps(baseURL: string | undefined, overdue: number, later: number) {
  const team = insertTeam(baseURL)
  const counsellor = insertUser(baseURL, { teamId: team.id })
  const { caseId, code } = insertCase(baseURL, { counsellor: counsellor.email, status: 'ACTIVE', openedAt: new Date(Date.now() - 120 * 24 * 3600 * 1000) })
  const db = e2eDatabase(baseURL)
  try {
    const insert = db.prepare("INSERT INTO FollowUp (id, caseId, assigneeId, source, note, dueDate, createdAt) VALUES (?, ?, ?, 'MANUAL', ?, ?, ?)")
    const now = sqliteDate(new Date())
    for (let index = 0; index < overdue; index++)
      insert.run(randomUUID(), caseId, counsellor.id, `Rückruf ${index + 1}`, `${addDays(today().day, -2)}T00:00:00.000+00:00`, now)
    for (let index = 0; index < later; index++)
      insert.run(randomUUID(), caseId, counsellor.id, `Später ${index + 1}`, `${addDays(today().day, 21)}T00:00:00.000+00:00`, now)
  } finally {
    db.close()
  }
  return { counsellor, code }
}

/** Waits until React has hydrated the form (its props are on the element), so that a key press goes through React. */
function hydrated(form: Locator) {
  return form.evaluate(
    (element) =>
      new Promise<void>((resolve) => {
        const done = () => Object.keys(element).some((key) => key.startsWith('__reactProps'))
        const wait = () => (done() ? resolve() : setTimeout(wait, 20))
        wait()
      }),
  )
}

function bucket(page: Page, heading: string) {
  return page.locator('.follow-up-bucket').filter({ has: page.getByRole('heading', { level: 3, name: heading }) })
}

test('the start page shows the first ten overdue follow-ups with their count and links to all of them; "Erledigt" on /follow-ups keeps the page and the focus', async ({
  page,
  baseURL,
}) => {
  const { counsellor } = counsellorWithFollowUps(baseURL, 12, 2)
  await login(page, counsellor.email, { at: '/' })
  const overdue = bucket(page, 'Überfällig 12')
  await expect(overdue.locator('tbody tr')).toHaveCount(10)
  await expect(overdue.getByText('Die ersten 10 von 12.')).toBeVisible()
  // nothing due today or in the next days: no count link there; the later ones are not on the start page
  await expect(bucket(page, 'Heute fällig 0').getByText('Heute ist nichts fällig.')).toBeVisible()
  await expect(page.getByRole('link', { name: 'Alle offenen Wiedervorlagen' })).toBeVisible()
  await overdue.getByRole('link', { name: 'Alle 12 überfälligen Wiedervorlagen anzeigen' }).click()
  await expect(page).toHaveURL(/\/follow-ups\?due=overdue$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Wiedervorlagen' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Überfällig (12)' })).toHaveAttribute('aria-current', 'page')
  await expect(page.getByRole('link', { name: 'Später (2)' })).toBeVisible()
  const all = bucket(page, 'Überfällig 12')
  await expect(all.locator('tbody tr')).toHaveCount(12)
  await expectNoAxeViolations(page)

  // "Erledigt" by keyboard: the row goes, the page and group stay, the focus is on the next row's button.
  // (the group's heading says 11 after the change: the buttons are looked up by its name alone)
  const buttons = bucket(page, 'Überfällig').getByRole('button', { name: /^Wiedervorlage für .+ als erledigt markieren$/ })
  await hydrated(all.locator('form'))
  await buttons.nth(3).focus()
  await page.keyboard.press('Enter')
  await expect(page.getByText('Die Wiedervorlage wurde als erledigt markiert.')).toBeVisible()
  await expect(page).toHaveURL(/\/follow-ups\?due=overdue&done=follow-up$/)
  await expect(bucket(page, 'Überfällig 11').locator('tbody tr')).toHaveCount(11)
  await expect(buttons.nth(3)).toBeFocused()

  // Back on the start page (client-side): eleven overdue, ten of them shown.
  await page.getByRole('link', { name: 'Zur Startseite' }).click()
  await expect(page).toHaveURL(/\/$/)
  await expect(bucket(page, 'Überfällig 11').locator('tbody tr')).toHaveCount(10)
  await expect(page.getByRole('link', { name: 'Alle 11 überfälligen Wiedervorlagen anzeigen' })).toBeVisible()
  await page.goBack()
  await expect(bucket(page, 'Überfällig 11').locator('tbody tr')).toHaveCount(11)

  // At 320 px the page reflows without a finding.
  await page.setViewportSize({ width: 320, height: 800 })
  await page.goto('/follow-ups')
  await expect(page.getByRole('link', { name: 'Alle (13)' })).toHaveAttribute('aria-current', 'page')
  await expect(bucket(page, 'Später fällig 2').locator('tbody tr')).toHaveCount(2)
  await expectNoAxeViolations(page)
})

test('without JavaScript: the start page links to /follow-ups, and "Erledigt" there returns to the same page', async ({ browser, baseURL }) => {
  const { counsellor } = counsellorWithFollowUps(baseURL, 11, 0)
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false, locale: 'de-DE' })
  const page = await context.newPage()
  try {
    await login(page, counsellor.email, { at: '/' })
    await page.getByRole('link', { name: 'Alle 11 überfälligen Wiedervorlagen anzeigen' }).click()
    await expect(page).toHaveURL(/\/follow-ups\?due=overdue$/)
    const overdue = bucket(page, 'Überfällig 11')
    await expect(overdue.locator('tbody tr')).toHaveCount(11)
    await overdue.getByRole('button', { name: /^Wiedervorlage für .+ als erledigt markieren$/ }).first().click()
    await expect(page).toHaveURL(/\/follow-ups\?due=overdue&done=follow-up$/)
    await expect(page.getByText('Die Wiedervorlage wurde als erledigt markiert.')).toBeVisible()
    await expect(bucket(page, 'Überfällig 10').locator('tbody tr')).toHaveCount(10)
  } finally {
    await context.close()
  }
})

test('"Erledigt" on the last row of a group on /follow-ups: the group goes and the focus goes to the list\'s heading, not to the page (session 26\'s review)', async ({
  page,
  baseURL,
}) => {
  const { counsellor } = counsellorWithFollowUps(baseURL, 1, 2)
  await login(page, counsellor.email, { at: '/follow-ups' })
  const overdue = bucket(page, 'Überfällig 1')
  await expect(overdue.locator('tbody tr')).toHaveCount(1)
  await hydrated(overdue.locator('form'))
  await overdue.getByRole('button', { name: /^Wiedervorlage für .+ als erledigt markieren$/ }).focus()
  await page.keyboard.press('Enter')
  await expect(page.getByText('Die Wiedervorlage wurde als erledigt markiert.')).toBeVisible()
  await expect(page.locator('.follow-up-bucket').filter({ has: page.getByRole('heading', { level: 3, name: /^Überfällig/ }) })).toHaveCount(0)
  await expect(bucket(page, 'Später fällig 2').locator('tbody tr')).toHaveCount(2)
  await expect(page.locator('#follow-ups-heading')).toBeFocused()
  // the heading is no stop in the tab order: the next Tab goes on from it
  await expect(page.locator('#follow-ups-heading')).toHaveAttribute('tabindex', '-1')
})


test('a substitute\'s start page and /follow-ups list the absent colleague\'s follow-ups, marked and counted; "Erledigt" on one by keyboard (decision 211)', async ({ page, baseURL }) => {
  const { sina, ownCode, bilalsCode, bilalsName } = substituteWithFollowUps(baseURL)
  await login(page, sina.email, { at: '/' })
  const overdue = bucket(page, 'Überfällig 3')
  await expect(overdue.locator('tbody tr')).toHaveCount(3)
  // each of Bilal's rows says whom it is for in its row header; her own does not
  await expect(overdue.getByRole('rowheader', { name: `${bilalsCode} Vertretung für ${bilalsName}` })).toHaveCount(2)
  await expect(overdue.getByRole('rowheader', { name: ownCode, exact: true })).toHaveCount(1)
  await expect(overdue.getByText('Davon 2 in Vertretung.')).toBeVisible()
  await expectNoAxeViolations(page)

  // "Erledigt" on Bilal's first row, by keyboard: done, the focus on the row now in its place
  await hydrated(overdue.locator('form'))
  const buttons = bucket(page, 'Überfällig').getByRole('button', { name: /^Wiedervorlage für .+ als erledigt markieren$/ })
  // the rows of one day are ordered by id: Bilal's first row may be any of the three
  const index = await overdue.locator('tbody tr').evaluateAll((rows, name) => rows.findIndex((row) => row.textContent?.includes(`Vertretung für ${name}`)), bilalsName)
  await buttons.nth(index).focus()
  await page.keyboard.press('Enter')
  await expect(page.getByText('Die Wiedervorlage wurde als erledigt markiert.')).toBeVisible()
  await expect(bucket(page, 'Überfällig 2').locator('tbody tr')).toHaveCount(2)
  await expect(bucket(page, 'Überfällig 2').getByText('Davon 1 in Vertretung.')).toBeVisible()
  await expect(buttons.nth(Math.min(index, 1))).toBeFocused()

  // /follow-ups: the same rows, the page says why
  await page.getByRole('link', { name: 'Alle offenen Wiedervorlagen' }).click()
  await expect(page).toHaveURL(/\/follow-ups$/)
  await expect(page.getByText(/Solange Sie eine Kollegin oder einen Kollegen vertreten/)).toBeVisible()
  await expect(page.getByRole('link', { name: 'Überfällig (2)' })).toBeVisible()
  await expect(bucket(page, 'Überfällig 2').getByRole('rowheader', { name: `${bilalsCode} Vertretung für ${bilalsName}` })).toHaveCount(1)
  await expectNoAxeViolations(page)
})

test('without JavaScript: "Erledigt" on the absent colleague\'s follow-up on /follow-ups (decision 211)', async ({ browser, baseURL }) => {
  const { sina, bilalsCode, bilalsName } = substituteWithFollowUps(baseURL)
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false, locale: 'de-DE' })
  const page = await context.newPage()
  try {
    await login(page, sina.email, { at: '/follow-ups?due=overdue' })
    const overdue = bucket(page, 'Überfällig 3')
    await expect(overdue.getByText('Davon 2 in Vertretung.')).toBeVisible()
    await overdue.getByRole('row').filter({ hasText: `Vertretung für ${bilalsName}` }).first().getByRole('button', { name: `Wiedervorlage für ${bilalsCode} als erledigt markieren` }).click()
    await expect(page).toHaveURL(/\/follow-ups\?due=overdue&done=follow-up$/)
    await expect(page.getByText('Die Wiedervorlage wurde als erledigt markiert.')).toBeVisible()
    await expect(bucket(page, 'Überfällig 2').getByRole('rowheader', { name: `${bilalsCode} Vertretung für ${bilalsName}` })).toHaveCount(1)
    await expect(bucket(page, 'Überfällig 2').getByText('Davon 1 in Vertretung.')).toBeVisible()
  } finally {
    await context.close()
  }
})
