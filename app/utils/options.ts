// A choice in a select, checkbox or radio group. Client-safe and at the bottom of the layers: the
// components render options, while models and utils (ISO lists, catalogues) build them.

export type Option = { value: string; label: string; disabled?: boolean }

/** The options of a code list, labelled from the `codes` namespace (`codes:<list>.<code>`). */
export function codeOptions(t: (key: string) => string, list: string, codes: readonly string[]): Option[] {
  // A written-out loop, not a closure made per call: V8 would drop that closure's optimised code at
  // each full collection and compile it again (decision 137).
  const options: Option[] = []
  for (const code of codes) options.push({ value: code, label: t(`codes:${list}.${code}`) })
  return options
}

/**
 * A long option list (the ≈640 languages of a language picker) as one string in a loader's data:
 * one line per option, value and label separated by a tab. The page renders the options as
 * markup anyway (option-list.ts); as 640 objects in the loader data they were serialised a second
 * time, value by value (turbo-stream), ≈ 5 ms CPU and 30 kB of each form with a language picker
 * (issue 19, docs/performance.md). `unpackOptions` gives the same options back.
 */
export type PackedOptions = string

const packed = new WeakMap<readonly Option[], PackedOptions>()

/**
 * Options → PackedOptions; refuses what the format cannot carry (an empty value, a tab, line feed,
 * carriage return or NUL — the HTML parser turns CR into LF and drops NUL in an option read back from
 * the markup, decision 101 — or `disabled`).
 */
export function packOptions(options: readonly Option[]): PackedOptions {
  let text = packed.get(options)
  if (text === undefined) {
    for (const option of options)
      if (option.disabled !== undefined || option.value === '' || /[\t\n\r\0]/.test(option.value) || /[\t\n\r\0]/.test(option.label))
        throw new Error(`packOptions: option ${JSON.stringify(option)} cannot be packed`)
    text = options.map((option) => `${option.value}\t${option.label}`).join('\n')
    packed.set(options, text)
  }
  return text
}

// The lists a page unpacks on every render (a form re-renders on each input): one array per packed
// list, so that the markup built once per array (option-list.ts) is built once. A few lists at
// most (per UI language the languages, the countries and the groups before the other languages,
// plus lists with recorded codes outside the named ones). The least recently used goes first: a
// list in use stays while a case's own list comes and goes.
const unpacked = new Map<PackedOptions, readonly Option[]>()
const UNPACKED_KEPT = 8

/** PackedOptions → options (the same array for the same list). */
export function unpackOptions(text: PackedOptions): readonly Option[] {
  let options = unpacked.get(text)
  if (options !== undefined) {
    unpacked.delete(text)
    unpacked.set(text, options)
  } else {
    options =
      text === ''
        ? []
        : text.split('\n').map((line) => {
            const tab = line.indexOf('\t')
            return { value: line.slice(0, tab), label: line.slice(tab + 1) }
          })
    if (unpacked.size >= UNPACKED_KEPT) unpacked.delete(unpacked.keys().next().value!)
    unpacked.set(text, options)
  }
  return options
}

// A packed list that a document's loader data leaves out (`inMarkupOnly` in app/utils/iso.server.ts, decision
// 101) is read back from the select that shows it, while the page hydrates — before React changes
// anything there. Here rather than in a module of its own: every page with such a list loads this one
// already, so the page preloads no further file.

// Per loader-data object: read once at hydration and kept for the later renders of the same data (the
// select may be gone by then: the spoken languages become a combobox). A revalidation brings new
// objects that carry their lists again.
const readBack = new WeakMap<object, Map<string, PackedOptions>>()

/**
 * `holder[key]`, or — when a document's loader data left it out — the same packed string read from
 * the options of the last option group of the select with id `selectId`: each option's `value` and
 * text, as `packOptions` wrote them.
 */
export function listOf<K extends string>(holder: { [key in K]: PackedOptions }, key: K, selectId: string): PackedOptions {
  const given = holder[key] as PackedOptions | undefined
  if (given !== undefined) return given
  let lists = readBack.get(holder)
  if (!lists) readBack.set(holder, (lists = new Map()))
  let text = lists.get(key)
  if (text === undefined) {
    const groups = typeof document === 'undefined' ? undefined : document.getElementById(selectId)?.getElementsByTagName('optgroup')
    const group = groups?.[groups.length - 1]
    if (!group) throw new Error(`listOf: no select #${selectId} with option groups to read the list "${key}" from`)
    text = Array.from(group.getElementsByTagName('option'), (option) => `${option.value}\t${option.textContent ?? ''}`).join('\n')
    lists.set(key, text)
  }
  return text
}

// The same for a short list left out as options (decision 188): per loader-data object and key, the options
// read back once, so that later renders of the same data get the same array.
const readBackOptions = new WeakMap<object, Map<string, readonly Option[]>>()

/**
 * `holder[key]`, or — when a document's loader data left it out (`inMarkupOnly`) — the same options read back
 * from the select with id `selectId` while the page hydrates: with `group`, the options of its option group
 * of that number (from 0); without, every option of the select with a value (the empty first choice
 * left out). Each option's `value` and text; the lists read back this way have no disabled options.
 */
export function optionsOf<K extends string>(holder: { [key in K]: readonly Option[] }, key: K, selectId: string, group?: number): readonly Option[] {
  const given = holder[key] as readonly Option[] | undefined
  return given !== undefined ? given : optionsReadBack(holder, key, selectId, group)
}

/**
 * The read-back of `optionsOf` alone, for a list whose loader data carry it in another shape (the audit log's
 * users, `/referrals`' partners; decision 101): the options of the select with id `selectId` (or of its option
 * group `group`) with a value, read once per loader-data object and key while the page hydrates.
 */
export function optionsReadBack(holder: object, key: string, selectId: string, group?: number): readonly Option[] {
  let lists = readBackOptions.get(holder)
  if (!lists) readBackOptions.set(holder, (lists = new Map()))
  let options = lists.get(key)
  if (options === undefined) {
    const select = typeof document === 'undefined' ? null : document.getElementById(selectId)
    const from = group === undefined ? select : select?.getElementsByTagName('optgroup')[group]
    if (!from) throw new Error(`optionsOf: no select #${selectId}${group === undefined ? '' : ` with option group ${group}`} to read the list "${key}" from`)
    const read: Option[] = []
    for (const option of Array.from(from.getElementsByTagName('option'))) if (option.value !== '') read.push({ value: option.value, label: option.textContent ?? '' })
    lists.set(key, (options = read))
  }
  return options
}

const completed = new WeakMap<object[], object[]>()

/**
 * `items` with each one's `key` given (`listOf`): the same array when none was left out, otherwise
 * one copy per array, so that a page rendering again gets the same groups (its markup is built once).
 */
export function listsOf<T extends { [key in K]: PackedOptions }, K extends string>(items: T[], key: K, selectId: string): T[] {
  if (items.every((item) => (item[key] as PackedOptions | undefined) !== undefined)) return items
  let copy = completed.get(items) as T[] | undefined
  if (!copy) completed.set(items, (copy = items.map((item) => ({ ...item, [key]: listOf(item, key, selectId) }))))
  return copy
}

/**
 * Whether the markup gives `options` back as they are (`optionsOf`, `choicesOf`): no disabled option (the read-back
 * knows none) and no carriage return or NUL in a value or label (the HTML parser turns the one into a line feed
 * and drops the other, decision 101). A list that is not stays in a document's loader data.
 */
export function readableFromMarkup(options: readonly Option[]): boolean {
  for (const option of options) if (option.disabled !== undefined || /[\r\0]/.test(option.value) || /[\r\0]/.test(option.label)) return false
  return true
}

/**
 * `holder[key]`, or — when a document's loader data left it out (`inMarkupOnly`) — the same options read back
 * from the checkboxes or radio buttons named `name` within the element with id `containerId` (a form) while the
 * page hydrates: each one's `value` and its label's text (ChoiceGroup in components/ui/field.tsx writes the
 * label around the input and the text). Read once per loader-data object and key; the lists read back this way
 * have no disabled options.
 */
export function choicesOf<K extends string>(holder: { [key in K]: readonly Option[] }, key: K, containerId: string, name: string): readonly Option[] {
  const given = holder[key] as readonly Option[] | undefined
  if (given !== undefined) return given
  let lists = readBackOptions.get(holder)
  if (!lists) readBackOptions.set(holder, (lists = new Map()))
  let options = lists.get(key)
  if (options === undefined) {
    const container = typeof document === 'undefined' ? null : document.getElementById(containerId)
    if (!container) throw new Error(`choicesOf: no element #${containerId} to read the list "${key}" from`)
    const read: Option[] = []
    for (const input of Array.from(container.getElementsByTagName('input')))
      if (input.name === name && (input.type === 'checkbox' || input.type === 'radio')) read.push({ value: input.value, label: input.closest('label')?.textContent ?? '' })
    lists.set(key, (options = read))
  }
  return options
}
