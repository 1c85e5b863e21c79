import { randomUUID } from 'node:crypto'
import { type Page } from '@playwright/test'
import { e2eDatabase, sqliteDate } from './db.ts'
import { demo, expectNoAxeViolations, login } from './utils.ts'
import { expect, test } from './fixtures.ts'

const PSZ_GREIFSWALD = 'Psychosoziales Zentrum für Geflüchtete Greifswald'

// The workflows walk through many pages (the axe check on each adds its own budget).
test.slow()

/** A fresh case assigned to the given demo user, written straight into the e2e database. */
function createCase(baseURL: string | undefined, counsellor: string) {
  const db = e2eDatabase(baseURL)
  try {
    const user = db.prepare('SELECT id, teamId FROM User WHERE email = ?').get(demo(counsellor)) as {
      id: string
      teamId: string
    }
    const statusId = (
      db
        .prepare("SELECT id FROM CatalogueEntry WHERE catalogue = 'RESIDENCE_STATUS' AND code = 'GESTATTUNG'")
        .get() as { id: number }
    ).id
    const now = sqliteDate(new Date())
    const clientId = randomUUID()
    const caseId = randomUUID()
    const code = `RF${randomUUID().slice(0, 6).toUpperCase()}`
    db.prepare(
      'INSERT INTO Client (id, pseudonymCode, birthYear, gender, nationality, countryOfOrigin, householdAdults, householdChildren, createdAt, updatedAt) VALUES (?, ?, 1994, ?, ?, ?, 1, 0, ?, ?)',
    ).run(clientId, code, 'FEMALE', 'SY', 'SY', now, now)
    db.prepare('INSERT INTO ClientLanguage (clientId, languageCode) VALUES (?, ?)').run(clientId, 'arb')
    db.prepare(
      'INSERT INTO ResidenceStatusEntry (id, clientId, statusId, validFrom, createdAt) VALUES (?, ?, ?, ?, ?)',
    ).run(randomUUID(), clientId, statusId, now, now)
    db.prepare(
      `INSERT INTO "Case" (id, clientId, teamId, counsellorId, openedAt, startPlace, kind, status, programme, accessRoute, germanLevel, version, createdAt, updatedAt)
       VALUES (?, ?, ?, ?, ?, 'EAE', 'CASE_MANAGEMENT', 'OPEN', 'REFUGEE', 'EAE_REFERRAL', 'NONE', 1, ?, ?)`,
    ).run(caseId, clientId, user.teamId, user.id, now, now, now)
    db.prepare(
      'INSERT INTO ProgrammePeriod (id, caseId, programme, validFrom, createdAt) VALUES (?, ?, ?, ?, ?)',
    ).run(randomUUID(), caseId, 'REFUGEE', now, now)
    db.prepare(
      'INSERT INTO CaseStatusChange (id, caseId, fromStatus, toStatus, at) VALUES (?, ?, NULL, ?, ?)',
    ).run(randomUUID(), caseId, 'OPEN', now)
    return { caseId, code }
  } finally {
    db.close()
  }
}

/** An open referral sent some days ago (for the overview's waiting-time threshold). */
function addOldReferral(baseURL: string | undefined, caseId: string, daysAgo: number) {
  const db = e2eDatabase(baseURL)
  try {
    const partner = db.prepare('SELECT id FROM PartnerOrganisation WHERE name = ?').get(PSZ_GREIFSWALD) as {
      id: string
    }
    const sentAt = sqliteDate(new Date(Date.now() - daysAgo * 86_400_000))
    const now = sqliteDate(new Date())
    const id = randomUUID()
    db.prepare(
      `INSERT INTO Referral (id, caseId, partnerId, kind, urgency, anonymous, status, sentAt, version, createdAt, updatedAt)
       VALUES (?, ?, ?, 'PSYCHOSOCIAL_CENTRE', 'REGULAR', 1, 'REGISTERED', ?, 1, ?, ?)`,
    ).run(id, caseId, partner.id, sentAt, now, now)
    db.prepare(
      'INSERT INTO ReferralTransition (id, referralId, fromStatus, toStatus, at, createdAt) VALUES (?, ?, NULL, ?, ?, ?)',
    ).run(randomUUID(), id, 'INQUIRY', sentAt, now)
    return id
  } finally {
    db.close()
  }
}

function dayInput(daysAgo: number) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(
    new Date(Date.now() - daysAgo * 86_400_000),
  )
}

async function recordConsent(page: Page, caseId: string) {
  await page.goto(`/cases/${caseId}/consents`)
  await expect(page.getByRole('heading', { level: 2, name: 'Schweigepflichtentbindungen' })).toBeVisible()
  await expectNoAxeViolations(page)
  await page.getByRole('link', { name: 'Schweigepflichtentbindung erfassen' }).click()
  await expect(
    page.getByRole('heading', { level: 2, name: 'Schweigepflichtentbindung erfassen' }),
  ).toBeVisible()
  await expectNoAxeViolations(page)
  await page.getByLabel('ein bestimmter Partner').check()
  await page
    .getByLabel('Partner', { exact: true })
    .selectOption({ label: `${PSZ_GREIFSWALD} (Psychosoziales Zentrum)` })
  await page.getByLabel('Zweck').fill('Anmeldung zur psychosozialen Beratung und Terminabsprache')
  await page.getByLabel('Identität (Name, Geburtsdatum)').check()
  await page.getByLabel('Gesundheit').check()
  await page.getByLabel('Form', { exact: true }).selectOption('WRITTEN')
  await page.getByLabel('Sprache der Erklärung').selectOption('arb')
  await page.getByRole('button', { name: 'Speichern', exact: true }).click()
  await expect(page.getByText('Die Schweigepflichtentbindung wurde gespeichert.')).toBeVisible()
}

async function referWithData(page: Page, caseId: string) {
  await page.goto(`/cases/${caseId}/referrals/new`)
  await page.getByLabel('Art', { exact: true }).selectOption('PSYCHOSOCIAL_CENTRE')
  await page.getByLabel('Landkreis / Stadt').selectOption({ label: 'Landkreis Vorpommern-Greifswald' })
  await page.getByRole('button', { name: 'Partner suchen' }).click()
  await expect(page.getByText('1 passender Partner').first()).toBeVisible()
  await expect(page.getByLabel('Partner', { exact: true })).toHaveValue(/.+/)
  await page.getByLabel('mit Daten').check()
  await page.getByLabel('Gesundheit').check()
  await page.getByRole('button', { name: 'Vermittlung speichern' }).click()
}

test('workflow 1: consent for a psychosocial centre, its printable form, and the referral', async ({
  page,
  baseURL,
}) => {
  const { caseId, code } = createCase(baseURL, 'beratung.eae')
  await login(page, demo('beratung.eae'), { at: null })
  await recordConsent(page, caseId)

  await page.getByRole('link', { name: 'Formular zum Unterschreiben drucken' }).click()
  // The consent was explained in Arabic: Arabic beside German, from the psychosocial-centre text.
  await expect(
    page.getByRole('heading', { level: 2, name: 'Schweigepflichtentbindung – psychosoziales Zentrum – Arabisch (Hocharabisch) / Deutsch' }),
  ).toBeVisible()
  const german = page.locator('.print-document section[lang="de"]')
  await expect(german.getByRole('heading', { level: 3, name: 'Entbindung von der Schweigepflicht' })).toBeVisible()
  await expect(german).toContainText(PSZ_GREIFSWALD)
  await expect(german).toContainText('Anmeldung zur psychosozialen Beratung')
  await expect(german).toContainText('Identität (Name, Geburtsdatum), Gesundheit')
  await expect(page.locator('.print-document section[lang="ar"]')).toContainText('الهوية (الاسم، تاريخ الميلاد)، الصحة')
  await expect(page.locator('.print-document')).toContainText(code)
  await expect(page.locator('.print-document')).toContainText('Unterschrift Sprachmittler/in')
  await expectNoAxeViolations(page)
  await page.emulateMedia({ media: 'print' })
  await expect(page.getByRole('banner')).toBeHidden()
  await page.emulateMedia({ media: 'screen' })

  // Without a consent chosen, sharing data is refused with a field error.
  await page.goto(`/cases/${caseId}/referrals/new`)
  await expectNoAxeViolations(page)
  await page
    .getByLabel('Partner', { exact: true })
    .selectOption({ label: `${PSZ_GREIFSWALD} (Psychosoziales Zentrum)` })
  await page.getByLabel('Art der Vermittlung').selectOption('PSYCHOSOCIAL_CENTRE')
  await page.getByLabel('mit Daten').check()
  await page.getByLabel('Gesundheit').check()
  await page.getByLabel('Schweigepflichtentbindung', { exact: true }).selectOption('')
  await page.getByRole('button', { name: 'Vermittlung speichern' }).click()
  await expect(
    page.getByText(/Für die Weitergabe von Daten ist eine gültige Schweigepflichtentbindung nötig/).first(),
  ).toBeVisible()

  await referWithData(page, caseId)
  await expect(
    page.getByRole('heading', { level: 2, name: `Vermittlung an ${PSZ_GREIFSWALD}` }),
  ).toBeVisible()
  await expect(page.getByText('Die Vermittlung wurde gespeichert.')).toBeVisible()
  await expectNoAxeViolations(page)
})

test('workflow 2: the referral moves through its lifecycle and the waiting time is visible', async ({
  page,
  baseURL,
}) => {
  const { caseId } = createCase(baseURL, 'beratung.eae')
  await login(page, demo('beratung.eae'), { at: `/cases/${caseId}/referrals` })
  await expectNoAxeViolations(page)
  await page.getByRole('link', { name: 'Neue Vermittlung' }).click()
  await page
    .getByLabel('Partner', { exact: true })
    .selectOption({ label: `${PSZ_GREIFSWALD} (Psychosoziales Zentrum)` })
  await page.getByLabel('Art der Vermittlung').selectOption('PSYCHOSOCIAL_CENTRE')
  // no default: the counsellor chooses between an anonymous inquiry and a referral with data
  await expect(page.getByLabel('anonyme Erstanfrage (ohne Daten)')).not.toBeChecked()
  await expect(page.getByLabel('mit Daten')).not.toBeChecked()
  await page.getByLabel('anonyme Erstanfrage (ohne Daten)').check()
  await page.getByLabel('Vermittelt am').fill(dayInput(20))
  await page.getByRole('button', { name: 'Vermittlung speichern' }).click()
  await expect(page.getByText('Die Vermittlung wurde gespeichert.')).toBeVisible()

  // Registering passes the client's data on: without a consent the step is refused, the form keeps
  // its values, and the notice says what is missing and where to record it (issue 12).
  await expect(page.getByRole('note').filter({ hasText: 'Weitere Schritte brauchen eine gültige Schweigepflichtentbindung' })).toBeVisible()
  await page.getByLabel('Neuer Status').selectOption('REGISTERED')
  await page.getByLabel('Datum', { exact: true }).fill(dayInput(18))
  await page.getByRole('button', { name: 'Schritt speichern' }).click()
  const refusal = page.getByRole('alert').filter({ hasText: '„angemeldet“ wurde nicht gespeichert' })
  await expect(refusal).toContainText('anonyme Erstanfrage')
  await expect(refusal).toContainText('abgelehnt / weitervermittelt, abgesagt')
  await expect(page.getByLabel('Neuer Status')).toHaveValue('REGISTERED')
  await expect(page.getByLabel('Datum', { exact: true })).toHaveValue(dayInput(18))
  await expectNoAxeViolations(page)
  await refusal.getByRole('link', { name: `Schweigepflichtentbindung für ${PSZ_GREIFSWALD} erfassen` }).click()

  // The consent form knows the partner; saving returns to the referral with the consent offered.
  await expect(page.getByRole('heading', { level: 2, name: 'Schweigepflichtentbindung erfassen' })).toBeVisible()
  await expect(page.getByLabel('Partner', { exact: true })).toHaveValue(/.+/)
  await page.getByLabel('Zweck').fill('Anmeldung zur psychosozialen Beratung')
  await page.getByLabel('Identität (Name, Geburtsdatum)').check()
  await page.getByLabel('Gesundheit').check()
  await page.getByLabel('Erteilt am').fill(dayInput(19))
  await page.getByRole('button', { name: 'Speichern', exact: true }).click()
  const attach = page.getByRole('region', { name: 'Schweigepflichtentbindung zuordnen' })
  await expect(attach.getByLabel('Gesundheit')).toBeChecked()
  await expect(attach.getByLabel('Identität (Name, Geburtsdatum)')).toBeChecked()
  await expectNoAxeViolations(page)
  await attach.getByRole('button', { name: 'Entbindung zuordnen' }).click()
  await expect(page.getByText('Die Schweigepflichtentbindung wurde der Vermittlung zugeordnet.')).toBeVisible()

  const steps: Array<[string, number]> = [
    ['REGISTERED', 18],
    ['CLEARING_APPOINTMENT', 15],
    ['WAITING_LIST', 12],
    ['CLEARING_APPOINTMENT', 11],
    ['CLEARING_DONE', 10],
    ['ADMITTED', 2],
  ]
  const history = page.getByRole('table', { name: 'Verlauf' }).getByRole('row')
  for (const [index, [status, daysAgo]] of steps.entries()) {
    await page.getByLabel('Neuer Status').selectOption(status)
    await page.getByLabel('Datum', { exact: true }).fill(dayInput(daysAgo))
    await page.getByRole('button', { name: 'Schritt speichern' }).click()
    // header row + first step + the steps saved so far
    await expect(history).toHaveCount(index + 3)
  }
  // A date before the previous step is refused next to the field.
  await page.getByLabel('Neuer Status').selectOption('COMPLETED')
  await page.getByLabel('Datum', { exact: true }).fill(dayInput(5))
  await page.getByRole('button', { name: 'Schritt speichern' }).click()
  await expect(page.getByText('Das Datum darf nicht vor dem vorigen Schritt liegen.')).toBeVisible()

  const facts = page.getByRole('region', { name: `Vermittlung an ${PSZ_GREIFSWALD}` }).locator('dl.facts')
  await expect(facts).toContainText('aufgenommen')
  await expect(facts.getByText('10 Tage')).toBeVisible()
  await expect(facts.getByText('18 Tage')).toBeVisible()
  await page.getByLabel('Rückmeldung erhalten').check()
  await page.getByRole('button', { name: 'Rückmeldung speichern' }).click()
  await expect(page.getByText('Die Rückmeldung wurde gespeichert.')).toBeVisible()
  await expectNoAxeViolations(page)

  await page.getByRole('link', { name: 'Zurück zu den Vermittlungen' }).click()
  const row = page.getByRole('row', { name: new RegExp(PSZ_GREIFSWALD) })
  await expect(row).toContainText('10 Tage')
  await expect(row).toContainText('18 Tage')
})

test('withdrawing the consent flags the open referral and blocks a new one', async ({ page, baseURL }) => {
  const { caseId } = createCase(baseURL, 'beratung.eae')
  await login(page, demo('beratung.eae'), { at: null })
  await recordConsent(page, caseId)
  await referWithData(page, caseId)
  await expect(page.getByText('Die Vermittlung wurde gespeichert.')).toBeVisible()

  await page.goto(`/cases/${caseId}/consents`)
  await page.getByRole('link', { name: 'Widerruf erfassen' }).click()
  await expect(
    page.getByText('Eine offene Vermittlung stützt sich auf diese Entbindung.', { exact: false }),
  ).toBeVisible()
  await expectNoAxeViolations(page)
  await page.getByRole('button', { name: 'Widerruf speichern' }).click()
  await expect(
    page.getByText('Der Widerruf wurde gespeichert. Eine offene Vermittlung ist markiert.'),
  ).toBeVisible()
  await expect(page.getByText(/widerrufen am/)).toBeVisible()

  await page.goto(`/cases/${caseId}/referrals`)
  await expect(
    page.getByText(/Bei einer offenen Vermittlung wurde die Schweigepflichtentbindung widerrufen/),
  ).toBeVisible()
  await expect(page.getByRole('row', { name: new RegExp(PSZ_GREIFSWALD) })).toContainText(
    'Einwilligung widerrufen',
  )

  // The flagged referral can no longer go on, only end.
  await page.getByRole('row', { name: new RegExp(PSZ_GREIFSWALD) }).getByRole('link').first().click()
  await expect(page.getByRole('note').filter({ hasText: 'wurde am' })).toContainText('abgelehnt / weitervermittelt, abgesagt')
  await page.getByLabel('Neuer Status').selectOption('REGISTERED')
  await page.getByRole('button', { name: 'Schritt speichern' }).click()
  await expect(page.getByRole('alert').filter({ hasText: '„angemeldet“ wurde nicht gespeichert' })).toContainText('widerrufen')
  await page.getByLabel('Neuer Status').selectOption('CANCELLED')
  await page.getByRole('button', { name: 'Schritt speichern' }).click()
  // A step that ends the referral is confirmed with a summary first (issue 14, item 7).
  await expect(page.getByRole('heading', { name: 'Vermittlung beenden?' })).toBeVisible()
  await page.getByRole('button', { name: 'Ja, Vermittlung beenden' }).click()
  await expect(page.getByText('Der Schritt wurde gespeichert.')).toBeVisible()

  await page.goto(`/cases/${caseId}/referrals/new`)
  await expect(page.getByLabel('Schweigepflichtentbindung', { exact: true }).locator('option')).toHaveText([
    'keine gültige Entbindung vorhanden',
  ])
  await referWithData(page, caseId)
  await expect(
    page.getByText(/Für die Weitergabe von Daten ist eine gültige Schweigepflichtentbindung nötig/).first(),
  ).toBeVisible()
})

test('the /referrals overview shows waiting times and highlights long waits', async ({ page, baseURL }) => {
  const { caseId, code } = createCase(baseURL, 'beratung.eae')
  addOldReferral(baseURL, caseId, 40)
  await login(page, demo('leitung.eae'))
  await page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .getByRole('link', { name: 'Vermittlungen' })
    .click()
  await expect(page.getByRole('heading', { level: 1, name: 'Offene Vermittlungen' })).toBeVisible()
  const row = page.getByRole('row', { name: new RegExp(code) })
  await expect(row).toContainText('40 Tage')
  await expect(row).toContainText('wartet länger als 28 Tage')
  await expect(row).toContainText('Bilal Berater')
  await expectNoAxeViolations(page)
  // The rows are pre-built markup with one click handler on the table body (decisions 072, 079): the
  // code still opens the referral within the app — the page's window stays — by mouse and by keyboard.
  await page.evaluate(() => Object.assign(window, { stayedInApp: true }))
  await row.getByRole('link', { name: code, exact: true }).click()
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}/referrals/[^/?#]+$`))
  // the referral's page itself, not only its address: the router renders it after changing the URL
  // (language-mediation-overview.test.ts says why that matters before going back)
  await expect(page.getByRole('heading', { level: 1, name: `Fall ${code}` })).toBeVisible()
  expect(await page.evaluate(() => (window as unknown as { stayedInApp?: boolean }).stayedInApp)).toBe(true)
  await page.goBack()
  await expect(page.getByRole('heading', { level: 1, name: 'Offene Vermittlungen' })).toBeVisible()
  await page.getByRole('row', { name: new RegExp(code) }).getByRole('link', { name: code, exact: true }).focus()
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}/referrals/[^/?#]+$`))
  // the referral's page itself, not only its address: the router renders it after changing the URL
  // (language-mediation-overview.test.ts says why that matters before going back)
  await expect(page.getByRole('heading', { level: 1, name: `Fall ${code}` })).toBeVisible()
  expect(await page.evaluate(() => (window as unknown as { stayedInApp?: boolean }).stayedInApp)).toBe(true)
  await page.goBack()
  await expect(page.getByRole('heading', { level: 1, name: 'Offene Vermittlungen' })).toBeVisible()
  await page.getByLabel('Status', { exact: true }).selectOption('WAITING_LIST')
  await page.getByRole('button', { name: 'Filtern' }).click()
  await expect(page).toHaveURL(/status=WAITING_LIST/)
  await expect(page.getByRole('row', { name: new RegExp(code) })).toHaveCount(0)

  // Another team's lead does not see the case.
  await page.context().clearCookies()
  await login(page, demo('leitung.rostock'), { at: '/referrals' })
  await expect(page.getByRole('row', { name: new RegExp(code) })).toHaveCount(0)
})

test('administrators keep the partner directory', async ({ page }) => {
  await login(page, demo('admin'))
  await page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .getByRole('link', { name: 'Partner' })
    .click()
  await expect(page.getByRole('heading', { level: 1, name: 'Partnerverzeichnis' })).toBeVisible()
  await expectNoAxeViolations(page)
  await page.getByLabel('Art', { exact: true }).selectOption('SOCIAL_PSYCHIATRIC_SERVICE')
  await page.getByRole('button', { name: 'Filtern' }).click()
  await expect(page.getByRole('table').getByRole('row')).toHaveCount(9)

  const name = `Fachberatung Test ${randomUUID().slice(0, 6)}`
  await page.getByRole('link', { name: 'Neuer Partner' }).click()
  await expectNoAxeViolations(page)
  await page.getByLabel('Name', { exact: true }).fill(name)
  await page.getByLabel('Art', { exact: true }).selectOption('LEGAL_ADVICE')
  await page.getByLabel('E-Mail').fill('kein-mail')
  await page.getByRole('button', { name: 'Anlegen' }).click()
  await expect(page.getByText('Bitte geben Sie eine gültige E-Mail-Adresse ein.')).toBeVisible()
  await page.getByLabel('E-Mail').fill('beratung@example.org')
  await page.getByLabel('Landkreis / Stadt').selectOption({ label: 'Landeshauptstadt Schwerin' })
  const languages = page.getByRole('combobox', { name: 'Angebotene Sprachen' })
  for (const query of ['hocharab', 'tir']) {
    await languages.fill(query)
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Enter')
  }
  await page.getByRole('button', { name: 'Anlegen' }).click()
  await expect(page.getByText('Gespeichert.')).toBeVisible()
  await expect(page.getByRole('heading', { level: 1, name: `Partner bearbeiten: ${name}` })).toBeVisible()
  await expectNoAxeViolations(page)
  await page.getByRole('button', { name: 'Deaktivieren' }).click()
  await expect(page.getByText('Der Partner wurde deaktiviert.')).toBeVisible()

  await page.goto('/admin/partners?active=inactive&language=tir')
  await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText('deaktiviert')
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('the partner search, a referral and a step work as plain forms', async ({ page, baseURL }) => {
    const { caseId } = createCase(baseURL, 'beratung.eae')
    await login(page, demo('beratung.eae'), { at: `/cases/${caseId}/referrals/new` })
    await page.getByLabel('Art', { exact: true }).selectOption('LANGUAGE_MEDIATION_SERVICE')
    await page.getByLabel('Angebotene Sprache').selectOption('tir')
    await page.getByRole('button', { name: 'Partner suchen' }).click()
    await expect(page).toHaveURL(/language=tir/)
    await expect(page.getByText('1 passender Partner').first()).toBeVisible()
    await page.getByLabel('mit Daten').check()
    await page.getByRole('button', { name: 'Vermittlung speichern' }).click()
    await expect(
      page.getByText('Bitte wählen Sie die Datenkategorien, die weitergegeben werden.'),
    ).toBeVisible()
    await page.getByLabel('anonyme Erstanfrage (ohne Daten)').check()
    await page.getByRole('button', { name: 'Vermittlung speichern' }).click()
    await expect(
      page.getByRole('heading', { level: 2, name: 'Vermittlung an Sprachmittlungspool Rostock' }),
    ).toBeVisible()
    // registering needs a consent: refused with the reason; ending the inquiry works
    await page.getByLabel('Neuer Status').selectOption('REGISTERED')
    await page.getByRole('button', { name: 'Schritt speichern' }).click()
    await expect(page.getByRole('alert').filter({ hasText: '„angemeldet“ wurde nicht gespeichert' })).toBeVisible()
    await expect(page.getByLabel('Neuer Status')).toHaveValue('REGISTERED')
    await page.getByLabel('Neuer Status').selectOption('DECLINED')
    await page.getByRole('button', { name: 'Schritt speichern' }).click()
    // A step that ends the referral is confirmed with a summary first (issue 14, item 7).
    await expect(page.getByRole('heading', { name: 'Vermittlung beenden?' })).toBeVisible()
    await page.getByRole('button', { name: 'Ja, Vermittlung beenden' }).click()
    await expect(page.getByText('Der Schritt wurde gespeichert.')).toBeVisible()
    await expect(page.getByRole('region', { name: /Vermittlung an/ }).locator('dl.facts')).toContainText(
      'abgelehnt / weitervermittelt',
    )
  })
})
