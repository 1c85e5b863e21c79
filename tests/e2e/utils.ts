import AxeBuilder from '@axe-core/playwright'
import { expect, type Page } from '@playwright/test'

export const DEMO_PASSWORD = 'Wegbegleiter-Demo-2026'
export const demo = (local: string) => `${local}@demo.wegbegleiter.de`

export async function login(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/login')
  await page.getByLabel('E-Mail-Adresse').fill(email)
  await page.getByLabel('Passwort').fill(password)
  await page.getByRole('button', { name: 'Anmelden' }).click()
  await expect(page).not.toHaveURL(/\/login/)
}

export async function logout(page: Page) {
  await page.getByRole('button', { name: /Abmelden|Sign out/ }).click()
  await expect(page).toHaveURL(/\/login/)
}

export const WCAG_21 = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']
/** For pages added or changed since WCAG 2.2 became the bar (CONVENTIONS / the issue briefs). */
export const WCAG_22 = [...WCAG_21, 'wcag22aa']

/** Zero axe violations against WCAG 2.1 A/AA (or the tags given). */
export async function expectNoAxeViolations(page: Page, tags: readonly string[] = WCAG_21) {
  const results = await new AxeBuilder({ page }).withTags([...tags]).analyze()
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
}
