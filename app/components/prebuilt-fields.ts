// A form's fields written as one string of markup on the server (decision 215, decision 205's way): the
// elements a form section is made of — host elements, the field components of ui/field.tsx and the
// language pickers — walked as elements, without rendering them, and written as React's server renderer
// writes what they render, byte for byte. React's server renderer then writes one element for the
// section instead of ≈ 60 (labels, hints, controls, the field wrappers) and calls none of the field
// components. In the browser the section's elements render as before and hydrate onto that markup, as
// if React had written it. Anything the writer does not know — a field with errors to show, a field
// without an id, an element type or a prop it has no rule for, two texts side by side — makes it give
// up: the section is then rendered as elements on the server too (prebuilt-fields.test.tsx holds both
// to React's own markup).
import { Fragment, isValidElement, type ReactElement, type ReactNode } from 'react'
import { LanguageSelectField, LanguagesField } from './language-select.tsx'
import { Link, RESOLVED_DIFFERENTLY } from './ui/link.tsx'
import {
  CheckboxField,
  describedBy,
  Field,
  GroupedSelectField,
  SelectField,
  showsErrors,
  type OptionGroup,
} from './ui/field.tsx'
import {
  escapeHtml,
  EncodedMarkup,
  groupedOptionsHtml,
  LONG_OPTION_LIST,
  markedShortOptions,
  optionsHtml,
  selectedValues,
  selectMarkup,
  shortOptionsHtml,
  shortOptionsMarkup,
  type ShortOptionsMarkup,
} from './ui/option-list.ts'
import { languageGroupOptions } from '#app/utils/iso.ts'
import { listOf, optionsOf, unpackOptions, type Option } from '#app/utils/options.ts'

/** The translations the language pickers ask for, with the default namespace's keys prefixed (`common:`). */
type Translate = (key: string) => string

/**
 * A section's markup for `dangerouslySetInnerHTML`: strings, and a long select's encoded bytes as they
 * are (decision 185; React's patched server renderer pushes `encodedChunks` as its chunks, strings and
 * bytes alike). Any other renderer writes `String(markup)`.
 */
export class PrebuiltMarkup {
  readonly encodedChunks: Array<string | Uint8Array>
  private readonly parts: ReadonlyArray<string | EncodedMarkup>
  constructor(parts: ReadonlyArray<string | EncodedMarkup>) {
    this.parts = parts
    const chunks: Array<string | Uint8Array> = []
    for (const part of parts) {
      if (typeof part === 'string') chunks.push(part)
      else for (const chunk of part.encodedChunks) chunks.push(chunk)
    }
    this.encodedChunks = chunks
  }
  toString() {
    let text = ''
    for (const part of this.parts) text += typeof part === 'string' ? part : part.toString()
    return text
  }
}

/**
 * The markup of `children` (what a section element holds) as React's server renderer writes it, or
 * `null` when the writer does not know one of its elements: then the caller renders the elements.
 */
export function prebuiltMarkup(children: ReactNode, t: Translate): string | PrebuiltMarkup | null {
  const writer = new Writer(t)
  if (!writer.children(children)) return null
  return writer.done()
}

/**
 * What a field's values make of its markup (decision 234's template): an input's `checked` and `value`, a select's
 * marked options. `name` is the field's name; the rest is what the markup is made of besides the values.
 */
export type ValueHole =
  | { kind: 'input'; name: string; type: string | undefined }
  | { kind: 'options'; name: string; placeholder: string | undefined; options: readonly Option[] }
  | { kind: 'long'; name: string; before: string; html: string; owner: object }
  | { kind: 'groups'; name: string; placeholder: string | undefined; groups: readonly OptionGroup[] }
  | { kind: 'languages'; name: string; html: string; owner: object }

/** A field's props that carry its value, as its element gets them. */
export type ValueProps = { value?: unknown; defaultValue?: unknown; checked?: unknown; defaultChecked?: unknown }

/** A section's markup with its values left out: the markup between them and, in their places, what makes them. */
export type SectionTemplate = ReadonlyArray<string | EncodedMarkup | ValueHole>

/**
 * `prebuiltMarkup` and the same markup as a template (the values' places as holes), for a section written again
 * with other values (`fillTemplate`); null where `prebuiltMarkup` gives up.
 */
export function prebuiltTemplate(children: ReactNode, t: Translate): { markup: string | PrebuiltMarkup; template: SectionTemplate } | null {
  const writer = new Writer(t, true)
  if (!writer.children(children)) return null
  return { markup: writer.done(), template: writer.recorded() }
}

/**
 * A template's markup with the values of `valueProps(hole)` (each field's props that carry its value, as its
 * element would get them): what `prebuiltMarkup` writes for the elements with those values. Null where the writer
 * would give up on a value (a value that is not text, a number or a boolean).
 */
export function fillTemplate(template: SectionTemplate, valueProps: (hole: ValueHole) => ValueProps): string | PrebuiltMarkup | null {
  const parts: Array<string | EncodedMarkup> = []
  let text = ''
  let encoded = false
  for (const part of template) {
    const markup = typeof part === 'string' || part instanceof EncodedMarkup ? part : holeMarkup(part, valueProps(part), true)
    if (markup === null) return null
    if (typeof markup === 'string') text += markup
    else {
      if (text !== '') parts.push(text)
      text = ''
      parts.push(markup)
      encoded = true
    }
  }
  if (!encoded) return text
  if (text !== '') parts.push(text)
  return new PrebuiltMarkup(parts)
}

// A kept template's short selects: their options' markup with none marked and where each value's mark goes, made at
// the template's first fill and kept with it (decision 253). A hole of a first write is not kept: the contact form's
// groups and a first view of the master-data form make their holes anew and write them once.
const keptShortOptions = new WeakMap<ValueHole, ShortOptionsMarkup>()

function shortOptionsOf(hole: ValueHole & { kind: 'options' }): ShortOptionsMarkup {
  let markup = keptShortOptions.get(hole)
  if (markup === undefined) keptShortOptions.set(hole, (markup = shortOptionsMarkup(hole.placeholder, hole.options)))
  return markup
}

/**
 * A hole's markup for a field's value props: the one function both the writer and `fillTemplate` write values with.
 * `kept`: the hole is a kept template's (fillTemplate), so its short options' markup is kept with it.
 */
function holeMarkup(hole: ValueHole, props: ValueProps, kept = false): string | EncodedMarkup | null {
  switch (hole.kind) {
    case 'input': {
      const checked = props.checked ?? props.defaultChecked
      const value = props.value ?? props.defaultValue
      if (
        (checked !== null && checked !== undefined && typeof checked !== 'boolean') ||
        (value !== null && value !== undefined && typeof value !== 'string' && typeof value !== 'number')
      )
        return null
      return `${checked ? ' checked=""' : ''}${value !== null && value !== undefined ? ` value="${escapeHtml(String(value))}"` : ''}`
    }
    case 'options': {
      const selected = selectedValues(props.value ?? props.defaultValue)
      return kept ? markedShortOptions(shortOptionsOf(hole), selected) : shortOptionsHtml(hole.placeholder, hole.options, selected)
    }
    case 'long':
      return selectMarkup(hole.before, hole.html, selectedValues(props.value ?? props.defaultValue), hole.owner)
    case 'groups': {
      // the elements' markup: the empty choice and each option marked as React marks them from the select's value
      const chosen = selectedValues(props.value ?? props.defaultValue)
      let html = shortOptionsHtml(hole.placeholder, [], chosen)
      for (const group of hole.groups)
        html += `<optgroup label="${escapeHtml(group.label)}">${shortOptionsHtml(undefined, group.options, chosen)}</optgroup>`
      return html
    }
    case 'languages':
      return selectMarkup('', hole.html, [...((props.defaultValue as readonly string[] | undefined) ?? [])], hole.owner)
  }
}

// A class, so that its methods are module-level functions (decision 137).
class Writer {
  private parts: Array<string | EncodedMarkup> = []
  private text = ''
  private encoded = false
  /** with `recording`, the markup so far with the values' holes (decision 234) */
  private template: Array<string | EncodedMarkup | ValueHole> | null
  constructor(
    private readonly t: Translate,
    recording = false,
  ) {
    this.template = recording ? [] : null
  }

  private add(markup: string | EncodedMarkup) {
    if (typeof markup === 'string') this.text += markup
    else {
      if (this.text !== '') this.parts.push(this.text)
      this.text = ''
      this.parts.push(markup)
      this.encoded = true
    }
    const template = this.template
    if (template !== null) {
      const last = template.length - 1
      if (typeof markup === 'string' && typeof template[last] === 'string') template[last] += markup
      else template.push(markup)
    }
  }

  /** A field's value as the hole's markup; false when the writer gives up on it. */
  private value(hole: ValueHole, props: ValueProps): boolean {
    const markup = holeMarkup(hole, props)
    if (markup === null) return false
    const template = this.template
    this.template = null
    this.add(markup)
    this.template = template
    template?.push(hole)
    return true
  }

  recorded(): SectionTemplate {
    return this.template ?? []
  }

  done(): string | PrebuiltMarkup {
    if (!this.encoded) return this.text
    if (this.text !== '') this.parts.push(this.text)
    return new PrebuiltMarkup(this.parts)
  }

  /** A list of children; false when one is unknown or two texts meet (React writes `<!-- -->` between them). */
  children(node: ReactNode): boolean {
    if (Array.isArray(node)) {
      let textBefore = false
      for (const child of node as ReactNode[]) {
        const text = typeof child === 'string' || typeof child === 'number'
        if (text && textBefore) return false
        if (!this.child(child)) return false
        if (child !== null && child !== undefined && typeof child !== 'boolean' && child !== '')
          textBefore = text
      }
      return true
    }
    return this.child(node)
  }

  private child(node: ReactNode): boolean {
    if (node === null || node === undefined || typeof node === 'boolean') return true
    if (typeof node === 'string') {
      this.add(escapeHtml(node))
      return true
    }
    if (typeof node === 'number') {
      this.add(String(node))
      return true
    }
    if (!isValidElement(node)) return false
    return this.element(node as ReactElement<Record<string, unknown>>)
  }

  private element(element: ReactElement<Record<string, unknown>>): boolean {
    const { type, props } = element
    if (type === Fragment) return this.children(props.children as ReactNode)
    if (typeof type === 'string') return this.host(type, props)
    if (type === Field) return this.field(props)
    if (type === SelectField) return this.selectField(props)
    if (type === GroupedSelectField) return this.groupedSelectField(props)
    if (type === CheckboxField) return this.checkboxField(props)
    if (type === LanguageSelectField) return this.languageSelectField(props)
    if (type === LanguagesField) return this.languagesField(props)
    if (type === Link) return this.link(props)
    return false
  }

  /**
   * A link (ui/link.tsx) to an absolute path of the app with a text, as the server's `Link` (ServerLink) writes it:
   * its class, `data-discover`, `href` (decision 233). Any other prop (prefetch, a target, a handler, state) or a
   * path Remix would resolve differently, and the writer gives up. (Latin-1 only: esbuild keeps a class member's
   * comment in the server build, tests/server-build-latin1.test.ts.)
   */
  private link(props: Record<string, unknown>): boolean {
    const { to, className, children } = props
    for (const key in props) if (key !== 'to' && key !== 'className' && key !== 'children') return false
    if (typeof to !== 'string' || to.charCodeAt(0) !== 47 /* / */ || RESOLVED_DIFFERENTLY.test(to)) return false
    if (className !== undefined && typeof className !== 'string') return false
    if (typeof children !== 'string' || children === '') return false
    this.add(
      `<a${className !== undefined ? ` class="${escapeHtml(className)}"` : ''} data-discover="true" href="${escapeHtml(to)}">${escapeHtml(children)}</a>`,
    )
    return true
  }

  /** A host element with text or element children (no `dangerouslySetInnerHTML`, no void element but `input`). */
  private host(type: string, props: Record<string, unknown>): boolean {
    if (!HOSTS.has(type)) return false
    const attributes = attributesHtml(props, NONE)
    if (attributes === null) return false
    this.add(`<${type}${attributes}>`)
    if (!this.children(props.children as ReactNode)) return false
    this.add(`</${type}>`)
    return true
  }

  /** The field's wrapper as `fieldShell` writes it, around the control's markup. */
  private shell(
    id: string,
    label: unknown,
    hint: unknown,
    className: unknown,
    extraClass: string,
    control: () => boolean,
  ): boolean {
    if (typeof label !== 'string') return false
    this.add(
      `<div class="field${extraClass}${className ? ` ${escapeHtml(String(className))}` : ''}"><label for="${escapeHtml(id)}">${escapeHtml(label)}</label>`,
    )
    if (!this.hint(id, hint)) return false
    return control()
  }

  private hint(id: string, hint: unknown): boolean {
    if (!hint) return true
    this.add(`<p id="${escapeHtml(id)}-hint" class="field-hint">`)
    if (!this.children(hint as ReactNode)) return false
    this.add('</p>')
    return true
  }

  private field(all: Record<string, unknown>): boolean {
    const { label, hint, errors, className, id } = all
    if (typeof id !== 'string' || showsErrors(errors as never)) return false
    return this.shell(id, label, hint, className, '', () => {
      if (!this.input(all, undefined, describedBy(id, hint as ReactNode, false))) return false
      this.add('</div>')
      return true
    })
  }

  /** An `<input>` as React writes it: its attributes (controlAttributesHtml), then `checked`, then `value` (React's order for an input). */
  private input(all: Record<string, unknown>, type: string | undefined, described: string | undefined): boolean {
    const attributes = controlAttributesHtml(all, FIELD_OWN, described, type)
    if (attributes === null) return false
    this.add(`<input${attributes}`)
    if (!this.value({ kind: 'input', name: String(all.name), type: typeof all.type === 'string' ? all.type : type }, all)) return false
    this.add('/>')
    return true
  }

  /** `all`: the field's props; `own`: those that are the field's, not the select's (SELECT_FIELD_OWN, GROUPED_FIELD_OWN). */
  private select(
    id: string,
    all: Record<string, unknown>,
    own: ReadonlySet<string>,
    hint: unknown,
    hole: ValueHole,
  ): boolean {
    const attributes = controlAttributesHtml(all, own, describedBy(id, hint as ReactNode, false))
    if (attributes === null) return false
    this.add(`<select${attributes}>`)
    if (!this.value(hole, all)) return false
    this.add('</select></div>')
    return true
  }

  private selectField(all: Record<string, unknown>): boolean {
    const { label, hint, errors, className, options, placeholder, id } = all as Record<
      string,
      unknown
    > & { options: readonly Option[]; placeholder?: string }
    if (typeof id !== 'string' || showsErrors(errors as never)) return false
    const name = String(all.name)
    const hole: ValueHole =
      options.length >= LONG_OPTION_LIST
        ? {
            kind: 'long',
            name,
            before: placeholder !== undefined ? `<option value="">${escapeHtml(placeholder)}</option>` : '',
            html: optionsHtml(options),
            owner: options,
          }
        : // a short list's options as SelectField writes them: as one string (`prebuilt`), or as option elements,
          // whose markup is the same string (shortOptionsHtml; short-options.test.tsx holds it to React's)
          { kind: 'options', name, placeholder, options }
    return this.shell(id, label, hint, className, '', () => this.select(id, all, SELECT_FIELD_OWN, hint, hole))
  }

  private groupedSelectField(all: Record<string, unknown>): boolean {
    const { label, hint, errors, className, groups, placeholder, id } = all as Record<string, unknown> & {
      groups: OptionGroup[]
      placeholder?: string
    }
    if (typeof id !== 'string' || showsErrors(errors as never)) return false
    let count = 0
    for (const group of groups) count += group.options.length
    const name = String(all.name)
    const hole: ValueHole =
      count >= LONG_OPTION_LIST
        ? { kind: 'long', name, before: '', html: groupedOptionsHtml(placeholder, groups), owner: groups[groups.length - 1]!.options }
        : { kind: 'groups', name, placeholder, groups }
    return this.shell(id, label, hint, className, '', () => this.select(id, all, GROUPED_FIELD_OWN, hint, hole))
  }

  /** LanguageSelectField's groups, as it makes them, for GroupedSelectField. */
  private languageSelectField(all: Record<string, unknown>): boolean {
    const { choices, ...props } = all as Record<string, unknown> & {
      choices: { common: readonly Option[]; all: never }
    }
    const id = typeof props.id === 'string' ? props.id : ''
    const groups: OptionGroup[] = [
      { label: this.t('common:languageGroups.common'), options: optionsOf(choices, 'common', id, 0) },
      { label: this.t('common:languageGroups.all'), options: unpackOptions(listOf(choices, 'all', id)) },
    ]
    return this.groupedSelectField({ ...props, groups })
  }

  /** LanguagesField without JavaScript: MultiSelectField's NativeMultiSelect, as the server renders it. */
  private languagesField(all: Record<string, unknown>): boolean {
    const { label, hint, name, errors, choices, defaultValue, id } = all as {
      label: unknown
      hint: unknown
      name: unknown
      errors: unknown
      choices: never
      defaultValue?: readonly string[]
      id: unknown
    }
    if (
      typeof id !== 'string' ||
      typeof name !== 'string' ||
      typeof label !== 'string' ||
      showsErrors(errors as never)
    )
      return false
    const groups: OptionGroup[] = []
    for (const group of languageGroupOptions(choices))
      groups.push({ label: this.t(`common:languageGroups.${group.key}`), options: group.options })
    const at = escapeHtml(id)
    this.add(`<div class="field multi-select"><label for="${at}">${escapeHtml(label)}</label>`)
    if (!this.hint(id, hint)) return false
    this.add(
      `<p id="${at}-how" class="field-hint">${escapeHtml(this.t('common:multiSelect.howWithoutScript'))}</p>`,
    )
    this.add(
      `<select id="${at}" name="${escapeHtml(name)}" multiple="" size="8" aria-describedby="${hint ? `${at}-hint ` : ''}${at}-how">`,
    )
    const hole: ValueHole = { kind: 'languages', name, html: groupedOptionsHtml(undefined, groups), owner: groups[groups.length - 1]?.options ?? groups }
    if (!this.value(hole, { defaultValue })) return false
    this.add('</select></div>')
    return true
  }

  private checkboxField(all: Record<string, unknown>): boolean {
    const { label, hint, errors, className, id } = all
    if (typeof id !== 'string' || typeof label !== 'string' || showsErrors(errors as never)) return false
    this.add(`<div class="field field-checkbox${className ? ` ${escapeHtml(String(className))}` : ''}">`)
    if (!this.input(all, 'checkbox', describedBy(id, hint as ReactNode, false))) return false
    this.add(`<label for="${escapeHtml(id)}">${escapeHtml(label)}</label>`)
    if (!this.hint(id, hint)) return false
    this.add('</div>')
    return true
  }
}

const HOSTS = new Set(['fieldset', 'legend', 'div', 'p', 'span', 'strong', 'em'])
const NONE: ReadonlySet<string> = new Set()
// The props of a field component that are not its control's attributes (the field shell's), and those
// written apart from the others: React writes a select's value from its options, an input's `checked` and
// `value` after its other attributes.
const SHELL = ['children', 'label', 'hint', 'errors', 'className']
const FIELD_OWN: ReadonlySet<string> = new Set([
  ...SHELL,
  'value',
  'defaultValue',
  'checked',
  'defaultChecked',
])
const SELECT_FIELD_OWN: ReadonlySet<string> = new Set([
  ...SHELL,
  'options',
  'placeholder',
  'prebuilt',
  'value',
  'defaultValue',
])
const GROUPED_FIELD_OWN: ReadonlySet<string> = new Set([
  ...SHELL,
  'groups',
  'placeholder',
  'value',
  'defaultValue',
])

// The props the writer knows, as React's server renderer writes them: a renamed attribute, a boolean one
// (` name=""` when true, nothing when false) or a positive number; every other known prop under its own name.
const RENAMED: Readonly<Record<string, string>> = { className: 'class', htmlFor: 'for' }
const BOOLEAN = new Set(['required', 'multiple', 'disabled', 'readOnly', 'checked'])
const LOWER_BOOLEAN: Readonly<Record<string, string>> = { readOnly: 'readonly' }
const AS_NAMED = new Set([
  'id',
  'name',
  'form',
  'type',
  'min',
  'max',
  'step',
  'pattern',
  'minLength',
  'maxLength',
  'inputMode',
  'autoComplete',
  'placeholder',
  'accept',
  'title',
  'role',
  'lang',
  'aria-invalid',
  'aria-describedby',
  'aria-label',
  'aria-labelledby',
  'size',
])

/** The attributes of `props` in their order, as React writes them; null for a prop without a rule here. */
function attributesHtml(props: Record<string, unknown>, skipped: ReadonlySet<string>): string | null {
  let html = ''
  for (const key in props) {
    if (key === 'children' || skipped.has(key)) continue
    const value = props[key]
    if (value === null || value === undefined) continue
    const attribute = attributeHtml(key, value)
    if (attribute === null) return null
    html += attribute
  }
  return html
}

function attributeHtml(key: string, value: unknown): string | null {
  if (BOOLEAN.has(key)) {
    if (typeof value !== 'boolean') return null
    return value ? ` ${LOWER_BOOLEAN[key] ?? key}=""` : ''
  }
  const name = RENAMED[key] ?? (AS_NAMED.has(key) ? key : null)
  if (name === null) return null
  if (key === 'size') return typeof value === 'number' && value >= 1 ? ` size="${value}"` : null
  if (typeof value === 'boolean') return key.startsWith('aria-') ? ` ${name}="${value}"` : ''
  if (typeof value !== 'string' && typeof value !== 'number') return null
  return ` ${name}="${escapeHtml(String(value))}"`
}

/**
 * A field's control's attributes as React writes them for the props the field component gives it —
 * `{ ...props without `own`, id, 'aria-invalid': undefined, 'aria-describedby': described }` (ui/field.tsx) —
 * read from the field's props as they are, without that object (decision 227): each prop in its order, but
 * `aria-invalid` (none without errors) and `aria-describedby` (`described`, where the props hold one, else
 * last). `type`, when given, first: the checkbox field's `{ type: 'checkbox', ...props }`.
 */
function controlAttributesHtml(
  all: Record<string, unknown>,
  own: ReadonlySet<string>,
  described: string | undefined,
  type?: string,
): string | null {
  let html = ''
  if (type !== undefined) {
    const value = Object.prototype.hasOwnProperty.call(all, 'type') ? all.type : type
    if (value !== null && value !== undefined) {
      const attribute = attributeHtml('type', value)
      if (attribute === null) return null
      html = attribute
    }
  }
  let describedWritten = false
  for (const key in all) {
    if (own.has(key) || key === 'aria-invalid' || (type !== undefined && key === 'type')) continue
    let value = all[key]
    if (key === 'aria-describedby') {
      value = described
      describedWritten = true
    }
    if (value === null || value === undefined) continue
    const attribute = attributeHtml(key, value)
    if (attribute === null) return null
    html += attribute
  }
  if (!describedWritten && described !== undefined) {
    const attribute = attributeHtml('aria-describedby', described)
    if (attribute === null) return null
    html += attribute
  }
  return html
}
