import { type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { Table } from '#app/components/ui/table.tsx'
import { formatBytes } from '#app/domain/documents.ts'
import { requireCaseForRoute } from '#app/models/case-access.server.ts'
import { getSubjectAccessFile } from '#app/models/subject-access.server.ts'
import { formatDate, formatDateTime } from '#app/utils/format.ts'
import { getFixedT, getLanguage } from '#app/utils/i18n.server.ts'
import { countryName, languageName } from '#app/utils/iso.ts'

// The printable data-subject access file (Art. 15): everything the organisation holds about the
// client, to hand over on paper. Contains the identity when it can be decrypted: never cached.
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' })

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, kase: access } = await requireCaseForRoute({ request, params }, 'reveal-identity')
  const language = await getLanguage(request)
  const file = await getSubjectAccessFile({ actor: user, caseId: access.id, language, format: 'html' })
  const t = await getFixedT(request, 'privacy')
  return { title: t('subject.title'), caseId: access.id, file }
}

export default function SubjectAccessPage() {
  const { t, i18n } = useTranslation('privacy')
  const { caseId, file } = useLoaderData<typeof loader>()
  const lng = i18n.language
  const date = (value: string | null) => (value ? formatDate(value, lng) : '–')
  const dateTime = (value: string | null) => (value ? formatDateTime(value, lng) : '–')
  const code = (list: string, value: string | null) => (value ? t(`codes:${list}.${value}`, { defaultValue: value }) : '–')
  const text = (value: string | null) => value || '–'
  return (
    <article className="stack subject-access print-document" aria-labelledby="subject-access-heading">
      <h2 id="subject-access-heading">{t('subject.title')}</h2>
      <p>{t('subject.intro', { date: dateTime(file.generatedAt) })}</p>
      <p className="no-print">
        {t('subject.printHint')} <a href={`/cases/${caseId}/export.json`}>{t('subject.json')}</a>{' '}
        <a href={`/cases/${caseId}/export.zip`}>{t('subject.zip')}</a>
      </p>

      <section className="stack">
        <h3>{t('subject.masterData')}</h3>
        <dl className="facts">
          <dt>{t('subject.fields.code')}</dt>
          <dd className="code">{file.client.pseudonymCode}</dd>
          <dt>{t('subject.fields.birthYear')}</dt>
          <dd>{file.client.birthYear}</dd>
          <dt>{t('subject.fields.gender')}</dt>
          <dd>{code('gender', file.client.gender)}</dd>
          <dt>{t('subject.fields.countryOfOrigin')}</dt>
          <dd>{file.client.countryOfOrigin ? countryName(file.client.countryOfOrigin, lng) : '–'}</dd>
          <dt>{t('subject.fields.nationality')}</dt>
          <dd>{file.client.nationality ? countryName(file.client.nationality, lng) : '–'}</dd>
          <dt>{t('subject.fields.arrivalMonth')}</dt>
          <dd>{text(file.client.arrivalMonth)}</dd>
          <dt>{t('subject.fields.district')}</dt>
          <dd>{text(file.client.district)}</dd>
          <dt>{t('subject.fields.household')}</dt>
          <dd>{t('subject.household', { adults: file.client.householdAdults, children: file.client.householdChildren })}</dd>
          <dt>{t('subject.fields.languages')}</dt>
          <dd>{file.client.languages.map((language) => languageName(language, lng)).join(', ') || '–'}</dd>
          <dt>{t('subject.fields.createdAt')}</dt>
          <dd>{date(file.client.createdAt)}</dd>
        </dl>
      </section>

      <section className="stack">
        <h3>{t('identity.title')}</h3>
        {file.identity ? (
          <dl className="facts">
            <dt>{t('identity.fields.name')}</dt>
            <dd>{file.identity.name}</dd>
            <dt>{t('identity.fields.dateOfBirth')}</dt>
            <dd>{file.identity.dateOfBirth}</dd>
            <dt>{t('identity.fields.phone')}</dt>
            <dd>{file.identity.phone || t('identity.fields.noPhone')}</dd>
          </dl>
        ) : (
          <p>{t(`subject.identity.${file.identityStatus}`)}</p>
        )}
      </section>

      <section className="stack">
        <h3>{t('subject.residence')}</h3>
        {file.residenceHistory.length ? (
          <ul>
            {file.residenceHistory.map((entry, index) => (
              <li key={index}>
                {entry.status} — {t('subject.since', { date: date(entry.validFrom) })}
                {entry.expiresAt ? `, ${t('subject.until', { date: date(entry.expiresAt) })}` : ''}
              </li>
            ))}
          </ul>
        ) : (
          <p>–</p>
        )}
      </section>

      {file.cases.map((kase, caseIndex) => (
        <section className="stack" key={kase.id}>
          <h3>{t('subject.caseHeading', { number: caseIndex + 1, team: kase.team })}</h3>
          <dl className="facts">
            <dt>{t('subject.fields.openedAt')}</dt>
            <dd>{date(kase.openedAt)}</dd>
            <dt>{t('subject.fields.status')}</dt>
            <dd>
              {code('caseStatus', kase.status)}
              {kase.closedAt ? ` (${date(kase.closedAt)}${kase.closureReason ? `, ${kase.closureReason}` : ''})` : ''}
            </dd>
            <dt>{t('subject.fields.kind')}</dt>
            <dd>{code('caseKind', kase.kind)}</dd>
            <dt>{t('subject.fields.programme')}</dt>
            <dd>{kase.programmes.map((period) => `${code('programme', period.programme)} (${date(period.validFrom)})`).join(', ') || code('programme', kase.programme)}</dd>
            <dt>{t('subject.fields.counsellor')}</dt>
            <dd>{text(kase.counsellor)}</dd>
            <dt>{t('subject.fields.startPlace')}</dt>
            <dd>{code('startPlace', kase.startPlace)}</dd>
            <dt>{t('subject.fields.accessRoute')}</dt>
            <dd>{code('accessRoute', kase.accessRoute)}</dd>
            <dt>{t('subject.fields.germanLevel')}</dt>
            <dd>{code('germanLevel', kase.germanLevel)}</dd>
            <dt>{t('subject.fields.legalBasis')}</dt>
            <dd>{text(kase.legalBasis)}</dd>
            <dt>{t('subject.fields.privacyInfo')}</dt>
            <dd>{kase.privacyInfo.givenAt ? `${date(kase.privacyInfo.givenAt)} (${code('consentForm', kase.privacyInfo.form)})` : '–'}</dd>
          </dl>

          <h4>{t('subject.contacts', { count: kase.contacts.length })}</h4>
          {kase.contacts.length ? (
            <Table caption={t('subject.contacts', { count: kase.contacts.length })} hideCaption columns={[t('subject.fields.date'), t('subject.fields.contact'), t('subject.fields.topics'), t('subject.fields.notes')]}>
              {kase.contacts.map((contact, index) => (
                <tr key={index}>
                  <td>{date(contact.date)}</td>
                  <td>
                    {code('contactMode', contact.mode)}, {t('subject.minutes', { count: contact.durationMinutes })}
                    {contact.languageCode ? `, ${languageName(contact.languageCode, lng)}` : ''}
                    {contact.interpreting !== 'NONE' ? `, ${code('interpreting', contact.interpreting)}` : ''}
                    {contact.author ? ` — ${contact.author}` : ''}
                  </td>
                  <td>{contact.topics.filter(Boolean).join(', ') || '–'}</td>
                  <td>
                    {contact.confidentialNote ? <p>{contact.confidentialNote}</p> : null}
                    {contact.confidentialNoteWithheld ? <p>{t('subject.noteWithheld', { counsellor: kase.counsellor ?? t('subject.noCounsellor') })}</p> : null}
                    {contact.nextStep ? <p>{t('subject.nextStep', { text: contact.nextStep })}</p> : null}
                  </td>
                </tr>
              ))}
            </Table>
          ) : null}

          {kase.groupSessions.length ? (
            <>
              <h4>{t('groupSessions:subject.title', { count: kase.groupSessions.length })}</h4>
              <Table
                caption={t('groupSessions:subject.title', { count: kase.groupSessions.length })}
                hideCaption
                columns={[t('subject.fields.date'), t('subject.fields.contact'), t('subject.fields.topics'), t('groupSessions:view.description')]}
              >
                {kase.groupSessions.map((session, index) => (
                  <tr key={index}>
                    <td>{date(session.date)}</td>
                    <td>
                      {code('contactMode', session.mode)}, {t('subject.minutes', { count: session.durationMinutes })},{' '}
                      {t('groupSessions:subject.participants', { count: session.participants })}
                    </td>
                    <td>{session.topics.filter(Boolean).join(', ') || '–'}</td>
                    <td>{session.description}</td>
                  </tr>
                ))}
              </Table>
            </>
          ) : null}

          {kase.plan ? (
            <>
              <h4>{t('subject.plan')}</h4>
              <ul>
                {kase.plan.goals.map((goal, index) => (
                  <li key={index}>
                    {goal.topic}: {goal.text || '–'} ({code('goalStatus', goal.status)}
                    {goal.dueDate ? `, ${date(goal.dueDate)}` : ''})
                  </li>
                ))}
              </ul>
            </>
          ) : null}

          {kase.consents.length ? (
            <>
              <h4>{t('subject.consents')}</h4>
              <ul>
                {kase.consents.map((consent, index) => (
                  <li key={index}>
                    {t('subject.consent', {
                      recipient: consent.recipient ? code('referralKind', consent.recipient) : '–',
                      purpose: consent.purpose || '–',
                      given: date(consent.givenAt),
                      form: code('consentForm', consent.form),
                    })}
                    {consent.dataCategories.length ? ` — ${consent.dataCategories.map((category) => code('dataCategory', category)).join(', ')}` : ''}
                    {consent.withdrawnAt ? ` — ${t('subject.withdrawn', { date: date(consent.withdrawnAt) })}` : ''}
                  </li>
                ))}
              </ul>
            </>
          ) : null}

          {kase.referrals.length ? (
            <>
              <h4>{t('subject.referrals')}</h4>
              <ul>
                {kase.referrals.map((referral, index) => (
                  <li key={index}>
                    {date(referral.sentAt)}: {code('referralKind', referral.kind)}
                    {referral.partner ? ` (${referral.partner})` : ''} — {code('referralStatus', referral.status)}
                    {referral.reason ? ` — ${referral.reason}` : ''}
                  </li>
                ))}
              </ul>
            </>
          ) : null}

          {kase.mediations.length ? (
            <>
              <h4>{t('subject.mediations')}</h4>
              <ul>
                {kase.mediations.map((mediation, index) => (
                  <li key={index}>
                    {date(mediation.requestedAt)}: {languageName(mediation.languageCode, lng)}
                    {mediation.dialect ? ` (${mediation.dialect})` : ''}, {code('mediationMode', mediation.mode)}
                    {mediation.provider ? `, ${mediation.provider}` : ''} — {code('mediationStatus', mediation.status)}
                  </li>
                ))}
              </ul>
            </>
          ) : null}

          {kase.documents.length ? (
            <>
              <h4>{t('subject.documents')}</h4>
              <ul>
                {kase.documents.map((document) => (
                  <li key={document.id}>
                    {date(document.uploadedAt)}: {document.kind} ({t(`documents:mediaTypes.${document.mediaType.replace('/', '_')}`, { defaultValue: document.mediaType })},{' '}
                    {formatBytes(document.sizeBytes, lng)}){document.description ? ` — ${document.description}` : ''}
                  </li>
                ))}
              </ul>
            </>
          ) : null}

          {kase.transfers.length || kase.assignments.length ? (
            <>
              <h4>{t('subject.history')}</h4>
              <ul>
                {kase.assignments.map((assignment, index) => (
                  <li key={`a${index}`}>
                    {t('subject.assigned', { date: date(assignment.at), to: assignment.to ?? '–' })}
                    {assignment.note ? ` — ${assignment.note}` : ''}
                  </li>
                ))}
                {kase.transfers.map((transfer, index) => (
                  <li key={`t${index}`}>
                    {t('subject.transferred', { date: date(transfer.at), from: transfer.from, to: transfer.to })}
                    {transfer.handoverNote ? ` — ${transfer.handoverNote}` : ''}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ))}

      {file.otherCases.length ? (
        <section className="stack">
          <h3>{t('subject.otherCases')}</h3>
          <ul>
            {file.otherCases.map((other, index) => (
              <li key={index}>{t('subject.otherCase', { team: other.team, date: date(other.openedAt) })}</li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="stack">
        <h3>{t('subject.accessLog')}</h3>
        <Table caption={t('subject.accessLogCaption')} columns={[t('audit.column.at'), t('audit.column.user'), t('audit.column.action'), t('audit.column.outcome')]}>
          {file.accessLog.map((event, index) => (
            <tr key={index}>
              <td>{dateTime(event.at)}</td>
              <td>{event.user ?? t('audit.system')}</td>
              <td>
                {t(`subject.actions.${event.action.replace('.', '_')}`, { defaultValue: event.action })}
                {event.emergency ? ` (${t('audit.emergencyBadge')})` : ''}
              </td>
              <td>{t(`audit.outcome.${event.outcome}`, { defaultValue: event.outcome })}</td>
            </tr>
          ))}
        </Table>
      </section>
      <p className="no-print">
        <Link to={`/cases/${caseId}`}>{t('subject.back')}</Link>
      </p>
    </article>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
