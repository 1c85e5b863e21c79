// Issue 14, item 1 across teams: a duplicate-check match in another team leads to a transfer
// request; nothing about the case shows before the holding team grants it; the holding lead grants
// it after a summary, and the requesting counsellor then opens the case (decision 043).
import { insertCase, uniqueTag } from './db.ts'
import { demo, expectNoAxeViolations, login } from './utils.ts'
import { expect, test } from './fixtures.ts'

test.slow()

/** A birth date of its own per attempt, so that the check finds exactly this attempt's record. */
function birthDateOfThisAttempt() {
  const day = Math.floor(Math.random() * 20_000)
  return new Date(Date.UTC(1950, 0, 1) + day * 86_400_000).toISOString().slice(0, 10)
}

test('a match in another team: the counsellor asks for a handover, the holding lead grants it after a summary, the case opens for the counsellor', async ({ page, baseURL, browser }) => {
  const name = `Samira Haddad ${uniqueTag()}`
  const birthDate = birthDateOfThisAttempt()
  const { caseId, code } = insertCase(baseURL, { counsellor: 'beratung.eae' })

  // The EAE counsellor stores the identity key of the person.
  await login(page, demo('beratung.eae'), { at: `/cases/${caseId}/identity` })
  await page.getByLabel('Name').fill(name)
  await page.getByLabel('Geburtsdatum').fill(birthDate)
  await page.getByRole('button', { name: 'Verschlüsselt speichern' }).click()
  await expect(page.getByText('Der Zuordnungsschlüssel wurde verschlüsselt gespeichert.')).toBeVisible()

  // A Rostock counsellor checks: only the holding team is named, and a request can be sent.
  const rostock = await browser.newContext({ baseURL, locale: 'de-DE' })
  const asker = await rostock.newPage()
  await login(asker, demo('beratung.rostock'), { at: '/clients/check' })
  await asker.getByLabel('Name').fill(name)
  await asker.getByLabel('Geburtsdatum').fill(birthDate)
  await asker.getByRole('button', { name: 'Prüfen' }).click()
  const form = asker.getByRole('form', { name: 'Übergabe anfragen bei EAE Nostorf-Horst' })
  await expect(form).toBeVisible()
  await expect(asker.locator('main')).not.toContainText(code)
  await expectNoAxeViolations(asker)
  await form.getByLabel('Anlass der Anfrage').fill('Umzug in unseren Landkreis')
  await form.getByRole('button', { name: 'Übergabe anfragen (EAE Nostorf-Horst)' }).click()
  await expect(asker.getByText('Ihre Übergabeanfrage wurde gesendet.')).toBeVisible()
  await expect(asker.locator('main')).not.toContainText(code)
  const before = await asker.goto(`/cases/${caseId}`)
  expect(before?.status()).toBe(404)

  // The EAE lead finds the request on the team page, sees the summary and grants it.
  const eae = await browser.newContext({ baseURL, locale: 'de-DE' })
  const lead = await eae.newPage()
  await login(lead, demo('leitung.eae'), { at: '/team' })
  await lead.getByRole('link', { name: `Anfrage zu ${code} entscheiden` }).click()
  await expect(lead.getByRole('heading', { level: 1, name: 'Übergabeanfrage eines anderen Teams' })).toBeVisible()
  await expectNoAxeViolations(lead)
  await lead.getByRole('button', { name: 'Weiter zur Bestätigung' }).click()
  await expect(lead.getByText(`Der Fall ${code} geht an das Team „Beratungsstelle Rostock“.`)).toBeVisible()
  await expectNoAxeViolations(lead)
  await lead.getByRole('button', { name: 'Fall übergeben' }).click()
  await expect(lead.getByText('Die Übergabe wurde gewährt; der Fall ist an das anfragende Team gegangen.')).toBeVisible()

  // The requesting counsellor now opens the case; the EAE counsellor no longer does.
  const after = await asker.goto(`/cases/${caseId}`)
  expect(after?.status()).toBe(200)
  await expect(asker.getByRole('heading', { level: 1 })).toContainText(code)
  const former = await page.goto(`/cases/${caseId}`)
  expect(former?.status()).toBe(404)
  await rostock.close()
  await eae.close()
})
