import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData, useSearchParams } from '@remix-run/react'
import { useCallback, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { mediationFigureRowsHtml, mediationFigureTexts, openMediationRowsHtml } from '#app/components/mediation-rows.ts'
import { rowsMarkup } from '#app/components/prebuilt-html.ts'
import { FilterForm } from '#app/components/ui/filter-form.tsx'
import { useListClick } from '#app/components/ui/list-link.tsx'
import { Table, type PrebuiltRows } from '#app/components/ui/table.tsx'
import { formatCents } from '#app/domain/money.ts'
import { visibleCasesWhere } from '#app/models/case-access.server.ts'
import {
  auditMediationOverview,
  mediationSummary,
  mediationYears,
  openMediationRequests,
  openRequestRows,
  parseOverviewYear,
  type OverviewGroup,
} from '#app/models/language-mediation.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { formatDate, formatNumber, numberFormatter } from '#app/utils/format.ts'
import { getFixedT, getLanguage } from '#app/utils/i18n.server.ts'
import { inMarkupOnly, languageName } from '#app/utils/iso.server.ts'
import { translateEach, translateOnce } from '#app/utils/translate-once.ts'
import { oncePerKey } from '#app/utils/once-per-key.ts'
import { PageNavigation } from '#app/components/ui/page-navigation.tsx'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ['COUNSELLOR', 'TEAM_LEAD'])
  const [t, language] = await Promise.all([getFixedT(request, 'referrals'), getLanguage(request)])
  const where = await visibleCasesWhere(user)
  const now = new Date()
  const params = new URL(request.url).searchParams
  const year = parseOverviewYear(params.get('year'), now)
  // Anything but a page number (missing, text, negative, beyond the last) shows the first or the last page.
  const requested = Number(params.get('page') ?? '1')
  const [overview, open, years] = await Promise.all([
    mediationSummary(where, year),
    openMediationRequests(where, { page: Number.isFinite(requested) ? requested : 1 }),
    mediationYears(where, now),
  ])
  await auditMediationOverview(user, { year, assignments: overview.total.count, open: open.rows.length })
  // The same few languages recur on a page: each name is looked up once (Intl.DisplayNames).
  const nameOf = oncePerKey(languageNamer(language))
  const figures = {
    months: overview.months,
    total: overview.total,
    byLanguage: named(overview.byLanguage, nameOf),
    byMode: named(overview.byMode, (code) => t(`codes:mediationMode.${code}`)),
    byCostBearer: named(overview.byCostBearer, (code) => (code ? t(`codes:costBearer.${code}`) : t('mediation.overview.notStated'))),
  }
  const data = {
    title: t('mediation.overview.title'),
    year,
    years: years.includes(year) ? years : [...years, year].sort((a, b) => b - a),
    // A document's hydration data leave the tables' rows out (decision 161, as decision 113 for /team):
    // the page's markup holds them, and the browser reads each table's body back while it hydrates. The
    // monthly table is always shown; the three breakdowns and the open requests only with rows.
    overview: inMarkupOnly(figures, figures.total.count > 0 ? FIGURE_LISTS : ['months']),
    openTotal: open.total,
    openPage: open.page,
    openPages: open.pages,
    open: openRequestRows(open.rows, nameOf, now.getTime()),
  }
  return data.open.length > 0 ? inMarkupOnly(data, ['open']) : data
}

const FIGURE_LISTS = ['months', 'byLanguage', 'byMode', 'byCostBearer'] as const

// The loader's per-row work as loops in module-level functions, not callbacks made per request: V8 keeps a
// module-level function's optimised code, while a closure's is dropped at every full collection and compiled
// again (docs/performance.md, "Language mediation, referrals, audit log and start page (2026-12-06, session 19)").

/**
 * Each group with its label. Written out, not spread (`{ ...group, label }`): the spread's copies were ≈ 18 kB of
 * allocation a view, the written-out objects too few to show in the heap profile (decision 231); the same fields
 * in the same order.
 */
function named(groups: OverviewGroup[], label: (key: string) => string) {
  const rows: Array<OverviewGroup & { label: string }> = []
  for (const group of groups) rows.push({ key: group.key, count: group.count, minutes: group.minutes, costCents: group.costCents, label: label(group.key) })
  return rows
}

/** `languageName` in one language; one function per language for the process, so V8 keeps its optimised code. */
const namers = new Map<string, (code: string) => string>()
function languageNamer(language: string) {
  let namer = namers.get(language)
  if (!namer) {
    namer = (code: string) => languageName(code, language)
    namers.set(language, namer)
  }
  return namer
}

function Figures({ group, lng }: { group: OverviewGroup; lng: string }) {
  return (
    <>
      <td className="num">{formatNumber(group.count, lng)}</td>
      <td className="num">{formatNumber(group.minutes / 60, lng, { minimumFractionDigits: 1, maximumFractionDigits: 2 })}</td>
      <td className="num">{formatCents(group.costCents, lng)}</td>
    </>
  )
}

/** The three figure columns every breakdown shares. */
function figureColumns(t: (key: string) => string) {
  return [t('mediation.overview.assignments'), t('mediation.overview.hours'), t('mediation.overview.cost')].map((label) => ({ label, className: 'num' }))
}

function BreakdownTable({ id, caption, keyLabel, rows }: { id: string; caption: string; keyLabel: string; rows: PrebuiltRows }) {
  const { t } = useTranslation('referrals')
  return (
    <section aria-labelledby={id} className="card">
      <h3 id={id}>{caption}</h3>
      <Table caption={caption} hideCaption columns={[keyLabel, ...figureColumns(t)]} body={{ html: rows }} />
    </section>
  )
}

// One month-name formatter per language for the process: a new Intl.DateTimeFormat per render costs
// CPU and native memory the server never hands back (docs/performance.md, "Memory").
const monthFormats = new Map<string, Intl.DateTimeFormat>()
function monthFormatOf(lng: string) {
  let format = monthFormats.get(lng)
  if (!format) {
    format = new Intl.DateTimeFormat(lng === 'en' ? 'en' : 'de', { month: 'long', timeZone: 'UTC' })
    monthFormats.set(lng, format)
  }
  return format
}

export default function LanguageMediationOverviewPage() {
  const { t, i18n } = useTranslation('referrals')
  const data = useLoaderData<typeof loader>()
  // `open` and the overview's four lists are absent after a document's load (the loader leaves them to the
  // markup): only `rowsMarkup` below stands in for them then.
  const { year, years, overview, open, openTotal, openPage, openPages } = data
  const lng = i18n.language
  // The open requests' rows as markup (decision 079): each row asks for the same few mode and status
  // labels (one t() per label and page); every row's link is named "open the language mediation of
  // case <code>" (one t() per page).
  const buildOpenRows = useCallback(() => {
    const label = translateOnce(t)
    return openMediationRowsHtml(open, {
      openCase: translateEach(t, 'mediation.overview.openCase', 'code'),
      requestedAt: (requestedAt) => formatDate(requestedAt, lng),
      // one formatter for the page's 50 counts of days (formatNumber looks it up by a key per call)
      number: numberFormatter(lng),
      mode: (mode) => label(`codes:mediationMode.${mode}`),
      status: (status) => label(`codes:mediationStatus.${status}`),
      noProvider: label('mediation.noProvider'),
    })
  }, [t, lng, open])
  const openShown = open === undefined || open.length > 0
  const openRows = useMemo(() => (openShown ? rowsMarkup(data, open, buildOpenRows, openBody).html : ('' as PrebuiltRows)), [openShown, data, open, buildOpenRows])
  const followRowLink = useListClick()
  const [params] = useSearchParams()
  const pageLink = (target: number) => {
    const next = new URLSearchParams(params)
    next.set('page', String(target))
    return `?${next}#open-heading`
  }
  // The figure tables' rows as markup too (≈ 55 rows of five elements): each figure formatted by a
  // formatter looked up once per render, not once per cell.
  const figureRows = useMemo(() => {
    const text = mediationFigureTexts(lng)
    const monthFormat = monthFormatOf(lng)
    const breakdowns = overview.total.count > 0
    const none = '' as PrebuiltRows
    return {
      months: rowsMarkup(
        overview,
        overview.months,
        () => mediationFigureRowsHtml(overview.months.map((month) => ({ ...month, label: monthFormat.format(new Date(Date.UTC(year, Number(month.key) - 1, 1))) })), text),
        monthlyBody,
        'months',
      ).html,
      byLanguage: breakdowns ? rowsMarkup(overview, overview.byLanguage, () => mediationFigureRowsHtml(overview.byLanguage, text), byLanguageBody, 'byLanguage').html : none,
      byMode: breakdowns ? rowsMarkup(overview, overview.byMode, () => mediationFigureRowsHtml(overview.byMode, text), byModeBody, 'byMode').html : none,
      byCostBearer: breakdowns ? rowsMarkup(overview, overview.byCostBearer, () => mediationFigureRowsHtml(overview.byCostBearer, text), byCostBearerBody, 'byCostBearer').html : none,
    }
  }, [lng, overview, year])
  return (
    <div className="stack">
      <h1>{t('mediation.overview.title')}</h1>
      <p className="muted">{t('mediation.overview.intro')}</p>
      <FilterForm className="row">
        <div className="field">
          <label htmlFor="overview-year">{t('mediation.overview.year')}</label>
          <select id="overview-year" name="year" defaultValue={year}>
            {years.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button-secondary">
          {t('mediation.overview.show')}
        </button>
      </FilterForm>
      <p>
        <a className="button button-secondary" href={`/language-mediation/export.csv?year=${year}`} download>
          {t('mediation.overview.export')}
        </a>{' '}
        <span className="muted">{t('mediation.overview.exportHint')}</span>
      </p>
      <section aria-labelledby="monthly-heading">
        <h2 id="monthly-heading">{t('mediation.overview.monthly', { year })}</h2>
        <Table caption={t('mediation.overview.monthly', { year })} hideCaption columns={[t('mediation.overview.month'), ...figureColumns(t)]}
          footer={
            <tr>
              <th scope="row">{t('mediation.overview.total')}</th>
              <Figures group={overview.total} lng={lng} />
            </tr>
          }
          body={{ html: figureRows.months }}
        />
      </section>
      {overview.total.count === 0 ? (
        <p className="muted">{t('mediation.overview.noData')}</p>
      ) : (
        <div className="stack">
          <BreakdownTable id="by-language" caption={t('mediation.overview.byLanguage', { year })} keyLabel={t('mediation.overview.language')} rows={figureRows.byLanguage} />
          <BreakdownTable id="by-mode" caption={t('mediation.overview.byMode', { year })} keyLabel={t('mediation.overview.mode')} rows={figureRows.byMode} />
          <BreakdownTable id="by-cost-bearer" caption={t('mediation.overview.byCostBearer', { year })} keyLabel={t('mediation.overview.costBearer')} rows={figureRows.byCostBearer} />
        </div>
      )}
      <section aria-labelledby="open-heading">
        <h2 id="open-heading">{t('mediation.overview.openTitle')}</h2>
        {!openShown ? (
          <p className="muted">{t('mediation.overview.openEmpty')}</p>
        ) : (
          <>
            <p>
              {openPages > 1
                ? t('mediation.overview.openCountPaged', { count: openTotal, page: formatNumber(openPage, lng), pages: formatNumber(openPages, lng) })
                : t('mediation.overview.openCount', { count: openTotal })}
            </p>
            <Table body={{ html: openRows, onClick: followRowLink }} caption={t('mediation.overview.openCaption')} hideCaption columns={[t('mediation.overview.case'), t('mediation.overview.requestedAt'), { label: t('mediation.overview.waitingDays'), className: 'num' }, t('mediation.overview.language'), t('mediation.overview.mode'), t('mediation.overview.provider'), t('mediation.overview.status')]} />
            <PageNavigation page={openPage} pages={openPages} href={pageLink} />
          </>
        )}
      </section>
    </div>
  )
}

// The tables' bodies in the server's markup, each found by the heading of its section.
function bodyUnder(headingId: string) {
  return document.getElementById(headingId)?.parentElement?.querySelector('tbody')
}
function monthlyBody() {
  return bodyUnder('monthly-heading')
}
function byLanguageBody() {
  return bodyUnder('by-language')
}
function byModeBody() {
  return bodyUnder('by-mode')
}
function byCostBearerBody() {
  return bodyUnder('by-cost-bearer')
}
function openBody() {
  return bodyUnder('open-heading')
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
