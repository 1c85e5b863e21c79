// A document's loader data leaves the timeline's entries to the list's pre-built markup, and the browser
// takes the list from there while it hydrates (decision 109). These tests hold the browser's list to the
// server's: the same entries after hydration, after a client-side navigation to the case, after "show
// more" and after the filter (where the browser builds the list from a `.data` answer's entries), and
// without JavaScript.
import { randomUUID } from 'node:crypto'
import { type Page } from '@playwright/test'
import { e2eDatabase, insertCase, sqliteDate } from './db.ts'
import { demo, expectNoAxeViolations, hydrated, login, recordErrors } from './utils.ts'
import { expect, test } from './fixtures.ts'

/** A case with more entries than a page shows: 58 contacts (one with a confidential note) and a goal with awkward text. */
function caseWithLongTimeline(baseURL: string | undefined) {
  const { caseId, clientId } = insertCase(baseURL, {
    counsellor: 'beratung.eae',
    openedAt: new Date(Date.UTC(2025, 0, 2, 9)),
  })
  const db = e2eDatabase(baseURL)
  const contactIds: string[] = []
  try {
    const author = db.prepare('SELECT id FROM User WHERE email = ?').get(demo('beratung.eae')) as {
      id: string
    }
    const topics = db
      .prepare("SELECT id FROM CatalogueEntry WHERE catalogue = 'TOPIC' ORDER BY id LIMIT 3")
      .all() as Array<{ id: number }>
    const modes = ['OFFICE', 'PHONE', 'VIDEO', 'OUTREACH']
    const now = sqliteDate(new Date())
    for (let index = 0; index < 58; index++) {
      const id = randomUUID()
      contactIds.push(id)
      const day = sqliteDate(new Date(Date.UTC(2025, 1, 1 + index)))
      db.prepare(
        `INSERT INTO Contact (id, caseId, authorId, date, durationMinutes, mode, setting, personsPresent, interpreting, confidentialNote, version, createdAt, updatedAt)
         VALUES (?, ?, ?, ?, ?, ?, 'INDIVIDUAL', 1, 'NONE', ?, 1, ?, ?)`,
      ).run(
        id,
        caseId,
        author.id,
        day,
        15 + (index % 4) * 15,
        modes[index % modes.length],
        index === 57 ? 'nur für die Beraterin' : null,
        now,
        now,
      )
      for (const topic of topics.slice(0, index % 4))
        db.prepare('INSERT INTO ContactTopic (contactId, topicId) VALUES (?, ?)').run(id, topic.id)
    }
    const planId = randomUUID()
    db.prepare('INSERT INTO CasePlan (id, caseId, createdAt, updatedAt) VALUES (?, ?, ?, ?)').run(
      planId,
      caseId,
      now,
      now,
    )
    db.prepare(
      'INSERT INTO PlanGoal (id, planId, topicId, text, status, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(
      randomUUID(),
      planId,
      topics[0]!.id,
      `<b>"Miete" & 'Kaution'</b> <script>alert(1)</script> \u2028 ${'ä'.repeat(3)}`,
      'OPEN',
      sqliteDate(new Date(Date.UTC(2025, 2, 20, 10, 30))),
      now,
    )
  } finally {
    db.close()
  }
  return { caseId, clientId, contactIds }
}

/** The timeline's markup in a document from the server, as the browser parses it. */
async function serverList(page: Page, url: string) {
  const html = await (await page.request.get(url)).text()
  const list = /<ol class="timeline"[^>]*>([\s\S]*?)<\/ol>/.exec(html)
  expect(list, `a timeline in ${url}`).not.toBeNull()
  return page.evaluate((markup) => {
    const template = document.createElement('template')
    template.innerHTML = markup
    return template.innerHTML
  }, list![1]!)
}

const shownList = (page: Page) => page.locator('ol.timeline').evaluate((list) => list.innerHTML)

test('the timeline is the same after hydration, a client-side navigation, "show more" and the filter; a document carries its entries in the markup only', async ({
  browser,
  baseURL,
}) => {
  test.slow()
  const { caseId, contactIds } = caseWithLongTimeline(baseURL)
  const context = await browser.newContext()
  const page = await context.newPage()
  const errors = recordErrors(page)
  await login(page, demo('beratung.eae'), { at: null })

  // As the production server answers: a document's scripts lack the entries (their contacts' ids, the
  // goal's text), its list shows them; a `.data` answer carries them.
  const documentHtml = await (await page.request.get(`/cases/${caseId}`)).text()
  const scripts = [...documentHtml.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)]
    .map((match) => match[1])
    .join('\n')
  const shownIds = contactIds.slice(-49)
  for (const id of shownIds) {
    expect(documentHtml).toContain(`/contacts/${id}"`)
    expect(scripts).not.toContain(id)
  }
  expect(scripts).not.toContain('Kaution')
  const data = await (await page.request.get(`/cases/${caseId}.data`)).text()
  for (const id of shownIds) expect(data).toContain(id)
  expect(data).toContain('Kaution')

  const first = await serverList(page, `/cases/${caseId}`)
  const more = await serverList(page, `/cases/${caseId}?limit=100`)
  const contactsOnly = await serverList(page, `/cases/${caseId}?kind=contact`)
  expect(first.match(/<li /g)).toHaveLength(50)
  expect(more.match(/<li /g)).toHaveLength(62)
  expect(contactsOnly.match(/<li /g)).toHaveLength(50)

  // A document: the list is the server's, and stays so once React has hydrated the page.
  await page.goto(`/cases/${caseId}`)
  await hydrated(page.locator('ol.timeline'))
  expect(await shownList(page)).toBe(first)
  await expect(page.locator('ol.timeline')).toContainText(
    `<b>"Miete" & 'Kaution'</b> <script>alert(1)</script>`,
  )
  await expectNoAxeViolations(page)
  // A revalidation brings the same entries (now in the data): the browser's list from them is the one it
  // read back, and React leaves the list's elements alone (a focused link would keep its focus). A list
  // read back wrongly would be written anew here.
  await page
    .locator('ol.timeline > li')
    .first()
    .evaluate((entry) => Object.assign(entry, { keptByTest: true }))
  // Whatever React writes into the list from here on is seen (an element replaced loses the mark above).
  await page.locator('ol.timeline').evaluate((list) => {
    const seen = { changes: 0 }
    new MutationObserver((records) => {
      seen.changes += records.length
    }).observe(list, { childList: true, subtree: true, characterData: true, attributes: true })
    Object.assign(window, { __timelineChanges: seen })
  })
  type Router = {
    revalidate(): void
    state: { revalidation: string; loaderData: Record<string, { entries?: unknown[] } | undefined> }
  }
  await page.evaluate(() => (window as unknown as { __remixRouter: Router }).__remixRouter.revalidate())
  await page.waitForFunction(() => {
    const { state } = (window as unknown as { __remixRouter: Router }).__remixRouter
    return (
      state.revalidation === 'idle' && state.loaderData['routes/cases.$caseId._index']?.entries?.length === 50
    )
  })
  // React commits the revalidated data within the next frames (its render is a transition): let two
  // frames pass, then nothing may have been written into the list
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0)))),
  )
  await expect(page.locator('ol.timeline > li').first()).toBeVisible()
  expect(
    await page
      .locator('ol.timeline > li')
      .first()
      .evaluate((entry) => (entry as unknown as { keptByTest?: boolean }).keptByTest),
  ).toBe(true)
  expect(await page.evaluate(() => (window as unknown as { __timelineChanges: { changes: number } }).__timelineChanges.changes)).toBe(0)
  expect(await shownList(page)).toBe(first)

  // A client-side navigation to the case: the list is built from the `.data` answer's entries.
  const tabs = page.getByRole('navigation', { name: 'Bereiche der Fallakte' })
  await tabs.getByRole('link', { name: 'Stammdaten', exact: true }).click()
  await expect(page.getByRole('heading', { level: 2, name: 'Stammdaten bearbeiten' })).toBeVisible()
  await tabs.getByRole('link', { name: 'Verlauf', exact: true }).click()
  await expect(page.locator('ol.timeline')).toBeVisible()
  expect(await shownList(page)).toBe(first)

  // "Show more" (a client-side navigation with `?limit`).
  await page.getByRole('link', { name: 'Ältere Einträge anzeigen' }).click()
  await expect(page.locator('ol.timeline > li')).toHaveCount(62)
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}\\?limit=100$`))
  expect(await shownList(page)).toBe(more)

  // The filter, from a document's list read back: the browser builds the contacts' list.
  await page.goto(`/cases/${caseId}`)
  await hydrated(page.locator('ol.timeline'))
  await page.getByLabel('Art der Einträge').selectOption('contact')
  await page.getByRole('button', { name: 'Filtern' }).click()
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}\\?kind=contact$`))
  await expect(page.locator('ol.timeline')).not.toContainText('Kaution')
  expect(await shownList(page)).toBe(contactsOnly)
  await expectNoAxeViolations(page)

  // "Show more" from a document's list read back.
  await page.goto(`/cases/${caseId}`)
  await hydrated(page.locator('ol.timeline'))
  await page.getByRole('link', { name: 'Ältere Einträge anzeigen' }).click()
  await expect(page.locator('ol.timeline > li')).toHaveCount(62)
  expect(await shownList(page)).toBe(more)
  // An entry's link is followed within the app.
  await page.locator('ol.timeline').getByRole('link', { name: 'Kontakt öffnen' }).first().click()
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}/contacts/${contactIds.at(-1)}$`))

  expect(errors).toEqual([])
  await context.close()
})

test('without JavaScript the timeline, "show more" and the filter work as before', async ({
  browser,
  baseURL,
}) => {
  const { caseId } = caseWithLongTimeline(baseURL)
  const context = await browser.newContext({ javaScriptEnabled: false })
  const page = await context.newPage()
  await login(page, demo('beratung.eae'), { at: `/cases/${caseId}` })
  await expect(page.locator('ol.timeline > li')).toHaveCount(50)
  await page.getByRole('link', { name: 'Ältere Einträge anzeigen' }).click()
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}\\?limit=100$`))
  await expect(page.locator('ol.timeline > li')).toHaveCount(62)
  await page.getByLabel('Art der Einträge').selectOption('plan')
  await page.getByRole('button', { name: 'Filtern' }).click()
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}\\?kind=plan$`))
  await expect(page.locator('ol.timeline > li')).toHaveCount(1)
  await expect(page.locator('ol.timeline')).toContainText(`<b>"Miete" & 'Kaution'</b>`)
  await context.close()
})
