import { useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SuccessStatus, withDone } from '#app/components/success-status.tsx'
import { MasterDataFields } from '#app/components/master-data-fields.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { formProps, serverSnapshot } from '#app/components/ui/field-props.ts'
import { FormErrorSummary } from '#app/components/ui/field.tsx'
import { type MasterDataField, type MasterDataValue, type MasterDataValues } from '#app/domain/case-conflict.ts'
import { formConstraint } from '#app/forms/constraint.ts'
import { BaseSchema, EditCaseSchema } from '#app/forms/case.ts'
import { parseSubmission } from '#app/forms/submission.ts'
import { requireCaseForRoute } from '#app/models/case-access.server.ts'
import { countryChoices } from '#app/models/country-choices.server.ts'
import { languageChoiceGroups, languageCodeErrors } from '#app/models/language-choices.server.ts'
import { catalogueChoicesOf, getMasterData, updateMasterData, type CatalogueChoice } from '#app/models/case-file.server.ts'
import { formatDateTime } from '#app/utils/format.ts'
import { getLanguage } from '#app/utils/i18n.server.ts'
import { inMarkupOnly, isLanguageCode, languageChoices } from '#app/utils/iso.server.ts'
import { countryName, type CountryChoiceGroups } from '#app/utils/iso.ts'
import { listOf, optionsOf, unpackOptions, type Option } from '#app/utils/options.ts'
import { readFormData } from '#app/utils/request.server.ts'
import { Link } from '#app/components/ui/link.tsx'

async function loadForm(caseId: string, actor: { id: string }, language: string) {
  const master = await getMasterData(caseId, actor)
  const values = master.values
  const [{ PLACE: districts, LEGAL_BASIS: legalBases }, countries] = await Promise.all([
    catalogueChoicesOf(language, { PLACE: [Number(values.districtId) || null], LEGAL_BASIS: [Number(values.legalBasisId) || null] }),
    countryChoices(language, { nationality: values.nationality as string | null, countryOfOrigin: values.countryOfOrigin as string | null }),
  ])
  const languagesInUse = [...(values.languages as string[]), values.privacyInfoLanguage as string].filter(Boolean)
  const languages = languageChoices(language, languagesInUse)
  const spokenLanguages = await languageChoiceGroups(language, values.languages as string[])
  const spokenGroups: typeof spokenLanguages = []
  for (const group of spokenLanguages) spokenGroups.push(group.options === languages.all ? inMarkupOnly(group, ['options']) : group)
  // A document leaves the whole lists to its selects' markup (decision 101): the countries to each
  // country select, the language list to the privacy-information language select — and the spoken
  // languages' "others" group with it where that group carries the same list (decision 088).
  return {
    ...master,
    districts: catalogueOptions(districts),
    legalBases: catalogueOptions(legalBases),
    languages: inMarkupOnly(languages, ['all', 'common']),
    spokenLanguages: spokenGroups,
    countries: {
      nationality: inMarkupOnly(countries.nationality, countryListsInMarkup(countries.nationality)),
      countryOfOrigin: inMarkupOnly(countries.countryOfOrigin, countryListsInMarkup(countries.countryOfOrigin)),
    },
  }
}

// A country select's groups that a document leaves to its markup: the whole list (decision 101) and, since
// session 26, the frequent and the common countries (≈ 70 of the hydration data's ≈ 165 values). A group
// without countries is not shown, so it stays in the data: the page knows from it which option group holds
// the next one (countryGroups in master-data-fields.tsx).
function countryListsInMarkup(groups: CountryChoiceGroups): Array<keyof CountryChoiceGroups> {
  const keys: Array<keyof CountryChoiceGroups> = ['all']
  if (groups.frequent.length > 0) keys.push('frequent')
  if (groups.common.length > 0) keys.push('common')
  return keys
}

// A loop in a module-level function, not a callback per view (issue 19, session 19): V8 drops the
// optimised code of a function created per request at every full collection and compiles it again.
function catalogueOptions(entries: readonly CatalogueChoice[]): Option[] {
  const options: Option[] = []
  for (const entry of entries) options.push({ value: String(entry.id), label: entry.label })
  return options
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, kase: access } = await requireCaseForRoute({ request, params }, 'write')
  const form = await loadForm(access.id, user, await getLanguage(request))
  // A document leaves the short lists to their selects too (decision 188): the districts and the legal bases.
  return inMarkupOnly({ caseId: access.id, ...form }, ['districts', 'legalBases'])
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, kase: access } = await requireCaseForRoute({ request, params }, 'write')
  const formData = await readFormData(request)
  const submission = parseSubmission(formData, { schema: EditCaseSchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), conflict: null }, { status: 400 })
  const { version, base: rawBase, ...input } = submission.value
  const languageErrors = {
    ...(languageCodeErrors(input.languages) ? { languages: languageCodeErrors(input.languages)! } : {}),
    ...(input.privacyInfoLanguage && !isLanguageCode(input.privacyInfoLanguage) ? { privacyInfoLanguage: ['cases:errors.language'] } : {}),
  }
  if (Object.keys(languageErrors).length) return data({ result: submission.reply({ fieldErrors: languageErrors }), conflict: null }, { status: 400 })
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
  return redirect(withDone(`/cases/${access.id}/edit`, 'saved'))
}

// The form's id, and its fields' ids as conform makes them (`${formId}-${name}`): the three selects the page
// reads its lists back from are named by these instead of through `fields.<name>.id`, each read of which
// builds conform's metadata for that field anew (a Proxy and its object, ≈ 2.5 kB a read on the server;
// issue 19, session 27). The same ids (the page's route test checks them against conform's); reading a field's
// `id` subscribed the page to nothing, so in the browser it renders again exactly when it did.
const FORM_ID = 'case-edit'
function fieldId(name: MasterDataField) {
  return `${FORM_ID}-${name}`
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
  const conflict = actionData?.conflict ?? null
  // After a conflict the next save is based on what is stored now, so a second save applies.
  const version = conflict?.version ?? loaded.version
  const base = conflict?.current ?? loaded.values
  const [form, fields] = useForm({
    id: FORM_ID,
    constraint: formConstraint(EditCaseSchema),
    lastResult: actionData?.result,
    defaultValue: loaded.values,
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EditCaseSchema }),
  })

  const snapshot = serverSnapshot(form)
  const allLanguages = unpackOptions(listOf(loaded.languages, 'all', fieldId('privacyInfoLanguage')))
  const languageLabel = (code: string) => allLanguages.find((option) => option.value === code)?.label ?? code
  const districts = optionsOf(loaded, 'districts', fieldId('districtId'))
  const legalBases = optionsOf(loaded, 'legalBases', fieldId('legalBasisId'))
  const labelOf = (options: readonly Option[], value: string) => options.find((option) => option.value === value)?.label ?? value

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
        return labelOf(districts, text)
      case 'legalBasisId':
        return labelOf(legalBases, text)
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
  const fieldLabel = (field: MasterDataField) => t(`cases:masterData.fields.${field}`)
  const hints: Partial<Record<MasterDataField, ReactNode>> = { programme: t('edit.programmeHint') }
  for (const field of changed) {
    if (conflict) hints[field] = <span className="conflict-hint">{t('edit.conflict.currentValue', { value: display(field, conflict.current[field]) })}</span>
  }

  return (
    <div className="stack">
      <h2>{t('edit.title')}</h2>
      <SuccessStatus messages={{ saved: t('edit.saved') }} hidden={Boolean(actionData)} />
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
      <Form method="post" {...formProps(form, FORM_ID, snapshot)} className="stack">
        {conflict ? null : <FormErrorSummary errors={snapshot ? snapshot.errors[''] : form.errors} />}
        <input type="hidden" name="version" value={version} />
        <input type="hidden" name="base" value={JSON.stringify(base)} />

        <MasterDataFields
          fields={fields}
          constraint={formConstraint(EditCaseSchema)}
          choices={{ countries: loaded.countries, languages: loaded.languages, spokenLanguages: loaded.spokenLanguages, districts, legalBases }}
          hints={hints}
          formKey={version}
          snapshot={snapshot}
          prebuilt
        />

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
