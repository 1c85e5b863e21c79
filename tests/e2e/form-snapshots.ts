// What the forms with long lists offer, as the browser has them: shared by the tests of decision 101
// (form-lists.test.ts: master-data and contact forms; case-form-lists.test.ts: the other case forms).
import { type Page } from '@playwright/test'
import { hydrated } from './utils.ts'
import { expect } from './fixtures.ts'

/** Resolves once React has taken over the form `form` (a selector after `form`, e.g. its `#id`). */
export const formHydrated = (page: Page, form: string) => hydrated(page.locator(`form${form}`))

export type SelectSnapshot = { id: string; options: string[]; chosen: string[] }

/** Every select of the form: each option as group, value and text, and the chosen values. */
export function selectsOf(page: Page, form: string): Promise<SelectSnapshot[]> {
  return page.locator(`form${form} select`).evaluateAll((selects) =>
    (selects as HTMLSelectElement[]).map((select) => ({
      id: select.id,
      options: Array.from(
        select.options,
        (option) =>
          `${option.parentElement?.getAttribute('label') ?? ''}\t${option.value}\t${option.textContent}`,
      ),
      chosen: Array.from(select.selectedOptions, (option) => option.value),
    })),
  )
}

/** What a combobox offers with nothing typed: its every option, in order. */
export async function comboboxOptions(page: Page, name: string) {
  const combobox = page.getByRole('combobox', { name })
  await combobox.focus()
  await combobox.press('ArrowDown')
  await expect(combobox).toHaveAttribute('aria-expanded', 'true')
  const options = await page.getByRole('listbox', { name }).getByRole('option').allTextContents()
  await combobox.press('Escape')
  return options
}
