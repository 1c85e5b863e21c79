import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData, useSearchParams } from '@remix-run/react'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { CaseListTable } from '#app/components/case-list-table.tsx'
import { GeneralErrorBoundary } from '#app/components/general-error-boundary.tsx'
import { CheckboxField, Field, SelectField } from '#app/components/ui/field.tsx'
import { CASE_KINDS, CASE_STATUSES, PROGRAMMES } from '#app/domain/codes.ts'
import { CASE_LIST_SORTS, parseCaseListQuery } from '#app/domain/case-list-query.ts'
import { caseListFilterOptions, inMarkupOnly, listCases } from '#app/models/case.server.ts'
import { requireRole } from '#app/utils/auth.server.ts'
import { getFixedT, getLanguage } from '#app/utils/i18n.server.ts'
import { codeOptions, type Option } from '#app/utils/options.ts'
import { FilterForm } from '#app/components/ui/filter-form.tsx'
import { PageNavigation } from '#app/components/ui/page-navigation.tsx'
import { numberFormatter } from '#app/utils/format.ts'
import { Link } from '#app/components/ui/link.tsx'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.title ?? ''} · Wegbegleiter` },
]

export async function loader({ request }: LoaderFunctionArgs) {
  // Administrators see no case content, not even the list (PRODUCT.md §1): 403 for the page.
  const user = await requireRole(request, ['COUNSELLOR', 'TEAM_LEAD'])
  const url = new URL(request.url)
  const query = parseCaseListQuery(url.searchParams)
  const language = await getLanguage(request)
  const [result, options, t] = await Promise.all([
    listCases(user, query),
    caseListFilterOptions(user, language),
    getFixedT(request, 'cases'),
  ])
  // A person who holds the team's cases but may no longer receive one is marked in their label (decision 247): the
  // label is what the page reads back from the select.
  const counsellors = options.counsellors.map(({ value, label, former }) =>
    former ? { value, label: t(`list.counsellorFormer.${former}`, { name: label }) } : { value, label },
  )
  const filters = { counsellors, topics: options.topics }
  const data = { title: t('list.title'), ...result, filters, role: user.role }
  // A document leaves a non-empty page of rows to the markup, where the browser reads them back (decision 171,
  // after 113 and 161); a `.data` answer and an empty list carry them. The counsellor and topic filters'
  // choices likewise (decision 101 for lists without option groups, as the audit log's users; session 25),
  // read back from their selects while the page hydrates (filterOptionsOf).
  return inMarkupOnly(data, data.cases.length > 0 ? ['cases', 'filters'] : ['filters'])
}

type FilterOptions = { counsellors: Option[]; topics: Option[] }

const readBackFilters = new WeakMap<object, FilterOptions>()

/** A filter select's choices in the document as the server rendered it, without those in `fixed`. */
function choicesOf(name: string, fixed: readonly string[]): Option[] {
  const select = document.querySelector<HTMLSelectElement>(`main form select[name="${name}"]`)
  if (!select) throw new Error(`/cases: no filter select[name="${name}"] to read its choices from`)
  const options: Option[] = []
  for (const option of Array.from(select.options)) if (!fixed.includes(option.value)) options.push({ value: option.value, label: option.textContent ?? '' })
  return options
}

/**
 * The counsellor and topic filters' choices: `filters` where the loader data carry them (the server's render, a
 * `.data` answer), otherwise — after a document's load, whose hydration data leave them out — read back from
 * the server's selects while the page hydrates, before React changes anything there, and kept per loader-data
 * object, so that a later render of the same data (a language switch) offers the same (decision 101). The
 * counsellor select's own entries ("all", "mine", "unassigned") are not part of the list.
 */
function filterOptionsOf(holder: object, filters: FilterOptions | undefined): FilterOptions {
  if (filters !== undefined) return filters
  let options = readBackFilters.get(holder)
  if (!options) {
    if (typeof document === 'undefined') throw new Error('/cases: filter choices missing outside the browser')
    options = { counsellors: choicesOf('counsellor', ['', 'me', 'none']), topics: choicesOf('topic', ['']) }
    readBackFilters.set(holder, options)
  }
  return options
}

/** The current URL with some parameters replaced (pagination, suggestions keep the other filters). */
function withParams(params: URLSearchParams, changes: Record<string, string | null>) {
  const next = new URLSearchParams(params)
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) next.delete(key)
    else next.set(key, value)
  }
  const search = next.toString()
  return search ? `?${search}` : '.'
}

export default function CaseListPage() {
  const { t, i18n } = useTranslation('cases')
  const data = useLoaderData<typeof loader>()
  // `cases` is absent after a document's load (the loader leaves a non-empty page to the markup): only
  // `CaseListTable`'s `rowsMarkup` stands in for it then.
  const { cases, total, capped, more, page, pages, search, role } = data
  // `filters` is absent after a document's load, as `cases` (read back from the selects, filterOptionsOf)
  const loaded = data.filters as FilterOptions | undefined
  const filters = useMemo(() => filterOptionsOf(data, loaded), [data, loaded])
  const [params] = useSearchParams()
  const lng = i18n.language
  // One formatter for the process (cf. formatNumber): constructing Intl.NumberFormat costs more than using it.
  const number = numberFormatter(lng)
  const value = (name: string) => params.get(name) ?? ''
  const filtered = ['q', 'status', 'programme', 'kind', 'team', 'counsellor', 'topic', 'overdue'].some((name) =>
    params.get(name),
  )

  return (
    <div className="stack">
      <div className="row case-list-heading">
        <h1>{t('list.title')}</h1>
        <Link className="button button-primary" to="/cases/new">
          {t('list.newCase')}
        </Link>
      </div>

      {params.get('transferred') ? (
        <p className="alert alert-success" role="status">
          {t('list.transferred')}
        </p>
      ) : null}
      {params.get('erased') ? (
        <p className="alert alert-success" role="status">
          {t('list.erased')}
        </p>
      ) : null}

      <FilterForm role="search" className="stack case-list-filters" aria-label={t('list.filterLabel')}>
        <div className="form-grid">
          <Field
            label={t('list.q')}
            hint={t('list.qHint')}
            name="q"
            type="search"
            defaultValue={value('q')}
            autoComplete="off"
            spellCheck={false}
          />
          <SelectField
            prebuilt
            label={t('list.status')}
            name="status"
            defaultValue={value('status')}
            options={[
              { value: 'NOT_CLOSED', label: t('list.notClosed') },
              ...codeOptions(t, 'caseStatus', CASE_STATUSES),
            ]}
            placeholder={t('list.all')}
          />
          <SelectField
            prebuilt
            label={t('list.programme')}
            name="programme"
            defaultValue={value('programme')}
            options={codeOptions(t, 'programme', PROGRAMMES)}
            placeholder={t('list.all')}
          />
          <SelectField
            prebuilt
            label={t('list.kind')}
            name="kind"
            defaultValue={value('kind')}
            options={codeOptions(t, 'caseKind', CASE_KINDS)}
            placeholder={t('list.all')}
          />
          <SelectField
            prebuilt
            label={t('list.counsellor')}
            name="counsellor"
            defaultValue={value('counsellor')}
            options={[
              { value: 'me', label: t('list.counsellorMe') },
              { value: 'none', label: t('list.counsellorNone') },
              ...(role === 'TEAM_LEAD' ? filters.counsellors : []),
            ]}
            placeholder={t('list.all')}
          />
          <SelectField
            prebuilt
            label={t('list.topic')}
            name="topic"
            defaultValue={value('topic')}
            options={filters.topics}
            placeholder={t('list.all')}
          />
          <SelectField
            prebuilt
            label={t('list.sort')}
            name="sort"
            defaultValue={value('sort') || 'opened-desc'}
            options={CASE_LIST_SORTS.map((sort) => ({ value: sort, label: t(`list.sorts.${sort}`) }))}
          />
        </div>
        {value('team') ? <input type="hidden" name="team" value={value('team')} /> : null}
        <CheckboxField
          label={t('list.overdue')}
          name="overdue"
          value="1"
          defaultChecked={value('overdue') === '1'}
        />
        <div className="form-actions">
          <button type="submit" className="button button-secondary">
            {t('common:actions.search')}
          </button>
          {filtered ? <Link to="/cases">{t('common:actions.reset')}</Link> : null}
        </div>
      </FilterForm>

      {search.kind === 'exact' && search.mergedInto ? (
        <p className="alert alert-info" role="status" data-testid="merged-code">
          {t('clients:list.merged', { code: search.code, kept: search.mergedInto })}
        </p>
      ) : null}
      {search.kind === 'prefix' ? (
        <p className="muted">{t('list.searchPrefix', { prefix: search.prefix })}</p>
      ) : null}
      {search.kind === 'invalid' ? (
        <p className="alert alert-warning" role="status">
          {t('list.searchInvalid')}
        </p>
      ) : null}
      {search.kind === 'wrong-check' ? (
        <div className="alert alert-warning" role="status">
          <p>{t('list.wrongCheck', { code: search.code })}</p>
          {search.didYouMean.length > 0 ? (
            <p>
              {t('list.didYouMean')}{' '}
              {search.didYouMean.map((suggestion, index) => (
                <span key={suggestion.caseId}>
                  {index > 0 ? ', ' : null}
                  <Link to={withParams(params, { q: suggestion.code, page: null })} className="code">
                    {suggestion.code}
                  </Link>
                </span>
              ))}
              ?
            </p>
          ) : (
            <p>{t('list.noSuggestion')}</p>
          )}
        </div>
      ) : null}

      <p aria-live="polite">
        {capped
          ? t('list.totalMore', { formatted: number(total) })
          : t('list.total', { count: total, formatted: number(total) })}
      </p>
      {cases === undefined || cases.length > 0 ? (
        <CaseListTable
          holder={data}
          cases={cases}
          caption={capped ? t('list.captionMore', { page, pages }) : t('list.caption', { page, pages })}
        />
      ) : (
        <p className="card">{filtered ? t('list.emptyFiltered') : t('list.empty')}</p>
      )}

      <PageNavigation page={page} pages={pages} href={(target) => withParams(params, { page: String(target) })} capped={capped ? { more } : undefined} />
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
