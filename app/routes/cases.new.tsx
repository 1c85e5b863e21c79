import { getFormProps, useForm, type FieldMetadata } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useId, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import {
  CheckboxField,
  CheckboxGroup,
  ErrorList,
  Field,
  FormErrorSummary,
  SelectField,
  type ListOfErrors,
  type Option,
} from '#app/components/ui/field.tsx'
import {
  ACCESS_ROUTES,
  CASE_KINDS,
  CONSENT_FORMS,
  GENDERS,
  GERMAN_LEVELS,
  PROGRAMMES,
  RESIDENCE_GROUPS,
  START_PLACES,
} from '#app/domain/codes.ts'
import { getCatalogue } from '#app/models/catalogue.server.ts'
import { assignableCounsellors, createClientAndCase, teamDefaults } from '#app/models/case.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { getFixedT, getLanguage } from '#app/utils/i18n.server.ts'
import { countryOptions, languageOptions } from '#app/utils/iso.server.ts'
import { readFormData } from '#app/utils/request.server.ts'

const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/
/** How many "further language" selects the form offers besides the common-language checkboxes. */
const OTHER_LANGUAGE_SLOTS = 2

function currentMonth() {
  const now = new Date()
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`
}

const count = (max: number) =>
  z
    .number({ required_error: 'cases:errors.count', invalid_type_error: 'cases:errors.count' })
    .int('cases:errors.count')
    .min(0, 'cases:errors.count')
    .max(max, 'cases:errors.count')
const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { errorMap: () => ({ message: 'cases:errors.choose' }) })
const catalogueId = z
  .number({ required_error: 'cases:errors.choose', invalid_type_error: 'cases:errors.catalogue' })
  .int('cases:errors.catalogue')
  .positive('cases:errors.catalogue')
const countryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, 'cases:errors.country')
  .optional()
// The shape only: the browser bundle does not carry the ISO 639-3 table, the server checks the code.
const languageCode = z.string().regex(/^[a-z]{3}$/, 'cases:errors.language')
const pastDate = z
  .date({ invalid_type_error: 'cases:errors.date', required_error: 'cases:errors.date' })
  .min(new Date('1900-01-01'), 'cases:errors.date')
  .refine((date) => date.getTime() <= Date.now(), 'cases:errors.dateFuture')

// The browser and the action validate with the same schema; catalogue ids, ISO codes and who may be
// assigned are checked again on the server by createClientAndCase.
const NewCaseSchema = z
  .object({
    birthYear: z
      .number({ required_error: 'cases:errors.birthYear', invalid_type_error: 'cases:errors.birthYear' })
      .int('cases:errors.birthYear')
      .min(1900, 'cases:errors.birthYear')
      // read at validation time, not at module load: a server running over New Year stays right
      .refine((year) => year <= new Date().getFullYear(), 'cases:errors.birthYear'),
    gender: choice(GENDERS),
    nationality: countryCode,
    countryOfOrigin: countryCode,
    // Checkboxes and the "further language" selects post under one name; empty selects are holes.
    languages: z
      .array(languageCode.optional())
      .max(10, 'cases:errors.tooManyLanguages')
      .default([])
      .transform((codes) => [...new Set(codes.filter((code): code is string => Boolean(code)))]),
    residenceStatusId: catalogueId,
    residenceStatusSince: pastDate,
    arrivalMonth: z
      .string()
      .regex(MONTH_PATTERN, 'cases:errors.month')
      .refine((month) => month >= '1900-01', 'cases:errors.month')
      .refine((month) => month <= currentMonth(), 'cases:errors.arrivalFuture')
      .optional(),
    districtId: catalogueId.optional(),
    householdAdults: count(30),
    householdChildren: count(30),
    programme: choice(PROGRAMMES),
    accessRoute: choice(ACCESS_ROUTES),
    germanLevel: choice(GERMAN_LEVELS),
    startPlace: choice(START_PLACES),
    kind: choice(CASE_KINDS),
    familyMembersCounselled: count(30),
    sharedForSubstitution: z.boolean().default(false),
    legalBasisId: catalogueId.optional(),
    privacyInfoGivenAt: pastDate.optional(),
    privacyInfoLanguage: languageCode.optional(),
    privacyInfoForm: choice(CONSENT_FORMS).optional(),
    counsellorId: z.string().max(100).optional(),
  })
  .superRefine((value, ctx) => {
    if ((value.privacyInfoLanguage || value.privacyInfoForm) && !value.privacyInfoGivenAt) {
      ctx.addIssue({ code: 'custom', path: ['privacyInfoGivenAt'], message: 'cases:errors.privacyDate' })
    }
    if (value.privacyInfoGivenAt && !value.privacyInfoForm) {
      ctx.addIssue({ code: 'custom', path: ['privacyInfoForm'], message: 'cases:errors.privacyForm' })
    }
  })

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.title ?? ''} · Wegbegleiter` },
]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ['COUNSELLOR', 'TEAM_LEAD'])
  const language = await getLanguage(request)
  const [t, residenceStatuses, places, legalBases, counsellors, team] = await Promise.all([
    getFixedT(request, 'cases'),
    getCatalogue('RESIDENCE_STATUS', language),
    getCatalogue('PLACE', language),
    getCatalogue('LEGAL_BASIS', language),
    user.role === 'TEAM_LEAD' ? assignableCounsellors(user.teamId) : Promise.resolve([]),
    teamDefaults(user.teamId),
  ])
  const toOption = (entry: { id: number; label: string }) => ({ value: String(entry.id), label: entry.label })
  return {
    title: t('new.title'),
    role: user.role,
    userId: user.id,
    countries: countryOptions(language),
    languages: languageOptions(language),
    residenceStatuses: RESIDENCE_GROUPS.map((group) => ({
      group,
      options: residenceStatuses.filter((entry) => entry.group === group).map(toOption),
    })).filter((group) => group.options.length > 0),
    places: places.map(toOption),
    legalBases: legalBases.map(toOption),
    counsellors: counsellors.map((counsellor) => ({ value: counsellor.id, label: counsellor.displayName })),
    defaults: {
      sharedForSubstitution: team?.defaultSharedForSubstitution ?? false,
      startPlace: team?.kind === 'EAE' ? 'EAE' : '',
      today: new Date().toISOString().slice(0, 10),
      thisYear: new Date().getFullYear(),
    },
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ['COUNSELLOR', 'TEAM_LEAD'])
  const formData = await readFormData(request)
  const submission = parseWithZod(formData, { schema: NewCaseSchema })
  if (submission.status !== 'success') {
    return data({ result: submission.reply() }, { status: 400 })
  }
  const { counsellorId, ...rest } = submission.value
  const result = await createClientAndCase(
    user,
    { ...rest, counsellorId: user.role === 'COUNSELLOR' ? user.id : (counsellorId ?? null) },
    { requestId: context.requestId },
  )
  if (!result.ok) {
    return data(
      { result: submission.reply({ fieldErrors: result.fieldErrors as Record<string, string[]> }) },
      { status: 400 },
    )
  }
  throw redirect(`/cases/${result.caseId}?created=1`)
}

type OptionGroup = { label: string; options: Option[] }

/** A select with option groups, wired like the shared fields (label, hint, errors, aria). */
function GroupedSelectField({
  label,
  hint,
  errors,
  name,
  defaultValue,
  groups,
  placeholder,
  required,
}: {
  label: ReactNode
  hint?: ReactNode
  errors?: ListOfErrors
  name: string
  defaultValue?: string
  groups: OptionGroup[]
  placeholder: string
  required?: boolean
}) {
  const id = useId()
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
      <select
        id={id}
        name={name}
        defaultValue={defaultValue ?? ''}
        required={required}
        aria-invalid={hasErrors || undefined}
        aria-describedby={describedBy}
      >
        <option value="">{placeholder}</option>
        {groups.map((group) => (
          <optgroup key={group.label} label={group.label}>
            {group.options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <ErrorList id={`${id}-error`} errors={errors} />
    </div>
  )
}

/** What the form was last submitted with (or the default), as a string for a field's defaultValue. */
function initial(field: FieldMetadata<unknown>, fallback = ''): string {
  const value = field.initialValue
  return typeof value === 'string' ? value : fallback
}

function initialList(field: FieldMetadata<unknown>): string[] {
  const value = field.initialValue
  if (Array.isArray(value))
    return value.filter((item): item is string => typeof item === 'string' && item !== '')
  return typeof value === 'string' && value ? [value] : []
}

export default function NewCasePage() {
  const { t } = useTranslation('cases')
  const loaderData = useLoaderData<typeof loader>()
  const { countries, languages, residenceStatuses, places, legalBases, counsellors, defaults, role } =
    loaderData
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: 'new-case',
    constraint: getZodConstraint(NewCaseSchema),
    lastResult: actionData?.result,
    shouldRevalidate: 'onInput',
    defaultValue: {
      householdAdults: '1',
      householdChildren: '0',
      familyMembersCounselled: '0',
      residenceStatusSince: defaults.today,
      startPlace: defaults.startPlace,
      sharedForSubstitution: defaults.sharedForSubstitution ? 'on' : '',
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NewCaseSchema }),
  })

  const commonCodes = new Set(languages.common.map((option) => option.value))
  const chosenLanguages = initialList(fields.languages as FieldMetadata<unknown>)
  const chosenOther = chosenLanguages.filter((code) => !commonCodes.has(code))
  const languageGroups: OptionGroup[] = [
    { label: t('new.languagesCommon'), options: languages.common },
    { label: t('new.languagesAll'), options: languages.all },
  ]
  const codeOptions = (list: readonly string[], prefix: string) =>
    list.map((value) => ({ value, label: t(`codes:${prefix}.${value}`) }))
  const placeholder = t('new.choose')
  const optional = ` (${t('common:form.optional')})`
  const field = (name: keyof typeof fields) => fields[name] as FieldMetadata<unknown>

  return (
    <div className="stack new-case">
      <h1>{t('new.title')}</h1>
      <p className="alert alert-info">{t('new.intro')}</p>
      <p>
        {t('new.duplicateCheckHint')} <Link to="/clients/check">{t('new.duplicateCheckLink')}</Link>
      </p>
      <Form method="post" {...getFormProps(form)} className="stack" key={form.key}>
        <FormErrorSummary errors={form.errors} />
        {form.status === 'error' && !form.errors?.length ? (
          <p className="alert alert-error" role="alert">
            {t('common:form.errorSummary')}
          </p>
        ) : null}

        <fieldset className="stack">
          <legend>{t('new.sections.client')}</legend>
          <div className="form-grid">
            <Field
              label={t('new.birthYear')}
              hint={t('new.birthYearHint', { max: defaults.thisYear })}
              name="birthYear"
              inputMode="numeric"
              autoComplete="off"
              defaultValue={initial(field('birthYear'))}
              required
              errors={fields.birthYear.errors}
            />
            <SelectField
              label={t('new.gender')}
              name="gender"
              defaultValue={initial(field('gender'))}
              options={codeOptions(GENDERS, 'gender')}
              placeholder={placeholder}
              required
              errors={fields.gender.errors}
            />
            <SelectField
              label={t('new.nationality') + optional}
              name="nationality"
              defaultValue={initial(field('nationality'))}
              options={countries}
              placeholder={placeholder}
              errors={fields.nationality.errors}
            />
            <SelectField
              label={t('new.countryOfOrigin') + optional}
              name="countryOfOrigin"
              defaultValue={initial(field('countryOfOrigin'))}
              options={countries}
              placeholder={placeholder}
              errors={fields.countryOfOrigin.errors}
            />
          </div>
          <CheckboxGroup
            legend={t('new.languages') + optional}
            hint={t('new.languagesHint')}
            name="languages"
            options={languages.common}
            defaultValue={chosenLanguages}
            errors={fields.languages.errors}
          />
          <div className="form-grid">
            {Array.from({ length: OTHER_LANGUAGE_SLOTS }, (_, slot) => (
              <GroupedSelectField
                key={slot}
                label={t('new.otherLanguage', { number: slot + 1 })}
                name="languages"
                defaultValue={chosenOther[slot] ?? ''}
                groups={[{ label: t('new.languagesAll'), options: languages.all }]}
                placeholder={t('new.noOtherLanguage')}
              />
            ))}
          </div>
          <div className="form-grid">
            <Field
              label={t('new.arrivalMonth') + optional}
              hint={t('new.arrivalMonthHint')}
              name="arrivalMonth"
              type="month"
              max={currentMonth()}
              placeholder={t('new.monthPlaceholder')}
              defaultValue={initial(field('arrivalMonth'))}
              errors={fields.arrivalMonth.errors}
            />
            <SelectField
              label={t('new.district') + optional}
              name="districtId"
              defaultValue={initial(field('districtId'))}
              options={places}
              placeholder={placeholder}
              errors={fields.districtId.errors}
            />
            <Field
              label={t('new.householdAdults')}
              name="householdAdults"
              type="number"
              min={0}
              max={30}
              defaultValue={initial(field('householdAdults'))}
              required
              errors={fields.householdAdults.errors}
            />
            <Field
              label={t('new.householdChildren')}
              name="householdChildren"
              type="number"
              min={0}
              max={30}
              defaultValue={initial(field('householdChildren'))}
              required
              errors={fields.householdChildren.errors}
            />
          </div>
        </fieldset>

        <fieldset className="stack">
          <legend>{t('new.sections.residence')}</legend>
          <div className="form-grid">
            <GroupedSelectField
              label={t('new.residenceStatus')}
              name="residenceStatusId"
              defaultValue={initial(field('residenceStatusId'))}
              groups={residenceStatuses.map((group) => ({
                label: t(`new.residenceGroup.${group.group}`),
                options: group.options,
              }))}
              placeholder={placeholder}
              required
              errors={fields.residenceStatusId.errors}
            />
            <Field
              label={t('new.residenceStatusSince')}
              name="residenceStatusSince"
              type="date"
              max={defaults.today}
              defaultValue={initial(field('residenceStatusSince'))}
              required
              errors={fields.residenceStatusSince.errors}
            />
          </div>
        </fieldset>

        <fieldset className="stack">
          <legend>{t('new.sections.case')}</legend>
          <div className="form-grid">
            {(
              [
                ['programme', PROGRAMMES, 'programme'],
                ['kind', CASE_KINDS, 'caseKind'],
                ['startPlace', START_PLACES, 'startPlace'],
                ['accessRoute', ACCESS_ROUTES, 'accessRoute'],
                ['germanLevel', GERMAN_LEVELS, 'germanLevel'],
              ] as const
            ).map(([name, codes, list]) => (
              <SelectField
                key={name}
                label={t(`new.${name}`)}
                name={name}
                defaultValue={initial(field(name))}
                options={codeOptions(codes, list)}
                placeholder={placeholder}
                required
                errors={fields[name].errors}
              />
            ))}
            <Field
              label={t('new.familyMembersCounselled')}
              hint={t('new.familyMembersCounselledHint')}
              name="familyMembersCounselled"
              type="number"
              min={0}
              max={30}
              defaultValue={initial(field('familyMembersCounselled'))}
              required
              errors={fields.familyMembersCounselled.errors}
            />
          </div>
          {role === 'TEAM_LEAD' ? (
            <SelectField
              label={t('new.counsellor')}
              hint={t('new.counsellorHint')}
              name="counsellorId"
              defaultValue={initial(field('counsellorId'))}
              options={counsellors}
              placeholder={t('new.unassigned')}
              errors={fields.counsellorId.errors}
            />
          ) : (
            <p className="muted">{t('new.assignedToYou')}</p>
          )}
          <CheckboxField
            label={t('new.sharedForSubstitution')}
            name="sharedForSubstitution"
            defaultChecked={initial(field('sharedForSubstitution')) === 'on'}
            errors={fields.sharedForSubstitution.errors}
          />
        </fieldset>

        <fieldset className="stack">
          <legend>{t('new.sections.privacy')}</legend>
          <p className="field-hint">{t('new.privacyHint')}</p>
          <p>
            <a href="/privacy-information/print" target="_blank" rel="noopener">
              {t('consentTexts:form.privacyPrintLink')}
            </a>
          </p>
          <div className="form-grid">
            <SelectField
              label={t('new.legalBasis') + optional}
              name="legalBasisId"
              defaultValue={initial(field('legalBasisId'))}
              options={legalBases}
              placeholder={placeholder}
              errors={fields.legalBasisId.errors}
            />
            <Field
              label={t('new.privacyInfoGivenAt') + optional}
              name="privacyInfoGivenAt"
              type="date"
              max={defaults.today}
              defaultValue={initial(field('privacyInfoGivenAt'))}
              errors={fields.privacyInfoGivenAt.errors}
            />
            <GroupedSelectField
              label={t('new.privacyInfoLanguage') + optional}
              hint={t('consentTexts:form.privacyLanguageHint')}
              name="privacyInfoLanguage"
              defaultValue={initial(field('privacyInfoLanguage'))}
              groups={languageGroups}
              placeholder={placeholder}
              errors={fields.privacyInfoLanguage.errors}
            />
            <SelectField
              label={t('new.privacyInfoForm') + optional}
              name="privacyInfoForm"
              defaultValue={initial(field('privacyInfoForm'))}
              options={codeOptions(CONSENT_FORMS, 'consentForm')}
              placeholder={placeholder}
              errors={fields.privacyInfoForm.errors}
            />
          </div>
        </fieldset>

        <div className="form-actions">
          <SubmitButton>{t('new.submit')}</SubmitButton>
          <Link to="/cases">{t('common:actions.cancel')}</Link>
        </div>
      </Form>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
