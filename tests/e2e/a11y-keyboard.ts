// Keyboard-only helpers for the accessibility walk: every move is a key press, and every focus
// stop is checked for a visible focus indicator. Each key press adds to the test's time budget.
import { expect, type Locator, type Page } from '@playwright/test'
import { extendBudget, STEP_QUIET_MS } from './budget.ts'

/**
 * Runs in the page: whether `target` has focus, and a description of the focused element when its
 * focus is not visibly indicated (null when it is, or when nothing but the page has focus).
 */
function focusState(target: Element | null) {
  const el = document.activeElement as HTMLElement | null
  const focused = target !== null && el === target
  if (!el || el === document.body) return { focused, hidden: null }
  const style = getComputedStyle(el)
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
  const shadow = style.boxShadow !== 'none'
  if (outline || shadow) return { focused, hidden: null }
  const name = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)
  return { focused, hidden: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${name}"` }
}

/** The focused element's description when its focus is not visibly indicated, else null. */
export async function invisibleFocus(page: Page) {
  return (await page.evaluate(focusState, null)).hidden
}

/** One round trip per focus stop: is target focused, and is the focus visible? */
function stopAt(page: Page, target: Locator) {
  return target.evaluate(focusState).catch(() => page.evaluate(focusState, null))
}

/** Presses Tab (or Shift+Tab) until target has focus; fails if any stop on the way hides focus. */
export async function tabTo(page: Page, target: Locator, { backwards = false, max = 250 } = {}) {
  await expect(target).toBeAttached()
  if ((await stopAt(page, target)).focused) return
  for (let i = 0; i < max; i++) {
    extendBudget(STEP_QUIET_MS.keyPress)
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab')
    const { focused, hidden } = await stopAt(page, target)
    expect(hidden, 'focus must be visible on every stop').toBeNull()
    if (focused) return
  }
  throw new Error(`could not reach ${target} with the keyboard`)
}

/** Tabs to a text field and types. */
export async function typeInto(page: Page, target: Locator, text: string) {
  await tabTo(page, target)
  await page.keyboard.press('ControlOrMeta+a')
  await page.keyboard.type(text)
}

/**
 * Tabs to a closed select and moves to the wanted option with the keys a person would use: Home
 * and ArrowDown, or End and ArrowUp when the option is nearer the end of a long list (the arrow keys
 * skip disabled options); then checks that it is the one selected.
 */
export async function chooseOption(page: Page, select: Locator, want: { value?: string; label?: string | RegExp }) {
  await tabTo(page, select)
  const target = await select.evaluate(
    (el, w) => {
      const options = [...(el as HTMLSelectElement).options].filter((option) => !option.disabled)
      const position = options.findIndex((option) => {
        if (w.value !== undefined) return option.value === w.value
        return w.source ? new RegExp(w.source).test(option.text) : option.text.trim() === w.label
      })
      return { position, enabled: options.length, index: position < 0 ? -1 : options[position]!.index }
    },
    {
      value: want.value,
      label: typeof want.label === 'string' ? want.label : undefined,
      source: want.label instanceof RegExp ? want.label.source : undefined,
    },
  )
  if (target.position < 0) throw new Error(`option ${JSON.stringify(want)} not reachable in ${select}`)
  const fromEnd = target.enabled - 1 - target.position
  const [start, step, presses] = fromEnd < target.position ? ['End', 'ArrowUp', fromEnd] : ['Home', 'ArrowDown', target.position]
  extendBudget(STEP_QUIET_MS.keyPress * (presses + 1))
  await page.keyboard.press(start)
  for (let i = 0; i < presses; i++) await page.keyboard.press(step)
  const selected = await select.evaluate((el) => (el as HTMLSelectElement).selectedIndex)
  expect(selected, `option ${JSON.stringify(want)} reached with the keyboard`).toBe(target.index)
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
