// The secondary suppression used before decision record 021, kept as the benchmark's reference
// ("before"): to a fixed point, every equation with exactly one suppressed member loses its
// smallest non-zero published part (the total only when no part is left). It protects against
// exact recomputation only.
import { recoverable, type Cell, type CellOutcome, type CellStatus, type Constraint } from '../../app/domain/statistics/suppression.ts'

export function greedySuppression(cells: ReadonlyMap<string, Cell>, constraints: readonly Constraint[], k: number): Map<string, CellOutcome> {
  const status = new Map<string, CellStatus>()
  for (const cell of cells.values()) {
    if (cell.kind === 'count' && cell.value !== null && cell.value >= 1 && cell.value < k) status.set(cell.key, 'primary')
  }
  const members = (constraint: Constraint) => [...new Set([constraint.total, ...constraint.parts])]
  const usable = constraints.filter((constraint) => !constraint.parts.includes(constraint.total) && members(constraint).every((key) => cells.has(key)))
  for (;;) {
    for (const cell of cells.values()) {
      if (cell.kind === 'count' || status.has(cell.key)) continue
      if (cell.value === null || (cell.kind === 'median' && (cell.n ?? k) < k)) status.set(cell.key, cell.value === null || cell.n === 0 ? 'no-data' : 'small-base')
      else if (cell.base && status.has(cell.base)) status.set(cell.key, 'small-base')
    }
    const candidate = recoverable(usable, status)
      .map((constraint) => {
        const publishedNonZero = (key: string) => !status.has(key) && (cells.get(key)?.value ?? 0) !== 0
        const parts = [...new Set(constraint.parts)].filter(publishedNonZero)
        const pool = parts.length ? parts : [constraint.total].filter(publishedNonZero)
        pool.sort((a, b) => (cells.get(a)!.value ?? 0) - (cells.get(b)!.value ?? 0) || a.localeCompare(b))
        return pool[0]
      })
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
