// Which cases a page of the counsellors' waiting list shows (decision 145): the list is the
// transferred-in cases (in their ranked order), then the others (in the queue index's order), cut
// into pages of `size`. Pure, so the seam between the two parts is tested as a table.

export type WaitingPageSlices = {
  /** The page shown: the asked one, within 1…pages (1 for anything that is not a number). */
  page: number
  pages: number
  /** The position (0-based) of the page's first case in the whole list. */
  start: number
  /** The page's part of the transferred-in cases' order, and of the others'. */
  transferred: { from: number; count: number }
  others: { from: number; count: number }
}

/**
 * The page's two slices for a list of `total` cases of which the first `transferred` arrived by
 * transfer (both counted by one statement, so `transferred` ≤ `total`).
 */
export function waitingPageSlices({ total, transferred, page, size }: { total: number; transferred: number; page: number; size: number }): WaitingPageSlices {
  const pages = Math.max(1, Math.ceil(total / size))
  const current = Math.min(Math.max(1, Number.isFinite(page) ? Math.floor(page) : 1), pages)
  const start = (current - 1) * size
  const transferredCount = Math.max(0, Math.min(size, transferred - start))
  // The others' slice: after the transferred-in cases in the list's order.
  const othersFrom = Math.max(0, start - transferred)
  const othersCount = Math.max(0, Math.min(size - transferredCount, total - transferred - othersFrom))
  return {
    page: current,
    pages,
    start,
    transferred: { from: Math.min(start, transferred), count: transferredCount },
    others: { from: othersFrom, count: othersCount },
  }
}
