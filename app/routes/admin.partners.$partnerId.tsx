import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SuccessStatus, withDone } from '#app/components/success-status.tsx'
import { PartnerForm } from '#app/components/partner-form.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import {
  districtOptions,
  getPartner,
  parsePartnerForm,
  setPartnerActive,
  updatePartner,
} from '#app/models/partner.server.ts'
import { languageChoiceGroups } from '#app/models/language-choices.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { getFixedT, getLanguage } from '#app/utils/i18n.server.ts'
import { notFound, readFormData } from '#app/utils/request.server.ts'
import { catalogueLabel } from '#app/utils/format.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.title ?? ''} · Wegbegleiter` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, 'ADMIN')
  const partner = await getPartner(params.partnerId ?? '')
  if (!partner) notFound()
  const [t, lng] = await Promise.all([getFixedT(request, 'referrals'), getLanguage(request)])
  const districts = await districtOptions()
  return {
    title: t('partners.editTitle', { name: partner.name }),
    partner,
    districts: districts
      .filter((d) => d.active || d.id === partner.districtId)
      .map((d) => ({ value: String(d.id), label: catalogueLabel(d, lng) })),
    languages: await languageChoiceGroups(lng, partner.languages),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, 'ADMIN')
  const partnerId = params.partnerId ?? ''
  const actor = { userId: user.id }
  const formData = await readFormData(request)
  const intent = formData.get('intent')
  if (intent === 'deactivate' || intent === 'activate') {
    if (!(await setPartnerActive(partnerId, intent === 'activate', actor))) notFound()
    throw redirect(withDone(`/admin/partners/${partnerId}`, intent))
  }
  if (intent !== 'save') throw new Response('Unknown intent', { status: 400 })
  const { submission, input } = await parsePartnerForm(formData)
  if (!input) return data({ result: submission.reply() }, { status: 400 })
  const updated = await updatePartner(
    partnerId,
    input,
    actor,
  )
  if (!updated) notFound()
  throw redirect(withDone(`/admin/partners/${partnerId}`, 'saved'))
}

export default function EditPartnerPage() {
  const { t } = useTranslation('referrals')
  const { title, partner, districts, languages } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="stack">
      <h1>{title}</h1>
      <SuccessStatus messages={{ deactivate: t('partners.deactivated'), activate: t('partners.activated'), saved: t('common:form.saved') }} hidden={Boolean(actionData)} />
      {!partner.active ? <p className="alert alert-warning">{t('partners.inactiveNotice')}</p> : null}
      <PartnerForm
        id="edit-partner"
        key={partner.id}
        defaults={partner}
        lastResult={actionData?.result}
        districts={districts}
        languages={languages}
        submitLabel={t('common:actions.save')}
        intent="save"
      />
      <section className="card" aria-labelledby="partner-status-heading">
        <h2 id="partner-status-heading">{t('partners.statusHeading')}</h2>
        <p>{partner.active ? t('partners.deactivateHint') : t('partners.activateHint')}</p>
        <Form method="post">
          {partner.active ? (
            <SubmitButton intent="deactivate" variant="danger">
              {t('partners.deactivate')}
            </SubmitButton>
          ) : (
            <SubmitButton intent="activate" variant="secondary">
              {t('partners.activate')}
            </SubmitButton>
          )}
        </Form>
      </section>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
