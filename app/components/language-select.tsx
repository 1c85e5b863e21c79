import { type ComponentProps } from 'react'
import { useTranslation } from 'react-i18next'
import { GroupedSelectField } from './ui/field.tsx'
import { type Option } from '#app/utils/options.ts'

export type LanguageChoices = { common: Option[]; all: Option[] }

/**
 * A language picker: the languages counsellors use most in one group first, then every language
 * by name. A native select, so typing the first letters jumps there with or without JavaScript;
 * the full list (≈640 languages) is pre-built markup (option-list.ts).
 */
export function LanguageSelectField({
  choices,
  placeholder,
  ...props
}: Omit<ComponentProps<typeof GroupedSelectField>, 'groups'> & { choices: LanguageChoices; placeholder: string }) {
  const { t } = useTranslation()
  return (
    <GroupedSelectField
      {...props}
      placeholder={placeholder}
      groups={[
        { label: t('languageGroups.common'), options: choices.common },
        { label: t('languageGroups.all'), options: choices.all },
      ]}
    />
  )
}
