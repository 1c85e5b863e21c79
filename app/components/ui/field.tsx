import { forwardRef, useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react'
import { useTranslation } from 'react-i18next'
import { MarkupSelect } from './markup-select.tsx'
import { escapeHtml, groupedOptionsHtml, LONG_OPTION_LIST, optionsHtml, selectedValues, selectMarkup, shortOptionsHtml } from './option-list.ts'
import { type Option } from '#app/utils/options.ts'

export type ListOfErrors = Array<string | null | undefined> | null | undefined

/**
 * Errors are message keys (namespace:key) or plain text; they are translated here. A field without
 * errors renders nothing and asks for no `t`: the translation hook runs only in the list shown (the
 * master-data form has twenty fields, each with its list, nearly always empty; issue 19, session 23).
 */
export function ErrorList({ id, errors }: { id?: string; errors?: ListOfErrors }) {
  const messages = errors?.filter(Boolean) as string[] | undefined
  if (!messages?.length) return null
  return <ErrorMessages id={id} messages={messages} />
}

function ErrorMessages({ id, messages }: { id?: string; messages: string[] }) {
  const { t } = useTranslation()
  return (
    <ul id={id} className="field-errors">
      {messages.map((message) => (
        <li key={message}>{t(message, { defaultValue: message })}</li>
      ))}
    </ul>
  )
}

/** Whether a field shows errors: any message that is not empty (ErrorList shows those). */
export function showsErrors(errors: ListOfErrors) {
  if (errors) for (const error of errors) if (error) return true
  return false
}

/** The ids of a field's hint and errors, as far as it shows them, for its control's `aria-describedby`. */
export function describedBy(id: string, hint: ReactNode, hasErrors: boolean) {
  if (hint) return hasErrors ? `${id}-hint ${id}-error` : `${id}-hint`
  return hasErrors ? `${id}-error` : undefined
}

/**
 * A field's wiring: its id (the one given, else React's), whether it shows errors, and its control's
 * `aria-invalid` and `aria-describedby`. One `useId` per field, as each field asked before.
 */
function useFieldWiring(givenId: string | undefined, hint: ReactNode, errors: ListOfErrors) {
  const fallbackId = useId()
  const id = givenId ?? fallbackId
  const hasErrors = showsErrors(errors)
  return { id, hasErrors, invalid: hasErrors ? true : undefined, described: describedBy(id, hint, hasErrors) }
}

/**
 * A field's wrapper around its control: the label, the hint, the control, the errors. A function the
 * field components call, not a component of its own with the control as a render prop: the master-data
 * form has twenty fields, and each component and closure per field is React's work and garbage on every
 * view (issue 19, session 27). The error list is an element only when there are errors to show (an empty
 * one rendered nothing). The markup is the one the former `FieldShell` made, byte for byte
 * (field-shell.test.tsx); its `useId` moved to the calling field with it, which gives the same id (the shell
 * was the field's only child and the only one to ask).
 */
function fieldShell(id: string, label: ReactNode, hint: ReactNode, errors: ListOfErrors, hasErrors: boolean, className: string | undefined, control: ReactNode) {
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      {control}
      {hasErrors ? <ErrorList id={`${id}-error`} errors={errors} /> : null}
    </div>
  )
}

type Common = { label: ReactNode; hint?: ReactNode; errors?: ListOfErrors; className?: string }

export const Field = forwardRef<HTMLInputElement, Common & InputHTMLAttributes<HTMLInputElement>>(function Field(
  { label, hint, errors, className, ...inputProps },
  ref,
) {
  const { id, hasErrors, invalid, described } = useFieldWiring(inputProps.id, hint, errors)
  return fieldShell(
    id,
    label,
    hint,
    errors,
    hasErrors,
    className,
    <input ref={ref} {...inputProps} id={id} aria-invalid={invalid} aria-describedby={described} />,
  )
})

export function TextareaField({ label, hint, errors, className, ...props }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const { id, hasErrors, invalid, described } = useFieldWiring(props.id, hint, errors)
  return fieldShell(
    id,
    label,
    hint,
    errors,
    hasErrors,
    className,
    <textarea {...props} id={id} aria-invalid={invalid} aria-describedby={described} />,
  )
}

export function SelectField({
  label,
  hint,
  errors,
  className,
  options,
  placeholder,
  prebuilt = false,
  ...props
}: Common &
  SelectHTMLAttributes<HTMLSelectElement> & {
    options: readonly Option[]
    placeholder?: string
    /** a short list's options written as one string of markup (shortOptionsHtml), the same markup as the elements */
    prebuilt?: boolean
  }) {
  const { id, hasErrors, invalid, described } = useFieldWiring(props.id, hint, errors)
  return fieldShell(
    id,
    label,
    hint,
    errors,
    hasErrors,
    className,
    options.length >= LONG_OPTION_LIST ? (
      <MarkupSelect
        {...props}
        id={id}
        aria-invalid={invalid}
        aria-describedby={described}
        html={selectMarkup(
          placeholder !== undefined ? `<option value="">${escapeHtml(placeholder)}</option>` : '',
          optionsHtml(options),
          selectedValues(props.value ?? props.defaultValue),
          options,
        )}
      />
    ) : prebuilt ? (
      <MarkupSelect
        {...props}
        id={id}
        aria-invalid={invalid}
        aria-describedby={described}
        html={shortOptionsHtml(placeholder, options, selectedValues(props.value ?? props.defaultValue))}
      />
    ) : (
      <select {...props} id={id} aria-invalid={invalid} aria-describedby={described}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map(optionElement)}
      </select>
    ),
  )
}

// The per-option callbacks of the lists here and below are module-level functions, not closures made
// in each render: V8 keeps a module-level function's optimised code, while a closure made per request
// loses it at each full collection and is compiled again (decision 137).
function optionElement(option: Option) {
  return (
    <option key={option.value} value={option.value} disabled={option.disabled}>
      {option.label}
    </option>
  )
}

export type OptionGroup = { label: string; options: readonly Option[] }

function optionGroupElement(group: OptionGroup) {
  return (
    <optgroup key={group.label} label={group.label}>
      {group.options.map(optionElement)}
    </optgroup>
  )
}

/** A select with option groups (`<optgroup>`), wired like the other fields. */
export function GroupedSelectField({
  label,
  hint,
  errors,
  className,
  groups,
  placeholder,
  ...props
}: Common & SelectHTMLAttributes<HTMLSelectElement> & { groups: OptionGroup[]; placeholder?: string }) {
  const long = groups.reduce((total, group) => total + group.options.length, 0) >= LONG_OPTION_LIST
  const { id, hasErrors, invalid, described } = useFieldWiring(props.id, hint, errors)
  return fieldShell(
    id,
    label,
    hint,
    errors,
    hasErrors,
    className,
    long ? (
      <MarkupSelect
        {...props}
        id={id}
        aria-invalid={invalid}
        aria-describedby={described}
        html={selectMarkup('', groupedOptionsHtml(placeholder, groups), selectedValues(props.value ?? props.defaultValue), groups[groups.length - 1]!.options)}
      />
    ) : (
      <select {...props} id={id} aria-invalid={invalid} aria-describedby={described}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {groups.map(optionGroupElement)}
      </select>
    ),
  )
}

export function CheckboxField({
  label,
  hint,
  errors,
  className,
  ...props
}: { label: ReactNode; hint?: ReactNode; errors?: ListOfErrors; className?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const { id, hasErrors, invalid, described } = useFieldWiring(props.id, hint, errors)
  return (
    <div className={className ? `field field-checkbox ${className}` : 'field field-checkbox'}>
      <input type="checkbox" {...props} id={id} aria-invalid={invalid} aria-describedby={described} />
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      {hasErrors ? <ErrorList id={`${id}-error`} errors={errors} /> : null}
    </div>
  )
}

type ChoiceGroupProps = {
  legend: ReactNode
  name: string
  options: readonly Option[]
  errors?: ListOfErrors
  hint?: ReactNode
  className?: string
  /**
   * On the server the options as one string of markup (choicesHtml), the same markup as the elements, which the
   * browser's React renders and hydrates onto it (decision 205's way, for a group rendered on every view of a page)
   */
  prebuilt?: boolean
}

/** Checkboxes or radio buttons in a fieldset, each posting `name=value`; keyboard-friendly, no JavaScript needed. */
function ChoiceGroup({ type, legend, name, options, chosen, errors, hint, className, prebuilt = false }: ChoiceGroupProps & { type: 'checkbox' | 'radio'; chosen: ReadonlySet<string> }) {
  const groupId = useId()
  const hasErrors = Boolean(errors?.some(Boolean))
  return (
    <fieldset
      className={['field', type === 'radio' ? 'radio-group' : 'checkbox-group', className].filter(Boolean).join(' ')}
      aria-describedby={[hint ? `${groupId}-hint` : null, hasErrors ? `${groupId}-error` : null].filter(Boolean).join(' ') || undefined}
    >
      <legend>{legend}</legend>
      {hint ? (
        <p id={`${groupId}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      {prebuilt && typeof document === 'undefined' ? (
        <div className={type === 'radio' ? 'radio-options' : 'checkbox-options'} dangerouslySetInnerHTML={{ __html: choicesHtml(type, name, options, chosen) }} />
      ) : (
        <div className={type === 'radio' ? 'radio-options' : 'checkbox-options'}>{choiceElements(type, name, options, chosen)}</div>
      )}
      <ErrorList id={`${groupId}-error`} errors={errors} />
    </fieldset>
  )
}

function choiceElements(type: 'checkbox' | 'radio', name: string, options: readonly Option[], chosen: ReadonlySet<string>) {
  const elements: ReactNode[] = []
  for (const option of options)
    elements.push(
      <label key={option.value} className="checkbox-option">
        <input type={type} name={name} value={option.value} defaultChecked={chosen.has(option.value)} disabled={option.disabled} />
        <span>{option.label}</span>
      </label>,
    )
  return elements
}

/**
 * choiceElements' markup as React's server renderer writes it: an input's `disabled` where its props put it,
 * then `checked` and `value` last (React writes those two after the other attributes of an `<input>`).
 */
export function choicesHtml(type: 'checkbox' | 'radio', name: string, options: readonly Option[], chosen: ReadonlySet<string>): string {
  const start = `<label class="checkbox-option"><input type="${type}" name="${escapeHtml(name)}"`
  let html = ''
  for (const option of options)
    html += `${start}${option.disabled ? ' disabled=""' : ''}${chosen.has(option.value) ? ' checked=""' : ''} value="${escapeHtml(option.value)}"/><span>${escapeHtml(option.label)}</span></label>`
  return html
}

/** Several choices: Tab into the group, Space toggles. */
export function CheckboxGroup({ defaultValue, ...props }: ChoiceGroupProps & { defaultValue?: readonly string[] }) {
  return <ChoiceGroup type="checkbox" chosen={new Set(defaultValue ?? [])} {...props} />
}

/** One choice: the arrow keys move between the options. */
export function RadioGroup({ defaultValue, ...props }: ChoiceGroupProps & { defaultValue?: string }) {
  return <ChoiceGroup type="radio" chosen={new Set(defaultValue === undefined ? [] : [defaultValue])} {...props} />
}

/** A form value as a list: a field posted several times (checkboxes) arrives as an array, once as a string. */
export function listValue(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string' && item !== '')
  return typeof value === 'string' && value ? [value] : []
}

/**
 * The form's own errors above its fields. Without errors it renders nothing and asks for no `t`, as the
 * field's ErrorList: nearly every view of a form has none (issue 19, session 27).
 */
export function FormErrorSummary({ errors }: { errors?: ListOfErrors }) {
  const messages = errors?.filter(Boolean) as string[] | undefined
  if (!messages?.length) return null
  return <ErrorSummary messages={messages} />
}

function ErrorSummary({ messages }: { messages: string[] }) {
  const { t } = useTranslation()
  return (
    <div className="alert alert-error" role="alert">
      <ul>
        {messages.map((message) => (
          <li key={message}>{t(message, { defaultValue: message })}</li>
        ))}
      </ul>
    </div>
  )
}
