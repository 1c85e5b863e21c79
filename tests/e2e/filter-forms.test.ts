// A filter form shows the filters of the address (FilterForm, app/components/ui/filter-form.tsx): after
// „Zurücksetzen“ and after Back its text fields, short selects and checkboxes show what the list applies, not what
// was chosen before; the control that had the keyboard focus keeps it when the form is sent.
import { insertUser } from './db.ts'
import { hydrated, login, recordErrors } from './utils.ts'
import { expect, test } from './fixtures.ts'

test('the case list’s filter form follows the address after „Zurücksetzen“ and Back, and sending it with Enter keeps the caret in the search field', async ({
  page,
  baseURL,
}) => {
  const lead = insertUser(baseURL, { role: 'TEAM_LEAD' })
  const errors = recordErrors(page)
  await login(page, lead.email, { at: null })
  await page.goto('/cases')
  const form = page.getByRole('search', { name: 'Fälle suchen und filtern' })
  await hydrated(form)
  const q = form.getByLabel('Pseudonym-Code')
  const status = form.locator('select[name="status"]')
  const sort = form.locator('select[name="sort"]')
  const overdue = form.getByLabel('nur mit überfälliger Wiedervorlage')
  await status.selectOption('CLOSED')
  await sort.selectOption('code')
  await overdue.check()
  await q.fill('ZZZZ')
  await q.press('Enter')
  await expect(page).toHaveURL(/[?&]q=ZZZZ/)
  await expect(page).toHaveURL(/[?&]status=CLOSED/)
  await expect(q).toBeFocused()
  await expect(q).toHaveValue('ZZZZ')
  await expect(status).toHaveValue('CLOSED')

  // client-side to the unfiltered list: every field shows no filter, the sort its default
  await form.getByRole('link', { name: 'Zurücksetzen' }).click()
  await expect(page).toHaveURL(/\/cases$/)
  await expect(q).toHaveValue('')
  await expect(status).toHaveValue('')
  await expect(sort).toHaveValue('opened-desc')
  await expect(overdue).not.toBeChecked()
  // the reset link is gone with the filters: the keyboard focus stays in the form, on its first field
  await expect(q).toBeFocused()

  // Back to the filtered list: the form shows its filters again
  await page.goBack()
  await expect(page).toHaveURL(/[?&]q=ZZZZ/)
  await expect(q).toHaveValue('ZZZZ')
  await expect(status).toHaveValue('CLOSED')
  await expect(sort).toHaveValue('code')
  await expect(overdue).toBeChecked()
  expect(errors).toEqual([])
})

test('the audit log’s filter form follows the address after „Zurücksetzen“, and the button that sent it keeps the focus', async ({ page, baseURL }) => {
  const admin = insertUser(baseURL, { role: 'ADMIN' })
  const errors = recordErrors(page)
  await login(page, admin.email, { at: null })
  await page.goto('/admin/audit')
  const form = page.getByRole('form', { name: 'Protokoll filtern' })
  await hydrated(form)
  const outcome = form.locator('select[name="outcome"]')
  const from = form.locator('input[name="from"]')
  const emergency = form.locator('input[name="emergency"]')
  await outcome.selectOption('DENIED')
  await from.fill('2026-01-01')
  await emergency.check()
  const send = form.getByRole('button', { name: 'Filtern' })
  await send.click()
  await expect(page).toHaveURL(/[?&]outcome=DENIED/)
  await expect(send).toBeFocused()
  await expect(outcome).toHaveValue('DENIED')

  await form.getByRole('link', { name: 'Zurücksetzen' }).click()
  await expect(page).toHaveURL(/\/admin\/audit$/)
  await expect(outcome).toHaveValue('')
  await expect(from).toHaveValue('')
  await expect(emergency).not.toBeChecked()
  // the link that reset it is in the new form too, and keeps the focus
  await expect(form.getByRole('link', { name: 'Zurücksetzen' })).toBeFocused()
  expect(errors).toEqual([])
})
