// A choice in a select, checkbox or radio group. Client-safe and at the bottom of the layers: the
// components render options, while models and utils (ISO lists, catalogues) build them.

export type Option = { value: string; label: string; disabled?: boolean }

/** The options of a code list, labelled from the `codes` namespace (`codes:<list>.<code>`). */
export function codeOptions(t: (key: string) => string, list: string, codes: readonly string[]): Option[] {
  return codes.map((code) => ({ value: code, label: t(`codes:${list}.${code}`) }))
}
