import { type FieldMetadata } from '@conform-to/react'
import { type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { LanguagesField, LanguageSelectField, type LanguageChoices } from '#app/components/language-select.tsx'
import { prebuiltMarkup } from '#app/components/prebuilt-fields.ts'
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
  const { t } = useTranslation('cases')
  const control = fieldsProps(fields, constraint, snapshot)
  const spokenLanguages = listsOf(choices.spokenLanguages, 'options', control.id('privacyInfoLanguage'))
  const choose = t('masterData.choose')
  const notStated = t('masterData.notStated')
  const view: FieldsView = { t, control, hints, choose }
  return (
    <>
      {caseOnly
        ? null
        : stackFieldset(
            prebuilt,
            t,
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
          defaultValue={listValue(control.initialValue('languages'))}
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
          defaultChecked={control.initialValue('sharedForSubstitution') === 'on' || control.initialValue('sharedForSubstitution') === 'true'}
          value="on"
        />
        {hints.sharedForSubstitution ? <p className="field-hint">{hints.sharedForSubstitution}</p> : null}
        </>,
      )}

      {stackFieldset(
        prebuilt,
        t,
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
}

/**
 * A section of the form: on the server with `prebuilt` its content as one string (prebuiltMarkup, decision 215)
 * when the writer knows all of it — not when a field shows errors, then the elements as in the browser.
 */
function stackFieldset(prebuilt: boolean, t: Translate, content: ReactNode) {
  const html = prebuilt && typeof document === 'undefined' ? prebuiltMarkup(content, t) : null
  return html === null ? <fieldset className="stack">{content}</fieldset> : <fieldset className="stack" dangerouslySetInnerHTML={{ __html: html as string }} />
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
