import { type Page } from '@playwright/test'
import { demo, expectNoAxeViolations, login } from './utils.ts'
import { insertCase } from './db.ts'
import { expect, test } from './fixtures.ts'

/** Two open cases of the same counsellor: the session is recorded from the first with the second. */
function twoCases(baseURL: string | undefined, counsellor: string) {
  const first = insertCase(baseURL, { counsellor, status: 'ACTIVE', openedAt: new Date(Date.now() - 30 * 86_400_000) })
  const second = insertCase(baseURL, { counsellor, status: 'ACTIVE', openedAt: new Date(Date.now() - 30 * 86_400_000) })
  return { first, second }
}

test('a group session is recorded once from a case and appears in every participant’s timeline', async ({ page, baseURL }) => {
  test.slow()
  const { first, second } = twoCases(baseURL, 'beratung.greifswald')
  await login(page, demo('beratung.greifswald'), { at: `/cases/${first.caseId}/contacts/new` })
  await page.getByRole('link', { name: 'Gruppenangebot erfassen' }).click()
  await expect(page.getByRole('heading', { level: 2, name: 'Gruppenangebot erfassen' })).toBeVisible()
  await expectNoAxeViolations(page)
  await page.getByLabel('Dauer in Minuten').fill('90')
  await page.getByLabel('Form', { exact: true }).selectOption('OFFICE')
  await page.getByRole('checkbox', { name: 'Wohnen' }).check()
  await page.getByLabel('Kurze Beschreibung').fill('Workshop Wohnungssuche')
  await page.getByRole('checkbox', { name: second.code }).check()
  await page.getByLabel('Teilnehmende ohne Fallakte').fill('2')
  await page.getByRole('button', { name: 'Gruppenangebot speichern' }).click()
  await expect(page.getByText('Das Gruppenangebot wurde gespeichert.')).toBeVisible()
  await expect(page.getByRole('link', { name: second.code })).toBeVisible()
  await expectNoAxeViolations(page)

  // The other participant's timeline shows the session with everyone who took part.
  await page.goto(`/cases/${second.caseId}`)
  await expect(page.getByText('Gruppenangebot, 90 Min., persönlich in der Beratungsstelle, 4 Teilnehmende')).toBeVisible()
  await page.getByRole('link', { name: 'Gruppenangebot öffnen' }).click()
  await expect(page.getByRole('link', { name: first.code })).toBeVisible()

  // The author corrects it from the second case: two hours, and the first case did not take part after all.
  await expect(page.getByRole('heading', { level: 3, name: 'Gruppenangebot korrigieren' })).toBeVisible()
  await page.getByLabel('Dauer in Minuten').fill('120')
  await page.getByRole('checkbox', { name: first.code }).uncheck()
  await page.getByRole('button', { name: 'Änderungen speichern' }).click()
  await expect(page.getByText('Das Gruppenangebot wurde gespeichert.')).toBeVisible()
  await expect(page.getByText('120 Minuten', { exact: false })).toBeVisible()
  await expectNoAxeViolations(page)
  await page.goto(`/cases/${first.caseId}`)
  await expect(page.getByText(/^Gruppenangebot, /)).toHaveCount(0)

  // Deleted after a confirmation: gone from the second case's timeline too.
  await page.goto(`/cases/${second.caseId}`)
  await page.getByRole('link', { name: 'Gruppenangebot öffnen' }).click()
  await page.getByRole('button', { name: 'Gruppenangebot löschen …' }).click()
  await expect(page.getByRole('heading', { name: 'Gruppenangebot wirklich löschen?' })).toBeFocused()
  await expectNoAxeViolations(page)
  await page.getByRole('button', { name: 'Endgültig löschen' }).click()
  await expect(page.getByText('Das Gruppenangebot wurde gelöscht.')).toBeVisible()
  await expect(page).toHaveURL(new RegExp(`/cases/${second.caseId}\\?done=groupSessionDeleted$`))
  await expect(page.getByText(/^Gruppenangebot, /)).toHaveCount(0)
})

/**
 * The participant search (session 23): posts the whole form, keeps every value and ticked case, and
 * lists the cases whose code starts with what was typed; Enter in a field still saves.
 */
async function searchAndSave(page: Page, cases: { second: { code: string }; third: { code: string } }, { javaScript }: { javaScript: boolean }) {
  await page.getByLabel('Dauer in Minuten').fill('45')
  await page.getByLabel('Form', { exact: true }).selectOption('OFFICE')
  await page.getByRole('checkbox', { name: 'Wohnen' }).check()
  await page.getByLabel('Kurze Beschreibung').fill('Sprachcafé')
  await page.getByRole('checkbox', { name: cases.second.code }).check()
  // the third case's code typed in small letters without its dashes, its first seven symbols
  await page.getByLabel('Fall suchen (Pseudonym-Code)').fill(cases.third.code.replaceAll('-', '').slice(0, 7).toLowerCase())
  await page.getByRole('button', { name: 'Fälle suchen' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'gefunden, dessen Code mit' })).toHaveText(
    `1 Fall gefunden, dessen Code mit ${cases.third.code.slice(0, 8)} beginnt.`,
  )
  // the field shows the code as read, as the announcement does (with JavaScript too: it kept what was typed until session 24)
  await expect(page.getByLabel('Fall suchen (Pseudonym-Code)')).toHaveValue(cases.third.code.slice(0, 8))
  await expect(page.getByLabel('Kurze Beschreibung')).toHaveValue('Sprachcafé')
  await expect(page.getByLabel('Dauer in Minuten')).toHaveValue('45')
  await expect(page.getByRole('checkbox', { name: 'Wohnen' })).toBeChecked()
  // the ticked case stays ticked (listed after the match); nothing was saved
  await expect(page.getByRole('checkbox', { name: cases.second.code })).toBeChecked()
  await expect(page.getByText('Das Gruppenangebot wurde gespeichert.')).toHaveCount(0)
  // axe runs in the page: not without JavaScript
  if (javaScript) await expectNoAxeViolations(page)
  await page.getByRole('checkbox', { name: cases.third.code }).check()
  // Enter in a field saves (the form's first submit button), not the search
  await page.getByLabel('Teilnehmende ohne Fallakte').fill('1')
  await page.getByLabel('Teilnehmende ohne Fallakte').press('Enter')
  await expect(page.getByText('Das Gruppenangebot wurde gespeichert.')).toBeVisible()
  await expect(page.getByRole('link', { name: cases.second.code })).toBeVisible()
  await expect(page.getByRole('link', { name: cases.third.code })).toBeVisible()
}

test('the participant search finds a case by the start of its code, keeps the form, and Enter saves', async ({ page, baseURL }) => {
  const { first, second } = twoCases(baseURL, 'beratung.greifswald')
  const third = insertCase(baseURL, { counsellor: 'beratung.greifswald', status: 'ACTIVE', openedAt: new Date(Date.now() - 30 * 86_400_000) })
  await login(page, demo('beratung.greifswald'), { at: `/cases/${first.caseId}/group-sessions/new` })
  await searchAndSave(page, { second, third }, { javaScript: true })
})

/**
 * Enter in the search field of a complete form searches and saves nothing: with JavaScript the field's own
 * handler presses the search button; without it Enter presses the form's first (save) button, and the
 * action takes a typed code that was not searched yet as a search (decision 165).
 */
async function enterInSearchField(page: Page, baseURL: string | undefined, account: string) {
  const { first, second } = twoCases(baseURL, account)
  await login(page, demo(account), { at: `/cases/${first.caseId}/group-sessions/new` })
  // every field the session needs is filled in: Enter on the form's default button would save it
  await page.getByLabel('Dauer in Minuten').fill('45')
  await page.getByLabel('Form', { exact: true }).selectOption('OFFICE')
  await page.getByRole('checkbox', { name: 'Wohnen' }).check()
  await page.getByLabel('Kurze Beschreibung').fill('Sprachcafé')
  const search = page.getByLabel('Fall suchen (Pseudonym-Code)')
  await search.fill(second.code)
  await search.press('Enter')
  await expect(page.getByRole('status').filter({ hasText: 'gefunden, dessen Code mit' })).toHaveText(`1 Fall gefunden, dessen Code mit ${second.code} beginnt.`)
  await expect(page.getByText('Das Gruppenangebot wurde gespeichert.')).toHaveCount(0)
  await expect(page).toHaveURL(new RegExp(`/cases/${first.caseId}/group-sessions/new$`))
  await expect(page.getByLabel('Kurze Beschreibung')).toHaveValue('Sprachcafé')
  // then the case found is ticked and the session saved with it (the searched code still in the field)
  await page.getByRole('checkbox', { name: second.code }).check()
  await page.getByRole('button', { name: 'Gruppenangebot speichern' }).click()
  await expect(page.getByText('Das Gruppenangebot wurde gespeichert.')).toBeVisible()
  await expect(page.getByRole('link', { name: second.code })).toBeVisible()
}

test('Enter in the participant search field searches, also when the form is complete, and saves nothing', async ({ page, baseURL }) => {
  await enterInSearchField(page, baseURL, 'beratung.greifswald')
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('the group session form answers errors next to the fields, keeps the input and saves', async ({ page, baseURL }) => {
    const { first, second } = twoCases(baseURL, 'beratung2.rostock')
    await login(page, demo('beratung2.rostock'), { at: `/cases/${first.caseId}/group-sessions/new` })
    await page.getByLabel('Dauer in Minuten').fill('0')
    await page.getByLabel('Form', { exact: true }).selectOption('OUTREACH')
    await page.getByRole('checkbox', { name: second.code }).check()
    await page.getByLabel('Teilnehmende ohne Fallakte').fill('1')
    await page.getByRole('button', { name: 'Gruppenangebot speichern' }).click()
    await expect(page.getByText('Bitte geben Sie die Dauer in ganzen Minuten an (1 bis 600).')).toBeVisible()
    await expect(page.getByText('Bitte kurz beschreiben, worum es ging.')).toBeVisible()
    await expect(page.getByLabel('Form', { exact: true })).toHaveValue('OUTREACH')
    await expect(page.getByRole('checkbox', { name: second.code })).toBeChecked()
    await expect(page.getByLabel('Teilnehmende ohne Fallakte')).toHaveValue('1')
    await page.getByLabel('Dauer in Minuten').fill('60')
    await page.getByRole('checkbox', { name: 'Wohnen' }).check()
    await page.getByLabel('Kurze Beschreibung').fill('Infoabend Wohnen')
    await page.getByRole('button', { name: 'Gruppenangebot speichern' }).click()
    await expect(page.getByText('Das Gruppenangebot wurde gespeichert.')).toBeVisible()
    await expect(page.getByRole('definition').filter({ hasText: 'Infoabend Wohnen' })).toBeVisible()

    // A correction with an error keeps the input; then the session is deleted through the confirmation step.
    await page.getByLabel('Kurze Beschreibung').fill(' ')
    await page.getByLabel('Teilnehmende ohne Fallakte').fill('3')
    await page.getByRole('button', { name: 'Änderungen speichern' }).click()
    await expect(page.getByText('Bitte kurz beschreiben, worum es ging.')).toBeVisible()
    await expect(page.getByLabel('Teilnehmende ohne Fallakte')).toHaveValue('3')
    await page.getByRole('button', { name: 'Gruppenangebot löschen …' }).click()
    await page.getByRole('button', { name: 'Endgültig löschen' }).click()
    await expect(page.getByText('Das Gruppenangebot wurde gelöscht.')).toBeVisible()
  })

  test('the participant search works without JavaScript: values and ticks kept, Enter saves', async ({ page, baseURL }) => {
    const { first, second } = twoCases(baseURL, 'beratung2.rostock')
    const third = insertCase(baseURL, { counsellor: 'beratung2.rostock', status: 'ACTIVE', openedAt: new Date(Date.now() - 30 * 86_400_000) })
    await login(page, demo('beratung2.rostock'), { at: `/cases/${first.caseId}/group-sessions/new` })
    await searchAndSave(page, { second, third }, { javaScript: false })
  })

  test('Enter in the participant search field searches without JavaScript too, and saves nothing', async ({ page, baseURL }) => {
    await enterInSearchField(page, baseURL, 'beratung2.rostock')
  })
})
