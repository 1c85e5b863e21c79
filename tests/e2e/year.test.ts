// Issue 14, items 4, 7, 9 and 10 in the browser: calendar dates in winter and summer time, manual
// follow-ups (success message, next entry empty), and closing a case without JavaScript — the
// confirmation lists the follow-ups that close with it, and a closed case takes no contact.
import { addDays, today } from '../../app/domain/follow-up.ts'
import { insertCase } from './db.ts'
import { expect, test } from './fixtures.ts'
import { demo, expectNoAxeViolations, login } from './utils.ts'

test('an absence "until 18.12." (winter time) and "until 14.07." (summer time) is shown until that day', async ({
  page,
}) => {
  await login(page, demo('leitung.rostock'), { at: '/team/absences' })
  const rows = page.getByRole('table', { name: 'Aktuelle und geplante Abwesenheiten' }).getByRole('row')
  for (const [first, last, shownFirst, shownLast] of [
    ['2026-12-14', '2026-12-18', '14.12.2026', '18.12.2026'],
    ['2027-07-01', '2027-07-14', '01.07.2027', '14.07.2027'],
  ] as const) {
    await page.getByLabel('Abwesende Person').selectOption({ index: 1 })
    await page.getByLabel('Vertretung', { exact: true }).selectOption({ index: 2 })
    await page.getByLabel('Erster Tag').fill(first)
    await page.getByLabel('Letzter Tag').fill(last)
    await page.getByRole('button', { name: 'Abwesenheit eintragen' }).click()
    const row = rows.filter({ hasText: shownFirst })
    await expect(row).toContainText(shownLast)
  }
  // Not yet begun: "Beenden" removes them again (the suite shares the database).
  for (const shownFirst of ['14.12.2026', '01.07.2027']) {
    await rows
      .filter({ hasText: shownFirst })
      .getByRole('button', { name: /Beenden|Abwesenheit von .* beenden/ })
      .click()
    await expect(rows.filter({ hasText: shownFirst })).toHaveCount(0)
  }
})

test('a manual follow-up: short text and due date, a success message, the next entry empty; on the start page; done', async ({
  page,
  baseURL,
}) => {
  test.slow()
  const { caseId, code } = insertCase(baseURL, { counsellor: 'beratung.rostock', status: 'ACTIVE' })
  await login(page, demo('beratung.rostock'), { at: `/cases/${caseId}` })
  await page
    .getByRole('navigation', { name: /Fallakte|Bereiche/ })
    .getByRole('link', { name: 'Wiedervorlagen' })
    .click()
  await expect(page.getByRole('heading', { level: 2, name: 'Wiedervorlagen' })).toBeVisible()
  await expect(page.getByText('Keine offenen Wiedervorlagen.')).toBeVisible()
  await expect(page.getByText('ohne Namen')).toBeVisible()
  await page.getByLabel('Fällig am', { exact: true }).fill(addDays(today().day, -1))
  await page.getByLabel('Kurztext').fill('Bescheid nachfragen')
  await page.getByRole('button', { name: 'Wiedervorlage anlegen' }).click()
  await expect(page.getByText('Das Datum darf nicht in der Vergangenheit liegen.')).toBeVisible()
  await page.getByLabel('Fällig am', { exact: true }).fill(today().day)
  await page.getByRole('button', { name: 'Wiedervorlage anlegen' }).click()
  await expect(
    page.getByRole('status').filter({ hasText: 'Die Wiedervorlage wurde angelegt.' }),
  ).toBeVisible()
  await expect(page.getByLabel('Kurztext')).toHaveValue('')
  await expect(page.getByLabel('Fällig am', { exact: true })).toHaveValue('')
  await expect(page.getByRole('table', { name: '1 offene Wiedervorlage' })).toContainText(
    'manuell: Bescheid nachfragen',
  )
  await expectNoAxeViolations(page)

  await page.goto('/')
  const dueToday = page
    .locator('.follow-up-bucket')
    .filter({ has: page.getByRole('heading', { level: 3, name: 'Heute fällig' }) })
  await expect(dueToday.getByRole('link', { name: code })).toBeVisible()
  await page.goto(`/cases/${caseId}/follow-ups`)
  await page.getByRole('button', { name: /Wiedervorlage fällig am .* als erledigt markieren/ }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Die Wiedervorlage ist erledigt.' })).toBeVisible()
  await expect(page.getByText('Keine offenen Wiedervorlagen.')).toBeVisible()
})

test('after a save the message is announced and the next entry starts empty: plan, goal, residence status', async ({
  page,
  baseURL,
}) => {
  test.slow()
  const { caseId } = insertCase(baseURL, { counsellor: 'beratung.rostock', status: 'ACTIVE', kind: 'CASE_MANAGEMENT' })
  await login(page, demo('beratung.rostock'), { at: `/cases/${caseId}/plan` })
  await page.getByRole('button', { name: 'Förderplan anlegen' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Der Förderplan wurde angelegt.' })).toBeVisible()
  await page.getByLabel('Thema').selectOption({ index: 1 })
  await page.getByLabel('Ziel (kurz beschrieben)').fill('Wohnung in Rostock finden')
  await page.getByLabel('Zieldatum').fill(addDays(today().day, 60))
  await page.getByRole('button', { name: 'Ziel hinzufügen' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Das Ziel wurde hinzugefügt.' })).toBeVisible()
  await expect(page.getByRole('table', { name: 'Ziele des Förderplans' })).toContainText('Wohnung in Rostock finden')
  await expect(page.getByLabel('Ziel (kurz beschrieben)')).toHaveValue('')
  await expect(page.getByLabel('Zieldatum')).toHaveValue('')

  await page.goto(`/cases/${caseId}/residence`)
  await page.getByLabel('Aufenthaltsstatus', { exact: true }).selectOption({ index: 1 })
  await page.getByLabel('Gültig ab').fill(today().day)
  await page.getByRole('button', { name: 'Aufenthaltsstatus erfassen' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Der Aufenthaltsstatus wurde erfasst.' })).toBeVisible()
  await expect(page.getByLabel('Gültig ab')).toHaveValue('')
  await expect(page.getByLabel('Aufenthaltsstatus', { exact: true })).toHaveValue('')
  await expectNoAxeViolations(page)
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('closing a case: a confirmation lists the follow-ups that close with it; then no contact until it is reopened', async ({
    page,
    baseURL,
  }) => {
    test.slow()
    const { caseId, code } = insertCase(baseURL, { counsellor: 'beratung.rostock', status: 'ACTIVE' })
    await login(page, demo('beratung.rostock'), { at: `/cases/${caseId}/follow-ups` })
    await page.getByLabel('Fällig am', { exact: true }).fill(addDays(today().day, 3))
    await page.getByLabel('Kurztext').fill('Unterlagen Jobcenter')
    await page.getByRole('button', { name: 'Wiedervorlage anlegen' }).click()
    await expect(page.getByText('Die Wiedervorlage wurde angelegt.')).toBeVisible()

    await page.goto(`/cases/${caseId}/status`)
    await page.getByLabel('Abschlussgrund').selectOption({ label: 'Ziele (weitgehend) erreicht' })
    await page.getByRole('button', { name: 'Fall abschließen' }).click()
    const confirm = page.locator('.confirm-step')
    await expect(confirm.getByRole('heading', { name: 'Fall abschließen?' })).toBeVisible()
    await expect(confirm).toContainText('Ziele (weitgehend) erreicht')
    await expect(confirm).toContainText('Diese offene Wiedervorlage wird mit dem Fall geschlossen:')
    await expect(confirm).toContainText('Unterlagen Jobcenter')
    // Nothing has happened yet; the keyboard reaches the confirmation.
    await expect(page.locator('.case-header-badges')).toContainText('aktiv')
    await confirm.getByRole('button', { name: 'Ja, Fall abschließen' }).focus()
    await page.keyboard.press('Enter')
    await expect(page.getByText('Der Status ist jetzt: abgeschlossen.')).toBeVisible()

    await page.goto(`/cases/${caseId}/follow-ups`)
    await expect(page.getByText('Keine offenen Wiedervorlagen.')).toBeVisible()
    await page.goto(`/cases/${caseId}/contacts/new`)
    await expect(page.getByRole('alert')).toContainText('Fall zuerst wieder öffnen.')
    await page.getByRole('link', { name: 'Fall wieder öffnen' }).click()
    await expect(page).toHaveURL(new RegExp(`/cases/${caseId}/status$`))
    expect(code).toBeTruthy()
  })
})
