// Accessibility (issue 8 part 5): a keyboard-only walk through workflow 1 (PRODUCT.md §4) and
// reflow at 320 px / 200 % zoom. axe on every page of the route manifest: accessibility-sweep.test.ts.
import type { Page } from '@playwright/test'
import { activate, chooseOption, chooseRadio, expectVisibleFocus, tick, typeInto } from './a11y-keyboard.ts'
import { extendBudget, STEP_QUIET_MS } from './budget.ts'
import { insertCase, insertUser } from './db.ts'
import { expect, test } from './fixtures.ts'
import { reflowProblems } from './reflow.ts'
import { demo, DEMO_PASSWORD, expectNoAxeViolations, hydrated, login, withUnusedCode } from './utils.ts'

const PSZ_GREIFSWALD = 'Psychosoziales Zentrum für Geflüchtete Greifswald'

test('workflow 1 with the keyboard only: new client and case, first contact with Arabic phone mediation, consent, referral', async ({
  page,
  baseURL,
}) => {
  // A long journey: a dozen page loads besides the key presses (each of which adds to the budget).
  test.slow()
  // A counsellor of the EAE of their own: the sign-in through the form takes a code step of the
  // account, which beratung.eae's shared sessions need too.
  const { email } = insertUser(baseURL, { teamName: 'EAE Nostorf-Horst' })
  await page.goto('/login')
  // The skip link is the first stop, visible when focused, and moves focus to the main content.
  await page.keyboard.press('Tab')
  const skip = page.getByRole('link', { name: /Zum Inhalt|Skip to content|Hauptinhalt/ })
  await expect(skip).toBeFocused()
  await expect(skip).toBeInViewport()
  await expectVisibleFocus(skip)
  await page.keyboard.press('Enter')
  await expect(page.locator('main')).toBeFocused()

  await typeInto(page, page.getByLabel('E-Mail-Adresse'), email)
  await typeInto(page, page.getByLabel('Passwort'), DEMO_PASSWORD)
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/\/login\/verify/)
  await withUnusedCode(page, email, async (code) => {
    await typeInto(page, page.getByLabel('Code aus der Authenticator-App'), code)
    await page.keyboard.press('Enter')
    await expect(page).not.toHaveURL(/\/login/)
  })

  // New client and case
  await activate(
    page,
    page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Neuer Fall' }),
  )
  await expect(
    page.getByRole('heading', { level: 1, name: 'Neue Klientin / neuer Klient und Fall' }),
  ).toBeVisible()
  await typeInto(page, page.getByLabel('Geburtsjahr'), '1991')
  await chooseOption(page, page.getByLabel('Geschlecht'), { label: 'weiblich' })
  await chooseOption(page, page.getByLabel('Staatsangehörigkeit (optional)'), { value: 'SY' })
  await typeInto(page, page.getByRole('combobox', { name: 'Sprachen (optional)' }), 'levant')
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('button', { name: 'Arabisch (Levantinisch) entfernen' })).toBeVisible()
  await chooseOption(page, page.getByLabel('Aufenthaltsstatus', { exact: true }), {
    label: 'Aufenthaltsgestattung (§ 55 AsylG)',
  })
  await chooseOption(page, page.getByLabel('Programm / Förderung'), { label: 'Flüchtlingsberatung' })
  await chooseOption(page, page.getByLabel('Art des Falls'), { label: 'Case Management' })
  await chooseOption(page, page.getByLabel('Zugangsweg'), { label: 'Verweis aus der EAE' })
  await chooseOption(page, page.getByLabel('Deutschkenntnisse'), { label: 'keine Kenntnisse' })
  await activate(page, page.getByRole('button', { name: 'Fall anlegen' }))
  await expect(page).toHaveURL(/\/cases\/[^/]+\?created=1$/)
  const caseId = new URL(page.url()).pathname.split('/')[2]!

  // First contact; the language-mediation request is made from the contact form and leads back.
  const tabs = page.getByRole('navigation', { name: 'Bereiche der Fallakte' })
  await activate(page, tabs.getByRole('link', { name: 'Kontakt erfassen' }))
  await expect(page.getByRole('heading', { level: 2, name: 'Neuer Kontakt' })).toBeVisible()
  const requestLink = page.getByRole('main').getByRole('link', { name: 'Sprachmittlung anfragen' })
  await activate(page, requestLink)
  await expect(page.getByRole('heading', { level: 2, name: 'Sprachmittlung anfragen' })).toBeVisible()
  await chooseOption(page, page.getByLabel('Sprache', { exact: true }), { value: 'arb' })
  await chooseOption(page, page.getByLabel('Form', { exact: true }), { value: 'PHONE' })
  await chooseOption(page, page.getByLabel('Anbieter aus dem Partnerverzeichnis'), {
    label: 'Sprachmittlungspool Schwerin',
  })
  await typeInto(page, page.getByLabel(/Kennung der Sprachmittlerin/), 'SM-0412')
  await activate(page, page.getByRole('button', { name: 'Anfrage speichern' }))
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}/contacts/new\\?mediationId=`))

  await chooseOption(page, page.getByLabel('Form des Kontakts'), { value: 'PHONE' })
  await typeInto(page, page.getByLabel('Dauer in Minuten'), '30')
  await chooseOption(page, page.getByLabel('Verwendete Sprache'), { value: 'arb' })
  await chooseOption(page, page.getByLabel('Sprachmittlung', { exact: true }), { value: 'PROFESSIONAL' })
  await expect(page.getByLabel('Sprachmittlungseinsatz verknüpfen')).not.toHaveValue('')
  await tick(page, page.getByRole('checkbox', { name: 'Wohnen' }))
  await activate(page, page.getByRole('button', { name: 'Kontakt speichern' }))
  await expect(page.getByText('Der Kontakt wurde gespeichert.')).toBeVisible()

  // Consent for the psychosocial centre
  // The case file has no tab for consents and referrals: their addresses are opened directly.
  await page.goto(`/cases/${caseId}/consents`)
  await activate(page, page.getByRole('link', { name: 'Schweigepflichtentbindung erfassen' }))
  await expect(
    page.getByRole('heading', { level: 2, name: 'Schweigepflichtentbindung erfassen' }),
  ).toBeVisible()
  const recipient = page.getByRole('radio', { name: 'ein bestimmter Partner' })
  await chooseRadio(page, page.locator('fieldset').filter({ has: recipient }), recipient)
  await chooseOption(page, page.getByLabel('Partner', { exact: true }), {
    label: `${PSZ_GREIFSWALD} (Psychosoziales Zentrum)`,
  })
  await typeInto(page, page.getByLabel('Zweck'), 'Anmeldung zur psychosozialen Beratung')
  await tick(page, page.getByLabel('Identität (Name, Geburtsdatum)'))
  await tick(page, page.getByLabel('Gesundheit'))
  await chooseOption(page, page.getByLabel('Form', { exact: true }), { value: 'WRITTEN' })
  await chooseOption(page, page.getByLabel('Sprache der Erklärung'), { value: 'arb' })
  await activate(page, page.getByRole('button', { name: 'Speichern', exact: true }))
  await expect(page.getByText('Die Schweigepflichtentbindung wurde gespeichert.')).toBeVisible()

  // Referral to the psychosocial centre
  await page.goto(`/cases/${caseId}/referrals`)
  await activate(page, page.getByRole('link', { name: 'Neue Vermittlung' }))
  await chooseOption(page, page.getByLabel('Partner', { exact: true }), {
    label: `${PSZ_GREIFSWALD} (Psychosoziales Zentrum)`,
  })
  await chooseOption(page, page.getByLabel('Art der Vermittlung'), { value: 'PSYCHOSOCIAL_CENTRE' })
  const withData = page.getByRole('radio', { name: 'mit Daten' })
  await chooseRadio(page, page.locator('fieldset').filter({ has: withData }), withData)
  await tick(page, page.getByLabel('Gesundheit'))
  await activate(page, page.getByRole('button', { name: 'Vermittlung speichern' }))
  await expect(
    page.getByRole('heading', { level: 2, name: `Vermittlung an ${PSZ_GREIFSWALD}` }),
  ).toBeVisible()
  await expectNoAxeViolations(page)
})

test.describe('reflow at 320 CSS px and 200 % zoom', () => {
  async function mainPages(page: Page, baseURL: string | undefined) {
    const { caseId } = insertCase(baseURL, { counsellor: 'leitung.eae' })
    return [
      '/',
      '/cases',
      '/cases/new',
      `/cases/${caseId}`,
      `/cases/${caseId}/contacts/new`,
      '/team',
      '/team/queue',
      '/statistics',
    ]
  }

  test('no horizontal page scrolling at 320 px; scrolling tables are focusable regions', async ({
    page,
    baseURL,
  }) => {
    await login(page, demo('leitung.eae'), { at: null })
    await page.setViewportSize({ width: 320, height: 800 })
    const problems: string[] = []
    for (const url of await mainPages(page, baseURL)) {
      extendBudget(STEP_QUIET_MS.pageVisit)
      await page.goto(url)
      // Signed in without a page first (login's `at: null`): a lost session must fail here, not
      // measure the sign-in page seven times.
      await expect(page, url).not.toHaveURL(/\/login/)
      for (const problem of await reflowProblems(page, 320)) problems.push(`${url}: ${problem}`)
    }
    expect(problems).toEqual([])
  })

  // Session 24: a sticky caption wraps within its own scroller's width (app.css, an inline-size container),
  // not within the screen's, which a scroller in a narrower box (a column, a card) would cut. A table of
  // the app's markup in a box a fifth of the screen wide, on a page with the app's styles, at both widths;
  // reflowProblems also measures a copy of every real table in a narrower box on the pages checked above.
  test('a table caption wraps within a scroller narrower than the screen', async ({ page }) => {
    await page.goto('/about')
    // the probe goes into the page after hydration, which would otherwise remove it as a mismatch
    await hydrated(page.locator('main'))
    for (const width of [320, 1280]) {
      await page.setViewportSize({ width, height: 800 })
      const cut = await page.evaluate(() => {
        const card = document.createElement('div')
        card.className = 'probe-card'
        card.style.width = `${Math.round(document.documentElement.clientWidth / 5)}px`
        card.innerHTML =
          '<div class="table-wrap" tabindex="0" role="region" aria-label="Probe"><table><caption>Eine lange Überschrift einer Tabelle, die breiter als ihr Kasten ist</caption>' +
          '<thead><tr><th scope="col">Spalte</th></tr></thead><tbody><tr><td>' +
          'Inhalt\u00a0'.repeat(40) +
          '</td></tr></tbody></table></div>'
        document.querySelector('main')!.prepend(card)
        const wrap = card.querySelector('.table-wrap')!.getBoundingClientRect()
        const caption = card.querySelector('caption')!.getBoundingClientRect()
        return {
          wrapRight: Math.round(wrap.right),
          captionRight: Math.round(caption.right),
          tableWider: card.querySelector('table')!.scrollWidth > wrap.width,
        }
      })
      expect(cut.tableWider, `${width} px`).toBe(true)
      expect(cut.captionRight, `${width} px`).toBeLessThanOrEqual(cut.wrapRight + 1)
      expect(await reflowProblems(page, width), `${width} px`).toEqual([])
      await page.evaluate(() => document.querySelector('.probe-card')!.remove())
    }
  })

  test('at 200 % zoom the main navigation wraps and the header tools stay inside the page', async ({
    browser,
    baseURL,
  }) => {
    const context = await browser.newContext({
      viewport: { width: 640, height: 400 },
      deviceScaleFactor: 2,
      locale: 'de-DE',
    })
    const page = await context.newPage()
    await login(page, demo('leitung.eae'), { at: null })
    const problems: string[] = []
    for (const url of await mainPages(page, baseURL)) {
      extendBudget(STEP_QUIET_MS.pageVisit)
      await page.goto(url)
      await expect(page, url).not.toHaveURL(/\/login/)
      for (const problem of await reflowProblems(page, 640)) problems.push(`${url}: ${problem}`)
      const clipped = await page.evaluate(() => {
        const out: string[] = []
        for (const el of document.querySelectorAll<HTMLElement>('.main-nav a, .header-tools > *')) {
          const box = el.getBoundingClientRect()
          if (box.width === 0 || box.left < 0 || box.right > document.documentElement.clientWidth + 1)
            out.push(el.textContent?.trim() ?? '')
          if (el.closest('.main-nav') && box.bottom > 0) {
            const clipper = el.closest('ul')!
            if (
              getComputedStyle(clipper).overflow !== 'visible' &&
              clipper.scrollWidth > clipper.clientWidth + 1
            )
              out.push(`nav clipped: ${el.textContent}`)
          }
        }
        return out
      })
      for (const item of clipped) problems.push(`${url}: not fully visible: ${item}`)
    }
    await context.close()
    expect(problems).toEqual([])
  })
})
