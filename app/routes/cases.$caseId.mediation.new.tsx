import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { withDone } from '#app/components/success-status.tsx'
import { MediationForm } from '#app/components/language-mediation-form.tsx'
import { latestAllowedContactDay, today } from '#app/domain/follow-up.ts'
import { auditCaseRead, requireCaseForRoute } from '#app/models/case-access.server.ts'
import { caseClientLanguage, checkMediationReferences, createMediation, providerOptions } from '#app/models/language-mediation.server.ts'
import { getFixedT, getLanguage } from '#app/utils/i18n.server.ts'
import { inMarkupOnly, languageChoices } from '#app/utils/iso.server.ts'
import { readFormData } from '#app/utils/request.server.ts'
import { safeRedirect } from '#app/utils/safe-redirect.ts'
import { mediationFormSchema } from '#app/forms/language-mediation.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

/**
 * Where to go after saving: a page of the same case that sent the user here (the contact form),
 * else the new record. Anything else — another site, another case — is ignored (no open redirect).
 */
function returnPath(returnTo: string | null | undefined, caseId: string): string | null {
  const safe = safeRedirect(returnTo, '')
  return safe.startsWith(`/cases/${caseId}/`) ? safe : null
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, kase } = await requireCaseForRoute({ request, params }, 'write')
  await auditCaseRead(user, kase)
  const [t, language] = await Promise.all([getFixedT(request, 'referrals'), getLanguage(request)])
  const returnTo = new URL(request.url).searchParams.get('returnTo')
  const client = await caseClientLanguage(kase.id)
  return {
    title: t('mediation.new.title'),
    caseId: kase.id,
    language,
    maxDay: latestAllowedContactDay(),
    returnTo: returnPath(returnTo, kase.id),
    defaults: { requestedAt: today().day, providerKind: 'POOL', languageCode: client },
    // A document leaves the whole list to the select's markup (decision 101).
    languages: inMarkupOnly(languageChoices(language, client ? [client] : []), ['all']),
    providers: await providerOptions(),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, kase } = await requireCaseForRoute({ request, params }, 'write')
  const language = await getLanguage(request)
  const formData = await readFormData(request)
  const submission = parseWithZod(formData, { schema: mediationFormSchema({ language, maxDay: latestAllowedContactDay() }) })
  if (submission.status !== 'success') {
    return data({ result: submission.reply() }, { status: 400 })
  }
  const fieldErrors = await checkMediationReferences(submission.value)
  if (Object.keys(fieldErrors).length > 0) {
    return data({ result: submission.reply({ fieldErrors }) }, { status: 400 })
  }
  const created = await createMediation({ caseId: kase.id, actor: user, value: submission.value })
  const fallback = withDone(`/cases/${kase.id}/mediation/${created.id}`, 'saved')
  const back = returnPath(submission.value.returnTo, kase.id)
  if (!back) throw redirect(fallback)
  // The contact form can preselect the record that was just requested.
  const url = new URL(back, 'http://local')
  url.searchParams.set('mediationId', created.id)
  throw redirect(`${url.pathname}${url.search}`)
}

export default function NewMediationPage() {
  const { t } = useTranslation('referrals')
  const { caseId, language, maxDay, returnTo, defaults, languages, providers } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <section className="stack" aria-labelledby="new-mediation-heading">
      <h2 id="new-mediation-heading">{t('mediation.new.title')}</h2>
      <p className="muted">{t('mediation.new.intro')}</p>
      <MediationForm
        id="new-mediation"
        language={language}
        maxDay={maxDay}
        defaults={defaults}
        lastResult={actionData?.result}
        languages={languages}
        providers={providers}
        withOutcome={false}
        returnTo={returnTo ?? undefined}
        submitLabel={t('mediation.new.submit')}
      />
      <p>
        <Link to={returnTo ?? `/cases/${caseId}/mediation`}>{returnTo ? t('mediation.new.backToContact') : t('mediation.backToList')}</Link>
      </p>
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
