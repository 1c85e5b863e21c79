import { useTranslation } from 'react-i18next'
import { TemplateText } from '#app/components/template-text.tsx'
import { type BilingualDocumentProps, type PrintedText } from '#app/domain/consent-document.ts'
import { VOCABULARY } from '#app/domain/consent-vocabulary.ts'

function Column({ text }: { text: PrintedText }) {
  return (
    <section lang={text.tag} dir={text.dir} className={`document-column script-${text.script}`}>
      <TemplateText blocks={text.blocks} />
    </section>
  )
}

/**
 * The paper a client signs: their language and German side by side (or one after the other for long
 * texts and narrow screens), mirrored for right-to-left languages, with the code, the date and the
 * signature lines labelled in both languages. The document's own words are German on purpose: the
 * office files it, and a draft translation must say so in German (issue 18).
 */
export function BilingualDocument(props: BilingualDocumentProps) {
  const { t } = useTranslation('consentTexts', { lng: 'de' })
  const { kind, german, client, clientLanguageName, textLanguageName, fallback, pseudonymCode, date, counsellorName, summary, layout, withdrawnOn } = props
  const other = client && client.language !== 'deu' ? client : null
  const de = VOCABULARY.deu
  const theirs = other ? VOCABULARY[other.language] : null
  const label = (key: 'code' | 'placeDate' | 'signClient' | 'signCounsellor' | 'signInterpreter') => (
    <>
      {de[key]}
      {theirs && other ? (
        <>
          {' / '}
          <span lang={other.tag} dir={other.dir} className={`script-${other.script}`}>
            {theirs[key]}
          </span>
        </>
      ) : null}
    </>
  )
  const drafts = [other, german].filter((text): text is PrintedText => Boolean(text && !text.reviewed))
  return (
    <article className="print-document bilingual-document" lang="de" aria-labelledby="bilingual-document-title">
      <h2 id="bilingual-document-title" className="document-title">
        {t(`kinds.${kind}`)}
        {other ? ` – ${textLanguageName ?? other.language} / Deutsch` : null}
      </h2>
      {drafts.map((text) => (
        <p key={text.language} className="draft-mark">
          {text.language === 'deu' ? t('document.draftGerman') : t('document.draft', { language: textLanguageName ?? text.language })}
        </p>
      ))}
      {fallback ? (
        <p className="fallback-note">
          {t('document.fallback', { language: clientLanguageName ?? '' })}{' '}
          <span lang="en">{t('document.fallbackEnglish', { lng: 'en', language: clientLanguageName ?? '' })}</span>
        </p>
      ) : null}
      <dl className="facts document-facts">
        <dt>{label('code')}</dt>
        <dd>
          {pseudonymCode ? (
            <bdi dir="ltr" className="code">
              {pseudonymCode}
            </bdi>
          ) : (
            <span className="write-in" />
          )}
        </dd>
      </dl>
      <div className={`bilingual bilingual-${other ? layout : 'single'}`} dir={other?.dir ?? 'ltr'}>
        {other ? <Column text={other} /> : null}
        <Column text={german} />
      </div>
      <p className="document-versions muted">
        {t('document.versions', { german: german.version })}
        {other ? ` ${t('document.versionClient', { language: textLanguageName ?? other.language, version: other.version })}` : null}
      </p>
      <div className="signature-grid">
        <div className="signature">
          <p className="signature-line">{label('placeDate')}</p>
          {date ? (
            <p className="muted">
              <bdi dir="ltr">{date}</bdi>
            </p>
          ) : null}
        </div>
        <div className="signature">
          <p className="signature-line">{label('signClient')}</p>
        </div>
        <div className="signature">
          <p className="signature-line">{label('signCounsellor')}</p>
          {counsellorName ? <p className="muted">{counsellorName}</p> : null}
        </div>
        <div className="signature">
          <p className="signature-line">{label('signInterpreter')}</p>
        </div>
      </div>
      {withdrawnOn ? <p className="alert alert-warning">{t('document.withdrawnOn', { date: withdrawnOn })}</p> : null}
      {summary ? (
        <section className="interpreter-sheet" aria-labelledby="interpreter-sheet-title">
          <h3 id="interpreter-sheet-title">{t('document.summaryTitle')}</h3>
          <p className="muted">{t('document.summaryIntro', { language: clientLanguageName ?? '' })}</p>
          <TemplateText blocks={summary} headingLevel={4} />
          {pseudonymCode ? (
            <p className="muted">
              {t('document.summaryFor')}{' '}
              <bdi dir="ltr" className="code">
                {pseudonymCode}
              </bdi>
            </p>
          ) : null}
        </section>
      ) : null}
    </article>
  )
}
