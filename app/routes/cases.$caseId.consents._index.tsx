import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { DONE_PARAM, SuccessStatus } from '#app/components/success-status.tsx'
import { formatDate } from '#app/components/referral-fields.tsx'
import { SubmitButton } from '#app/components/ui/button.tsx'
import { Table } from '#app/components/ui/table.tsx'
import { isConsentActive } from '#app/domain/consent-rules.ts'
import { requireCaseForRoute } from '#app/models/case-access.server.ts'
import { consentTextSummaries } from '#app/models/consent-template.server.ts'
import { listConsents, markPaperOnFile } from '#app/models/consent.server.ts'
import { documentsByConsent } from '#app/models/document.server.ts'
import { getFixedT, getLanguage } from '#app/utils/i18n.server.ts'
import { languageName } from '#app/utils/iso.server.ts'
import { notFound, readFormData } from '#app/utils/request.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.title ?? ''} · Wegbegleiter` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, kase } = await requireCaseForRoute({ request, params }, 'read')
  const [t, lng] = await Promise.all([getFixedT(request, 'referrals'), getLanguage(request)])
  const consents = await listConsents(kase.id, { userId: user.id })
  // the signed scans: everyone who reads the case sees that one exists, as in the documents list
  const scans = await documentsByConsent(kase.id, consents.map((consent) => consent.id), lng)
  const texts = await consentTextSummaries(consents.map((consent) => consent.id))
  const canWrite = kase.allowed.includes('write')
  const canOpenDocuments = kase.allowed.includes('read-confidential')
  return {
    title: t('consents.title'),
    caseId: kase.id,
    canWrite,
    // No description and no way to the file for those who may only see that a scan exists.
    scans: Object.fromEntries(
      Object.entries(scans).map(([consentId, documents]) => [
        consentId,
        documents.map((document) => ({
          id: document.id,
          kind: document.kind,
          createdAt: document.createdAt,
          detailHref: canOpenDocuments ? `/cases/${kase.id}/documents/${document.id}` : null,
          downloadHref: canOpenDocuments ? `/cases/${kase.id}/documents/${document.id}/download` : null,
        })),
      ]),
    ),
    consents: consents.map((consent) => ({
      ...consent,
      attachScanHref:
        canWrite && consent.form === 'WRITTEN'
          ? `/cases/${kase.id}/documents?${new URLSearchParams({ kind: 'CONSENT_SIGNED', linkTo: `consent:${consent.id}` })}`
          : null,
      active: isConsentActive(consent),
      languageLabel: consent.languageCode ? languageName(consent.languageCode, lng) : '',
      text: texts.has(consent.id)
        ? { ...texts.get(consent.id)!, languageLabel: languageName(texts.get(consent.id)!.language, lng) }
        : null,
    })),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, kase } = await requireCaseForRoute({ request, params }, 'write')
  const formData = await readFormData(request)
  if (formData.get('intent') !== 'paperOnFile') throw new Response('Unknown intent', { status: 400 })
  const consentId = String(formData.get('consentId') ?? '')
  if (!(await markPaperOnFile(kase.id, consentId, { userId: user.id }))) notFound()
  throw redirect(`/cases/${kase.id}/consents?paper=1`)
}

export default function ConsentsPage() {
  const { t, i18n } = useTranslation('referrals')
  const { caseId, canWrite, scans, consents } = useLoaderData<typeof loader>()
  const [searchParams] = useSearchParams()
  // The print link of the consent just recorded, only for a consent of this case.
  const saved = searchParams.get(DONE_PARAM) === 'saved' ? consents.find((consent) => consent.id === searchParams.get('consent')) : undefined
  const withdrawn = searchParams.get('withdrawn')
  const flagged = Number(searchParams.get('flagged') ?? 0)
  const paper = searchParams.get('paper')
  return (
    <section className="stack" aria-labelledby="consents-heading">
      <div className="row page-heading">
        <h2 id="consents-heading">{t('consents.title')}</h2>
        {canWrite ? (
          <Link to={`/cases/${caseId}/consents/new`} className="button button-primary">
            {t('consents.new')}
          </Link>
        ) : null}
      </div>
      <p className="muted">{t('consents.intro')}</p>
      <SuccessStatus messages={{ saved: t('consents.saved') }} />
      {saved ? (
        <p>
          <Link to={`/cases/${caseId}/consents/${saved.id}/print`}>{t('consents.printLink')}</Link>
        </p>
      ) : null}
      {withdrawn ? (
        <p className="alert alert-success" role="status">
          {t('consents.withdrawnNotice', { count: flagged })}
        </p>
      ) : null}
      {paper ? (
        <p className="alert alert-success" role="status">
          {t('consents.paperSaved')}
        </p>
      ) : null}
      {consents.length === 0 ? (
        <p>{t('consents.none')}</p>
      ) : (
        <Table caption={t('consents.caption', { count: consents.length })} columns={[t('consents.fields.recipient'), t('consents.fields.purpose'), t('consents.fields.dataCategories'), t('consents.fields.form'), t('consents.fields.givenAt'), t('consents.fields.validUntil'), t('consents.state'), t('consents.actions')]}>
          {consents.map((consent) => (
            <tr key={consent.id}>
              <th scope="row">
                {consent.recipientPartner
                  ? consent.recipientPartner.name
                  : t('consents.anyOfKind', { kind: t(`codes:referralKind.${consent.recipientKind}`) })}
              </th>
              <td>{consent.purpose}</td>
              <td>{consent.dataCategories.map((code) => t(`codes:dataCategory.${code}`)).join(', ')}</td>
              <td>
                {t(`codes:consentForm.${consent.form}`)}
                {consent.languageLabel ? ` (${consent.languageLabel})` : null}
                <br />
                <span className="muted">
                  {t('consentTexts:given.label')}:{' '}
                  {consent.text
                    ? t('consentTexts:given.version', { language: consent.text.languageLabel, version: consent.text.version })
                    : t('consentTexts:given.none')}
                  {consent.text && !consent.text.reviewed ? ` (${t('consentTexts:given.draft')})` : null}
                </span>
                {consent.form === 'WRITTEN' ? (
                  <>
                    <br />
                    <span className="muted">
                      {consent.paperOnFile ? t('consents.paperOnFile') : t('consents.paperMissing')}
                    </span>
                  </>
                ) : null}
                {(scans[consent.id] ?? []).map((scan) => (
                  <span key={scan.id}>
                    <br />
                    {scan.detailHref && scan.downloadHref ? (
                      <>
                        <Link to={scan.detailHref}>{t('consents.scanOpen', { date: formatDate(scan.createdAt, i18n.language) })}</Link>
                        {' · '}
                        <a
                          href={scan.downloadHref}
                          aria-label={t('documents:detailsFor', {
                            action: t('documents:detail.download'),
                            kind: scan.kind,
                            date: formatDate(scan.createdAt, i18n.language),
                          })}
                        >
                          {t('documents:detail.download')}
                        </a>
                      </>
                    ) : (
                      t('consents.scanExists', { date: formatDate(scan.createdAt, i18n.language) })
                    )}
                  </span>
                ))}
              </td>
              <td>{formatDate(consent.givenAt, i18n.language)}</td>
              <td>
                {consent.validUntil
                  ? formatDate(consent.validUntil, i18n.language)
                  : t('consents.noExpiry')}
              </td>
              <td>
                {consent.withdrawnAt ? (
                  <span className="badge badge-error">
                    {t('consents.withdrawnOn', { date: formatDate(consent.withdrawnAt, i18n.language) })}
                  </span>
                ) : consent.active ? (
                  <span className="badge badge-success">{t('consents.active')}</span>
                ) : (
                  <span className="badge badge-warning">{t('consents.expired')}</span>
                )}
              </td>
              <td>
                <ul className="action-list">
                  <li>
                    <Link to={`/cases/${caseId}/consents/${consent.id}/print`}>
                      {t('consents.print')}
                    </Link>
                  </li>
                  {canWrite &&
                  consent.form === 'WRITTEN' &&
                  !consent.paperOnFile &&
                  !consent.withdrawnAt ? (
                    <li>
                      <Form method="post">
                        <input type="hidden" name="consentId" value={consent.id} />
                        <SubmitButton intent="paperOnFile" variant="link">
                          {t('consents.markPaper')}
                        </SubmitButton>
                      </Form>
                    </li>
                  ) : null}
                  {consent.attachScanHref ? (
                    <li>
                      <Link to={consent.attachScanHref}>
                        {t('consents.uploadScan')}
                      </Link>
                    </li>
                  ) : null}
                  {canWrite && !consent.withdrawnAt ? (
                    <li>
                      <Link to={`/cases/${caseId}/consents/${consent.id}/withdraw`}>
                        {t('consents.withdraw')}
                      </Link>
                    </li>
                  ) : null}
                </ul>
              </td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
