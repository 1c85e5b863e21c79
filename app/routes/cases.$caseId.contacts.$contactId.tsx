import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ConfidentialNoteWithheld, ContactForm, confidentialAccess } from '#app/components/contact-form.tsx'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { SuccessStatus, withDone } from '#app/components/success-status.tsx'
import { latestAllowedContactDay } from '#app/domain/follow-up.ts'
import { requireCaseForRoute } from '#app/models/case-access.server.ts'
import {
  auditContactRead,
  checkContactReferences,
  contactAsFormValues,
  getContact,
  mediationOptions,
  topicOptions,
  updateContact,
} from '#app/models/contact.server.ts'
import { formatDate, formatDateTime } from '#app/utils/format.ts'
import { getFixedT, getLanguage } from '#app/utils/i18n.server.ts'
import { inMarkupOnly, languageChoices, languageName } from '#app/utils/iso.server.ts'
import { notFound, readFormData } from '#app/utils/request.server.ts'
import { contactFormSchema } from '#app/forms/contact.ts'
import { parseSubmission } from '#app/forms/submission.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.title ?? ''} · Wegbegleiter` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, kase } = await requireCaseForRoute({ request, params }, 'read')
  const contact = await getContact(kase, params.contactId)
  if (!contact) notFound()
  await auditContactRead(user, kase, contact)
  const [t, language] = await Promise.all([getFixedT(request, 'contacts'), getLanguage(request)])
  const canWrite = kase.allowed.includes('write')
  const chosenTopicIds = contact.topics.map((topic) => topic.topicId)
  const topics = await topicOptions(language, chosenTopicIds)
  const values = contactAsFormValues(contact)
  return {
    title: t('view.title', { date: formatDate(contact.date, language) }),
    caseId: kase.id,
    canWrite,
    confidential: confidentialAccess(kase.allowed),
    maxDay: latestAllowedContactDay(),
    contact: {
      date: contact.date,
      durationMinutes: contact.durationMinutes,
      mode: contact.mode,
      setting: contact.setting,
      personsPresent: contact.personsPresent,
      language: languageName(contact.languageCode, language),
      interpreting: contact.interpreting,
      nextStep: contact.nextStep,
      confidentialNote: contact.confidentialNote,
      hasConfidentialNote: contact.hasConfidentialNote,
      followUpDate: values.followUpDate ?? null,
      topics: topics
        .filter((topic) => chosenTopicIds.includes(Number(topic.value)))
        .map((topic) => topic.label),
      author: contact.author?.displayName ?? null,
      createdAt: contact.createdAt,
      updatedAt: contact.updatedAt,
      version: contact.version,
    },
    form: canWrite
      ? {
          defaults: { ...values, topicIds: values.topicIds.map(String), version: contact.version },
          // A document leaves the whole list to the select's markup (decision 101, as the contact form).
          languages: inMarkupOnly(languageChoices(language, contact.languageCode ? [contact.languageCode] : []), ['all']),
          topics,
          mediations: await mediationOptions(kase.id, language),
        }
      : null,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, kase } = await requireCaseForRoute({ request, params }, 'write')
  const contact = await getContact(kase, params.contactId)
  if (!contact) notFound()
  const formData = await readFormData(request)
  const submission = parseSubmission(formData, {
    schema: contactFormSchema({ maxDay: latestAllowedContactDay() }),
  })
  if (submission.status !== 'success') {
    return data({ result: submission.reply(), conflict: null }, { status: 400 })
  }
  const { version } = submission.value
  if (version === undefined) {
    return data(
      { result: submission.reply({ formErrors: ['contacts:errors.versionMissing'] }), conflict: null },
      { status: 400 },
    )
  }
  const keepTopicIds = contact.topics.map((topic) => topic.topicId)
  const fieldErrors = await checkContactReferences(kase.id, submission.value, keepTopicIds)
  if (Object.keys(fieldErrors).length > 0) {
    return data({ result: submission.reply({ fieldErrors }), conflict: null }, { status: 400 })
  }
  const outcome = await updateContact({
    actor: user,
    kase,
    contact,
    value: { ...submission.value, version },
  })
  if (!outcome.ok) {
    return data(
      { result: submission.reply({ formErrors: ['contacts:errors.conflict'] }), conflict: outcome.conflict },
      { status: 409 },
    )
  }
  throw redirect(withDone(`/cases/${kase.id}/contacts/${contact.id}`, 'saved'))
}

export default function ContactPage() {
  const { t, i18n } = useTranslation('contacts')
  const { caseId, canWrite, confidential, maxDay, contact, form } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const conflict = actionData?.conflict
  const language = i18n.language
  return (
    <section className="stack" aria-labelledby="contact-heading">
      <h2 id="contact-heading">{t('view.title', { date: formatDate(contact.date, language) })}</h2>
      <SuccessStatus hidden={Boolean(actionData)} messages={{ saved: t('view.saved') }} />
      {conflict ? (
        <div className="alert alert-warning" role="alert">
          <p>
            {conflict.changedBy
              ? t('view.conflictBy', {
                  name: conflict.changedBy,
                  at: formatDateTime(conflict.changedAt, language),
                })
              : t('view.conflictUnknown')}
          </p>
          {conflict.fields.length ? (
            <p>
              {t('view.conflictFields', {
                fields: conflict.fields
                  .map((field) => t(`fields.${field}`, { defaultValue: field }))
                  .join(', '),
              })}
            </p>
          ) : null}
          <p>
            {t('view.conflictHelp')} <Link to=".">{t('view.reload')}</Link>
          </p>
        </div>
      ) : null}
      <p className="muted">
        {t('view.meta', {
          author: contact.author ?? t('view.unknownAuthor'),
          created: formatDateTime(contact.createdAt, language),
          updated: formatDateTime(contact.updatedAt, language),
        })}
      </p>
      {canWrite && form ? (
        <ContactForm
          // A saved edit bumps the version: a fresh form then carries the new version number.
          key={contact.version}
          id="edit-contact"
          maxDay={maxDay}
          defaults={form.defaults}
          lastResult={actionData?.result}
          languages={form.languages}
          topics={form.topics}
          mediations={form.mediations}
          confidential={{ ...confidential, exists: contact.hasConfidentialNote }}
          submitLabel={t('view.submit')}
        />
      ) : (
        <dl className="facts">
          <dt>{t('fields.date')}</dt>
          <dd>{formatDate(contact.date, language)}</dd>
          <dt>{t('fields.durationMinutes')}</dt>
          <dd>{t('view.minutes', { count: contact.durationMinutes })}</dd>
          <dt>{t('fields.mode')}</dt>
          <dd>{t(`codes:contactMode.${contact.mode}`)}</dd>
          <dt>{t('fields.setting')}</dt>
          <dd>{t(`codes:contactSetting.${contact.setting}`)}</dd>
          <dt>{t('fields.personsPresent')}</dt>
          <dd>{contact.personsPresent}</dd>
          <dt>{t('fields.languageCode')}</dt>
          <dd>{contact.language || t('common:none')}</dd>
          <dt>{t('fields.interpreting')}</dt>
          <dd>{t(`codes:interpreting.${contact.interpreting}`)}</dd>
          <dt>{t('fields.topicIds')}</dt>
          <dd>{contact.topics.join(', ') || t('common:none')}</dd>
          <dt>{t('fields.nextStep')}</dt>
          <dd>{contact.nextStep || t('common:none')}</dd>
          <dt>{t('fields.followUpDate')}</dt>
          <dd>{contact.followUpDate ? formatDate(contact.followUpDate, language) : t('common:none')}</dd>
          <dt>{t('fields.confidentialNote')}</dt>
          <dd className="preserve-lines">
            {contact.confidentialNote ? (
              contact.confidentialNote
            ) : contact.hasConfidentialNote ? (
              <ConfidentialNoteWithheld caseId={caseId} mayRequestEmergency={confidential.mayRequestEmergency} />
            ) : (
              t('common:none')
            )}
          </dd>
        </dl>
      )}
      <p>
        <Link to={`/cases/${caseId}`}>{t('backToCase')}</Link>
      </p>
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
