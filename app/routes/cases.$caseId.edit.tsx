import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { CheckboxField, CheckboxGroup, Field, FormErrorSummary, SelectField } from '#app/components/ui/field.tsx'
import { type MasterDataField, type MasterDataValue, type MasterDataValues } from '#app/domain/case-conflict.ts'
import { ACCESS_ROUTES, CASE_KINDS, CONSENT_FORMS, GENDERS, GERMAN_LEVELS, PROGRAMMES, START_PLACES } from '#app/domain/codes.ts'
import { requireCaseAccess } from '#app/models/case-access.server.ts'
import { catalogueChoices, getMasterData, updateMasterData } from '#app/models/case-file.server.ts'
import { requireUser } from '#app/utils/auth.server.ts'
import { formatDateTime } from '#app/utils/format.ts'
import { getLanguage } from '#app/utils/i18n.server.ts'
import { isLanguageCode, languageOptions } from '#app/utils/iso.server.ts'
import { countryName, countryOptions, isCountryCode, LANGUAGE_CODE_PATTERN } from '#app/utils/iso.ts'
import { readFormData } from '#app/utils/request.server.ts'
import { type Option } from '#app/utils/options.ts'

const required = 'caseFile:edit.errors.required'
const choose = { errorMap: () => ({ message: 'caseFile:edit.errors.choose' }) }
const thisYear = () => new Date().getFullYear()
const todayIso = () => new Date().toISOString().slice(0, 10)

function count(max: number) {
  return z
    .number({ required_error: required, invalid_type_error: 'caseFile:edit.errors.number' })
    .int('caseFile:edit.errors.number')
    .min(0, 'caseFile:edit.errors.number')
    .max(max, 'caseFile:edit.errors.tooLarge')
}

const EditSchema = z
  .object({
    version: z.number().int().min(1),
    base: z.string().max(20_000),
    birthYear: z
      .number({ required_error: required, invalid_type_error: 'caseFile:edit.errors.birthYear' })
      .int('caseFile:edit.errors.birthYear')
      .min(1900, 'caseFile:edit.errors.birthYear')
      .refine((year) => year <= thisYear(), 'caseFile:edit.errors.birthYear'),
    gender: z.enum(GENDERS, choose),
    nationality: z.string().refine(isCountryCode, 'caseFile:edit.errors.choose').optional(),
    countryOfOrigin: z.string().refine(isCountryCode, 'caseFile:edit.errors.choose').optional(),
    languages: z
      .array(z.string().regex(LANGUAGE_CODE_PATTERN, 'caseFile:edit.errors.language').optional())
      .max(30, 'caseFile:edit.errors.tooMany')
      .default([])
      .transform((codes) => [...new Set(codes.filter((code): code is string => Boolean(code)))]),
    arrivalMonth: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'caseFile:edit.errors.month')
      .refine((month) => month <= todayIso().slice(0, 7), 'caseFile:edit.errors.future')
      .optional(),
    districtId: z.number().int().positive().optional(),
    householdAdults: count(30),
    householdChildren: count(30),
    programme: z.enum(PROGRAMMES, choose),
    accessRoute: z.enum(ACCESS_ROUTES, choose),
    germanLevel: z.enum(GERMAN_LEVELS, choose),
    startPlace: z.enum(START_PLACES, choose),
    kind: z.enum(CASE_KINDS, choose),
    familyMembersCounselled: count(50),
    sharedForSubstitution: z.boolean().default(false),
    legalBasisId: z.number().int().positive().optional(),
    privacyInfoGivenAt: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'caseFile:edit.errors.date')
      .refine((date) => !Number.isNaN(Date.parse(date)), 'caseFile:edit.errors.date')
      .refine((date) => date <= todayIso(), 'caseFile:edit.errors.future')
      .optional(),
    privacyInfoLanguage: z.string().regex(LANGUAGE_CODE_PATTERN, 'caseFile:edit.errors.language').optional(),
    privacyInfoForm: z.enum(CONSENT_FORMS, choose).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.arrivalMonth && Number(value.arrivalMonth.slice(0, 4)) < value.birthYear) {
      ctx.addIssue({ code: 'custom', path: ['arrivalMonth'], message: 'caseFile:edit.errors.arrivalBeforeBirth' })
    }
  })

const BaseSchema = z.record(z.union([z.string().max(200), z.array(z.string().max(10)).max(30)]))

async function loadForm(caseId: string, actor: { id: string }, language: string) {
  const master = await getMasterData(caseId, actor)
  const values = master.values
  const [districts, legalBases] = await Promise.all([
    catalogueChoices('PLACE', language, [Number(values.districtId) || null]),
    catalogueChoices('LEGAL_BASIS', language, [Number(values.legalBasisId) || null]),
  ])
  const languagesInUse = [...(values.languages as string[]), values.privacyInfoLanguage as string].filter(Boolean)
  return {
    ...master,
    districts: districts.map((entry) => ({ value: String(entry.id), label: entry.label })),
    legalBases: legalBases.map((entry) => ({ value: String(entry.id), label: entry.label })),
    languages: languageOptions(language, languagesInUse),
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const access = await requireCaseAccess(user, params.caseId, 'write')
  const form = await loadForm(access.id, user, await getLanguage(request))
  return { caseId: access.id, ...form }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  const access = await requireCaseAccess(user, params.caseId, 'write')
  const formData = await readFormData(request)
  const submission = parseWithZod(formData, { schema: EditSchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), conflict: null }, { status: 400 })
  const { version, base: rawBase, ...input } = submission.value
  const badLanguages = [
    ...(input.languages.some((code) => !isLanguageCode(code)) ? (['languages'] as const) : []),
    ...(input.privacyInfoLanguage && !isLanguageCode(input.privacyInfoLanguage) ? (['privacyInfoLanguage'] as const) : []),
  ]
  if (badLanguages.length) {
    return data(
      { result: submission.reply({ fieldErrors: Object.fromEntries(badLanguages.map((field) => [field, ['caseFile:edit.errors.language']])) }), conflict: null },
      { status: 400 },
    )
  }
  const base = (() => {
    try {
      return BaseSchema.safeParse(JSON.parse(rawBase))
    } catch {
      return null
    }
  })()
  if (!base?.success) return data({ result: submission.reply({ formErrors: ['caseFile:edit.errors.reload'] }), conflict: null }, { status: 400 })

  const result = await updateMasterData({ caseId: access.id, actor: user, version, base: base.data as Partial<MasterDataValues>, input })
  if (!result.ok && result.reason === 'invalid') {
    return data({ result: submission.reply({ fieldErrors: result.fieldErrors }), conflict: null }, { status: 400 })
  }
  if (!result.ok) {
    return data({ result: submission.reply({ formErrors: ['caseFile:edit.conflict.notSaved'] }), conflict: result.conflict }, { status: 409 })
  }
  return redirect(`/cases/${access.id}/edit?saved=1`)
}

function asList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string' && item !== '')
  return typeof value === 'string' && value ? [value] : []
}

export default function CaseEditPage() {
  const { t, i18n } = useTranslation('caseFile')
  const lng = i18n.language
  const loaded = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const conflict = actionData?.conflict ?? null
  // After a conflict the next save is based on what is stored now, so a second save applies.
  const version = conflict?.version ?? loaded.version
  const base = conflict?.current ?? loaded.values
  const [form, fields] = useForm({
    id: 'case-edit',
    constraint: getZodConstraint(EditSchema),
    lastResult: actionData?.result,
    defaultValue: loaded.values,
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EditSchema }),
  })

  const countries = countryOptions(lng)
  const allLanguages = [...loaded.languages.all]
  const languageLabel = (code: string) => allLanguages.find((option) => option.value === code)?.label ?? code
  const codeOptions = (list: string, codes: readonly string[]): Option[] => codes.map((code) => ({ value: code, label: t(`codes:${list}.${code}`) }))
  const labelOf = (options: Option[], value: string) => options.find((option) => option.value === value)?.label ?? value

  function display(field: MasterDataField, value: MasterDataValue): string {
    const text = typeof value === 'string' ? value : ''
    if (field === 'languages') return asList(value).map(languageLabel).join(', ') || t('edit.conflict.empty')
    if (!text) return t('edit.conflict.empty')
    switch (field) {
      case 'gender':
        return t(`codes:gender.${text}`)
      case 'nationality':
      case 'countryOfOrigin':
        return countryName(text, lng)
      case 'districtId':
        return labelOf(loaded.districts, text)
      case 'legalBasisId':
        return labelOf(loaded.legalBases, text)
      case 'programme':
        return t(`codes:programme.${text}`)
      case 'accessRoute':
        return t(`codes:accessRoute.${text}`)
      case 'germanLevel':
        return t(`codes:germanLevel.${text}`)
      case 'startPlace':
        return t(`codes:startPlace.${text}`)
      case 'kind':
        return t(`codes:caseKind.${text}`)
      case 'privacyInfoForm':
        return t(`codes:consentForm.${text}`)
      case 'privacyInfoLanguage':
        return languageLabel(text)
      case 'sharedForSubstitution':
        return text === 'true' ? t('common:yes') : t('common:no')
      default:
        return text
    }
  }

  const changed = new Set<MasterDataField>(conflict?.changedFields ?? [])
  const hint = (field: MasterDataField) =>
    changed.has(field) && conflict ? (
      <span className="conflict-hint">{t('edit.conflict.currentValue', { value: display(field, conflict.current[field]) })}</span>
    ) : undefined
  const fieldLabel = (field: MasterDataField) => t(`edit.fields.${field}`)

  const selectedLanguages = asList(fields.languages.initialValue)
  const commonCodes = new Set(loaded.languages.common.map((option) => option.value))
  const otherLanguages = selectedLanguages.filter((code) => !commonCodes.has(code))
  const extraSlots = Math.max(2, otherLanguages.length + 1)

  return (
    <div className="stack">
      <h2>{t('edit.title')}</h2>
      {searchParams.get('saved') === '1' && !actionData ? (
        <p className="alert alert-success" role="status">
          {t('edit.saved')}
        </p>
      ) : null}
      {conflict ? (
        <div className="alert alert-error conflict-summary" role="alert">
          <p>
            <strong>
              {conflict.changedByName
                ? t('edit.conflict.title', { name: conflict.changedByName, date: formatDateTime(conflict.changedAt, lng) })
                : t('edit.conflict.titleAnonymous', { date: formatDateTime(conflict.changedAt, lng) })}
            </strong>
          </p>
          <p>{t('edit.conflict.changedFields')}</p>
          <ul>
            {conflict.changedFields.map((field) => (
              <li key={field}>{t('edit.conflict.fieldNow', { field: fieldLabel(field), value: display(field, conflict.current[field]) })}</li>
            ))}
          </ul>
          <p>{t('edit.conflict.howTo')}</p>
        </div>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="stack">
        {conflict ? null : <FormErrorSummary errors={form.errors} />}
        <input type="hidden" name="version" value={version} />
        <input type="hidden" name="base" value={JSON.stringify(base)} />

        <fieldset>
          <legend>{t('edit.client')}</legend>
          <div className="form-grid">
            <Field label={fieldLabel('birthYear')} hint={hint('birthYear')} {...getInputProps(fields.birthYear, { type: 'number' })} errors={fields.birthYear.errors} />
            <SelectField label={fieldLabel('gender')} hint={hint('gender')} {...getSelectProps(fields.gender)} options={codeOptions('gender', GENDERS)} errors={fields.gender.errors} />
            <SelectField
              label={fieldLabel('nationality')}
              hint={hint('nationality')}
              {...getSelectProps(fields.nationality)}
              placeholder={t('edit.notStated')}
              options={countries}
              errors={fields.nationality.errors}
            />
            <SelectField
              label={fieldLabel('countryOfOrigin')}
              hint={hint('countryOfOrigin')}
              {...getSelectProps(fields.countryOfOrigin)}
              placeholder={t('edit.notStated')}
              options={countries}
              errors={fields.countryOfOrigin.errors}
            />
            <Field
              label={fieldLabel('arrivalMonth')}
              hint={hint('arrivalMonth') ?? t('edit.monthHint')}
              {...getInputProps(fields.arrivalMonth, { type: 'month' })}
              errors={fields.arrivalMonth.errors}
            />
            <SelectField
              label={fieldLabel('districtId')}
              hint={hint('districtId')}
              {...getSelectProps(fields.districtId)}
              placeholder={t('edit.notStated')}
              options={loaded.districts}
              errors={fields.districtId.errors}
            />
            <Field label={fieldLabel('householdAdults')} hint={hint('householdAdults')} {...getInputProps(fields.householdAdults, { type: 'number' })} errors={fields.householdAdults.errors} />
            <Field
              label={fieldLabel('householdChildren')}
              hint={hint('householdChildren')}
              {...getInputProps(fields.householdChildren, { type: 'number' })}
              errors={fields.householdChildren.errors}
            />
          </div>
          <CheckboxGroup
            key={`languages-${version}`}
            legend={fieldLabel('languages')}
            hint={hint('languages') ?? t('edit.languagesHint')}
            name="languages"
            options={loaded.languages.common}
            defaultValue={selectedLanguages.filter((code) => commonCodes.has(code))}
            errors={fields.languages.errors}
          />
          <div className="form-grid">
            {Array.from({ length: extraSlots }, (_, index) => (
              <SelectField
                key={`language-extra-${index}-${version}`}
                label={t('edit.otherLanguage', { number: index + 1 })}
                name="languages"
                defaultValue={otherLanguages[index] ?? ''}
                placeholder={t('edit.noOtherLanguage')}
                options={loaded.languages.all}
              />
            ))}
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('edit.case')}</legend>
          <div className="form-grid">
            <SelectField
              label={fieldLabel('programme')}
              hint={hint('programme') ?? t('edit.programmeHint')}
              {...getSelectProps(fields.programme)}
              options={codeOptions('programme', PROGRAMMES)}
              errors={fields.programme.errors}
            />
            <SelectField label={fieldLabel('kind')} hint={hint('kind')} {...getSelectProps(fields.kind)} options={codeOptions('caseKind', CASE_KINDS)} errors={fields.kind.errors} />
            <SelectField
              label={fieldLabel('accessRoute')}
              hint={hint('accessRoute')}
              {...getSelectProps(fields.accessRoute)}
              options={codeOptions('accessRoute', ACCESS_ROUTES)}
              errors={fields.accessRoute.errors}
            />
            <SelectField
              label={fieldLabel('startPlace')}
              hint={hint('startPlace')}
              {...getSelectProps(fields.startPlace)}
              options={codeOptions('startPlace', START_PLACES)}
              errors={fields.startPlace.errors}
            />
            <SelectField
              label={fieldLabel('germanLevel')}
              hint={hint('germanLevel')}
              {...getSelectProps(fields.germanLevel)}
              options={codeOptions('germanLevel', GERMAN_LEVELS)}
              errors={fields.germanLevel.errors}
            />
            <Field
              label={fieldLabel('familyMembersCounselled')}
              hint={hint('familyMembersCounselled') ?? t('edit.familyHint')}
              {...getInputProps(fields.familyMembersCounselled, { type: 'number' })}
              errors={fields.familyMembersCounselled.errors}
            />
          </div>
          <CheckboxField
            label={fieldLabel('sharedForSubstitution')}
            {...getInputProps(fields.sharedForSubstitution, { type: 'checkbox' })}
            defaultChecked={fields.sharedForSubstitution.initialValue === 'on' || fields.sharedForSubstitution.initialValue === 'true'}
            value="on"
            errors={fields.sharedForSubstitution.errors}
          />
          {hint('sharedForSubstitution') ? <p className="field-hint">{hint('sharedForSubstitution')}</p> : null}
        </fieldset>

        <fieldset>
          <legend>{t('edit.privacy')}</legend>
          <div className="form-grid">
            <SelectField
              label={fieldLabel('legalBasisId')}
              hint={hint('legalBasisId')}
              {...getSelectProps(fields.legalBasisId)}
              placeholder={t('edit.notRecorded')}
              options={loaded.legalBases}
              errors={fields.legalBasisId.errors}
            />
            <Field
              label={fieldLabel('privacyInfoGivenAt')}
              hint={hint('privacyInfoGivenAt')}
              {...getInputProps(fields.privacyInfoGivenAt, { type: 'date' })}
              errors={fields.privacyInfoGivenAt.errors}
            />
            <SelectField
              label={fieldLabel('privacyInfoLanguage')}
              hint={hint('privacyInfoLanguage')}
              {...getSelectProps(fields.privacyInfoLanguage)}
              placeholder={t('edit.notRecorded')}
              options={loaded.languages.all}
              errors={fields.privacyInfoLanguage.errors}
            />
            <SelectField
              label={fieldLabel('privacyInfoForm')}
              hint={hint('privacyInfoForm')}
              {...getSelectProps(fields.privacyInfoForm)}
              placeholder={t('edit.notRecorded')}
              options={codeOptions('consentForm', CONSENT_FORMS)}
              errors={fields.privacyInfoForm.errors}
            />
          </div>
        </fieldset>

        <div className="form-actions">
          <SubmitButton>{conflict ? t('edit.saveAgain') : t('common:actions.save')}</SubmitButton>
          <Link to={`/cases/${loaded.caseId}`}>{t('common:actions.cancel')}</Link>
        </div>
      </Form>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
