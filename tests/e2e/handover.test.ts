// Handovers that arrive (issue 14, item 6): a case transferred to a team of its own arrives in the
// receiving lead's start page and queue, with its handover note on the case overview; a counsellor of
// that team asks to take it, the lead confirms with one click, and the counsellor then opens the
// file and the transfer history ("Übergabe ansehen").
import { type Browser } from '@playwright/test'
import { insertCase, insertTeam, insertUser, uniqueTag } from './db.ts'
import { expectNoAxeViolations, login } from './utils.ts'
import { expect, test } from './fixtures.ts'

test.slow()

/** A browser context of its own, signed in, on `at` (the start page by default); `response` is that page's answer. */
async function signedIn(browser: Browser, email: string, at?: string) {
  const context = await browser.newContext()
  const page = await context.newPage()
  const response = await login(page, email, { at })
  return { context, page, response }
}

test('a transferred case arrives in the receiving lead\'s queue and is taken over on request', async ({ browser, baseURL }) => {
  const tag = uniqueTag()
  const team = insertTeam(baseURL, { name: `Beratungsstelle Ankunft ${tag}` })
  const receivingLead = insertUser(baseURL, { role: 'TEAM_LEAD', teamId: team.id })
  const counsellor = insertUser(baseURL, { teamId: team.id, displayName: `Beraterin ${tag}` })
  const sendingLead = insertUser(baseURL, { role: 'TEAM_LEAD', teamName: 'EAE Nostorf-Horst' })
  const sendingCounsellor = insertUser(baseURL, { teamName: 'EAE Nostorf-Horst' })
  const { caseId, code } = insertCase(baseURL, { counsellor: sendingCounsellor.email })
  const note = `Termin beim Sozialamt am Montag ${tag}`

  // The sending lead transfers the case (with the confirmation step).
  const sender = await signedIn(browser, sendingLead.email, `/cases/${caseId}/transfer`)
  await sender.page.getByLabel('An Team').selectOption({ label: team.name })
  await sender.page.getByLabel('Grund').selectOption('MOVE')
  await sender.page.getByLabel('Übergabenotiz').fill(note)
  await sender.page.getByRole('button', { name: 'Fall übergeben' }).click()
  await sender.page.getByRole('button', { name: 'Ja, Fall übergeben' }).click()
  await expect(sender.page).toHaveURL(/\/cases\?transferred=1/)
  await sender.context.close()

  // The receiving lead's start page: what waits, the transfer first, and the notice.
  const lead = await signedIn(browser, receivingLead.email)
  const arrivals = lead.page.getByRole('region', { name: '1 Fall wartet auf Zuweisung' })
  await expect(arrivals).toContainText(code)
  await expect(arrivals).toContainText('übergeben von EAE Nostorf-Horst')
  await expectNoAxeViolations(lead.page)
  await lead.page.getByRole('link', { name: /1 neuer Hinweis/ }).click()
  const notices = lead.page.getByRole('region', { name: 'Notfallzugriffe, Löschanträge und eingegangene Übergaben in Ihrem Team' })
  await expect(notices.getByRole('row', { name: new RegExp(code) })).toContainText('Fall übergeben (eingehend)')
  await expect(notices.getByRole('row', { name: new RegExp(code) })).toContainText('Umzug')
  await expectNoAxeViolations(lead.page)

  // The handover note as a banner on the case overview, and at the top of the transfer page — above
  // the form for a new transfer, never below it.
  await lead.page.goto(`/cases/${caseId}`)
  const banner = lead.page.getByRole('region', { name: 'Übergabe von EAE Nostorf-Horst' })
  await expect(banner).toContainText(note)
  await expectNoAxeViolations(lead.page)
  await lead.page.getByRole('link', { name: 'Übergabe ansehen' }).click()
  await expect(lead.page).toHaveURL(new RegExp(`/cases/${caseId}/transfer$`))
  const topBanner = lead.page.getByRole('region', { name: 'Übergabe von EAE Nostorf-Horst' })
  await expect(topBanner).toContainText(note)
  // Measured once both stand on the transfer page: right after the client-side navigation the case
  // overview's banner of the same name can still be the one found, and a box taken while React swaps
  // the pages is null (CI, session 14).
  const formHeading = lead.page.getByRole('heading', { level: 3, name: 'Fall übergeben' })
  await expect(formHeading).toBeVisible()
  await expect(async () => {
    const bannerBox = await topBanner.boundingBox()
    const formBox = await formHeading.boundingBox()
    expect(bannerBox).not.toBeNull()
    expect(formBox).not.toBeNull()
    expect(bannerBox!.y).toBeLessThan(formBox!.y)
  }).toPass()

  // A counsellor of the receiving team finds the waiting case from the start page and asks for it.
  const colleague = await signedIn(browser, counsellor.email)
  await colleague.page.getByRole('link', { name: '1 Fall im Team wartet auf Zuweisung – Übernahme anfragen' }).click()
  await expect(colleague.page.getByRole('heading', { level: 1, name: 'Fälle, die auf Zuweisung warten' })).toBeVisible()
  const row = colleague.page.getByRole('row', { name: new RegExp(code) })
  await expect(row).toContainText('übergeben von EAE Nostorf-Horst')
  await expect(colleague.page.getByText(note)).toHaveCount(0)
  await expectNoAxeViolations(colleague.page)
  await row.getByRole('button', { name: `Übernahme anfragen: Fall ${code}` }).click()
  await expect(colleague.page.getByRole('status')).toContainText('Ihre Anfrage wurde an die Teamleitung geschickt.')
  await expect(colleague.page.getByRole('row', { name: new RegExp(code) })).toContainText('angefragt')
  await expectNoAxeViolations(colleague.page)

  // The lead confirms with one click on /team.
  await lead.page.goto('/team')
  const requests = lead.page.getByRole('table', { name: '1 offene Anfrage' })
  await expect(requests).toContainText(counsellor.displayName)
  await expectNoAxeViolations(lead.page)
  await requests.getByRole('button', { name: `Bestätigen: ${code} an ${counsellor.displayName}` }).click()
  await expect(lead.page.getByRole('status').filter({ hasText: 'Die Übernahme ist bestätigt' })).toBeVisible()
  await expect(lead.page.getByText('Keine offenen Anfragen.')).toBeVisible()
  await lead.context.close()

  // The counsellor now has the case: no banner any more, and "Übergabe ansehen" opens the history.
  await colleague.page.goto('/')
  await colleague.page.getByRole('region', { name: /Ihnen zugewiesen/ }).getByRole('link', { name: code }).click()
  await expect(colleague.page.getByRole('heading', { level: 1 })).toContainText(code)
  await expect(colleague.page.getByRole('region', { name: 'Übergabe von EAE Nostorf-Horst' })).toHaveCount(0)
  await colleague.page.getByRole('link', { name: 'Übergabe ansehen' }).click()
  await expect(colleague.page.getByRole('table', { name: 'Bisherige Übergaben' })).toContainText(note)
  await expectNoAxeViolations(colleague.page)
  await colleague.context.close()
})
