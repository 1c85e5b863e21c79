// The choice of several languages (issue 16 item 5, decision 042): with the keyboard alone as a
// combobox, without JavaScript as a plain select multiple, accessible on every form that has it.
import { randomUUID } from 'node:crypto'
import { type Page } from '@playwright/test'
import { activate, expectVisibleFocus, typeInto } from './a11y-keyboard.ts'
import { reflowProblems } from './reflow.ts'
import { demo, expectNoAxeViolations, login } from './utils.ts'
import { expect, test } from './fixtures.ts'

async function fillPerson(page: Page) {
  const email = `sprachen.${randomUUID().slice(0, 8)}@test.example`
  await page.getByLabel('Anzeigename').fill('Sprach Test')
  await page.getByLabel('E-Mail-Adresse').fill(email)
  await page.getByLabel('Rolle').selectOption('COUNSELLOR')
  // A seeded team by name: the first in the list can be another test's own team (they sort by name), whose lead
  // would then get this account's notice while that test counts the lead's notices (handover.test.ts).
  await page.getByLabel('Team', { exact: true }).selectOption({ label: 'Beratungsstelle Greifswald' })
  return email
}

/** The saved languages of the person, read on their page without JavaScript's help. */
async function openPerson(page: Page, email: string) {
  await page.goto('/admin/users')
  await page.getByRole('row', { name: email }).getByRole('link').first().click()
  await expect(page.getByRole('heading', { level: 1, name: /Benutzer: Sprach Test/ })).toBeVisible()
}

test('staff languages with the keyboard alone: type, arrows, Enter, Escape, remove a chosen one, save', async ({ page }) => {
  test.slow()
  await login(page, demo('admin'), { at: '/admin/users/new' })
  const email = await fillPerson(page)
  const combobox = page.getByRole('combobox', { name: 'Sprachen der Person' })
  const listbox = page.getByRole('listbox', { name: 'Sprachen der Person' })
  const status = page.locator('.multi-select [aria-live="polite"]')

  // Typing filters by the German name; the number of matches is announced politely.
  await typeInto(page, combobox, 'pers')
  await expect(combobox).toHaveAttribute('aria-expanded', 'true')
  await expect(status).toHaveText(/^\d+ Treffer$/)
  await expect(listbox.getByRole('option').first()).toHaveText('Persisch (Farsi)')
  await page.keyboard.press('ArrowDown')
  await expect(combobox).toHaveAttribute('aria-activedescendant', (await listbox.getByRole('option').first().getAttribute('id'))!)
  await page.keyboard.press('Enter')
  await expect(page.getByRole('button', { name: 'Persisch (Farsi) entfernen' })).toBeVisible()
  await expect(status).toHaveText('Persisch (Farsi) ausgewählt')
  await expect(combobox).toHaveAttribute('aria-expanded', 'false')
  await expectVisibleFocus(combobox)

  // Escape closes without choosing; ArrowDown opens the filtered list again.
  await page.keyboard.type('tigrin')
  await page.keyboard.press('Escape')
  await expect(combobox).toHaveAttribute('aria-expanded', 'false')
  await page.keyboard.press('ArrowDown')
  await expect(combobox).toHaveAttribute('aria-expanded', 'true')
  await expect(listbox.getByRole('option', { name: 'Tigrinya' })).toBeVisible()
  await page.keyboard.press('Enter')
  // By the English name of a language whose German name differs.
  await page.keyboard.type('ukrainian')
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('list', { name: 'Ausgewählt: Sprachen der Person' }).getByRole('button')).toHaveText([
    /Persisch \(Farsi\)/,
    /Tigrinya/,
    /Ukrainisch/,
  ])
  // By the code; a chosen language is marked in the list.
  await page.keyboard.type('tir')
  await expect(listbox.getByRole('option', { name: 'Tigrinya' })).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('Escape')
  await page.keyboard.press('Escape')
  await expect(combobox).toHaveValue('')

  // Remove one with the keyboard: the focus returns to the search.
  await activate(page, page.getByRole('button', { name: 'Tigrinya entfernen' }))
  await expect(page.getByRole('button', { name: 'Tigrinya entfernen' })).toHaveCount(0)
  await expect(status).toHaveText('Tigrinya entfernt')
  await expectVisibleFocus(combobox)
  await expectNoAxeViolations(page)

  await activate(page, page.getByRole('button', { name: 'Benutzer anlegen' }))
  await expect(page.getByText('Das Konto wurde angelegt.')).toBeVisible()
  await openPerson(page, email)
  await expect(page.getByRole('list', { name: 'Ausgewählt: Sprachen der Person' }).getByRole('button')).toHaveText([/Persisch \(Farsi\)/, /Ukrainisch/])
})

test('the choice is accessible on the staff, client and partner forms, open and at 320 px', async ({ page }) => {
  test.slow()
  await login(page, demo('admin'), { at: null })
  for (const path of ['/admin/users/new', '/admin/partners/new']) {
    await page.goto(path)
    const combobox = page.getByRole('combobox', { name: /Sprachen/ })
    await combobox.fill('ara')
    await expect(page.getByRole('listbox').getByRole('option').first()).toBeVisible()
    await page.keyboard.press('ArrowDown')
    await expectNoAxeViolations(page)
    await page.keyboard.press('Enter')
    await expectNoAxeViolations(page)
    await page.setViewportSize({ width: 320, height: 800 })
    await combobox.fill('a')
    expect(await reflowProblems(page, 320)).toEqual([])
    await page.setViewportSize({ width: 1280, height: 800 })
  }
  await page.context().clearCookies()
  await login(page, demo('beratung.eae'), { at: '/cases/new' })
  const combobox = page.getByRole('combobox', { name: 'Sprachen (optional)' })
  await combobox.fill('kurm')
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('button', { name: 'Kurdisch (Kurmandschi) entfernen' })).toBeVisible()
  await expectNoAxeViolations(page)
  await page.setViewportSize({ width: 320, height: 800 })
  expect(await reflowProblems(page, 320)).toEqual([])

  // The native control as a browser without JavaScript gets it (the page's scripts withheld; axe
  // itself needs JavaScript in the page).
  await page.route('**/build/**/*.js', (route) => route.abort())
  await page.goto('/cases/new')
  await expect(page.getByRole('listbox', { name: 'Sprachen (optional)' })).toBeVisible()
  await expectNoAxeViolations(page)
  expect(await reflowProblems(page, 320)).toEqual([])
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('the same form posts a plain select multiple, the frequent languages first; an edit keeps them', async ({ page }) => {
    await login(page, demo('admin'), { at: '/admin/users/new' })
    const select = page.getByRole('listbox', { name: 'Sprachen der Person' })
    await expect(page.getByRole('combobox', { name: 'Sprachen der Person' })).toHaveCount(0)
    // The likely languages lead: the first group is the organisation's own or the regional list.
    const groups = await select.locator('optgroup').evaluateAll((elements) => elements.map((element) => element.getAttribute('label')))
    expect(groups.at(-1)).toBe('Weitere Sprachen')
    expect(['Häufig in unserer Beratung', 'Häufige Sprachen']).toContain(groups[0])
    const email = await fillPerson(page)
    await select.selectOption(['fas', 'tir'])
    await page.getByRole('button', { name: 'Benutzer anlegen' }).click()
    await expect(page.getByText('Das Konto wurde angelegt.')).toBeVisible()
    await openPerson(page, email)
    const saved = page.getByRole('listbox', { name: 'Sprachen der Person' })
    expect((await saved.evaluate((element) => [...(element as HTMLSelectElement).selectedOptions].map((option) => option.value))).sort()).toEqual(['fas', 'tir'])
    await page.setViewportSize({ width: 320, height: 800 })
    expect(await reflowProblems(page, 320)).toEqual([])
  })
})
