import { Link, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { type CaseAction, type CaseRelation } from '#app/domain/access-policy.ts'
import { CASE_TAB_GROUPS, CASE_TABS, currentCaseTab } from '#app/domain/case-navigation.ts'
import { formatDate } from '#app/utils/format.ts'

export type CaseHeaderData = {
  id: string
  pseudonymCode: string
  anonymised: boolean
  status: string
  programme: string
  kind: string
  openedAt: string
  closedAt: string | null
  closureReason: string | null
  sharedForSubstitution: boolean
  teamName: string
  counsellorName: string | null
  missingLegalBasis: boolean
  missingPrivacyInfo: boolean
}

const statusBadge: Record<string, string> = {
  OPEN: 'badge',
  ACTIVE: 'badge badge-success',
  PAUSED: 'badge badge-warning',
  CLOSED: 'badge',
}

/**
 * The facts every page of a case file shows above its own content, and the case tabs. It holds the
 * page's one h1 (the case code); sub-pages start their own content at h2.
 */
export function CaseHeader({ header, relation, allowed }: { header: CaseHeaderData; relation: CaseRelation; allowed: readonly CaseAction[] }) {
  const { t, i18n } = useTranslation('caseFile')
  const lng = i18n.language
  const missing = [header.missingLegalBasis ? t('header.legalBasis') : null, header.missingPrivacyInfo ? t('header.privacyInfo') : null].filter(Boolean)
  return (
    <div className="case-header">
      <section aria-labelledby="case-header-code" className="case-header-facts">
        <div className="case-header-title">
          <h1 id="case-header-code">
            {t('header.case')} <span className="code">{header.pseudonymCode}</span>
          </h1>
          <p className="case-header-badges">
            <span className={statusBadge[header.status] ?? 'badge'}>{t(`codes:caseStatus.${header.status}`)}</span>
            {header.sharedForSubstitution ? <span className="badge">{t('header.shared')}</span> : null}
            {relation === 'substitute' ? <span className="badge badge-warning">{t('header.substitution')}</span> : null}
            {relation === 'emergency' ? <span className="badge badge-error">{t('header.emergency')}</span> : null}
            {header.anonymised ? <span className="badge">{t('header.anonymised')}</span> : null}
          </p>
        </div>
        <dl className="facts case-facts">
          <dt>{t('header.programme')}</dt>
          <dd>{t(`codes:programme.${header.programme}`)}</dd>
          <dt>{t('header.kind')}</dt>
          <dd>{t(`codes:caseKind.${header.kind}`)}</dd>
          <dt>{t('header.counsellor')}</dt>
          <dd>{header.counsellorName ?? <em>{t('header.unassigned')}</em>}</dd>
          <dt>{t('header.team')}</dt>
          <dd>{header.teamName}</dd>
          <dt>{t('header.openedAt')}</dt>
          <dd>{formatDate(header.openedAt, lng)}</dd>
          {header.closedAt ? (
            <>
              <dt>{t('header.closedAt')}</dt>
              <dd>
                {formatDate(header.closedAt, lng)}
                {header.closureReason ? ` – ${header.closureReason}` : null}
              </dd>
            </>
          ) : null}
        </dl>
        {missing.length > 0 ? (
          <p className="alert alert-warning">
            {t('header.dataQuality', { fields: missing.join(', ') })}{' '}
            {allowed.includes('write') ? <Link to={`/cases/${header.id}/edit`}>{t('header.completeData')}</Link> : null}
          </p>
        ) : null}
      </section>
      <CaseTabs caseId={header.id} allowed={allowed} />
    </div>
  )
}

/**
 * The case tabs in three named groups (decision 035). The groups after the first are disclosures
 * (`<details>`, no JavaScript needed) that fold away on a narrow screen and open by themselves when
 * they hold the current page; on a wide screen every group shows open (app.css).
 */
function CaseTabs({ caseId, allowed }: { caseId: string; allowed: readonly CaseAction[] }) {
  const { t } = useTranslation('caseFile')
  const { pathname } = useLocation()
  const tabs = CASE_TABS.filter((tab) => !tab.requires || allowed.includes(tab.requires))
  const current = currentCaseTab(tabs, caseId, pathname)
  return (
    <nav aria-label={t('tabs.label')} className="case-tabs">
      {CASE_TAB_GROUPS.map(({ group, labelKey, collapsible }) => {
        const inGroup = tabs.filter((tab) => tab.group === group)
        if (inGroup.length === 0) return null
        const label = t(labelKey)
        const list = (
          <ul aria-label={label}>
            {inGroup.map((tab) => (
              <li key={tab.path}>
                <Link to={tab.path ? `/cases/${caseId}/${tab.path}` : `/cases/${caseId}`} prefetch="intent" aria-current={tab === current ? 'page' : undefined}>
                  {t(tab.labelKey)}
                </Link>
              </li>
            ))}
          </ul>
        )
        return (
          <div key={group} className={`case-tab-group case-tab-group-${group}`}>
            <span className={collapsible ? 'case-tab-group-label case-tab-group-label-wide' : 'case-tab-group-label'} aria-hidden="true">
              {label}
            </span>
            {collapsible ? (
              <details className="case-tab-fold" open={current?.group === group}>
                <summary>{label}</summary>
                {list}
              </details>
            ) : (
              list
            )}
          </div>
        )
      })}
    </nav>
  )
}
