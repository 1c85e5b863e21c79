import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { MasterDataFields } from '#app/components/master-data-fields.tsx'
import { OpenedOnField } from '#app/components/opened-on-field.tsx'
import { officeDay } from '#app/domain/follow-up.ts'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { Field, FormErrorSummary, GroupedSelectField, SelectField } from '#app/components/ui/field.tsx'
import { RESIDENCE_GROUPS } from '#app/domain/codes.ts'
import { formConstraint } from '#app/forms/constraint.ts'
import { NewCaseSchema } from '#app/forms/case.ts'
import { countryChoices } from '#app/models/country-choices.server.ts'
import { languageChoiceGroups } from '#app/models/language-choices.server.ts'
import { getCatalogue } from '#app/models/catalogue.server.ts'
import { assignableCounsellors, createClientAndCase, teamDefaults } from '#app/models/case.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { getFixedT, getLanguage } from '#app/utils/i18n.server.ts'
import { inMarkupOnly, languageChoices } from '#app/utils/iso.server.ts'
import { readFormData } from '#app/utils/request.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.title ?? ''} · Wegbegleiter` },
]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ['COUNSELLOR', 'TEAM_LEAD'])
  const language = await getLanguage(request)
  const [t, residenceStatuses, places, legalBases, counsellors, team, countries] = await Promise.all([
    getFixedT(request, 'cases'),
    getCatalogue('RESIDENCE_STATUS', language),
    getCatalogue('PLACE', language),
    getCatalogue('LEGAL_BASIS', language),
    user.role === 'TEAM_LEAD' ? assignableCounsellors(user.teamId) : Promise.resolve([]),
    teamDefaults(user.teamId),
    countryChoices(language),
  ])
  const toOption = (entry: { id: number; label: string }) => ({ value: String(entry.id), label: entry.label })
  const languages = languageChoices(language)
  const spokenLanguages = await languageChoiceGroups(language)
  // A document leaves the whole lists to its selects' markup (decision 101, as the edit form): the
  // countries to each country select, the language list to the privacy-information language select —
  // and the spoken languages' "others" group with it, which carries the same list (decision 088).
  return {
    title: t('new.title'),
    role: user.role,
    userId: user.id,
    countries: { nationality: inMarkupOnly(countries.nationality, ['all']), countryOfOrigin: inMarkupOnly(countries.countryOfOrigin, ['all']) },
    languages: inMarkupOnly(languages, ['all']),
    spokenLanguages: spokenLanguages.map((group) => (group.options === languages.all ? inMarkupOnly(group, ['options']) : group)),
    residenceStatuses: RESIDENCE_GROUPS.map((group) => ({
      group,
      options: residenceStatuses.filter((entry) => entry.group === group).map(toOption),
    })).filter((group) => group.options.length > 0),
    districts: places.map(toOption),
    legalBases: legalBases.map(toOption),
    counsellors: counsellors.map((counsellor) => ({ value: counsellor.id, label: counsellor.displayName })),
    defaults: {
      sharedForSubstitution: team?.defaultSharedForSubstitution ?? false,
      startPlace: team?.kind === 'EAE' ? 'EAE' : '',
      today: officeDay(new Date()),
    },
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ['COUNSELLOR', 'TEAM_LEAD'])
  const formData = await readFormData(request)
  const submission = parseWithZod(formData, { schema: NewCaseSchema })
  if (submission.status !== 'success') {
    return data({ result: submission.reply() }, { status: 400 })
  }
  const { counsellorId, ...rest } = submission.value
  const result = await createClientAndCase(user, { ...rest, counsellorId: user.role === 'COUNSELLOR' ? user.id : (counsellorId ?? null) })
  if (!result.ok) {
    return data(
      { result: submission.reply({ fieldErrors: result.fieldErrors as Record<string, string[]> }) },
      { status: 400 },
    )
  }
  throw redirect(`/cases/${result.caseId}?created=1`)
}

export default function NewCasePage() {
  const { t } = useTranslation('cases')
  const { countries, languages, spokenLanguages, residenceStatuses, districts, legalBases, counsellors, defaults, role } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: 'new-case',
    constraint: formConstraint(NewCaseSchema),
    lastResult: actionData?.result,
    shouldRevalidate: 'onInput',
    defaultValue: {
      householdAdults: '1',
      householdChildren: '0',
      familyMembersCounselled: '0',
      residenceStatusSince: defaults.today,
      openedOn: defaults.today,
      startPlace: defaults.startPlace,
      sharedForSubstitution: defaults.sharedForSubstitution ? 'on' : '',
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NewCaseSchema }),
  })

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
        <MasterDataFields
          fields={fields}
          constraint={formConstraint(NewCaseSchema)}
          choices={{ countries, languages, spokenLanguages, districts, legalBases }}
          hints={{ privacyInfoLanguage: t('consentTexts:form.privacyLanguageHint') }}
          privacyIntro={
            <p>
              <a href="/privacy-information/print" target="_blank" rel="noopener">
                {t('consentTexts:form.privacyPrintLink')}
              </a>
            </p>
          }
          afterClient={
            <fieldset className="stack">
              <legend>{t('new.sections.residence')}</legend>
              <div className="form-grid">
                <GroupedSelectField
                  label={t('new.residenceStatus')}
                  {...getSelectProps(fields.residenceStatusId)}
                  groups={residenceStatuses.map((group) => ({ label: t(`new.residenceGroup.${group.group}`), options: group.options }))}
                  placeholder={t('masterData.choose')}
                  errors={fields.residenceStatusId.errors}
                />
                <Field
                  label={t('new.residenceStatusSince')}
                  {...getInputProps(fields.residenceStatusSince, { type: 'date' })}
                  max={defaults.today}
                  errors={fields.residenceStatusSince.errors}
                />
              </div>
            </fieldset>
          }
          caseExtra={
            <>
            <OpenedOnField field={fields.openedOn} max={defaults.today} />
            {role === 'TEAM_LEAD' ? (
              <SelectField
                label={t('new.counsellor')}
                hint={t('new.counsellorHint')}
                {...getSelectProps(fields.counsellorId)}
                options={counsellors}
                placeholder={t('new.unassigned')}
                errors={fields.counsellorId.errors}
              />
            ) : (
              <p className="muted">{t('new.assignedToYou')}</p>
            )}
            </>
          }
        />
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
