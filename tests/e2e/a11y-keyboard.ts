// Keyboard-only helpers for the accessibility walk: every move is a key press, and every focus
// stop is checked for a visible focus indicator. Each key press adds to the test's time budget.
import { expect, type Locator, type Page } from '@playwright/test'
import { extendBudget, STEP_QUIET_MS } from './budget.ts'

type FocusStop = { element: Element; hidden: string | null }
type FocusLogWindow = { wbFocusStops?: FocusStop[] }

/**
 * Runs in the page, on the walk's target. Keeps a log of every focus stop since the last call
 * (installed once per document; a focus listener records whether each stop showed its focus as it
 * got it), says whether the target has focus, visibly, and estimates how many presses of Tab (or
 * Shift+Tab) still lie between the focus and the target in the document's tab order — or, when the walk went past the target, how many lie back.
 * The estimate only saves round trips: every press is a real key press, and the walk checks where
 * the focus actually went before it presses on.
 */
function focusWalk(target: Element, { backwards, fresh }: { backwards: boolean; fresh: boolean }) {
  // A description of an element whose focus is not visibly indicated, null when it is.
  const hiddenFocus = (el: Element | null) => {
    if (!(el instanceof HTMLElement) || el === document.body) return null
    const style = getComputedStyle(el)
    if ((style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none')
      return null
    return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"`
  }
  const w = window as FocusLogWindow
  if (!w.wbFocusStops) {
    w.wbFocusStops = []
    document.addEventListener(
      'focusin',
      (event) =>
        w.wbFocusStops!.push({
          element: event.target as Element,
          hidden: hiddenFocus(event.target as Element),
        }),
      true,
    )
  }
  // A fresh walk begins here: earlier focus moves (a click, a skip link's jump) are not its stops.
  const stops = w.wbFocusStops.splice(0).slice(fresh ? Infinity : 0)
  const active = document.activeElement
  const focused = active === target
  // The target's own focus is looked at as it is now too (it may have had focus before the log began).
  const hidden = [...stops.map((stop) => stop.hidden), focused ? hiddenFocus(active) : null].filter(
    (description) => description !== null,
  )
  // Went past the target: the stops after its last visit are the presses back.
  const lastVisit = stops.map((stop) => stop.element).lastIndexOf(target)
  const overshot = !focused && lastVisit >= 0 ? stops.length - 1 - lastVisit : 0

  // The tab order as the browser builds it for this app (no positive tabindex): focusable, enabled,
  // rendered, not inert; of a radio group only the checked radio (else the first or last one).
  const candidates = [
    ...document.querySelectorAll<HTMLElement>(
      'a[href], button, input, select, textarea, summary, [tabindex]',
    ),
  ].filter(
    (el) =>
      el.tabIndex >= 0 &&
      !(el as HTMLButtonElement).disabled &&
      !el.closest('[inert]') &&
      !(el instanceof HTMLInputElement && el.type === 'hidden') &&
      el.checkVisibility({ visibilityProperty: true }),
  )
  const order = candidates.filter((el) => {
    if (!(el instanceof HTMLInputElement) || el.type !== 'radio' || !el.name) return true
    const group = candidates.filter(
      (other) =>
        other instanceof HTMLInputElement &&
        other.type === 'radio' &&
        other.name === el.name &&
        other.form === el.form,
    ) as HTMLInputElement[]
    const checked = group.find((radio) => radio.checked)
    return el === (checked ?? (backwards ? group[group.length - 1] : group[0]))
  })
  const list = backwards ? order.reverse() : order
  const to = list.indexOf(target as HTMLElement)
  let from = active ? list.indexOf(active as HTMLElement) : -1
  if (from < 0 && active && active !== document.body) {
    // Focus on an element outside the tab order (e.g. <main> after the skip link): the walk goes on
    // from there in document order.
    const next = list.findIndex((el) => {
      const position = active.compareDocumentPosition(el)
      return backwards
        ? position & Node.DOCUMENT_POSITION_PRECEDING && !(position & Node.DOCUMENT_POSITION_CONTAINS)
        : position & Node.DOCUMENT_POSITION_FOLLOWING
    })
    from = next < 0 ? list.length : next - 1
  }
  const ahead = to < 0 ? 1 : to > from ? to - from : to + list.length - from
  return { focused, hidden, overshot, ahead }
}

/**
 * Presses Tab (or Shift+Tab) until target has focus; fails if any stop on the way hides focus. The
 * keys go in runs as long as the estimated distance to the target, with one look at the page after
 * each run instead of after every key (each look is a round trip to a page of up to thousands of
 * elements; a run of keys is not).
 */
export async function tabTo(page: Page, target: Locator, { backwards = false, max = 250 } = {}) {
  await expect(target).toBeAttached()
  const element = await target.elementHandle()
  if (!element) throw new Error(`${target} is not in the page`)
  try {
    let presses = 0
    for (let fresh = true; ; fresh = false) {
      const state = await element.evaluate(focusWalk, { backwards, fresh })
      expect(state.hidden, 'focus must be visible on every stop').toEqual([])
      if (state.focused) return
      const [key, count] =
        state.overshot > 0
          ? [backwards ? 'Tab' : 'Shift+Tab', state.overshot]
          : [backwards ? 'Shift+Tab' : 'Tab', Math.max(1, state.ahead)]
      presses += count
      if (presses > max) throw new Error(`could not reach ${target} with the keyboard in ${max} key presses`)
      extendBudget(STEP_QUIET_MS.keyPress * count)
      for (let i = 0; i < count; i++) await page.keyboard.press(key)
    }
  } finally {
    await element.dispose()
  }
}

/** The target has focus, and shows it. */
export async function expectVisibleFocus(target: Locator) {
  const { focused, hidden } = await target.evaluate(focusWalk, { backwards: false, fresh: true })
  expect(focused, `${target} has focus`).toBe(true)
  expect(hidden, 'focus must be visible').toEqual([])
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
export async function chooseOption(
  page: Page,
  select: Locator,
  want: { value?: string; label?: string | RegExp },
) {
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
  const [start, step, presses] =
    fromEnd < target.position ? ['End', 'ArrowUp', fromEnd] : ['Home', 'ArrowDown', target.position]
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
