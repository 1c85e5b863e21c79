import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'

/**
 * Shown once right after a new client + case was created (`/cases/<id>?created=1`): the pseudonym
 * code, large, to write on the client's paper file or hand to the client. Print and Copy need
 * JavaScript, so they appear only after hydration; without it the code is still there to read and
 * the browser's own print works (the print styles show only this card).
 */
export function PseudonymCodeCard({ code }: { code: string }) {
  const { t } = useTranslation('cases')
  const [hydrated, setHydrated] = useState(false)
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null)
  useEffect(() => setHydrated(true), [])

  async function copy() {
    try {
      await navigator.clipboard.writeText(code)
      setCopied('yes')
    } catch {
      setCopied('failed')
    }
  }

  return (
    <section className="card pseudonym-code-card" aria-labelledby="pseudonym-code-card-title">
      <h2 id="pseudonym-code-card-title">{t('codeCard.title')}</h2>
      <p className="pseudonym-code-value code" aria-describedby="pseudonym-code-card-hint">
        {code}
      </p>
      <p id="pseudonym-code-card-hint" className="muted">
        {t('codeCard.hint')}
      </p>
      {hydrated ? (
        <div className="form-actions pseudonym-code-actions">
          <button type="button" className="button button-primary" onClick={() => window.print()}>
            {t('codeCard.print')}
          </button>
          <button type="button" className="button button-secondary" onClick={() => void copy()}>
            {t('codeCard.copy')}
          </button>
          <span role="status" className="muted">
            {copied === 'yes' ? t('codeCard.copied') : copied === 'failed' ? t('codeCard.copyFailed') : ''}
          </span>
        </div>
      ) : null}
    </section>
  )
}
