import { useTranslation } from 'react-i18next'
import { formatDate } from '#app/components/referral-fields.tsx'
import { formatDay } from '#app/utils/format.ts'

type Props = {
  documentLanguage: string
  pseudonymCode: string
  teamName: string
  counsellorName: string
  languageLabel: string
  consent: {
    purpose: string
    dataCategories: string[]
    form: string
    givenAt: string | Date
    validUntil: string | Date | null
    withdrawnAt: string | Date | null
    recipientKind: string | null
    recipientPartner: { name: string; address: string | null } | null
  }
}

/**
 * The release from confidentiality as a printable form. The signed paper is the record the law
 * cares about; it stays in the paper file, the system only notes that it is there.
 */
export function ConsentDocument({
  documentLanguage,
  pseudonymCode,
  teamName,
  counsellorName,
  languageLabel,
  consent,
}: Props) {
  const { t } = useTranslation('referrals', { lng: documentLanguage })
  const lng = documentLanguage
  return (
    <article className="print-document card" lang={lng}>
      <h2 id="consent-document-title">{t('consentDocument.title')}</h2>
      <p className="muted">{t('consentDocument.subtitle')}</p>
      <dl className="facts">
        <dt>{t('consentDocument.caseCode')}</dt>
        <dd className="code">{pseudonymCode}</dd>
        <dt>{t('consentDocument.clientName')}</dt>
        <dd className="write-in">
          <span className="visually-hidden">{t('consentDocument.writeIn')}</span>
        </dd>
        <dt>{t('consentDocument.clientBirth')}</dt>
        <dd className="write-in">
          <span className="visually-hidden">{t('consentDocument.writeIn')}</span>
        </dd>
      </dl>
      <p>{t('consentDocument.release', { office: teamName })}</p>
      <h3>{t('consentDocument.recipient')}</h3>
      <p>
        {consent.recipientPartner ? (
          <>
            <strong>{consent.recipientPartner.name}</strong>
            {consent.recipientPartner.address ? `, ${consent.recipientPartner.address}` : null}
          </>
        ) : (
          t('consentDocument.anyOfKind', { kind: t(`codes:referralKind.${consent.recipientKind}`) })
        )}
      </p>
      <h3>{t('consentDocument.purpose')}</h3>
      <p className="preserve-lines">{consent.purpose}</p>
      <h3>{t('consentDocument.categories')}</h3>
      <ul>
        {consent.dataCategories.map((code) => (
          <li key={code}>{t(`codes:dataCategory.${code}`)}</li>
        ))}
      </ul>
      <p>{t('consentDocument.notOther')}</p>
      <h3>{t('consentDocument.validity')}</h3>
      <p>
        {consent.validUntil
          ? t('consentDocument.validUntil', { date: formatDay(consent.validUntil, lng) })
          : t('consentDocument.untilWithdrawn')}
      </p>
      <p>{t('consentDocument.voluntary')}</p>
      <p>{t('consentDocument.withdrawal', { office: teamName })}</p>
      <p>
        {t(`consentDocument.form.${consent.form === 'ORAL' ? 'ORAL' : 'WRITTEN'}`)}
        {languageLabel ? ` ${t('consentDocument.explainedIn', { language: languageLabel })}` : null}
      </p>
      <div className="signature-grid">
        <div className="signature">
          <p className="signature-line">{t('consentDocument.placeDate')}</p>
          <p className="muted">{formatDay(consent.givenAt, lng)}</p>
        </div>
        <div className="signature">
          <p className="signature-line">{t('consentDocument.signClient')}</p>
        </div>
        <div className="signature">
          <p className="signature-line">{t('consentDocument.signCounsellor')}</p>
          <p className="muted">{counsellorName}</p>
        </div>
        <div className="signature">
          <p className="signature-line">{t('consentDocument.signInterpreter')}</p>
          <p className="muted">{t('consentDocument.interpreterHint')}</p>
        </div>
      </div>
      {consent.withdrawnAt ? (
        <p className="alert alert-warning">
          {t('consentDocument.withdrawnOn', { date: formatDate(consent.withdrawnAt, lng) })}
        </p>
      ) : null}
    </article>
  )
}
