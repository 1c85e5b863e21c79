import { useMemo, type ComponentProps } from 'react'
import { useTranslation } from 'react-i18next'
import { GroupedSelectField } from './ui/field.tsx'
import { MultiSelectField } from './ui/multi-select.tsx'
import { languageGroupOptions, localLanguageName, type LanguageChoiceGroups } from '#app/utils/iso.ts'
import { listOf, optionsOf, unpackOptions, type Option, type PackedOptions } from '#app/utils/options.ts'

/**
 * A language picker's choices in loader data: the common languages, and every language packed
 * (options.ts). A document's loader data may leave `all` out (decision 101), and `common` with it (decision
 * 188): the page reads them back from the select's markup while it hydrates (`listOf`, `optionsOf`: the last
 * and the first option group), so the select needs its `id`.
 */
export type LanguageChoices = { common: readonly Option[]; all: PackedOptions }

/**
 * A language picker: the languages counsellors use most in one group first, then every language
 * by name. A native select, so typing the first letters jumps there with or without JavaScript;
 * the full list (≈640 languages) comes packed in the loader data and is pre-built markup (option-list.ts).
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
        { label: t('languageGroups.common'), options: optionsOf(choices, 'common', props.id ?? '', 0) },
        { label: t('languageGroups.all'), options: unpackOptions(listOf(choices, 'all', props.id ?? '')) },
      ]}
    />
  )
}

/** A language is found by its German and English name and its code, whatever the UI language. */
function languageKeywords(option: Option) {
  return [localLanguageName(option.value, 'de'), localLanguageName(option.value, 'en')].filter((name): name is string => Boolean(name))
}

/**
 * The choice of several languages (a client's, a staff member's, a partner's): the organisation's
 * most frequent first (models/language-choices.server.ts), searchable with JavaScript, a plain
 * select multiple without (decision 042). The codes post under `name`; LanguagesSchema checks them.
 */
export function LanguagesField({
  choices,
  ...props
}: Omit<ComponentProps<typeof MultiSelectField>, 'groups' | 'keywords'> & { choices: LanguageChoiceGroups }) {
  const { t } = useTranslation()
  const groups = useMemo(() => languageGroupOptions(choices).map((group) => ({ label: t(`languageGroups.${group.key}`), options: group.options })), [choices, t])
  return <MultiSelectField {...props} groups={groups} keywords={languageKeywords} />
}
