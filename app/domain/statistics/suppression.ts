// Small-cell protection for the statistics exports (docs/statistics.md §9, rules S1–S4).
// Pure: works on cells identified by a quantity key and the additive equations between them, so
// that a figure appearing in several tables is one cell with one status (S3). The secondary cells
// are chosen by a solver the caller passes in (optimal-suppression.ts).
import { feasibleIntervals, protectGroup, suppressionCost, type LpSolver, type ProtectionLevel } from './optimal-suppression.ts'

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
  /** counts of a residual category ("divers", "keine Angabe", "other", "not recorded"): cheaper to suppress (S3) */
  residual?: boolean
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
/** `roundedFromNonZero`: round5 made a true 1 or 2 a 0, shown as "0", not "-" (S4). */
export type CellOutcome = { value: number | null; status: CellStatus; roundedFromNonZero?: boolean }

export function isValidK(k: unknown): k is number {
  return typeof k === 'number' && Number.isInteger(k) && k >= MIN_K && k <= MAX_K
}

/**
 * Applies the rule to all cells of one export at once. Returns the published value (null when
 * suppressed or absent) and the status of every cell.
 */
export function applySuppression(
  cells: ReadonlyMap<string, Cell>,
  constraints: readonly Constraint[],
  rule: SuppressionRule,
  solver: LpSolver,
  level: ProtectionLevel = 'interval',
): Map<string, CellOutcome> {
  return rule.method === 'round5' ? applyRounding(cells, rule.k) : applyCellSuppression(cells, constraints, rule.k, solver, level)
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
      const value = cell.value === null ? null : Math.round(cell.value / 5) * 5
      result.set(cell.key, value === 0 && cell.value !== 0 ? { value, status: 'published', roundedFromNonZero: true } : { value, status: 'published' })
      continue
    }
    const base = cell.base ? cells.get(cell.base) : undefined
    const status = derivedStatus(cell, k, isSmallCount(base?.value ?? null, k))
    result.set(cell.key, status ? { value: null, status } : { value: cell.value, status: 'published' })
  }
  return result
}

/** Every small count (S1) as a primary suppression: the start of every pattern. */
export function primarySuppressions(cells: ReadonlyMap<string, Cell>, k: number) {
  const status = new Map<string, CellStatus>()
  for (const cell of cells.values()) {
    if (cell.kind === 'count' && isSmallCount(cell.value, k)) status.set(cell.key, 'primary')
  }
  return status
}

/** The equations over cells of this result that tell something: one naming a cell on both sides (a table with a single row) does not. */
export function usableConstraints(cells: ReadonlyMap<string, Cell>, constraints: readonly Constraint[]) {
  return constraints.filter((constraint) => !constraint.parts.includes(constraint.total) && membersOf(constraint).every((key) => cells.has(key)))
}

/** The published result of a pattern: suppressed cells without their value, the rest as they are. */
export function outcomesOf(cells: ReadonlyMap<string, Cell>, status: ReadonlyMap<string, CellStatus>) {
  const result = new Map<string, CellOutcome>()
  for (const cell of cells.values()) {
    const cellStatus = status.get(cell.key)
    result.set(cell.key, cellStatus ? { value: null, status: cellStatus } : { value: cell.value, status: cell.value === null ? 'no-data' : 'published' })
  }
  return result
}

function applyCellSuppression(cells: ReadonlyMap<string, Cell>, constraints: readonly Constraint[], k: number, solver: LpSolver, level: ProtectionLevel) {
  const status = primarySuppressions(cells, k)
  const usable = usableConstraints(cells, constraints)
  const isCount = (key: string) => cells.get(key)!.kind === 'count'
  for (const group of linkedGroups(usable.filter((constraint) => membersOf(constraint).every(isCount)))) {
    if (!group.keys.some((key) => status.get(key) === 'primary')) continue
    const groupCells = group.keys.map((key) => {
      const cell = cells.get(key)!
      const value = cell.value ?? 0
      return { key, value, primary: status.get(key) === 'primary', cost: suppressionCost(value, !!cell.residual) }
    })
    for (const key of protectGroup(solver, groupCells, group.equations, k, level)) status.set(key, 'secondary')
  }
  // Measures follow their counts (S2); their own equations mirror the counts' and are checked
  // for exact recomputation as a safety net. Each round adds a cell, so this ends.
  const measureEquations = usable.filter((constraint) => !membersOf(constraint).every(isCount))
  for (;;) {
    propagateToDerived(cells, status, k)
    const candidate = recoverable(measureEquations, status)
      .map((constraint) => secondaryCandidate(cells, constraint, status))
      .find((key) => key !== undefined)
    if (!candidate) break
    status.set(candidate, 'secondary')
  }
  return outcomesOf(cells, status)
}

/** The cells connected by equations (union–find), each group with its equations, in first-seen order. */
export function linkedGroups(constraints: readonly Constraint[]) {
  const parent = new Map<string, string>()
  const find = (key: string): string => {
    let root = key
    while (parent.get(root) !== root) root = parent.get(root)!
    parent.set(key, root)
    return root
  }
  for (const constraint of constraints) {
    for (const key of membersOf(constraint)) if (!parent.has(key)) parent.set(key, key)
    const [first, ...rest] = membersOf(constraint)
    for (const key of rest) {
      const a = find(first!)
      const b = find(key)
      if (a !== b) parent.set(b, a)
    }
  }
  const groups = new Map<string, { keys: string[]; equations: Constraint[] }>()
  for (const key of parent.keys()) {
    const root = find(key)
    if (!groups.has(root)) groups.set(root, { keys: [], equations: [] })
    groups.get(root)!.keys.push(key)
  }
  for (const constraint of constraints) groups.get(find(constraint.total))!.equations.push(constraint)
  return [...groups.values()]
}

/** Medians and measures take their status from their own n and their base count (S2). */
export function propagateToDerived(cells: ReadonlyMap<string, Cell>, status: Map<string, CellStatus>, k: number) {
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

export function membersOf(constraint: Constraint) {
  return [...new Set([constraint.total, ...constraint.parts])]
}

/** The smallest non-zero published part of a measure equation; the total only when no part is left. */
export function secondaryCandidate(cells: ReadonlyMap<string, Cell>, constraint: Constraint, status: ReadonlyMap<string, CellStatus>) {
  const publishedNonZero = (key: string) => !status.has(key) && (cells.get(key)?.value ?? 0) !== 0
  const parts = [...new Set(constraint.parts)].filter(publishedNonZero)
  const pool = parts.length ? parts : [constraint.total].filter(publishedNonZero)
  pool.sort((a, b) => (cells.get(a)!.value ?? 0) - (cells.get(b)!.value ?? 0) || a.localeCompare(b))
  return pool[0]
}

export type SuppressionAudit = {
  /** suppressed cells an attacker recomputes exactly by solving equations with one unknown, repeatedly */
  recomputed: string[]
  /** primary cells whose feasible interval does not reach k (S3) */
  narrowed: string[]
}

/**
 * The two audits of S3 over a published result, independent of how the pattern was chosen: the
 * exact-recomputation attacker (with the numbers themselves) and the interval attacker (LP).
 */
export function auditSuppression(cells: ReadonlyMap<string, Cell>, constraints: readonly Constraint[], outcomes: ReadonlyMap<string, CellOutcome>, k: number, solver: LpSolver): SuppressionAudit {
  const usable = constraints.filter((constraint) => !constraint.parts.includes(constraint.total) && membersOf(constraint).every((key) => cells.has(key)))
  const known = new Map<string, number>()
  for (const [key, outcome] of outcomes) if (outcome.value !== null) known.set(key, outcome.value)
  const recomputed: string[] = []
  for (let progress = true; progress; ) {
    progress = false
    for (const constraint of usable) {
      const unknown = membersOf(constraint).filter((key) => !known.has(key))
      if (unknown.length !== 1) continue
      const missing = unknown[0]!
      const parts = [...new Set(constraint.parts)]
      const value = missing === constraint.total ? parts.reduce((sum, key) => sum + known.get(key)!, 0) : known.get(constraint.total)! - parts.filter((key) => key !== missing).reduce((sum, key) => sum + known.get(key)!, 0)
      known.set(missing, value)
      if (cells.get(missing)!.value !== null) recomputed.push(missing)
      progress = true
    }
  }
  const isCount = (key: string) => cells.get(key)!.kind === 'count'
  const suppressed = new Set([...outcomes].filter(([key, outcome]) => outcome.value === null && isCount(key) && cells.get(key)!.value !== null).map(([key]) => key))
  const narrowed: string[] = []
  for (const group of linkedGroups(usable.filter((constraint) => membersOf(constraint).every(isCount)))) {
    const primaries = group.keys.filter((key) => outcomes.get(key)?.status === 'primary')
    if (!primaries.length) continue
    const values = new Map(group.keys.map((key) => [key, cells.get(key)!.value ?? 0]))
    const intervals = feasibleIntervals(solver, values, group.equations, new Set(group.keys.filter((key) => suppressed.has(key))), primaries)
    narrowed.push(...primaries.filter((key) => intervals.get(key)!.max < k - 1e-6))
  }
  return { recomputed, narrowed }
}
