import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData, useSearchParams } from '@remix-run/react'
import { useCallback, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { ReferralKindFilterField } from '#app/components/partner-filter.tsx'
import { formatDate } from '#app/components/referral-fields.tsx'
import { rowsMarkup } from '#app/components/prebuilt-html.ts'
import { openReferralRowsHtml } from '#app/components/referral-rows.ts'
import { Button } from '#app/components/ui/button.tsx'
import { FilterForm } from '#app/components/ui/filter-form.tsx'
import { useListClick } from '#app/components/ui/list-link.tsx'
import { SelectField } from '#app/components/ui/field.tsx'
import { Table, type PrebuiltRows } from '#app/components/ui/table.tsx'
import { OPEN_REFERRAL_STATUSES } from '#app/domain/referral-lifecycle.ts'
import { visibleCasesWhere } from '#app/models/case-access.server.ts'
import { isReferralKind } from '#app/models/partner.server.ts'
import { inMarkupOnly, listOpenReferrals } from '#app/models/referral.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { formatNumber } from '#app/utils/format.ts'
import { getFixedT } from '#app/utils/i18n.server.ts'
import { codeOptions, optionsOf } from '#app/utils/options.ts'
import { translateCount, translateOnce } from '#app/utils/translate-once.ts'
import { PageNavigation } from '#app/components/ui/page-navigation.tsx'
import { Link } from '#app/components/ui/link.tsx'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.title ?? ''} · Wegbegleiter` },
]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ['COUNSELLOR', 'TEAM_LEAD'])
  const t = await getFixedT(request, 'referrals')
  const url = new URL(request.url)
  const kind = url.searchParams.get('kind') ?? ''
  const status = url.searchParams.get('status') ?? ''
  const partnerId = url.searchParams.get('partner') ?? ''
  const visible = await visibleCasesWhere(user)
  const filters = {
    kind: isReferralKind(kind) ? kind : undefined,
    status: (OPEN_REFERRAL_STATUSES as readonly string[]).includes(status) ? status : undefined,
    // kept only if it names a partner of the open referrals (listOpenReferrals)
    partnerId: partnerId || undefined,
  }
  const requested = Number(url.searchParams.get('page') ?? '1')
  const isLead = user.role === 'TEAM_LEAD'
  const { total, referrals, overCount, flaggedCount, page, pages, threshold, partners, ...shown } = await listOpenReferrals(
    visible,
    filters,
    { userId: user.id },
    // the counsellor's name is shown to a team lead only (a counsellor's table has no such column)
    { page: Number.isFinite(requested) ? requested : 1, counsellorNames: isLead },
  )
  const data = {
    title: t('overview.title'),
    isLead,
    filters: { kind: filters.kind ?? '', status: filters.status ?? '', partner: shown.partnerId ?? '' },
    partners: partners.map(partnerOption),
    total,
    page,
    pages,
    // What the table shows, no more (listOpenReferrals' rows, decision 231): the data is sent twice (in the
    // page and for hydration), and the waiting times to clearing and admission, the partner's id, the
    // consent flag's date and the team's threshold on every row were never shown here.
    threshold,
    referrals,
    overCount,
    flaggedCount,
  }
  // A document's hydration data leave the rows out (decision 161, as decision 113 for /team): the page's
  // markup holds them, and the browser reads the table's body back while it hydrates. Only when there are
  // rows: an empty list has no table to read back from. The partner filter's choices likewise (decision 101
  // for a list without option groups, as the audit log's users; session 25), read back from the select
  // while the page hydrates (`optionsOf`).
  return inMarkupOnly(data, data.referrals.length > 0 ? ['referrals', 'partners'] : ['partners'])
}

// The loader's per-row work: module-level functions and loops, not callbacks made per request, so V8 keeps their
// optimised code (docs/performance.md, "Language mediation, referrals, audit log and start page (2026-12-06, session 19)").
function partnerOption(partner: { id: string; name: string }) {
  return { value: partner.id, label: partner.name }
}

/** The partner filter's select: its choices are read back from it after a document's load (`optionsOf`). */
const PARTNER_FILTER_ID = 'referral-partner-filter'

export default function ReferralsOverviewPage() {
  const { t, i18n } = useTranslation('referrals')
  const data = useLoaderData<typeof loader>()
  // `referrals` is absent after a document's load (the loader leaves a non-empty list to the markup):
  // only `rowsMarkup` below stands in for it then.
  const { title, isLead, filters, total, page, pages, threshold, referrals, overCount, flaggedCount } = data
  // The rows as markup (decision 079): each row's labels (kind, status) from one t() per label and
  // page, the days waited from one t() per plural form; the notes' texts are the same for every row.
  const build = useCallback(() => {
    const label = translateOnce(t)
    return openReferralRowsHtml(
      referrals,
      {
        kind: (kind) => label(`codes:referralKind.${kind}`),
        status: (status) => label(`codes:referralStatus.${status}`),
        sentAt: (sentAt) => formatDate(sentAt, i18n.language),
        waitingDays: translateCount(t, 'waiting.days', i18n.language),
        notWaiting: label('waiting.none'),
        overThreshold: label('overview.overThreshold', { days: threshold }),
        consentFlagged: label('flagged.badge'),
        crisis: label('codes:urgency.CRISIS'),
        unassigned: label('overview.unassigned'),
      },
      { withCounsellor: isLead },
    )
  }, [t, i18n.language, referrals, threshold, isLead])
  const shown = referrals === undefined || referrals.length > 0
  const rows = useMemo(() => (shown ? rowsMarkup(data, referrals, build, referralsBody).html : ('' as PrebuiltRows)), [shown, data, referrals, build])
  // `partners` is absent after a document's load, as `referrals`: read back from the select (decision 101), once per
  // loader-data object, so that a later render of the same data (a language switch) offers the same
  const partnerOptions = optionsOf(data, 'partners', PARTNER_FILTER_ID)
  const followRowLink = useListClick()
  const [params] = useSearchParams()
  const pageLink = (target: number) => {
    const next = new URLSearchParams(params)
    next.set('page', String(target))
    return `?${next.toString()}`
  }
  return (
    <div className="stack">
      <h1>{title}</h1>
      <p>{isLead ? t('overview.introLead') : t('overview.introCounsellor')}</p>
      <FilterForm className="card stack">
        <div className="form-grid">
          <ReferralKindFilterField label={t('referral.fields.kind')} value={filters.kind} />
          <SelectField
            prebuilt
            id={PARTNER_FILTER_ID}
            label={t('referral.fields.partner')}
            name="partner"
            defaultValue={filters.partner}
            placeholder={t('all')}
            options={partnerOptions}
          />
          <SelectField
            prebuilt
            label={t('referral.fields.status')}
            name="status"
            defaultValue={filters.status}
            placeholder={t('overview.allOpen')}
            options={codeOptions(t, 'referralStatus', OPEN_REFERRAL_STATUSES)}
          />
        </div>
        <div className="form-actions">
          <Button>{t('common:actions.filter')}</Button>
          <Link to="/referrals">{t('common:actions.reset')}</Link>
        </div>
      </FilterForm>
      {overCount > 0 || flaggedCount > 0 ? (
        <ul className="alert alert-warning summary-list">
          {overCount > 0 ? <li>{t('overview.overSummary', { count: overCount })}</li> : null}
          {flaggedCount > 0 ? <li>{t('overview.flaggedSummary', { count: flaggedCount })}</li> : null}
        </ul>
      ) : null}
      {!shown ? (
        <p>{t('overview.none')}</p>
      ) : (
        <Table body={{ html: rows, onClick: followRowLink }} caption={pages > 1 ? t('overview.captionPaged', { count: total, page: formatNumber(page, i18n.language), pages: formatNumber(pages, i18n.language) }) : t('overview.caption', { count: total })} columns={[t('overview.case'), t('referral.fields.partner'), t('referral.fields.kind'), t('referral.fields.status'), t('referral.fields.sentAt'), { label: t('waiting.soFar'), className: 'num' }, t('overview.notes'), ...(isLead ? [t('overview.counsellor')] : [])]} />
      )}
      <PageNavigation page={page} pages={pages} href={pageLink} />
    </div>
  )
}

/** The rows' table body in the server's markup (the page has one table). */
function referralsBody() {
  return document.querySelector<HTMLTableSectionElement>('main table tbody')
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
