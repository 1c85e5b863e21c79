import { expect, test, type Page } from '@playwright/test'
import { axeViolations } from './axe.ts'
import { extendBudget, STEP_QUIET_MS } from './budget.ts'

export const DEMO_PASSWORD = 'Wegbegleiter-Demo-2026'
export const demo = (local: string) => `${local}@demo.wegbegleiter.de`

const SESSION_COOKIE = 'wb_session'
type Cookie = Awaited<ReturnType<ReturnType<Page['context']>['cookies']>>[number]

/**
 * Sessions of the demo accounts, signed in once per worker and shared by its tests (a sign-in
 * costs a deliberately slow password hash). Only demo accounts with the demo password: a test that
 * changes an account's password or state works with an account of its own (`insertUser`).
 */
const demoSessions = new Map<string, Cookie>()

/**
 * Signs the page's browser context in and opens the page the sign-in leads to (the start page, or
 * the password change an initial password requires). The sign-in form itself is tested in
 * auth.test.ts (`loginThroughForm`); every other test signs in over HTTP, or reuses the worker's
 * session of a demo account.
 */
export async function login(page: Page, email: string, password = DEMO_PASSWORD) {
  extendBudget(STEP_QUIET_MS.signIn)
  const shareable = password === DEMO_PASSWORD && email.endsWith('@demo.wegbegleiter.de')
  const shared = shareable ? demoSessions.get(email) : undefined
  if (shared) {
    await page.context().addCookies([shared])
    await page.goto('/')
    // Signed out or revoked meanwhile: the start page sends to the sign-in page, and the test signs in anew.
    if (!new URL(page.url()).pathname.startsWith('/login')) return
    demoSessions.delete(email)
  }
  // A browser names its origin with every form it posts; the server refuses writes without it.
  const origin = new URL(test.info().project.use.baseURL!).origin
  const response = await page.request.post('/login', {
    form: { email, password },
    headers: { Origin: origin },
    maxRedirects: 0,
  })
  expect(response.status(), `sign-in of ${email}: ${await response.text()}`).toBe(302)
  await page.goto(response.headers()['location'] ?? '/')
  await expect(page).not.toHaveURL(/\/login/)
  if (shareable) {
    const cookie = (await page.context().cookies()).find((candidate) => candidate.name === SESSION_COOKIE)
    if (cookie) demoSessions.set(email, cookie)
  }
}

/** Signs in through the sign-in page as a person does (for the tests of signing in). */
export async function loginThroughForm(page: Page, email: string, password = DEMO_PASSWORD) {
  extendBudget(STEP_QUIET_MS.signIn)
  await page.goto('/login')
  await page.getByLabel('E-Mail-Adresse').fill(email)
  await page.getByLabel('Passwort').fill(password)
  await page.getByRole('button', { name: 'Anmelden' }).click()
  await expect(page).not.toHaveURL(/\/login/)
}

/** Signs out with the button; the session ends on the server, so no later test may reuse it. */
export async function logout(page: Page) {
  const session = (await page.context().cookies()).find((cookie) => cookie.name === SESSION_COOKIE)
  for (const [email, cookie] of demoSessions) if (cookie.value === session?.value) demoSessions.delete(email)
  await page.getByRole('button', { name: /Abmelden|Sign out/ }).click()
  await expect(page).toHaveURL(/\/login/)
}

/** Zero axe violations against WCAG 2.x A/AA (tests/e2e/axe.ts). */
export async function expectNoAxeViolations(page: Page) {
  expect(await axeViolations(page)).toEqual([])
}
