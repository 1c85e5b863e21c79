// Issue 14, items 1–3: a case opened in the past (go-live) refuses earlier contacts; a returning
// client gets a new case with the same code; family links show only what the user may see; a team
// lead merges two records of one person and the old code leads to the kept one.
import type { Page } from '@playwright/test'
import { generatePseudonymCode } from '#app/domain/pseudonym-code.ts'
import { e2eDatabase, insertCase, sqliteDate } from './db.ts'
import { expect, test } from './fixtures.ts'
import { demo, expectNoAxeViolations, login, switchUser } from './utils.ts'

/** A case from insertCase, whose client gets a real pseudonym code (with a valid check symbol). */
function caseWithCode(baseURL: string | undefined, options: Parameters<typeof insertCase>[1]) {
  const kase = insertCase(baseURL, options)
  const code = generatePseudonymCode()
  const db = e2eDatabase(baseURL)
  try {
    db.prepare('UPDATE Client SET pseudonymCode = ? WHERE id = ?').run(code, kase.clientId)
  } finally {
    db.close()
  }
  return { ...kase, code }
}

function closeCase(baseURL: string | undefined, caseId: string) {
  const db = e2eDatabase(baseURL)
  try {
    db.prepare(`UPDATE "Case" SET status = 'CLOSED', closedAt = ? WHERE id = ?`).run(sqliteDate(new Date()), caseId)
  } finally {
    db.close()
  }
}

// Long walks through several pages with accessibility checks on the way.
test.describe.configure({ timeout: 90_000 })

function daysAgo(days: number) {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10)
}

async function fillCaseFields(page: Page) {
  await page.getByLabel('Programm / Förderung').selectOption({ label: 'Flüchtlingsberatung' })
  await page.getByLabel('Art des Falls').selectOption({ label: 'Case Management' })
  await page.getByLabel('Beratungsbeginn (Ort)').selectOption({ label: 'eigene Wohnung' })
  await page.getByLabel('Zugangsweg').selectOption({ label: 'Mundpropaganda' })
  await page.getByLabel('Deutschkenntnisse').selectOption({ label: 'keine Kenntnisse' })
}

test('go-live: a running case is entered with its opening day; a contact before it is refused', async ({ page }) => {
  await login(page, demo('beratung.greifswald'), { at: '/cases/new' })
  await page.getByLabel('Geburtsjahr').fill('1985')
  await page.getByLabel('Geschlecht').selectOption({ label: 'männlich' })
  await page.getByLabel('Aufenthaltsstatus', { exact: true }).selectOption({ label: 'Aufenthaltsgestattung (§ 55 AsylG)' })
  await fillCaseFields(page)
  // the opening day defaults to today; a year before the birth year is refused next to the field
  await expect(page.getByLabel('Eröffnet am')).not.toHaveValue('')
  await page.getByLabel('Eröffnet am').fill('1984-05-02')
  await page.getByRole('button', { name: 'Fall anlegen' }).click()
  await expect(page.getByText('Das Eröffnungsdatum liegt vor dem Geburtsjahr.')).toBeVisible()
  await page.getByLabel('Eröffnet am').fill(daysAgo(10))
  await page.getByRole('button', { name: 'Fall anlegen' }).click()
  await expect(page).toHaveURL(/\/cases\/[^/]+\?created=1$/)
  const caseId = new URL(page.url()).pathname.split('/')[2]!

  await page.goto(`/cases/${caseId}/contacts/new`)
  await page.getByLabel('Datum', { exact: true }).fill(daysAgo(12))
  await page.getByLabel('Form des Kontakts').selectOption('OFFICE')
  await page.getByLabel('Dauer in Minuten').fill('30')
  await page.getByRole('checkbox', { name: 'Wohnen' }).check()
  await page.getByRole('button', { name: 'Kontakt speichern' }).click()
  await expect(page.getByText('Der Kontakt liegt vor der Eröffnung dieses Falls')).toBeVisible()
  await page.getByLabel('Datum', { exact: true }).fill(daysAgo(10))
  await page.getByRole('button', { name: 'Kontakt speichern' }).click()
  await expect(page.getByText('Der Kontakt wurde gespeichert.')).toBeVisible()
})

test('a returning client: a new case for the same person keeps the code', async ({ page, baseURL }) => {
  const first = caseWithCode(baseURL, { counsellor: 'beratung.eae' })
  closeCase(baseURL, first.caseId)
  await login(page, demo('beratung.eae'), { at: `/cases/${first.caseId}` })
  await page.getByRole('link', { name: 'Person & Familie' }).click()
  await expect(page.getByRole('heading', { name: 'Neuer Fall für diese Person' })).toBeVisible()
  await expect(page.getByText('Wieder öffnen (Status)')).toBeVisible()
  await expectNoAxeViolations(page)
  await page.getByRole('link', { name: 'Neuen Fall für diese Person anlegen' }).click()
  await expect(page.getByRole('heading', { level: 2, name: `Neuer Fall für ${first.code}` })).toBeVisible()
  // only the case's fields: the client's are kept
  await expect(page.getByLabel('Geburtsjahr')).toHaveCount(0)
  await fillCaseFields(page)
  await expectNoAxeViolations(page)
  await page.getByRole('button', { name: 'Fall anlegen' }).click()
  await expect(page).toHaveURL(/\/cases\/[^/]+\?created=1$/)
  expect(new URL(page.url()).pathname).not.toContain(first.caseId)
  await expect(page.getByRole('heading', { level: 1 })).toContainText(first.code)
  await page.getByRole('link', { name: 'Person & Familie' }).click()
  await expect(page.getByRole('link', { name: first.code })).toBeVisible()
  await expect(page.getByText('Die Person hat in Ihrem Team bereits einen laufenden Fall.')).toHaveCount(0)
})

test('family links show only the cases the user may see; a team lead merges two records of one person', async ({ page, baseURL }) => {
  const mother = caseWithCode(baseURL, { counsellor: 'beratung.rostock' })
  const son = caseWithCode(baseURL, { counsellor: 'beratung.rostock' })
  const father = caseWithCode(baseURL, { counsellor: 'beratung2.rostock' })
  const twice = caseWithCode(baseURL, { counsellor: 'beratung.rostock' })

  await login(page, demo('leitung.rostock'), { at: `/cases/${mother.caseId}/person` })
  for (const [code, relation] of [
    [son.code, 'Elternteil / Kind'],
    [father.code, 'Partner/in'],
  ] as const) {
    await page.getByLabel('Pseudonym-Code der anderen Person').fill(code)
    await page.getByLabel('Verbindung').selectOption({ label: relation })
    await page.getByRole('button', { name: 'Verknüpfen' }).click()
    await expect(page.getByText('Die Personen sind verknüpft.')).toBeVisible()
  }
  // merge: the summary first, then the confirmation
  await page.getByLabel('Pseudonym-Code des anderen Datensatzes').fill(twice.code)
  await page.getByRole('button', { name: 'Zusammenfassung anzeigen' }).click()
  const summary = page.getByTestId('merge-summary')
  await expect(summary).toContainText(mother.code)
  await expect(summary).toContainText(twice.code)
  await expectNoAxeViolations(page)
  await page.getByRole('button', { name: 'Endgültig zusammenführen' }).click()
  await expect(page.getByText('Die Personen sind zusammengeführt.')).toBeVisible()
  await expect(page.getByTestId('merged-codes')).toContainText(twice.code)

  // the counsellor of mother and son sees the son, and the father only as a count
  await switchUser(page)
  await login(page, demo('beratung.rostock'), { at: `/cases/${mother.caseId}/person` })
  await expect(page.getByTestId('linked-persons')).toContainText(son.code)
  await expect(page.getByText('1 weitere verknüpfte Person, kein Zugriff')).toBeVisible()
  await expect(page.getByText(father.code)).toHaveCount(0)
  // linking grants nothing: the father's case stays closed to her
  const response = await page.goto(`/cases/${father.caseId}`)
  expect(response?.status()).toBe(404)
  // the merged code leads to the kept person, with a note
  await page.goto(`/cases?q=${twice.code}`)
  await expect(page.getByTestId('merged-code')).toContainText(mother.code)
  await expect(page.getByRole('table').getByRole('link', { name: mother.code })).toHaveCount(2)
})
