// Documents in the browser: upload several at once, a refused file, the list for those who may and
// may not open documents, the download as an attachment, the server-made preview, deleting, and the
// upload without JavaScript.
import fs from 'node:fs'
import { SAMPLE_FILES } from '../fixtures/documents.ts'
import { e2eDatabase, insertCase } from './db.ts'
import { expect, test } from './fixtures.ts'
import { demo, expectNoAxeViolations, login } from './utils.ts'

const files = {
  pdf: { name: 'Bescheid Amina.pdf', mimeType: 'application/pdf', buffer: SAMPLE_FILES.pdf },
  png: { name: 'Ausweis.png', mimeType: 'image/png', buffer: SAMPLE_FILES.png },
  exe: { name: 'scan.pdf', mimeType: 'application/pdf', buffer: SAMPLE_FILES.exe },
}

function documentCount(baseURL: string | undefined, caseId: string) {
  const db = e2eDatabase(baseURL)
  try {
    return (db.prepare('SELECT count(*) AS n FROM Document WHERE caseId = ?').get(caseId) as { n: number }).n
  } finally {
    db.close()
  }
}

test('a counsellor uploads documents, downloads one as an attachment, previews an image and deletes it; the team lead sees only that they exist', async ({ page, baseURL }) => {
  // two people, several uploads and axe runs (sign-ins and axe runs add to the budget themselves)
  test.slow()
  const { caseId } = insertCase(baseURL, { counsellor: 'beratung.eae' })
  await login(page, demo('beratung.eae'), { at: `/cases/${caseId}` })
  await page.getByRole('navigation', { name: 'Bereiche der Fallakte' }).getByRole('link', { name: 'Dokumente' }).click()
  await expect(page.getByRole('heading', { level: 2, name: 'Dokumente' })).toBeVisible()
  await expect(page.getByText('Zu diesem Fall gibt es noch keine Dokumente.')).toBeVisible()
  await expectNoAxeViolations(page)

  // a renamed executable among good files: a clear message, the other values kept, nothing stored
  await page.getByLabel('Dateien').setInputFiles([files.pdf, files.exe])
  await page.getByLabel('Art des Dokuments').selectOption({ label: 'Bescheid BAMF' })
  await page.getByLabel(/Kurze Beschreibung/).fill('Seiten 1–2')
  await page.getByRole('button', { name: 'Verschlüsselt hochladen' }).click()
  await expect(page.getByText('„scan.pdf“: Diese Art von Datei wird nicht angenommen.')).toBeVisible()
  await expect(page.getByLabel(/Kurze Beschreibung/)).toHaveValue('Seiten 1–2')
  await expect(page.getByLabel('Dateien')).toHaveAttribute('aria-invalid', 'true')
  expect(documentCount(baseURL, caseId)).toBe(0)
  await expectNoAxeViolations(page)

  await page.getByLabel('Dateien').setInputFiles([files.pdf, files.png])
  await page.getByLabel('Art des Dokuments').selectOption({ label: 'Bescheid BAMF' })
  await page.getByRole('button', { name: 'Verschlüsselt hochladen' }).click()
  await expect(page.getByText('2 Dokumente wurden verschlüsselt gespeichert.')).toBeVisible()
  const table = page.getByRole('table', { name: '2 Dokumente' })
  await expect(table).toContainText('PDF')
  await expect(table).toContainText('PNG-Bild')
  await expect(table).toContainText('Seiten 1–2')
  expect(documentCount(baseURL, caseId)).toBe(2)

  await table.getByRole('row').filter({ hasText: 'PDF' }).getByRole('link', { name: /Bescheid BAMF vom/ }).click()
  await expect(page.getByRole('heading', { level: 2, name: 'Dokument: Bescheid BAMF' })).toBeVisible()
  await expectNoAxeViolations(page)
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Herunterladen' }).click()])
  expect(download.suggestedFilename()).toMatch(/^bamf-decision-\d{4}-\d{2}-\d{2}-[0-9a-f]{6}\.pdf$/)
  expect(fs.readFileSync((await download.path())!)).toEqual(SAMPLE_FILES.pdf)

  await page.getByRole('link', { name: 'Zurück zu den Dokumenten' }).click()
  await table.getByRole('row').filter({ hasText: 'PNG-Bild' }).getByRole('link', { name: /Bescheid BAMF vom/ }).click()
  await page.getByRole('link', { name: 'Vorschau anzeigen' }).click()
  const preview = page.getByRole('img', { name: /Verkleinerte Vorschau/ })
  await expect(preview).toBeVisible()
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0)
  await expectNoAxeViolations(page)

  // the team lead of the team sees that they exist, not what they are about, and cannot open them
  const lead = await page.context().browser()!.newContext({ locale: 'de-DE' })
  const leadPage = await lead.newPage()
  await login(leadPage, demo('leitung.eae'), { at: `/cases/${caseId}/documents` })
  await expect(leadPage.getByRole('table', { name: '2 Dokumente' })).not.toContainText('Seiten 1–2')
  await expect(leadPage.getByText('Sie sehen, welche Dokumente es gibt.')).toBeVisible()
  await expectNoAxeViolations(leadPage)
  const [documentId] = [new URL(page.url()).pathname.split('/')[4]]
  const refused = await leadPage.request.get(`/cases/${caseId}/documents/${documentId}/download`, { maxRedirects: 0 })
  expect(refused.status()).toBe(404)
  await lead.close()

  await page.getByLabel('Ja, dieses Dokument endgültig löschen').check()
  await page.getByRole('button', { name: 'Löschen' }).click()
  await expect(page.getByText('Das Dokument wurde gelöscht.')).toBeVisible()
  expect(documentCount(baseURL, caseId)).toBe(1)
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })
  test('the upload form posts and stores the file', async ({ page, baseURL }) => {
    const { caseId } = insertCase(baseURL, { counsellor: 'beratung2.rostock' })
    await login(page, demo('beratung2.rostock'), { at: `/cases/${caseId}/documents` })
    await page.getByLabel('Dateien').setInputFiles([files.pdf])
    await page.getByLabel('Art des Dokuments').selectOption({ label: 'Sonstiges' })
    await page.getByRole('button', { name: 'Verschlüsselt hochladen' }).click()
    await expect(page.getByText('Das Dokument wurde verschlüsselt gespeichert.')).toBeVisible()
    expect(documentCount(baseURL, caseId)).toBe(1)
  })
})
