// A document's loader data leaves the forms' long lists (languages, countries) to the selects' markup,
// and the browser reads them back from there while it hydrates (decision 101). These tests hold the
// browser's form to the server's: the same options and choices after hydration, after a client-side
// navigation (no server markup then: the lists come in the `.data` answer), and where the browser renders
// from the lists read back without new loader data: the spoken languages' combobox (also when a 409 mounts
// it anew), the conflict's labels, a re-render after a validation error. (The selects' own markup is not
// built again without new loader data: conform keeps a field's initial value on a reply.)
import { randomUUID } from 'node:crypto'
import { type Page } from '@playwright/test'
import { e2eDatabase, insertCase, insertUser, sqliteDate } from './db.ts'
import { comboboxOptions, formHydrated, selectsOf, type SelectSnapshot } from './form-snapshots.ts'
import { demo, expectNoAxeViolations, login, recordErrors } from './utils.ts'
import { expect, test } from './fixtures.ts'

/** GET requests for loader data (`.data`) from now on. */
function recordDataRequests(page: Page) {
  const urls: string[] = []
  page.on('request', (request) => {
    if (request.method() === 'GET' && new URL(request.url()).pathname.endsWith('.data'))
      urls.push(request.url())
  })
  return urls
}

test('the master-data form offers the same lists after hydration, after a client-side navigation and when a conflict rebuilds it', async ({
  browser,
  baseURL,
}) => {
  test.slow()
  // A language outside the named list recorded for the client (its own list, decision 050) and a
  // privacy-information language: both pickers read back, the "others" group from the privacy one's.
  const { caseId, clientId } = insertCase(baseURL, { counsellor: 'beratung.eae', nationality: 'ER' })
  const db = e2eDatabase(baseURL)
  try {
    db.prepare('INSERT INTO ClientLanguage (clientId, languageCode) VALUES (?, ?)').run(clientId, 'tir')
    db.prepare('UPDATE "Case" SET privacyInfoLanguage = ? WHERE id = ?').run('tir', caseId)
  } finally {
    db.close()
  }
  const context = await browser.newContext()
  const page = await context.newPage()
  // the browser reports an answer of 4xx as a failed resource; the conflict's 409 is expected
  const errors = recordErrors(page, /^Failed to load resource: the server responded with a status of 409/)
  await login(page, demo('beratung.eae'), { at: null })

  // As the production server answers: a document carries the long lists in the selects' markup only,
  // not in its hydration data; a `.data` answer (client navigation) carries them.
  // The districts and the legal bases too (decision 188).
  const documentHtml = await (await page.request.get(`/cases/${caseId}/edit`)).text()
  const scripts = [...documentHtml.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((match) => match[1]).join('\n')
  // The common countries too (session 26): a country of the regional list, shown in its own group first.
  const shortLists = ['Landkreis Rostock', 'Sonstige Rechtsgrundlage', 'Afghanistan']
  for (const name of ['Walisisch', 'Tuvalu', ...shortLists]) {
    expect(documentHtml).toContain(`>${name}</option>`)
    expect(scripts).not.toContain(name)
  }
  const data = await (await page.request.get(`/cases/${caseId}/edit.data`)).text()
  for (const name of ['Walisisch', 'Tuvalu', ...shortLists]) expect(data).toContain(name)

  // A document: the lists come from the markup.
  await page.goto(`/cases/${caseId}/edit`)
  await formHydrated(page, '#case-edit')
  const combobox = page.getByRole('combobox', { name: 'Sprachen' })
  await expect(combobox).toBeVisible()
  const fromDocument = await selectsOf(page, '#case-edit')
  const byId = (snapshot: SelectSnapshot[], id: string) => snapshot.find((select) => select.id === id)!
  expect(byId(fromDocument, 'case-edit-privacyInfoLanguage').options.length).toBeGreaterThan(600)
  expect(byId(fromDocument, 'case-edit-privacyInfoLanguage').chosen).toEqual(['tir'])
  expect(byId(fromDocument, 'case-edit-nationality').options.length).toBeGreaterThan(200)
  expect(byId(fromDocument, 'case-edit-nationality').chosen).toEqual(['ER'])
  // The combobox offers the whole list read back (compared with a client-side navigation's below), and
  // finds a language of the "others" group by name.
  const offeredFromDocument = await comboboxOptions(page, 'Sprachen')
  expect(offeredFromDocument.length).toBeGreaterThan(600)
  await combobox.fill('walisisch')
  await expect(
    page.getByRole('listbox', { name: 'Sprachen' }).getByRole('option', { name: 'Walisisch' }),
  ).toBeVisible()
  await combobox.press('Escape')
  await expect(page.getByRole('list', { name: 'Ausgewählt: Sprachen' }).getByRole('button')).toHaveText([
    /Arabisch/,
    /Tigrinya/,
  ])
  await expectNoAxeViolations(page)

  // A client-side navigation: no markup to read from, the lists come in the loader data.
  const tabs = page.getByRole('navigation', { name: 'Bereiche der Fallakte' })
  await tabs.getByRole('link', { name: 'Verlauf', exact: true }).click()
  await expect(page.getByRole('heading', { level: 2, name: 'Stammdaten bearbeiten' })).toHaveCount(0)
  await tabs.getByRole('link', { name: 'Stammdaten', exact: true }).click()
  await expect(page.getByRole('heading', { level: 2, name: 'Stammdaten bearbeiten' })).toBeVisible()
  await expect(combobox).toBeVisible()
  expect(await selectsOf(page, '#case-edit')).toEqual(fromDocument)
  expect(await comboboxOptions(page, 'Sprachen')).toEqual(offeredFromDocument)

  // A document again, then a stale save: the 409 is answered without new loader data, so the form the
  // browser builds again (the submitted choices marked in the selects' markup, the conflict's labels)
  // uses the lists read back from the markup.
  await page.goto(`/cases/${caseId}/edit`)
  await formHydrated(page, '#case-edit')
  await expect(combobox).toBeVisible()
  // The stored language is the first of the privacy picker's whole list: the conflict names it from the
  // list read back, so a list read back without its first (or any) entry would show the bare code.
  const first = page.locator('#case-edit-privacyInfoLanguage optgroup').last().locator('option').first()
  const [firstCode, firstName] = [(await first.getAttribute('value'))!, (await first.textContent())!]
  // The district and the legal basis stored meanwhile are named from the short lists read back (decision 188):
  // the last option of each, so a list read back short of one entry would show the bare id.
  const lastDistrict = page.locator('#case-edit-districtId option').last()
  const lastLegalBasis = page.locator('#case-edit-legalBasisId option').last()
  const [districtId, districtName] = [(await lastDistrict.getAttribute('value'))!, (await lastDistrict.textContent())!]
  const [legalBasisId, legalBasisName] = [(await lastLegalBasis.getAttribute('value'))!, (await lastLegalBasis.textContent())!]
  const db2 = e2eDatabase(baseURL)
  try {
    const lead = db2.prepare('SELECT id FROM User WHERE email = ?').get(demo('leitung.eae')) as { id: string }
    db2
      .prepare(
        'UPDATE "Case" SET privacyInfoLanguage = ?, legalBasisId = ?, version = version + 1, updatedById = ?, updatedAt = ? WHERE id = ?',
      )
      .run(firstCode, Number(legalBasisId), lead.id, sqliteDate(new Date()), caseId)
    db2.prepare('UPDATE Client SET districtId = ? WHERE id = ?').run(Number(districtId), clientId)
  } finally {
    db2.close()
  }
  const dataRequests = recordDataRequests(page)
  await page.getByLabel('Staatsangehörigkeit (optional)').selectOption('FR')
  await page.getByLabel('Sprache der Datenschutzinformation (optional)').selectOption('fra')
  await page.getByLabel('Datenschutzinformation gegeben am (optional)').fill('2026-01-15')
  await page.getByLabel('Form der Datenschutzinformation (optional)').selectOption('WRITTEN')
  await page.getByRole('button', { name: 'Speichern' }).click()
  const alert = page.getByRole('alert')
  await expect(alert).toContainText(`Sprache der Datenschutzinformation – jetzt gespeichert: ${firstName}`)
  await expect(page.getByText(`Von anderer Person geändert, jetzt gespeichert: ${firstName}`)).toBeVisible()
  await expect(page.getByText(`Von anderer Person geändert, jetzt gespeichert: ${districtName}`)).toBeVisible()
  await expect(page.getByText(`Von anderer Person geändert, jetzt gespeichert: ${legalBasisName}`)).toBeVisible()
  expect(dataRequests).toEqual([])
  const afterConflict = await selectsOf(page, '#case-edit')
  for (const select of fromDocument) expect(byId(afterConflict, select.id).options).toEqual(select.options)
  expect(byId(afterConflict, 'case-edit-privacyInfoLanguage').chosen).toEqual(['fra'])
  expect(byId(afterConflict, 'case-edit-nationality').chosen).toEqual(['FR'])
  // The combobox is mounted anew for the stored version (formKey) from the list read back.
  expect(await comboboxOptions(page, 'Sprachen')).toEqual(offeredFromDocument)
  await page.getByRole('button', { name: 'Meine Eingaben speichern' }).click()
  await expect(page.getByText('Die Stammdaten wurden gespeichert.')).toBeVisible()
  const db3 = e2eDatabase(baseURL)
  try {
    expect(db3.prepare('SELECT privacyInfoLanguage FROM "Case" WHERE id = ?').get(caseId)).toEqual({
      privacyInfoLanguage: 'fra',
    })
    expect(db3.prepare('SELECT nationality FROM Client WHERE id = ?').get(clientId)).toEqual({
      nationality: 'FR',
    })
  } finally {
    db3.close()
  }
  expect(errors).toEqual([])
  await context.close()
})

test('the master-data form written as strings on the server (decision 215) hydrates without an error: the fields work as React renders them', async ({
  page,
  baseURL,
}) => {
  const { caseId } = insertCase(baseURL, { counsellor: 'beratung.eae' })
  const errors = recordErrors(page)
  await login(page, demo('beratung.eae'), { at: null })
  // the document: each section one string on the server
  const documentHtml = await (await page.request.get(`/cases/${caseId}/edit`)).text()
  expect(documentHtml).toContain('<fieldset class="stack"><legend>Klient/in</legend>')
  await page.goto(`/cases/${caseId}/edit`)
  await formHydrated(page, '#case-edit')
  // React's own components now own the markup: the spoken languages' combobox replaced the native select,
  // a field's error appears next to it as the field renders it, wired to the control
  await expect(page.getByRole('combobox', { name: 'Sprachen' })).toBeVisible()
  const birthYear = page.getByLabel('Geburtsjahr')
  await birthYear.fill('18')
  await page.getByRole('button', { name: 'Speichern' }).click()
  await expect(page.locator('#case-edit-birthYear-error')).toBeVisible()
  await expect(birthYear).toHaveAttribute('aria-invalid', 'true')
  await expect(birthYear).toHaveAttribute('aria-describedby', 'case-edit-birthYear-hint case-edit-birthYear-error')
  await birthYear.fill('1990')
  await page.getByLabel('Deutschkenntnisse').selectOption('C1')
  await page.getByRole('button', { name: 'Speichern' }).click()
  await expect(page.getByText('Die Stammdaten wurden gespeichert.')).toBeVisible()
  await expect(page.getByLabel('Deutschkenntnisse')).toHaveValue('C1')
  await expect(birthYear).toHaveValue('1990')
  await expect(birthYear).not.toHaveAttribute('aria-invalid', 'true')
  expect(errors).toEqual([])
})

test('the contact form offers the same languages after hydration, after a client-side navigation and after an error', async ({
  page,
  baseURL,
}) => {
  const { caseId } = insertCase(baseURL, { counsellor: 'beratung.eae' })
  // the browser reports an answer of 4xx as a failed resource; the conflict's 409 is expected
  const errors = recordErrors(page, /^Failed to load resource: the server responded with a status of 409/)
  await login(page, demo('beratung.eae'), { at: `/cases/${caseId}/contacts/new` })
  await expect(page.getByRole('heading', { level: 2, name: 'Neuer Kontakt' })).toBeVisible()
  const form = page.locator('main form').filter({ has: page.getByLabel('Verwendete Sprache') })
  const formId = `#${await form.getAttribute('id')}`
  await formHydrated(page, formId)
  const fromDocument = await selectsOf(page, formId)
  const language = fromDocument.find((select) => select.id.endsWith('-languageCode'))!
  expect(language.options.length).toBeGreaterThan(600)
  await expectNoAxeViolations(page)

  const tabs = page.getByRole('navigation', { name: 'Bereiche der Fallakte' })
  await tabs.getByRole('link', { name: 'Verlauf', exact: true }).click()
  await expect(page.getByRole('heading', { level: 2, name: 'Neuer Kontakt' })).toHaveCount(0)
  await tabs.getByRole('link', { name: 'Kontakt erfassen' }).click()
  await expect(page.getByRole('heading', { level: 2, name: 'Neuer Kontakt' })).toBeVisible()
  expect(await selectsOf(page, formId)).toEqual(fromDocument)

  // After a document load a language chosen from the whole list stays through a validation error
  // (the form renders again in the browser, with the list read back).
  await page.reload()
  await formHydrated(page, formId)
  await page.getByLabel('Verwendete Sprache').selectOption('cym')
  await page.getByLabel('Dauer in Minuten').fill('0')
  await page.getByRole('button', { name: 'Kontakt speichern' }).click()
  await expect(page.getByText('Bitte geben Sie die Dauer in ganzen Minuten an (1 bis 600).')).toBeVisible()
  await expect(page.getByLabel('Verwendete Sprache')).toHaveValue('cym')
  const afterError = await selectsOf(page, formId)
  expect(afterError.find((select) => select.id === language.id)!.options).toEqual(language.options)
  expect(errors).toEqual([])
})

test('the contact form holds after hydration exactly the common languages of its markup (decision 188)', async ({ page, baseURL }) => {
  // The language select is pre-built markup (decision 054): React does not compare it while it hydrates,
  // and no label on the page is taken from the common group, so a read-back short of one language would
  // not show until the select is built again. What React holds is its `dangerouslySetInnerHTML`: the
  // markup it would write from the lists it read back (the first option group: the common languages).
  const { caseId } = insertCase(baseURL, { counsellor: 'beratung.eae' })
  const errors = recordErrors(page)
  await login(page, demo('beratung.eae'), { at: `/cases/${caseId}/contacts/new` })
  const form = page.locator('main form').filter({ has: page.getByLabel('Verwendete Sprache') })
  const formId = `#${await form.getAttribute('id')}`
  await formHydrated(page, formId)
  const held = await page.locator(`form${formId} select[id$="-languageCode"]`).evaluate((select) => {
    const propsKey = Object.keys(select).find((key) => key.startsWith('__reactProps$'))
    const props = (select as unknown as Record<string, { dangerouslySetInnerHTML?: { __html: string } }>)[propsKey ?? '']
    const markup = document.createElement('select')
    markup.innerHTML = props?.dangerouslySetInnerHTML?.__html ?? ''
    const groups = (of: HTMLSelectElement) =>
      Array.from(of.getElementsByTagName('optgroup'), (group) => [group.label, Array.from(group.getElementsByTagName('option'), (option) => `${option.value}\t${option.textContent}`)] as const)
    return { fromReact: groups(markup), inPage: groups(select as HTMLSelectElement) }
  })
  expect(held.inPage.map(([label]) => label)).toEqual(['Häufige Sprachen', 'Alle Sprachen'])
  expect(held.inPage[0]![1].length).toBeGreaterThan(10)
  expect(held.fromReact).toEqual(held.inPage)
  expect(errors).toEqual([])
})

test('the contact form holds after hydration exactly the topics and mediation requests of its markup, through an error and a navigation (decision 204)', async ({
  page,
  baseURL,
}) => {
  // A document's loader data leave out the topics and the case's mediation requests: the page reads them
  // back from the checkboxes and the select while it hydrates. A read-back that differs from the markup makes
  // React render the group or the select anew from it, so the document's lists would then differ from those
  // a client-side navigation renders from its `.data` answer, which carries them.
  const { caseId } = insertCase(baseURL, { counsellor: 'beratung.eae' })
  const db = e2eDatabase(baseURL)
  try {
    for (const [language, daysAgo] of [['fas', 3], ['tir', 12]] as const) {
      const at = sqliteDate(new Date(Date.now() - daysAgo * 86_400_000))
      db.prepare(
        `INSERT INTO LanguageMediation (id, caseId, languageCode, mode, providerKind, requestedAt, status, version, createdAt, updatedAt)
         VALUES (?, ?, ?, 'ON_SITE', 'FREELANCE', ?, 'CONFIRMED', 1, ?, ?)`,
      ).run(randomUUID(), caseId, language, at, at, at)
    }
  } finally {
    db.close()
  }
  const errors = recordErrors(page)
  await login(page, demo('beratung.eae'), { at: `/cases/${caseId}/contacts/new` })
  const form = page.locator('main form').filter({ has: page.getByLabel('Verwendete Sprache') })
  const formId = `#${await form.getAttribute('id')}`
  await formHydrated(page, formId)
  const topicsOf = () =>
    page
      .locator(`form${formId} input[name="topicIds"]`)
      .evaluateAll((inputs) => (inputs as HTMLInputElement[]).map((input) => `${input.value}\t${input.closest('label')?.textContent}\t${input.checked}`))
  const mediationsOf = async () => (await selectsOf(page, formId)).find((select) => select.id.endsWith('-languageMediationId'))!
  const topics = await topicsOf()
  const mediations = await mediationsOf()
  expect(topics.length).toBeGreaterThan(10)
  expect(topics.every((topic) => topic.endsWith('\tfalse'))).toBe(true)
  // the empty first choice and the two requests, the newer first
  expect(mediations.options).toHaveLength(3)
  expect(mediations.options[1]).toContain('Persisch (Farsi)')
  expect(mediations.options[2]).toContain('Tigrinya')

  // A validation error renders the form again in the browser from the lists read back: the choices stay.
  const firstTopic = page.getByRole('group', { name: 'Themen (Handlungsfelder)' }).getByRole('checkbox').first()
  await firstTopic.check()
  const mediationSelect = page.getByLabel('Sprachmittlungseinsatz verknüpfen')
  const requested = mediations.options[2]!.split('\t')[1]!
  await mediationSelect.selectOption(requested)
  await page.getByLabel('Dauer in Minuten').fill('0')
  await page.getByRole('button', { name: 'Kontakt speichern' }).click()
  await expect(page.getByText('Bitte geben Sie die Dauer in ganzen Minuten an (1 bis 600).')).toBeVisible()
  expect(await topicsOf()).toEqual([topics[0]!.replace(/false$/, 'true'), ...topics.slice(1)])
  await expect(mediationSelect).toHaveValue(requested)
  expect((await mediationsOf()).options).toEqual(mediations.options)

  // After a client-side navigation the lists come from the `.data` answer: the same as the document's.
  const tabs = page.getByRole('navigation', { name: 'Bereiche der Fallakte' })
  await tabs.getByRole('link', { name: 'Verlauf', exact: true }).click()
  await expect(page.getByRole('heading', { level: 2, name: 'Neuer Kontakt' })).toHaveCount(0)
  await tabs.getByRole('link', { name: 'Kontakt erfassen' }).click()
  await expect(page.getByRole('heading', { level: 2, name: 'Neuer Kontakt' })).toBeVisible()
  expect(await topicsOf()).toEqual(topics)
  expect(await mediationsOf()).toEqual(mediations)
  expect(errors).toEqual([])
})

test('after a language switch the master-data and the contact form offer the short lists in the new language, as an English document does (decision 188)', async ({
  page,
  baseURL,
}) => {
  const { caseId } = insertCase(baseURL, { counsellor: 'beratung.eae' })
  const errors = recordErrors(page)
  await login(page, demo('beratung.eae'), { at: `/cases/${caseId}/edit` })
  await formHydrated(page, '#case-edit')
  // The document's short lists were read back from the German markup; the switch brings new loader data.
  await page.getByRole('button', { name: 'English' }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await expect(page.locator('#case-edit-districtId')).toContainText('District of Rostock')
  const afterSwitch = await selectsOf(page, '#case-edit')
  const byId = (snapshot: SelectSnapshot[], id: string) => snapshot.find((select) => select.id === id)!
  expect(byId(afterSwitch, 'case-edit-districtId').options.join('\n')).not.toContain('Landkreis Rostock')
  expect(byId(afterSwitch, 'case-edit-privacyInfoLanguage').options.join('\n')).toContain('\tsqi\tAlbanian')
  await page.reload()
  await formHydrated(page, '#case-edit')
  expect(await selectsOf(page, '#case-edit')).toEqual(afterSwitch)

  await page.goto(`/cases/${caseId}/contacts/new`)
  const form = page.locator('main form').filter({ has: page.getByLabel('Language used') })
  const formId = `#${await form.getAttribute('id')}`
  await formHydrated(page, formId)
  const contactEnglish = await selectsOf(page, formId)
  expect(contactEnglish.find((select) => select.id.endsWith('-languageCode'))!.options.join('\n')).toContain('\tsqi\tAlbanian')
  await page.getByRole('button', { name: 'Deutsch' }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'de')
  const contactGerman = await selectsOf(page, formId)
  expect(contactGerman.find((select) => select.id.endsWith('-languageCode'))!.options.join('\n')).toContain('\tsqi\tAlbanisch')
  await page.reload()
  await formHydrated(page, formId)
  expect(await selectsOf(page, formId)).toEqual(contactGerman)
  expect(errors).toEqual([])
})

test('a choice not yet saved stays through a language switch, in a short and a long select (session 26)', async ({ page, baseURL }) => {
  const { caseId } = insertCase(baseURL, { counsellor: 'beratung.eae' })
  const errors = recordErrors(page)
  await login(page, demo('beratung.eae'), { at: `/cases/${caseId}/edit` })
  await formHydrated(page, '#case-edit')
  const germanLevel = page.locator('#case-edit-germanLevel')
  const nationality = page.locator('#case-edit-nationality')
  const privacyLanguage = page.locator('#case-edit-privacyInfoLanguage')
  const saved = { germanLevel: await germanLevel.inputValue(), nationality: await nationality.inputValue() }
  const level = (await germanLevel.locator('option').evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value))).find(
    (value) => value !== '' && value !== saved.germanLevel,
  )!
  const country = saved.nationality === 'TV' ? 'AF' : 'TV'
  await germanLevel.selectOption(level)
  await nationality.selectOption(country)
  await privacyLanguage.selectOption('cym')
  await page.getByRole('button', { name: 'English' }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await expect(page.locator('#case-edit-districtId')).toContainText('District of Rostock')
  // the options were written anew in English; the person's choices are the ones they made, not the saved ones
  await expect(nationality.locator('option[value="TV"]')).toHaveText('Tuvalu')
  await expect(privacyLanguage.locator('option[value="cym"]')).toHaveText('Welsh')
  await expect(germanLevel).toHaveValue(level)
  await expect(nationality).toHaveValue(country)
  await expect(privacyLanguage).toHaveValue('cym')
  expect(errors).toEqual([])
})

test("a long select of a filter form follows the address after „Zurücksetzen“ and Back: a choice is kept only while the markup marks the same values (session 26's second review)", async ({
  page,
  baseURL,
}) => {
  const admin = insertUser(baseURL, { role: 'ADMIN' })
  const errors = recordErrors(page)
  await login(page, admin.email, { at: null })
  await page.goto('/admin/audit')
  const action = page.locator('main form select[name="action"]')
  // the audit log's action filter: every action the code writes, a list of pre-built markup (MarkupSelect)
  expect(await action.locator('option').count()).toBeGreaterThanOrEqual(100)
  await action.locator('xpath=ancestor::form').evaluate(
    (form) =>
      new Promise<void>((resolve) => {
        const hydrated = () => Object.keys(form).some((key) => key.startsWith('__reactProps'))
        const wait = () => (hydrated() ? resolve() : setTimeout(wait, 20))
        wait()
      }),
  )
  await action.selectOption('case.read')
  await page.getByRole('button', { name: 'Filtern' }).click()
  await expect(page).toHaveURL(/[?&]action=case\.read/)
  await expect(action).toHaveValue('case.read')
  // client-side to the unfiltered list: the markup marks nothing now, and the select shows no filter
  await page.getByRole('link', { name: 'Zurücksetzen' }).click()
  await expect(page).toHaveURL(/\/admin\/audit$/)
  await expect(action).toHaveValue('')
  await page.goBack()
  await expect(page).toHaveURL(/[?&]action=case\.read/)
  await expect(action).toHaveValue('case.read')
  expect(errors).toEqual([])
})

test("the list filters' short selects, options written as one string (decision 208), follow the address after „Zurücksetzen“ and Back", async ({
  page,
  baseURL,
}) => {
  const counsellor = insertUser(baseURL)
  const admin = insertUser(baseURL, { role: 'ADMIN' })
  const errors = recordErrors(page)
  const hydrated = (form: Element) =>
    new Promise<void>((resolve) => {
      const done = () => Object.keys(form).some((key) => key.startsWith('__reactProps'))
      const wait = () => (done() ? resolve() : setTimeout(wait, 20))
      wait()
    })

  await login(page, counsellor.email, { at: '/cases' })
  const status = page.locator('main form select[name="status"]')
  const topic = page.locator('main form select[name="topic"]')
  await status.locator('xpath=ancestor::form').evaluate(hydrated)
  const firstTopic = await topic.locator('option').nth(1).getAttribute('value')
  await status.selectOption('ACTIVE')
  await topic.selectOption(firstTopic!)
  await page.getByRole('button', { name: 'Suchen' }).click()
  await expect(page).toHaveURL(/[?&]status=ACTIVE/)
  await expect(status).toHaveValue('ACTIVE')
  await expect(topic).toHaveValue(firstTopic!)
  // client-side to the unfiltered list: the markup marks nothing, the selects show no filter
  await page.getByRole('link', { name: 'Zurücksetzen' }).click()
  await expect(page).toHaveURL(/\/cases$/)
  await expect(status).toHaveValue('')
  await expect(topic).toHaveValue('')
  await page.goBack()
  await expect(page).toHaveURL(/[?&]status=ACTIVE/)
  await expect(status).toHaveValue('ACTIVE')
  await expect(topic).toHaveValue(firstTopic!)

  await page.context().clearCookies()
  await login(page, admin.email, { at: '/admin/audit' })
  const user = page.locator('main form select[name="user"]')
  const outcome = page.locator('main form select[name="outcome"]')
  await user.locator('xpath=ancestor::form').evaluate(hydrated)
  await user.selectOption(admin.id)
  await outcome.selectOption('SUCCESS')
  await page.getByRole('button', { name: 'Filtern' }).click()
  await expect(page).toHaveURL(/[?&]outcome=SUCCESS/)
  await expect(user).toHaveValue(admin.id)
  await expect(outcome).toHaveValue('SUCCESS')
  await page.getByRole('link', { name: 'Zurücksetzen' }).click()
  await expect(page).toHaveURL(/\/admin\/audit$/)
  await expect(user).toHaveValue('')
  await expect(outcome).toHaveValue('')
  await page.goBack()
  await expect(user).toHaveValue(admin.id)
  await expect(outcome).toHaveValue('SUCCESS')
  expect(errors).toEqual([])
})
