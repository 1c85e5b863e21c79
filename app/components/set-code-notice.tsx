import { useTranslation } from 'react-i18next'
import { formatDateTime } from '#app/utils/format.ts'

/**
 * The one-time code an administrator passes on after creating an account or resetting a password
 * (decision 018). Shown in this one answer only; the server keeps nothing but its hash.
 */
export function SetCodeNotice({ code, expiresAt, address }: { code: string; expiresAt: string | Date; address: string }) {
  const { t, i18n } = useTranslation('admin')
  return (
    <>
      <p>
        {t('users.code.label')} <strong className="code">{code}</strong>
      </p>
      <p>{t('users.code.howTo', { address, until: formatDateTime(expiresAt, i18n.language) })}</p>
      <p>{t('users.code.fourEyes')}</p>
    </>
  )
}
