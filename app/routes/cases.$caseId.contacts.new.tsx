import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ContactForm, confidentialAccess } from '#app/components/contact-form.tsx'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { withDone } from '#app/components/success-status.tsx'
import { dayOf, latestAllowedContactDay, today } from '#app/domain/follow-up.ts'
import { auditCaseRead, requireCaseForRoute } from '#app/models/case-access.server.ts'
import {
  CaseClosedError,
  checkContactReferences,
  createContact,
  earlierContactFollowUp,
  mediationOptions,
  quickEntryDefaults,
  topicOptions,
} from '#app/models/contact.server.ts'
import { getFixedT, getLanguage } from '#app/utils/i18n.server.ts'
import { inMarkupOnly, languageChoices } from '#app/utils/iso.server.ts'
import { readFormData } from '#app/utils/request.server.ts'
import { contactFormSchema } from '#app/forms/contact.ts'
import { parseSubmission } from '#app/forms/submission.ts'
import { Link } from '#app/components/ui/link.tsx'
import { choicesOf, optionsOf, readableFromMarkup } from '#app/utils/options.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.title ?? ''} · Wegbegleiter` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, kase } = await requireCaseForRoute({ request, params }, 'write')
  await auditCaseRead(user, kase)
  const [t, language] = await Promise.all([getFixedT(request, 'contacts'), getLanguage(request)])
  const quick = await quickEntryDefaults(kase.id)
  const [topics, mediations, earlier] = await Promise.all([
    topicOptions(language),
    mediationOptions(kase.id, language),
    earlierContactFollowUp(kase.id),
  ])
  // Back from "Sprachmittlung anfragen": the new request is preselected (if it is this case's).
  const requested = new URL(request.url).searchParams.get('mediationId')
  const linked = requested && mediations.some((option) => option.value === requested) ? requested : null
  // A document leaves the topics and the case's mediation requests to the form's markup (decision 204): the page
  // reads them back from the checkboxes and the select while it hydrates; a `.data` answer carries them.
  return inMarkupOnly({
    title: t('new.title'),
    caseId: kase.id,
    // A closed case takes no contact (decision 030): the page says so and links to reopening.
    closed: kase.status === 'CLOSED',
    earlierFollowUp: earlier ? dayOf(earlier.dueDate) : null,
    confidential: confidentialAccess(kase.allowed),
    maxDay: latestAllowedContactDay(),
    defaults: {
      date: today().day,
      mode: quick.mode,
      setting: quick.setting,
      personsPresent: 1,
      languageCode: quick.languageCode,
      interpreting: linked ? 'PROFESSIONAL' : quick.interpreting,
      languageMediationId: linked,
      topicIds: [],
    },
    // A document leaves the whole list to the select's markup (decision 101), the common languages too (decision 188).
    languages: inMarkupOnly(languageChoices(language, quick.languageCode ? [quick.languageCode] : []), ['all', 'common']),
    topics,
    mediations,
  }, readableFromMarkup(topics) && readableFromMarkup(mediations) ? ['topics', 'mediations'] : [])
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, kase } = await requireCaseForRoute({ request, params }, 'write')
  const formData = await readFormData(request)
  const submission = parseSubmission(formData, {
    schema: contactFormSchema({ maxDay: latestAllowedContactDay() }),
  })
  if (submission.status !== 'success') {
    return data({ result: submission.reply() }, { status: 400 })
  }
  const fieldErrors = await checkContactReferences(kase.id, submission.value)
  if (Object.keys(fieldErrors).length > 0) {
    return data({ result: submission.reply({ fieldErrors }) }, { status: 400 })
  }
  if (kase.status === 'CLOSED') return data({ result: submission.reply({ formErrors: ['contacts:followUps.errors.caseClosed'] }) }, { status: 409 })
  const contact = await createContact({ actor: user, kase, value: submission.value }).catch((error: unknown) => {
    if (error instanceof CaseClosedError) return null
    throw error
  })
  if (!contact) return data({ result: submission.reply({ formErrors: ['contacts:followUps.errors.caseClosed'] }) }, { status: 409 })
  throw redirect(withDone(`/cases/${kase.id}/contacts/${contact.id}`, 'saved'))
}

// The form's id: its fields' ids and the list read back from its markup derive from it.
const FORM_ID = 'new-contact'

export default function NewContactPage() {
  const { t } = useTranslation('contacts')
  const loaded = useLoaderData<typeof loader>()
  const { caseId, confidential, maxDay, defaults, languages, closed, earlierFollowUp } = loaded
  const actionData = useActionData<typeof action>()
  if (closed) {
    return (
      <section className="stack" aria-labelledby="new-contact-heading">
        <h2 id="new-contact-heading">{t('new.title')}</h2>
        <p className="alert alert-error" role="alert">
          {t('followUps.errors.caseClosed')} <Link to={`/cases/${caseId}/status`}>{t('followUps.reopenLink')}</Link>
        </p>
      </section>
    )
  }
  return (
    <section className="stack" aria-labelledby="new-contact-heading">
      <h2 id="new-contact-heading">{t('new.title')}</h2>
      <p className="muted">{t('new.intro')}</p>
      <p>
        <Link to={`/cases/${caseId}/group-sessions/new`}>{t('groupSessions:action')}</Link>
      </p>
      <ContactForm
        id={FORM_ID}
        maxDay={maxDay}
        defaults={defaults}
        lastResult={actionData?.result}
        languages={languages}
        topics={choicesOf(loaded, 'topics', FORM_ID, 'topicIds')}
        mediations={optionsOf(loaded, 'mediations', `${FORM_ID}-languageMediationId`)}
        mediationRequest={{ caseId, returnTo: `/cases/${caseId}/contacts/new` }}
        confidential={{ ...confidential, exists: false }}
        submitLabel={t('new.submit')}
        earlierFollowUp={earlierFollowUp}
      />
      <p>
        <Link to={`/cases/${caseId}`}>{t('backToCase')}</Link>
      </p>
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
