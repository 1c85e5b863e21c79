import { type Page } from '@playwright/test'
import { e2eDatabase, insertCase, sqliteDate } from './db.ts'
import { demo, expectNoAxeViolations, login } from './utils.ts'
import { expect, test } from './fixtures.ts'

function createCase(baseURL: string | undefined, counsellor: string) {
  return insertCase(baseURL, { counsellor })
}

function storedGermanLevel(baseURL: string | undefined, caseId: string) {
  const db = e2eDatabase(baseURL)
  try {
    return (db.prepare('SELECT germanLevel, version FROM "Case" WHERE id = ?').get(caseId) as { germanLevel: string; version: number })
  } finally {
    db.close()
  }
}

async function openEdit(page: Page, caseId: string) {
  await page.goto(`/cases/${caseId}/edit`)
  await expect(page.getByRole('heading', { level: 2, name: 'Stammdaten bearbeiten' })).toBeVisible()
}

test('a counsellor opens a case file, edits master data, closes the case with a reason and reopens it', async ({ page, baseURL }) => {
  const { caseId, code } = createCase(baseURL, 'beratung.eae')
  await login(page, demo('beratung.eae'), { at: `/cases/${caseId}` })
  await expect(page.getByRole('heading', { level: 1 })).toContainText(code)
  await expect(page.locator('.case-header-badges')).toContainText('offen')
  await expect(page.locator('.case-facts')).toContainText('Bilal Berater')
  await expect(page.getByText('Es fehlen Angaben zum Datenschutz')).toBeVisible()
  const tabs = page.getByRole('navigation', { name: 'Bereiche der Fallakte' })
  await expect(tabs.getByRole('link', { name: 'Verlauf', exact: true })).toHaveAttribute('aria-current', 'page')
  await expect(page.getByText('Fall angelegt (Status: offen)')).toBeVisible()
  await expectNoAxeViolations(page)

  await tabs.getByRole('link', { name: 'Stammdaten', exact: true }).click()
  await expect(page.getByRole('heading', { level: 2, name: 'Stammdaten bearbeiten' })).toBeVisible()
  await expectNoAxeViolations(page)
  await page.getByLabel('Geburtsjahr').fill('1850')
  await page.getByRole('button', { name: 'Speichern' }).click()
  await expect(page.getByText('Bitte ein Geburtsjahr zwischen 1900 und dem laufenden Jahr angeben.')).toBeVisible()
  await page.getByLabel('Geburtsjahr').fill('1989')
  await page.getByLabel('Deutschkenntnisse').selectOption('B1')
  await page.getByLabel('Programm / Förderung').selectOption('JMD')
  await page.getByLabel('Rechtsgrundlage der Verarbeitung').selectOption({ index: 1 })
  await page.getByLabel('Datenschutzinformation gegeben am').fill('2026-01-15')
  await page.getByLabel('Form der Datenschutzinformation').selectOption('WRITTEN')
  await page.getByRole('button', { name: 'Speichern' }).click()
  await expect(page.getByText('Die Stammdaten wurden gespeichert.')).toBeVisible()
  await expect(page.getByLabel('Deutschkenntnisse')).toHaveValue('B1')
  await expect(page.getByText('Es fehlen Angaben zum Datenschutz')).toHaveCount(0)
  await expect(page.locator('.case-facts')).toContainText('Jugendmigrationsdienst')

  await tabs.getByRole('link', { name: 'Status', exact: true }).click()
  await page.getByLabel('Abschlussgrund').selectOption({ label: 'Ziele (weitgehend) erreicht' })
  await page.getByRole('button', { name: 'Fall abschließen' }).click()
  await page.getByRole('button', { name: 'Ja, Fall abschließen' }).click()
  await expect(page.getByText('Der Status ist jetzt: abgeschlossen.')).toBeVisible()
  await expect(page.locator('.case-header-badges')).toContainText('abgeschlossen')
  await expect(page.locator('.case-facts')).toContainText('Ziele (weitgehend) erreicht')
  await expectNoAxeViolations(page)
  await page.getByRole('button', { name: 'Fall wieder aufnehmen' }).click()
  await expect(page.getByText('Der Status ist jetzt: aktiv.')).toBeVisible()
  await expect(page.locator('.case-header-badges')).toContainText('aktiv')
  await expect(page.getByRole('table', { name: 'Statusverlauf' })).toContainText('abgeschlossen → aktiv')

  await tabs.getByRole('link', { name: 'Verlauf', exact: true }).click()
  await page.getByLabel('Art der Einträge').selectOption('programme')
  await page.getByRole('button', { name: 'Filtern' }).click()
  await expect(page).toHaveURL(/kind=programme/)
  await expect(page.locator('.timeline')).toContainText('Programm: Jugendmigrationsdienst (JMD)')
  await expect(page.locator('.timeline')).not.toContainText('Status geändert')
})

test('workflow 7: the second of two concurrent saves is refused with the conflict, the input stays and a second save applies', async ({ browser, baseURL }) => {
  const { caseId } = createCase(baseURL, 'beratung.eae')
  const counsellorContext = await browser.newContext()
  const leadContext = await browser.newContext()
  const counsellor = await counsellorContext.newPage()
  const lead = await leadContext.newPage()
  await login(counsellor, demo('beratung.eae'), { at: null })
  await login(lead, demo('leitung.eae'), { at: null })
  await openEdit(counsellor, caseId)
  await openEdit(lead, caseId)

  await lead.getByLabel('Deutschkenntnisse').selectOption('A2')
  await lead.getByRole('button', { name: 'Speichern' }).click()
  await expect(lead.getByText('Die Stammdaten wurden gespeichert.')).toBeVisible()

  await counsellor.getByLabel('Deutschkenntnisse').selectOption('C1')
  await counsellor.getByLabel('Erwachsene im Haushalt').fill('3')
  await counsellor.getByRole('button', { name: 'Speichern' }).click()
  const alert = counsellor.getByRole('alert')
  await expect(alert).toContainText('Lena Leitung hat diesen Fall am')
  await expect(alert).toContainText('Ihre Änderungen wurden nicht gespeichert.')
  await expect(alert).toContainText('Deutschkenntnisse – jetzt gespeichert: A2')
  await expect(counsellor.getByLabel('Deutschkenntnisse')).toHaveValue('C1')
  await expect(counsellor.getByLabel('Erwachsene im Haushalt')).toHaveValue('3')
  await expect(counsellor.getByText('Von anderer Person geändert, jetzt gespeichert: A2')).toBeVisible()
  expect(storedGermanLevel(baseURL, caseId)).toEqual({ germanLevel: 'A2', version: 2 })
  await expectNoAxeViolations(counsellor)

  await counsellor.getByRole('button', { name: 'Meine Eingaben speichern' }).click()
  await expect(counsellor.getByText('Die Stammdaten wurden gespeichert.')).toBeVisible()
  expect(storedGermanLevel(baseURL, caseId)).toEqual({ germanLevel: 'C1', version: 3 })
  await counsellorContext.close()
  await leadContext.close()
})

test('without JavaScript a stale save shows the conflict and keeps the input', async ({ browser, baseURL }) => {
  const { caseId } = createCase(baseURL, 'beratung.eae')
  const context = await browser.newContext({ javaScriptEnabled: false })
  const page = await context.newPage()
  await login(page, demo('beratung.eae'), { at: null })
  await openEdit(page, caseId)
  const db = e2eDatabase(baseURL)
  try {
    const lead = db.prepare('SELECT id FROM User WHERE email = ?').get(demo('leitung.eae')) as { id: string }
    db.prepare('UPDATE "Case" SET familyMembersCounselled = 2, version = version + 1, updatedById = ?, updatedAt = ? WHERE id = ?').run(lead.id, sqliteDate(new Date()), caseId)
  } finally {
    db.close()
  }
  await page.getByLabel('Mitberatene Familienangehörige').fill('4')
  await page.getByLabel('Kinder im Haushalt').fill('2')
  // a short select, written as one string of markup since session 26 (shortOptionsHtml): its choice is kept too
  await page.getByLabel('Deutschkenntnisse').selectOption('B2')
  await page.getByRole('button', { name: 'Speichern' }).click()
  await expect(page.getByRole('alert')).toContainText('Mitberatene Familienangehörige – jetzt gespeichert: 2')
  await expect(page.getByLabel('Mitberatene Familienangehörige')).toHaveValue('4')
  await expect(page.getByLabel('Kinder im Haushalt')).toHaveValue('2')
  await expect(page.getByLabel('Deutschkenntnisse')).toHaveValue('B2')
  await page.getByRole('button', { name: 'Meine Eingaben speichern' }).click()
  await expect(page.getByText('Die Stammdaten wurden gespeichert.')).toBeVisible()
  await expect(page.getByLabel('Mitberatene Familienangehörige')).toHaveValue('4')
  await context.close()
})

test('a case of another team answers 404', async ({ page, baseURL }) => {
  const { caseId } = createCase(baseURL, 'beratung.eae')
  await login(page, demo('beratung.rostock'), { at: null })
  for (const path of [`/cases/${caseId}`, `/cases/${caseId}/edit`, `/cases/${caseId}/residence`]) {
    const response = await page.goto(path)
    expect(response?.status(), path).toBe(404)
    await expect(page.getByRole('heading', { level: 1, name: 'Seite nicht gefunden' })).toBeVisible()
  }
})

test('the residence page records a status with expiry and announces the follow-up', async ({ page, baseURL }) => {
  const { caseId } = createCase(baseURL, 'beratung.eae')
  await login(page, demo('beratung.eae'), { at: `/cases/${caseId}/residence` })
  await expect(page.getByRole('table', { name: 'Verlauf des Aufenthaltsstatus (neuester zuerst)' })).toContainText('Aufenthaltsgestattung')
  await expectNoAxeViolations(page)
  await page.getByLabel('Aufenthaltsstatus', { exact: true }).selectOption({ label: 'B · Schutz gewährt: Flüchtlingsschutz (§ 25 Abs. 2 AufenthG)' })
  await page.getByLabel('Gültig ab').fill('2026-06-01')
  await page.getByLabel('Gültig bis (optional)').fill('2026-05-01')
  await page.getByRole('button', { name: 'Aufenthaltsstatus erfassen' }).click()
  await expect(page.getByText('Das Ablaufdatum muss nach dem Beginn liegen.')).toBeVisible()
  await page.getByLabel('Gültig bis (optional)').fill('2029-06-01')
  await page.getByRole('button', { name: 'Aufenthaltsstatus erfassen' }).click()
  await expect(page.getByText('Der Aufenthaltsstatus wurde erfasst.')).toBeVisible()
  await expect(page.getByText('Wiedervorlage am 20.04.2029.')).toBeVisible()
  // The entry from today (the case's first status) stays the newest; the new one is listed below it.
  await expect(page.getByRole('table', { name: 'Verlauf des Aufenthaltsstatus (neuester zuerst)' }).locator('tbody tr').nth(1)).toContainText('Flüchtlingsschutz')
})
