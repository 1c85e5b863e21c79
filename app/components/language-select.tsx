import { useId, type ReactNode, type SelectHTMLAttributes } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorList, type ListOfErrors, type Option } from './ui/field.tsx'

export type LanguageChoices = { common: Option[]; all: Option[] }

/**
 * A language picker: the languages counsellors use most in one group first, then every language
 * by name. A native select, so typing the first letters jumps there with or without JavaScript.
 */
export function LanguageSelectField({
  label,
  hint,
  errors,
  choices,
  placeholder,
  ...props
}: {
  label: ReactNode
  hint?: ReactNode
  errors?: ListOfErrors
  choices: LanguageChoices
  placeholder: string
} & SelectHTMLAttributes<HTMLSelectElement>) {
  const { t } = useTranslation()
  const fallbackId = useId()
  const id = props.id ?? fallbackId
  const hasErrors = Boolean(errors?.some(Boolean))
  const describedBy =
    [hint ? `${id}-hint` : null, hasErrors ? `${id}-error` : null].filter(Boolean).join(' ') || undefined
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      <select {...props} id={id} aria-invalid={hasErrors ? true : undefined} aria-describedby={describedBy}>
        <option value="">{placeholder}</option>
        <optgroup label={t('languageGroups.common')}>
          {choices.common.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </optgroup>
        <optgroup label={t('languageGroups.all')}>
          {choices.all.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </optgroup>
      </select>
      <ErrorList id={`${id}-error`} errors={errors} />
    </div>
  )
}
