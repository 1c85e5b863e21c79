import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { withDone } from '#app/components/success-status.tsx'
import { PartnerForm } from '#app/components/partner-form.tsx'
import { languageChoiceGroups } from '#app/models/language-choices.server.ts'
import { createPartner, districtOptions, parsePartnerForm } from '#app/models/partner.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { getFixedT, getLanguage } from '#app/utils/i18n.server.ts'
import { readFormData } from '#app/utils/request.server.ts'
import { catalogueLabel } from '#app/utils/format.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.title ?? ''} · Wegbegleiter` },
]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, 'ADMIN')
  const [t, lng] = await Promise.all([getFixedT(request, 'referrals'), getLanguage(request)])
  const districts = await districtOptions()
  return {
    title: t('partners.newTitle'),
    districts: districts
      .filter((d) => d.active)
      .map((d) => ({ value: String(d.id), label: catalogueLabel(d, lng) })),
    languages: await languageChoiceGroups(lng),
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, 'ADMIN')
  const formData = await readFormData(request)
  const { submission, input } = await parsePartnerForm(formData)
  if (!input) return data({ result: submission.reply() }, { status: 400 })
  const partner = await createPartner(
    input,
    { userId: user.id },
  )
  throw redirect(withDone(`/admin/partners/${partner.id}`, 'saved'))
}

export default function NewPartnerPage() {
  const { t } = useTranslation('referrals')
  const { title, districts, languages } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="stack">
      <h1>{title}</h1>
      <PartnerForm
        id="new-partner"
        defaults={{}}
        lastResult={actionData?.result}
        districts={districts}
        languages={languages}
        submitLabel={t('common:actions.create')}
      />
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
