import fs from 'node:fs'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { e2eDatabase, insertCase } from './db.ts'
import { expect, test } from './fixtures.ts'
import { demo, expectNoAxeViolations, login } from './utils.ts'

// Printing, fonts and several axe runs per test: a budget of 120 quiet seconds (scaled to the machine).
test.describe.configure({ timeout: 120_000 })

const SHOTS = path.join('tests', '.tmp', 'consent-texts')

/**
 * The column is set in the self-hosted font: its computed family names it first, every font face of
 * that family the page needed came from our own origin and loaded, and the browser reports the
 * column's whole text as renderable with it.
 */
async function expectSelfHostedFont(page: Page, column: string, family: string) {
  const result = await page.evaluate(
    async ({ column, family }) => {
      await document.fonts.ready
      const element = document.querySelector(column) as HTMLElement
      const text = element.innerText
      const faces = [...document.fonts].filter((face) => face.family.replace(/"/g, '') === family)
      return {
        computed: getComputedStyle(element).fontFamily,
        loaded: faces.filter((face) => face.status === 'loaded').length,
        failed: faces.filter((face) => face.status === 'error').length,
        unrenderable: [...new Set(text.replace(/\s/g, ''))].filter((char) => !document.fonts.check(`16px "${family}"`, char)),
        statuses: faces.map((face) => `${face.status}:${face.unicodeRange.slice(0, 20)}`),
        foreignFonts: performance
          .getEntriesByType('resource')
          .map((entry) => entry.name)
          .filter((url) => /\.(woff2?|ttf|otf)(\?|$)/.test(url) && new URL(url).origin !== location.origin),
        ownFonts: performance
          .getEntriesByType('resource')
          .map((entry) => entry.name)
          .filter((url) => /\.woff2(\?|$)/.test(url) && new URL(url).origin === location.origin).length,
      }
    },
    { column, family },
  )
  expect(result.computed.startsWith(`"${family}"`)).toBe(true)
  expect(result.loaded).toBeGreaterThan(0)
  expect(result.failed).toBe(0)
  expect({ unrenderable: result.unrenderable, statuses: result.statuses }).toEqual({ unrenderable: [], statuses: result.statuses })
  expect(result.foreignFonts).toEqual([])
  expect(result.ownFonts).toBeGreaterThan(0)
}

test('a consent in Arabic: chosen from the client language, printed right to left beside German, marked as a draft', async ({ page, baseURL }) => {
  const { caseId, code } = insertCase(baseURL, { counsellor: 'beratung.eae', language: 'apc' })
  await login(page, demo('beratung.eae'), { at: `/cases/${caseId}/consents/new` })
  // Levantine Arabic reads the Arabic text: the client's language is proposed.
  await expect(page.getByLabel('Sprache der Erklärung')).toHaveValue('apc')
  await page.getByLabel('Partner', { exact: true }).selectOption({ index: 1 })
  await page.getByLabel('Zweck').fill('Anmeldung zum Erstgespräch am 12.03.')
  await page.getByLabel('Gesundheit').check()
  await page.getByLabel('Sprache der Erklärung').selectOption('apc')
  await page.getByRole('button', { name: 'Speichern und drucken (Sprache + Deutsch)' }).click()
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}/consents/[^/]+/print$`))

  const arabic = page.locator('section[lang="ar"]')
  await expect(arabic).toHaveAttribute('dir', 'rtl')
  await expect(arabic.getByRole('heading', { name: 'الإعفاء من واجب السرّية' })).toBeVisible()
  await expect(arabic).toContainText('Anmeldung zum Erstgespräch am 12.03.')
  await expect(page.locator('section[lang="de"]')).toContainText('Entbindung von der Schweigepflicht')
  await expect(page.getByText('Entwurf – Übersetzung nicht geprüft (Arabisch (Hocharabisch))')).toBeVisible()
  await expect(page.locator('.document-facts bdi.code')).toHaveText(code)
  // Mirrored: the Arabic column stands right of the German one.
  const [arabicBox, germanBox] = await Promise.all([arabic.boundingBox(), page.locator('section[lang="de"]').boundingBox()])
  expect(arabicBox!.x).toBeGreaterThan(germanBox!.x)
  await expectSelfHostedFont(page, 'section[lang="ar"]', 'Noto Sans Arabic')
  await expectSelfHostedFont(page, 'section[lang="de"]', 'Noto Sans')
  await expectNoAxeViolations(page)

  fs.mkdirSync(SHOTS, { recursive: true })
  await page.emulateMedia({ media: 'print' })
  await page.screenshot({ path: path.join(SHOTS, 'consent-arabic.png'), fullPage: true })
  const pdf = await page.pdf({ format: 'A4', printBackground: true })
  fs.writeFileSync(path.join(SHOTS, 'consent-arabic.pdf'), pdf)
  // Form and interpreter sheet: at least two A4 pages.
  expect((pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBeGreaterThanOrEqual(2)
  await page.emulateMedia({ media: 'screen' })

  await page.goto(`/cases/${caseId}/consents`)
  await expect(page.getByText(/Text: Arabisch \(Hocharabisch\), Version 1 \(Entwurf\)/)).toBeVisible()
})

test('the privacy information in Tigrinya before a case exists, in the self-hosted Ethiopic font', async ({ page }) => {
  await login(page, demo('beratung.eae'), { at: '/cases/new' })
  await expect(page.getByRole('link', { name: /Datenschutzinformation drucken \(Sprache \+ Deutsch/ })).toHaveAttribute('href', '/privacy-information/print')
  await page.goto('/privacy-information/print')
  await page.getByLabel('Sprache der Person').selectOption('tir')
  await page.getByRole('button', { name: 'Anzeigen' }).click()
  await expect(page).toHaveURL(/language=tir/)
  const tigrinya = page.locator('section[lang="ti"]')
  await expect(tigrinya).toHaveAttribute('dir', 'ltr')
  await expect(tigrinya.getByRole('heading', { name: 'ሓበሬታ ምሕላው ዳታ ንተገልገልቲ' })).toBeVisible()
  await expect(tigrinya).toContainText('Wegbegleiter Demo e. V.')
  await expect(page.getByText('Entwurf – Übersetzung nicht geprüft (Tigrinya)')).toBeVisible()
  await expectSelfHostedFont(page, 'section[lang="ti"]', 'Noto Sans Ethiopic')
  await expectNoAxeViolations(page)
  fs.mkdirSync(SHOTS, { recursive: true })
  await page.emulateMedia({ media: 'print' })
  await page.screenshot({ path: path.join(SHOTS, 'privacy-tigrinya.png'), fullPage: true })
  fs.writeFileSync(path.join(SHOTS, 'privacy-tigrinya.pdf'), await page.pdf({ format: 'A4', printBackground: true }))
})

test('administrators keep the texts: a wrong placeholder is refused next to the field, an edit is a new version, a review is recorded', async ({ page, baseURL }) => {
  // The Somali language-mediation text as shipped: one unreviewed version (a retry finds it so too).
  const db = e2eDatabase(baseURL)
  try {
    const template = db.prepare("SELECT id FROM ConsentTemplate WHERE kind = 'CONSENT_LANGUAGE_MEDIATION' AND languageCode = 'som'").get() as { id: string }
    db.prepare('DELETE FROM ConsentTemplateVersion WHERE templateId = ? AND version > 1').run(template.id)
    db.prepare('UPDATE ConsentTemplateVersion SET reviewedAt = NULL, reviewedByName = NULL, reviewedById = NULL WHERE templateId = ?').run(template.id)
  } finally {
    db.close()
  }
  await login(page, demo('admin'), { at: '/admin/consent-templates' })
  await expect(page.getByRole('heading', { level: 1, name: 'Einwilligungstexte' })).toBeVisible()
  await expectNoAxeViolations(page)
  const row = page.getByRole('row', { name: /Somali/ }).filter({ hasText: 'Sprachmittlung' })
  await expect(row.getByText('Entwurf – nicht geprüft')).toBeVisible()
  await row.getByRole('link', { name: /Bearbeiten/ }).click()
  await expect(page.getByRole('heading', { level: 1, name: /Schweigepflichtentbindung – Sprachmittlung – Somali/ })).toBeVisible()
  await expectNoAxeViolations(page)

  const body = page.getByLabel('Text', { exact: true })
  const original = await body.inputValue()
  await body.fill(`${original.replace('{{withdrawal}}', '{{widerruf}}')}\n\n<b>fett</b>`)
  await page.getByRole('button', { name: 'Als neue Version speichern' }).click()
  await expect(page.getByText('Unbekannter Platzhalter: widerruf.')).toBeVisible()
  await expect(page.getByText('Der Platzhalter withdrawal fehlt; er ist für diese Art von Text Pflicht.')).toBeVisible()
  await expect(body).toHaveValue(/\{\{widerruf\}\}/)

  await body.fill(`${original}\n\n<b>fett</b>`)
  await page.getByRole('button', { name: 'Vorschau' }).click()
  await expect(page.locator('.template-preview')).toContainText('<b>fett</b>')
  await page.getByRole('button', { name: 'Als neue Version speichern' }).click()
  await expect(page.getByText('Version 2 wurde gespeichert.')).toBeVisible()
  await expect(page.getByRole('row', { name: /^2 / })).toContainText('bearbeitet von Anna Admin')

  await page.getByRole('button', { name: 'Version 2 als geprüft markieren' }).click()
  await expect(page.getByText('Bitte geben Sie den Namen der prüfenden Person an.')).toBeVisible()
  await page.getByLabel('Name der prüfenden Person').fill('Hodan Warsame')
  await page.getByRole('button', { name: 'Version 2 als geprüft markieren' }).click()
  await expect(page.getByText('Version 2 ist als geprüft markiert.')).toBeVisible()
  await expectNoAxeViolations(page)
  await page.goto('/admin/consent-templates')
  await expect(
    page.getByRole('row', { name: /Somali/ }).filter({ hasText: 'Sprachmittlung' }).getByText(/geprüft von Hodan Warsame/),
  ).toBeVisible()
})
