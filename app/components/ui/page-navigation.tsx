import { useTranslation } from 'react-i18next'
import { formatNumber } from '#app/utils/format.ts'
import { Link } from './link.tsx'

type PageNavigationProps = {
  page: number
  pages: number
  /** the link to another page of the same list (its filters kept) */
  href: (page: number) => string
  /**
   * A capped count (decision 049): `pages` is a lower bound ("Seite 2 von mehr als 20"), and the
   * next link follows `more` — whether rows remain after this page — rather than `pages`.
   */
  capped?: { more: boolean }
}

/**
 * "Zurück · Seite 2 von 7 · Weiter" under a paged list (the case list, the audit log, referrals,
 * open language-mediation requests): a navigation landmark named for screen readers, plain links
 * (no JavaScript needed, each page its own address), `rel` prev/next. Shown only when there is
 * more than one page.
 */
export function PageNavigation({ page, pages, href, capped }: PageNavigationProps) {
  const { t, i18n } = useTranslation('common')
  const hasNext = capped ? capped.more : page < pages
  if (page <= 1 && !hasNext) return null
  const numbers = { page: formatNumber(page, i18n.language), pages: formatNumber(pages, i18n.language) }
  return (
    <nav className="pagination" aria-label={t('pagination.label')}>
      {page > 1 ? (
        <Link to={href(page - 1)} rel="prev">
          {t('actions.previous')}
        </Link>
      ) : null}
      <span>{t(capped ? 'pagination.pageOfMore' : 'pagination.page', numbers)}</span>
      {hasNext ? (
        <Link to={href(page + 1)} rel="next">
          {t('actions.next')}
        </Link>
      ) : null}
    </nav>
  )
}
