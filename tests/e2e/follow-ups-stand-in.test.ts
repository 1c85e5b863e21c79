import { type Page } from '@playwright/test'
import { insertTeam, insertUser } from './db.ts'
import { substituteWithFollowUps } from './substitute.ts'
import { expectNoAxeViolations, login } from './utils.ts'
import { expect, test } from './fixtures.ts'

// A substitute's /follow-ups (session 28): "Erledigt" on a row of a stand-in that ended between the page and the
// click says so in plain words, on /follow-ups and on the case's follow-up tab, with JavaScript and without; and
// "Alle" / "Nur meine" / "Nur Vertretung", shown only to a substitute.

function bucket(page: Page, heading: string) {
  return page
    .locator('.follow-up-bucket')
    .filter({ has: page.getByRole('heading', { level: 3, name: heading }) })
}

test('"Erledigt" on a stand-in\'s row after the stand-in ended: the page says the follow-up is no longer in the list and leads back to it', async ({
  page,
  baseURL,
}) => {
  const { sina, ownCode, bilalsCode, bilalsName, endStandIn } = substituteWithFollowUps(baseURL)
  await login(page, sina.email, { at: '/follow-ups' })
  const overdue = bucket(page, 'Überfällig 3')
  await expect(
    overdue.getByRole('rowheader', { name: `${bilalsCode} Vertretung für ${bilalsName}` }),
  ).toHaveCount(2)
  endStandIn()
  await overdue
    .getByRole('row')
    .filter({ hasText: `Vertretung für ${bilalsName}` })
    .first()
    .getByRole('button', { name: `Wiedervorlage für ${bilalsCode} als erledigt markieren` })
    .click()
  await expect(
    page.getByRole('heading', { level: 1, name: 'Diese Wiedervorlage ist nicht mehr in Ihrer Liste' }),
  ).toBeVisible()
  await expect(
    page.getByText(
      /wenn eine Vertretung zu Ende gegangen ist oder der Fall inzwischen jemand anderem zugeordnet wurde/,
    ),
  ).toBeVisible()
  await expectNoAxeViolations(page)
  await page.getByRole('link', { name: 'Zu Ihren Wiedervorlagen' }).click()
  await expect(page).toHaveURL(/\/follow-ups$/)
  // her own follow-up only; Bilal's are his again
  await expect(
    bucket(page, 'Überfällig 1').getByRole('rowheader', { name: ownCode, exact: true }),
  ).toHaveCount(1)
  await expect(page.getByText(`Vertretung für ${bilalsName}`)).toHaveCount(0)
})

test('the same from the start page\'s "Erledigt" (review of session 28)', async ({ page, baseURL }) => {
  const { sina, bilalsCode, bilalsName, endStandIn } = substituteWithFollowUps(baseURL)
  await login(page, sina.email, { at: '/' })
  const row = page
    .getByRole('row')
    .filter({ hasText: `Vertretung für ${bilalsName}` })
    .first()
  await expect(row).toBeVisible()
  endStandIn()
  await row.getByRole('button', { name: `Wiedervorlage für ${bilalsCode} als erledigt markieren` }).click()
  await expect(
    page.getByRole('heading', { name: 'Diese Wiedervorlage ist nicht mehr in Ihrer Liste' }),
  ).toBeVisible()
  await expectNoAxeViolations(page)
  await page.getByRole('link', { name: 'Zu Ihren Wiedervorlagen' }).click()
  await expect(page).toHaveURL(/\/follow-ups$/)
})

test("the same on the case's follow-up tab, and without JavaScript: 404, the words and the way back", async ({
  page,
  browser,
  baseURL,
}) => {
  const { sina, bilalsCaseId, endStandIn } = substituteWithFollowUps(baseURL)
  await login(page, sina.email, { at: `/cases/${bilalsCaseId}/follow-ups` })
  await expect(page.getByRole('button', { name: /als erledigt markieren$/ })).toHaveCount(2)
  endStandIn()
  await page
    .getByRole('button', { name: /als erledigt markieren$/ })
    .first()
    .click()
  await expect(page).toHaveURL(/\/follow-ups\/not-in-list$/)
  await expect(
    page.getByRole('heading', { level: 1, name: 'Diese Wiedervorlage ist nicht mehr in Ihrer Liste' }),
  ).toBeVisible()
  await expect(page.getByRole('link', { name: 'Zu Ihren Wiedervorlagen' })).toHaveAttribute(
    'href',
    '/follow-ups',
  )

  // without JavaScript: the answer's own status is 404 on /follow-ups
  const { sina: other, bilalsCode, bilalsName, endStandIn: endOther } = substituteWithFollowUps(baseURL)
  const context = await browser.newContext({ baseURL, javaScriptEnabled: false, locale: 'de-DE' })
  const plain = await context.newPage()
  try {
    await login(plain, other.email, { at: '/follow-ups?due=overdue' })
    endOther()
    const answer = plain.waitForResponse(
      (response) => response.request().method() === 'POST' && response.url().includes('/follow-ups'),
    )
    await bucket(plain, 'Überfällig 3')
      .getByRole('row')
      .filter({ hasText: `Vertretung für ${bilalsName}` })
      .first()
      .getByRole('button', { name: `Wiedervorlage für ${bilalsCode} als erledigt markieren` })
      .click()
    expect((await answer).status()).toBe(404)
    await expect(
      plain.getByRole('heading', { level: 1, name: 'Diese Wiedervorlage ist nicht mehr in Ihrer Liste' }),
    ).toBeVisible()
    await plain.getByRole('link', { name: 'Zu Ihren Wiedervorlagen' }).click()
    await expect(plain.getByText(`Vertretung für ${bilalsName}`)).toHaveCount(0)
  } finally {
    await context.close()
  }
})

test('"Nur meine" / "Nur Vertretung" on a substitute\'s /follow-ups: the rows and the counts follow the choice, with JavaScript and without', async ({
  page,
  browser,
  baseURL,
}) => {
  const { sina, ownCode, bilalsCode, bilalsName } = substituteWithFollowUps(baseURL)
  await login(page, sina.email, { at: '/follow-ups' })
  const whose = page.getByLabel('Wessen Wiedervorlagen')
  await expect(whose).toHaveValue('all')
  await whose.selectOption({ label: 'Nur Vertretung' })
  await page.getByRole('button', { name: 'Anzeigen' }).click()
  await expect(page).toHaveURL(/\/follow-ups\?whose=stand-in$/)
  await expect(
    bucket(page, 'Überfällig 2').getByRole('rowheader', {
      name: `${bilalsCode} Vertretung für ${bilalsName}`,
    }),
  ).toHaveCount(2)
  await expect(page.getByRole('link', { name: 'Überfällig (2)' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Alle (2)' })).toBeVisible()
  await expectNoAxeViolations(page)
  // a group link keeps the choice
  await page.getByRole('link', { name: 'Überfällig (2)' }).click()
  await expect(page).toHaveURL(/\/follow-ups\?due=overdue&whose=stand-in$/)
  await expect(page.getByLabel('Wessen Wiedervorlagen')).toHaveValue('stand-in')

  const context = await browser.newContext({ baseURL, javaScriptEnabled: false, locale: 'de-DE' })
  const plain = await context.newPage()
  try {
    await login(plain, sina.email, { at: '/follow-ups?due=overdue' })
    await plain.getByLabel('Wessen Wiedervorlagen').selectOption({ label: 'Nur meine' })
    await plain.getByRole('button', { name: 'Anzeigen' }).click()
    await expect(plain).toHaveURL(/\/follow-ups\?due=overdue&whose=mine$/)
    await expect(
      bucket(plain, 'Überfällig 1').getByRole('rowheader', { name: ownCode, exact: true }),
    ).toHaveCount(1)
    await expect(plain.getByText(`Vertretung für ${bilalsName}`)).toHaveCount(0)
    await expect(plain.getByRole('link', { name: 'Überfällig (1)' })).toBeVisible()
  } finally {
    await context.close()
  }
})

test('someone who stands in for nobody has no such filter on /follow-ups', async ({ page, baseURL }) => {
  const team = insertTeam(baseURL)
  const counsellor = insertUser(baseURL, { teamId: team.id })
  await login(page, counsellor.email, { at: '/follow-ups' })
  await expect(page.getByRole('heading', { level: 1, name: 'Wiedervorlagen' })).toBeVisible()
  await expect(page.getByLabel('Wessen Wiedervorlagen')).toHaveCount(0)
})
