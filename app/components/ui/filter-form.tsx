import { Form, useLocation, type FormProps } from '@remix-run/react'
import { useEffect, useLayoutEffect, useRef } from 'react'

/** What identifies a form's control across two builds of the form: its kind, name and (for buttons and links) target. */
type ControlKey = { tag: string; type: string; name: string; value: string }

function keyOf(element: Element): ControlKey {
  return {
    tag: element.tagName,
    type: element.getAttribute('type') ?? '',
    name: element.getAttribute('name') ?? '',
    value: element.tagName === 'A' ? (element.getAttribute('href') ?? '') : element.tagName === 'BUTTON' ? (element.getAttribute('value') ?? '') : '',
  }
}

function sameControl(a: ControlKey, b: ControlKey) {
  return a.tag === b.tag && a.type === b.type && a.name === b.name && a.value === b.value
}

// On the server a layout effect does nothing but make React warn on every render (development builds); the focus is
// given back only in the browser anyway. As follow-up-list.tsx and /follow-ups do.
const useLayoutEffectInBrowser = typeof document === 'undefined' ? useEffect : useLayoutEffect

/**
 * A filter form (`method="get"`) that always shows the filters of the address. Its fields are uncontrolled
 * (`defaultValue`, `defaultChecked`): when the address changes without the form being sent — „Zurücksetzen“, Back,
 * a link to other filters — React gives the fields their new defaults but the browser keeps what they showed, so the
 * form offered an old choice above a list that no longer applied it (a select's new default is not applied at all).
 * The form is built anew for every query string (its `key`); the markup is the same as a plain `<Form>`'s. The
 * control that had the keyboard focus in the old form gets it back in the new one (the same kind, name, and target
 * for a button or link): sending the form with Enter in the search field leaves the caret there. When that control is
 * not in the new form (the reset link after a reset), its first field gets the focus.
 */
export function FilterForm(props: Omit<FormProps, 'method' | 'ref'>) {
  const { search } = useLocation()
  const form = useRef<HTMLFormElement | null>(null)
  const shown = useRef(search)
  const focused = useRef<ControlKey | null>(null)
  // Read while rendering the new address, before React removes the old form: its focused control. (Idempotent:
  // a second render of the same address finds `shown` already updated.)
  if (shown.current !== search) {
    shown.current = search
    const active = typeof document === 'undefined' ? null : document.activeElement
    focused.current = active && form.current?.contains(active) ? keyOf(active) : null
  }
  useLayoutEffectInBrowser(() => {
    const wanted = focused.current
    focused.current = null
    if (!wanted || !form.current) return
    const controls = form.current.querySelectorAll<HTMLElement>('input, select, textarea, button, a[href]')
    for (const control of controls) {
      if (sameControl(keyOf(control), wanted)) {
        control.focus()
        return
      }
    }
    // The control is gone (the reset link shows only while filters are set): the form's first field, not the page's
    // start, so that a keyboard user stays where they were.
    for (const control of controls) {
      if (control.getAttribute('type') !== 'hidden') {
        control.focus()
        return
      }
    }
  }, [search])
  return <Form key={search} ref={form} method="get" {...props} />
}
