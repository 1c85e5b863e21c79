import { type MouseEventHandler, type ReactNode, useId } from 'react'

/**
 * A column header: its text, or its text with a class (e.g. `num` for right-aligned figures) and,
 * for a sortable column, the order it is sorted in now (`aria-sort`). `null` is the empty corner
 * cell above a column of row headers (a `<td>`, not a header).
 */
export type TableColumn = ReactNode | LabelledColumn

type LabelledColumn = { label: ReactNode; className?: string; sort?: 'ascending' | 'descending' }

function isLabelled(column: TableColumn): column is LabelledColumn {
  return typeof column === 'object' && column !== null && 'label' in column
}

/**
 * The shell every data table shares: a scroll container (a wide table scrolls inside it, never
 * widens the page), a caption naming the table for screen readers (visually hidden where a heading
 * above already names it) and column headers with `scope="col"`. The container is a named,
 * focusable region, so that keyboard users can scroll it (WCAG 2.1.1) — every table, since at
 * 320 px almost any table scrolls and no script decides which (the pages work without JavaScript).
 */
declare const prebuilt: unique symbol
/**
 * Body rows' markup from a builder that escapes every value itself (app/components/team-rows.ts,
 * decision 072). A plain string is not one: a route cannot hand `Table` markup made from data by
 * accident — it has to go through such a builder (or a visible cast).
 */
export type PrebuiltRows = string & { readonly [prebuilt]: true }

export function Table({
  caption,
  hideCaption = false,
  columns,
  className,
  region,
  footer,
  children,
  body,
}: {
  caption: ReactNode
  hideCaption?: boolean
  columns: TableColumn[]
  className?: string
  /** names the container's region by this text, or by the element with this id (default: the caption) */
  region?: { label: string } | { labelledBy: string }
  /** rows of a `<tfoot>` (totals) */
  footer?: ReactNode
  /** the body rows */
  children?: ReactNode
  /**
   * or the body rows as pre-built markup, escaped by whoever built it (a long list whose rows
   * would be hundreds of React elements: /team), with one click handler for the links in it
   */
  body?: { html: PrebuiltRows; onClick?: MouseEventHandler<HTMLTableSectionElement> }
}) {
  const captionId = useId()
  const name = !region ? { 'aria-labelledby': captionId } : 'label' in region ? { 'aria-label': region.label } : { 'aria-labelledby': region.labelledBy }
  return (
    <div className="table-wrap" tabIndex={0} role="region" {...name}>
      <table className={className}>
        <caption id={captionId} className={hideCaption ? 'visually-hidden' : undefined}>
          {caption}
        </caption>
        <thead>
          <tr>
            {columns.map((column, index) =>
              column === null ? (
                <td key={index} />
              ) : isLabelled(column) ? (
                <th key={index} scope="col" className={column.className} aria-sort={column.sort}>
                  {column.label}
                </th>
              ) : (
                <th key={index} scope="col">
                  {column}
                </th>
              ),
            )}
          </tr>
        </thead>
        {body ? (
          // Not a control: the handler only takes over clicks on the links inside (which the
          // keyboard reaches and activates as links; Enter on a link is a click), all else is left alone.
          // eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/no-noninteractive-element-interactions
          <tbody onClick={body.onClick} dangerouslySetInnerHTML={{ __html: body.html }} />
        ) : (
          <tbody>{children}</tbody>
        )}
        {footer ? <tfoot>{footer}</tfoot> : null}
      </table>
    </div>
  )
}
