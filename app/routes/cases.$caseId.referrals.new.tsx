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
import { formatDate, todayInput } from '#app/components/referral-fields.tsx'
import { PartnerFilterFields } from '#app/components/partner-filter.tsx'
import { ReferralForm } from '#app/components/referral-form.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { FilterForm } from '#app/components/ui/filter-form.tsx'
import { Table } from '#app/components/ui/table.tsx'
import { dateFromInput } from '#app/domain/referral-lifecycle.ts'
import { auditCaseRead, requireCaseForRoute } from '#app/models/case-access.server.ts'
import { activeConsents } from '#app/models/consent.server.ts'
import { partnerFilterChoices, partnerFiltersFrom, partnerFilterValues, splitLanguages } from '#app/models/partner.server.ts'
import { createReferral, pickablePartners } from '#app/models/referral.server.ts'
import { getFixedT, getLanguage } from '#app/utils/i18n.server.ts'
import { catalogueLabel } from '#app/utils/format.ts'
import { isLanguageCode, languageName, languageChoices } from '#app/utils/iso.server.ts'
import { readFormData } from '#app/utils/request.server.ts'
import { ReferralSchema } from '#app/forms/referral.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.title ?? ''} · Wegbegleiter` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, kase } = await requireCaseForRoute({ request, params }, 'write')
  await auditCaseRead(user, kase)
  const [t, lng] = await Promise.all([getFixedT(request, 'referrals'), getLanguage(request)])
  const filters = partnerFiltersFrom(new URL(request.url).searchParams)
  const [partners, choices, consents] = await Promise.all([
    pickablePartners(filters),
    partnerFilterChoices(lng, { activeOnly: true }),
    activeConsents(kase.id),
  ])
  return {
    title: t('referral.newTitle'),
    caseId: kase.id,
    today: todayInput(),
    filters: partnerFilterValues(filters),
    filtered: Boolean(filters.kind || filters.districtId || filters.language),
    partners: partners.map((partner) => ({
      id: partner.id,
      name: partner.name,
      kind: partner.kind,
      district: partner.district ? catalogueLabel(partner.district, lng) : '',
      languages: splitLanguages(partner.languages)
        .map((code) => languageName(code, lng))
        .join(', '),
    })),
    consents: consents.map((consent) => ({
      id: consent.id,
      recipient: consent.recipientPartner?.name ?? null,
      recipientKind: consent.recipientKind,
      purpose: consent.purpose,
      givenAt: consent.givenAt,
      categories: consent.dataCategories,
    })),
    languages: languageChoices(lng),
    choices,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, kase } = await requireCaseForRoute({ request, params }, 'write')
  const formData = await readFormData(request)
  const today = todayInput()
  const submission = parseWithZod(formData, {
    schema: ReferralSchema.superRefine((value, ctx) => {
      if (value.sentAt > today)
        ctx.addIssue({ code: 'custom', path: ['sentAt'], message: 'referrals:errors.sentAtFuture' })
      if (value.interpreterNeeded && value.interpreterLanguage && !isLanguageCode(value.interpreterLanguage))
        ctx.addIssue({
          code: 'custom',
          path: ['interpreterLanguage'],
          message: 'referrals:errors.interpreterLanguage',
        })
    }),
  })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const value = submission.value
  const result = await createReferral(
    kase.id,
    {
      partnerId: value.partnerId,
      kind: value.kind,
      urgency: value.urgency,
      reason: value.reason || null,
      interpreterNeeded: value.interpreterNeeded,
      interpreterLanguage: value.interpreterLanguage ?? null,
      anonymous: value.mode === 'anonymous',
      dataCategories: value.dataCategories,
      consentId: value.consentId ?? null,
      sentAt: dateFromInput(value.sentAt),
    },
    { userId: user.id },
  )
  if (!result.ok) {
    const message =
      result.error === 'consentNotFound'
        ? 'referrals:errors.consentRequired'
        : `referrals:errors.${result.error}`
    return data({ result: submission.reply({ fieldErrors: { [result.field]: [message] } }) }, { status: 400 })
  }
  throw redirect(withDone(`/cases/${kase.id}/referrals/${result.id}`, 'saved'))
}

/** A consent's purpose is free text; the option names its beginning. */
function shorten(text: string, max = 60) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

export default function NewReferralPage() {
  const { t, i18n } = useTranslation('referrals')
  const {
    caseId,
    today,
    filters,
    filtered,
    partners,
    choices,
    consents,
    languages,
  } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const recipientLabel = (consent: (typeof consents)[number]) =>
    consent.recipient ?? t('consents.anyOfKind', { kind: t(`codes:referralKind.${consent.recipientKind}`) })
  return (
    <section className="stack" aria-labelledby="new-referral-heading">
      <h2 id="new-referral-heading">{t('referral.newTitle')}</h2>
      <section className="card stack" aria-labelledby="partner-search-heading">
        <h3 id="partner-search-heading">{t('referral.searchHeading')}</h3>
        <p className="muted">{t('referral.searchIntro')}</p>
        <FilterForm className="stack">
          <div className="form-grid">
            <PartnerFilterFields values={filters} choices={choices} />
          </div>
          <div className="form-actions">
            <Button variant="secondary">{t('referral.searchSubmit')}</Button>
            {filtered ? <Link to={`/cases/${caseId}/referrals/new`}>{t('common:actions.reset')}</Link> : null}
          </div>
        </FilterForm>
        {partners.length === 0 ? (
          <p role="status">{t('referral.noPartners')}</p>
        ) : (
          <details open={filtered}>
            <summary>{t('referral.partnersFound', { count: partners.length })}</summary>
            <Table caption={t('referral.partnersFound', { count: partners.length })} hideCaption columns={[t('partners.fields.name'), t('partners.fields.kind'), t('partners.fields.district'), t('partners.fields.languages')]}>
              {partners.map((partner) => (
                <tr key={partner.id}>
                  <th scope="row">{partner.name}</th>
                  <td>{t(`codes:referralKind.${partner.kind}`)}</td>
                  <td>{partner.district}</td>
                  <td>{partner.languages}</td>
                </tr>
              ))}
            </Table>
          </details>
        )}
      </section>
      <ReferralForm
        key={`${filters.kind}-${filters.district}-${filters.language}`}
        lastResult={actionData?.result}
        caseId={caseId}
        today={today}
        defaultKind={filters.kind}
        defaultPartnerId={partners.length === 1 ? partners[0]!.id : ''}
        partners={partners.map((partner) => ({
          value: partner.id,
          label: `${partner.name} (${t(`codes:referralKind.${partner.kind}`)})`,
        }))}
        consents={consents.map((consent) => ({
          value: consent.id,
          label: t('referral.consentOption', {
            recipient: recipientLabel(consent),
            date: formatDate(consent.givenAt, i18n.language),
            purpose: shorten(consent.purpose),
            categories: consent.categories.map((code) => t(`codes:dataCategory.${code}`)).join(', '),
          }),
          categories: consent.categories,
        }))}
        languages={languages}
      />
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
