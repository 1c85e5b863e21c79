// Small-cell protection for the statistics exports (docs/statistics.md §9, rules S1–S4).
// Pure: works on cells identified by a quantity key and the additive equations between them, so
// that a figure appearing in several tables is one cell with one status (S3).

export type CellKind = 'count' | 'measure' | 'median'

export type Cell = {
  key: string
  /** null: no value exists (a median of nothing) */
  value: number | null
  kind: CellKind
  /** measures and medians: the count cell they rest on (S2) */
  base?: string
  /** medians: how many values they rest on */
  n?: number
}

/** total = Σ parts — an equation a reader can solve for one unknown. */
export type Constraint = { total: string; parts: string[] }

export const SUPPRESSION_METHODS = ['suppress', 'round5'] as const
export type SuppressionMethod = (typeof SUPPRESSION_METHODS)[number]
export type SuppressionRule = { k: number; method: SuppressionMethod }

export const DEFAULT_K = 3
export const MIN_K = 2
export const MAX_K = 20

export type CellStatus = 'published' | 'primary' | 'secondary' | 'small-base' | 'no-data'
export type CellOutcome = { value: number | null; status: CellStatus }

export function isValidK(k: unknown): k is number {
  return typeof k === 'number' && Number.isInteger(k) && k >= MIN_K && k <= MAX_K
}

/**
 * Applies the rule to all cells of one export at once. Returns the published value (null when
 * suppressed or absent) and the status of every cell.
 */
export function applySuppression(cells: ReadonlyMap<string, Cell>, constraints: readonly Constraint[], rule: SuppressionRule): Map<string, CellOutcome> {
  return rule.method === 'round5' ? applyRounding(cells, rule.k) : applyCellSuppression(cells, constraints, rule.k)
}

function isSmallCount(value: number | null, k: number) {
  return value !== null && value >= 1 && value < k
}

/** Median or measure status from its own n and its base (S2); null when it stands on its own. */
function derivedStatus(cell: Cell, k: number, baseSuppressed: boolean): CellStatus | null {
  if (cell.kind === 'count') return null
  if (cell.value === null) return 'no-data'
  if (cell.kind === 'median' && cell.n !== undefined && cell.n < k) return cell.n === 0 ? 'no-data' : 'small-base'
  if (baseSuppressed) return 'small-base'
  return null
}

function applyRounding(cells: ReadonlyMap<string, Cell>, k: number) {
  const result = new Map<string, CellOutcome>()
  for (const cell of cells.values()) {
    if (cell.kind === 'count') {
      result.set(cell.key, { value: cell.value === null ? null : Math.round(cell.value / 5) * 5, status: 'published' })
      continue
    }
    const base = cell.base ? cells.get(cell.base) : undefined
    const status = derivedStatus(cell, k, isSmallCount(base?.value ?? null, k))
    result.set(cell.key, status ? { value: null, status } : { value: cell.value, status: 'published' })
  }
  return result
}

function applyCellSuppression(cells: ReadonlyMap<string, Cell>, constraints: readonly Constraint[], k: number) {
  const status = new Map<string, CellStatus>()
  for (const cell of cells.values()) {
    if (cell.kind === 'count' && isSmallCount(cell.value, k)) status.set(cell.key, 'primary')
  }
  // An equation that names one cell on both sides (a table with a single row) tells nothing.
  const usable = constraints.filter((constraint) => !constraint.parts.includes(constraint.total) && membersOf(constraint).every((key) => cells.has(key)))
  // Each round adds at least one suppressed cell, so this ends after at most |cells| rounds.
  for (;;) {
    propagateToDerived(cells, status, k)
    const candidate = recoverable(usable, status)
      .map((constraint) => secondaryCandidate(cells, constraint, status))
      .find((key) => key !== undefined)
    if (!candidate) break
    status.set(candidate, 'secondary')
  }
  const result = new Map<string, CellOutcome>()
  for (const cell of cells.values()) {
    const cellStatus = status.get(cell.key)
    result.set(cell.key, cellStatus ? { value: null, status: cellStatus } : { value: cell.value, status: cell.value === null ? 'no-data' : 'published' })
  }
  return result
}

function propagateToDerived(cells: ReadonlyMap<string, Cell>, status: Map<string, CellStatus>, k: number) {
  for (const cell of cells.values()) {
    if (cell.kind === 'count' || status.has(cell.key)) continue
    const derived = derivedStatus(cell, k, cell.base ? status.has(cell.base) : false)
    if (derived) status.set(cell.key, derived)
  }
}

/**
 * The equations a reader can solve for a suppressed cell: those with exactly one suppressed
 * member. Solving them one after another needs no more than this check, because every value a
 * reader recovers is a suppressed one — if no equation has exactly one unknown, nothing can be
 * recovered by elimination at all.
 */
export function recoverable(constraints: readonly Constraint[], suppressed: { has(key: string): boolean }): Constraint[] {
  return constraints.filter((constraint) => membersOf(constraint).filter((key) => suppressed.has(key)).length === 1)
}

function membersOf(constraint: Constraint) {
  return [...new Set([constraint.total, ...constraint.parts])]
}

/** The smallest non-zero published part of the equation; the total only when no part is left. */
function secondaryCandidate(cells: ReadonlyMap<string, Cell>, constraint: Constraint, status: ReadonlyMap<string, CellStatus>) {
  const publishedNonZero = (key: string) => !status.has(key) && (cells.get(key)?.value ?? 0) !== 0
  const parts = [...new Set(constraint.parts)].filter(publishedNonZero)
  const pool = parts.length ? parts : [constraint.total].filter(publishedNonZero)
  pool.sort((a, b) => (cells.get(a)!.value ?? 0) - (cells.get(b)!.value ?? 0) || a.localeCompare(b))
  return pool[0]
}
