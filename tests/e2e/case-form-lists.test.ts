// Decision 101 in the other case forms with a long list (session 16): the new-case form (countries,
// languages, the spoken languages' combobox), the contact edit form and the language mediation request
// (one language list each). A document's loader data leaves the lists to the selects' markup and the
// browser reads them back while it hydrates; a client-side navigation brings them in the `.data` answer.
// These tests hold the browser's form to the server's: the same options and choices after hydration,
// after a client-side navigation and after a validation error. form-lists.test.ts does the same for the
// master-data and contact forms.
import { type Page } from '@playwright/test'
import { insertCase } from './db.ts'
import { comboboxOptions, formHydrated, selectsOf, type SelectSnapshot } from './form-snapshots.ts'
import { demo, expectNoAxeViolations, login, recordErrors } from './utils.ts'
import { expect, test } from './fixtures.ts'

/** The document's scripts (the hydration data among them) lack the names, its markup and the `.data` answer have them. */
async function expectListsInMarkupOnly(page: Page, path: string, names: string[]) {
  const html = await (await page.request.get(path)).text()
  const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((match) => match[1]).join('\n')
  const data = await (await page.request.get(`${path}.data`)).text()
  for (const name of names) {
    expect(html).toContain(`>${name}</option>`)
    expect(scripts).not.toContain(name)
    expect(data).toContain(name)
  }
}

test('the new-case form offers the same lists after hydration, after a client-side navigation, after a validation error and after a language switch', async ({ page }) => {
  test.slow()
  const errors = recordErrors(page)
  await login(page, demo('beratung.eae'), { at: null })
  await expectListsInMarkupOnly(page, '/cases/new', ['Walisisch', 'Tuvalu'])

  await page.goto('/cases/new')
  await formHydrated(page, '#new-case')
  const spoken = 'Sprachen (optional)'
  await expect(page.getByRole('combobox', { name: spoken })).toBeVisible()
  const fromDocument = await selectsOf(page, '#new-case')
  const byId = (snapshot: SelectSnapshot[], id: string) => snapshot.find((select) => select.id === id)!
  expect(byId(fromDocument, 'new-case-privacyInfoLanguage').options.length).toBeGreaterThan(600)
  expect(byId(fromDocument, 'new-case-nationality').options.length).toBeGreaterThan(200)
  expect(byId(fromDocument, 'new-case-countryOfOrigin').options.length).toBeGreaterThan(200)
  const offeredFromDocument = await comboboxOptions(page, spoken)
  expect(offeredFromDocument.length).toBeGreaterThan(600)
  expect(offeredFromDocument).toContain('Walisisch')
  await expectNoAxeViolations(page)

  // A client-side navigation: no markup to read from, the lists come in the loader data.
  await page.getByRole('link', { name: 'Abbrechen' }).click()
  await expect(page).toHaveURL(/\/cases$/)
  // the list rendered, the form gone: the router renders a page after changing its address (decision
  // 129), and the form still on screen would answer the checks below from its markup
  await expect(page.locator('#new-case')).toHaveCount(0)
  await page.getByLabel('Hauptnavigation').getByRole('link', { name: 'Neuer Fall' }).click()
  await expect(page.getByRole('combobox', { name: spoken })).toBeVisible()
  expect(await selectsOf(page, '#new-case')).toEqual(fromDocument)
  expect(await comboboxOptions(page, spoken)).toEqual(offeredFromDocument)

  // After a document load, choices from the whole lists stay through a validation error (the form
  // renders again in the browser, with the lists read back).
  await page.goto('/cases/new')
  await formHydrated(page, '#new-case')
  await page.getByLabel('Geburtsjahr').fill('1850')
  await page.getByLabel('Staatsangehörigkeit (optional)').selectOption('TV')
  await page.getByLabel('Sprache der Datenschutzinformation (optional)').selectOption('cym')
  const combobox = page.getByRole('combobox', { name: spoken })
  await combobox.fill('walisisch')
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
  await page.getByRole('button', { name: 'Fall anlegen' }).click()
  await expect(page.getByLabel('Geburtsjahr')).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByLabel('Staatsangehörigkeit (optional)')).toHaveValue('TV')
  await expect(page.getByLabel('Sprache der Datenschutzinformation (optional)')).toHaveValue('cym')
  await expect(page.getByRole('list', { name: `Ausgewählt: ${spoken}` }).getByRole('button')).toHaveText([/Walisisch/])
  const afterError = await selectsOf(page, '#new-case')
  for (const select of fromDocument) expect(byId(afterError, select.id).options).toEqual(select.options)
  expect(await comboboxOptions(page, spoken)).toEqual(offeredFromDocument)
  await expect(page).toHaveURL(/\/cases\/new$/)

  // A language switch renders the lists again in the new language: what the browser then offers is
  // what an English document offers (nothing kept from the German markup or its read-back).
  await page.goto('/cases/new')
  await formHydrated(page, '#new-case')
  await page.getByRole('button', { name: 'English' }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  const spokenEnglish = 'Languages (optional)'
  await expect(page.getByRole('combobox', { name: spokenEnglish })).toBeVisible()
  const afterSwitch = await selectsOf(page, '#new-case')
  const offeredAfterSwitch = await comboboxOptions(page, spokenEnglish)
  expect(offeredAfterSwitch).toContain('Welsh')
  expect(offeredAfterSwitch).not.toContain('Walisisch')
  expect(byId(afterSwitch, 'new-case-privacyInfoLanguage').options.join('\n')).toContain('\tcym\tWelsh')
  await page.reload()
  await formHydrated(page, '#new-case')
  expect(await selectsOf(page, '#new-case')).toEqual(afterSwitch)
  expect(await comboboxOptions(page, spokenEnglish)).toEqual(offeredAfterSwitch)
  expect(errors).toEqual([])
})

test('the language mediation request and the contact edit form offer the same languages after hydration, after a client-side navigation and after an error', async ({ page, baseURL }) => {
  test.slow()
  const { caseId } = insertCase(baseURL, { counsellor: 'beratung.eae' })
  const errors = recordErrors(page)
  await login(page, demo('beratung.eae'), { at: null })

  // The mediation request.
  const mediationPath = `/cases/${caseId}/mediation/new`
  await expectListsInMarkupOnly(page, mediationPath, ['Walisisch'])
  await page.goto(mediationPath)
  const mediationForm = page.locator('main form').filter({ has: page.getByLabel('Sprache', { exact: true }) })
  const mediationId = `#${await mediationForm.getAttribute('id')}`
  await formHydrated(page, mediationId)
  const mediationFromDocument = await selectsOf(page, mediationId)
  expect(mediationFromDocument.find((select) => select.id.endsWith('-languageCode'))!.options.length).toBeGreaterThan(600)
  await expectNoAxeViolations(page)
  await page.goto(`/cases/${caseId}/mediation`)
  await page.getByRole('link', { name: 'Sprachmittlung anfragen' }).click()
  await expect(page.getByLabel('Sprache', { exact: true })).toBeVisible()
  expect(await selectsOf(page, mediationId)).toEqual(mediationFromDocument)
  // After a document load a language from the whole list stays through an error, then is saved.
  await page.goto(mediationPath)
  await formHydrated(page, mediationId)
  await page.getByLabel('Sprache', { exact: true }).selectOption('cym')
  await page.getByRole('button', { name: 'Anfrage speichern' }).click()
  await expect(page.locator(`${mediationId} [aria-invalid="true"]`).first()).toBeVisible()
  await expect(page.getByLabel('Sprache', { exact: true })).toHaveValue('cym')
  expect((await selectsOf(page, mediationId)).map((select) => select.options)).toEqual(mediationFromDocument.map((select) => select.options))

  // The contact edit form: a contact recorded through the contact form first.
  await page.goto(`/cases/${caseId}/contacts/new`)
  const newContact = page.locator('main form').filter({ has: page.getByLabel('Verwendete Sprache') })
  await formHydrated(page, `#${await newContact.getAttribute('id')}`)
  await page.getByLabel('Verwendete Sprache').selectOption('cym')
  await page.getByLabel('Dauer in Minuten').fill('30')
  await page.getByLabel('Form des Kontakts').selectOption({ index: 1 })
  await newContact.getByRole('checkbox').first().check()
  await page.getByRole('button', { name: 'Kontakt speichern' }).click()
  await expect(page).not.toHaveURL(/contacts\/new/)
  await page.goto(`/cases/${caseId}`)
  const contactLink = page.locator(`a[href^="/cases/${caseId}/contacts/"]`).filter({ hasNotText: 'Kontakt erfassen' }).first()
  const contactPath = new URL((await contactLink.getAttribute('href'))!, 'http://localhost').pathname
  await expectListsInMarkupOnly(page, contactPath, ['Tongaisch'])
  await page.goto(contactPath)
  const editForm = page.locator('form#edit-contact')
  await formHydrated(page, '#edit-contact')
  const contactFromDocument = await selectsOf(page, '#edit-contact')
  const language = contactFromDocument.find((select) => select.id.endsWith('-languageCode'))!
  expect(language.options.length).toBeGreaterThan(600)
  expect(language.chosen).toEqual(['cym'])
  await expectNoAxeViolations(page)
  // A client-side navigation to the same form (from the case file's timeline).
  await page.goto(`/cases/${caseId}`)
  await page.locator(`a[href="${contactPath}"]`).first().click()
  await expect(editForm).toBeVisible()
  expect(await selectsOf(page, '#edit-contact')).toEqual(contactFromDocument)
  // After a document load a validation error keeps the language and the whole list.
  await page.goto(contactPath)
  await formHydrated(page, '#edit-contact')
  await page.getByLabel('Verwendete Sprache').selectOption('tir')
  await page.getByLabel('Dauer in Minuten').fill('0')
  await page.getByRole('button', { name: /speichern/ }).click()
  await expect(page.getByText('Bitte geben Sie die Dauer in ganzen Minuten an (1 bis 600).')).toBeVisible()
  await expect(page.getByLabel('Verwendete Sprache')).toHaveValue('tir')
  expect((await selectsOf(page, '#edit-contact')).find((select) => select.id === language.id)!.options).toEqual(language.options)
  expect(errors).toEqual([])
})
