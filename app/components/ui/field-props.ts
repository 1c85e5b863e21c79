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
import { type FieldMetadata } from '@conform-to/react'
import { type FormConstraint } from '#app/forms/constraint.ts'

type Field = FieldMetadata<unknown>
/** A field's name (its key in the form's fields) and the form's id, known without reading the field. */
type Known = { name: string; formId: string }

/** required, id, name, form and the aria attributes of a field with errors (conform's getFormControlProps). */
function controlProps(field: Field, constraint: FormConstraint, known?: Known) {
  // Each property read of a conform field costs a new metadata Proxy (and, for id, errors and
  // initialValue, a copy of the form's subscription list): the name, the id and the errors are read
  // once, and the form's id and the error id derived as conform makes them (`${formId}-${name}`,
  // `${id}-error`). Reading `id` subscribes to the form id as reading `formId` did, so the
  // component re-renders exactly as before (issue 19, session 13). With the name and the form's id
  // known (fieldsProps) neither is read.
  const name = known ? known.name : field.name
  const id = known ? `${known.formId}-${name}` : field.id
  const rules = constraint[name]
  const props: Record<string, unknown> = {}
  if (rules?.required) props.required = true
  props.id = id
  props.name = name
  props.form = known ? known.formId : id.slice(0, id.length - name.length - 1)
  const errors = field.errors
  if (errors !== undefined) {
    props['aria-invalid'] = true
    props['aria-describedby'] = `${id}-error`
  }
  return { props, rules, errors }
}

type ControlProps = { id: string; name: string; form: string; required?: boolean; 'aria-invalid'?: boolean; 'aria-describedby'?: string }

/** Leaves out the keys whose value is undefined, as conform's props have none. */
function defined<T extends Record<string, unknown>>(props: T): T {
  for (const key in props) if (props[key] === undefined) delete props[key]
  return props
}

export type InputPropsOptions = { type: string; value?: string | boolean }

export function inputProps(field: Field, constraint: FormConstraint, options: InputPropsOptions) {
  return inputPropsAndErrors(field, constraint, options).props
}

function inputPropsAndErrors(field: Field, constraint: FormConstraint, options: InputPropsOptions, known?: Known) {
  const { props, rules, errors } = controlProps(field, constraint, known)
  props.type = options.type
  props.minLength = rules?.minLength
  props.maxLength = rules?.maxLength
  props.min = rules?.min
  props.max = rules?.max
  props.step = rules?.step
  props.pattern = rules?.pattern
  props.multiple = rules?.multiple
  props.accept = rules?.accept
  if (options.value === undefined || options.value) {
    const initialValue = field.initialValue
    if (options.type === 'checkbox' || options.type === 'radio') {
      props.value = typeof options.value === 'string' ? options.value : 'on'
      props.defaultChecked = Array.isArray(initialValue) ? initialValue.includes(options.value) : initialValue === props.value
    } else if (typeof initialValue === 'string') {
      props.defaultValue = initialValue
    }
  }
  return { errors, props: defined(props) as InputProps }
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

function selectPropsAndErrors(field: Field, constraint: FormConstraint, known?: Known) {
  const { props, rules, errors } = controlProps(field, constraint, known)
  props.multiple = rules?.multiple
  const initialValue = field.initialValue as unknown
  props.defaultValue = Array.isArray(initialValue)
    ? initialValue.map((item) => `${(item as unknown) ?? ''}`)
    : (initialValue as { toString(): string } | null | undefined)?.toString()
  return { errors, props: defined(props) as ControlProps & { multiple?: boolean; defaultValue?: string | string[] } }
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
export function fieldsProps<Name extends string>(fields: Record<Name, Field>, constraint: FormConstraint) {
  return new FieldsProps(fields, constraint)
}

// A class, so that its methods are module-level functions: the closures of an object literal made per
// render lose V8's optimised code at each full collection and are compiled again (decision 137).
class FieldsProps<Name extends string> {
  private formId: string | undefined
  constructor(
    private readonly fields: Record<Name, Field>,
    private readonly constraint: FormConstraint,
  ) {}
  private known(name: Name): Known {
    return { name, formId: (this.formId ??= this.fields[name].formId) }
  }
  /** `${formId}-${name}`, as conform makes a field's id (the form's id read once). */
  id(name: Name) {
    return `${this.known(name).formId}-${name}`
  }
  input(name: Name, options: InputPropsOptions) {
    const { props, errors } = inputPropsAndErrors(this.fields[name], this.constraint, options, this.known(name))
    return { ...props, errors }
  }
  select(name: Name) {
    const { props, errors } = selectPropsAndErrors(this.fields[name], this.constraint, this.known(name))
    return { ...props, errors }
  }
}

export function textareaProps(field: Field, constraint: FormConstraint) {
  const { props, rules } = controlProps(field, constraint)
  props.minLength = rules?.minLength
  props.maxLength = rules?.maxLength
  props.defaultValue = (field.initialValue as { toString(): string } | null | undefined)?.toString()
  return defined(props) as ControlProps & { minLength?: number; maxLength?: number; defaultValue?: string }
}
