// The props of a form control from conform's field metadata, as conform's getInputProps,
// getSelectProps and getTextareaProps make them — the same keys in the same order (React writes the
// attributes in that order), so the markup is byte for byte the same — but with the constraints
// (required, min, max, pattern …) read from the form's constraint object (formConstraint) instead of
// through the field.
//
// Why: every property read of a conform field builds a new Proxy with a new metadata object and
// copies a subscription list, and getInputProps reads about 15 properties per field; on the
// master-data form that was ≈ 2 ms and much of the garbage per view (issue 19, docs/performance.md
// "Case file and forms (2026-12-05, session 10)", decision 064). These helpers read five: id, name,
// formId, errors (errorId only when there are errors) and initialValue — the reads that subscribe the
// component to the form's state, so the form re-renders in the browser exactly as before. Since
// session 13 four: formId and errorId are derived from id and name (controlProps). The
// constraint object must be the one given to useForm (it is what conform reads from).
import { getFormProps, type FieldMetadata, type FormMetadata } from '@conform-to/react'
import { type FormConstraint } from '#app/forms/constraint.ts'

type Field = FieldMetadata<unknown>
/** A field's name (its key in the form's fields) and the form's id, known without reading the field. */
type Known = { name: string; formId: string }

/**
 * A form's initial values and errors by field name, read at once from conform's form metadata —
 * exactly what each field's `initialValue` and `errors` return (conform's state, looked up by the
 * field's name) — instead of through a metadata Proxy per field and property (decision 152).
 */
export type FormSnapshot = { initialValue: Readonly<Record<string, unknown>>; errors: Readonly<Record<string, string[] | undefined>> }

/** The two reads that replace a field's own (`initialValue`, `errors`): from the snapshot when there is one. */
function initialValueOf(field: Field | undefined, name: string, snapshot: FormSnapshot | undefined): unknown {
  // own properties only, as conform's own look-up (a field named like an Object method reads nothing)
  if (snapshot) return Object.hasOwn(snapshot.initialValue, name) ? snapshot.initialValue[name] : undefined
  return field!.initialValue
}
function errorsOf(field: Field | undefined, name: string, snapshot: FormSnapshot | undefined) {
  return snapshot ? snapshot.errors[name] : field!.errors
}

/** The form's snapshot: its values as conform normalised them (the root of its value proxy) and all its errors. */
export function formSnapshot(form: { initialValue: unknown; allErrors: Record<string, string[]> }): FormSnapshot {
  return { initialValue: (form.initialValue ?? {}) as Record<string, unknown>, errors: form.allErrors }
}

/**
 * The snapshot on the server, nothing in the browser. A field's own reads are what subscribe a form to
 * that field's state, so that it renders again when the field's value or errors change: the browser
 * keeps them, as conform makes them. The server renders each form once and throws the subscriptions
 * away, so there the values are read at once — the same values, so hydration finds the same markup.
 */
export function serverSnapshot(form: { initialValue: unknown; allErrors: Record<string, string[]> }): FormSnapshot | undefined {
  return typeof document === 'undefined' ? formSnapshot(form) : undefined
}

/**
 * `getFormProps(form)`, on the server (a snapshot given) from the form's id and the snapshot's form errors
 * instead of through the form's metadata: each read of `form.id`, `.onSubmit`, `.noValidate` and `.errors`
 * builds conform's whole metadata and a Proxy (≈ 2.4 kB a read; issue 19, session 29). The same attributes:
 * the id, `noValidate` as conform starts it (true, the forms give no `defaultNoValidate`) and, with form
 * errors, `aria-describedby` naming their list (`${id}-error`, as getAriaAttributes makes it); `onSubmit` is no
 * attribute and React's server renderer writes none. In the browser conform's own, whose reads subscribe.
 */
export function formProps<Schema extends Record<string, unknown>>(
  form: FormMetadata<Schema, string[]>,
  id: string,
  snapshot: FormSnapshot | undefined,
): ReturnType<typeof getFormProps> {
  if (snapshot === undefined) return getFormProps(form)
  if (snapshot.errors[''] === undefined) return { id, onSubmit: submitOnTheServer, noValidate: true }
  return { id, onSubmit: submitOnTheServer, noValidate: true, 'aria-describedby': `${id}-error` }
}

// A form is never submitted on the server: the handler only fills the place of conform's.
function submitOnTheServer() {}

/** required, id, name, form and the aria attributes of a field with errors (conform's getFormControlProps). */
function controlProps(field: Field | undefined, constraint: FormConstraint, known?: Known, snapshot?: FormSnapshot) {
  // Each property read of a conform field costs a new metadata Proxy (and, for id, errors and
  // initialValue, a copy of the form's subscription list): the name, the id and the errors are read
  // once, and the form's id and the error id derived as conform makes them (`${formId}-${name}`,
  // `${id}-error`). Reading `id` subscribes to the form id as reading `formId` did, so the
  // component re-renders exactly as before (issue 19, session 13). With the name and the form's id
  // known (fieldsProps) neither is read.
  const name = known ? known.name : field!.name
  const id = known ? `${known.formId}-${name}` : field!.id
  const rules = constraint[name]
  const props: Record<string, unknown> = {}
  if (rules?.required) props.required = true
  props.id = id
  props.name = name
  props.form = known ? known.formId : id.slice(0, id.length - name.length - 1)
  const errors = errorsOf(field, name, snapshot)
  if (errors !== undefined) {
    props['aria-invalid'] = true
    props['aria-describedby'] = `${id}-error`
  }
  return { props, rules, errors }
}

type ControlProps = { id: string; name: string; form: string; required?: boolean; 'aria-invalid'?: boolean; 'aria-describedby'?: string }

/**
 * Sets a prop only when it has a value, as conform's props have no key whose value is undefined. The
 * props were set undefined and those keys deleted afterwards: a deleted key that is not the last one
 * added turns the object into a dictionary (V8), slower for React to read and for the spread that copies
 * it — ≈ 20 such objects a master-data form view (issue 19, docs/performance.md "Master-data form, contact
 * form and case file (2026-12-07, session 25)"). The keys that have a value keep their order.
 */
function put(props: Record<string, unknown>, key: string, value: unknown) {
  if (value !== undefined) props[key] = value
}

export type InputPropsOptions = { type: string; value?: string | boolean }

export function inputProps(field: Field, constraint: FormConstraint, options: InputPropsOptions) {
  return inputPropsAndErrors(field, constraint, options).props
}

function inputPropsAndErrors(field: Field | undefined, constraint: FormConstraint, options: InputPropsOptions, known?: Known, snapshot?: FormSnapshot) {
  const { props, rules, errors } = controlProps(field, constraint, known, snapshot)
  put(props, 'type', options.type)
  if (rules !== undefined) {
    put(props, 'minLength', rules.minLength)
    put(props, 'maxLength', rules.maxLength)
    put(props, 'min', rules.min)
    put(props, 'max', rules.max)
    put(props, 'step', rules.step)
    put(props, 'pattern', rules.pattern)
    put(props, 'multiple', rules.multiple)
    put(props, 'accept', rules.accept)
  }
  if (options.value === undefined || options.value) putInputValue(props, options, initialValueOf(field, props.name as string, snapshot))
  return { errors, props: props as InputProps }
}

/** An input's value props from the field's initial value (last, in this order), as getInputProps sets them. */
function putInputValue(props: Record<string, unknown>, options: InputPropsOptions, initialValue: unknown) {
  if (options.type === 'checkbox' || options.type === 'radio') {
    props.value = typeof options.value === 'string' ? options.value : 'on'
    props.defaultChecked = Array.isArray(initialValue) ? initialValue.includes(options.value) : initialValue === props.value
  } else if (typeof initialValue === 'string') {
    props.defaultValue = initialValue
  }
}

/** A select's `defaultValue` from the field's initial value, as getSelectProps makes it. */
function selectDefaultValue(initialValue: unknown): string | string[] | undefined {
  return Array.isArray(initialValue) ? initialValue.map((item) => `${(item as unknown) ?? ''}`) : (initialValue as { toString(): string } | null | undefined)?.toString()
}

type InputProps = ControlProps & {
  type: string
  minLength?: number
  maxLength?: number
  min?: string | number
  max?: string | number
  step?: string | number
  pattern?: string
  multiple?: boolean
  accept?: string
  value?: string
  defaultChecked?: boolean
  defaultValue?: string
}

export function selectProps(field: Field, constraint: FormConstraint) {
  return selectPropsAndErrors(field, constraint).props
}

function selectPropsAndErrors(field: Field | undefined, constraint: FormConstraint, known?: Known, snapshot?: FormSnapshot) {
  const { props, rules, errors } = controlProps(field, constraint, known, snapshot)
  put(props, 'multiple', rules?.multiple)
  put(props, 'defaultValue', selectDefaultValue(initialValueOf(field, props.name as string, snapshot)))
  return { errors, props: props as ControlProps & { multiple?: boolean; defaultValue?: string | string[] } }
}

/**
 * The props of a form's fields by name, for the form's field components (Field, SelectField,
 * GroupedSelectField, CheckboxField), which take the errors as a prop of their own: each with its
 * `errors`. Per field only `errors` and `initialValue` are read — the reads that subscribe the form to
 * that field's state —, the name is the field's key and the form's id is read once: reading each
 * field's `id` only set the same subscription (the form id) again. Each read of a conform field builds
 * its metadata anew (issue 19, session 16). Not for a plain `<input>` or `<select>`: it would get an
 * `errors` attribute.
 */
export function fieldsProps<Name extends string>(fields: Record<Name, Field>, constraint: FormConstraint, snapshot?: FormSnapshot) {
  return new FieldsProps(fields, constraint, snapshot)
}

// A class, so that its methods are module-level functions: the closures of an object literal made per
// render lose V8's optimised code at each full collection and are compiled again (decision 137).
class FieldsProps<Name extends string> {
  private formId: string | undefined
  /**
   * @param snapshot the form's values and errors read at once (serverSnapshot, decision 152): given,
   *   no field is read but one for the form's id; left out, each field's own `errors` and `initialValue`.
   */
  constructor(
    private readonly fields: Record<Name, Field>,
    private readonly constraint: FormConstraint,
    private readonly snapshot?: FormSnapshot,
  ) {}
  private known(name: Name): Known {
    return { name, formId: (this.formId ??= this.fields[name].formId) }
  }
  private field(name: Name) {
    return this.snapshot ? undefined : this.fields[name]
  }
  /** `${formId}-${name}`, as conform makes a field's id (the form's id read once). */
  id(name: Name) {
    return `${this.known(name).formId}-${name}`
  }
  /** The field's `initialValue`. */
  initialValue(name: Name) {
    return initialValueOf(this.field(name), name, this.snapshot)
  }
  /** The field's `errors`. */
  errors(name: Name) {
    return errorsOf(this.field(name), name, this.snapshot)
  }
  input(name: Name, options: InputPropsOptions) {
    const { props, errors } = inputPropsAndErrors(this.field(name), this.constraint, options, this.known(name), this.snapshot)
    return { ...props, errors }
  }
  select(name: Name) {
    const { props, errors } = selectPropsAndErrors(this.field(name), this.constraint, this.known(name), this.snapshot)
    return { ...props, errors }
  }
  /**
   * The value props alone of `input(name, options)` (`value`, `defaultChecked`, `defaultValue`, where it has them):
   * for a kept template's holes, which need the value and not the other props (decision 253).
   */
  inputValue(name: Name, options: InputPropsOptions): { value?: string; defaultChecked?: boolean; defaultValue?: string } {
    const props: Record<string, unknown> = {}
    if (options.value === undefined || options.value) putInputValue(props, options, this.initialValue(name))
    return props
  }
  /** The value prop alone of `select(name)` (`defaultValue`), as `inputValue`. */
  selectValue(name: Name): { defaultValue?: string | string[] } {
    return { defaultValue: selectDefaultValue(this.initialValue(name)) }
  }
  /** textareaProps' props with the field's `errors`, for TextareaField. */
  textarea(name: Name) {
    const field = this.field(name)
    const { props, rules, errors } = controlProps(field, this.constraint, this.known(name), this.snapshot)
    put(props, 'minLength', rules?.minLength)
    put(props, 'maxLength', rules?.maxLength)
    put(props, 'defaultValue', (initialValueOf(field, name, this.snapshot) as { toString(): string } | null | undefined)?.toString())
    return { ...(props as ControlProps & { minLength?: number; maxLength?: number; defaultValue?: string }), errors }
  }
}

export function textareaProps(field: Field, constraint: FormConstraint) {
  const { props, rules } = controlProps(field, constraint)
  put(props, 'minLength', rules?.minLength)
  put(props, 'maxLength', rules?.maxLength)
  put(props, 'defaultValue', (field.initialValue as { toString(): string } | null | undefined)?.toString())
  return props as ControlProps & { minLength?: number; maxLength?: number; defaultValue?: string }
}
