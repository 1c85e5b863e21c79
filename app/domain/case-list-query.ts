// The case list's query parameters (PRODUCT.md §8: `/cases?q=…&status=…&programme=…&team=…&
// counsellor=…&topic=…&page=…`). Client-safe: the page builds its sort select from the same list.
import { CASE_KINDS, CASE_STATUSES, PROGRAMMES } from './codes.ts'

export const CASE_LIST_PAGE_SIZE = 25
/** The statuses plus NOT_CLOSED (open, active or paused: the workload's "open cases"). */
export const CASE_LIST_STATUSES = [...CASE_STATUSES, 'NOT_CLOSED'] as const
export const CASE_LIST_SORTS = ['opened-desc', 'opened-asc', 'last-contact', 'code'] as const
export type CaseListSort = (typeof CASE_LIST_SORTS)[number]

export type CaseListQuery = {
  q?: string
  status?: string
  programme?: string
  kind?: string
  team?: string
  /** a user id, `me`, or `none` for the unassigned queue */
  counsellor?: string
  topic?: number
  overdue?: boolean
  sort: CaseListSort
  page: number
}

/** Reads the list's query parameters; anything unknown is ignored rather than an error (shared URLs). */
export function parseCaseListQuery(params: URLSearchParams): CaseListQuery {
  const text = (name: string) => params.get(name)?.trim().slice(0, 100) || undefined
  const status = text('status')
  const programme = text('programme')
  const kind = text('kind')
  const sort = text('sort')
  const topic = Number(params.get('topic'))
  const page = Number(params.get('page'))
  return {
    q: text('q'),
    status: status && (CASE_LIST_STATUSES as readonly string[]).includes(status) ? status : undefined,
    programme: programme && (PROGRAMMES as readonly string[]).includes(programme) ? programme : undefined,
    kind: kind && (CASE_KINDS as readonly string[]).includes(kind) ? kind : undefined,
    team: text('team'),
    counsellor: text('counsellor'),
    topic: Number.isInteger(topic) && topic > 0 ? topic : undefined,
    overdue: params.get('overdue') === '1',
    sort:
      sort && (CASE_LIST_SORTS as readonly string[]).includes(sort) ? (sort as CaseListSort) : 'opened-desc',
    page: Number.isInteger(page) && page > 0 ? Math.min(page, 100_000) : 1,
  }
}
