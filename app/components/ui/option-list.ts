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

// Module-level callbacks: a closure made per call would lose its optimised code at each full collection (decision 137).
function optionHtml(option: Option) {
  return `<option value="${escapeHtml(option.value)}"${option.disabled ? ' disabled=""' : ''}>${escapeHtml(option.label)}</option>`
}

function optionGroupHtml(group: OptionGroupMarkup) {
  return `<optgroup label="${escapeHtml(group.label)}">${optionsHtml(group.options)}</optgroup>`
}

export function optionsHtml(options: readonly Option[]): string {
  let html = built.get(options)
  if (html === undefined) {
    html = options.map(optionHtml).join('')
    built.set(options, html)
  }
  return html
}

export type OptionGroupMarkup = { label: string; options: readonly Option[] }

// A long select's whole inner markup (placeholder and option groups) for a render, kept per long list:
// joined anew on every render it was a fresh copy of the list's markup (≈ 26 kB of text per language
// select) that `markSelected` then flattened once more, ≈ 185 kB of garbage per master-data form view
// (issue 19, docs/performance.md "Master-data and other case forms (2026-12-06, session 16)"). Kept
// under the last group's options array (the long list: the same array on every render and request, see
// options.ts) and, per list, under everything else the markup is made of — the placeholder, the
// labels and the shorter groups' markup, which may be fresh arrays on every request (the frequent
// countries). A few variants per list (the UI language's labels, a placeholder, a new ranking), the least recently
// used dropped first.
const grouped = new WeakMap<readonly Option[], Map<string, string>>()
const GROUPED_KEPT = 4

/** `<option value="">placeholder</option>` (when given) and each group as an `<optgroup>`, as one string. */
export function groupedOptionsHtml(placeholder: string | undefined, groups: readonly OptionGroupMarkup[]): string {
  const last = groups[groups.length - 1]
  if (last === undefined) return placeholder !== undefined ? `<option value="">${escapeHtml(placeholder)}</option>` : ''
  const start =
    (placeholder !== undefined ? `<option value="">${escapeHtml(placeholder)}</option>` : '') +
    groups
      .slice(0, -1)
      .map(optionGroupHtml)
      .join('') +
    `<optgroup label="${escapeHtml(last.label)}">`
  let variants = grouped.get(last.options)
  if (!variants) grouped.set(last.options, (variants = new Map()))
  let html = variants.get(start)
  if (html === undefined) {
    html = `${start}${optionsHtml(last.options)}</optgroup>`
    // the least recently used variant goes: a Map keeps its keys in insertion order, and a variant
    // used again is moved to the end below
    if (variants.size >= GROUPED_KEPT) variants.delete(variants.keys().next().value!)
  } else {
    variants.delete(start)
  }
  variants.set(start, html)
  return html
}

/** For tests: the kept variants of a long list's markup (their first parts), the least recently used first. */
export const keptVariantsOf = (options: readonly Option[]) => [...(grouped.get(options)?.keys() ?? [])]

/**
 * A short select's options — the empty first choice (when given) and each option — as one string, the
 * markup React's server renderer writes for them as elements (`optionElement` in field.tsx): the
 * attributes in the same order, ` disabled=""` before ` selected=""`, and every option whose value is
 * among the chosen ones marked. One string instead of an element per option: React builds, walks and
 * writes each option as six to eight chunks (the master-data form's nine short selects have 57
 * options; issue 19, docs/performance.md "The master-data form, third round (2026-12-07, session 26)").
 * Built per render, not kept: the code lists' options are made per render from the labels (codeOptions).
 */
export function shortOptionsHtml(emptyChoice: string | undefined, options: readonly Option[], selected: readonly string[]): string {
  let html = emptyChoice !== undefined ? optionMarkup('', emptyChoice, false, selected) : ''
  for (const option of options) html += optionMarkup(option.value, option.label, option.disabled === true, selected)
  return html
}

function optionMarkup(value: string, label: string, disabled: boolean, selected: readonly string[]) {
  return `<option value="${escapeHtml(value)}"${disabled ? ' disabled=""' : ''}${selected.includes(value) ? ' selected=""' : ''}>${escapeHtml(label)}</option>`
}

/**
 * A short select's options with none marked, and for each value where `shortOptionsHtml` writes its mark: the
 * offset just before the `>` of every option with that value (after ` disabled=""`, as `optionMarkup` writes it).
 * For a kept template (decision 253): made once per kept select, then `markedShortOptions` writes each view's
 * choice into it instead of escaping and writing every option again.
 */
export type ShortOptionsMarkup = { readonly html: string; readonly marks: ReadonlyMap<string, readonly number[]> }

export function shortOptionsMarkup(emptyChoice: string | undefined, options: readonly Option[]): ShortOptionsMarkup {
  const markup = { html: '', marks: new Map<string, number[]>() }
  if (emptyChoice !== undefined) addShortOption(markup, '', emptyChoice, false)
  for (const option of options) addShortOption(markup, option.value, option.label, option.disabled === true)
  return markup
}

function addShortOption(markup: { html: string; marks: Map<string, number[]> }, value: string, label: string, disabled: boolean) {
  const tag = `<option value="${escapeHtml(value)}"${disabled ? ' disabled=""' : ''}`
  const end = markup.html.length + tag.length
  const ends = markup.marks.get(value)
  if (ends === undefined) markup.marks.set(value, [end])
  else ends.push(end)
  markup.html += `${tag}>${escapeHtml(label)}</option>`
}

/** `shortOptionsHtml(emptyChoice, options, selected)` from `shortOptionsMarkup(emptyChoice, options)`: the same string. */
export function markedShortOptions(markup: ShortOptionsMarkup, selected: readonly string[]): string {
  if (selected.length === 0) return markup.html
  // one chosen value (a single select): its kept offsets as they are, ascending already
  const ends = selected.length === 1 ? markup.marks.get(selected[0]!) : marksOf(markup, selected)
  if (ends === undefined || ends.length === 0) return markup.html
  const { html } = markup
  let result = html.slice(0, ends[0])
  for (let index = 0; index < ends.length; index++)
    result += ` selected=""${html.slice(ends[index], index + 1 < ends.length ? ends[index + 1] : html.length)}`
  return result
}

/** The offsets of every option of the chosen values, each once, ascending. */
function marksOf(markup: ShortOptionsMarkup, selected: readonly string[]): number[] {
  const ends: number[] = []
  for (const value of new Set(selected)) {
    const at = markup.marks.get(value)
    if (at !== undefined) for (const end of at) ends.push(end)
  }
  return ends.sort(ascending)
}

/** The value(s) a select starts with, as React would read them from value/defaultValue. */
export function selectedValues(value: unknown): string[] {
  if (value === undefined || value === null) return []
  return (Array.isArray(value) ? value : [value]).map(String)
}

/**
 * Marks the first option of each selected value (values are unique within a list). Every value is
 * looked for in the list's own markup, which is flat and kept, and the marked copy is joined once:
 * looking for the second value in a copy already marked made the engine flatten that copy first —
 * the whole list once more per further value (≈ 50 kB of garbage per master-data form view with two
 * spoken languages; issue 19, docs/performance.md "Forms, start page and case file: render
 * (2026-12-07, session 23)"). A tag ends with its value's closing quote and an escaped value holds
 * no quote, so no tag is the start of another, and ` selected=""` written after one tag does not
 * move where another is first found: the same string as marking one value after the other.
 */
export function markSelected(html: string, selected: readonly string[]): string {
  const ends: number[] = []
  for (const value of new Set(selected)) {
    const tag = `<option value="${escapeHtml(value)}"`
    const at = html.indexOf(tag)
    if (at !== -1) ends.push(at + tag.length)
  }
  if (ends.length === 0) return html
  if (ends.length > 1) ends.sort(ascending)
  let result = html.slice(0, ends[0])
  for (let index = 0; index < ends.length; index++)
    result += ` selected=""${html.slice(ends[index], index + 1 < ends.length ? ends[index + 1] : html.length)}`
  return result
}

// Module-level, not made per call (decision 137).
function ascending(a: number, b: number) {
  return a - b
}

/**
 * A long select's markup, already encoded, for React's server renderer (decision 185): its chunks are
 * written as they are (`scripts/patches/react-dom+18.3.1.patch`), where a string of 10–26 kB was encoded
 * to UTF-8 again in every view (≈ 0.1 ms and 71 kB a master-data form view; the language lists are
 * two-byte strings, the slowest to encode). Any other renderer — renderToStaticMarkup, the browser —
 * writes `String(markup)`: the same markup as a string.
 */
export class EncodedMarkup {
  readonly encodedChunks: Uint8Array[]
  readonly text: () => string
  constructor(encodedChunks: Uint8Array[], text: () => string) {
    this.encodedChunks = encodedChunks
    this.text = text
  }
  toString() {
    return this.text()
  }
}

// The lists' markup as UTF-8, kept under the options array the markup was built from (`owner`: the same
// array on every view for the fixed lists, see options.ts) and, per array, by the markup string (a few
// variants: the UI language's labels, the empty first choice's text, a new ranking; the least recently used dropped). A
// WeakMap: a list built from one request's data (the audit log's users with their e-mail addresses,
// `/referrals`' partners, once there are 100 or more) goes with its array after the request instead of
// staying in the server's memory (review of session 25).
const encodedLists = new WeakMap<object, Map<string, Buffer>>()
const ENCODED_VARIANTS_KEPT = 4
const SELECTED_BYTES = new TextEncoder().encode(' selected=""')

function encodedList(html: string, owner: object) {
  let variants = encodedLists.get(owner)
  if (variants === undefined) encodedLists.set(owner, (variants = new Map()))
  let encoded = variants.get(html)
  if (encoded === undefined) {
    encoded = Buffer.from(html, 'utf8')
    if (variants.size >= ENCODED_VARIANTS_KEPT) variants.delete(variants.keys().next().value!)
  } else {
    variants.delete(html)
  }
  variants.set(html, encoded)
  return encoded
}

/** For tests: the markup strings whose bytes are kept under a list's options array. */
export const encodedVariantsOf = (owner: object) => [...(encodedLists.get(owner)?.keys() ?? [])]

/**
 * `markSelected(before + html, selected)` for a long select's `dangerouslySetInnerHTML`: in the browser
 * that string; on the server the same bytes as chunks of the kept list's encoding (views into it, no
 * copy) with ` selected=""` between them. `html` is a kept list's markup (`optionsHtml`,
 * `groupedOptionsHtml`) and `owner` the options array it was built from (the last group's for a grouped
 * list), under which its bytes are kept; `before` what comes before it (the empty first choice's option),
 * encoded per view.
 * A value is marked where it is first found in `before`, else in the list's bytes: a tag found in the
 * UTF-8 bytes is found at the same character (UTF-8 keeps every character's bytes apart), and no tag
 * spans `before` and the list (`before` ends with a whole element).
 */
export function selectMarkup(
  before: string,
  html: string,
  selected: readonly string[],
  owner: object,
): string | EncodedMarkup {
  if (typeof document !== 'undefined') return markSelected(before + html, selected)
  const inList: string[] = []
  const inBefore: string[] = []
  for (const value of new Set(selected)) (before.includes(`<option value="${escapeHtml(value)}"`) ? inBefore : inList).push(value)
  const head = markSelected(before, inBefore)
  const encoded = encodedList(html, owner)
  const ends: number[] = []
  for (const value of inList) {
    const tag = Buffer.from(`<option value="${escapeHtml(value)}"`, 'utf8')
    const at = encoded.indexOf(tag)
    if (at !== -1) ends.push(at + tag.length)
  }
  if (ends.length > 1) ends.sort(ascending)
  const chunks: Uint8Array[] = []
  if (head !== '') chunks.push(Buffer.from(head, 'utf8'))
  let from = 0
  for (const end of ends) {
    chunks.push(encoded.subarray(from, end), SELECTED_BYTES)
    from = end
  }
  chunks.push(from === 0 ? encoded : encoded.subarray(from))
  return new EncodedMarkup(chunks, () => markSelected(before + html, selected))
}
