import { type ReactNode } from 'react'

/** A column header: its text, or its text with a class (e.g. `num` for right-aligned figures). */
export type TableColumn = ReactNode | { label: ReactNode; className?: string }

function isLabelled(column: TableColumn): column is { label: ReactNode; className?: string } {
  return typeof column === 'object' && column !== null && 'label' in column
}

/**
 * The shell every data table shares: a scroll container (a wide table scrolls inside it, never
 * widens the page), a caption naming the table for screen readers (visually hidden where a heading
 * above already names it) and column headers with `scope="col"`. A container that scrolls is a
 * named, focusable region, so that keyboard users can scroll it (WCAG 2.1.1).
 */
export function Table({
  caption,
  hideCaption = false,
  columns,
  className,
  region,
  footer,
  children,
}: {
  caption: ReactNode
  hideCaption?: boolean
  columns: TableColumn[]
  className?: string
  /** makes the container a focusable region named by this text, or by the element with this id */
  region?: { label: string } | { labelledBy: string }
  /** rows of a `<tfoot>` (totals) */
  footer?: ReactNode
  /** the body rows */
  children: ReactNode
}) {
  const regionProps = region
    ? { tabIndex: 0, role: 'region', ...('label' in region ? { 'aria-label': region.label } : { 'aria-labelledby': region.labelledBy }) }
    : {}
  return (
    <div className="table-wrap" {...regionProps}>
      <table className={className}>
        <caption className={hideCaption ? 'visually-hidden' : undefined}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column, index) =>
              isLabelled(column) ? (
                <th key={index} scope="col" className={column.className}>
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
        <tbody>{children}</tbody>
        {footer ? <tfoot>{footer}</tfoot> : null}
      </table>
    </div>
  )
}
