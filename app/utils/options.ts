// A choice in a select, checkbox or radio group. Client-safe and at the bottom of the layers: the
// components render options, while models and utils (ISO lists, catalogues) build them.

export type Option = { value: string; label: string; disabled?: boolean }
