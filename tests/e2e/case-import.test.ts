import { insertTeam, insertUser, uniqueTag } from './db.ts'
import { expect, test } from './fixtures.ts'
import { demo, expectNoAxeViolations, login, switchUser } from './utils.ts'

const HEADER = 'Zeilenschlüssel;Eröffnet am;Programm;Berater E-Mail;Geburtsjahr;Geschlecht;Aufenthaltsstatus;Zugangsweg;Deutschkenntnisse;Beratungsbeginn (Ort);Art des Falls'

function file(rows: string[]) {
  return { name: 'laufende-faelle.csv', mimeType: 'text/csv', buffer: Buffer.from(`${[HEADER, ...rows].join('\r\n')}\r\n`, 'utf8') }
}

test('an administrator downloads the template, checks a file (row errors), imports it once, and a second run skips it', async ({ page, baseURL }) => {
  test.slow()
  const team = insertTeam(baseURL)
  const counsellor = insertUser(baseURL, { teamId: team.id })
  const tag = uniqueTag()
  const good = [
    `${tag}-1;15.03.2024;MBE;${counsellor.email};1988;weiblich;GESTATTUNG;Mundpropaganda;B1;eigene Wohnung;Case Management`,
    `${tag}-2;2025-01-02;Flüchtlingsberatung;;2001;männlich;Duldung (§ 60a AufenthG, auch §§ 60c/60d);EAE_REFERRAL;A1;Gemeinschaftsunterkunft;Kurzberatung`,
  ]
  const broken = [good[0]!, `${tag}-2;02.01.2025;Hausaufgabenhilfe;;2001;männlich;GESTATTUNG;EAE_REFERRAL;A1;Gemeinschaftsunterkunft;Kurzberatung`]

  await login(page, demo('admin'))
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Import laufender Fälle' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Laufende Fälle importieren' })).toBeVisible()
  await expectNoAxeViolations(page)
  const download = page.waitForEvent('download')
  await page.getByRole('link', { name: 'Vorlage herunterladen (CSV)' }).click()
  expect((await download).suggestedFilename()).toBe('wegbegleiter-import-vorlage.csv')

  await page.getByLabel('Team, in das importiert wird').selectOption({ label: team.name })
  await page.getByLabel('CSV-Datei').setInputFiles(file(broken))
  await page.getByRole('button', { name: 'Probelauf' }).click()
  await expect(page.getByText('1 Fehler in 2 Zeilen – nichts wurde importiert.')).toBeVisible()
  const errorRow = page.getByRole('table', { name: 'Fehler nach Zeile' }).getByRole('row').nth(1)
  await expect(errorRow).toContainText('3')
  await expect(errorRow).toContainText('Programm')
  await expect(errorRow).toContainText('Unbekannter Wert „Hausaufgabenhilfe“')
  await expect(page.getByLabel('Team, in das importiert wird')).toHaveValue(team.id)
  await expectNoAxeViolations(page)

  await page.getByLabel('CSV-Datei').setInputFiles(file(good))
  await page.getByRole('button', { name: 'Probelauf' }).click()
  await expect(page.getByText('Probelauf ohne Fehler: 2 Zeilen gelesen, 2 Fälle würden importiert, 0 Zeilen sind schon importiert.')).toBeVisible()
  await expectNoAxeViolations(page)

  await page.getByLabel('CSV-Datei').setInputFiles(file(good))
  await page.getByRole('button', { name: 'Importieren' }).click()
  await expect(page.getByText('Import abgeschlossen: 2 Fälle importiert, 0 Zeilen übersprungen (schon importiert), 0 Fehler.')).toBeVisible()
  await expectNoAxeViolations(page)

  await page.getByLabel('Team, in das importiert wird').selectOption({ label: team.name })
  await page.getByLabel('CSV-Datei').setInputFiles(file(good))
  await page.getByRole('button', { name: 'Importieren' }).click()
  await expect(page.getByText('Import abgeschlossen: 0 Fälle importiert, 2 Zeilen übersprungen (schon importiert), 0 Fehler.')).toBeVisible()

  // The counsellor named in the file finds their case; the other one waits in the team's queue.
  await switchUser(page)
  await login(page, counsellor.email, { at: '/cases' })
  await expect(page.getByText('1 Fall', { exact: true })).toBeVisible()
  await expect(page.getByRole('table').getByRole('row')).toHaveCount(2)
})

test('without JavaScript: a file in the wrong separator is named as such, and a good one is imported', async ({ browser, baseURL }) => {
  test.slow()
  const team = insertTeam(baseURL)
  const tag = uniqueTag()
  const row = `${tag}-1;01.06.2024;JMD;;2005;divers;GESTATTUNG;ONLINE;A2;anderer Ort;Kurzberatung`
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false, locale: 'de-DE' })
  const page = await context.newPage()
  await login(page, demo('admin'), { at: '/admin/import' })
  await page.getByLabel('Team, in das importiert wird').selectOption({ label: team.name })
  await page.getByLabel('CSV-Datei').setInputFiles({ ...file([row]), buffer: Buffer.from(`${HEADER}\r\n${row}\r\n`.replaceAll(';', ','), 'utf8') })
  await page.getByRole('button', { name: 'Probelauf' }).click()
  await expect(page.getByText('Die Spalten sind durch Kommas getrennt.')).toBeVisible()

  await page.getByLabel('Team, in das importiert wird').selectOption({ label: team.name })
  await page.getByLabel('CSV-Datei').setInputFiles(file([row]))
  await page.getByRole('button', { name: 'Importieren' }).click()
  await expect(page.getByText('Import abgeschlossen: 1 Fälle importiert')).toBeVisible()
  await context.close()
})
