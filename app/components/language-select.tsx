import { useId, type ReactNode, type SelectHTMLAttributes } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorList, type ListOfErrors } from './ui/field.tsx'
import { escapeHtml, markSelected, optionsHtml, selectedValues } from './ui/option-list.ts'
import { type Option } from '#app/utils/options.ts'

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
      {/* Pre-built option markup (option-list.ts): the full list has ≈640 languages. */}
      <select
        {...props}
        id={id}
        aria-invalid={hasErrors ? true : undefined}
        aria-describedby={describedBy}
        dangerouslySetInnerHTML={{
          __html: markSelected(
            `<option value="">${escapeHtml(placeholder)}</option>` +
              `<optgroup label="${escapeHtml(t('languageGroups.common'))}">${optionsHtml(choices.common)}</optgroup>` +
              `<optgroup label="${escapeHtml(t('languageGroups.all'))}">${optionsHtml(choices.all)}</optgroup>`,
            selectedValues(props.value ?? props.defaultValue),
          ),
        }}
      />
      <ErrorList id={`${id}-error`} errors={errors} />
    </div>
  )
}
