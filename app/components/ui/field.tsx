import { forwardRef, useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react'
import { useTranslation } from 'react-i18next'
import { escapeHtml, LONG_OPTION_LIST, markSelected, optionsHtml, selectedValues } from './option-list.ts'

export type ListOfErrors = Array<string | null | undefined> | null | undefined

/** Errors are message keys (namespace:key) or plain text; they are translated here. */
export function ErrorList({ id, errors }: { id?: string; errors?: ListOfErrors }) {
  const { t } = useTranslation()
  const messages = errors?.filter(Boolean) as string[] | undefined
  if (!messages?.length) return null
  return (
    <ul id={id} className="field-errors">
      {messages.map((message) => (
        <li key={message}>{t(message, { defaultValue: message })}</li>
      ))}
    </ul>
  )
}

type FieldShellProps = {
  label: ReactNode
  hint?: ReactNode
  errors?: ListOfErrors
  id?: string
  className?: string
  children: (props: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode
}

function FieldShell({ label, hint, errors, id: givenId, className, children }: FieldShellProps) {
  const fallbackId = useId()
  const id = givenId ?? fallbackId
  const errorId = `${id}-error`
  const hintId = `${id}-hint`
  const hasErrors = Boolean(errors?.some(Boolean))
  const describedBy = [hint ? hintId : null, hasErrors ? errorId : null].filter(Boolean).join(' ') || undefined
  return (
    <div className={['field', className].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      {children({ id, 'aria-invalid': hasErrors ? true : undefined, 'aria-describedby': describedBy })}
      <ErrorList id={errorId} errors={errors} />
    </div>
  )
}

type Common = { label: ReactNode; hint?: ReactNode; errors?: ListOfErrors; className?: string }

export const Field = forwardRef<HTMLInputElement, Common & InputHTMLAttributes<HTMLInputElement>>(function Field(
  { label, hint, errors, className, ...inputProps },
  ref,
) {
  return (
    <FieldShell label={label} hint={hint} errors={errors} id={inputProps.id} className={className}>
      {(a11y) => <input ref={ref} {...inputProps} {...a11y} />}
    </FieldShell>
  )
})

export function TextareaField({ label, hint, errors, className, ...props }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <FieldShell label={label} hint={hint} errors={errors} id={props.id} className={className}>
      {(a11y) => <textarea {...props} {...a11y} />}
    </FieldShell>
  )
}

export type Option = { value: string; label: string; disabled?: boolean }

export function SelectField({
  label,
  hint,
  errors,
  className,
  options,
  placeholder,
  ...props
}: Common & SelectHTMLAttributes<HTMLSelectElement> & { options: Option[]; placeholder?: string }) {
  return (
    <FieldShell label={label} hint={hint} errors={errors} id={props.id} className={className}>
      {(a11y) => (
        options.length >= LONG_OPTION_LIST ? (
          <select
            {...props}
            {...a11y}
            dangerouslySetInnerHTML={{
              __html: markSelected(
                (placeholder !== undefined ? `<option value="">${escapeHtml(placeholder)}</option>` : '') + optionsHtml(options),
                selectedValues(props.value ?? props.defaultValue),
              ),
            }}
          />
        ) : (
          <select {...props} {...a11y}>
            {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
            {options.map((option) => (
              <option key={option.value} value={option.value} disabled={option.disabled}>
                {option.label}
              </option>
            ))}
          </select>
        )
      )}
    </FieldShell>
  )
}

export function CheckboxField({
  label,
  hint,
  errors,
  className,
  ...props
}: { label: ReactNode; hint?: ReactNode; errors?: ListOfErrors; className?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const fallbackId = useId()
  const id = props.id ?? fallbackId
  const hasErrors = Boolean(errors?.some(Boolean))
  const describedBy = [hint ? `${id}-hint` : null, hasErrors ? `${id}-error` : null].filter(Boolean).join(' ') || undefined
  return (
    <div className={['field field-checkbox', className].filter(Boolean).join(' ')}>
      <input type="checkbox" {...props} id={id} aria-invalid={hasErrors ? true : undefined} aria-describedby={describedBy} />
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      <ErrorList id={`${id}-error`} errors={errors} />
    </div>
  )
}

/**
 * A group of checkboxes in a fieldset: keyboard-friendly multi-select (Tab into the group, Space
 * toggles), works without JavaScript, each box posts `name=value`.
 */
export function CheckboxGroup({
  legend,
  name,
  options,
  defaultValue,
  errors,
  hint,
  className,
}: {
  legend: ReactNode
  name: string
  options: Option[]
  defaultValue?: string[]
  errors?: ListOfErrors
  hint?: ReactNode
  className?: string
}) {
  const groupId = useId()
  const hasErrors = Boolean(errors?.some(Boolean))
  const selected = new Set(defaultValue ?? [])
  return (
    <fieldset
      className={['field checkbox-group', className].filter(Boolean).join(' ')}
      aria-describedby={[hint ? `${groupId}-hint` : null, hasErrors ? `${groupId}-error` : null].filter(Boolean).join(' ') || undefined}
    >
      <legend>{legend}</legend>
      {hint ? (
        <p id={`${groupId}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      <div className="checkbox-options">
        {options.map((option) => (
          <label key={option.value} className="checkbox-option">
            <input type="checkbox" name={name} value={option.value} defaultChecked={selected.has(option.value)} disabled={option.disabled} />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
      <ErrorList id={`${groupId}-error`} errors={errors} />
    </fieldset>
  )
}

export function FormErrorSummary({ errors }: { errors?: ListOfErrors }) {
  const { t } = useTranslation()
  const messages = errors?.filter(Boolean) as string[] | undefined
  if (!messages?.length) return null
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
