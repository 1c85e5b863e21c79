import { parseWithZod } from '@conform-to/zod'
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { PartnerForm, PartnerSchema, splitCodes } from '#app/components/partner-form.tsx'
import { createPartner, districtOptions, isDistrictId } from '#app/models/partner.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { getFixedT, getLanguage } from '#app/utils/i18n.server.ts'
import { isLanguageCode, languageOptions } from '#app/utils/iso.server.ts'
import { readFormData, requestIdOf } from '#app/utils/request.server.ts'

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
      .map((d) => ({ value: String(d.id), label: lng === 'en' ? d.labelEn : d.labelDe })),
    commonLanguages: languageOptions(lng).common,
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, 'ADMIN')
  const formData = await readFormData(request)
  const submission = await parseWithZod(formData, {
    schema: PartnerSchema.superRefine(async (value, ctx) => {
      if (value.districtId && !(await isDistrictId(value.districtId)))
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['districtId'],
          message: 'referrals:partners.errors.district',
        })
      if (![...value.languages, ...splitCodes(value.otherLanguages)].every(isLanguageCode))
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['otherLanguages'],
          message: 'referrals:partners.errors.languages',
        })
    }),
    async: true,
  })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const { otherLanguages, languages, districtId, ...rest } = submission.value
  const partner = await createPartner(
    {
      ...rest,
      districtId: districtId ?? null,
      languages: [...new Set([...languages, ...splitCodes(otherLanguages)])],
    },
    { userId: user.id, requestId: requestIdOf(context) },
  )
  throw redirect(`/admin/partners/${partner.id}?saved=1`)
}

export default function NewPartnerPage() {
  const { t } = useTranslation('referrals')
  const { title, districts, commonLanguages } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="stack">
      <h1>{title}</h1>
      <PartnerForm
        id="new-partner"
        defaults={{}}
        lastResult={actionData?.result}
        districts={districts}
        commonLanguages={commonLanguages}
        otherLanguagesValue=""
        submitLabel={t('common:actions.create')}
      />
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
