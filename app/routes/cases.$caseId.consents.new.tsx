import { parseWithZod } from '@conform-to/zod'
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { withDone } from '#app/components/success-status.tsx'
import { ConsentForm } from '#app/components/consent-form.tsx'
import { todayInput } from '#app/components/referral-fields.tsx'
import { defaultClientLanguage } from '#app/domain/consent-templates.ts'
import { dateFromInput } from '#app/domain/referral-lifecycle.ts'
import { auditCaseRead, requireCaseForRoute } from '#app/models/case-access.server.ts'
import { clientLanguagesOfCase } from '#app/models/consent-template.server.ts'
import { createConsent } from '#app/models/consent.server.ts'
import { getActivePartner } from '#app/models/partner.server.ts'
import { pickablePartners, referralForConsent } from '#app/models/referral.server.ts'
import { getFixedT, getLanguage } from '#app/utils/i18n.server.ts'
import { isLanguageCode, languageChoices } from '#app/utils/iso.server.ts'
import { readFormData } from '#app/utils/request.server.ts'
import { ConsentSchema } from '#app/forms/consent.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.title ?? ''} · Wegbegleiter` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, kase } = await requireCaseForRoute({ request, params }, 'write')
  await auditCaseRead(user, kase)
  const [t, lng] = await Promise.all([getFixedT(request, 'referrals'), getLanguage(request)])
  const [partners, clientLanguages, forReferral] = await Promise.all([
    pickablePartners({}),
    clientLanguagesOfCase(kase.id),
    referralForConsent(kase.id, new URL(request.url).searchParams.get('referral')),
  ])
  return {
    defaultLanguage: defaultClientLanguage(clientLanguages) ?? '',
    title: t('consents.newTitle'),
    caseId: kase.id,
    forReferral,
    today: todayInput(),
    partners: partners.map((partner) => ({ id: partner.id, name: partner.name, kind: partner.kind })),
    languages: languageChoices(lng),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, kase } = await requireCaseForRoute({ request, params }, 'write')
  const formData = await readFormData(request)
  const today = todayInput()
  const submission = await parseWithZod(formData, {
    schema: ConsentSchema.superRefine(async (value, ctx) => {
      if (value.givenAt > today)
        ctx.addIssue({
          code: 'custom',
          path: ['givenAt'],
          message: 'referrals:consents.errors.givenAtFuture',
        })
      if (value.languageCode && !isLanguageCode(value.languageCode))
        ctx.addIssue({
          code: 'custom',
          path: ['languageCode'],
          message: 'referrals:consents.errors.language',
        })
      if (
        value.recipientType === 'partner' &&
        value.recipientPartnerId &&
        !(await getActivePartner(value.recipientPartnerId))
      )
        ctx.addIssue({
          code: 'custom',
          path: ['recipientPartnerId'],
          message: 'referrals:errors.partnerInactive',
        })
    }),
    async: true,
  })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const value = submission.value
  const consent = await createConsent(
    kase.id,
    {
      recipientPartnerId: value.recipientType === 'partner' ? (value.recipientPartnerId ?? null) : null,
      recipientKind: value.recipientType === 'kind' ? (value.recipientKind ?? null) : null,
      purpose: value.purpose,
      dataCategories: value.dataCategories,
      form: value.form,
      languageCode: value.languageCode ?? null,
      givenAt: dateFromInput(value.givenAt),
      validUntil: value.validUntil ? new Date(`${value.validUntil}T12:00:00Z`) : null,
      paperOnFile: value.paperOnFile,
    },
    { userId: user.id },
  )
  if (formData.get('intent') === 'print') throw redirect(`/cases/${kase.id}/consents/${consent.id}/print`)
  // Recorded for a referral that lacked it: back to that referral, with this consent offered first.
  const referral = await referralForConsent(kase.id, formData.get('referralId'))
  if (referral) throw redirect(`/cases/${kase.id}/referrals/${referral.id}?consent=${consent.id}#attach-heading`)
  throw redirect(withDone(`/cases/${kase.id}/consents?${new URLSearchParams({ consent: consent.id })}`, 'saved'))
}

export default function NewConsentPage() {
  const { t } = useTranslation('referrals')
  const { caseId, forReferral, today, partners, languages, defaultLanguage } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <section className="stack" aria-labelledby="new-consent-heading">
      <h2 id="new-consent-heading">{t('consents.newTitle')}</h2>
      <p className="muted">{t('consents.newIntro')}</p>
      <ConsentForm
        lastResult={actionData?.result}
        partners={partners.map((partner) => ({
          value: partner.id,
          label: `${partner.name} (${t(`codes:referralKind.${partner.kind}`)})`,
        }))}
        languages={languages}
        today={today}
        defaultLanguage={defaultLanguage}
        cancelTo={forReferral ? `/cases/${caseId}/referrals/${forReferral.id}` : `/cases/${caseId}/consents`}
        forReferral={forReferral ?? undefined}
      />
      <p>
        <Link to={`/cases/${caseId}/consents`}>{t('consents.backToList')}</Link>
      </p>
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
