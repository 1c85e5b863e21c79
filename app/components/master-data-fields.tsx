import { type FieldMetadata } from '@conform-to/react'
import { type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { LanguagesField, LanguageSelectField, type LanguageChoices } from '#app/components/language-select.tsx'
import { fillTemplate, prebuiltTemplate, type PrebuiltMarkup, type SectionTemplate, type ValueHole, type ValueProps } from '#app/components/prebuilt-fields.ts'
import { CheckboxField, Field, GroupedSelectField, listValue, SelectField, type OptionGroup } from '#app/components/ui/field.tsx'
import { fieldsProps, type FormSnapshot } from '#app/components/ui/field-props.ts'
import { type MasterDataField } from '#app/domain/case-conflict.ts'
import { ACCESS_ROUTES, CASE_KINDS, CONSENT_FORMS, GENDERS, GERMAN_LEVELS, PROGRAMMES, START_PLACES } from '#app/domain/codes.ts'
import { currentMonth, currentYear, MAX_PERSONS, todayIso } from '#app/forms/case.ts'
import { type FormConstraint } from '#app/forms/constraint.ts'
import { type CountryChoiceGroups, type CountryChoices, type LanguageChoiceGroups } from '#app/utils/iso.ts'
import { codeOptions, listOf, listsOf, optionsOf, unpackOptions, type Option } from '#app/utils/options.ts'

export type MasterDataChoices = {
  countries: CountryChoices
  /** for the privacy-information language (one of them) */
  languages: LanguageChoices
  /** for the languages the client speaks (several; empty for a further case of a recorded client) */
  spokenLanguages: LanguageChoiceGroups
  districts: readonly Option[]
  legalBases: readonly Option[]
}

/**
 * The master data of a client and their case — one set of fields for the new-case form and the
 * edit form (forms/case.ts). `hints` replace a field's own hint (the edit form shows what someone
 * else changed there); `afterClient`, `caseExtra` and `privacyIntro` hold what only one form has.
 */
export function MasterDataFields({
  fields,
  constraint,
  choices,
  hints = {},
  afterClient,
  caseExtra,
  privacyIntro,
  formKey,
  caseOnly = false,
  snapshot,
  prebuilt = false,
}: {
  fields: Record<MasterDataField, FieldMetadata<unknown>>
  /** the form's constraints, as given to useForm (formConstraint) */
  constraint: FormConstraint
  choices: MasterDataChoices
  hints?: Partial<Record<MasterDataField, ReactNode>>
  afterClient?: ReactNode
  caseExtra?: ReactNode
  privacyIntro?: ReactNode
  /** changes when the form must start again from new defaults (the edit form after a conflict) */
  formKey?: string | number
  /** a further case of a client already recorded (issue 14): the client's own fields are left out */
  caseOnly?: boolean
  /** the form's values and errors read at once on the server (serverSnapshot, decision 152) */
  snapshot?: FormSnapshot
  /**
   * On the server each section (fieldset) as one string of markup, the same markup as its elements, which the
   * browser's React renders and hydrates onto it (decision 215): for a form shown on every view of a page
   */
  prebuilt?: boolean
}) {
  const { t, i18n } = useTranslation('cases')
  const control = fieldsProps(fields, constraint, snapshot)
  // On the server, a view of the edit form whose sections were written before for the same lists, hints, limits and
  // language: the kept templates with this case's values put in (decision 234).
  const inputs =
    prebuilt && typeof document === 'undefined'
      ? sectionsInputs(i18n.language, control, constraint, choices, hints, caseOnly, snapshot, afterClient, caseExtra, privacyIntro)
      : null
  const kept = inputs === null ? null : keptSections(inputs)
  if (kept !== null) {
    const filled = filledSections(kept, control)
    if (filled !== null) return filled
  }
  const recorded: Array<SectionTemplate | null> | null = inputs === null ? null : []
  const spokenLanguages = listsOf(choices.spokenLanguages, 'options', control.id('privacyInfoLanguage'))
  const choose = t('masterData.choose')
  const notStated = t('masterData.notStated')
  const view: FieldsView = { t, control, hints, choose }
  const sections = (
    <>
      {caseOnly
        ? null
        : stackFieldset(
            prebuilt,
            t,
            recorded,
            <>
        <legend>{t('masterData.sections.client')}</legend>
        <div className="form-grid">
          <Field
            label={fieldLabel(t, 'birthYear', false)}
            hint={hints.birthYear ?? t('masterData.hints.birthYear', { max: currentYear() })}
            {...control.input('birthYear', { type: 'text' })}
            inputMode="numeric"
            autoComplete="off"
          />
          <SelectField
            label={fieldLabel(t, 'gender', false)}
            hint={hints.gender}
            {...control.select('gender')}
            options={codeOptions(t, 'gender', GENDERS)}
            placeholder={choose}
            prebuilt
          />
          <GroupedSelectField
            label={fieldLabel(t, 'nationality', true)}
            hint={hints.nationality}
            {...control.select('nationality')}
            groups={countryGroups(t, choices.countries.nationality, control.id('nationality'))}
            placeholder={notStated}
          />
          <GroupedSelectField
            label={fieldLabel(t, 'countryOfOrigin', true)}
            hint={hints.countryOfOrigin}
            {...control.select('countryOfOrigin')}
            groups={countryGroups(t, choices.countries.countryOfOrigin, control.id('countryOfOrigin'))}
            placeholder={notStated}
          />
        </div>
        <LanguagesField
          key={`languages-${formKey ?? ''}`}
          id={control.id('languages')}
          label={fieldLabel(t, 'languages', true)}
          hint={hints.languages ?? t('masterData.hints.languages')}
          name="languages"
          choices={spokenLanguages}
          defaultValue={languagesValue(control)}
          errors={control.errors('languages')}
        />
        <div className="form-grid">
          <Field
            label={fieldLabel(t, 'arrivalMonth', true)}
            hint={hints.arrivalMonth ?? t('masterData.hints.arrivalMonth')}
            {...control.input('arrivalMonth', { type: 'month' })}
            max={currentMonth()}
            placeholder={t('masterData.monthPlaceholder')}
          />
          <SelectField
            label={fieldLabel(t, 'districtId', true)}
            hint={hints.districtId}
            {...control.select('districtId')}
            options={choices.districts}
            placeholder={notStated}
            prebuilt
          />
          {countField(view, 'householdAdults')}
          {countField(view, 'householdChildren')}
        </div>
            </>,
          )}

      {afterClient}

      {stackFieldset(
        prebuilt,
        t,
        recorded,
        <>
        <legend>{t('masterData.sections.case')}</legend>
        <div className="form-grid">
          {codeField(view, 'programme', PROGRAMMES, 'programme')}
          {codeField(view, 'kind', CASE_KINDS, 'caseKind')}
          {codeField(view, 'startPlace', START_PLACES, 'startPlace')}
          {codeField(view, 'accessRoute', ACCESS_ROUTES, 'accessRoute')}
          {codeField(view, 'germanLevel', GERMAN_LEVELS, 'germanLevel')}
          {countField(view, 'familyMembersCounselled', t('masterData.hints.familyMembersCounselled'))}
        </div>
        {caseExtra}
        <CheckboxField
          label={fieldLabel(t, 'sharedForSubstitution', false)}
          {...control.input('sharedForSubstitution', { type: 'checkbox' })}
          defaultChecked={sharedChecked(control)}
          value="on"
        />
        {hints.sharedForSubstitution ? <p className="field-hint">{hints.sharedForSubstitution}</p> : null}
        </>,
      )}

      {stackFieldset(
        prebuilt,
        t,
        recorded,
        <>
        <legend>{t('masterData.sections.privacy')}</legend>
        <p className="field-hint">{t('masterData.hints.privacy')}</p>
        {privacyIntro}
        <div className="form-grid">
          <SelectField
            label={fieldLabel(t, 'legalBasisId', true)}
            hint={hints.legalBasisId}
            {...control.select('legalBasisId')}
            options={choices.legalBases}
            placeholder={notStated}
            prebuilt
          />
          <Field
            label={fieldLabel(t, 'privacyInfoGivenAt', true)}
            hint={hints.privacyInfoGivenAt}
            {...control.input('privacyInfoGivenAt', { type: 'date' })}
            max={todayIso()}
          />
          <LanguageSelectField
            label={fieldLabel(t, 'privacyInfoLanguage', true)}
            hint={hints.privacyInfoLanguage}
            {...control.select('privacyInfoLanguage')}
            choices={choices.languages}
            placeholder={notStated}
          />
          <SelectField
            label={fieldLabel(t, 'privacyInfoForm', true)}
            hint={hints.privacyInfoForm}
            {...control.select('privacyInfoForm')}
            options={codeOptions(t, 'consentForm', CONSENT_FORMS)}
            placeholder={notStated}
            prebuilt
          />
        </div>
        </>,
      )}
    </>
  )
  if (inputs !== null && recorded !== null && recorded.length === (caseOnly ? 2 : 3) && recorded.every((template) => template !== null))
    keepSections(inputs, recorded as SectionTemplate[])
  return sections
}

/**
 * A section of the form: on the server with `prebuilt` its content as one string (prebuiltMarkup, decision 215)
 * when the writer knows all of it — not when a field shows errors, then the elements as in the browser.
 */
function stackFieldset(prebuilt: boolean, t: Translate, recorded: Array<SectionTemplate | null> | null, content: ReactNode) {
  const written = prebuilt && typeof document === 'undefined' ? prebuiltTemplate(content, t) : null
  recorded?.push(written === null ? null : written.template)
  return written === null ? <fieldset className="stack">{content}</fieldset> : writtenFieldset(written.markup)
}

function writtenFieldset(html: string | PrebuiltMarkup) {
  return <fieldset className="stack" dangerouslySetInnerHTML={{ __html: html as string }} />
}

// ---------------------------------------------------------------- kept sections (decision 234)

type Control = ReturnType<typeof fieldsProps<MasterDataField>>

/** The checkbox's value as the form gives it: on after a failed POST, true as stored. */
function sharedChecked(control: Control) {
  return control.initialValue('sharedForSubstitution') === 'on' || control.initialValue('sharedForSubstitution') === 'true'
}

function languagesValue(control: Control) {
  return listValue(control.initialValue('languages'))
}

/**
 * Everything the sections' markup is made of but the values: the UI language, the form's id, the constraints, the
 * office's day (the limits and the birth-year hint), the hints (texts only), whether the client's fields are left
 * out, and the option lists — the ranked and whole lists as the same arrays and texts, the catalogues' entries
 * (new arrays on every view) by their content. Null when the sections are not kept: a field with errors, a hint
 * or an extra part that is an element, no snapshot.
 */
type SectionsInputs = {
  language: string
  formId: string
  constraint: FormConstraint
  day: string
  month: string
  year: number
  hints: string
  caseOnly: boolean
  lists: readonly unknown[]
  districts: readonly Option[]
  legalBases: readonly Option[]
}

function sectionsInputs(
  language: string,
  control: Control,
  constraint: FormConstraint,
  choices: MasterDataChoices,
  hints: Partial<Record<MasterDataField, ReactNode>>,
  caseOnly: boolean,
  snapshot: FormSnapshot | undefined,
  afterClient: ReactNode,
  caseExtra: ReactNode,
  privacyIntro: ReactNode,
): SectionsInputs | null {
  if (snapshot === undefined || afterClient !== undefined || caseExtra !== undefined || privacyIntro !== undefined) return null
  for (const name in snapshot.errors) if (snapshot.errors[name] !== undefined) return null
  let hintsKey = ''
  for (const field in hints) {
    const hint = hints[field as MasterDataField]
    if (hint === undefined) continue
    if (typeof hint !== 'string') return null
    hintsKey += `${field}\u0000${hint}\u0000`
  }
  const { nationality, countryOfOrigin } = choices.countries
  const lists: unknown[] = [
    nationality.frequent,
    nationality.common,
    nationality.all,
    countryOfOrigin.frequent,
    countryOfOrigin.common,
    countryOfOrigin.all,
    choices.languages.common,
    choices.languages.all,
  ]
  for (const group of choices.spokenLanguages) lists.push(group.key, group.options)
  return {
    language,
    formId: control.id('birthYear'),
    constraint,
    day: todayIso(),
    month: currentMonth(),
    year: currentYear(),
    hints: hintsKey,
    caseOnly,
    lists,
    districts: choices.districts,
    legalBases: choices.legalBases,
  }
}

function sameOptions(a: readonly Option[], b: readonly Option[]) {
  if (a === b) return true
  if (a.length !== b.length) return false
  for (let index = 0; index < a.length; index++) {
    const x = a[index]!
    const y = b[index]!
    if (x.value !== y.value || x.label !== y.label || x.disabled !== y.disabled) return false
  }
  return true
}

function sameInputs(a: SectionsInputs, b: SectionsInputs) {
  if (
    a.language !== b.language ||
    a.formId !== b.formId ||
    a.constraint !== b.constraint ||
    a.day !== b.day ||
    a.month !== b.month ||
    a.year !== b.year ||
    a.hints !== b.hints ||
    a.caseOnly !== b.caseOnly ||
    a.lists.length !== b.lists.length
  )
    return false
  for (let index = 0; index < a.lists.length; index++) if (a.lists[index] !== b.lists[index]) return false
  return sameOptions(a.districts, b.districts) && sameOptions(a.legalBases, b.legalBases)
}

// The sections' templates of the last few input sets, the most recently used first: a few per UI language (the
// rankings, a recorded territory or language that makes a list of its own, a retired catalogue entry in use).
type Kept = { inputs: SectionsInputs; templates: SectionTemplate[] }
const kept: Kept[] = []
const SECTIONS_KEPT = 8

function keptSections(inputs: SectionsInputs): Kept | null {
  for (let index = 0; index < kept.length; index++) {
    const entry = kept[index]!
    if (!sameInputs(entry.inputs, inputs)) continue
    if (index > 0) {
      kept.splice(index, 1)
      kept.unshift(entry)
    }
    return entry
  }
  return null
}

function keepSections(inputs: SectionsInputs, templates: SectionTemplate[]) {
  if (keptSections(inputs) !== null) return
  kept.unshift({ inputs, templates })
  if (kept.length > SECTIONS_KEPT) kept.pop()
}

/** For tests: forget the kept sections. */
export function forgetKeptSections() {
  kept.length = 0
}

/**
 * A field's props that carry its value, as MasterDataFields gives them to its element: the value props of the same
 * calls (`control.select`, `control.input`, read without their other props, decision 253), the checkbox's `value`
 * and `checked` as the element overrides them.
 */
function valuePropsOf(control: Control, hole: ValueHole): ValueProps {
  const name = hole.name as MasterDataField
  if (hole.kind === 'languages') return { defaultValue: languagesValue(control) }
  if (hole.kind !== 'input') return control.selectValue(name)
  if (name === 'sharedForSubstitution') return { value: 'on', defaultChecked: sharedChecked(control) }
  return control.inputValue(name, { type: hole.type ?? 'text' })
}

/** The kept sections with this view's values; null when a value is one the writer gives up on. */
function filledSections({ inputs, templates }: Kept, control: Control) {
  const valueProps = (hole: ValueHole) => valuePropsOf(control, hole)
  const markup: Array<string | PrebuiltMarkup> = []
  for (const template of templates) {
    const html = fillTemplate(template, valueProps)
    if (html === null) return null
    markup.push(html)
  }
  // the same children as MasterDataFields' own (the client's section or null, `afterClient`, the other two)
  const shift = inputs.caseOnly ? 0 : 1
  return (
    <>
      {inputs.caseOnly ? null : writtenFieldset(markup[0]!)}
      {undefined}
      {writtenFieldset(markup[shift]!)}
      {writtenFieldset(markup[shift + 1]!)}
    </>
  )
}

// The helpers below are module-level functions, not closures made in every render (issue 19, session
// 19): V8 drops the optimised code of a function created per request at every full collection and
// compiles it again; a module-level function keeps it.
type Translate = ReturnType<typeof useTranslation<'cases'>>['t']
type CountField = 'householdAdults' | 'householdChildren' | 'familyMembersCounselled'
type CodeField = 'programme' | 'kind' | 'startPlace' | 'accessRoute' | 'germanLevel'
type FieldsView = { t: Translate; control: ReturnType<typeof fieldsProps<MasterDataField>>; hints: Partial<Record<MasterDataField, ReactNode>>; choose: string }

function fieldLabel(t: Translate, field: MasterDataField, optional: boolean) {
  return t(`masterData.fields.${field}`) + (optional ? ` (${t('common:form.optional')})` : '')
}

// The likely answers first (decision 036): this organisation's, then the region's, then all.
// A document's loader data may leave the whole lists to the markup (decision 101): each country
// select reads its own back, the spoken languages' "others" (the whole language list) is the
// privacy-information language select's. The master-data edit form's documents leave the frequent and
// the common countries to the markup too, each group that has countries (session 26): a group shown is
// read back from its option group, the frequent countries' the first, the common ones' the next one shown.
export function countryGroups(t: Translate, groups: CountryChoiceGroups, selectId: string): OptionGroup[] {
  const frequent = optionsOf(groups, 'frequent', selectId, 0)
  const all: OptionGroup[] = [
    { label: t('masterData.countryGroups.frequent'), options: frequent },
    { label: t('masterData.countryGroups.common'), options: optionsOf(groups, 'common', selectId, frequent.length > 0 ? 1 : 0) },
    { label: t('masterData.countryGroups.all'), options: unpackOptions(listOf(groups, 'all', selectId)) },
  ]
  const shown: OptionGroup[] = []
  for (const group of all) if (group.options.length > 0) shown.push(group)
  return shown
}

function countField({ t, control, hints }: FieldsView, field: CountField, own?: ReactNode) {
  return (
    <Field
      label={fieldLabel(t, field, false)}
      hint={hints[field] ?? own}
      {...control.input(field, { type: 'number' })}
      min={0}
      max={MAX_PERSONS}
      inputMode="numeric"
    />
  )
}

function codeField({ t, control, hints, choose }: FieldsView, field: CodeField, codes: readonly string[], list: string, own?: ReactNode) {
  return (
    <SelectField
      label={fieldLabel(t, field, false)}
      hint={hints[field] ?? own}
      {...control.select(field)}
      options={codeOptions(t, list, codes)}
      placeholder={choose}
      prebuilt
    />
  )
}
