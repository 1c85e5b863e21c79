// Long option lists (≈640 languages, ≈250 countries) as pre-built HTML. A form such as the
// master-data edit renders the language list three times; as React elements that was a third
// of the page's server time (issue 8, docs/performance.md). The markup is the same native
// <option>s, built once per list (lists are stable objects: cached on the server, from loader
// data on the client), with the chosen values marked per render.
import { type Option } from '#app/utils/options.ts'

/** Lists at least this long are rendered as pre-built HTML. */
export const LONG_OPTION_LIST = 100

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' }
const escaped = /[&<>"']/
// Most texts have nothing to escape: a test is half the cost of a replace that finds nothing.
export const escapeHtml = (text: string) => (escaped.test(text) ? text.replace(/[&<>"']/g, (character) => escapes[character]!) : text)

const built = new WeakMap<readonly Option[], string>()

export function optionsHtml(options: readonly Option[]): string {
  let html = built.get(options)
  if (html === undefined) {
    html = options
      .map((option) => `<option value="${escapeHtml(option.value)}"${option.disabled ? ' disabled=""' : ''}>${escapeHtml(option.label)}</option>`)
      .join('')
    built.set(options, html)
  }
  return html
}

/** The value(s) a select starts with, as React would read them from value/defaultValue. */
export function selectedValues(value: unknown): string[] {
  if (value === undefined || value === null) return []
  return (Array.isArray(value) ? value : [value]).map(String)
}

/** Marks the first option of each selected value (values are unique within a list). */
export function markSelected(html: string, selected: readonly string[]): string {
  let result = html
  for (const value of new Set(selected)) {
    const tag = `<option value="${escapeHtml(value)}"`
    const at = result.indexOf(tag)
    if (at !== -1) result = `${result.slice(0, at + tag.length)} selected=""${result.slice(at + tag.length)}`
  }
  return result
}
