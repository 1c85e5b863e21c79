// Issue 12 in the browser: a confidential note's text reaches nobody outside the counselling
// relationship — not in the page, not in the HTML, not in the `?_data=` answers the pages load —
// on a shared case, after a transfer, for the team lead (whose edits keep the note); emergency
// access reads it and is audited. Retention's hold-back and freezing a year from its page.
import { randomUUID } from 'node:crypto'
import type { Page } from '@playwright/test'
import { officeDay } from '../../app/domain/follow-up.ts'
import { e2eDatabase, insertCase, sqliteDate } from './db.ts'
import { expect, test } from './fixtures.ts'
import { demo, expectNoAxeViolations, login, switchUser } from './utils.ts'

// Several people sign in one after the other: a budget of 90 quiet seconds (scaled to the machine).
test.describe.configure({ timeout: 90_000 })

const NOTE = 'Berichtet von Schlafstörungen und Albträumen'

/** A contact with a confidential note, written straight into the e2e database. */
function addContactWithNote(baseURL: string | undefined, caseId: string, author: string) {
  const db = e2eDatabase(baseURL)
  try {
    const user = db.prepare('SELECT id FROM User WHERE email = ?').get(demo(author)) as { id: string }
    const topic = db.prepare("SELECT id FROM CatalogueEntry WHERE catalogue = 'TOPIC' AND code = 'HEALTH'").get() as { id: number }
    const now = sqliteDate(new Date())
    const day = sqliteDate(new Date(`${officeDay(new Date())}T00:00:00Z`))
    const id = randomUUID()
    db.prepare(
      `INSERT INTO Contact (id, caseId, authorId, date, durationMinutes, mode, setting, personsPresent, interpreting, confidentialNote, version, createdAt, updatedAt)
       VALUES (?, ?, ?, ?, 45, 'OFFICE', 'INDIVIDUAL', 1, 'NONE', ?, 1, ?, ?)`,
    ).run(id, caseId, user.id, day, NOTE, now, now)
    db.prepare('INSERT INTO ContactTopic (contactId, topicId) VALUES (?, ?)').run(id, topic.id)
    return id
  } finally {
    db.close()
  }
}

function storedNote(baseURL: string | undefined, contactId: string) {
  const db = e2eDatabase(baseURL)
  try {
    return db.prepare('SELECT confidentialNote, durationMinutes FROM Contact WHERE id = ?').get(contactId) as { confidentialNote: string | null; durationMinutes: number }
  } finally {
    db.close()
  }
}

/** The note's text is nowhere in what the browser receives: the HTML and every route's `?_data=`. */
async function expectNoteNowhere(page: Page, caseId: string, contactId: string) {
  expect(await page.content()).not.toContain(NOTE)
  const answers: Array<[string, string]> = [
    [`/cases/${caseId}`, 'routes/cases.$caseId'],
    [`/cases/${caseId}`, 'routes/cases.$caseId._index'],
    [`/cases/${caseId}/contacts/${contactId}`, 'routes/cases.$caseId.contacts.$contactId'],
    [`/cases/${caseId}/contacts/${contactId}`, 'root'],
  ]
  for (const [path, route] of answers) {
    const response = await page.request.get(`${path}?_data=${encodeURIComponent(route)}`)
    expect(response.status(), `${route}`).toBe(200)
    expect(await response.text(), `${route}`).not.toContain(NOTE)
  }
}

async function expectNoteExistsOnly(page: Page, caseId: string, contactId: string) {
  await page.goto(`/cases/${caseId}`)
  await expect(page.locator('.timeline-contact').getByText('Vertrauliche Notiz vorhanden')).toBeVisible()
  await expectNoteNowhere(page, caseId, contactId)
  await page.goto(`/cases/${caseId}/contacts/${contactId}`)
  await expect(page.getByText('Vertrauliche Notiz vorhanden').first()).toBeVisible()
  await expectNoteNowhere(page, caseId, contactId)
}

test('a case shared for substitution: the colleague and the team lead see that a note exists, never its text', async ({ page, baseURL }) => {
  const { caseId } = insertCase(baseURL, { counsellor: 'beratung.rostock', sharedForSubstitution: true })
  const contactId = addContactWithNote(baseURL, caseId, 'beratung.rostock')

  await login(page, demo('beratung2.rostock'), { at: null })
  await expectNoteExistsOnly(page, caseId, contactId)
  await expect(page.getByRole('link', { name: 'Notfallzugriff beantragen' })).toBeVisible()
  await expectNoAxeViolations(page)
  await switchUser(page)

  // The team lead may edit the contact; the note is neither shown nor offered, and it survives the save.
  await login(page, demo('leitung.rostock'), { at: null })
  await expectNoteExistsOnly(page, caseId, contactId)
  await expect(page.getByText('Sie können sie nicht lesen oder ändern; sie bleibt beim Speichern unverändert erhalten.')).toBeVisible()
  await expect(page.getByLabel('Vertrauliche Notiz')).toHaveCount(0)
  await expectNoAxeViolations(page)
  await page.getByLabel('Dauer in Minuten').fill('50')
  await page.getByRole('button', { name: 'Änderungen speichern' }).click()
  await expect(page.getByText('Der Kontakt wurde gespeichert.')).toBeVisible()
  expect(storedNote(baseURL, contactId)).toEqual({ confidentialNote: NOTE, durationMinutes: 50 })
  await switchUser(page)

  // The assigned counsellor reads and edits it.
  await login(page, demo('beratung.rostock'), { at: `/cases/${caseId}/contacts/${contactId}` })
  await expect(page.getByLabel('Vertrauliche Notiz')).toHaveValue(NOTE)
})

test('after a transfer the receiving team does not read the note; sharing was reset to its default', async ({ page, baseURL }) => {
  const { caseId } = insertCase(baseURL, { counsellor: 'beratung.eae', sharedForSubstitution: true })
  const contactId = addContactWithNote(baseURL, caseId, 'beratung.eae')

  await login(page, demo('leitung.eae'), { at: `/cases/${caseId}/transfer` })
  await page.getByLabel('An Team').selectOption({ label: 'Beratungsstelle Rostock' })
  await page.getByRole('button', { name: 'Fall übergeben' }).click()
  await page.getByRole('button', { name: 'Ja, Fall übergeben' }).click()
  await expect(page).toHaveURL(/\/cases\?transferred=1/)
  await switchUser(page)

  // The unassigned colleague of the receiving team: the case is not shared there, it does not exist for them.
  await login(page, demo('beratung2.rostock'), { at: null })
  const answer = await page.request.get(`/cases/${caseId}/contacts/${contactId}?_data=${encodeURIComponent('routes/cases.$caseId.contacts.$contactId')}`)
  expect(answer.status()).toBe(404)
  expect(await answer.text()).not.toContain(NOTE)
  await page.goto(`/cases/${caseId}`)
  await expect(page.getByRole('heading', { name: 'Seite nicht gefunden' })).toBeVisible()
  await switchUser(page)

  // The receiving team lead sees that a note exists.
  await login(page, demo('leitung.rostock'), { at: null })
  await expectNoteExistsOnly(page, caseId, contactId)
})

test('emergency access reads the note, and the read is audited as an emergency', async ({ page, baseURL }) => {
  const { caseId } = insertCase(baseURL, { counsellor: 'beratung.rostock' })
  const contactId = addContactWithNote(baseURL, caseId, 'beratung.rostock')
  await login(page, demo('beratung2.rostock'), { at: `/cases/${caseId}/emergency` })
  await page.getByLabel('Anlass').selectOption({ label: 'Krise / akute Gefährdung' })
  await page.getByLabel(/Ich bestätige, dass ein Notfall vorliegt/).check()
  await page.getByRole('button', { name: 'Fall im Notfall öffnen' }).click()
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}$`))
  await page.goto(`/cases/${caseId}/contacts/${contactId}`)
  await expect(page.getByText(NOTE)).toBeVisible()

  const db = e2eDatabase(baseURL)
  try {
    const reads = db.prepare("SELECT emergency, details FROM AuditEvent WHERE action = 'contact.read' AND entityId = ?").all(contactId) as Array<{ emergency: number; details: string }>
    expect(reads).toEqual([{ emergency: 1, details: JSON.stringify({ confidentialNote: 'shown' }) }])
  } finally {
    db.close()
  }
})

test('retention holds back a client whose years are not frozen; the administrator freezes the year from the page', async ({ page, baseURL }) => {
  // Opened and closed in 2012: long expired, and 2012 is frozen nowhere in the test database. A retry
  // takes the year before, which its failed attempt cannot have frozen, and each run of `--repeat-each` two
  // years earlier again (the run before froze its year on the same server).
  const year = 2012 - test.info().retry - 2 * test.info().repeatEachIndex
  const { caseId } = insertCase(baseURL, { counsellor: 'beratung.greifswald', openedAt: new Date(`${year}-03-01T10:00:00Z`) })
  const db = e2eDatabase(baseURL)
  try {
    const closed = sqliteDate(new Date(`${year}-06-01T10:00:00Z`))
    db.prepare("UPDATE \"Case\" SET status = 'CLOSED', closedAt = ? WHERE id = ?").run(closed, caseId)
    db.prepare("INSERT INTO CaseStatusChange (id, caseId, fromStatus, toStatus, at) VALUES (?, ?, 'OPEN', 'CLOSED', ?)").run(randomUUID(), caseId, closed)
  } finally {
    db.close()
  }

  await login(page, demo('admin'), { at: '/admin/retention' })
  const held = page.getByRole('region', { name: 'Zurückgehalten: Jahre noch nicht eingefroren' })
  await expect(held).toBeVisible()
  await expect(held.getByRole('table', { name: /Zurückgehaltene Klient\/innen/ }).getByRole('row', { name: new RegExp(`^${year}\\b`) })).toBeVisible()
  await expectNoAxeViolations(page)

  await held.getByRole('button', { name: `Jahr ${year} einfrieren` }).click()
  await expect(held.getByText('Bitte bestätigen Sie, dass Sie die Statistik des Jahres geprüft haben.')).toBeVisible()
  await held.getByLabel(new RegExp(`Ich habe die Statistik ${year} geprüft`)).check()
  await held.getByRole('button', { name: `Jahr ${year} einfrieren` }).click()
  await expect(page.getByText(`Das Jahr ${year} wurde eingefroren.`)).toBeVisible()
  await expect(page.getByRole('button', { name: `Jahr ${year} einfrieren` })).toHaveCount(0)
})
