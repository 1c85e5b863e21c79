// Choosing several entries of a long list (issue 16, decision 042). Without JavaScript a native
// <select multiple> posts the chosen values, the likely ones in the first option groups. With
// JavaScript it becomes a combobox with a listbox popup (WAI-ARIA Authoring Practices, "editable
// combobox with list autocomplete"): typing filters, the arrow keys move, Enter chooses or
// un-chooses, Escape closes; the chosen entries are buttons that remove themselves, posted as hidden
// inputs under the same name. A polite live region says how many entries match and what changed.
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode, type RefObject } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorList, type ListOfErrors } from './field.tsx'
import { MarkupSelect } from './markup-select.tsx'
import { groupedOptionsHtml, selectMarkup } from './option-list.ts'
import { type Option } from '#app/utils/options.ts'

export type MultiSelectGroup = { label: string; options: readonly Option[] }

type Props = {
  label: string
  hint?: ReactNode
  name: string
  groups: MultiSelectGroup[]
  defaultValue?: readonly string[]
  errors?: ListOfErrors
  /** further words an entry is found by besides its label and value (a language's name in the other UI language) */
  keywords?: (option: Option) => readonly string[]
  id?: string
}

/** Lower case without diacritics: "Türkisch" is found by "turk", "Persisch" by "PERS". */
export function searchForm(text: string) {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().trim()
}

/**
 * The entries matching a query, in list order within three ranks: the label or a keyword starts
 * with the query or the value equals it; a word of them starts with it; it occurs anywhere.
 */
export function filterOptions(options: readonly Option[], query: string, keywords: Props['keywords'] = () => []): Option[] {
  const wanted = searchForm(query)
  if (!wanted) return [...options]
  const ranked: Option[][] = [[], [], []]
  for (const option of options) {
    const texts = [option.label, ...keywords(option)].map(searchForm)
    if (searchForm(option.value) === wanted || texts.some((text) => text.startsWith(wanted))) ranked[0]!.push(option)
    else if (texts.some((text) => text.split(/[\s(),-]+/).some((word) => word.startsWith(wanted)))) ranked[1]!.push(option)
    else if (texts.some((text) => text.includes(wanted))) ranked[2]!.push(option)
  }
  return ranked.flat()
}

export function MultiSelectField(props: Props) {
  // The server renders the native control; the browser swaps in the combobox once React runs,
  // taking over what was chosen in the native control meanwhile.
  const native = useRef<HTMLSelectElement>(null)
  const [enhanced, setEnhanced] = useState<readonly string[] | null>(null)
  useEffect(() => setEnhanced(native.current ? [...native.current.selectedOptions].map((option) => option.value) : []), [])
  return enhanced ? <Combobox {...props} defaultValue={enhanced} /> : <NativeMultiSelect {...props} selectRef={native} />
}

function describedBy(...ids: Array<string | false | undefined>) {
  return ids.filter(Boolean).join(' ') || undefined
}

function NativeMultiSelect({ label, hint, name, groups, defaultValue = [], errors, id: givenId, selectRef }: Props & { selectRef: RefObject<HTMLSelectElement> }) {
  const { t } = useTranslation()
  const fallbackId = useId()
  const id = givenId ?? fallbackId
  const hasErrors = Boolean(errors?.some(Boolean))
  return (
    <div className="field multi-select">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      <p id={`${id}-how`} className="field-hint">
        {t('multiSelect.howWithoutScript')}
      </p>
      <MarkupSelect
        selectRef={selectRef}
        id={id}
        name={name}
        multiple
        size={8}
        aria-invalid={hasErrors ? true : undefined}
        aria-describedby={describedBy(hint ? `${id}-hint` : undefined, `${id}-how`, hasErrors && `${id}-error`)}
        html={selectMarkup('', groupedOptionsHtml(undefined, groups), [...defaultValue], groups[groups.length - 1]?.options ?? groups)}
      />
      <ErrorList id={`${id}-error`} errors={errors} />
    </div>
  )
}

function Combobox({ label, hint, name, groups, defaultValue = [], errors, keywords, id: givenId }: Props) {
  const { t } = useTranslation()
  const fallbackId = useId()
  const id = givenId ?? fallbackId
  const listId = `${id}-listbox`
  const hasErrors = Boolean(errors?.some(Boolean))
  const inputRef = useRef<HTMLInputElement>(null)
  const [chosen, setChosen] = useState<string[]>(() => [...new Set(defaultValue)])
  const [query, setQuery] = useState('')
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(-1)
  const [announcement, setAnnouncement] = useState('')

  const options = useMemo(() => groups.flatMap((group) => group.options), [groups])
  const labels = useMemo(() => new Map(options.map((option) => [option.value, option.label])), [options])
  const matches = useMemo(() => filterOptions(options, query, keywords), [options, query, keywords])
  const optionId = (index: number) => `${id}-option-${index}`

  useEffect(() => {
    if (open && active >= 0) document.getElementById(`${id}-option-${active}`)?.scrollIntoView({ block: 'nearest' })
  }, [id, open, active])

  const labelOf = (value: string) => labels.get(value) ?? value

  function toggle(option: Option) {
    const isChosen = chosen.includes(option.value)
    setChosen(isChosen ? chosen.filter((value) => value !== option.value) : [...chosen, option.value])
    setAnnouncement(t(isChosen ? 'multiSelect.removed' : 'multiSelect.added', { name: option.label }))
    setQuery('')
    setOpen(false)
    setActive(-1)
  }

  function remove(value: string) {
    setChosen(chosen.filter((item) => item !== value))
    setAnnouncement(t('multiSelect.removed', { name: labelOf(value) }))
    inputRef.current?.focus()
  }

  function onType(text: string) {
    setQuery(text)
    setOpen(true)
    setActive(-1)
    const count = filterOptions(options, text, keywords).length
    setAnnouncement(text.trim() ? t('multiSelect.matches', { count }) : '')
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault()
        if (!open) {
          setOpen(true)
          setActive(matches.length > 0 ? 0 : -1)
        } else setActive(Math.min(matches.length - 1, active + 1))
        break
      case 'ArrowUp':
        event.preventDefault()
        if (open) setActive(Math.max(0, active - 1))
        break
      case 'Enter': {
        // Enter in the search never submits the form by accident while a choice is being made.
        if (!open && !query) break
        event.preventDefault()
        const option = active >= 0 ? matches[active] : matches.length === 1 ? matches[0] : undefined
        if (option) toggle(option)
        break
      }
      case 'Escape':
        if (open) {
          event.preventDefault()
          setOpen(false)
          setActive(-1)
        } else if (query) {
          event.preventDefault()
          setQuery('')
          setAnnouncement('')
        }
        break
    }
  }

  return (
    <div className="field multi-select">
      <label id={`${id}-label`} htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      <p id={`${id}-how`} className="field-hint">
        {t('multiSelect.howWithScript')}
      </p>
      {chosen.length > 0 ? (
        <ul className="chip-list" aria-label={t('multiSelect.chosen', { label })}>
          {chosen.map((value) => (
            <li key={value}>
              <button type="button" className="chip" aria-label={t('multiSelect.remove', { name: labelOf(value) })} onClick={() => remove(value)}>
                {labelOf(value)} <span aria-hidden="true">×</span>
              </button>
              <input type="hidden" name={name} value={value} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="field-hint">{t('multiSelect.noneChosen')}</p>
      )}
      <div className="combobox">
        <input
          ref={inputRef}
          id={id}
          type="text"
          role="combobox"
          autoComplete="off"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-activedescendant={open && active >= 0 ? optionId(active) : undefined}
          aria-invalid={hasErrors ? true : undefined}
          aria-describedby={describedBy(hint ? `${id}-hint` : undefined, `${id}-how`, hasErrors && `${id}-error`)}
          value={query}
          onChange={(event) => onType(event.target.value)}
          onKeyDown={onKeyDown}
          onClick={() => setOpen(true)}
          onBlur={() => {
            setOpen(false)
            setActive(-1)
          }}
        />
        <ul
          id={listId}
          role="listbox"
          aria-labelledby={`${id}-label`}
          aria-multiselectable="true"
          className="combobox-listbox"
          hidden={!open || matches.length === 0}
          // The input keeps the focus while an option is clicked.
          onMouseDown={(event) => event.preventDefault()}
        >
          {open
            ? matches.map((option, index) => (
                // Options never take the focus: the keys reach them through the input (aria-activedescendant).
                // eslint-disable-next-line jsx-a11y/click-events-have-key-events
                <li
                  key={option.value}
                  id={optionId(index)}
                  role="option"
                  aria-selected={chosen.includes(option.value)}
                  className={index === active ? 'is-active' : undefined}
                  onClick={() => toggle(option)}
                >
                  {option.label}
                </li>
              ))
            : null}
        </ul>
        {open && matches.length === 0 ? <p className="field-hint">{t('multiSelect.noMatches')}</p> : null}
      </div>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      <ErrorList id={`${id}-error`} errors={errors} />
    </div>
  )
}
