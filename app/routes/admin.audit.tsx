import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useCallback, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { CheckboxField, Field, SelectField } from '#app/components/ui/field.tsx'
import { FilterForm } from '#app/components/ui/filter-form.tsx'
import { useListClick } from '#app/components/ui/list-link.tsx'
import { Table, type PrebuiltRows } from '#app/components/ui/table.tsx'
import { auditActionOptions } from '#app/components/audit-action-options.ts'
import { auditRowsHtml } from '#app/components/audit-rows.ts'
import { rowsMarkup } from '#app/components/prebuilt-html.ts'
import { getAuditFilterOptions, inMarkupOnly, listAuditEvents, parseAuditFilter } from '#app/models/audit-log.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { getFixedT } from '#app/utils/i18n.server.ts'
import { PageNavigation } from '#app/components/ui/page-navigation.tsx'
import { dateTimeWithSecondsFormatter, numberFormatter } from '#app/utils/format.ts'
import { Link } from '#app/components/ui/link.tsx'
import { type Option, optionsReadBack } from '#app/utils/options.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ''} · Wegbegleiter` }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, 'ADMIN')
  const url = new URL(request.url)
  const filter = parseAuditFilter(url.searchParams)
  const t = await getFixedT(request, 'privacy')
  // The filter lists every user: the page's names are looked up there (one statement less).
  const options = await getAuditFilterOptions()
  const list = await listAuditEvents(filter, t, options.users)
  const query = new URLSearchParams(url.searchParams)
  query.delete('page')
  const data = {
    title: t('audit.title'),
    filter,
    query: query.toString(),
    // each event's time as ISO text already (instantText)
    ...list,
    // The action filter's choices are made where the page renders (auditActionOptions), not sent.
    users: options.users,
  }
  // A document's hydration data leave the rows out (decision 161, as decision 113 for /team): the page's
  // markup holds them, and the browser reads the table's body back while it hydrates. Only when there are
  // rows: an empty page has nothing to read back. The user filter's choices likewise (decision 101 for a list
  // without option groups, session 25): every user with name and e-mail address, ≈ 10 kB of turbo-stream on
  // the bench file, read back from the select while the page hydrates (userOptionsOf).
  return inMarkupOnly(data, data.events.length > 0 ? ['events', 'users'] : ['users'])
}

// Module-level, not made per request, so V8 keeps its optimised code (docs/performance.md, "Language mediation,
// referrals, audit log and start page (2026-12-06, session 19)").
function userOption(user: { id: string; displayName: string; email: string }) {
  return { value: user.id, label: `${user.displayName} (${user.email})` }
}

/** The user filter's select: its choices are read back from it after a document's load (`optionsReadBack`). */
const USER_FILTER_ID = 'audit-user-filter'

/**
 * The user filter's choices: from `users` where the loader data carry them (the server's render, a `.data`
 * answer), otherwise — after a document's load, whose hydration data leave them out — read back from the
 * server's select while the page hydrates, before React changes anything there, and kept per loader-data
 * object, so that a later render of the same data (a language switch) offers the same (decision 101).
 */
function userOptionsOf(holder: object, users: Array<{ id: string; displayName: string; email: string }> | undefined): readonly Option[] {
  return users !== undefined ? users.map(userOption) : optionsReadBack(holder, 'users', USER_FILTER_ID)
}

export default function AuditLogPage() {
  const { t, i18n } = useTranslation('privacy')
  const data = useLoaderData<typeof loader>()
  // `events` is absent after a document's load (the loader leaves a non-empty page to the markup): only
  // `rowsMarkup` below stands in for it then.
  const { filter, query, events, total, capped, more, page, pages, users } = data
  // the date and the time with seconds in Germany, each minute's text asked of Intl once (format.ts)
  const dateTime = dateTimeWithSecondsFormatter(i18n.language)
  const number = numberFormatter(i18n.language)
  const pageLink = (target: number) => `?${[query, `page=${target}`].filter(Boolean).join('&')}`
  // The rows as markup (decision 161): the same markup React wrote for them (audit-rows.test.tsx).
  const build = useCallback(
    () => auditRowsHtml(events, { at: dateTime, system: t('audit.system'), emergency: t('audit.emergencyBadge') }),
    [events, dateTime, t],
  )
  const shown = events === undefined || events.length > 0
  const rows = useMemo(() => (shown ? rowsMarkup(data, events, build, auditBody).html : ('' as PrebuiltRows)), [shown, data, events, build])
  // `users` is absent after a document's load, as `events` (read back from the select, userOptionsOf)
  const userOptions = useMemo(() => userOptionsOf(data, users), [data, users])
  // The rows have no links; the list's click handler is there as on the other pre-built lists: without it the
  // browser build puts prebuilt-html.ts into a chunk of its own (this page's imports would differ from those
  // of the lists that share it), one more script for every list page to load.
  const followRowLink = useListClick()
  return (
    <div className="stack">
      <h1>{t('audit.title')}</h1>
      <p>{t('audit.intro')}</p>
      <FilterForm className="card stack" aria-label={t('audit.filterLabel')}>
        <div className="form-grid">
          <SelectField
            prebuilt
            id={USER_FILTER_ID}
            label={t('audit.filter.user')}
            name="user"
            defaultValue={filter.user ?? ''}
            placeholder={t('audit.filter.all')}
            options={userOptions}
          />
          <Field label={t('auditWords.filterCode')} name="code" defaultValue={filter.code ?? ''} hint={t('auditWords.filterCodeHint')} autoComplete="off" spellCheck={false} />
          <SelectField
            label={t('audit.filter.action')}
            name="action"
            defaultValue={filter.action ?? ''}
            placeholder={t('audit.filter.all')}
            options={auditActionOptions(i18n.language, t)}
          />
          <SelectField
            prebuilt
            label={t('audit.filter.outcome')}
            name="outcome"
            defaultValue={filter.outcome ?? ''}
            placeholder={t('audit.filter.all')}
            options={(['SUCCESS', 'DENIED', 'FAILED'] as const).map((outcome) => ({ value: outcome, label: t(`audit.outcome.${outcome}`) }))}
          />
          <Field label={t('audit.filter.from')} name="from" type="date" defaultValue={filter.from ?? ''} />
          <Field label={t('audit.filter.to')} name="to" type="date" defaultValue={filter.to ?? ''} />
        </div>
        <CheckboxField label={t('audit.filter.emergency')} name="emergency" defaultChecked={filter.emergency === 'on'} />
        <div className="form-actions">
          <Button type="submit">{t('common:actions.filter')}</Button>
          <Link to="/admin/audit">{t('common:actions.reset')}</Link>
          <a href={`/admin/audit/export.csv${query ? `?${query}` : ''}`} download>
            {t('audit.export')}
          </a>
        </div>
      </FilterForm>

      <p role="status">{capped ? t('audit.totalMore', { formatted: number(total) }) : t('audit.total', { count: total, formatted: number(total) })}</p>
      <Table caption={capped ? t('audit.captionMore', { page, pages }) : t('audit.caption', { page, pages })} className="audit-table" columns={[t('audit.column.at'), t('audit.column.user'), t('audit.column.action'), t('auditWords.objectColumn'), t('auditWords.codeColumn'), t('audit.column.outcome'), t('audit.column.details')]} body={{ html: rows, onClick: followRowLink }} />
      {!shown ? <p>{t('audit.empty')}</p> : null}
      <PageNavigation page={page} pages={pages} href={pageLink} capped={capped ? { more } : undefined} />
    </div>
  )
}

/** The events' table body in the server's markup. */
function auditBody() {
  return document.querySelector<HTMLTableSectionElement>('table.audit-table tbody')
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
