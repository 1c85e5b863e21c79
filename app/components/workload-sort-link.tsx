import { ListLink, type ListLinkClick } from './ui/list-link.tsx'

/**
 * The link in a sortable column's header of /team's workload: sorts by the column, or reverses the
 * order if it is sorted by it already. A plain anchor with the page's one click handler (decision
 * 085; decision 063's list links, with `preventScrollReset` as the former `<Link preventScrollReset>`):
 * the seven links cost two components, a search-params hook and an i18next call each. `href` is what
 * `<Link to="?…">` resolved to: the current path as it is (`/team`, or `/team/` with the slash), the
 * new query and the anchor; `sortBy` is the hidden label's text,
 * asked of i18next once per render (`translateEach`). `workload-sort-link.test.tsx` compares the
 * markup with the former `<Link>`.
 */
export function workloadSortLink<Column extends string>({
  column,
  label,
  sortBy,
  pathname,
  params,
  sort,
  direction,
  onClick,
}: {
  column: Column
  label: string
  sortBy: (column: string) => string
  /** the current location's path (`useLocation().pathname`) */
  pathname: string
  params: URLSearchParams
  sort: string
  direction: string
  onClick: ListLinkClick
}) {
  const active = sort === column
  const next = new URLSearchParams(params)
  next.set('sort', column)
  next.set('dir', active && direction === 'asc' ? 'desc' : 'asc')
  return (
    <>
      <ListLink to={`${pathname as `/${string}`}?${next}#workload`} onClick={onClick}>
        {label}
        <span className="visually-hidden"> — {sortBy(label)}</span>
      </ListLink>
      {active ? <span aria-hidden="true">{direction === 'asc' ? ' ▲' : ' ▼'}</span> : null}
    </>
  )
}
