import { PrefetchPageLinks, useLocation, useNavigate } from '@remix-run/react'
import { useCallback, useEffect, useMemo, useRef, useState, type AnchorHTMLAttributes, type MouseEvent, type ReactNode, type SyntheticEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { type TFunction } from 'i18next'
import { type CaseAction, type CaseRelation } from '#app/domain/access-policy.ts'
import { CASE_TAB_GROUPS, CASE_TABS, currentCaseTab, type CaseTab } from '#app/domain/case-navigation.ts'
import { formatDate } from '#app/utils/format.ts'
import { Link } from '#app/components/ui/link.tsx'

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
 *
 * On the server one string of markup (`CaseTabsMarkup`, decision 205), in the browser React's elements
 * (`CaseTabsLive`): the same markup, which the browser's React hydrates as if it had written it.
 */
function CaseTabs({ caseId, allowed }: { caseId: string; allowed: readonly CaseAction[] }) {
  return typeof document === 'undefined' ? <CaseTabsMarkup caseId={caseId} allowed={allowed} /> : <CaseTabsLive caseId={caseId} allowed={allowed} />
}

function tabsOf(allowed: readonly CaseAction[]): CaseTab[] {
  const tabs: CaseTab[] = []
  for (const tab of CASE_TABS) if (!tab.requires || allowed.includes(tab.requires)) tabs.push(tab)
  return tabs
}

/**
 * The tabs as the server writes them (decision 205): `CaseTabsLive`'s markup byte for byte, built as one
 * string — React's server renderer then writes one element instead of ≈ 65 (≈ 0.1 ms of every case page,
 * docs/performance.md "The case layout and the contact form (2026-12-07, session 27)"). Nothing in it is
 * interactive until the browser's React hydrates `CaseTabsLive` onto it; on the server no tab is prefetched.
 * case-header.test.tsx holds both to the former `<Link prefetch="intent">` markup.
 */
export function CaseTabsMarkup({ caseId, allowed }: { caseId: string; allowed: readonly CaseAction[] }) {
  const { t } = useTranslation('caseFile')
  const { pathname } = useLocation()
  const tabs = tabsOf(allowed)
  return (
    <nav aria-label={t('tabs.label')} className="case-tabs" dangerouslySetInnerHTML={{ __html: tabsHtml(t, caseId, tabs, currentCaseTab(tabs, caseId, pathname)) }} />
  )
}

// React's escaping of a text or an attribute value. Not option-list.ts' escapeHtml: imported here, that module
// moved into another chunk, which changed the order of every case page's `modulepreload` links.
const MARKUP_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' }
const escapeOne = (character: string) => MARKUP_ESCAPES[character]!
function escapeHtml(text: string) {
  return /[&<>"']/.test(text) ? text.replace(/[&<>"']/g, escapeOne) : text
}

// As React's server renderer writes the elements of tabGroup and tabItem: attributes in the same order,
// texts and attribute values escaped as React escapes them, `open=""` for an open disclosure.
function tabsHtml(t: TFunction<'caseFile'>, caseId: string, tabs: readonly CaseTab[], current: CaseTab | undefined): string {
  const base = escapeHtml(`/cases/${caseId}`)
  let html = ''
  for (const { group, labelKey, collapsible } of CASE_TAB_GROUPS) {
    let items = ''
    for (const tab of tabs)
      if (tab.group === group)
        items += `<li><a${tab === current ? ' aria-current="page"' : ''} data-discover="true" href="${tab.path ? `${base}/${escapeHtml(tab.path)}` : base}">${escapeHtml(t(tab.labelKey))}</a></li>`
    if (items === '') continue
    const label = escapeHtml(t(labelKey))
    const list = `<ul aria-label="${label}">${items}</ul>`
    html +=
      `<div class="case-tab-group case-tab-group-${group}"><span class="${collapsible ? 'case-tab-group-label case-tab-group-label-wide' : 'case-tab-group-label'}" aria-hidden="true">${label}</span>` +
      (collapsible ? `<details class="case-tab-fold"${current?.group === group ? ' open=""' : ''}><summary>${label}</summary>${list}</details>` : list) +
      '</div>'
  }
  return html
}

/**
 * The tabs as React elements, in the browser. Every case page renders these 16–17 links. Each is the
 * anchor Remix's `<Link prefetch="intent">` writes for an absolute path, without its two components and
 * ≈ 20 hooks per link (decision 107): one click handler for all (`useTabClick`, client-side navigation as
 * <Link>) and one intent prefetch for all (`useIntentPrefetch`, what <Link prefetch="intent"> does per link).
 */
export function CaseTabsLive({ caseId, allowed }: { caseId: string; allowed: readonly CaseAction[] }) {
  const { t } = useTranslation('caseFile')
  const { pathname } = useLocation()
  const follow = useTabClick()
  const [prefetched, intent] = useIntentPrefetch(caseId)
  const tabs = tabsOf(allowed)
  const view: TabsView = { t, caseId, tabs, current: currentCaseTab(tabs, caseId, pathname), follow, intent, prefetched }
  const groups: ReactNode[] = []
  for (const group of CASE_TAB_GROUPS) groups.push(tabGroup(group, view))
  return (
    <nav aria-label={t('tabs.label')} className="case-tabs">
      {groups}
    </nav>
  )
}

// The tabs' groups and links are written by module-level functions and loops, not by callbacks made
// in every render (issue 19, session 19): V8 drops the optimised code of a function created per
// request at every full collection and compiles it again; a module-level function keeps it.
type TabsView = {
  t: TFunction<'caseFile'>
  caseId: string
  tabs: readonly CaseTab[]
  current: CaseTab | undefined
  follow: (event: MouseEvent<HTMLAnchorElement>) => void
  intent: IntentHandlers
  prefetched: ReadonlySet<string>
}

function tabGroup({ group, labelKey, collapsible }: (typeof CASE_TAB_GROUPS)[number], view: TabsView): ReactNode {
  const items: ReactNode[] = []
  for (const tab of view.tabs) if (tab.group === group) items.push(tabItem(tab, view))
  if (items.length === 0) return null
  const label = view.t(labelKey)
  const list = <ul aria-label={label}>{items}</ul>
  return (
    <div key={group} className={`case-tab-group case-tab-group-${group}`}>
      <span className={collapsible ? 'case-tab-group-label case-tab-group-label-wide' : 'case-tab-group-label'} aria-hidden="true">
        {label}
      </span>
      {collapsible ? (
        <details className="case-tab-fold" open={view.current?.group === group}>
          <summary>{label}</summary>
          {list}
        </details>
      ) : (
        list
      )}
    </div>
  )
}

function tabItem(tab: CaseTab, { t, caseId, current, follow, intent, prefetched }: TabsView): ReactNode {
  const to = tab.path ? `/cases/${caseId}/${tab.path}` : `/cases/${caseId}`
  return (
    <li key={tab.path}>
      <a aria-current={tab === current ? 'page' : undefined} data-discover="true" href={to} onClick={follow} {...intent}>
        {t(tab.labelKey)}
      </a>
      {prefetched.has(to) ? <PrefetchPageLinks page={to} /> : null}
    </li>
  )
}

/**
 * A tab's click as <Link> handles it (`useListLinkClick` in ui/list-link.tsx does the same for long
 * lists; imported here it would move that module into a chunk of its own, one more `modulepreload`
 * in every case page): a plain left click navigates within the app, replacing the history entry
 * when the tab is the current location; a click with a modifier key or another button, or an
 * anchor with a target, is the browser's.
 */
function useTabClick() {
  const navigate = useNavigate()
  const location = useLocation()
  const current = location.pathname + location.search + location.hash
  return useCallback(
    (event: MouseEvent<HTMLAnchorElement>) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return
      const anchor = event.currentTarget
      if (anchor.target && anchor.target !== '_self') return
      const to = anchor.getAttribute('href')
      if (!to) return
      event.preventDefault()
      navigate(to, { replace: to === current })
    },
    [navigate, current],
  )
}

type IntentHandlers = Required<Pick<AnchorHTMLAttributes<HTMLAnchorElement>, 'onFocus' | 'onBlur' | 'onMouseEnter' | 'onMouseLeave' | 'onTouchStart'>>
const NOTHING_PREFETCHED: ReadonlySet<string> = new Set()

/**
 * Remix's `prefetch="intent"` for a group of plain anchors, link by link as each <Link> keeps it
 * (usePrefetchBehavior in @remix-run/react 2.17): focus, the pointer entering or a touch marks the
 * link's intent; 100 ms later its page is prefetched (`PrefetchPageLinks` beside the anchor) until
 * the focus or the pointer leaves that link, or the scope (the case) changes. Returns the hrefs
 * being prefetched and the handlers for every anchor (they read the link from the event, so one set
 * serves all).
 */
function useIntentPrefetch(scope: string): [ReadonlySet<string>, IntentHandlers] {
  const [prefetched, setPrefetched] = useState(NOTHING_PREFETCHED)
  // a link with intent: its pending timer, or null once its page is prefetched
  const intents = useRef(new Map<string, ReturnType<typeof setTimeout> | null>())
  // Another case's tabs (the layout stays mounted when the case changes) start with no intent: an
  // anchor that left the page while hovered or focused had no mouseleave or blur to clear its entry.
  useEffect(() => {
    const pending = intents.current
    return () => {
      for (const timer of pending.values()) if (timer !== null) clearTimeout(timer)
      pending.clear()
      setPrefetched(NOTHING_PREFETCHED)
    }
  }, [scope])
  const handlers = useMemo<IntentHandlers>(() => {
    const hrefOf = (event: SyntheticEvent<HTMLAnchorElement>) => event.currentTarget.getAttribute('href') ?? ''
    const setIntent = (event: SyntheticEvent<HTMLAnchorElement>) => {
      const href = hrefOf(event)
      if (intents.current.has(href)) return
      const timer = setTimeout(() => {
        intents.current.set(href, null)
        setPrefetched((hrefs) => new Set(hrefs).add(href))
      }, 100)
      intents.current.set(href, timer)
    }
    const cancelIntent = (event: SyntheticEvent<HTMLAnchorElement>) => {
      const href = hrefOf(event)
      const timer = intents.current.get(href)
      if (timer !== undefined && timer !== null) clearTimeout(timer)
      intents.current.delete(href)
      setPrefetched((hrefs) => {
        if (!hrefs.has(href)) return hrefs
        const rest = new Set(hrefs)
        rest.delete(href)
        return rest
      })
    }
    return { onFocus: setIntent, onBlur: cancelIntent, onMouseEnter: setIntent, onMouseLeave: cancelIntent, onTouchStart: setIntent }
  }, [])
  return [prefetched, handlers]
}
