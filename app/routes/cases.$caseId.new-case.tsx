// "Neuer Fall für diese Person" (issue 14): a further case for the client of a closed case of the
// own team. Only the case's fields are asked; the client keeps record, pseudonym code, residence
// history and identity key (decision 027).
import { getFormProps, getSelectProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { MasterDataFields } from '#app/components/master-data-fields.tsx'
import { OpenedOnField } from '#app/components/opened-on-field.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { FormErrorSummary, SelectField } from '#app/components/ui/field.tsx'
import { type MasterDataField } from '#app/domain/case-conflict.ts'
import { officeDay } from '#app/domain/follow-up.ts'
import { formConstraint } from '#app/forms/constraint.ts'
import { ReturningCaseSchema } from '#app/forms/case.ts'
import { auditCaseRead, requireCaseForRoute } from '#app/models/case-access.server.ts'
import { assignableCounsellors, teamDefaults } from '#app/models/case.server.ts'
import { countryChoices } from '#app/models/country-choices.server.ts'
import { getCatalogue } from '#app/models/catalogue.server.ts'
import { createReturningCase, getReturningClient } from '#app/models/client.server.ts'
import { getLanguage } from '#app/utils/i18n.server.ts'
import { inMarkupOnly, languageChoices } from '#app/utils/iso.server.ts'
import { readFormData } from '#app/utils/request.server.ts'
import { type FieldMetadata } from '@conform-to/react'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, kase: access } = await requireCaseForRoute({ request, params }, 'read')
  await auditCaseRead(user, access)
  const client = await getReturningClient(access, user)
  const language = await getLanguage(request)
  const [legalBases, counsellors, team, countries] = await Promise.all([
    getCatalogue('LEGAL_BASIS', language),
    user.role === 'TEAM_LEAD' ? assignableCounsellors(user.teamId) : Promise.resolve([]),
    teamDefaults(user.teamId),
    countryChoices(language),
  ])
  return {
    caseId: access.id,
    pseudonymCode: client.client.pseudonymCode,
    block: client.block,
    role: user.role,
    countries,
    // A document leaves the whole list to the privacy-information language select's markup (decision 101).
    languages: inMarkupOnly(languageChoices(language), ['all']),
    legalBases: legalBases.map((entry) => ({ value: String(entry.id), label: entry.label })),
    counsellors: counsellors.map((counsellor) => ({ value: counsellor.id, label: counsellor.displayName })),
    defaults: {
      sharedForSubstitution: team?.defaultSharedForSubstitution ?? false,
      today: officeDay(new Date()),
    },
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, kase: access } = await requireCaseForRoute({ request, params }, 'read')
  const formData = await readFormData(request)
  const submission = parseWithZod(formData, { schema: ReturningCaseSchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), block: null }, { status: 400 })
  const { counsellorId, ...rest } = submission.value
  const result = await createReturningCase(user, access, { ...rest, counsellorId: counsellorId ?? null })
  if (!result.ok && 'block' in result) return data({ result: submission.reply(), block: result.block }, { status: 409 })
  if (!result.ok) return data({ result: submission.reply({ fieldErrors: result.fieldErrors as Record<string, string[]> }), block: null }, { status: 400 })
  throw redirect(`/cases/${result.caseId}?created=1`)
}

export default function ReturningCasePage() {
  const { t } = useTranslation('clients')
  const page = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    id: 'returning-case',
    constraint: formConstraint(ReturningCaseSchema),
    lastResult: actionData?.result,
    shouldRevalidate: 'onInput',
    defaultValue: {
      familyMembersCounselled: '0',
      openedOn: page.defaults.today,
      sharedForSubstitution: page.defaults.sharedForSubstitution ? 'on' : '',
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ReturningCaseSchema }),
  })
  const block = actionData?.block ?? page.block
  return (
    <div className="stack">
      <h2>{t('newCase.title', { code: page.pseudonymCode })}</h2>
      <p className="alert alert-info">{t('newCase.intro', { code: page.pseudonymCode })}</p>
      {block ? (
        <p className="alert alert-warning" role="alert">
          {t(`person.newCase.blocked.${block}`)} <Link to={`/cases/${page.caseId}/person`}>{t('newCase.back')}</Link>
        </p>
      ) : (
        <Form method="post" {...getFormProps(form)} className="stack">
          <FormErrorSummary errors={form.errors} />
          <MasterDataFields
            caseOnly
            fields={fields as unknown as Record<MasterDataField, FieldMetadata<unknown>>}
            constraint={formConstraint(ReturningCaseSchema)}
            choices={{ countries: page.countries, languages: page.languages, spokenLanguages: [], districts: [], legalBases: page.legalBases }}
            caseExtra={
              <>
                <OpenedOnField field={fields.openedOn} max={page.defaults.today} />
                {page.role === 'TEAM_LEAD' ? (
                  <SelectField
                    label={t('cases:new.counsellor')}
                    hint={t('cases:new.counsellorHint')}
                    {...getSelectProps(fields.counsellorId)}
                    options={page.counsellors}
                    placeholder={t('cases:new.unassigned')}
                    errors={fields.counsellorId.errors}
                  />
                ) : (
                  <p className="muted">{t('cases:new.assignedToYou')}</p>
                )}
              </>
            }
          />
          <div className="form-actions">
            <SubmitButton>{t('newCase.submit')}</SubmitButton>
            <Link to={`/cases/${page.caseId}/person`}>{t('common:actions.cancel')}</Link>
          </div>
        </Form>
      )}
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
