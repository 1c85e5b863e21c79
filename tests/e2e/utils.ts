import fs from 'node:fs'
import path from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { expect, type Cookie, type Page } from '@playwright/test'
import { DEMO_ACCOUNT_DOMAIN, DEMO_TOTP_SECRETS } from '../../prisma/demo-totp.ts'
import { stepOf, totpAt } from '../totp-reference.ts'
import { E2E_ACCOUNTS, E2E_TOTP_SECRETS } from './accounts.ts'
import { e2eDatabase } from './db.ts'

export const DEMO_PASSWORD = 'Wegbegleiter-Demo-2026'
export const demo = (local: string) => `${local}@${DEMO_ACCOUNT_DOMAIN}`

/** The published (demo) or fixture (test account) second-factor secret of an account. */
export function totpSecretFor(email: string) {
  if (email.endsWith(`@${DEMO_ACCOUNT_DOMAIN}`)) return DEMO_TOTP_SECRETS[email.slice(0, -DEMO_ACCOUNT_DOMAIN.length - 1)]
  const key = (Object.keys(E2E_ACCOUNTS) as Array<keyof typeof E2E_ACCOUNTS>).find((name) => E2E_ACCOUNTS[name] === email)
  return key ? E2E_TOTP_SECRETS[key] : undefined
}

const lockRoot = path.resolve('tests', '.tmp', 'e2e-code-locks')

/**
 * Runs `use` with a code of the account that the server has not accepted yet. A code signs in once
 * (replay protection: each accepted step must be newer than the last), and both test workers sign in
 * as the demo accounts: so one worker at a time per account (a lock folder), and the step is chosen
 * after the last accepted one, waiting for the next 30-second step when the window is used up.
 */
export async function withUnusedCode(page: Page, email: string, use: (code: string) => Promise<void>) {
  const secret = totpSecretFor(email)
  if (!secret) throw new Error(`no second-factor secret known for ${email}`)
  const lock = path.join(lockRoot, `${new URL(page.url()).port}-${email}`)
  fs.mkdirSync(lockRoot, { recursive: true })
  const deadline = Date.now() + 90_000
  for (;;) {
    try {
      fs.mkdirSync(lock)
      break
    } catch {
      // a lock older than the deadline belongs to a worker that died holding it
      if (Date.now() > deadline) fs.rmSync(lock, { recursive: true, force: true })
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  try {
    const db = e2eDatabase(page.url())
    const row = db.prepare('SELECT t."lastUsedStep" AS step FROM "TotpCredential" t JOIN "User" u ON u."id" = t."userId" WHERE u."email" = ?').get(email) as { step: number | null } | undefined
    db.close()
    const step = Math.max(stepOf(), (row?.step ?? 0) + 1)
    // the server accepts one step ahead of its clock: wait until the chosen step is within reach
    const wait = (step - 1) * 30_000 - Date.now() + 200
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    await use(totpAt(secret, step))
  } finally {
    fs.rmSync(lock, { recursive: true, force: true })
  }
}

/** The code step after the password, with the mouse-free defaults of the page. */
export async function enterCode(page: Page, email: string) {
  await expect(page).toHaveURL(/\/login\/verify/)
  await withUnusedCode(page, email, async (code) => {
    await page.getByLabel('Code aus der Authenticator-App').fill(code)
    await page.getByRole('button', { name: 'Bestätigen' }).click()
    await expect(page).not.toHaveURL(/\/login/)
  })
}

/** Password and, when one is due, the code: a real sign-in through the pages. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/login')
  await page.getByLabel('E-Mail-Adresse').fill(email)
  await page.getByLabel('Passwort').fill(password)
  await page.getByRole('button', { name: 'Anmelden' }).click()
  await expect(page).not.toHaveURL(/\/login(\?|$)/)
  if (/\/login\/verify/.test(page.url())) await enterCode(page, email)
  await expect(page).not.toHaveURL(/\/login/)
}

// One signed-in session per account and worker, reused by the tests of that worker: every sign-in
// uses up a 30-second code step of the account, so signing in afresh for each of dozens of tests
// would mostly wait for the clock. The sign-in itself is tested in auth.test.ts and second-factor.test.ts.
const sessions = new Map<string, Cookie>()

export async function login(page: Page, email: string, password = DEMO_PASSWORD) {
  const cached = sessions.get(email)
  if (cached) {
    await page.context().addCookies([cached])
    await page.goto('/')
    if (!/\/login/.test(new URL(page.url()).pathname)) return
    sessions.delete(email)
  }
  await signIn(page, email, password)
  const cookie = (await page.context().cookies()).find((candidate) => candidate.name === 'wb_session')
  // only a full session is worth keeping (not one that must change its password or enrol first)
  if (cookie && !/\/settings\/(password|security)/.test(page.url())) sessions.set(email, cookie)
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

/** On /settings/security: sets up the authenticator from the secret shown as text; returns the recovery codes. */
export async function enrolInBrowser(page: Page) {
  await page.getByRole('button', { name: 'Zweiten Faktor einrichten' }).click()
  await expect(page.getByRole('img', { name: /QR-Code zum Einrichten/ })).toBeVisible()
  const secret = (await page.locator('code.secret').textContent())!.replace(/\s/g, '')
  await page.getByLabel('Code aus der Authenticator-App').fill(totpAt(secret))
  await page.getByRole('button', { name: 'Einrichtung bestätigen' }).click()
  await expect(page.getByText('Der zweite Faktor ist eingerichtet.')).toBeVisible()
  const codes = await page.locator('ol.recovery-codes li').allTextContents()
  expect(codes).toHaveLength(10)
  return { secret, recoveryCodes: codes.map((code) => code.trim()) }
}
