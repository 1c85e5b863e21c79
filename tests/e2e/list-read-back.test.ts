// /referrals', /language-mediation's, /admin/audit's, the case list's and the start page's follow-up documents leave
// their tables' rows out of the hydration data; the browser reads each table's body back from the server's markup while it hydrates
// (decisions 161 and 171, as decision 113 does for /team). These tests hold the browser's page to the server's: the rows in the markup only,
// no hydration error, the bodies read back equal to the bodies the browser builds from a `.data` answer, the row
// links within the app, and a language switch rendering the rows in the new language.
import { randomUUID } from 'node:crypto'
import { type Page } from '@playwright/test'
import { e2eDatabase, insertCase, insertTeam, insertUser, sqliteDate } from './db.ts'
import { expectNoAxeViolations, hydrated, login, recordErrors } from './utils.ts'
import { expect, test } from './fixtures.ts'

const DAY = 86_400_000

/** The document's scripts (the hydration data among them) as one text. */
/** A document's load, then a switch to English at once: the rows read back must follow the new language. */
async function switchToEnglishAfterLoad(page: Page, path: string) {
  await page.goto(path)
  await hydrated(page.locator('main form'))
  await page.getByRole('button', { name: 'English' }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
}

async function documentScripts(page: Page, path: string) {
  const html = await (await page.request.get(path)).text()
  return {
    html,
    scripts: [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((match) => match[1]).join('\n'),
  }
}

/** Each table body's markup on the page, in order. */
function bodies(page: Page) {
  return page.locator('main tbody').evaluateAll((nodes) => nodes.map((node) => node.innerHTML))
}

test('/referrals: a document leaves the rows to the markup; the browser reads them back (decision 161)', async ({
  page,
  baseURL,
}) => {
  const team = insertTeam(baseURL)
  const lead = insertUser(baseURL, { role: 'TEAM_LEAD', teamId: team.id })
  // Markup characters in the counsellor's name (the lead's table shows it): the rows are read back as markup.
  const counsellor = insertUser(baseURL, { teamId: team.id, displayName: `Zoë O'Neill & <Partner>` })
  const kase = insertCase(baseURL, { teamId: team.id })
  let partner: { id: string; name: string }
  const db = e2eDatabase(baseURL)
  try {
    db.prepare('UPDATE "Case" SET counsellorId = ? WHERE id = ?').run(counsellor.id, kase.caseId)
    partner = db
      .prepare("SELECT id, name FROM PartnerOrganisation WHERE kind = 'PSYCHOSOCIAL_CENTRE' ORDER BY name LIMIT 1")
      .get() as { id: string; name: string }
    const now = sqliteDate(new Date())
    // Today's date where the office is: the waiting days are calendar days there (decision 029), so each referral
    // is sent at noon UTC of a calendar day (the same date in Berlin). `day × 24 h` back from now landed on the
    // next date for a day before the end of summer time when the test ran between 22:00 and 23:00 UTC.
    const [year, month, date] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' })
      .format(new Date())
      .split('-')
      .map(Number) as [number, number, number]
    // 52 open referrals, one a day: two pages
    for (let day = 1; day <= 52; day += 1) {
      const id = randomUUID()
      const sentAt = sqliteDate(new Date(Date.UTC(year, month - 1, date - day, 12)))
      db.prepare(
        `INSERT INTO Referral (id, caseId, partnerId, kind, urgency, anonymous, status, sentAt, version, createdAt, updatedAt)
         VALUES (?, ?, ?, 'PSYCHOSOCIAL_CENTRE', 'REGULAR', 1, 'REGISTERED', ?, 1, ?, ?)`,
      ).run(id, kase.caseId, partner.id, sentAt, now, now)
      db.prepare(
        'INSERT INTO ReferralTransition (id, referralId, fromStatus, toStatus, at, createdAt) VALUES (?, ?, NULL, ?, ?, ?)',
      ).run(randomUUID(), id, 'INQUIRY', sentAt, now)
    }
  } finally {
    db.close()
  }
  const errors = recordErrors(page)
  await login(page, lead.email, { at: null })

  // As the production server answers: the rows and the partner filter's choices (session 25) in a document's
  // markup only; a `.data` answer carries them.
  const document = await documentScripts(page, '/referrals')
  for (const text of [kase.code, 'Zoë O', partner!.id]) {
    expect(document.html).toContain(text)
    expect(document.scripts).not.toContain(text)
  }
  const dataAnswer = await (await page.request.get('/referrals.data')).text()
  for (const text of [kase.code, partner!.id]) expect(dataAnswer).toContain(text)

  const served = await (await page.goto('/referrals'))!.text()
  await hydrated(page.locator('main form'))
  const table = page.getByRole('table', { name: /52 offene Vermittlungen/ })
  await expect(table.getByRole('row')).toHaveCount(51)
  await expect(table.getByRole('row').nth(1)).toContainText(`Zoë O'Neill & <Partner>`)
  await expect(table.getByRole('row').nth(1)).toContainText('52 Tage')
  const fromDocument = await bodies(page)
  // the partner choices after hydration are those of the document the browser loaded: the team's one partner
  const partnerFilter = page.locator('main form select[name="partner"]')
  const partnerChoices = () => partnerFilter.locator('option').evaluateAll((nodes) => nodes.map((node) => `${(node as HTMLOptionElement).value}\t${node.textContent}`))
  const choicesFromDocument = await partnerChoices()
  expect(choicesFromDocument).toEqual(
    await page.evaluate((html) => {
      const select = new DOMParser().parseFromString(html, 'text/html').querySelector<HTMLSelectElement>('main form select[name="partner"]')!
      return Array.from(select.options, (option) => `${option.value}\t${option.textContent}`)
    }, served),
  )
  expect(choicesFromDocument).toEqual(['\talle', `${partner!.id}\t${partner!.name}`])
  await expectNoAxeViolations(page)

  // Page 2 and back within the app: the rows built in the browser from `.data` answers are the rows read back.
  const pages = page.getByRole('navigation', { name: 'Seitennavigation' })
  await pages.getByRole('link', { name: 'Weiter' }).click()
  await expect(page).toHaveURL(/[?&]page=2/)
  await expect(page.getByRole('table', { name: /Seite 2 von 2/ }).getByRole('row')).toHaveCount(3)
  await pages.getByRole('link', { name: 'Zurück' }).click()
  await expect(page.getByRole('table', { name: /Seite 1 von 2/ }).getByRole('row')).toHaveCount(51)
  expect(await bodies(page)).toEqual(fromDocument)
  expect(await partnerChoices()).toEqual(choicesFromDocument)

  // The partner filter with JavaScript (a client-side navigation), and back.
  await partnerFilter.selectOption(partner!.id)
  await page.getByRole('button', { name: 'Filtern' }).click()
  await expect(page).toHaveURL(new RegExp(`[?&]partner=${partner!.id}`))
  await expect(page.getByRole('table', { name: /52 offene Vermittlungen/ }).getByRole('row')).toHaveCount(51)
  expect(await partnerChoices()).toEqual(choicesFromDocument)
  await page.goBack()
  await expect(page).not.toHaveURL(/[?&]partner=/)
  expect(await partnerChoices()).toEqual(choicesFromDocument)

  // A row's link still opens the referral within the app after a document's load.
  await page.goto('/referrals')
  await hydrated(page.locator('main form'))
  await page.evaluate(() => Object.assign(window, { stayedInApp: true }))
  await table.getByRole('link', { name: kase.code, exact: true }).first().click()
  await expect(page.getByRole('heading', { level: 1, name: `Fall ${kase.code}` })).toBeVisible()
  expect(await page.evaluate(() => (window as unknown as { stayedInApp?: boolean }).stayedInApp)).toBe(true)

  // A language switch right after a document's load renders the rows in the new language.
  await switchToEnglishAfterLoad(page, '/referrals')
  const english = page.getByRole('table', { name: /52 open referrals/ })
  await expect(english.getByRole('row').nth(1)).toContainText('52 days')
  await expect(english.getByText('52 Tage')).toHaveCount(0)
  expect(await partnerChoices()).toEqual(['\tall', `${partner!.id}\t${partner!.name}`])
  await expectNoAxeViolations(page)
  expect(errors).toEqual([])
})

test("/language-mediation: a document leaves the five tables' rows to the markup; the browser reads them back (decision 161)", async ({
  page,
  baseURL,
}) => {
  const team = insertTeam(baseURL)
  const lead = insertUser(baseURL, { role: 'TEAM_LEAD', teamId: team.id })
  const kase = insertCase(baseURL, { teamId: team.id })
  const db = e2eDatabase(baseURL)
  try {
    const now = sqliteDate(new Date())
    const insert = db.prepare(
      `INSERT INTO LanguageMediation (id, caseId, languageCode, mode, providerKind, requestedAt, performedAt, billedMinutes, costCents, costBearer, status, createdAt, updatedAt)
       VALUES (?, ?, 'kmr', 'PHONE', 'POOL', ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    // one billable assignment this year (the figure tables), 52 open requests (two pages)
    insert.run(randomUUID(), kase.caseId, now, now, 90, 10050, 'LAND', 'DONE', now, now)
    for (let day = 1; day <= 52; day += 1)
      insert.run(
        randomUUID(),
        kase.caseId,
        sqliteDate(new Date(Date.now() - (day + 5) * DAY)),
        null,
        null,
        null,
        null,
        'REQUESTED',
        now,
        now,
      )
  } finally {
    db.close()
  }
  const errors = recordErrors(page)
  await login(page, lead.email, { at: null })

  const document = await documentScripts(page, '/language-mediation')
  for (const text of [kase.code, 'Kurdisch (Kurmandschi)', '100,50']) {
    expect(document.html).toContain(text)
    expect(document.scripts).not.toContain(text)
  }
  const data = await (await page.request.get('/language-mediation.data')).text()
  for (const text of [kase.code, 'Kurdisch (Kurmandschi)']) expect(data).toContain(text)

  await page.goto('/language-mediation')
  await hydrated(page.locator('main form'))
  await expect(page.getByRole('table', { name: /Nach Sprache/ })).toContainText('Kurdisch (Kurmandschi)')
  const open = page.getByRole('table', { name: /Angefragte und bestätigte Sprachmittlungen/ })
  await expect(open.getByRole('row')).toHaveCount(51)
  const fromDocument = await bodies(page)
  expect(fromDocument).toHaveLength(5)
  await expectNoAxeViolations(page)

  // Page 2 and back within the app: all five bodies built in the browser equal the ones read back.
  const pages = page.getByRole('navigation', { name: 'Seitennavigation' })
  await pages.getByRole('link', { name: 'Weiter' }).click()
  await expect(page.getByText('52 offene Anfragen, Seite 2 von 2')).toBeVisible()
  await expect(open.getByRole('row')).toHaveCount(3)
  await pages.getByRole('link', { name: 'Zurück' }).click()
  await expect(page.getByText('52 offene Anfragen, Seite 1 von 2')).toBeVisible()
  await expect(open.getByRole('row')).toHaveCount(51)
  expect(await bodies(page)).toEqual(fromDocument)

  // A language switch right after a document's load renders every table's rows in the new language.
  await switchToEnglishAfterLoad(page, '/language-mediation')
  await expect(page.getByRole('table', { name: /By language/ })).toContainText('Kurdish')
  await expect(page.getByRole('table', { name: /Assignments per month/ })).toContainText('December')
  await expect(page.getByRole('table', { name: /Assignments per month/ })).not.toContainText('Dezember')
  await expect(page.getByText('Kurdisch (Kurmandschi)')).toHaveCount(0)
  await expectNoAxeViolations(page)
  expect(errors).toEqual([])
})

test('/admin/audit: a document leaves the events to the markup; the browser reads them back (decision 161)', async ({
  page,
  baseURL,
}) => {
  const admin = insertUser(baseURL, { role: 'ADMIN' })
  // Markup characters in the name: the rows are read back as markup, and written by the builder as React wrote them.
  const someone = insertUser(baseURL, { displayName: `Zoë O'Neill & <Partner>` })
  const db = e2eDatabase(baseURL)
  try {
    const insert = db.prepare(
      `INSERT INTO AuditEvent (at, userId, action, entity, entityId, caseId, outcome, details, emergency) VALUES (?, ?, ?, 'case', NULL, NULL, ?, NULL, ?)`,
    )
    // 52 events of one person, a minute apart: two pages; the newest an emergency access that was denied
    // (the log lists the latest written first)
    for (let minute = 52; minute >= 1; minute -= 1)
      insert.run(
        sqliteDate(new Date(Date.now() - minute * 60_000)),
        someone.id,
        minute === 1 ? 'case.emergency-access' : 'case.read',
        minute === 1 ? 'DENIED' : 'SUCCESS',
        minute === 1 ? 1 : 0,
      )
  } finally {
    db.close()
  }
  const errors = recordErrors(page)
  await login(page, admin.email, { at: null })
  const path = `/admin/audit?user=${someone.id}`

  // The user filter's choices are left to the markup too (session 25): the person's e-mail address is in the
  // select's options only, not in the scripts; a `.data` answer carries it.
  const document = await documentScripts(page, path)
  for (const text of ['Notfallzugriff auf Fallakte', 'verweigert', someone.email]) {
    expect(document.html).toContain(text)
    expect(document.scripts).not.toContain(text)
  }
  const dataAnswer = await (await page.request.get(`/admin/audit.data?user=${someone.id}`)).text()
  for (const text of ['Notfallzugriff auf Fallakte', someone.email]) expect(dataAnswer).toContain(text)
  const userFilter = page.locator('main form select[name="user"]')
  const userChoices = () => userFilter.locator('option').evaluateAll((nodes) => nodes.map((node) => `${(node as HTMLOptionElement).value}\t${node.textContent}`))
  // Other tests add users meanwhile: a later list is compared on the users of the first.
  const ofTheFirst = (choices: string[], first: string[]) => choices.filter((choice) => first.includes(choice))

  const served = await (await page.goto(path))!.text()
  await hydrated(page.locator('main form'))
  const table = page.locator('table.audit-table')
  await expect(table.getByRole('row')).toHaveCount(51)
  const newest = table.getByRole('row').nth(1)
  await expect(newest).toContainText(`Zoë O'Neill & <Partner>`)
  await expect(newest).toContainText('Notfallzugriff auf Fallakte')
  await expect(newest.getByText('Notfallzugriff', { exact: true })).toBeVisible()
  await expect(newest).toContainText('verweigert')
  const fromDocument = await bodies(page)
  // the choices after hydration are those of the document the browser loaded, the person chosen
  const choicesFromDocument = await userChoices()
  const servedChoices = await page.evaluate((html) => {
    const select = new DOMParser().parseFromString(html, 'text/html').querySelector<HTMLSelectElement>('main form select[name="user"]')!
    return Array.from(select.options, (option) => `${option.value}\t${option.textContent}`)
  }, served)
  expect(choicesFromDocument).toEqual(servedChoices)
  expect(choicesFromDocument).toContain(`${someone.id}\tZoë O'Neill & <Partner> (${someone.email})`)
  expect(choicesFromDocument.length).toBeGreaterThan(3)
  await expect(userFilter).toHaveValue(someone.id)
  await expectNoAxeViolations(page)

  // Page 2 and back within the app: the rows built in the browser from `.data` answers are the rows read back.
  const pages = page.getByRole('navigation', { name: 'Seitennavigation' })
  await pages.getByRole('link', { name: 'Weiter' }).click()
  await expect(page).toHaveURL(/[?&]page=2/)
  await expect(table.getByRole('row')).toHaveCount(3)
  await pages.getByRole('link', { name: 'Zurück' }).click()
  await expect(page).not.toHaveURL(/[?&]page=2/)
  await expect(table.getByRole('row')).toHaveCount(51)
  expect(await bodies(page)).toEqual(fromDocument)
  // the choices built in the browser from the `.data` answers are the choices read back
  expect(ofTheFirst(await userChoices(), choicesFromDocument)).toEqual(choicesFromDocument)
  await expect(userFilter).toHaveValue(someone.id)

  // The filter with JavaScript: every user, then the person again (client-side navigations), and back.
  await userFilter.selectOption('')
  await page.getByRole('button', { name: 'Filtern' }).click()
  await expect(page).not.toHaveURL(new RegExp(`[?&]user=${someone.id}`))
  expect(ofTheFirst(await userChoices(), choicesFromDocument)).toEqual(choicesFromDocument)
  await userFilter.selectOption(someone.id)
  await page.getByRole('button', { name: 'Filtern' }).click()
  await expect(page).toHaveURL(new RegExp(`[?&]user=${someone.id}`))
  await expect(table.getByRole('row')).toHaveCount(51)
  await page.goBack()
  await expect(page).not.toHaveURL(new RegExp(`[?&]user=${someone.id}`))
  await expect(table.getByRole('row').nth(1)).toBeVisible()
  expect(ofTheFirst(await userChoices(), choicesFromDocument)).toEqual(choicesFromDocument)

  // A language switch right after a document's load renders the rows in the new language; the choices stay
  // (names and addresses), the empty choice ("all") in the new language.
  await switchToEnglishAfterLoad(page, path)
  await expect(table.getByRole('row').nth(1)).toContainText('denied')
  await expect(table.getByText('verweigert')).toHaveCount(0)
  expect(ofTheFirst(await userChoices(), choicesFromDocument)).toEqual(choicesFromDocument.slice(1))
  expect((await userChoices())[0]).toBe('\tAll')
  await expect(userFilter).toHaveValue(someone.id)
  await expectNoAxeViolations(page)
  expect(errors).toEqual([])
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })
  test('/referrals: the partner filter offers the team\'s partners and filters as a plain form', async ({ page, baseURL }) => {
    const team = insertTeam(baseURL)
    const lead = insertUser(baseURL, { role: 'TEAM_LEAD', teamId: team.id })
    const kase = insertCase(baseURL, { teamId: team.id })
    const db = e2eDatabase(baseURL)
    let partners: Array<{ id: string; name: string }>
    try {
      partners = db.prepare("SELECT id, name FROM PartnerOrganisation WHERE kind = 'PSYCHOSOCIAL_CENTRE' ORDER BY name LIMIT 2").all() as Array<{ id: string; name: string }>
      const now = sqliteDate(new Date())
      for (const [index, partner] of partners.entries())
        db.prepare(
          `INSERT INTO Referral (id, caseId, partnerId, kind, urgency, anonymous, status, sentAt, version, createdAt, updatedAt)
           VALUES (?, ?, ?, 'PSYCHOSOCIAL_CENTRE', 'REGULAR', 1, 'REGISTERED', ?, 1, ?, ?)`,
        ).run(randomUUID(), kase.caseId, partner.id, sqliteDate(new Date(Date.now() - (index + 1) * DAY)), now, now)
    } finally {
      db.close()
    }
    await login(page, lead.email, { at: null })
    await page.goto('/referrals')
    const partnerFilter = page.locator('main form select[name="partner"]')
    await expect(partnerFilter.locator('option')).toHaveText(['alle', ...partners!.map((partner) => partner.name)])
    await partnerFilter.selectOption(partners![1]!.id)
    await page.getByRole('button', { name: 'Filtern' }).click()
    await expect(page).toHaveURL(new RegExp(`[?&]partner=${partners![1]!.id}`))
    await expect(page.getByRole('table', { name: /1 offene Vermittlung/ }).getByRole('row')).toHaveCount(2)
    await expect(partnerFilter).toHaveValue(partners![1]!.id)
  })

  test("/cases: the counsellor and topic filters offer the team's counsellors and the topics and filter as a plain form", async ({ page, baseURL }) => {
    const team = insertTeam(baseURL)
    const lead = insertUser(baseURL, { role: 'TEAM_LEAD', teamId: team.id })
    const first = insertUser(baseURL, { teamId: team.id, displayName: 'Ada Erste' })
    const second = insertUser(baseURL, { teamId: team.id, displayName: 'Bert Zweiter' })
    insertCase(baseURL, { counsellor: first.email })
    const theirs = insertCase(baseURL, { counsellor: second.email })
    const db = e2eDatabase(baseURL)
    let topics: string[]
    try {
      topics = (db.prepare("SELECT labelDe FROM CatalogueEntry WHERE catalogue = 'TOPIC' ORDER BY sortOrder, id").all() as Array<{ labelDe: string }>).map((row) => row.labelDe)
    } finally {
      db.close()
    }
    await login(page, lead.email, { at: null })
    await page.goto('/cases')
    const counsellorFilter = page.locator('main form select[name="counsellor"]')
    await expect(counsellorFilter.locator('option')).toHaveText(['alle', 'meine Fälle', 'nicht zugewiesen', 'Ada Erste', 'Bert Zweiter', lead.displayName])
    await expect(page.locator('main form select[name="topic"] option')).toHaveText(['alle', ...topics!])
    await counsellorFilter.selectOption(second.id)
    await page.locator('main form[role="search"] button[type="submit"]').click()
    await expect(page).toHaveURL(new RegExp(`[?&]counsellor=${second.id}`))
    await expect(page.getByRole('table').getByRole('row')).toHaveCount(2)
    await expect(page.getByRole('table').getByRole('row').nth(1)).toContainText(theirs.code)
    await expect(counsellorFilter).toHaveValue(second.id)
  })

  test('/admin/audit: the user filter offers every user and filters as a plain form', async ({ page, baseURL }) => {
    const admin = insertUser(baseURL, { role: 'ADMIN' })
    const someone = insertUser(baseURL, { displayName: `Zoë O'Neill & <Partner>` })
    const db = e2eDatabase(baseURL)
    try {
      db.prepare(`INSERT INTO AuditEvent (at, userId, action, entity, outcome, emergency) VALUES (?, ?, 'case.read', 'case', 'SUCCESS', 0)`).run(
        sqliteDate(new Date()),
        someone.id,
      )
    } finally {
      db.close()
    }
    await login(page, admin.email, { at: null })
    await page.goto('/admin/audit')
    const userFilter = page.locator('main form select[name="user"]')
    await expect(userFilter.locator(`option[value="${someone.id}"]`)).toHaveText(`Zoë O'Neill & <Partner> (${someone.email})`)
    await userFilter.selectOption(someone.id)
    await page.getByRole('button', { name: 'Filtern' }).click()
    await expect(page).toHaveURL(new RegExp(`[?&]user=${someone.id}`))
    await expect(page.locator('table.audit-table').getByRole('row')).toHaveCount(2)
    await expect(userFilter).toHaveValue(someone.id)
  })
})

/** The case list's counsellor and topic filters' choices on the page, as "value<TAB>label". */
async function filterChoices(page: Page) {
  const of = (name: string) =>
    page.locator(`main form select[name="${name}"] option`).evaluateAll((nodes) => nodes.map((node) => `${(node as HTMLOptionElement).value}\t${node.textContent}`))
  return { counsellor: await of('counsellor'), topic: await of('topic') }
}

/** The same choices in a document's markup. */
function choicesIn(page: Page, html: string) {
  return page.evaluate((html) => {
    const markup = new DOMParser().parseFromString(html, 'text/html')
    const of = (name: string) => Array.from(markup.querySelector<HTMLSelectElement>(`main form select[name="${name}"]`)!.options, (option) => `${option.value}\t${option.textContent}`)
    return { counsellor: of('counsellor'), topic: of('topic') }
  }, html)
}

test('/cases: a document leaves the rows to the markup; the browser reads them back (decision 171)', async ({
  page,
  baseURL,
}) => {
  const team = insertTeam(baseURL)
  const lead = insertUser(baseURL, { role: 'TEAM_LEAD', teamId: team.id })
  // Markup characters in the counsellor's name (the lead's list shows it): the rows are read back as markup.
  const counsellor = insertUser(baseURL, { teamId: team.id, displayName: `Zoë O'Neill & <Partner>` })
  // 27 cases, one a minute: two pages of 25 (the newest first)
  const cases = []
  for (let minute = 27; minute >= 1; minute -= 1)
    cases.push(insertCase(baseURL, { counsellor: counsellor.email, openedAt: new Date(Date.now() - minute * 60_000) }))
  const newest = cases.at(-1)!
  const errors = recordErrors(page)
  await login(page, lead.email, { at: null })

  // As the production server answers: the rows and the counsellor and topic filters' choices (session 25) in
  // a document's markup only; a `.data` answer carries them.
  const document = await documentScripts(page, '/cases')
  for (const { code } of cases.slice(2)) {
    expect(document.html).toContain(code)
    expect(document.scripts).not.toContain(code)
  }
  expect(document.html).toContain(counsellor.id)
  expect(document.scripts).not.toContain(counsellor.id)
  const dataAnswer = await (await page.request.get('/cases.data')).text()
  for (const text of [newest.code, counsellor.id]) expect(dataAnswer).toContain(text)

  const served = await (await page.goto('/cases'))!.text()
  await hydrated(page.locator('main form'))
  const table = page.getByRole('table', { name: 'Fälle, Seite 1 von 2' })
  await expect(table.getByRole('row')).toHaveCount(26)
  await expect(table.getByRole('row').nth(1)).toContainText(newest.code)
  await expect(table.getByRole('row').nth(1)).toContainText(`Zoë O'Neill & <Partner>`)
  await expect(table.getByRole('row').nth(1)).toContainText('offen')
  const fromDocument = await bodies(page)
  // the filters' choices after hydration are those of the document the browser loaded
  const choicesFromDocument = await filterChoices(page)
  expect(choicesFromDocument).toEqual(await choicesIn(page, served))
  expect(choicesFromDocument.counsellor.slice(0, 3)).toEqual(['\talle', 'me\tmeine Fälle', 'none\tnicht zugewiesen'])
  expect(choicesFromDocument.counsellor).toContain(`${counsellor.id}\tZoë O'Neill & <Partner>`)
  expect(choicesFromDocument.counsellor).toContain(`${lead.id}\t${lead.displayName}`)
  expect(choicesFromDocument.topic.length).toBeGreaterThan(2)
  await expectNoAxeViolations(page)

  // Page 2 and back within the app: the rows built in the browser from `.data` answers are the rows read back.
  const pages = page.getByRole('navigation', { name: 'Seitennavigation' })
  await pages.getByRole('link', { name: 'Weiter' }).click()
  await expect(page).toHaveURL(/[?&]page=2/)
  await expect(page.getByRole('table', { name: 'Fälle, Seite 2 von 2' }).getByRole('row')).toHaveCount(3)
  await pages.getByRole('link', { name: 'Zurück' }).click()
  await expect(table.getByRole('row')).toHaveCount(26)
  expect(await bodies(page)).toEqual(fromDocument)
  expect(await filterChoices(page)).toEqual(choicesFromDocument)

  // The counsellor filter with JavaScript (a client-side navigation), and back.
  await page.locator('main form select[name="counsellor"]').selectOption(counsellor.id)
  await page.locator('main form[role="search"] button[type="submit"]').click()
  await expect(page).toHaveURL(new RegExp(`[?&]counsellor=${counsellor.id}`))
  await expect(page.getByRole('table', { name: 'Fälle, Seite 1 von 2' }).getByRole('row')).toHaveCount(26)
  expect(await filterChoices(page)).toEqual(choicesFromDocument)
  await page.goBack()
  await expect(page).not.toHaveURL(/[?&]counsellor=/)
  expect(await filterChoices(page)).toEqual(choicesFromDocument)

  // A filter that finds nothing and back: the empty list and the rows again.
  await page.goto('/cases?status=CLOSED')
  await expect(page.getByRole('table')).toHaveCount(0)
  await page.goBack()
  await expect(table.getByRole('row')).toHaveCount(26)

  // A row's link still opens the case within the app after a document's load.
  await page.goto('/cases')
  await hydrated(page.locator('main form'))
  await page.evaluate(() => Object.assign(window, { stayedInApp: true }))
  await table.getByRole('link', { name: newest.code, exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: `Fall ${newest.code}` })).toBeVisible()
  expect(await page.evaluate(() => (window as unknown as { stayedInApp?: boolean }).stayedInApp)).toBe(true)

  // A language switch right after a document's load renders the rows in the new language.
  await switchToEnglishAfterLoad(page, '/cases')
  const english = page.getByRole('table', { name: 'Cases, page 1 of 2' })
  await expect(english.getByRole('row').nth(1)).toContainText('open')
  await expect(english.getByText('offen', { exact: true })).toHaveCount(0)
  // the choices in English, as an English document has them (the topics' labels are in the page's language)
  await expect(page.locator('main form select[name="counsellor"] option').first()).toHaveText('all')
  await expect.poll(async () => filterChoices(page)).toEqual(await choicesIn(page, await (await page.request.get('/cases')).text()))
  await expectNoAxeViolations(page)
  expect(errors).toEqual([])
})

test('the start page: a document leaves the follow-ups to the markup; the browser reads them back (decision 171)', async ({
  page,
  baseURL,
}) => {
  // A counsellor of a team of their own: no other test adds or removes their follow-ups meanwhile.
  const team = insertTeam(baseURL)
  const counsellor = insertUser(baseURL, { teamId: team.id })
  const overdue = insertCase(baseURL, { counsellor: counsellor.email })
  const upcoming = insertCase(baseURL, { counsellor: counsellor.email })
  const db = e2eDatabase(baseURL)
  try {
    const insert = db.prepare(
      `INSERT INTO FollowUp (id, caseId, assigneeId, source, dueDate, note, createdAt) VALUES (?, ?, ?, 'MANUAL', ?, ?, ?)`,
    )
    const now = sqliteDate(new Date())
    // markup characters in the next step: the rows are read back as markup
    insert.run(randomUUID(), overdue.caseId, counsellor.id, sqliteDate(new Date(Date.now() - 3 * DAY)), `Termin <Amt> & "Co."`, now)
    insert.run(randomUUID(), overdue.caseId, counsellor.id, sqliteDate(new Date(Date.now() - 2 * DAY)), 'Anruf', now)
    insert.run(randomUUID(), upcoming.caseId, counsellor.id, sqliteDate(new Date(Date.now() + 4 * DAY)), 'Brief', now)
  } finally {
    db.close()
  }
  const errors = recordErrors(page)
  await login(page, counsellor.email, { at: null })

  // As the production server answers: the rows in a document's markup only; a `.data` answer carries them.
  const document = await documentScripts(page, '/')
  for (const text of [overdue.code, upcoming.code, 'Termin']) {
    expect(document.html).toContain(text)
    expect(document.scripts).not.toContain(text)
  }
  expect(await (await page.request.get('/_root.data')).text()).toContain(upcoming.code)

  await page.goto('/')
  const section = page.locator('section[aria-labelledby="follow-ups-heading"]')
  await hydrated(section.locator('form').first())
  const bucket = (heading: string) => section.locator('.follow-up-bucket').filter({ has: page.getByRole('heading', { level: 3, name: heading }) })
  await expect(bucket('Überfällig').getByRole('row')).toHaveCount(3)
  await expect(bucket('Überfällig').getByRole('heading', { level: 3 })).toContainText('2')
  await expect(bucket('Überfällig').getByRole('row').nth(1)).toContainText(`Termin <Amt> & "Co."`)
  await expect(bucket('Heute fällig').getByRole('table')).toHaveCount(0)
  await expect(bucket('In den nächsten 7 Tagen').getByRole('row')).toHaveCount(2)
  const fromDocument = await bodies(page)
  expect(fromDocument).toHaveLength(2)
  await expectNoAxeViolations(page)

  // A language switch and back within the app: the rows the browser builds from `.data` answers, in
  // English and in German again, and the German ones are the rows read back.
  await page.getByRole('button', { name: 'English' }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await expect(section.getByRole('button', { name: `Mark the follow-up for ${overdue.code} as done` })).toHaveCount(2)
  await page.getByRole('button', { name: 'Deutsch' }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'de')
  await expect(section.getByRole('button', { name: `Wiedervorlage für ${overdue.code} als erledigt markieren` })).toHaveCount(2)
  expect(await bodies(page)).toEqual(fromDocument)

  // "Erledigt" after a document's load: the row goes, the other stays, the count follows.
  await page.goto('/')
  await hydrated(section.locator('form').first())
  await bucket('Überfällig').getByRole('button', { name: `Wiedervorlage für ${overdue.code} als erledigt markieren` }).first().click()
  await expect(page.getByText('Die Wiedervorlage wurde als erledigt markiert.')).toBeVisible()
  await expect(bucket('Überfällig').getByRole('row')).toHaveCount(2)
  await expect(bucket('Überfällig').getByRole('heading', { level: 3 })).toContainText('1')
  expect(errors).toEqual([])
})
