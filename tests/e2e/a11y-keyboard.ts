// Keyboard-only helpers for the accessibility walk: every move is a key press, and every focus
// stop is checked for a visible focus indicator.
import { expect, type Locator, type Page } from '@playwright/test'

/** The focused element's description when its focus is not visibly indicated, else null. */
export async function invisibleFocus(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null
    if (!el || el === document.body) return null
    const style = getComputedStyle(el)
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
    const shadow = style.boxShadow !== 'none'
    if (outline || shadow) return null
    return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"`
  })
}

async function isFocused(target: Locator) {
  return target.evaluate((el) => el === document.activeElement).catch(() => false)
}

/** Presses Tab (or Shift+Tab) until target has focus; fails if any stop on the way hides focus. */
export async function tabTo(page: Page, target: Locator, { backwards = false, max = 250 } = {}) {
  await expect(target).toBeAttached()
  for (let i = 0; i < max; i++) {
    if (await isFocused(target)) return
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab')
    const hidden = await invisibleFocus(page)
    expect(hidden, 'focus must be visible on every stop').toBeNull()
  }
  throw new Error(`could not reach ${target} with the keyboard`)
}

/** Tabs to a text field and types. */
export async function typeInto(page: Page, target: Locator, text: string) {
  await tabTo(page, target)
  await page.keyboard.press('ControlOrMeta+a')
  await page.keyboard.type(text)
}

/** Tabs to a closed select and moves through its options with the arrow keys. */
export async function chooseOption(
  page: Page,
  select: Locator,
  want: { value?: string; label?: string | RegExp },
) {
  await tabTo(page, select)
  const matches = () =>
    select.evaluate(
      (el, w) => {
        const s = el as HTMLSelectElement
        const option = s.options[s.selectedIndex]
        if (!option) return false
        if (w.value !== undefined) return option.value === w.value
        return w.source ? new RegExp(w.source).test(option.text) : option.text.trim() === w.label
      },
      {
        value: want.value,
        label: typeof want.label === 'string' ? want.label : undefined,
        source: want.label instanceof RegExp ? want.label.source : undefined,
      },
    )
  const count = await select.evaluate((el) => (el as HTMLSelectElement).options.length)
  await page.keyboard.press('Home')
  for (let i = 0; i <= count; i++) {
    if (await matches()) return
    await page.keyboard.press('ArrowDown')
  }
  throw new Error(`option ${JSON.stringify(want)} not reachable in ${select}`)
}

/** Tabs to a checkbox and ticks it with the space bar. */
export async function tick(page: Page, checkbox: Locator) {
  await tabTo(page, checkbox)
  if (!(await checkbox.isChecked())) await page.keyboard.press('Space')
  await expect(checkbox).toBeChecked()
}

/** Tabs into a radio group and moves to the wanted radio with the arrow keys. */
export async function chooseRadio(page: Page, group: Locator, radio: Locator) {
  const first = group.getByRole('radio').first()
  const checked = group.locator('input[type=radio]:checked')
  await tabTo(page, (await checked.count()) > 0 ? checked : first)
  for (let i = 0; i < 10; i++) {
    if (await radio.isChecked()) return
    await page.keyboard.press('ArrowDown')
  }
  await expect(radio).toBeChecked()
}

/** Tabs to a link or button and activates it with Enter. */
export async function activate(page: Page, target: Locator) {
  await tabTo(page, target)
  await page.keyboard.press('Enter')
}
