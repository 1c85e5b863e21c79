import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import { type Browser } from '@playwright/test'
import { e2eDatabase, insertCase, sqliteDate } from './db.ts'
import { demo, expectNoAxeViolations, login } from './utils.ts'
import { expect, test } from './fixtures.ts'

function createCase(baseURL: string | undefined, counsellor: string) {
  return insertCase(baseURL, { counsellor, kind: 'SHORT', programme: 'REFUGEE' })
}

/** A billable assignment of this year in the case (for the overview), written directly. */
function addBillableMediation(baseURL: string | undefined, caseId: string, languageCode: string) {
  const db = e2eDatabase(baseURL)
  try {
    const now = sqliteDate(new Date())
    db.prepare(
      `INSERT INTO LanguageMediation (id, caseId, languageCode, mode, providerKind, requestedAt, performedAt, billedMinutes, costCents, costBearer, status, version, createdAt, updatedAt)
       VALUES (?, ?, ?, 'VIDEO', 'AGENCY', ?, ?, 45, 3375, 'PROJECT', 'INVOICED', 1, ?, ?)`,
    ).run(randomUUID(), caseId, languageCode, now, now, now, now)
  } finally {
    db.close()
  }
}

// These walk through whole workflows with several sign-ins (which add to the budget as they go).
test.slow()

/** A browser context of its own, signed in, on `at` (the start page by default); `response` is that page's answer. */
async function signedIn(browser: Browser, user: string, at?: string) {
  const context = await browser.newContext()
  const page = await context.newPage()
  const response = await login(page, demo(user), { at })
  return { context, page, response }
}

test('workflow 1: a counsellor requests Arabic phone mediation from the contact form, links it and records 30 minutes', async ({ page, baseURL }) => {
  const { caseId } = createCase(baseURL, 'beratung.eae')
  // From the contact form, "Sprachmittlung anfragen" leads to the request page and back (returnTo).
  // Until the contact form shows the link (“Sprachmittlung anfragen”), the test opens its address.
  await login(page, demo('beratung.eae'), { at: `/cases/${caseId}/contacts/new` })
  const requestLink = page.getByRole('main').getByRole('link', { name: 'Sprachmittlung anfragen' })
  if ((await requestLink.count()) > 0) await requestLink.click()
  else await page.goto(`/cases/${caseId}/mediation/new?returnTo=${encodeURIComponent(`/cases/${caseId}/contacts/new`)}`)
  await expect(page.getByRole('heading', { level: 2, name: 'Sprachmittlung anfragen' })).toBeVisible()
  await expectNoAxeViolations(page)
  await page.getByLabel('Sprache', { exact: true }).selectOption('arb')
  await page.getByLabel('Form', { exact: true }).selectOption('PHONE')
  await page.getByLabel('Anbieter aus dem Partnerverzeichnis').selectOption({ label: 'Sprachmittlungspool Schwerin' })
  await page.getByLabel(/Kennung der Sprachmittlerin/).fill('Ahmad')
  await page.getByRole('button', { name: 'Anfrage speichern' }).click()
  await expect(page.getByText('Bitte nur eine Kurzkennung mit mindestens einer Ziffer')).toBeVisible()
  await page.getByLabel(/Kennung der Sprachmittlerin/).fill('SM-0412')
  await page.getByRole('button', { name: 'Anfrage speichern' }).click()

  // Back in the contact form: the new record can be linked to the contact.
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}/contacts/new\\?mediationId=`))
  const mediationId = new URL(page.url()).searchParams.get('mediationId')!
  await page.getByLabel('Dauer in Minuten').fill('30')
  await page.getByLabel('Form des Kontakts').selectOption('PHONE')
  await page.getByLabel('Verwendete Sprache').selectOption('arb')
  await page.getByLabel('Sprachmittlung', { exact: true }).selectOption('POOL')
  await page.getByLabel('Sprachmittlungseinsatz verknüpfen').selectOption(mediationId)
  await page.getByRole('group', { name: /Themen/ }).getByRole('checkbox').first().check()
  await page.getByRole('button', { name: 'Kontakt speichern' }).click()
  await expect(page).not.toHaveURL(/contacts\/new/)

  // The mediation tab lists it; the counsellor records the assignment as done.
  await page.goto(`/cases/${caseId}/mediation`)
  await expect(page.getByRole('heading', { level: 2, name: 'Sprachmittlung' })).toBeVisible()
  await expectNoAxeViolations(page)
  await page.getByRole('link', { name: /Sprachmittlung vom .* öffnen/ }).click()
  await expect(page.getByRole('heading', { level: 2, name: /Sprachmittlung: Arabisch/ })).toBeVisible()
  await expectNoAxeViolations(page)
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date())
  await page.getByLabel('Durchgeführt am').fill(today)
  await page.getByLabel('Abgerechnete Minuten').fill('-30')
  await page.getByLabel('Kosten in Euro').fill('-12,50')
  await page.getByRole('button', { name: 'Als durchgeführt markieren' }).click()
  await expect(page.getByText('Bitte eine ganze Zahl von 0 bis 1440 Minuten.').first()).toBeVisible()
  await expect(page.getByText('Kosten können nicht negativ sein.')).toBeVisible()
  await page.getByLabel('Abgerechnete Minuten').fill('30')
  await page.getByLabel('Kosten in Euro').fill('22,50')
  await page.getByRole('button', { name: 'Als durchgeführt markieren' }).click()
  await expect(page.getByText('Die Sprachmittlung wurde gespeichert.')).toBeVisible()
  const facts = page.getByRole('region', { name: /Sprachmittlung: Arabisch/ }).locator('dl.facts')
  await expect(facts).toContainText('durchgeführt')
  await expect(facts).toContainText('Telefon')
  await expect(facts).toContainText('SM-0412')
  await expect(facts).toContainText('22,50 €')
  // "Linked contacts": the date of the contact recorded above.
  await expect(facts.locator('dd').last()).toHaveText(/^\d{2}\.\d{2}\.\d{4}$/)
  await expect(page.getByRole('table', { name: 'Verlauf' })).toContainText('angefragt')
})

test('a second save of the same mediation is refused with who changed what; the entries stay for a deliberate re-save', async ({ browser, baseURL }) => {
  const { caseId } = createCase(baseURL, 'beratung.eae')
  const db = e2eDatabase(baseURL)
  const mediationId = randomUUID()
  try {
    const now = sqliteDate(new Date())
    db.prepare(
      `INSERT INTO LanguageMediation (id, caseId, languageCode, mode, providerKind, requestedAt, status, version, createdAt, updatedAt)
       VALUES (?, ?, 'fas', 'ON_SITE', 'FREELANCE', ?, 'CONFIRMED', 1, ?, ?)`,
    ).run(mediationId, caseId, now, now, now)
  } finally {
    db.close()
  }
  const path = `/cases/${caseId}/mediation/${mediationId}`
  const lead = await signedIn(browser, 'leitung.eae', path)
  const counsellor = await signedIn(browser, 'beratung.eae', path)
  await lead.page.getByLabel('Fahrzeit in Minuten').fill('20')
  await lead.page.getByRole('button', { name: 'Änderungen speichern' }).click()
  await expect(lead.page.getByText('Die Sprachmittlung wurde gespeichert.')).toBeVisible()

  await counsellor.page.getByLabel('Fahrzeit in Minuten').fill('45')
  await counsellor.page.getByRole('button', { name: 'Änderungen speichern' }).click()
  const alert = counsellor.page.getByRole('alert')
  await expect(alert).toContainText('Diese Sprachmittlung wurde inzwischen von Lena Leitung geändert')
  await expect(alert).toContainText('Geändert wurde: Fahrzeit (Minuten).')
  const facts = counsellor.page.getByRole('region', { name: /Sprachmittlung: Persisch/ }).locator('dl.facts')
  // The page now shows the other person's value; the form still holds this user's entry.
  await expect(facts).toContainText('20')
  await expectNoAxeViolations(counsellor.page)
  await expect(counsellor.page.getByLabel('Fahrzeit in Minuten')).toHaveValue('45')
  await counsellor.page.getByRole('button', { name: 'Änderungen speichern' }).click()
  await expect(counsellor.page.getByText('Die Sprachmittlung wurde gespeichert.')).toBeVisible()
  await expect(facts).toContainText('45')
  await lead.context.close()
  await counsellor.context.close()
})

test('workflow 3: the EAE team lead transfers a case to Rostock; the EAE counsellor loses access, the Rostock lead opens it', async ({ browser, baseURL }) => {
  const { caseId, code } = createCase(baseURL, 'beratung.eae')

  const lead = await signedIn(browser, 'leitung.eae', `/cases/${caseId}`)
  await lead.page.getByRole('navigation', { name: 'Bereiche der Fallakte' }).getByRole('link', { name: 'Übergabe' }).click()
  await expect(lead.page.getByRole('heading', { level: 2, name: 'Übergabe an ein anderes Team' })).toBeVisible()
  await expectNoAxeViolations(lead.page)
  await lead.page.getByLabel('An Team').selectOption({ label: 'Beratungsstelle Rostock' })
  await lead.page.getByLabel('Grund').selectOption('DISTRIBUTION')
  await lead.page.getByLabel('Übergabenotiz').fill('Verteilt nach Rostock. Termin Ausländerbehörde steht noch aus.')
  await lead.page.getByRole('button', { name: 'Fall übergeben' }).click()
  await expect(lead.page.getByRole('heading', { name: 'Fall übergeben?' })).toBeFocused()
  await expect(lead.page.locator('.confirm-step')).toContainText('Termin Ausländerbehörde steht noch aus.')
  await lead.page.getByRole('button', { name: 'Ja, Fall übergeben' }).click()
  await expect(lead.page).toHaveURL(/\/cases\?transferred=1/)
  await lead.context.close()

  const { response, ...counsellor } = await signedIn(browser, 'beratung.eae', `/cases/${caseId}`)
  expect(response?.status()).toBe(404)
  await expect(counsellor.page.getByRole('heading', { name: 'Seite nicht gefunden' })).toBeVisible()
  await counsellor.context.close()

  // The receiving lead finds the case in the team's unassigned queue (/team/queue, decision 225) and opens it.
  const receiving = await signedIn(browser, 'leitung.rostock', '/team/queue')
  await receiving.page.getByRole('link', { name: code }).click()
  await expect(receiving.page).toHaveURL(new RegExp(`/cases/${caseId}$`))
  await expect(receiving.page.getByRole('heading', { level: 1 })).toContainText(code)
  await receiving.page.goto(`/cases/${caseId}/transfer`)
  const history = receiving.page.getByRole('table', { name: 'Bisherige Übergaben' })
  await expect(history).toContainText('EAE Nostorf-Horst')
  await expect(history).toContainText('Verteilt nach Rostock. Termin Ausländerbehörde steht noch aus.')
  await expect(receiving.page.getByRole('region', { name: 'Übergabe an ein anderes Team' }).locator('dl.facts').first()).toContainText('nicht zugewiesen')
  await expectNoAxeViolations(receiving.page)
  await receiving.context.close()
})

test('a counsellor requests a transfer and the team lead confirms it on the case page', async ({ browser, baseURL }) => {
  const { caseId } = createCase(baseURL, 'beratung.eae')
  const counsellor = await signedIn(browser, 'beratung.eae', `/cases/${caseId}/transfer`)
  await counsellor.page.getByLabel('An Team').selectOption({ label: 'Beratungsstelle Greifswald' })
  await counsellor.page.getByLabel('Grund').selectOption('MOVE')
  await counsellor.page.getByRole('button', { name: 'Übergabe beantragen' }).click()
  await expect(counsellor.page.getByText('Die Übergabe wurde beantragt.')).toBeVisible()
  await expect(counsellor.page.getByText('Der Antrag wartet auf die Entscheidung der Teamleitung.')).toBeVisible()
  await expectNoAxeViolations(counsellor.page)
  await counsellor.context.close()

  const lead = await signedIn(browser, 'leitung.eae', `/cases/${caseId}/transfer`)
  await expect(lead.page.getByRole('heading', { name: 'Beantragte Übergabe' })).toBeVisible()
  await expectNoAxeViolations(lead.page)
  await lead.page.getByRole('button', { name: 'Übergabe bestätigen' }).click()
  await expect(lead.page).toHaveURL(/\/cases\?transferred=1/)
  await lead.context.close()

  const { response, ...receiving } = await signedIn(browser, 'leitung.greifswald', `/cases/${caseId}/transfer`)
  expect(response?.status()).toBe(200)
  await expect(receiving.page.getByRole('table', { name: 'Bisherige Übergaben' })).toContainText('übergeben')
  await receiving.context.close()
})

test('the team overview shows hours and cost per month and downloads a CSV for German spreadsheets', async ({ page, baseURL }) => {
  const { caseId } = createCase(baseURL, 'beratung.eae')
  addBillableMediation(baseURL, caseId, 'tir')
  await login(page, demo('leitung.eae'))
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Sprachmittlung' }).click()
  await expect(page.getByRole('heading', { level: 1, name: /Sprachmittlung: Einsätze, Stunden und Kosten/ })).toBeVisible()
  await expect(page.getByRole('table', { name: /Nach Sprache/ })).toContainText('Tigrinya')
  await expect(page.getByRole('table', { name: /Nach Form/ })).toContainText('Video')
  await expectNoAxeViolations(page)

  const downloadPromise = page.waitForEvent('download')
  await page.getByRole('link', { name: 'CSV für die Abrechnung herunterladen' }).click()
  const download = await downloadPromise
  expect(download.suggestedFilename()).toMatch(/^sprachmittlung-\d{4}\.csv$/)
  const bytes = fs.readFileSync(await download.path())
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  const text = bytes.toString('utf8').slice(1)
  const [header, ...rows] = text.trimEnd().split('\r\n')
  expect(header).toBe('Monat;Sprache;Sprachcode (ISO 639-3);Form;Kostenträger;Einsätze;Stunden;Kosten (EUR)')
  expect(rows.some((row) => /;Tigrinya;tir;Video;Projekt;\d+;\d+,\d{2};\d+,\d{2}$/.test(row))).toBe(true)
  expect(text).not.toMatch(/MT[0-9A-F]{6}/)

  await page.getByRole('button', { name: 'English' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Language mediation: assignments, hours and cost' })).toBeVisible()
  await expect(page.getByRole('table', { name: /By mode/ })).toContainText('video')
  await expectNoAxeViolations(page)
})
