import fs from 'node:fs'
import path from 'node:path'
import { expect, test, type Locator, type Page } from '@playwright/test'
import { DEMO_ACCOUNT_DOMAIN } from '../../prisma/demo-totp.ts'
import { scaled } from '../setup/slowdown.ts'
import { stepOf, totpAt } from '../totp-reference.ts'
import { axeViolations } from './axe.ts'
import { extendBudget, STEP_QUIET_MS } from './budget.ts'
import { e2eDatabase } from './db.ts'

export const DEMO_PASSWORD = 'Wegbegleiter-Demo-2026'
export const demo = (local: string) => `${local}@${DEMO_ACCOUNT_DOMAIN}`

const SESSION_COOKIE = 'wb_session'
type Cookie = Awaited<ReturnType<ReturnType<Page['context']>['cookies']>>[number]

const baseURL = () => test.info().project.use.baseURL!

/**
 * An account's second-factor secret as the server holds it: the published one of a demo account,
 * or the one `insertUser` gave an account of a test. None for an account that has not enrolled.
 */
export function totpSecretFor(email: string) {
  const db = e2eDatabase(baseURL())
  try {
    const row = db
      .prepare('SELECT t."secret" AS secret FROM "TotpCredential" t JOIN "User" u ON u."id" = t."userId" WHERE u."email" = ? AND t."confirmedAt" IS NOT NULL')
      .get(email) as { secret: string } | undefined
    return row?.secret
  } finally {
    db.close()
  }
}

const lockRoot = path.resolve('tests', '.tmp', 'e2e-code-locks')

/** Gives the running test the time it waits for the clock or for another worker (wall time, not CPU). */
function extendBudgetByWait(ms: number) {
  const info = test.info()
  if (info.timeout > 0 && ms > 0) info.setTimeout(info.timeout + Math.ceil(ms))
}

/** How long a code of the step before the clock's must stay valid after it is chosen (quiet ms). */
const CODE_MARGIN_MS = 10_000

/** A wait for the clock or the other worker, in the test's annotations (the JSON report lists them). */
function noteWait(description: string) {
  test.info().annotations.push({ type: 'sign-in wait', description })
}

/**
 * Runs `use` with a code of the account that the server has not accepted yet. A code signs in once
 * (replay protection: each accepted step must be newer than the last), and both test workers sign in
 * as the demo accounts: so one worker at a time per account (a lock folder), and the step is chosen
 * after the last accepted one, waiting for the next 30-second step when the window is used up.
 * Both waits add to the test's budget.
 */
export async function withUnusedCode(page: Page, email: string, use: (code: string) => Promise<void>) {
  const secret = totpSecretFor(email)
  if (!secret) throw new Error(`no second-factor secret known for ${email}`)
  const lock = path.join(lockRoot, `${new URL(baseURL()).port}-${email}`)
  fs.mkdirSync(lockRoot, { recursive: true })
  const waitingSince = Date.now()
  // a lock older than this belongs to a worker that died holding it
  const deadline = waitingSince + scaled(90_000)
  for (;;) {
    try {
      fs.mkdirSync(lock)
      break
    } catch {
      if (Date.now() > deadline) fs.rmSync(lock, { recursive: true, force: true })
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  const lockWait = Date.now() - waitingSince
  extendBudgetByWait(lockWait)
  if (lockWait > 1_000) noteWait(`${email}: ${lockWait} ms for the other worker's sign-in`)
  try {
    const db = e2eDatabase(baseURL())
    const row = db
      .prepare('SELECT t."lastUsedStep" AS step FROM "TotpCredential" t JOIN "User" u ON u."id" = t."userId" WHERE u."email" = ?')
      .get(email) as { step: number | null } | undefined
    db.close()
    // The server accepts the step before its clock's, its clock's and the one after (WINDOW in
    // app/utils/totp.server.ts): three sign-ins of an account in a row without waiting, not two. The
    // step before only while the current one has CODE_MARGIN_MS (scaled) left, so that it is still
    // within reach when the server checks it; the clock's own stays valid for 30 s more.
    const now = Date.now()
    const current = stepOf(now)
    const earliest = (current + 1) * 30_000 - now > scaled(CODE_MARGIN_MS) ? current - 1 : current
    const step = Math.max(earliest, (row?.step ?? 0) + 1)
    // the server accepts one step ahead of its clock: wait until the chosen step is within reach
    const wait = (step - 1) * 30_000 - Date.now() + 200
    if (wait > 0) {
      extendBudgetByWait(wait)
      noteWait(`${email}: ${wait} ms for the next code step`)
      await new Promise((resolve) => setTimeout(resolve, wait))
    }
    await use(totpAt(secret, step))
  } finally {
    fs.rmSync(lock, { recursive: true, force: true })
  }
}

/**
 * Sessions of the demo accounts, signed in once per worker and shared by its tests (a sign-in
 * costs a deliberately slow password hash and one 30-second code step of the account). Only demo
 * accounts with the demo password: a test that changes an account's password or state works with
 * an account of its own (`insertUser`).
 */
const demoSessions = new Map<string, Cookie>()

/**
 * Where `login` leaves the page, and with which password (the demo password unless given). `at: null` opens no
 * page: the browser context is signed in and the test's own first navigation is the first page.
 */
export type LoginOptions = { password?: string; at?: string | null }

/**
 * Signs the page's browser context in — password and, where the account has one, a second-factor
 * code — and opens `at` (the test's first page; by default the start page, where a sign-in leads),
 * or the password change or enrolment an account still owes, which every page sends to. Returns
 * the answer to that last navigation. The sign-in pages themselves are tested in auth.test.ts and
 * second-factor.test.ts (`loginThroughForm`); every other test signs in over HTTP, or reuses the
 * worker's session of a demo account.
 *
 * Opening `at` directly instead of the start page first saves a whole page (server render and
 * hydration) per test (docs/performance.md, "Test suite", session 12); the first page is also the
 * check that a shared session is still valid: signed out or revoked, it answers with the sign-in page.
 * With `at: null` no page is opened at all (a test whose first page comes from a loop, or that only sends
 * requests): a shared session is checked by a request to the sign-in page instead, which sends a signed-in
 * person on (decision 159).
 */
export async function login(page: Page, email: string, options: string | LoginOptions = {}) {
  const { password = DEMO_PASSWORD, at } = typeof options === 'string' ? { password: options } : options
  extendBudget(STEP_QUIET_MS.signIn)
  const shareable = password === DEMO_PASSWORD && email.endsWith(`@${DEMO_ACCOUNT_DOMAIN}`)
  const shared = shareable ? demoSessions.get(email) : undefined
  if (shared) {
    await page.context().addCookies([shared])
    if (at === null) {
      // Without a page: the sign-in page sends a signed-in person to the start page and answers anyone else itself.
      const answer = await page.request.get('/login', { maxRedirects: 0 })
      if (answer.status() === 302) return undefined
    } else {
      const response = await page.goto(at ?? '/')
      // Signed out or revoked meanwhile: the page sends to the sign-in page, and the test signs in anew.
      if (!new URL(page.url()).pathname.startsWith('/login')) return response
    }
    demoSessions.delete(email)
  }
  // A browser names its origin with every form it posts; the server refuses writes without it.
  const origin = new URL(baseURL()).origin
  let response = await page.request.post('/login', { form: { email, password }, headers: { Origin: origin }, maxRedirects: 0 })
  expect(response.status(), `sign-in of ${email}: ${await response.text()}`).toBe(302)
  const next = new URL(response.headers()['location'] ?? '/', origin)
  if (next.pathname === '/login/verify') {
    await withUnusedCode(page, email, async (code) => {
      const form = { intent: 'totp', code, redirectTo: next.searchParams.get('redirectTo') ?? '' }
      response = await page.request.post('/login/verify', { form, headers: { Origin: origin }, maxRedirects: 0 })
      expect(response.status(), `second factor of ${email}: ${await response.text()}`).toBe(302)
    })
  }
  const landing = response.headers()['location'] ?? '/'
  if (at === null) {
    // The session cookie is in the context (the requests share its cookies); shared when it owes nothing.
    if (shareable && !owesStep(landing)) {
      const cookie = (await page.context().cookies()).find((candidate) => candidate.name === SESSION_COOKIE)
      if (cookie) demoSessions.set(email, cookie)
    }
    return undefined
  }
  // A sign-in leads to the start page; the test's first page instead, unless it leads elsewhere.
  const first = at !== undefined && new URL(landing, origin).pathname === '/' ? at : landing
  let navigation = await page.goto(first)
  await expect(page).not.toHaveURL(/\/login/)
  if (at !== undefined && first !== at && !owesStep(page.url())) navigation = await page.goto(at)
  // only a full session is worth sharing (not one that must change its password or enrol first)
  if (shareable && !owesStep(page.url())) {
    const cookie = (await page.context().cookies()).find((candidate) => candidate.name === SESSION_COOKIE)
    if (cookie) demoSessions.set(email, cookie)
  }
  return navigation
}

/** A page every other page sends to until the account has changed its password or enrolled. */
const owesStep = (url: string) => /\/settings\/(password|security)/.test(url)

/** The code step after the password, as a person fills it in. */
export async function enterCode(page: Page, email: string) {
  await expect(page).toHaveURL(/\/login\/verify/)
  await withUnusedCode(page, email, async (code) => {
    await page.getByLabel('Code aus der Authenticator-App').fill(code)
    await page.getByRole('button', { name: 'Bestätigen' }).click()
    await expect(page).not.toHaveURL(/\/login/)
  })
}

/** Signs in through the sign-in pages as a person does: password and, when one is due, the code. */
export async function loginThroughForm(page: Page, email: string, password = DEMO_PASSWORD) {
  extendBudget(STEP_QUIET_MS.signIn)
  await page.goto('/login')
  await page.getByLabel('E-Mail-Adresse').fill(email)
  await page.getByLabel('Passwort').fill(password)
  await page.getByRole('button', { name: 'Anmelden' }).click()
  await expect(page).not.toHaveURL(/\/login(\?|$)/)
  if (/\/login\/verify/.test(page.url())) await enterCode(page, email)
  await expect(page).not.toHaveURL(/\/login/)
}

/** Signs out with the button; the session ends on the server, so no later test may reuse it. */
export async function logout(page: Page) {
  const session = (await page.context().cookies()).find((cookie) => cookie.name === SESSION_COOKIE)
  for (const [email, cookie] of demoSessions) if (cookie.value === session?.value) demoSessions.delete(email)
  await page.getByRole('button', { name: /Abmelden|Sign out/ }).click()
  await expect(page).toHaveURL(/\/login/)
}

/**
 * Hands the page to the next person of a workflow: drops the session cookie, so that the next
 * `login` starts signed out, but leaves the session valid on the server. A demo account's session
 * shared by the worker's tests stays usable, where signing it out (`logout`) made the account's next
 * sign-in take another code step, often after a wait for the clock (docs/performance.md, "Test
 * suite", session 17). The sign-out button is the subject of auth.test.ts (each role) and
 * security.test.ts.
 */
export async function switchUser(page: Page) {
  await page.context().clearCookies({ name: SESSION_COOKIE })
}

/** Zero axe violations against WCAG 2.x A/AA (tests/e2e/axe.ts). */
export async function expectNoAxeViolations(page: Page) {
  expect(await axeViolations(page)).toEqual([])
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

/** Resolves once React has taken over the element (its handlers are on it): hydration has reached it. */
export function hydrated(element: Locator) {
  return element.evaluate(
    (node) =>
      new Promise<void>((resolve) => {
        const wait = () => (Object.keys(node).some((key) => key.startsWith('__reactProps')) ? resolve() : setTimeout(wait, 20))
        wait()
      }),
  )
}

/**
 * The page's console errors and uncaught errors from now on; `expected` leaves out the messages it matches.
 * A request cut off by a navigation or reload (Remix logs a `.data` answer whose body is cut off after its
 * headers as "TypeError: network error", naming nothing) is named in the message: a test that navigates
 * away while the page's own navigation is still loading (docs/performance.md, "Test suite", session 21).
 */
export function recordErrors(page: Page, expected?: RegExp) {
  const errors: string[] = []
  // Chromium reports the cut-off request before the page's console message about it
  const cutOff: string[] = []
  page.on('requestfailed', (request) => {
    if (request.resourceType() !== 'fetch') return
    const url = new URL(request.url())
    cutOff.push(`${request.method()} ${url.pathname}${url.search} (${request.failure()?.errorText ?? 'failed'})`)
  })
  page.on('console', (message) => {
    if (message.type() !== 'error' || expected?.test(message.text())) return
    const requests = /network error|Failed to fetch/.test(message.text()) ? ` — fetch requests cut off so far: ${cutOff.slice(-3).join(', ') || 'none'}` : ''
    errors.push(message.text() + requests)
  })
  page.on('pageerror', (error) => errors.push(error.message))
  return errors
}
