// A choice in a select, checkbox or radio group. Client-safe and at the bottom of the layers: the
// components render options, while models and utils (ISO lists, catalogues) build them.

export type Option = { value: string; label: string; disabled?: boolean }

/** The options of a code list, labelled from the `codes` namespace (`codes:<list>.<code>`). */
export function codeOptions(t: (key: string) => string, list: string, codes: readonly string[]): Option[] {
  return codes.map((code) => ({ value: code, label: t(`codes:${list}.${code}`) }))
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

/** Options → PackedOptions; refuses what the format cannot carry (an empty value, a tab or line break, `disabled`). */
export function packOptions(options: readonly Option[]): PackedOptions {
  let text = packed.get(options)
  if (text === undefined) {
    for (const option of options)
      if (option.disabled !== undefined || option.value === '' || /[\t\n]/.test(option.value) || /[\t\n]/.test(option.label))
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
