// The field components write their wrapper (label, hint, control, errors) through a function instead of the
// former `FieldShell` component with the control as a render prop, and the error list only when there are
// errors (issue 19, session 27). The markup must be byte for byte what the former components wrote — through
// renderToStaticMarkup and React's Node stream renderer, which the server uses — with and without a given id
// (the ids of `useId` included: the hook moved from the shell to the field), hint, errors and class, for every
// field component and every kind of select. The former components are kept here as they were.
import { forwardRef, useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { I18nextProvider, useTranslation } from 'react-i18next'
import { describe, expect, test } from 'vitest'
import { createI18nInstance } from '#app/utils/i18n.server.ts'
import { type Option } from '#app/utils/options.ts'
import { streamed } from '#tests/render-stream.ts'
import { CheckboxField, ErrorList, Field, FormErrorSummary, GroupedSelectField, SelectField, TextareaField, type ListOfErrors, type OptionGroup } from './field.tsx'
import { MarkupSelect } from './markup-select.tsx'
import { escapeHtml, groupedOptionsHtml, LONG_OPTION_LIST, optionsHtml, selectedValues, selectMarkup, shortOptionsHtml } from './option-list.ts'

type Common = { label: ReactNode; hint?: ReactNode; errors?: ListOfErrors; className?: string }
type ShellProps = Common & { id?: string; children: (props: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode }

function FormerShell({ label, hint, errors, id: givenId, className, children }: ShellProps) {
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

const FormerField = forwardRef<HTMLInputElement, Common & InputHTMLAttributes<HTMLInputElement>>(function FormerField(
  { label, hint, errors, className, ...inputProps },
  ref,
) {
  return (
    <FormerShell label={label} hint={hint} errors={errors} id={inputProps.id} className={className}>
      {(a11y) => <input ref={ref} {...inputProps} {...a11y} />}
    </FormerShell>
  )
})

function FormerTextareaField({ label, hint, errors, className, ...props }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <FormerShell label={label} hint={hint} errors={errors} id={props.id} className={className}>
      {(a11y) => <textarea {...props} {...a11y} />}
    </FormerShell>
  )
}

function optionElement(option: Option) {
  return (
    <option key={option.value} value={option.value} disabled={option.disabled}>
      {option.label}
    </option>
  )
}

function FormerSelectField({
  label,
  hint,
  errors,
  className,
  options,
  placeholder,
  prebuilt = false,
  ...props
}: Common & SelectHTMLAttributes<HTMLSelectElement> & { options: readonly Option[]; placeholder?: string; prebuilt?: boolean }) {
  return (
    <FormerShell label={label} hint={hint} errors={errors} id={props.id} className={className}>
      {(a11y) =>
        options.length >= LONG_OPTION_LIST ? (
          <MarkupSelect
            {...props}
            {...a11y}
            html={selectMarkup(
              placeholder !== undefined ? `<option value="">${escapeHtml(placeholder)}</option>` : '',
              optionsHtml(options),
              selectedValues(props.value ?? props.defaultValue),
              options,
            )}
          />
        ) : prebuilt ? (
          <MarkupSelect {...props} {...a11y} html={shortOptionsHtml(placeholder, options, selectedValues(props.value ?? props.defaultValue))} />
        ) : (
          <select {...props} {...a11y}>
            {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
            {options.map(optionElement)}
          </select>
        )
      }
    </FormerShell>
  )
}

function FormerGroupedSelectField({
  label,
  hint,
  errors,
  className,
  groups,
  placeholder,
  ...props
}: Common & SelectHTMLAttributes<HTMLSelectElement> & { groups: OptionGroup[]; placeholder?: string }) {
  const long = groups.reduce((total, group) => total + group.options.length, 0) >= LONG_OPTION_LIST
  return (
    <FormerShell label={label} hint={hint} errors={errors} id={props.id} className={className}>
      {(a11y) =>
        long ? (
          <MarkupSelect
            {...props}
            {...a11y}
            html={selectMarkup('', groupedOptionsHtml(placeholder, groups), selectedValues(props.value ?? props.defaultValue), groups[groups.length - 1]!.options)}
          />
        ) : (
          <select {...props} {...a11y}>
            {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
            {groups.map((group) => (
              <optgroup key={group.label} label={group.label}>
                {group.options.map(optionElement)}
              </optgroup>
            ))}
          </select>
        )
      }
    </FormerShell>
  )
}

function FormerCheckboxField({ label, hint, errors, className, ...props }: Common & InputHTMLAttributes<HTMLInputElement>) {
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

function FormerFormErrorSummary({ errors }: { errors?: ListOfErrors }) {
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

const SHORT: Option[] = [
  { value: 'A', label: 'Erste <Wahl> & "mehr"' },
  { value: 'B', label: 'Zweite', disabled: true },
  { value: 'C', label: 'Dritte – ü ß 🙂' },
]
const LONG: Option[] = Array.from({ length: LONG_OPTION_LIST + 3 }, (_, index) => ({ value: `v${index}`, label: `Eintrag ${index} <${index}>` }))
const GROUPS: OptionGroup[] = [
  { label: 'Häufig', options: SHORT.slice(0, 2) },
  { label: 'Alle', options: SHORT },
]
const LONG_GROUPS: OptionGroup[] = [
  { label: 'Häufig', options: LONG.slice(0, 2) },
  { label: 'Alle', options: LONG },
]

// What a field is given besides its kind: the ways its wrapper differs. Errors that show nothing (empty, only
// empty messages) must write what no errors write; conform's own aria attributes (given when the field has
// errors) are overwritten by the wrapper's, as the render prop's spread did.
type Variant = Omit<Common, 'label'> & {
  id?: string
  required?: boolean
  name?: string
  form?: string
  defaultValue?: string
  value?: string
  onChange?: () => void
  'aria-invalid'?: boolean
  'aria-describedby'?: string
}

const VARIANTS: Variant[] = [
  {},
  { id: 'f-x' },
  { id: 'f-x', hint: 'Ein Hinweis' },
  { id: 'f-x', hint: <span className="conflict-hint">Jetzt: „B“</span> },
  { id: 'f-x', errors: [] },
  { id: 'f-x', errors: [null, undefined, ''] },
  { id: 'f-x', errors: ['cases:errors.language'], 'aria-invalid': true, 'aria-describedby': 'f-x-error' },
  { id: 'f-x', hint: 'Hinweis', errors: ['common:form.optional', 'Eigener Text <b>'], className: 'wide' },
  { hint: 'Hinweis ohne id', errors: ['x'] },
  { id: 'f-x', className: '' },
  { id: 'f-x', required: true, name: 'x', form: 'f', defaultValue: 'B' },
  { id: 'f-x', name: 'x', value: 'C', onChange: () => {} },
]

function fields(former: boolean, variant: Variant) {
  const F = former ? FormerField : Field
  const T = former ? FormerTextareaField : TextareaField
  const S = former ? FormerSelectField : SelectField
  const G = former ? FormerGroupedSelectField : GroupedSelectField
  const C = former ? FormerCheckboxField : CheckboxField
  const at = (suffix: string) => (variant.id !== undefined ? { id: `${variant.id}-${suffix}` } : {})
  return (
    <form>
      <p id="before" />
      <F label="Geburtsjahr" {...variant} {...at('input')} type="text" inputMode="numeric" />
      <T label="Notiz" {...variant} {...at('textarea')} />
      <S label="Kurz" {...variant} {...at('short')} options={SHORT} placeholder="Bitte wählen" />
      <S label="Kurz, eine Zeichenkette" {...variant} {...at('prebuilt')} options={SHORT} placeholder="Bitte wählen" prebuilt />
      <S label="Kurz ohne leere Wahl" {...variant} {...at('plain')} options={SHORT} prebuilt />
      <S label="Lang" {...variant} {...at('long')} options={LONG} placeholder="Nicht angegeben" />
      <G label="Gruppen" {...variant} {...at('grouped')} groups={GROUPS} placeholder="Nicht angegeben" />
      <G label="Lange Gruppen" {...variant} {...at('grouped-long')} groups={LONG_GROUPS} placeholder="Nicht angegeben" />
      <C label="Geteilt" {...variant} {...at('checkbox')} defaultChecked />
      <div>
        <F label="Zweites Feld ohne id" />
        <S label="Zweite Auswahl ohne id" options={SHORT} />
      </div>
    </form>
  )
}

describe('the field wrapper', () => {
  for (const language of ['de', 'en'] as const) {
    test(`writes what FieldShell wrote, for every field and select (${language})`, async () => {
      const i18n = await createI18nInstance(language)
      for (const variant of VARIANTS) {
        const now = <I18nextProvider i18n={i18n}>{fields(false, variant)}</I18nextProvider>
        const before = <I18nextProvider i18n={i18n}>{fields(true, variant)}</I18nextProvider>
        const described = JSON.stringify(variant)
        const html = renderToStaticMarkup(now)
        expect(html, described).toBe(renderToStaticMarkup(before))
        expect((await streamed(now)).equals(await streamed(before)), described).toBe(true)
        if (variant.errors?.some(Boolean)) expect(html).toContain('class="field-errors"')
        else expect(html).not.toContain('field-errors')
      }
    })
  }

  test('the ids of useId are the former ones where no id is given, and the control names its hint and errors', async () => {
    const i18n = await createI18nInstance('de')
    const html = renderToStaticMarkup(<I18nextProvider i18n={i18n}>{fields(false, { hint: 'Hinweis', errors: ['x'] })}</I18nextProvider>)
    const ids = [...html.matchAll(/<label for="([^"]+)">/g)].map((match) => match[1]!)
    expect(ids).toHaveLength(11)
    expect(new Set(ids).size).toBe(11)
    const [first] = ids
    expect(first).toMatch(/^:R[0-9a-z]+:$/)
    expect(html).toContain(`<label for="${first}">Geburtsjahr</label><p id="${first}-hint" class="field-hint">Hinweis</p>`)
    expect(html).toContain(
      `<input type="text" inputMode="numeric" id="${first}" aria-invalid="true" aria-describedby="${first}-hint ${first}-error"/><ul id="${first}-error" class="field-errors"><li>x</li></ul>`,
    )
  })

  test("the form's error summary writes what it did with the hook in every view", async () => {
    const i18n = await createI18nInstance('de')
    const lists: ListOfErrors[] = [undefined, null, [], [null, ''], ['caseFile:edit.errors.reload'], ['caseFile:edit.conflict.notSaved', null, 'Eigener Text <b>&</b>']]
    for (const errors of lists) {
      const now = renderToStaticMarkup(
        <I18nextProvider i18n={i18n}>
          <FormErrorSummary errors={errors} />
          <Field label="Danach" />
        </I18nextProvider>,
      )
      const before = renderToStaticMarkup(
        <I18nextProvider i18n={i18n}>
          <FormerFormErrorSummary errors={errors} />
          <Field label="Danach" />
        </I18nextProvider>,
      )
      expect(now, JSON.stringify(errors)).toBe(before)
    }
    expect(renderToStaticMarkup(<I18nextProvider i18n={i18n}><FormErrorSummary errors={['caseFile:edit.errors.reload']} /></I18nextProvider>)).toContain(
      `<li>${i18n.t('caseFile:edit.errors.reload')}</li>`,
    )
  })
})
